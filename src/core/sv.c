/* sv.c - string view operations; see sv.h. */
#include "core/sv.h"

#include <math.h>
#include <stdlib.h>

static inline unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool sv_case_eq(sv a, sv b) {
    if (a.n != b.n) return false;
    for (size_t i = 0; i < a.n; i++)
        if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i])) return false;
    return true;
}

bool sv_starts_with(sv s, sv prefix) { return s.n >= prefix.n && memcmp(s.p, prefix.p, prefix.n) == 0; }
bool sv_ends_with(sv s, sv suffix) {
    return s.n >= suffix.n && memcmp(s.p + s.n - suffix.n, suffix.p, suffix.n) == 0;
}
bool sv_case_starts_with(sv s, sv prefix) { return s.n >= prefix.n && sv_case_eq(sv_sub(s, 0, prefix.n), prefix); }
bool sv_case_ends_with(sv s, sv suffix) {
    return s.n >= suffix.n && sv_case_eq(sv_sub(s, s.n - suffix.n, s.n), suffix);
}

ptrdiff_t sv_find_char(sv s, char c) {
    const char *q = s.n ? memchr(s.p, c, s.n) : NULL;
    return q ? q - s.p : -1;
}

ptrdiff_t sv_rfind_char(sv s, char c) {
    for (size_t i = s.n; i > 0; i--)
        if (s.p[i - 1] == c) return (ptrdiff_t)(i - 1);
    return -1;
}

ptrdiff_t sv_find(sv hay, sv needle) {
    if (needle.n == 0) return 0;
    if (needle.n > hay.n) return -1;
    const char *q = memmem(hay.p, hay.n, needle.p, needle.n);
    return q ? q - hay.p : -1;
}

static inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

sv sv_trim(sv s) {
    while (s.n && is_space(s.p[0])) s.p++, s.n--;
    while (s.n && is_space(s.p[s.n - 1])) s.n--;
    return s;
}

bool sv_split_char(sv *s, char sep, sv *head) {
    if (!s->p) return false;
    ptrdiff_t i = sv_find_char(*s, sep);
    if (i < 0) {
        *head = *s;
        *s = (sv){NULL, 0};
        return true;
    }
    *head = sv_sub(*s, 0, (size_t)i);
    *s = sv_sub(*s, (size_t)i + 1, s->n);
    return true;
}

bool sv_next_token(sv *s, sv *tok) {
    size_t i = 0;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    if (i == s->n) {
        *s = sv_sub(*s, i, i);
        return false;
    }
    size_t start = i;
    while (i < s->n && s->p[i] != ' ' && s->p[i] != '\t') i++;
    *tok = sv_sub(*s, start, i);
    *s = sv_sub(*s, i, s->n);
    return true;
}

bool sv_next_quoted_token(sv *s, sv *tok, bool *was_quoted) {
    size_t i = 0;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    if (i == s->n) {
        *s = sv_sub(*s, i, i);
        return false;
    }
    if (s->p[i] != '"') {
        if (was_quoted) *was_quoted = false;
        *s = sv_sub(*s, i, s->n);
        return sv_next_token(s, tok);
    }
    size_t start = ++i;
    while (i < s->n && s->p[i] != '"') {
        if (s->p[i] == '\\' && i + 1 < s->n) i++;
        i++;
    }
    *tok = sv_sub(*s, start, i);
    if (i < s->n) i++; /* closing quote; an unterminated quote runs to the end */
    *s = sv_sub(*s, i, s->n);
    if (was_quoted) *was_quoted = true;
    return true;
}

bool sv_to_u64(sv s, uint64_t *out) {
    if (s.n == 0 || s.n > 20) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned d = (unsigned char)s.p[i] - '0';
        if (d > 9) return false;
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

bool sv_to_i64(sv s, int64_t *out) {
    bool neg = s.n && s.p[0] == '-';
    uint64_t v;
    if (!sv_to_u64(neg ? sv_sub(s, 1, s.n) : s, &v)) return false;
    if (v > (uint64_t)INT64_MAX) return false;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

bool sv_to_double(sv s, double *out) {
    char buf[64];
    if (s.n == 0 || s.n >= sizeof buf) return false;
    memcpy(buf, s.p, s.n);
    buf[s.n] = 0;
    char *end;
    double v = strtod(buf, &end);
    if (*end || !isfinite(v)) return false;
    *out = v;
    return true;
}

char *sv_to_buf(sv s, char *buf, size_t size) {
    if (!size) return buf;
    size_t n = s.n < size - 1 ? s.n : size - 1;
    if (n) memcpy(buf, s.p, n);
    buf[n] = 0;
    return buf;
}
