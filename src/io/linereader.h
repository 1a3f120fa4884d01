/* linereader.h - split a byte stream into lines, remembering where each began.
 *
 * Newlines are found 64 bytes at a time into a bitmap (SSE2 where there is
 * one), so finding the end of each line costs a count-trailing-zeros rather
 * than a memchr call per line; near the end of the buffered data, memchr.
 *
 * Every line comes with its byte offset in the uncompressed stream and its line
 * number, so a finding can cite the raw record. A line longer than max_line is
 * not returned: the reader skips to its end and reports LR_TOO_LONG with the
 * offset and length, so the caller can say so and count it. CR before LF is
 * dropped; NUL bytes and invalid UTF-8 are passed through untouched. */
#ifndef MITSUKE_LINEREADER_H
#define MITSUKE_LINEREADER_H

#include "core/sv.h"
#include "io/stream.h"

#include <stdbool.h>
#include <stdint.h>

#define LR_DEFAULT_MAX_LINE (1024 * 1024)

enum { LR_EOF = 0, LR_LINE = 1, LR_TOO_LONG = 2, LR_ERROR = -1 };

typedef struct linereader {
    stream *s;
    char *buf;
    size_t cap, beg, end;
    size_t scanned;          /* buf[beg..scanned) holds no newline not yet in nl_mask */
    size_t nl_at;            /* nl_mask bit i: buf[nl_at + i] is a newline not yet returned */
    uint64_t nl_mask;
    uint64_t buf_off;        /* stream offset of buf[0] */
    uint64_t lineno;         /* of the last line returned */
    size_t max_line;
    bool eof, failed;
    uint64_t long_len;       /* length of the last skipped line */
} linereader;

void lr_init(linereader *r, stream *s, size_t max_line);
/* Next line: LR_LINE with *line, *offset and r->lineno set; LR_TOO_LONG with
 * *offset and r->long_len set; LR_EOF; LR_ERROR (message: stream_error). */
int lr_next(linereader *r, sv *line, uint64_t *offset);
void lr_free(linereader *r);

#endif
