/* w3c.c - W3C extended log file format / ELFF (Blue Coat ProxySG, IIS, ...).
 *
 *   #Software: SGOS 6.7.5.3
 *   #Version: 1.0
 *   #Fields: date time time-taken c-ip cs-username ... cs-host cs-uri-port cs-uri-path ...
 *   2015-05-20 04:13:05 39 10.1.2.15 - ... www.example.com 80 /index.html ...
 *
 * The field order comes from the last "#Fields:" line, which may change in
 * the middle of a file (a reconfigured appliance, concatenated logs), so the
 * column layout is per-source parser state. A record before any #Fields line
 * cannot be read and is reported as such. Fields are separated by spaces or
 * tabs; a value in double quotes may hold spaces ("" inside is a quote), and
 * so may a [bracketed] local time; "-" means not logged. IIS writes '+' for
 * the spaces in cs(User-Agent); it is turned back into spaces.
 *
 * Field names (case-insensitive) and what they become:
 *   date + time (UTC), or gmttime / localtime / x-timestamp-unix / timestamp
 *   time-taken, x-elapsed-time (ms)       duration_ms
 *   c-ip (c-dns when no c-ip)            client
 *   cs-username                          user
 *   cs-method                            method
 *   cs-uri-scheme, cs-host / cs(Host), cs-uri-port (s-port as a fallback),
 *   cs-uri-path / cs-uri-stem, cs-uri-query    scheme, host, port, path, query
 *                                        (s-port, the server's own port, only
 *                                        in logs without proxy fields)
 *   cs-uri / cs-url                      url (split for any part not logged
 *                                        separately; without it the url is
 *                                        put together from the parts)
 *   sc-status                            status
 *   s-action (x-resultcode-httpstatus: TCP_MISS/200, Cisco WSA)    action
 *   sc-bytes / cs-bytes                  bytes_in / bytes_out
 *   cs(User-Agent), cs(Referer)          user_agent, referer
 *   rs(Content-Type), sc(Content-Type), cs-mime-type    content_type
 *   r-ip, then s-supplier-ip / r-supplier-ip    server; s-ip only in logs
 *                                        without s-action (a web server's
 *                                        own address; on a proxy it would be
 *                                        the proxy itself)
 * The proxy result uses sc-status, s-action, sc-filter-result and
 * x-exception-id (verdict_elff). When a localtime field is present its UTC
 * offset is kept for display. */
#include "formats/format.h"
#include "core/mtime.h"
#include "core/util.h"
#include "formats/scratch.h"
#include "formats/url.h"
#include "formats/verdict.h"

#include <stdlib.h>
#include <string.h>

typedef enum wf {
    W_NONE = 0,
    W_DATE, W_TIME, W_GMTTIME, W_LOCALTIME, W_EPOCH, W_TIME_TAKEN,
    W_C_IP, W_C_DNS, W_USER, W_METHOD, W_SCHEME, W_HOST, W_PORT, W_S_PORT, W_PATH, W_QUERY, W_URI,
    W_STATUS, W_ACTION, W_ACTION_STATUS, W_FILTER, W_EXCEPTION, W_BYTES_IN, W_BYTES_OUT,
    W_UA, W_REFERER, W_CTYPE, W_S_IP, W_R_IP, W_SUPPLIER_IP,
    W_COUNT
} wf;

static const struct {
    const char *name;
    wf field;
} field_names[] = {
    {"date", W_DATE}, {"time", W_TIME}, {"gmttime", W_GMTTIME}, {"localtime", W_LOCALTIME},
    {"x-timestamp-unix", W_EPOCH}, {"timestamp", W_EPOCH}, {"time-taken", W_TIME_TAKEN},
    {"x-elapsed-time", W_TIME_TAKEN}, {"c-ip", W_C_IP}, {"c-dns", W_C_DNS}, {"cs-username", W_USER},
    {"cs-method", W_METHOD}, {"cs-uri-scheme", W_SCHEME}, {"cs-host", W_HOST}, {"cs(host)", W_HOST},
    {"cs-uri-port", W_PORT}, {"s-port", W_S_PORT}, {"cs-uri-path", W_PATH}, {"cs-uri-stem", W_PATH},
    {"cs-uri-query", W_QUERY}, {"cs-uri", W_URI}, {"cs-url", W_URI}, {"sc-status", W_STATUS},
    {"s-action", W_ACTION}, {"x-resultcode-httpstatus", W_ACTION_STATUS}, {"sc-filter-result", W_FILTER},
    {"x-exception-id", W_EXCEPTION}, {"sc-bytes", W_BYTES_IN}, {"cs-bytes", W_BYTES_OUT},
    {"cs(user-agent)", W_UA}, {"cs(referer)", W_REFERER}, {"rs(content-type)", W_CTYPE},
    {"sc(content-type)", W_CTYPE}, {"cs-mime-type", W_CTYPE}, {"s-ip", W_S_IP}, {"r-ip", W_R_IP},
    {"s-supplier-ip", W_SUPPLIER_IP}, {"r-supplier-ip", W_SUPPLIER_IP},
};

#define W3C_MAX_COLUMNS 512

typedef struct w3c_state {
    uint8_t col_field[W3C_MAX_COLUMNS]; /* wf of each column */
    size_t ncols;                       /* 0: no #Fields line seen yet */
    bool is_proxy;                      /* the layout has s-action / filter / exception fields */
    scratch sc;
} w3c_state;

static wf field_by_name(sv name) {
    for (size_t i = 0; i < ARRAY_LEN(field_names); i++)
        if (sv_case_eq(name, sv_cstr(field_names[i].name))) return field_names[i].field;
    return W_NONE;
}

/* Next field: a "quoted" or [bracketed] value, or a run of non-blanks;
 * SV_NULL (p == NULL) when there is none. The quotes and brackets are not
 * part of the value (the brackets are kept: the CLF time parser takes them).
 * The ends are found with memchr and sv_find_blank, many bytes at a time:
 * this runs for every column of every record. The value is returned, not
 * stored through a pointer: read back at once as one 16-byte load, two
 * 8-byte stores would stall the caller on every field. */
static sv next_field(sv *rest, bool *quoted) {
    size_t i = 0;
    sv s = *rest, val;
    while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t')) i++;
    if (i == s.n) return SV_NULL;
    size_t start = i;
    *quoted = false;
    if (s.p[i] == '"') {
        *quoted = true;
        start = ++i;
        for (;;) { /* to the first quote that is not doubled ("" stands for one) */
            const char *q = i < s.n ? memchr(s.p + i, '"', s.n - i) : NULL;
            if (!q) {
                i = s.n;
                break;
            }
            i = (size_t)(q - s.p);
            if (i + 1 < s.n && s.p[i + 1] == '"') i += 2;
            else break;
        }
        val = sv_sub(s, start, i);
        *rest = sv_sub(s, i < s.n ? i + 1 : i, s.n);
        return val;
    }
    if (s.p[i] == '[') {
        const char *q = memchr(s.p + i, ']', s.n - i);
        i = q ? (size_t)(q - s.p) + 1 : s.n;
    } else {
        i = sv_find_blank(s, i);
    }
    val = sv_sub(s, start, i);
    *rest = sv_sub(s, i, s.n);
    return val;
}

static void read_fields_header(w3c_state *st, sv names) {
    sv name;
    bool quoted;
    st->ncols = 0;
    st->is_proxy = false;
    while (st->ncols < W3C_MAX_COLUMNS && (name = next_field(&names, &quoted)).p) {
        wf f = field_by_name(name);
        st->col_field[st->ncols++] = (uint8_t)f;
        if (f == W_ACTION || f == W_ACTION_STATUS || f == W_FILTER || f == W_EXCEPTION) st->is_proxy = true;
    }
}

static int w3c_sniff(const sv *lines, size_t n) {
    bool fields = false, directive = false;
    for (size_t i = 0; i < n; i++) {
        sv l = lines[i];
        if (sv_starts_with(l, SV("#Fields:"))) fields = true;
        else if (sv_starts_with(l, SV("#Software:")) || sv_starts_with(l, SV("#Version:")) ||
                 sv_starts_with(l, SV("#Date:")) || sv_starts_with(l, SV("#Start-Date:")))
            directive = true;
    }
    return fields ? 95 : directive ? 60 : 0;
}

/* A copy of `s` with '+' as ' ' (IIS), in scratch; `s` itself if no room. */
static sv plus_to_space(w3c_state *st, sv s) {
    if (sv_find_char(s, '+') < 0) return s;
    char *o = scratch_take(&st->sc, s.n);
    if (!o) return s;
    for (size_t i = 0; i < s.n; i++) o[i] = s.p[i] == '+' ? ' ' : s.p[i];
    return sv_make(o, s.n);
}

/* A quoted value with "" for each quote inside, as a copy with single quotes. */
static sv undouble_quotes(w3c_state *st, sv s) {
    char *o = scratch_take(&st->sc, s.n);
    if (!o) return s;
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++) {
        o[n++] = s.p[i];
        if (s.p[i] == '"' && i + 1 < s.n && s.p[i + 1] == '"') i++;
    }
    scratch_trim(&st->sc, o, n);
    return sv_make(o, n);
}

/* Times: date+time (UTC) first, then the single-field forms. */
static bool record_time(const sv *v, event *ev) {
    int off = 0;
    int64_t ms;
    bool have_local = false;
    if (v[W_LOCALTIME].n) {
        sv lt = v[W_LOCALTIME];
        have_local = mtime_parse_clf(lt, &ms, &off) || mtime_parse_iso8601(lt, &ms, &off, 0);
    }
    ev->tz_off_min = (int16_t)(have_local ? off : 0);
    if (v[W_DATE].n && v[W_TIME].n && mtime_parse_w3c(v[W_DATE], v[W_TIME], &ev->time_ms)) return true;
    if (v[W_GMTTIME].n) {
        sv g = v[W_GMTTIME];
        if (sv_ends_with(g, SV(" GMT]"))) g = sv_sub(g, 0, g.n - 5); /* "[20/Jun/2014:00:00:01 GMT]" */
        else if (sv_ends_with(g, SV(" GMT"))) g = sv_sub(g, 0, g.n - 4);
        int goff;
        if (mtime_parse_clf(g, &ev->time_ms, &goff) || mtime_parse_iso8601(g, &ev->time_ms, &goff, 0)) return true;
    }
    if (v[W_EPOCH].n && mtime_parse_epoch(v[W_EPOCH], &ev->time_ms)) return true;
    if (have_local) {
        ev->time_ms = ms;
        return true;
    }
    return false;
}

static int64_t number_or(sv s, sv line, int64_t dflt) {
    int64_t v;
    return sv_to_i64_in(s, line, &v) && v >= 0 ? v : dflt;
}

static int w3c_parse(void *state, sv line, event *ev, const char **why) {
    w3c_state *st = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    if (l.p[0] == '#') {
        if (sv_starts_with(l, SV("#Fields:"))) read_fields_header(st, sv_sub(l, 8, l.n));
        return PARSE_SKIP;
    }
    if (!st->ncols) {
        *why = "W3C record before any #Fields header";
        return PARSE_ERROR;
    }
    /* Enough room for the decoded fields and a URL built from parts. */
    scratch_begin(&st->sc, 2 * l.n + 64);
    sv v[W_COUNT];
    for (size_t k = 0; k < W_COUNT; k++) v[k] = SV_NULL; /* not `= {0}`: that is a slow `rep stos` here */
    bool plus_ua = false;
    sv val, rest = l;
    bool quoted;
    size_t col = 0;
    for (; col < st->ncols && (val = next_field(&rest, &quoted)).p; col++) {
        wf f = st->col_field[col];
        if (f == W_NONE || v[f].n || sv_is_dash(val)) continue;
        if (quoted && sv_find(val, SV("\"\"")) >= 0) val = undouble_quotes(st, val);
        v[f] = val;
        if (f == W_UA) plus_ua = !quoted;
    }
    if (col < st->ncols) {
        *why = "W3C record has fewer fields than its #Fields header";
        return PARSE_ERROR;
    }
    if (!record_time(v, ev)) {
        *why = "W3C record without a readable date and time";
        return PARSE_ERROR;
    }
    http_event *h = &ev->u.http;
    http_event_clear(h);
    ev->kind = EV_HTTP;

    h->client = v[W_C_IP].n ? v[W_C_IP] : v[W_C_DNS];
    ip_parse(h->client, &h->client_ip);
    h->user = v[W_USER];
    h->method = v[W_METHOD];
    h->action = v[W_ACTION];
    uint64_t status = 0;
    if (v[W_ACTION_STATUS].n) { /* "TCP_MISS/200" */
        ptrdiff_t slash = sv_find_char(v[W_ACTION_STATUS], '/');
        if (slash >= 0) {
            if (!h->action.n) h->action = sv_sub(v[W_ACTION_STATUS], 0, (size_t)slash);
            if (!v[W_STATUS].n) v[W_STATUS] = sv_sub(v[W_ACTION_STATUS], (size_t)slash + 1, v[W_ACTION_STATUS].n);
        }
    }
    if (v[W_STATUS].n && (!sv_to_u64_in(v[W_STATUS], l, &status) || status > 999)) {
        *why = "bad sc-status";
        return PARSE_ERROR;
    }
    h->status = (int32_t)status;

    bool connect = sv_eq(h->method, SV("CONNECT"));
    url_parts u = {0};
    if (v[W_URI].n) url_split(v[W_URI], connect, &u);
    h->scheme = v[W_SCHEME].n ? v[W_SCHEME] : u.scheme;
    h->host = v[W_HOST].n ? v[W_HOST] : u.host;
    uint64_t port;
    if (v[W_PORT].n && sv_to_u64(v[W_PORT], &port) && port <= 65535) h->port = (int32_t)port;
    else if (u.port) h->port = u.port;
    else if (!st->is_proxy && v[W_S_PORT].n && sv_to_u64(v[W_S_PORT], &port) && port <= 65535) h->port = (int32_t)port;
    else h->port = default_port_for_scheme(h->scheme);
    h->path = v[W_PATH].n ? v[W_PATH] : u.path;
    h->query = v[W_QUERY].n ? v[W_QUERY] : u.query;
    if (h->query.n && h->query.p[0] == '?') h->query = sv_sub(h->query, 1, h->query.n); /* ProxySG keeps the '?' */
    if (v[W_URI].n) {
        h->url = v[W_URI];
    } else {
        char *o = scratch_take(&st->sc, l.n + 32);
        size_t n = o ? url_compose(o, l.n + 32, h->scheme, h->host, h->port, h->path, h->query) : 0;
        if (o) scratch_trim(&st->sc, o, n);
        h->url = sv_make(o, n);
    }

    h->bytes_in = number_or(v[W_BYTES_IN], l, -1);
    h->bytes_out = number_or(v[W_BYTES_OUT], l, -1);
    h->duration_ms = number_or(v[W_TIME_TAKEN], l, -1);
    h->user_agent = plus_ua ? plus_to_space(st, v[W_UA]) : v[W_UA];
    h->referer = v[W_REFERER];
    h->content_type = v[W_CTYPE];
    h->server = v[W_R_IP].n ? v[W_R_IP] : v[W_SUPPLIER_IP].n ? v[W_SUPPLIER_IP] : st->is_proxy ? SV_NULL : v[W_S_IP];
    ip_parse(h->server, &h->server_ip);
    h->result = verdict_elff(v[W_STATUS].n ? h->status : -1, h->action, v[W_FILTER], v[W_EXCEPTION]);
    return PARSE_OK;
}

static void *w3c_open(const format_options *o, const char **err) {
    (void)o, (void)err;
    return xcalloc(1, sizeof(w3c_state));
}

static void w3c_close(void *s) {
    w3c_state *st = s;
    scratch_free(&st->sc);
    free(st);
}

const format format_w3c = {
    .name = "w3c",
    .summary = "W3C extended / ELFF with a #Fields header (Blue Coat ProxySG, IIS, Cisco WSA)",
    .kind = EV_HTTP,
    .sniff = w3c_sniff,
    .open = w3c_open,
    .close = w3c_close,
    .parse = w3c_parse,
};
