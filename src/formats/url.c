/* url.c - request-target splitting; see url.h. */
#include "formats/url.h"

#include <stdio.h>

int32_t default_port_for_scheme(sv scheme) {
    if (sv_case_eq(scheme, SV("http"))) return 80;
    if (sv_case_eq(scheme, SV("https"))) return 443;
    if (sv_case_eq(scheme, SV("ftp"))) return 21;
    if (sv_case_eq(scheme, SV("ws"))) return 80;
    if (sv_case_eq(scheme, SV("wss"))) return 443;
    return 0;
}

void host_port_split(sv hp, sv *host, int32_t *port) {
    *port = 0;
    if (hp.n && hp.p[0] == '[') { /* [v6]:port */
        ptrdiff_t close = sv_find_char(hp, ']');
        if (close > 0) {
            *host = sv_sub(hp, 1, (size_t)close);
            sv rest = sv_sub(hp, (size_t)close + 1, hp.n);
            uint64_t p;
            if (rest.n > 1 && rest.p[0] == ':' && sv_to_u64(sv_sub(rest, 1, rest.n), &p) && p <= 65535)
                *port = (int32_t)p;
            return;
        }
    }
    ptrdiff_t colon = sv_rfind_char(hp, ':');
    if (colon >= 0 && sv_find_char(hp, ':') == colon) { /* exactly one ':' (not bare IPv6) */
        uint64_t p;
        if (sv_to_u64(sv_sub(hp, (size_t)colon + 1, hp.n), &p) && p <= 65535) {
            *host = sv_sub(hp, 0, (size_t)colon);
            *port = (int32_t)p;
            return;
        }
    }
    *host = hp;
}

bool host_is_plausible(sv host) {
    if (!host.n || host.n > 255) return false;
    for (size_t i = 0; i < host.n; i++) {
        unsigned char c = (unsigned char)host.p[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_' || c == ':' || c == '%' || c >= 0x80;
        if (!ok) return false;
    }
    return true;
}

/* RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
static bool is_scheme(sv s) {
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return false;
    }
    return s.n > 0;
}

void url_split(sv url, bool connect, url_parts *out) {
    *out = (url_parts){0};
    if (connect) {
        /* Authority form must be host:port; anything else (Squid's
         * "error:method-not-allowed", a bare word) is kept as the path. */
        sv host;
        int32_t port;
        host_port_split(url, &host, &port);
        if (port > 0 && host_is_plausible(host)) out->host = host, out->port = port;
        else out->path = url;
        return;
    }
    sv rest = url;
    ptrdiff_t colon = sv_find_char(url, ':');
    if (colon > 0 && is_scheme(sv_sub(url, 0, (size_t)colon)) && (size_t)colon + 2 < url.n &&
        url.p[colon + 1] == '/' && url.p[colon + 2] == '/') {
        out->scheme = sv_sub(url, 0, (size_t)colon);
        rest = sv_sub(url, (size_t)colon + 3, url.n);
        size_t end = 0;
        while (end < rest.n && rest.p[end] != '/' && rest.p[end] != '?' && rest.p[end] != '#') end++;
        sv authority = sv_sub(rest, 0, end);
        ptrdiff_t at = sv_rfind_char(authority, '@');
        if (at >= 0) authority = sv_sub(authority, (size_t)at + 1, authority.n);
        host_port_split(authority, &out->host, &out->port);
        if (!out->port) out->port = default_port_for_scheme(out->scheme);
        rest = sv_sub(rest, end, rest.n);
    } else if (!(url.n && url.p[0] == '/')) {
        /* Not a URL we understand (e.g. Squid's "error:invalid-request"):
         * keep it whole as the path so nothing is lost. */
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
