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
    const char *q = s.n ? memrchr(s.p, c, s.n) : NULL;
    return q ? q - s.p : -1;
}

/* memchr for the first byte, then compare: faster than memmem on the short
 * fields of a log record, which is where this runs. */
ptrdiff_t sv_find(sv hay, sv needle) {
    if (needle.n == 0) return 0;
    if (needle.n > hay.n) return -1;
    const char *p = hay.p, *last = hay.p + (hay.n - needle.n);
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

/* The line is read 64 bytes at a time into a bitmap of blanks. From it come
 * two bitmaps: token starts (a non-blank after a blank or the line start)
 * and token ends (a blank after a non-blank); starts and ends alternate, so
 * tokens are read off with count-trailing-zeros, lowest bit first, without a
 * branch per byte. The last partial block is copied into a blank-padded
 * buffer so nothing past the view is read. Same result as calling
 * sv_next_token `max` times. */
size_t sv_split_blanks(sv *s, sv *tok, size_t max) {
    if (!max) return 0;
    const char *p = s->p;
    size_t len = s->n, n = 0, start = 0;
    uint64_t prev_blank = 1; /* the line start acts as a blank */
    bool in_tok = false;
    char tail[64];
    for (size_t base = 0; base < len; base += 64) {
        uint64_t blank;
        if (len - base >= 64) {
            blank = blank_mask64(p + base);
        } else {
            memset(tail, ' ', sizeof tail);
            memcpy(tail, p + base, len - base);
            blank = blank_mask64(tail);
        }
        uint64_t before = blank << 1 | prev_blank; /* bit i: byte i-1 is blank */
        uint64_t starts = ~blank & before, ends = blank & ~before;
        prev_blank = blank >> 63;
        for (;;) {
            if (!in_tok) {
                if (!starts) break;
                start = base + (size_t)__builtin_ctzll(starts);
                starts &= starts - 1;
                in_tok = true;
            }
            if (!ends) break;
            size_t stop = base + (size_t)__builtin_ctzll(ends);
            ends &= ends - 1;
            tok[n++] = (sv){p + start, stop - start};
            in_tok = false;
            if (n == max) {
                *s = (sv){p + stop, len - stop};
                return n;
            }
        }
    }
    if (in_tok) tok[n++] = (sv){p + start, len - start}; /* a token running to the end of a full block */
    *s = (sv){p + len, 0};
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
        unsigned d = (unsigned)((unsigned char)s.p[i] - '0');
        if (d > 9) return false;
        /* 19 digits always fit; only a 20th can overflow */
        if (i == 19 && v > (UINT64_MAX - d) / 10) return false;
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
