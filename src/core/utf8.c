/* utf8.c - UTF-8 validation per RFC 3629 table 3, and display width for tables. */
#include "core/utf8.h"

#include <stdint.h>

size_t utf8_valid_prefix(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    if (!n) return 0;
    unsigned char c = p[0];
    if (c < 0x80) return 1;
    if (c >= 0xc2 && c <= 0xdf) return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
    if (c >= 0xe0 && c <= 0xef) {
        if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80) return 0;
        if (c == 0xe0 && p[1] < 0xa0) return 0; /* overlong */
        if (c == 0xed && p[1] > 0x9f) return 0; /* surrogates */
        return 3;
    }
    if (c >= 0xf0 && c <= 0xf4) {
        if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80) return 0;
        if (c == 0xf0 && p[1] < 0x90) return 0;
        if (c == 0xf4 && p[1] > 0x8f) return 0;
        return 4;
    }
    return 0;
}

bool utf8_valid(const char *p, size_t n) {
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_valid_prefix(p + i, n - i);
        if (!k) return false;
        i += k;
    }
    return true;
}

size_t utf8_truncate(const char *p, size_t n, size_t max) {
    if (n <= max) return n;
    size_t i = max;
    while (i > 0 && ((unsigned char)p[i] & 0xc0) == 0x80) i--;
    return i;
}

static uint32_t decode(const unsigned char *p, size_t k) {
    switch (k) {
    case 2: return (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
    case 3: return (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
    case 4: return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 | (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
    default: return p[0];
    }
}

/* The wide ranges of Unicode's East Asian Width property that matter for
 * Japanese text; rarer wide symbols count as one, which only shifts a column. */
static bool is_wide(uint32_t c) {
    return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) ||
           (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
           (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) ||
           (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
           (c >= 0x20000 && c <= 0x3fffd);
}

/* Width of the character at p (k bytes, 0 = invalid byte). */
static size_t char_width(const char *p, size_t k) {
    return k >= 3 && is_wide(decode((const unsigned char *)p, k)) ? 2 : 1;
}

size_t utf8_display_width(const char *p, size_t n) {
    size_t cols = 0, i = 0;
    while (i < n) {
        size_t k = utf8_valid_prefix(p + i, n - i);
        cols += char_width(p + i, k);
        i += k ? k : 1;
    }
    return cols;
}

size_t utf8_fit_width(const char *p, size_t n, size_t cols) {
    size_t used = 0, i = 0;
    while (i < n) {
        size_t k = utf8_valid_prefix(p + i, n - i), w = char_width(p + i, k);
        if (used + w > cols) break;
        used += w;
        i += k ? k : 1;
    }
    return i;
}

size_t utf8_encode(char *o, uint32_t cp) {
    if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) cp = 0xfffd;
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xc0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xe0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        o[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    o[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}
