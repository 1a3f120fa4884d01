/* clf.c - Apache / Squid / nginx "combined" and "common" log formats.
 *
 *   common:   host ident authuser [date] "request" status bytes
 *   combined: common + "referer" "user-agent"
 *   10.1.2.3 - bob [10/Oct/2000:13:55:36 -0700] "GET http://example.com/ HTTP/1.1" 200 2326 "-" "Mozilla/5.0"
 *
 * Squid's own combined and common logformats append the result and
 * hierarchy codes (` %Ss:%Sh`, e.g. TCP_MISS:HIER_DIRECT); when present they
 * give the action and the proxy result by Squid's rules (verdict.c).
 * Without them the log cannot tell a proxy refusal from the server's answer:
 * 407 is auth-required, a missing status ("-") is an error, and everything
 * else is allowed (the request got an answer).
 *
 * The request line may be a proxy request (absolute URL or CONNECT
 * host:port), a web server request (origin form /path: the host is not
 * known), or anything a scanner sent: binary, "-", a truncated line. Such a
 * record is kept: the request text becomes the url and path, never a host.
 * Bytes "-" means 0 (Apache's %b). Extra quoted fields after the
 * User-Agent (nginx's X-Forwarded-For, ...) are ignored.
 *
 * Both names share one parser, which accepts either layout; they differ in
 * sniffing only, so a file is labelled with the layout it actually has. */
#include "formats/format.h"
#include "core/mtime.h"
#include "formats/url.h"
#include "formats/verdict.h"

/* A bracketed time "[...]"; on success `rest` is after the ']'. */
static bool next_bracketed(sv *rest, sv *inside) {
    sv r = *rest;
    while (r.n && (r.p[0] == ' ' || r.p[0] == '\t')) r = sv_sub(r, 1, r.n);
    if (!r.n || r.p[0] != '[') return false;
    ptrdiff_t close = sv_find_char(r, ']');
    if (close < 0) return false;
    *inside = sv_sub(r, 1, (size_t)close);
    *rest = sv_sub(r, (size_t)close + 1, r.n);
    return true;
}

static bool next_quoted(sv *rest, sv *tok) {
    bool quoted = false;
    sv save = *rest;
    if (!sv_next_quoted_token(rest, tok, &quoted) || !quoted) {
        *rest = save;
        return false;
    }
    return true;
}

/* "TCP_MISS:HIER_DIRECT", "TCP_DENIED:NONE" (Squid %Ss:%Sh). */
static bool is_squid_tag(sv t, sv *action, sv *hier) {
    ptrdiff_t colon = sv_find_char(t, ':');
    if (colon < 2 || (size_t)colon + 2 > t.n) return false;
    for (size_t i = 0; i < t.n; i++) {
        char c = t.p[i];
        if ((ptrdiff_t)i != colon && !((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    *action = sv_sub(t, 0, (size_t)colon);
    *hier = sv_sub(t, (size_t)colon + 1, t.n);
    return true;
}

static bool is_method_word(sv s) {
    if (!s.n || s.n > 20) return false;
    for (size_t i = 0; i < s.n; i++)
        if (!((s.p[i] >= 'A' && s.p[i] <= 'Z') || s.p[i] == '-' || s.p[i] == '_')) return false;
    return true;
}

/* "GET http://x/ HTTP/1.1" -> method and target. Anything that is not
 * METHOD TARGET [HTTP/x] is kept whole as the target. */
static void split_request(sv req, sv *method, sv *target) {
    sv rest = req, first;
    *method = SV_NULL;
    *target = req;
    if (!sv_next_token(&rest, &first) || !is_method_word(first)) return;
    rest = sv_trim(rest);
    ptrdiff_t sp = sv_rfind_char(rest, ' ');
    if (sp >= 0 && sv_starts_with(sv_sub(rest, (size_t)sp + 1, rest.n), SV("HTTP/")))
        rest = sv_trim(sv_sub(rest, 0, (size_t)sp));
    else if (sv_starts_with(rest, SV("HTTP/")) && sv_find_char(rest, ' ') < 0)
        return; /* "GET HTTP/1.1": no target; keep the line */
    if (!rest.n) return;
    *method = first;
    *target = rest;
}

static bool number_or_dash(sv s) {
    uint64_t v;
    return sv_is_dash(s) || sv_to_u64(s, &v);
}

/* Does " status bytes" (each a number or "-") follow? */
static bool status_bytes_follow(sv after) {
    sv t;
    return after.n && (after.p[0] == ' ' || after.p[0] == '\t') && sv_next_token(&after, &t) && number_or_dash(t) &&
           sv_next_token(&after, &t) && number_or_dash(t);
}

/* The quoted request. Apache escapes quotes inside it, but Tomcat and
 * others write them raw ("GET /a?x="><script> HTTP/1.1"), so the request
 * ends at the first quote followed by status and bytes; without one, at the
 * first unescaped quote. */
static bool next_request(sv *rest, sv *req) {
    sv r = *rest;
    while (r.n && (r.p[0] == ' ' || r.p[0] == '\t')) r = sv_sub(r, 1, r.n);
    if (!r.n || r.p[0] != '"') return false;
    for (size_t i = 1; i < r.n; i++) {
        if (r.p[i] == '\\') {
            i++;
            continue;
        }
        if (r.p[i] == '"' && status_bytes_follow(sv_sub(r, i + 1, r.n))) {
            *req = sv_sub(r, 1, i);
            *rest = sv_sub(r, i + 1, r.n);
            return true;
        }
    }
    return next_quoted(rest, req);
}

/* The fixed part shared by sniffing and parsing. */
typedef struct clf_fields {
    sv host, ident, user, time, request, status, bytes, rest;
} clf_fields;

static bool split_fixed(sv line, clf_fields *f) {
    sv rest = sv_trim(line);
    bool q;
    if (!sv_next_token(&rest, &f->host) || !sv_next_quoted_token(&rest, &f->ident, &q) ||
        !sv_next_quoted_token(&rest, &f->user, &q) || !next_bracketed(&rest, &f->time) ||
        !next_request(&rest, &f->request) || !sv_next_token(&rest, &f->status) || !sv_next_token(&rest, &f->bytes))
        return false;
    f->rest = rest;
    return true;
}

/* 0: not this format, 1: common layout, 2: combined layout. */
static int classify(sv line) {
    clf_fields f;
    int64_t ms;
    if (!split_fixed(line, &f) || !mtime_parse_clf(f.time, &ms, NULL) || !number_or_dash(f.status) ||
        !number_or_dash(f.bytes))
        return 0;
    sv tok;
    int quoted = 0;
    while (next_quoted(&f.rest, &tok)) quoted++;
    return quoted >= 2 ? 2 : 1;
}

static int sniff_layout(const sv *lines, size_t n, int want) {
    size_t seen = 0, same = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].n || lines[i].p[0] == '#') continue;
        seen++;
        int c = classify(lines[i]);
        if (c == want) same++;
        else if (c) other++;
    }
    if (!seen) return 0;
    return (int)((same * 95 + other * 40) / seen);
}

static int combined_sniff(const sv *lines, size_t n) { return sniff_layout(lines, n, 2); }
static int common_sniff(const sv *lines, size_t n) { return sniff_layout(lines, n, 1); }

static int clf_parse(void *state, sv line, event *ev, const char **why) {
    (void)state;
    sv trimmed = sv_trim(line);
    if (!trimmed.n || trimmed.p[0] == '#') return PARSE_SKIP;
    clf_fields f;
    if (!split_fixed(trimmed, &f)) {
        *why = "not a combined/common log record (host ident user [time] \"request\" status bytes)";
        return PARSE_ERROR;
    }
    http_event *h = &ev->u.http;
    http_event_clear(h);
    ev->kind = EV_HTTP;
    int off = 0;
    if (!mtime_parse_clf(f.time, &ev->time_ms, &off)) {
        *why = "bad time (expected e.g. [10/Oct/2000:13:55:36 -0700])";
        return PARSE_ERROR;
    }
    ev->tz_off_min = (int16_t)off;
    uint64_t v;
    if (!sv_is_dash(f.status) && (!sv_to_u64(f.status, &v) || v > 999)) {
        *why = "bad HTTP status";
        return PARSE_ERROR;
    }
    h->status = sv_is_dash(f.status) ? 0 : (int32_t)v;
    if (sv_is_dash(f.bytes)) h->bytes_in = 0;
    else if (!sv_to_i64(f.bytes, &h->bytes_in)) {
        *why = "bad byte count";
        return PARSE_ERROR;
    }
    h->client = f.host;
    ip_parse(h->client, &h->client_ip);
    if (!sv_is_dash(f.user)) h->user = f.user;
    else if (!sv_is_dash(f.ident)) h->user = f.ident;
    split_request(f.request, &h->method, &h->url);
    url_parts u;
    url_split(h->url, sv_eq(h->method, SV("CONNECT")), &u);
    h->scheme = u.scheme, h->host = u.host, h->port = u.port, h->path = u.path, h->query = u.query;

    sv tok, hier = SV_NULL;
    bool quoted, tagged = false;
    int nquoted = 0;
    while (sv_next_quoted_token(&f.rest, &tok, &quoted)) {
        if (quoted) {
            nquoted++;
            if (nquoted == 1 && !sv_is_dash(tok)) h->referer = tok;
            if (nquoted == 2 && !sv_is_dash(tok)) h->user_agent = tok;
        } else if (!tagged && is_squid_tag(tok, &h->action, &hier)) {
            tagged = true;
        }
    }
    h->result = tagged ? verdict_squid(h->action, h->status, hier) : verdict_status(h->status, h->status != 0);
    return PARSE_OK;
}

static void *clf_open(const format_options *o, const char **err) {
    (void)o, (void)err;
    return (void *)1; /* stateless */
}

static void clf_close(void *s) { (void)s; }

const format format_combined = {
    .name = "combined",
    .summary = "Apache/nginx/Squid combined log (common + \"Referer\" \"User-Agent\", Squid's %Ss:%Sh)",
    .kind = EV_HTTP,
    .sniff = combined_sniff,
    .open = clf_open,
    .close = clf_close,
    .parse = clf_parse,
};

const format format_common = {
    .name = "common",
    .summary = "Apache/Squid common log format (host ident user [time] \"request\" status bytes)",
    .kind = EV_HTTP,
    .sniff = common_sniff,
    .open = clf_open,
    .close = clf_close,
    .parse = clf_parse,
};
