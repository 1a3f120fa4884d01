/* multiline.c - see multiline.h. */
#include "formats/multiline.h"
#include "formats/format.h"

void ml_begin(multiline *m, sv first, uint64_t offset, uint64_t line) {
    buf_clear(&m->b);
    m->active = true;
    m->offset = offset;
    m->line = line;
    ml_add(m, first);
}

bool ml_add(multiline *m, sv line) {
    if (m->b.len + line.n + 1 > ML_MAX_BYTES) return false;
    buf_putsv(&m->b, line);
    buf_putc(&m->b, '\n');
    return true;
}

void ml_reset(multiline *m) {
    buf_clear(&m->b);
    m->active = false;
    if (m->b.cap > (1u << 20)) buf_free(&m->b);   /* do not keep a huge buffer */
}

void ml_free(multiline *m) { buf_free(&m->b); }

int ml_fail(multiline *m, event *ev, const char **why, const char *what) {
    ev->offset = m->offset, ev->line = m->line;
    ml_reset(m);
    *why = what;
    return PARSE_ERROR;
}

int ml_finish(multiline *m, event *ev, const char **why, const char *what) {
    return m->active ? ml_fail(m, ev, why, what) : PARSE_SKIP;
}
