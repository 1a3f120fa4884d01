/* scratch.h - per-parser memory for the few strings a parser must rewrite.
 *
 * Most event strings are views into the line, but some formats log text that
 * has to be decoded first (JSON escapes, Zeek's \xHH, IIS's '+' for spaces) or
 * a URL that must be put together from parts. Those go into the parser's
 * scratch area. The rule that keeps the views safe: scratch_begin is called
 * once at the start of a parse with an upper bound of what this line can
 * need; it may move the memory, so every view from the previous parse dies
 * there (as the event contract says), and nothing moves until the next call.
 * scratch_take never grows the area: it returns NULL when the bound was too
 * small, and the caller falls back to the raw text. */
#ifndef MITSUKE_SCRATCH_H
#define MITSUKE_SCRATCH_H

#include "core/util.h"

#include <stdlib.h>

typedef struct scratch {
    char *p;
    size_t len, cap;
} scratch;

static inline void scratch_begin(scratch *s, size_t need) {
    s->len = 0;
    if (need <= s->cap) return;
    size_t cap = s->cap ? s->cap : 1024;
    while (cap < need) cap *= 2;
    free(s->p);
    s->p = xmalloc(cap);
    s->cap = cap;
}

static inline char *scratch_take(scratch *s, size_t n) {
    if (n > s->cap - s->len) return NULL;
    char *p = s->p + s->len;
    s->len += n;
    return p;
}

/* Gives back the unused tail of the last take (after writing fewer bytes). */
static inline void scratch_trim(scratch *s, const char *start, size_t used) { s->len = (size_t)(start - s->p) + used; }

static inline void scratch_free(scratch *s) {
    free(s->p);
    *s = (scratch){0};
}

#endif
