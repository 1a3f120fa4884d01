/* sv.c - string view operations; see sv.h. */
#include "core/sv.h"

#include <math.h>
#include <stdlib.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static inline unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

bool sv_case_eq(sv a, sv b) {
    if (a.n != b.n) return false;
    for (size_t i = 0; i < a.n; i++)
        if (lower((unsigned char)a.p[i]) != lower((unsigned char)b.p[i])) return false;
    return true;
}

bool sv_case_starts_with(sv s, sv prefix) { return s.n >= prefix.n && sv_case_eq(sv_sub(s, 0, prefix.n), prefix); }
bool sv_case_ends_with(sv s, sv suffix) {
    return s.n >= suffix.n && sv_case_eq(sv_sub(s, s.n - suffix.n, s.n), suffix);
}

ptrdiff_t sv_find_char(sv s, char c) {
    if (s.n < 16) { /* a log field: a plain loop costs less than the call */
        for (size_t i = 0; i < s.n; i++)
            if (s.p[i] == c) return (ptrdiff_t)i;
        return -1;
    }
    const char *q = memchr(s.p, c, s.n);
    return q ? q - s.p : -1;
}

ptrdiff_t sv_rfind_char(sv s, char c) {
    const char *q = s.n ? memrchr(s.p, c, s.n) : NULL;
    return q ? q - s.p : -1;
}

/* memchr for the first byte, then compare: faster than memmem on the short
 * fields of a log record, which is where this runs. Below 32 bytes a plain
 * loop beats even the call to memchr. */
ptrdiff_t sv_find(sv hay, sv needle) {
    if (needle.n == 0) return 0;
    if (needle.n > hay.n) return -1;
    const char *p = hay.p, *last = hay.p + (hay.n - needle.n);
    if (hay.n < 32) {
        for (; p <= last; p++)
            if (*p == needle.p[0] && memcmp(p + 1, needle.p + 1, needle.n - 1) == 0) return p - hay.p;
        return -1;
    }
    while (p <= last) {
        const char *q = memchr(p, needle.p[0], (size_t)(last - p) + 1);
        if (!q) return -1;
        if (memcmp(q + 1, needle.p + 1, needle.n - 1) == 0) return q - hay.p;
        p = q + 1;
    }
    return -1;
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

/* Index of the first space or tab at or after `i`, or n. Eight bytes at a
 * time: a byte equal to ' ' or '\t' becomes zero after the XOR, and
 * zero_bytes() sets the high bit of exactly the zero bytes (with SSE2,
 * sixteen bytes at a time first). Parsers spend
 * most of their time here: log lines are mostly long tokens. */
static inline uint64_t zero_bytes(uint64_t x) {
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7full;
    return ~(((x & low7) + low7) | x | low7);
}

static size_t find_blank(const char *p, size_t i, size_t n) {
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    while (i + 16 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)));
        if (m) return i + (size_t)__builtin_ctz((unsigned)m);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101ull;
    while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        uint64_t hit = zero_bytes(w ^ (ones * ' ')) | zero_bytes(w ^ (ones * '\t'));
        if (hit) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return i + (size_t)(__builtin_ctzll(hit) >> 3);
#else
            return i + (size_t)(__builtin_clzll(hit) >> 3);
#endif
        }
        i += 8;
    }
    while (i < n && p[i] != ' ' && p[i] != '\t') i++;
    return i;
}

size_t sv_find_blank(sv s, size_t from) { return from >= s.n ? s.n : find_blank(s.p, from, s.n); }

bool sv_next_token(sv *s, sv *tok) {
    size_t i = 0;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    if (i == s->n) {
        *s = sv_sub(*s, i, i);
        return false;
    }
    size_t start = i;
    i = find_blank(s->p, i, s->n);
    *tok = (sv){s->p + start, i - start};
    *s = (sv){s->p + i, s->n - i};
    return true;
}

/* Bit i set when p[i] is a space or a tab, for 64 bytes. */
static inline uint64_t blank_mask64(const char *p) {
#ifdef __SSE2__
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t');
    uint64_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        uint64_t bits = (uint16_t)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab)));
        m |= bits << (16 * k);
    }
    return m;
#else
    uint64_t m = 0;
    for (int k = 0; k < 64; k++) m |= (uint64_t)(p[k] == ' ' || p[k] == '\t') << k;
    return m;
#endif
}

/* The line is read 64 bytes at a time into a bitmap of blanks. A token
 * boundary is wherever a byte's blank-ness differs from its predecessor's
 * (the line start counting as a blank), so `blank ^ (blank << 1 | carry)`
 * marks every token start and end; they alternate, start first. Their
 * positions are read off with count-trailing-zeros into one array, a
 * single tight loop per block, and the tokens are then pairs of neighbours:
 * no branch depends on where a token starts or ends. The last partial block
 * is read as the view's last 64 bytes (or, in a view shorter than 64,
 * copied into a blank-padded buffer), so nothing past the view is read and
 * the bytes past its end count as blanks. Same result as calling
 * sv_next_token `max` times. */
size_t sv_split_blanks(sv *s, sv *tok, size_t max) {
    if (!max) return 0;
    if (max > SV_SPLIT_MAX || s->n > UINT32_MAX) { /* outside what the array below holds */
        size_t n = 0;
        while (n < max && sv_next_token(s, &tok[n])) n++;
        return n;
    }
    uint32_t at[2 * SV_SPLIT_MAX + 64]; /* a block adds at most 64 */
    const char *p = s->p;
    size_t len = s->n, want = 2 * max, got = 0;
    uint64_t prev_blank = 1;
    char tail[64];
    for (size_t base = 0; base < len && got < want; base += 64) {
        uint64_t blank;
        size_t left = len - base;
        if (left >= 64) {
            blank = blank_mask64(p + base);
        } else if (len >= 64) {
            blank = blank_mask64(p + len - 64) >> (64 - left) | ~0ull << left;
        } else {
            memset(tail, ' ', sizeof tail);
            memcpy(tail, p + base, left);
            blank = blank_mask64(tail);
        }
        uint64_t bounds = blank ^ (blank << 1 | prev_blank);
        prev_blank = blank >> 63;
        for (; bounds; bounds &= bounds - 1) at[got++] = (uint32_t)(base + (size_t)__builtin_ctzll(bounds));
    }
    if (got & 1) at[got++] = (uint32_t)len; /* a token running to the end of a full block */
    size_t n = got / 2 < max ? got / 2 : max;
    for (size_t k = 0; k < n; k++) tok[k] = (sv){p + at[2 * k], at[2 * k + 1] - at[2 * k]};
    size_t stop = n == max ? at[2 * n - 1] : len;
    *s = (sv){p + stop, len - stop};
    return n;
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
    /* To the closing quote: memchr finds the next quote; only when a
     * backslash comes before it (rare: User-Agents seldom have one) is the
     * stretch walked byte by byte for escapes. */
    for (;;) {
        const char *q = i < s->n ? memchr(s->p + i, '"', s->n - i) : NULL;
        size_t stop = q ? (size_t)(q - s->p) : s->n;
        if (!memchr(s->p + i, '\\', stop - i)) {
            i = stop;
            break;
        }
        while (i < stop) { /* escapes: a backslash takes the next byte, which may be the quote */
            if (s->p[i] == '\\' && i + 1 < s->n) i++;
            i++;
        }
        if (i == stop) break; /* reached the quote unescaped (or the end) */
        /* the quote at `stop` was escaped: i is past it, go on */
    }
    *tok = sv_sub(*s, start, i);
    if (i < s->n) i++; /* closing quote; an unterminated quote runs to the end */
    *s = sv_sub(*s, i, s->n);
    if (was_quoted) *was_quoted = true;
    return true;
}

bool sv_to_u64(sv s, uint64_t *out) {
    if (s.n == 0 || s.n > 20) return false;
    /* 19 digits always fit; only a 20th can overflow */
    size_t i = 0, safe = s.n < 19 ? s.n : 19;
    uint64_t v = 0;
    for (uint32_t eight; i + 8 <= safe; i += 8) {
        if (!sv_digits8(s.p + i, &eight)) return false;
        v = v * 100000000 + eight;
    }
    for (; i < safe; i++) {
        unsigned d = (unsigned)((unsigned char)s.p[i] - '0');
        if (d > 9) return false;
        v = v * 10 + d;
    }
    if (s.n == 20) {
        unsigned d = (unsigned)((unsigned char)s.p[19] - '0');
        if (d > 9 || v > (UINT64_MAX - d) / 10) return false;
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

bool sv_to_u64_in(sv s, sv within, uint64_t *out) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uintptr_t at = (uintptr_t)s.p, lo = (uintptr_t)within.p; /* compared as numbers: may be other buffers */
    if (s.n >= 1 && s.n <= 8 && at >= lo && at + s.n <= lo + within.n && at + s.n - lo >= 8) {
        uint64_t x;
        memcpy(&x, s.p + s.n - 8, 8);
        uint64_t mine = ~0ull << (8 * (8 - s.n)); /* the view's bytes are the high ones */
        uint32_t v;
        if (!sv_digits8_word((x & mine) | (0x3030303030303030ull & ~mine), &v)) return false;
        *out = v;
        return true;
    }
#else
    (void)within;
#endif
    return sv_to_u64(s, out);
}

bool sv_to_i64_in(sv s, sv within, int64_t *out) {
    if (s.n && s.p[0] == '-') return sv_to_i64(s, out);
    uint64_t v;
    if (!sv_to_u64_in(s, within, &v) || v > (uint64_t)INT64_MAX) return false;
    *out = (int64_t)v;
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

const char *sv_list_item(const char *p, sv *item) {
    if (!p || !*p) return NULL;
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    *item = sv_make(p, len);
    return comma ? comma + 1 : p + len;
}

bool sv_list_has(const char *list, const char *name) {
    if (!list) return true;
    sv item, want = sv_make(name, strlen(name));
    for (const char *p = list; (p = sv_list_item(p, &item)) != NULL;)
        if (sv_eq(item, want)) return true;
    return false;
}
