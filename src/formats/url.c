/* url.c - request-target splitting; see url.h.
 *
 * url_split runs for every proxy record, so it reads each byte of the URL
 * once: the scheme's letters through a table of byte classes, then the
 * authority (noting its '@' and colons on the way) and the path up to a '?'
 * or '#', sixteen bytes at a time with SSE2 (the table otherwise).
 * host_port_split is the general form for other callers. */
#include "formats/url.h"

#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Byte classes, so the splitting below reads each byte of a URL once. */
enum {
    UC_HOST = 1,      /* may appear in a host name or address (host_is_plausible) */
    UC_SCHEME = 2,    /* may follow the first letter of a scheme (RFC 3986) */
    UC_ALPHA = 4,     /* may start a scheme */
    UC_AUTH_END = 8,  /* ends the authority: / ? # */
    UC_AT = 16,       /* '@' */
    UC_COLON = 32,    /* ':' */
    UC_PATH_END = 64, /* ends the path: ? # */
};

/* The class of byte c, as a constant expression: the table below is built
 * by the compiler (no start-up code, nothing shared to initialise). */
#define UC_ALPHA_(c) (((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z'))
#define UC_DIGIT_(c) ((c) >= '0' && (c) <= '9')
#define UC_OF(c)                                                                                                   \
    ((UC_ALPHA_(c) || UC_DIGIT_(c) || (c) == '.' || (c) == '-' || (c) == '_' || (c) == ':' || (c) == '%' ||        \
              (c) >= 0x80                                                                                          \
          ? UC_HOST                                                                                                \
          : 0) |                                                                                                   \
     (UC_ALPHA_(c) || UC_DIGIT_(c) || (c) == '+' || (c) == '-' || (c) == '.' ? UC_SCHEME : 0) |                    \
     (UC_ALPHA_(c) ? UC_ALPHA : 0) | ((c) == '/' || (c) == '?' || (c) == '#' ? UC_AUTH_END : 0) |                  \
     ((c) == '?' || (c) == '#' ? UC_PATH_END : 0) | ((c) == '@' ? UC_AT : 0) | ((c) == ':' ? UC_COLON : 0))
#define UC_ROW(r)                                                                                                  \
    UC_OF(r), UC_OF(r + 1), UC_OF(r + 2), UC_OF(r + 3), UC_OF(r + 4), UC_OF(r + 5), UC_OF(r + 6), UC_OF(r + 7),    \
        UC_OF(r + 8), UC_OF(r + 9), UC_OF(r + 10), UC_OF(r + 11), UC_OF(r + 12), UC_OF(r + 13), UC_OF(r + 14),     \
        UC_OF(r + 15)

static const unsigned char url_classes[256] = {
    UC_ROW(0),   UC_ROW(16),  UC_ROW(32),  UC_ROW(48),  UC_ROW(64),  UC_ROW(80),  UC_ROW(96),  UC_ROW(112),
    UC_ROW(128), UC_ROW(144), UC_ROW(160), UC_ROW(176), UC_ROW(192), UC_ROW(208), UC_ROW(224), UC_ROW(240),
};

static inline const unsigned char *url_class(void) { return url_classes; }

int32_t default_port_for_scheme(sv scheme) {
    /* by length first, and the usual lower-case spelling before any other:
     * this runs for every absolute URL */
    if (scheme.n == 4 && memcmp(scheme.p, "http", 4) == 0) return 80;
    if (scheme.n == 5 && memcmp(scheme.p, "https", 5) == 0) return 443;
    switch (scheme.n) {
    case 2: return sv_case_eq(scheme, SV("ws")) ? 80 : 0;
    case 3: return sv_case_eq(scheme, SV("ftp")) ? 21 : sv_case_eq(scheme, SV("wss")) ? 443 : 0;
    case 4: return sv_case_eq(scheme, SV("http")) ? 80 : 0;
    case 5: return sv_case_eq(scheme, SV("https")) ? 443 : 0;
    default: return 0;
    }
}

static bool parse_port(sv digits, int32_t *port) {
    uint64_t p;
    if (!sv_to_u64(digits, &p) || p > 65535) return false;
    *port = (int32_t)p;
    return true;
}

void host_port_split(sv hp, sv *host, int32_t *port) {
    *port = 0;
    if (hp.n && hp.p[0] == '[') { /* [v6]:port */
        ptrdiff_t close = sv_find_char(hp, ']');
        if (close > 0) {
            *host = sv_sub(hp, 1, (size_t)close);
            sv rest = sv_sub(hp, (size_t)close + 1, hp.n);
            if (rest.n > 1 && rest.p[0] == ':') (void)parse_port(sv_sub(rest, 1, rest.n), port);
            return;
        }
    }
    ptrdiff_t colon = sv_rfind_char(hp, ':');
    if (colon >= 0 && sv_find_char(hp, ':') == colon && /* exactly one ':' (not bare IPv6) */
        parse_port(sv_sub(hp, (size_t)colon + 1, hp.n), port)) {
        *host = sv_sub(hp, 0, (size_t)colon);
        return;
    }
    *host = hp;
}

/* host_port_split for a view whose colons the caller has counted already
 * (`last` is the index of the last one). */
static void split_counted(sv hp, size_t colons, size_t last, sv *host, int32_t *port) {
    if (hp.n && hp.p[0] == '[') {
        host_port_split(hp, host, port);
        return;
    }
    *port = 0;
    if (colons == 1 && parse_port(sv_sub(hp, last + 1, hp.n), port)) {
        *host = sv_sub(hp, 0, last);
        return;
    }
    *host = hp;
}

bool host_is_plausible(sv host) {
    if (!host.n || host.n > 255) return false;
    const unsigned char *cls = url_class();
    for (size_t i = 0; i < host.n; i++)
        if (!(cls[(unsigned char)host.p[i]] & UC_HOST)) return false;
    return true;
}

/* Authority form (CONNECT): host:port, in one pass that counts the colons
 * and finds the first byte no host may hold. Anything else (Squid's
 * "error:method-not-allowed", a bare word) is kept as the path. */
static void split_authority_form(sv url, const unsigned char *cls, url_parts *out) {
    size_t colons = 0, last = 0, bad = url.n;
    for (size_t i = 0; i < url.n; i++) {
        unsigned char k = cls[(unsigned char)url.p[i]];
        if (!(k & UC_HOST) && bad == url.n) bad = i;
        if (k & UC_COLON) colons++, last = i;
    }
    sv host;
    int32_t port;
    split_counted(url, colons, last, &host, &port);
    bool plausible = url.n && url.p[0] == '[' ? host_is_plausible(host)
                                              : host.n && host.n <= 255 && bad >= host.n;
    if (port > 0 && plausible) out->host = host, out->port = port;
    else out->path = url;
}

#ifdef __SSE2__
/* Sixteen bytes at a time: bit k set when p[k] is one of the bytes that
 * end or divide an authority (/ ? # @ :), or that end a path (? #). */
static inline unsigned eq16(__m128i v, char c) { return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))); }
static inline unsigned authority_marks(const unsigned char *p) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    return eq16(v, '/') | eq16(v, '?') | eq16(v, '#') | eq16(v, '@') | eq16(v, ':');
}
static inline unsigned path_marks(const unsigned char *p) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    return eq16(v, '?') | eq16(v, '#');
}
/* marks of the 16 bytes from p[i] (i < n, n >= 16): near the end, the last
 * 16 bytes are read and shifted down, so nothing past the end is read or
 * marked. */
#define MARKS_AT(marks, p, i, n) ((i) + 16 <= (n) ? marks((p) + (i)) : marks((p) + (n) - 16) >> (16 - ((n) - (i))))
#endif

/* The end of the authority that starts at url[*from] (the first / ? # or
 * the end), moving *from past the last '@' (userinfo) and counting the
 * colons after it (*last: the last one). */
static size_t authority_end(const unsigned char *p, size_t n, const unsigned char *cls, size_t *from,
                            size_t *colons, size_t *last) {
    size_t i = *from;
#ifdef __SSE2__
    if (n >= 16) {
        for (; i < n; i += 16) {
            for (unsigned m = MARKS_AT(authority_marks, p, i, n); m; m &= m - 1) {
                size_t k = i + (size_t)__builtin_ctz(m);
                if (p[k] == '@') *from = k + 1, *colons = 0;
                else if (p[k] == ':') ++*colons, *last = k;
                else return k;
            }
        }
        return n;
    }
#endif
    for (; i < n; i++) {
        unsigned char k = cls[p[i]];
        if (!(k & (UC_AUTH_END | UC_AT | UC_COLON))) continue;
        if (k & UC_AUTH_END) return i;
        if (k & UC_AT) *from = i + 1, *colons = 0;
        else ++*colons, *last = i;
    }
    return n;
}

/* The first '?' or '#' at or after url[i], or the end. */
static size_t path_end(const unsigned char *p, size_t i, size_t n, const unsigned char *cls) {
#ifdef __SSE2__
    if (n >= 16) {
        for (; i < n; i += 16) {
            unsigned m = MARKS_AT(path_marks, p, i, n);
            if (m) return i + (size_t)__builtin_ctz(m);
        }
        return n;
    }
#endif
    while (i < n && !(cls[p[i]] & UC_PATH_END)) i++;
    return i;
}

void url_split(sv url, bool connect, url_parts *out) {
    const unsigned char *cls = url_class();
    const unsigned char *p = (const unsigned char *)url.p;
    size_t n = url.n, at = 0;
    *out = (url_parts){0};
    if (connect) {
        split_authority_form(url, cls, out);
        return;
    }
    /* scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" "//" */
    size_t i = 0;
    if (n && (cls[p[0]] & UC_ALPHA))
        for (i = 1; i < n && (cls[p[i]] & UC_SCHEME);) i++;
    if (i > 0 && i + 2 < n && p[i] == ':' && p[i + 1] == '/' && p[i + 2] == '/') {
        out->scheme = sv_make(url.p, i);
        size_t from = i + 3, colons = 0, last = 0;
        at = authority_end(p, n, cls, &from, &colons, &last);
        split_counted(sv_make(url.p + from, at - from), colons, colons ? last - from : 0, &out->host, &out->port);
        if (!out->port) out->port = default_port_for_scheme(out->scheme);
    } else if (!(n && p[0] == '/')) {
        /* Not a URL we understand (e.g. Squid's "error:invalid-request"):
         * keep it whole as the path so nothing is lost. */
        out->path = url;
        return;
    }
    /* Path up to the first '?' or '#'; the query after a '?' up to a '#'. */
    size_t end = path_end(p, at, n, cls);
    out->path = sv_make(url.p + at, end - at);
    if (end < n && p[end] == '?') {
        sv q = sv_make(url.p + end + 1, n - end - 1);
        ptrdiff_t hash = sv_find_char(q, '#');
        out->query = hash >= 0 ? sv_sub(q, 0, (size_t)hash) : q;
    }
}

static bool put(char *dst, size_t cap, size_t *len, sv s) {
    if (s.n > cap - *len) return false;
    if (s.n) memcpy(dst + *len, s.p, s.n);
    *len += s.n;
    return true;
}

size_t url_compose(char *dst, size_t cap, sv scheme, sv host, int32_t port, sv path, sv query) {
    size_t len = 0;
    bool ok = true;
    if (host.n) {
        if (scheme.n) ok = put(dst, cap, &len, scheme) && put(dst, cap, &len, SV("://"));
        bool v6 = sv_find_char(host, ':') >= 0;
        ok = ok && (!v6 || put(dst, cap, &len, SV("["))) && put(dst, cap, &len, host) &&
             (!v6 || put(dst, cap, &len, SV("]")));
        if (ok && port > 0 && port != default_port_for_scheme(scheme)) {
            char num[8];
            int n = snprintf(num, sizeof num, ":%d", (int)port);
            ok = put(dst, cap, &len, sv_make(num, (size_t)n));
        }
    }
    if (ok && path.n && host.n && path.p[0] != '/') ok = put(dst, cap, &len, SV("/"));
    ok = ok && put(dst, cap, &len, path);
    if (ok && query.n) ok = put(dst, cap, &len, SV("?")) && put(dst, cap, &len, query);
    return ok ? len : 0;
}
