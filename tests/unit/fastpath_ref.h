/* fastpath_ref.h - the plain code that the parsers' fast paths replaced,
 * kept as the reference they are checked against: by the unit test
 * (tests/unit/test_fastpaths.c, random strings) and by the fuzz harness
 * (fuzz/fuzz_fastpaths.c, coverage-guided). Header-only, static functions. */
#ifndef MITSUKE_FASTPATH_REF_H
#define MITSUKE_FASTPATH_REF_H

#include "core/sv.h"
#include "formats/url.h"

#include <stdbool.h>
#include <stdint.h>

static __attribute__((unused)) bool ref_u64(sv s, uint64_t *out) {
    if (s.n == 0 || s.n > 20) return false;
    uint64_t v = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned d = (unsigned)((unsigned char)s.p[i] - '0');
        if (d > 9) return false;
        if (i == 19 && v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static __attribute__((unused)) bool ref_i64(sv s, int64_t *out) {
    bool neg = s.n && s.p[0] == '-';
    uint64_t v;
    if (!ref_u64(neg ? sv_sub(s, 1, s.n) : s, &v) || v > (uint64_t)INT64_MAX) return false;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return true;
}

static __attribute__((unused)) bool ref_v4(sv s, uint32_t *out) {
    if (s.n < 7 || s.n > 15) return false;
    uint32_t v = 0, part = 0;
    unsigned dots = 0, digits = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned c = (unsigned char)s.p[i], d = c - '0';
        if (d <= 9) {
            part = part * 10 + d;
            if (++digits > 3) return false;
        } else if (c == '.') {
            if (!digits || part > 255 || ++dots > 3) return false;
            v = v << 8 | part;
            part = digits = 0;
        } else {
            return false;
        }
    }
    if (dots != 3 || !digits || part > 255) return false;
    *out = v << 8 | part;
    return true;
}

static __attribute__((unused)) bool ref_epoch(sv s, int64_t *ms) {
    size_t i = 0;
    uint64_t sec = 0;
    if (!s.n || s.n > 24) return false;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
        sec = sec * 10 + (uint64_t)(s.p[i] - '0');
        if (++i > 12) return false;
    }
    if (i == 0) return false;
    size_t j = i;
    unsigned frac = 0, k = 0;
    if (j < s.n && (s.p[j] == '.' || s.p[j] == ',')) {
        j++;
        while (j < s.n && s.p[j] >= '0' && s.p[j] <= '9') {
            if (k < 3) frac = frac * 10 + (unsigned)(s.p[j] - '0');
            k++;
            j++;
        }
        while (k < 3) frac *= 10, k++;
    }
    if (j != s.n || j == i + 1) return false;
    *ms = (int64_t)sec * 1000 + frac;
    return true;
}

static __attribute__((unused)) int32_t ref_default_port(sv scheme) {
    if (sv_case_eq(scheme, SV("http"))) return 80;
    if (sv_case_eq(scheme, SV("https"))) return 443;
    if (sv_case_eq(scheme, SV("ftp"))) return 21;
    if (sv_case_eq(scheme, SV("ws"))) return 80;
    if (sv_case_eq(scheme, SV("wss"))) return 443;
    return 0;
}

static __attribute__((unused)) void ref_host_port(sv hp, sv *host, int32_t *port) {
    *port = 0;
    if (hp.n && hp.p[0] == '[') {
        ptrdiff_t close = sv_find_char(hp, ']');
        if (close > 0) {
            *host = sv_sub(hp, 1, (size_t)close);
            sv rest = sv_sub(hp, (size_t)close + 1, hp.n);
            uint64_t p;
            if (rest.n > 1 && rest.p[0] == ':' && ref_u64(sv_sub(rest, 1, rest.n), &p) && p <= 65535)
                *port = (int32_t)p;
            return;
        }
    }
    ptrdiff_t colon = sv_rfind_char(hp, ':');
    if (colon >= 0 && sv_find_char(hp, ':') == colon) {
        uint64_t p;
        if (ref_u64(sv_sub(hp, (size_t)colon + 1, hp.n), &p) && p <= 65535) {
            *host = sv_sub(hp, 0, (size_t)colon);
            *port = (int32_t)p;
            return;
        }
    }
    *host = hp;
}

static __attribute__((unused)) bool ref_plausible(sv host) {
    if (!host.n || host.n > 255) return false;
    for (size_t i = 0; i < host.n; i++) {
        unsigned char c = (unsigned char)host.p[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_' || c == ':' || c == '%' || c >= 0x80;
        if (!ok) return false;
    }
    return true;
}

static __attribute__((unused)) bool ref_is_scheme(sv s) {
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return false;
    }
    return s.n > 0;
}

static __attribute__((unused)) void ref_url_split(sv url, bool connect, url_parts *out) {
    *out = (url_parts){0};
    if (connect) {
        sv host;
        int32_t port;
        ref_host_port(url, &host, &port);
        if (port > 0 && ref_plausible(host)) out->host = host, out->port = port;
        else out->path = url;
        return;
    }
    sv rest = url;
    ptrdiff_t colon = sv_find_char(url, ':');
    if (colon > 0 && ref_is_scheme(sv_sub(url, 0, (size_t)colon)) && (size_t)colon + 2 < url.n &&
        url.p[colon + 1] == '/' && url.p[colon + 2] == '/') {
        out->scheme = sv_sub(url, 0, (size_t)colon);
        rest = sv_sub(url, (size_t)colon + 3, url.n);
        size_t end = 0;
        while (end < rest.n && rest.p[end] != '/' && rest.p[end] != '?' && rest.p[end] != '#') end++;
        sv authority = sv_sub(rest, 0, end);
        ptrdiff_t at = sv_rfind_char(authority, '@');
        if (at >= 0) authority = sv_sub(authority, (size_t)at + 1, authority.n);
        ref_host_port(authority, &out->host, &out->port);
        if (!out->port) out->port = ref_default_port(out->scheme);
        rest = sv_sub(rest, end, rest.n);
    } else if (!(url.n && url.p[0] == '/')) {
        out->path = url;
        return;
    }
    ptrdiff_t hash = sv_find_char(rest, '#');
    if (hash >= 0) rest = sv_sub(rest, 0, (size_t)hash);
    ptrdiff_t q = sv_find_char(rest, '?');
    if (q >= 0) {
        out->path = sv_sub(rest, 0, (size_t)q);
        out->query = sv_sub(rest, (size_t)q + 1, rest.n);
    } else {
        out->path = rest;
    }
}

/* The quoted-token walk sv_next_quoted_token had, byte by byte. */
static __attribute__((unused)) bool ref_quoted_token(sv *s, sv *tok, bool *was_quoted) {
    size_t i = 0;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    if (i == s->n) {
        *s = sv_sub(*s, i, i);
        return false;
    }
    if (s->p[i] != '"') {
        *was_quoted = false;
        *s = sv_sub(*s, i, s->n);
        return sv_next_token(s, tok);
    }
    size_t start = ++i;
    while (i < s->n && s->p[i] != '"') {
        if (s->p[i] == '\\' && i + 1 < s->n) i++;
        i++;
    }
    *tok = sv_sub(*s, start, i);
    if (i < s->n) i++;
    *s = sv_sub(*s, i, s->n);
    *was_quoted = true;
    return true;
}

#endif
