/* format_test.h - helpers for the parser tests (tests/unit/test_format_*.c).
 *
 * A parser hands out views that die at its next parse call, so tests parse
 * one line and check the event at once: ft_parse for a line in the test,
 * ft_file_lines to walk a fixture. Fixture paths come from $FIXTURES and real
 * samples from $SHARED (set by tests/CMakeLists.txt). Include after cmocka. */
#ifndef MITSUKE_FORMAT_TEST_H
#define MITSUKE_FORMAT_TEST_H

#include "core/mtime.h"
#include "event.h"
#include "formats/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ftest {
    const format *f;
    void *state;
    event ev;
    const char *why;
} ftest;

static inline void ft_open_opts(ftest *t, const char *name, const format_options *o) {
    memset(t, 0, sizeof *t);
    t->f = format_find(name);
    assert_non_null(t->f);
    const char *err = NULL;
    format_options none = {0};
    t->state = t->f->open(o ? o : &none, &err);
    assert_non_null(t->state);
}

static inline void ft_open(ftest *t, const char *name) { ft_open_opts(t, name, NULL); }

static inline void ft_close(ftest *t) { t->f->close(t->state); }

static inline int ft_parse_sv(ftest *t, sv line) {
    t->why = NULL;
    memset(&t->ev, 0, sizeof t->ev);
    return t->f->parse(t->state, line, &t->ev, &t->why);
}

static inline int ft_parse(ftest *t, const char *line) { return ft_parse_sv(t, sv_cstr(line)); }

/* Parses a line that must be a record; returns its http body. */
static inline const http_event *ft_record(ftest *t, const char *line) {
    int rc = ft_parse(t, line);
    if (rc != PARSE_OK) fprintf(stderr, "not parsed (%s): %s\n", t->why ? t->why : "?", line);
    assert_int_equal(rc, PARSE_OK);
    assert_int_equal(t->ev.kind, EV_HTTP);
    return &t->ev.u.http;
}

#define assert_sv(s, lit)                                                                                      \
    do {                                                                                                       \
        sv _s = (s);                                                                                           \
        const char *_l = (lit);                                                                                \
        if (_s.n != strlen(_l) || (_s.n && memcmp(_s.p, _l, _s.n))) {                                          \
            fprintf(stderr, "got \"%.*s\", want \"%s\"\n", (int)_s.n, _s.p ? _s.p : "", _l);                   \
            fail();                                                                                            \
        }                                                                                                      \
    } while (0)

#define assert_sv_empty(s) assert_int_equal((s).n, 0)

/* "2015-05-20T04:13:05Z" -> ms */
static inline int64_t ft_time(const char *iso) {
    int64_t ms;
    int off;
    assert_true(mtime_parse_iso8601(sv_cstr(iso), &ms, &off, 0));
    return ms;
}

static inline char *ft_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) fprintf(stderr, "cannot open %s\n", path);
    assert_non_null(f);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    buf[n < cap ? n : cap - 1] = 0;
    if (len) *len = n;
    return buf;
}

/* $DIR/rel into buf. */
static inline const char *ft_path(char *buf, size_t size, const char *env, const char *rel) {
    const char *dir = getenv(env);
    assert_non_null(dir);
    snprintf(buf, size, "%s/%s", dir, rel);
    return buf;
}

/* Splits text into lines (without the newline) in place. */
static inline size_t ft_split_lines(char *text, size_t len, sv *lines, size_t max) {
    size_t n = 0, start = 0;
    for (size_t i = 0; i <= len && n < max; i++) {
        if (i == len || text[i] == '\n') {
            if (i > start || i < len) lines[n++] = sv_make(text + start, i - start);
            start = i + 1;
        }
    }
    return n;
}

/* The format sniffing picks for a file (first 32 non-blank lines, as ingest
 * does), or NULL. */
static inline const format *ft_sniff_file(const char *path) {
    size_t len;
    char *text = ft_read_file(path, &len);
    sv all[64], lines[32];
    size_t n = ft_split_lines(text, len, all, 64), k = 0;
    for (size_t i = 0; i < n && k < 32; i++)
        if (sv_trim(all[i]).n) lines[k++] = all[i];
    const format *f = k ? format_sniff(lines, k, NULL) : NULL;
    free(text);
    return f;
}

#endif
