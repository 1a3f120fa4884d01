/* stream.h - a byte stream from a file or stdin, decompressed on the fly.
 *
 * The codec is chosen by magic bytes, not by file name: gzip (1f 8b, zlib,
 * multi-member files included), zstd (28 b5 2f fd), otherwise plain. Memory is
 * bounded by the buffers, whatever the size of the file: nothing is read whole.
 *
 * Errors (a truncated gzip, corrupt data, a read error) come back as -1 from
 * stream_read after all the good data before them has been delivered, with a
 * message that names the compressed offset, so the caller can say where a
 * file went bad and how much of it was still used. */
#ifndef MITSUKE_STREAM_H
#define MITSUKE_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum { CODEC_PLAIN = 0, CODEC_GZIP, CODEC_ZSTD } stream_codec;

typedef struct stream stream;

/* "-" opens stdin. Returns NULL and fills `err` ("cannot open: ...", or a
 * read error) when the file cannot be opened or its first bytes not read. */
stream *stream_open(const char *path, char *err, size_t errlen);
ssize_t stream_read(stream *s, char *dst, size_t n);  /* >0 bytes, 0 end, -1 error */
/* The first n (at most STREAM_PEEK_MAX) decoded bytes without consuming
 * them: the count copied into dst (fewer at the end), or -1 on error. Only
 * before the first stream_read. Used to tell an .evtx file by its signature. */
#define STREAM_PEEK_MAX 16
ssize_t stream_peek(stream *s, char *dst, size_t n);
const char *stream_error(const stream *s);
stream_codec stream_get_codec(const stream *s);
const char *stream_codec_name(stream_codec c);
uint64_t stream_raw_pos(const stream *s);     /* bytes consumed from the file (progress) */
void stream_close(stream *s);

#endif
