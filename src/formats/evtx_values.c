/* evtx_values.c - substitution values of .evtx records as text.
 *
 * Each value type is written the way `evtxexport -f xml` (libevtx 20181227)
 * writes it, so the two readers agree on every data field:
 *
 *   strings      UTF-16LE to UTF-8 up to the first NUL, lone surrogates U+FFFD;
 *                ANSI strings in Windows-1252 (evtxexport's default codepage)
 *   integers     decimal; size_t too (evtxexport does not print it in hex)
 *   hex32/hex64  0x%08x / 0x%016x, lower case
 *   bool         true / false
 *   real         %.6e with a three-digit exponent: 1.500000e+000
 *   binary       upper-case hex, no separator
 *   GUID         {12345678-9ABC-DEF0-0123-456789ABCDEF}
 *   FILETIME     2021-07-04T12:34:56.123456700Z (nine digits)
 *   SYSTEMTIME   2020-02-29T23:59:58.999Z
 *   SID          S-1-5-21-...
 *
 * Where libevtx is wrong we are not: negative signed integers are written in
 * two's complement (libevtx reads them as sign and magnitude, -5 as -123), a
 * high surrogate not followed by a low one does not swallow the next
 * character, and tiny doubles print normally. docs/formats.md lists these.
 * A value shorter than its type is zero-extended (as libevtx does); a GUID or
 * SID too short to hold one is written as nothing. */
#include "formats/evtx_internal.h"
#include "core/mtime.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool evtx_text_grow(evtx_text *t, size_t more) {
    if (t->full || more > EVTX_TEXT_MAX - t->len) {
        t->full = true;
        return false;
    }
    size_t cap = t->cap ? t->cap : 4096;
    while (cap - t->len < more) cap *= 2;
    if (cap > EVTX_TEXT_MAX) cap = EVTX_TEXT_MAX;
    t->p = xrealloc(t->p, cap);
    t->cap = cap;
    return true;
}

void evtx_text_put(evtx_text *t, const char *s, size_t n) {
    char *o = evtx_text_room(t, n);
    if (!o) return;
    memcpy(o, s, n);
    t->len += n;
}

void evtx_text_free(evtx_text *t) {
    free(t->p);
    *t = (evtx_text){0};
}

/* Escapes of one character, or NULL when it is written as it is. */
static const char *escape_of(unsigned c, evtx_escape esc) {
    if (esc == EVTX_RAW) return NULL;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return esc == EVTX_ESC_ATTR ? "&quot;" : NULL;
    default: return NULL;
    }
}

size_t evtx_utf16_to_utf8(char *out, const uint8_t *p, size_t units, evtx_escape esc) {
    char *o = out;
    for (size_t i = 0; i < units; i++) {
        uint32_t c = evtx_u16(p + 2 * i);
        if (c == 0) break;
        if (c < 0x80) {
            const char *e = escape_of(c, esc);
            if (e) {
                size_t k = strlen(e);
                memcpy(o, e, k);
                o += k;
            } else {
                *o++ = (char)c;
            }
            continue;
        }
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < units) {
            uint32_t lo = evtx_u16(p + 2 * i + 2);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
                i++;
            }
        }
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        if (c < 0x800) {
            *o++ = (char)(0xc0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            *o++ = (char)(0xe0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (char)(0xf0 | c >> 18);
            *o++ = (char)(0x80 | ((c >> 12) & 0x3f));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    return (size_t)(o - out);
}

void evtx_put_utf16(evtx_text *t, const uint8_t *p, size_t n, evtx_escape esc) {
    size_t units = n / 2;
    /* at most 3 bytes of UTF-8 per UTF-16 unit, 6 with escapes */
    char *o = evtx_text_room(t, units * (esc ? 6 : 3));
    if (o) t->len += evtx_utf16_to_utf8(o, p, units, esc);
}

/* Windows-1252 0x80-0x9f; the rest of the high half is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022,
    0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

static void put_ansi(evtx_text *t, const uint8_t *p, size_t n, evtx_escape esc) {
    char *o = evtx_text_room(t, n * 6);
    if (!o) return;
    char *start = o;
    for (size_t i = 0; i < n && p[i]; i++) {
        unsigned c = p[i];
        if (c >= 0x80 && c < 0xa0) c = cp1252_high[c - 0x80];
        const char *e = escape_of(c, esc);
        if (e) {
            size_t k = strlen(e);
            memcpy(o, e, k);
            o += k;
        } else if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xc0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (char)(0xe0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    t->len += (size_t)(o - start);
}

/* Little-endian, at most `width` bytes, zero-extended when shorter. */
static uint64_t read_le(const uint8_t *p, size_t n, size_t width) {
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < width; i++) v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void put_fmt(evtx_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put_fmt(evtx_text *t, const char *fmt, ...) {
    char buf[96];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k > 0) evtx_text_put(t, buf, (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1);
}

static void put_u64(evtx_text *t, uint64_t v) {
    char buf[24], *e = buf + sizeof buf, *o = e;
    do *--o = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    evtx_text_put(t, o, (size_t)(e - o));
}

static void put_signed(evtx_text *t, const uint8_t *p, size_t n, size_t width) {
    uint64_t v = read_le(p, n, width);
    if (n >= width && width < 8 && (v >> (8 * width - 1)) & 1) v |= ~(uint64_t)0 << (8 * width);
    int64_t s = (int64_t)v;
    if (s < 0) {
        evtx_text_put(t, "-", 1);
        put_u64(t, (uint64_t)0 - v);
    } else {
        put_u64(t, v);
    }
}

/* %.6e as Windows' C library writes it: three exponent digits. */
static void put_real(evtx_text *t, double d) {
    char buf[64];
    int k = snprintf(buf, sizeof buf, "%.6e", d);
    if (k <= 0 || (size_t)k >= sizeof buf) return;
    char *e = strchr(buf, 'e');
    if (!e || (e[1] != '+' && e[1] != '-')) {
        evtx_text_put(t, buf, (size_t)k);
        return;
    }
    size_t digits = strlen(e + 2);
    evtx_text_put(t, buf, (size_t)(e + 2 - buf));
    for (size_t i = digits; i < 3; i++) evtx_text_put(t, "0", 1);
    evtx_text_put(t, e + 2, digits);
}

static void put_hex_bytes(evtx_text *t, const uint8_t *p, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    char *o = evtx_text_room(t, 2 * n);
    if (!o) return;
    for (size_t i = 0; i < n; i++) {
        o[2 * i] = hex[p[i] >> 4];
        o[2 * i + 1] = hex[p[i] & 15];
    }
    t->len += 2 * n;
}

/* "0x" and `digits` lower-case hex digits (printf's 0x%08x, without printf). */
static void put_hex_fixed(evtx_text *t, uint64_t v, int digits) {
    static const char hex[] = "0123456789abcdef";
    char buf[18];
    buf[0] = '0', buf[1] = 'x';
    for (int i = digits - 1; i >= 0; i--, v >>= 4) buf[2 + i] = hex[v & 15];
    evtx_text_put(t, buf, (size_t)digits + 2);
}

static void put_guid(evtx_text *t, const uint8_t *p, size_t n) {
    if (n < 16) return;
    put_fmt(t, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", (unsigned)evtx_u32(p), (unsigned)evtx_u16(p + 4),
            (unsigned)evtx_u16(p + 6), p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
}

bool evtx_filetime_ms(uint64_t ft, int64_t *ms) {
    /* 100 ns ticks from 1601-01-01 to 1970-01-01 */
    const uint64_t epoch = 116444736000000000ULL;
    if (ft > (uint64_t)INT64_MAX) return false;
    *ms = ((int64_t)ft - (int64_t)epoch) / 10000;
    if ((int64_t)ft < (int64_t)epoch && ((int64_t)ft - (int64_t)epoch) % 10000) (*ms)--;
    return true;
}

/* v as exactly `width` decimal digits, zero-padded. */
static void put_digits(char *out, unsigned v, int width) {
    for (int i = width - 1; i >= 0; i--, v /= 10) out[i] = (char)('0' + v % 10);
}

static void put_filetime(evtx_text *t, uint64_t ft) {
    uint64_t secs = ft / 10000000, frac = ft % 10000000;
    int64_t days = (int64_t)(secs / 86400) - 134774; /* 1601-01-01 to 1970-01-01 */
    uint64_t sod = secs % 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if (y > 9999) { /* only hostile values get here */
        put_fmt(t, "%04lld-%02u-%02uT%02u:%02u:%02u.%07llu00Z", (long long)y, m, d, (unsigned)(sod / 3600),
                (unsigned)(sod / 60 % 60), (unsigned)(sod % 60), (unsigned long long)frac);
        return;
    }
    /* the common case without printf: one per record (TimeCreated) at least */
    char b[] = "0000-00-00T00:00:00.000000000Z";
    put_digits(b, (unsigned)y, 4);
    put_digits(b + 5, m, 2);
    put_digits(b + 8, d, 2);
    put_digits(b + 11, (unsigned)(sod / 3600), 2);
    put_digits(b + 14, (unsigned)(sod / 60 % 60), 2);
    put_digits(b + 17, (unsigned)(sod % 60), 2);
    put_digits(b + 20, (unsigned)frac, 7);
    evtx_text_put(t, b, sizeof b - 1);
}

static void put_systemtime(evtx_text *t, const uint8_t *p, size_t n) {
    uint8_t b[16] = {0};
    memcpy(b, p, n < 16 ? n : 16);
    put_fmt(t, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", evtx_u16(b), evtx_u16(b + 2), evtx_u16(b + 6), evtx_u16(b + 8),
            evtx_u16(b + 10), evtx_u16(b + 12), evtx_u16(b + 14));
}

/* Bytes of a SID at p, or 0 when there is none. */
static size_t sid_size(const uint8_t *p, size_t n) {
    if (n < 8) return 0;
    size_t need = 8 + 4 * (size_t)p[1];
    return need <= n ? need : 0;
}

static void put_sid(evtx_text *t, const uint8_t *p, size_t n) {
    if (!sid_size(p, n)) return;
    uint64_t auth = 0;
    for (int i = 2; i < 8; i++) auth = auth << 8 | p[i];
    evtx_text_put(t, "S-", 2);
    put_u64(t, p[0]);
    evtx_text_put(t, "-", 1);
    put_u64(t, auth);
    for (unsigned i = 0; i < p[1]; i++) {
        evtx_text_put(t, "-", 1);
        put_u64(t, evtx_u32(p + 8 + 4 * i));
    }
}

void evtx_render_value(evtx_text *t, uint8_t type, const uint8_t *p, size_t n, evtx_escape esc) {
    switch (type) {
    case EVTX_T_NULL: return;
    case EVTX_T_STRING: evtx_put_utf16(t, p, n, esc); return;
    case EVTX_T_ANSI: put_ansi(t, p, n, esc); return;
    case EVTX_T_INT8: put_signed(t, p, n, 1); return;
    case EVTX_T_UINT8: put_u64(t, read_le(p, n, 1)); return;
    case EVTX_T_INT16: put_signed(t, p, n, 2); return;
    case EVTX_T_UINT16: put_u64(t, read_le(p, n, 2)); return;
    case EVTX_T_INT32: put_signed(t, p, n, 4); return;
    case EVTX_T_UINT32: put_u64(t, read_le(p, n, 4)); return;
    case EVTX_T_INT64: put_signed(t, p, n, 8); return;
    case EVTX_T_UINT64: put_u64(t, read_le(p, n, 8)); return;
    case EVTX_T_SIZET: put_u64(t, read_le(p, n, n >= 8 ? 8 : 4)); return;
    case EVTX_T_REAL32: {
        uint32_t bits = (uint32_t)read_le(p, n, 4);
        float f;
        memcpy(&f, &bits, 4);
        put_real(t, (double)f);
        return;
    }
    case EVTX_T_REAL64: {
        uint64_t bits = read_le(p, n, 8);
        double d;
        memcpy(&d, &bits, 8);
        put_real(t, d);
        return;
    }
    case EVTX_T_BOOL:
        if (read_le(p, n, 4)) evtx_text_put(t, "true", 4);
        else evtx_text_put(t, "false", 5);
        return;
    case EVTX_T_GUID: put_guid(t, p, n); return;
    case EVTX_T_FILETIME: put_filetime(t, read_le(p, n, 8)); return;
    case EVTX_T_SYSTIME: put_systemtime(t, p, n); return;
    case EVTX_T_SID: put_sid(t, p, n); return;
    case EVTX_T_HEX32: put_hex_fixed(t, read_le(p, n, 4), 8); return;
    case EVTX_T_HEX64: put_hex_fixed(t, read_le(p, n, 8), 16); return;
    default: put_hex_bytes(t, p, n); return; /* binary, and types with no text form */
    }
}

/* Bytes per item of a fixed-size array type, 0 for variable-size items. */
static size_t item_width(uint8_t base, size_t n) {
    switch (base) {
    case EVTX_T_INT8: case EVTX_T_UINT8: return 1;
    case EVTX_T_INT16: case EVTX_T_UINT16: return 2;
    case EVTX_T_INT32: case EVTX_T_UINT32: case EVTX_T_REAL32: case EVTX_T_BOOL: case EVTX_T_HEX32: return 4;
    case EVTX_T_INT64: case EVTX_T_UINT64: case EVTX_T_REAL64: case EVTX_T_FILETIME: case EVTX_T_HEX64: return 8;
    case EVTX_T_SIZET: return n % 8 == 0 ? 8 : 4;
    case EVTX_T_GUID: case EVTX_T_SYSTIME: return 16;
    default: return 0;
    }
}

bool evtx_array_next(uint8_t type, const uint8_t *p, size_t n, size_t *at, const uint8_t **item, size_t *item_n) {
    uint8_t base = type & (uint8_t)~EVTX_T_ARRAY;
    size_t i = *at;
    if (i >= n) return false;
    size_t len;
    if (base == EVTX_T_STRING) { /* NUL-terminated UTF-16 strings */
        size_t k = i;
        while (k + 1 < n && evtx_u16(p + k)) k += 2;
        len = k - i;
        *at = k + 2 <= n ? k + 2 : n;
    } else if (base == EVTX_T_ANSI) {
        const uint8_t *z = memchr(p + i, 0, n - i);
        len = z ? (size_t)(z - (p + i)) : n - i;
        *at = i + len + (z ? 1 : 0);
    } else if (base == EVTX_T_SID) {
        len = sid_size(p + i, n - i);
        if (!len) return false;
        *at = i + len;
    } else {
        size_t w = item_width(base, n);
        if (!w || n - i < w) return false;
        len = w;
        *at = i + w;
    }
    *item = p + i;
    *item_n = len;
    return true;
}
