/* parse_helper.h - feeding lines to one format's parser in unit tests. */
#ifndef MITSUKE_TEST_PARSE_HELPER_H
#define MITSUKE_TEST_PARSE_HELPER_H

#include "formats/format.h"

#include <string.h>

typedef struct parse_ctx {
    const format *f;
    void *state;
    format_options opts;
    uint64_t line;
} parse_ctx;

static inline void ctx_open(parse_ctx *c, const char *name, int default_offset_min) {
    memset(c, 0, sizeof *c);
    c->f = format_find(name);
    c->opts.default_offset_min = default_offset_min;
    const char *err = NULL;
    c->state = c->f ? c->f->open(&c->opts, &err) : NULL;
}

/* Parses one line; returns PARSE_OK/SKIP/ERROR. */
static inline int ctx_line(parse_ctx *c, const char *line, event *ev, const char **why) {
    c->line++;
    ev->offset = c->line * 1000;
    ev->line = c->line;
    ev->src = NULL;
    *why = "";
    return c->f->parse(c->state, sv_cstr(line), ev, why);
}

static inline int ctx_finish(parse_ctx *c, event *ev, const char **why) {
    ev->offset = c->line * 1000;
    ev->line = c->line;
    return c->f->finish ? c->f->finish(c->state, ev, why) : PARSE_SKIP;
}

static inline void ctx_close(parse_ctx *c) {
    if (c->f && c->state) c->f->close(c->state);
}

static inline bool sv_is(sv s, const char *want) { return sv_eq(s, sv_cstr(want)); }

#endif
