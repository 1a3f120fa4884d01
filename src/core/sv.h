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
static inline bool sv_starts_with(sv s, sv prefix) {
    return s.n >= prefix.n && (prefix.n == 0 || memcmp(s.p, prefix.p, prefix.n) == 0);
}
static inline bool sv_ends_with(sv s, sv suffix) {
    return s.n >= suffix.n && (suffix.n == 0 || memcmp(s.p + s.n - suffix.n, suffix.p, suffix.n) == 0);
}
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
/* Index of the first space or tab at or after `from`, or s.n (sixteen bytes
 * at a time). */
size_t sv_find_blank(sv s, size_t from);
/* Next whitespace-separated token; runs of spaces count as one separator. */
bool sv_next_token(sv *s, sv *tok);
/* Up to `max` tokens as by repeated sv_next_token, in one faster pass (for
 * max <= SV_SPLIT_MAX; token by token beyond); `s` becomes the rest after
 * the last token taken. Returns how many. */
#define SV_SPLIT_MAX 32
size_t sv_split_blanks(sv *s, sv *tok, size_t max);
/* Next token where a token starting with '"' extends to the closing quote
 * (backslash escapes allowed); the quotes are not part of the token. */
bool sv_next_quoted_token(sv *s, sv *tok, bool *was_quoted);

/* Whether the eight bytes of x (in memory order) are all ASCII digits, and
 * if so their value in *out. All eight at once: a check that every byte is
 * 0x30-0x39, then three multiply-adds that join neighbouring digits, pairs
 * and quads (Lemire's method). */
static inline bool sv_digits8_word(uint64_t x, uint32_t *out) {
    if (((x & 0xf0f0f0f0f0f0f0f0ull) | (((x + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull) >> 4)) !=
        0x3333333333333333ull)
        return false;
    x -= 0x3030303030303030ull;
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    x = (x * 10 + (x >> 8)) & 0x00ff00ff00ff00ffull;
    x = (x * 100 + (x >> 16)) & 0x0000ffff0000ffffull;
    x = (x * 10000 + (x >> 32)) & 0xffffffffull;
    *out = (uint32_t)x;
    return true;
}

/* Eight ASCII digits at p (which must have 8 readable bytes) into *out. */
static inline bool sv_digits8(const char *p, uint32_t *out) {
    uint64_t x;
    memcpy(&x, p, 8);
    return sv_digits8_word(x, out);
}

/* Numbers: the whole view must be the number. */
bool sv_to_u64(sv s, uint64_t *out);
bool sv_to_i64(sv s, int64_t *out);
/* The same for a field `s` of a line `within` (a view that contains it): a
 * number of up to eight digits with eight bytes of the line up to its end
 * is read with one load, the bytes before it taken as zeros. The result is
 * always that of sv_to_u64 / sv_to_i64 (which are used when `s` is not
 * inside `within`). */
bool sv_to_u64_in(sv s, sv within, uint64_t *out);
bool sv_to_i64_in(sv s, sv within, int64_t *out);
bool sv_to_double(sv s, double *out);

/* "-" and "" mean "not logged" in most proxy formats. */
static inline bool sv_is_dash(sv s) { return s.n == 0 || (s.n == 1 && s.p[0] == '-'); }

/* Copy into a caller buffer, NUL-terminated, truncating; returns `buf`. */
char *sv_to_buf(sv s, char *buf, size_t size);

/* The items of a comma-separated list such as --detectors a,b,c:
 *   sv item;
 *   for (const char *p = list; (p = sv_list_item(p, &item)) != NULL;) ...
 * NULL when no item is left (or `p` is NULL). */
const char *sv_list_item(const char *p, sv *item);
/* Whether `name` is one of the list's items; a NULL list holds every name. */
bool sv_list_has(const char *list, const char *name);

#endif
