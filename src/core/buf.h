/* buf.h - a growable byte buffer for building output (JSON lines, CSV, HTML).
 *
 * Sinks append to a buf and flush it to a FILE in large writes; the buf grows as
 * needed and never truncates. */
#ifndef MITSUKE_BUF_H
#define MITSUKE_BUF_H

#include "core/sv.h"

#include <stdio.h>

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

void buf_reserve(buf *b, size_t extra);
void buf_put(buf *b, const void *data, size_t n);
static inline void buf_putsv(buf *b, sv s) { buf_put(b, s.p, s.n); }
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_put_i64(buf *b, int64_t v);
const char *buf_cstr(buf *b);                 /* NUL-terminated view of the contents */
static inline void buf_clear(buf *b) { b->len = 0; }
int buf_flush(buf *b, FILE *f);               /* writes and clears; -1 on write error */
void buf_free(buf *b);

#endif
