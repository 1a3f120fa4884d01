/* squid.c - Squid native access.log ("squid" format).
 *
 *   time elapsed client action/status bytes method URL ident hierarchy/peer type
 *   1286536309.865    467 192.168.0.100 TCP_MISS/200 1234 GET http://example.com/ - DIRECT/93.184.216.34 text/html
 *
 * Many sites append fields to the native ten with a custom logformat. This
 * parser accepts, after the ten, in any order:
 *   - quoted strings: the first that looks like a URL (or is "-") while no
 *     Referer is set is the Referer, the next one is the User-Agent
 *     (so `"%{Referer}>h" "%{User-Agent}>h"` and `"%{User-Agent}>h"` both work);
 *   - a bare number: the request size in bytes (%>st), i.e. bytes sent out.
 * `bytes` of the native format is the reply size (bytes in to the client).
 *
 * The proxy result comes from the action, status and hierarchy (verdict.c):
 * 407 is auth-required, any *_DENIED action is denied, NONE/TAG_NONE/TCP_ERR*
 * actions, status 000 and 5xx answers with no upstream (HIER_NONE) are errors
 * (the server was never reached); everything else was forwarded and answered.
 *
 * The URL is split as logged: absolute URL, CONNECT host:port, or anything
 * else (Squid's "error:invalid-request", a bare word) kept whole as the path,
 * so junk never becomes a host name. */
#include "formats/format.h"
#include "core/mtime.h"
#include "formats/url.h"
#include "formats/verdict.h"

static bool looks_like_epoch(sv s) {
    return s.n >= 10 && s.p[0] >= '1' && s.p[0] <= '9' && (sv_find_char(s, '.') == 10 || s.n == 10);
}

static int squid_sniff(const sv *lines, size_t n) {
    size_t good = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        sv rest = lines[i], tok[6];
        if (!rest.n || rest.p[0] == '#') continue;
        seen++;
        int k = 0;
        while (k < 6 && sv_next_token(&rest, &tok[k])) k++;
        if (k < 6 || !looks_like_epoch(tok[0])) continue;
        uint64_t v;
        if (!sv_to_u64(tok[1], &v) || !sv_to_u64(tok[4], &v)) continue;
        if (sv_find_char(tok[3], '/') < 1) continue;
        good++;
    }
    if (!seen) return 0;
    return (int)(good * 95 / seen);
}

static bool looks_like_url_or_dash(sv s) {
    return sv_is_dash(s) || sv_case_starts_with(s, SV("http://")) || sv_case_starts_with(s, SV("https://"));
}

static int squid_parse(void *state, sv line, event *ev, const char **why) {
    (void)state;
    sv rest = sv_trim(line), t[10];
    if (!rest.n || rest.p[0] == '#') return PARSE_SKIP;
    size_t k = sv_split_blanks(&rest, t, 10);
    if (k < 10) {
        *why = k < 7 ? "too few fields for a Squid record" : "Squid record is missing its last fields";
        /* Squid writes all ten; the last three (ident, hierarchy, type) are
         * sometimes cut by other tools: accept seven or more. */
        if (k < 7) return PARSE_ERROR;
        for (; k < 10; k++) t[k] = SV("-");
    }
    http_event *h = &ev->u.http;
    http_event_clear(h);
    ev->kind = EV_HTTP;
    ev->tz_off_min = 0;
    if (!mtime_parse_epoch(t[0], &ev->time_ms)) {
        *why = "bad timestamp (expected seconds since 1970, e.g. 1286536309.865)";
        return PARSE_ERROR;
    }
    int64_t v;
    if (sv_to_i64_in(t[1], line, &v)) h->duration_ms = v;
    h->client = t[2];
    ip_parse(h->client, &h->client_ip);
    ptrdiff_t slash = sv_find_char(t[3], '/');
    if (slash < 0) {
        *why = "bad action/status field (expected e.g. TCP_MISS/200)";
        return PARSE_ERROR;
    }
    h->action = sv_sub(t[3], 0, (size_t)slash);
    uint64_t status;
    if (!sv_to_u64_in(sv_sub(t[3], (size_t)slash + 1, t[3].n), line, &status) || status > 999) {
        *why = "bad HTTP status in the action/status field";
        return PARSE_ERROR;
    }
    h->status = (int32_t)status;
    if (!sv_to_i64_in(t[4], line, &h->bytes_in)) {
        *why = "bad byte count";
        return PARSE_ERROR;
    }
    h->method = t[5];
    h->url = t[6];
    url_parts u;
    url_split(h->url, sv_eq(h->method, SV("CONNECT")), &u);
    h->scheme = u.scheme, h->host = u.host, h->port = u.port, h->path = u.path, h->query = u.query;
    if (!sv_is_dash(t[7])) h->user = t[7];
    ptrdiff_t hs = sv_find_char(t[8], '/');
    if (hs >= 0) {
        h->server = sv_sub(t[8], (size_t)hs + 1, t[8].n);
        if (sv_is_dash(h->server)) h->server = SV_NULL;
        else ip_parse(h->server, &h->server_ip);
    }
    if (!sv_is_dash(t[9])) h->content_type = t[9];
    h->result = verdict_squid(h->action, h->status, t[8]);

    /* Appended custom fields. */
    sv tok;
    bool quoted, have_ref = false, have_ua = false;
    while (sv_next_quoted_token(&rest, &tok, &quoted)) {
        if (quoted) {
            if (!have_ref && !have_ua && looks_like_url_or_dash(tok)) {
                have_ref = true;
                if (!sv_is_dash(tok)) h->referer = tok;
            } else if (!have_ua) {
                have_ua = true;
                if (!sv_is_dash(tok)) h->user_agent = tok;
            }
        } else if (sv_to_i64_in(tok, line, &v)) {
            h->bytes_out = v;
        }
    }
    return PARSE_OK;
}

static void *squid_open(const format_options *o, const char **err) {
    (void)o, (void)err;
    return (void *)1; /* stateless */
}

static void squid_close(void *s) { (void)s; }

const format format_squid = {
    .name = "squid",
    .summary = "Squid native access.log (optionally with appended \"Referer\" \"User-Agent\" and request size)",
    .kind = EV_HTTP,
    .sniff = squid_sniff,
    .open = squid_open,
    .close = squid_close,
    .parse = squid_parse,
};
