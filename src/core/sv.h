/* sv.h - string views: a pointer and a length into someone else's buffer.
 *
 * Parsers hand out views into the reader's line buffer instead of copying, so a
 * view is only valid during the callback that received it. Nothing here assumes
 * NUL termination, so NUL bytes and invalid UTF-8 inside a log line are safe. */
#ifndef MITSUKE_SV_H
#define MITSUKE_SV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct sv {
    const char *p;
    size_t n;
} sv;

#define SV(lit) ((sv){(lit), sizeof(lit) - 1})
#define SV_NULL ((sv){NULL, 0})
#define SV_FMT "%.*s"
#define SV_ARG(s) (int)(s).n, (s).p

static inline sv sv_make(const char *p, size_t n) { return (sv){p, n}; }
static inline sv sv_cstr(const char *s) { return (sv){s, s ? strlen(s) : 0}; }
static inline bool sv_empty(sv s) { return s.n == 0; }

static inline bool sv_eq(sv a, sv b) { return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0); }
static inline bool sv_eq_cstr(sv a, const char *b) { return sv_eq(a, sv_cstr(b)); }
bool sv_case_eq(sv a, sv b);                 /* ASCII case-insensitive */
bool sv_starts_with(sv s, sv prefix);
bool sv_ends_with(sv s, sv suffix);
bool sv_case_starts_with(sv s, sv prefix);
bool sv_case_ends_with(sv s, sv suffix);
ptrdiff_t sv_find_char(sv s, char c);        /* -1 if absent */
ptrdiff_t sv_find(sv hay, sv needle);        /* -1 if absent */
ptrdiff_t sv_rfind_char(sv s, char c);

static inline sv sv_sub(sv s, size_t from, size_t to) {
    if (!s.p) return s; /* the empty view with no buffer: NULL + 0 is undefined in C */
    if (to > s.n) to = s.n;
    if (from > to) from = to;
    return (sv){s.p + from, to - from};
}
sv sv_trim(sv s);                            /* ASCII spaces, tabs, CR, LF */

/* Split off the text before the first `sep`; `s` becomes the rest after it.
 * Returns false when `s` is empty. */
bool sv_split_char(sv *s, char sep, sv *head);
/* Next whitespace-separated token; runs of spaces count as one separator. */
bool sv_next_token(sv *s, sv *tok);
/* Up to `max` tokens as by repeated sv_next_token, in one faster pass; `s`
 * becomes the rest after the last token taken. Returns how many. */
size_t sv_split_blanks(sv *s, sv *tok, size_t max);
/* Next token where a token starting with '"' extends to the closing quote
 * (backslash escapes allowed); the quotes are not part of the token. */
bool sv_next_quoted_token(sv *s, sv *tok, bool *was_quoted);

/* Numbers: the whole view must be the number. */
bool sv_to_u64(sv s, uint64_t *out);
bool sv_to_i64(sv s, int64_t *out);
bool sv_to_double(sv s, double *out);

/* "-" and "" mean "not logged" in most proxy formats. */
static inline bool sv_is_dash(sv s) { return s.n == 0 || (s.n == 1 && s.p[0] == '-'); }

/* Copy into a caller buffer, NUL-terminated, truncating; returns `buf`. */
char *sv_to_buf(sv s, char *buf, size_t size);

#endif
