/* multiline.h - gathering the lines of one record that spans several lines
 * (pretty-printed JSON, indented Windows event XML) for formats whose
 * records usually fit on one line.
 *
 * The parser copies each line into the buffer until its own end condition
 * holds, remembering where the record began so the event can cite it. The
 * buffer is bounded: a record larger than ML_MAX_BYTES is an error. */
#ifndef MITSUKE_MULTILINE_H
#define MITSUKE_MULTILINE_H

#include "core/buf.h"
#include "event.h"

#include <stdbool.h>
#include <stdint.h>

#define ML_MAX_BYTES (8u * 1024 * 1024)

typedef struct multiline {
    buf b;
    bool active;
    uint64_t offset, line;  /* where the record began */
} multiline;

void ml_begin(multiline *m, sv first, uint64_t offset, uint64_t line);
/* Appends a line (with '\n'); false when the record grew past the limit. */
bool ml_add(multiline *m, sv line);
static inline sv ml_text(const multiline *m) { return sv_make(m->b.p, m->b.len); }
void ml_reset(multiline *m);
void ml_free(multiline *m);
/* Abandons the record being gathered: the event cites where it began, *why
 * says what went wrong; returns PARSE_ERROR (the record is counted). */
int ml_fail(multiline *m, event *ev, const char **why, const char *what);
/* A format's `finish`: PARSE_SKIP when no record was left open, else
 * ml_fail with `what`. */
int ml_finish(multiline *m, event *ev, const char **why, const char *what);

#endif
