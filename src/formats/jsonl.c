/* jsonl.c - JSON lines with a field map ("jsonl"): proxy logs shipped as
 * JSON by Elastic (ECS), Fluentd, vendors' exporters and home-made scripts.
 *
 * Each line is one JSON object. A field map says where each normalized field
 * is found:
 *
 *   --field-map "time=@timestamp,client=source.ip,url=request.url|url"
 *
 * NAME=PATH[|PATH...]: the first PATH present wins. A dotted PATH descends
 * nested objects ("url.full" finds {"url":{"full":...}}) and also matches a
 * literal dotted key ({"url.full":...}). An empty PATH ("host=") turns the
 * field off. The names are those of the event: time, client, user, method,
 * url, scheme, host, port, path, query, status, action, result, bytes_in,
 * bytes_out, duration_ms (or duration_s, duration_us, duration_ns for
 * durations in other units), user_agent, referer, content_type, server.
 * A name given on the command line replaces the default paths for that name;
 * the defaults (DEFAULT_MAP below) cover ECS and common flat names.
 *
 * Values: strings (JSON escapes decoded into the parser's scratch area, so
 * the views stay valid until the next line), numbers, or numbers written as
 * strings. A time is ISO 8601 (its offset kept for display; without an
 * offset, the configured default offset, normally UTC), Apache's
 * 10/Oct/2000:13:55:36 -0700, or epoch seconds, milliseconds, microseconds
 * or nanoseconds, told apart by magnitude. When no url is logged it is put
 * together from scheme, host, port, path and query; when one is, it fills
 * the parts that are not logged separately.
 *
 * result: a logged verdict word (allowed, blocked, deny, ...) wins; else an
 * action word; else a Squid-style action code by Squid's rules; else the
 * status (407 auth-required, others allowed); no status: unknown. */
#include "core/mtime.h"
#include "core/util.h"
#include "formats/format.h"
#include "formats/json_scan.h"
#include "formats/url.h"
#include "formats/verdict.h"

#include <stdio.h>
#include <stdlib.h>

typedef enum jf {
    J_TIME, J_CLIENT, J_USER, J_METHOD, J_URL, J_SCHEME, J_HOST, J_PORT, J_PATH, J_QUERY, J_STATUS,
    J_ACTION, J_RESULT, J_BYTES_IN, J_BYTES_OUT, J_DURATION, J_USER_AGENT, J_REFERER, J_CONTENT_TYPE,
    J_SERVER, J_COUNT
} jf;

/* Duration units: how many nanoseconds one logged unit is. */
static const struct {
    const char *name;
    jf field;
    int64_t ns_per_unit;
} map_names[] = {
    {"time", J_TIME, 0}, {"client", J_CLIENT, 0}, {"user", J_USER, 0}, {"method", J_METHOD, 0},
    {"url", J_URL, 0}, {"scheme", J_SCHEME, 0}, {"host", J_HOST, 0}, {"port", J_PORT, 0},
    {"path", J_PATH, 0}, {"query", J_QUERY, 0}, {"status", J_STATUS, 0}, {"action", J_ACTION, 0},
    {"result", J_RESULT, 0}, {"bytes_in", J_BYTES_IN, 0}, {"bytes_out", J_BYTES_OUT, 0},
    {"duration_ms", J_DURATION, 1000000}, {"duration_s", J_DURATION, 1000000000},
    {"duration_us", J_DURATION, 1000}, {"duration_ns", J_DURATION, 1},
    {"user_agent", J_USER_AGENT, 0}, {"referer", J_REFERER, 0}, {"content_type", J_CONTENT_TYPE, 0},
    {"server", J_SERVER, 0},
};

static const char DEFAULT_MAP[] =
    "time=@timestamp|timestamp|time|ts|datetime|event.created,"
    "client=source.ip|client.ip|client_ip|src_ip|clientip|c-ip|src|client,"
    "user=user.name|source.user.name|username|user_name|user,"
    "method=http.request.method|method|request_method|http_method,"
    "url=url.full|url.original|request_url|url|uri,"
    "scheme=url.scheme|scheme,"
    "host=url.domain|destination.domain|dest_host|hostname|host|domain,"
    "port=url.port|destination.port|dest_port|dst_port|port,"
    "path=url.path|path|uri_path,"
    "query=url.query|query|query_string,"
    "status=http.response.status_code|status_code|status|response_code|http_status,"
    "action=event.action|proxy_action|action,"
    "result=result|verdict,"
    "bytes_in=http.response.bytes|http.response.body.bytes|destination.bytes|bytes_in|response_bytes|"
    "bytes_received|sc-bytes|bytes,"
    "bytes_out=http.request.bytes|http.request.body.bytes|source.bytes|bytes_out|request_bytes|bytes_sent|cs-bytes,"
    "duration_ns=event.duration,"
    "duration_ms=duration_ms|elapsed_ms|time_taken|elapsed|duration,"
    "user_agent=user_agent.original|user_agent|useragent|http_user_agent|ua,"
    "referer=http.request.referrer|referer|referrer|http_referer,"
    "content_type=http.response.mime_type|content_type|mime_type,"
    "server=destination.ip|server.ip|server_ip|dest_ip|dst_ip|destination_ip";

#define JM_MAX_PATHS 16

typedef struct candidate {
    sv path;
    int64_t ns_per_unit;   /* durations only */
} candidate;

typedef struct jsonl_state {
    candidate cand[J_COUNT][JM_MAX_PATHS];
    uint8_t ncand[J_COUNT];
    char *user_map;        /* owned copy: the user's paths are views into it */
    int default_off_min;
    json_scan *js;
    scratch sc;
} jsonl_state;

/* "BEFORE\"WHAT\"AFTER" in a static buffer (open runs before any parse, on
 * the CLI's one thread). */
static const char *map_error(const char *before, sv what, const char *after) {
    static char msg[400];
    snprintf(msg, sizeof msg, "--field-map: %s\"%.*s\"%s", before, (int)(what.n > 60 ? 60 : what.n), what.p, after);
    return msg;
}

/* Adds "name=path|path,..." to the map. Names in a user map replace the
 * defaults for their field (the first mention clears them). */
static const char *add_map(jsonl_state *st, sv text, bool user) {
    bool cleared[J_COUNT] = {false};
    sv entry;
    while (sv_split_char(&text, ',', &entry)) {
        entry = sv_trim(entry);
        if (!entry.n) continue;
        ptrdiff_t eq = sv_find_char(entry, '=');
        if (eq < 0) return map_error("", entry, " is not NAME=PATH");
        sv name = sv_trim(sv_sub(entry, 0, (size_t)eq)), paths = sv_sub(entry, (size_t)eq + 1, entry.n);
        size_t k = 0;
        while (k < ARRAY_LEN(map_names) && !sv_eq(name, sv_cstr(map_names[k].name))) k++;
        if (k == ARRAY_LEN(map_names))
            return map_error("unknown field ", name,
                             " (use time, client, user, method, url, scheme, host, port, path, query, status, "
                             "action, result, bytes_in, bytes_out, duration_ms, user_agent, referer, "
                             "content_type, server)");
        jf f = map_names[k].field;
        if (user && !cleared[f]) st->ncand[f] = 0, cleared[f] = true;
        sv path;
        while (sv_split_char(&paths, '|', &path)) {
            path = sv_trim(path);
            if (!path.n) continue;
            if (st->ncand[f] == JM_MAX_PATHS) return map_error("too many paths for ", name, "");
            st->cand[f][st->ncand[f]++] = (candidate){path, map_names[k].ns_per_unit};
        }
    }
    return NULL;
}

static void jsonl_close(void *s) {
    jsonl_state *st = s;
    if (!st) return;
    json_scan_free(st->js);
    scratch_free(&st->sc);
    free(st->user_map);
    free(st);
}

static void *jsonl_open(const format_options *o, const char **err) {
    jsonl_state *st = xcalloc(1, sizeof *st);
    const char *e = add_map(st, SV(DEFAULT_MAP), false);
    if (!e && o && o->field_map) {
        st->user_map = xstrdup(o->field_map);
        e = add_map(st, sv_cstr(st->user_map), true);
    }
    if (e) {
        *err = e;
        jsonl_close(st);
        return NULL;
    }
    st->default_off_min = o ? o->default_offset_min : 0;
    st->js = json_scan_new(JSON_SCAN_MAX_TOKENS);
    return st;
}

/* The value token of a field (first candidate present and not null), and
 * the candidate it came from. */
static int find_field(const jsonl_state *st, jf f, const candidate **which) {
    for (unsigned i = 0; i < st->ncand[f]; i++) {
        int t = json_path(st->js, 0, st->cand[f][i].path);
        json_type ty = json_type_of(st->js, t);
        if (ty == JT_STRING || ty == JT_NUMBER || ty == JT_TRUE || ty == JT_FALSE) {
            if (which) *which = &st->cand[f][i];
            return t;
        }
    }
    return -1;
}

static sv text_of(jsonl_state *st, jf f) {
    int t = find_field(st, f, NULL);
    return t >= 0 ? json_string(st->js, t, &st->sc) : SV_NULL;
}

static bool number_of(jsonl_state *st, jf f, double *out, const candidate **which) {
    int t = find_field(st, f, which);
    return t >= 0 && sv_to_double(json_raw(st->js, t), out);
}

/* Epoch numbers by magnitude: seconds until the year 5138, then millis,
 * micros, nanos. */
static int64_t epoch_to_ms(double v) {
    if (v < 1e11) return (int64_t)(v * 1000.0);
    if (v < 1e14) return (int64_t)v;
    if (v < 1e17) return (int64_t)(v / 1000.0);
    return (int64_t)(v / 1000000.0);
}

static bool parse_time(jsonl_state *st, event *ev, const char **why) {
    int t = find_field(st, J_TIME, NULL);
    if (t < 0) {
        *why = "no time field (name it with --field-map time=KEY)";
        return false;
    }
    sv raw = json_raw(st->js, t);
    double d;
    int off = st->default_off_min;
    ev->tz_off_min = 0;
    if (sv_to_double(raw, &d) && d >= 0 && d < 9e18) {
        ev->time_ms = epoch_to_ms(d);
        return true;
    }
    sv s = json_string(st->js, t, &st->sc);
    if (mtime_parse_iso8601(s, &ev->time_ms, &off, st->default_off_min) ||
        mtime_parse_clf(s, &ev->time_ms, &off)) {
        ev->tz_off_min = (int16_t)off;
        return true;
    }
    *why = "unreadable time (expected ISO 8601, 10/Oct/2000:13:55:36 -0700, or epoch seconds/millis)";
    return false;
}

static int64_t count_of(jsonl_state *st, jf f) {
    double d;
    return number_of(st, f, &d, NULL) && d >= 0 && d < 9e18 ? (int64_t)d : -1;
}

static proxy_result derive_result(sv result, sv action, int status) {
    proxy_result r = verdict_word(result);
    if (r == PR_UNKNOWN) r = verdict_word(action);
    if (r != PR_UNKNOWN) return r;
    if (sv_starts_with(action, SV("TCP_")) || sv_starts_with(action, SV("UDP_")) ||
        sv_starts_with(action, SV("NONE")) || sv_starts_with(action, SV("TAG_")))
        return verdict_squid(action, status, SV_NULL);
    if (status > 0) return verdict_status(status, true);
    return PR_UNKNOWN;
}

static int jsonl_parse(void *state, sv line, event *ev, const char **why) {
    jsonl_state *st = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    const char *err = json_scan_parse(st->js, l);
    if (err) {
        *why = err;
        return PARSE_ERROR;
    }
    /* Decoded strings take at most the line's length; a built URL adds the
     * separators around parts that are themselves in the line. */
    scratch_begin(&st->sc, 2 * l.n + 64);
    if (!parse_time(st, ev, why)) return PARSE_ERROR;
    http_event *h = &ev->u.http;
    http_event_clear(h);
    ev->kind = EV_HTTP;
    h->client = text_of(st, J_CLIENT);
    ip_parse(h->client, &h->client_ip);
    h->user = text_of(st, J_USER);
    h->method = text_of(st, J_METHOD);
    h->action = text_of(st, J_ACTION);
    h->user_agent = text_of(st, J_USER_AGENT);
    h->referer = text_of(st, J_REFERER);
    h->content_type = text_of(st, J_CONTENT_TYPE);
    h->server = text_of(st, J_SERVER);
    ip_parse(h->server, &h->server_ip);
    h->bytes_in = count_of(st, J_BYTES_IN);
    h->bytes_out = count_of(st, J_BYTES_OUT);
    double d;
    const candidate *c = NULL;
    if (number_of(st, J_DURATION, &d, &c) && d >= 0 && d < 9e15)
        h->duration_ms = (int64_t)(d * (double)c->ns_per_unit / 1e6);
    int64_t status = count_of(st, J_STATUS);
    h->status = status >= 0 && status <= 999 ? (int32_t)status : 0;

    h->url = text_of(st, J_URL);
    url_parts u = {0};
    if (h->url.n) url_split(h->url, sv_eq(h->method, SV("CONNECT")), &u);
    sv scheme = text_of(st, J_SCHEME), host = text_of(st, J_HOST), path = text_of(st, J_PATH),
       query = text_of(st, J_QUERY);
    h->scheme = scheme.n ? scheme : u.scheme;
    h->host = host.n ? host : u.host;
    h->path = path.n ? path : u.path;
    h->query = query.n ? query : u.query;
    int64_t port = count_of(st, J_PORT);
    h->port = port > 0 && port <= 65535 ? (int32_t)port : u.port ? u.port : default_port_for_scheme(h->scheme);
    if (!h->url.n && (h->host.n || h->path.n)) {
        size_t cap = l.n + 32;
        char *o = scratch_take(&st->sc, cap);
        size_t n = o ? url_compose(o, cap, h->scheme, h->host, h->port, h->path, h->query) : 0;
        if (o) scratch_trim(&st->sc, o, n);
        h->url = sv_make(o, n);
    }
    h->result = derive_result(text_of(st, J_RESULT), h->action, h->status);
    return PARSE_OK;
}

/* A line is ours when it is a JSON object with a time and something of an
 * HTTP request (url, method or status) under the default names. */
static int jsonl_sniff(const sv *lines, size_t n) {
    jsonl_state *st = jsonl_open(NULL, &(const char *){NULL});
    size_t seen = 0, good = 0;
    for (size_t i = 0; i < n; i++) {
        sv l = sv_trim(lines[i]);
        if (!l.n) continue;
        seen++;
        if (l.p[0] != '{' || json_scan_parse(st->js, l)) continue;
        if (find_field(st, J_TIME, NULL) >= 0 &&
            (find_field(st, J_URL, NULL) >= 0 || find_field(st, J_METHOD, NULL) >= 0 ||
             find_field(st, J_STATUS, NULL) >= 0))
            good++;
    }
    jsonl_close(st);
    return seen ? (int)(good * 75 / seen) : 0;
}

const format format_jsonl = {
    .name = "jsonl",
    .summary = "JSON lines (ECS and common names; --field-map to name the keys)",
    .kind = EV_HTTP,
    .sniff = jsonl_sniff,
    .open = jsonl_open,
    .close = jsonl_close,
    .parse = jsonl_parse,
};
