/* zeek_json.c - Zeek http.log written as JSON lines ("zeek-json").
 *
 *   {"ts":1517336154.078555,"uid":"CsDSTo3cGyb7sbxsj5","id.orig_h":"10.55.100.109",
 *    "id.orig_p":52068,"id.resp_h":"52.44.164.170","id.resp_p":80,"method":"GET",...}
 *
 * Zeek's JSON writer (LogAscii::use_json) leaves unset fields out, writes
 * sets and vectors as arrays, and ts as epoch seconds, or as an ISO 8601
 * string with LogAscii::json_timestamps = JSON::TS_ISO8601. Keys are flat
 * ("id.orig_h"); a shipper that nested them ({"id":{"orig_h":...}}) is read
 * too. The mapping to an event is zeek.c's (zeek.h). */
#include "core/util.h"
#include "formats/format.h"
#include "formats/json_scan.h"
#include "formats/zeek.h"

#include <stdlib.h>

typedef struct zeek_json {
    json_scan *js;
    scratch sc;
} zeek_json;

/* A value as text: strings decoded, numbers as written, the first element of
 * an array; null and objects give nothing. */
static sv value_text(zeek_json *z, int tok) {
    json_type t = json_type_of(z->js, tok);
    if (t == JT_ARRAY) {
        tok = json_first_elem(z->js, tok);
        t = json_type_of(z->js, tok);
    }
    if (t == JT_STRING || t == JT_NUMBER) return json_string(z->js, tok, &z->sc);
    return SV_NULL;
}

static void take_members(zeek_json *z, int obj, sv prefix, sv *v) {
    char name[64];
    for (int k = json_first_key(z->js, obj); k >= 0; k = json_next_key(z->js, k)) {
        sv key = json_raw(z->js, k);
        int val = json_value(z->js, k);
        if (!prefix.n && sv_eq(key, SV("id")) && json_type_of(z->js, val) == JT_OBJECT) {
            take_members(z, val, SV("id."), v);
            continue;
        }
        if (prefix.n) {
            if (prefix.n + key.n >= sizeof name) continue;
            memcpy(name, prefix.p, prefix.n);
            memcpy(name + prefix.n, key.p, key.n);
            key = sv_make(name, prefix.n + key.n);
        }
        zeek_field f = zeek_field_by_name(key);
        if (f != ZK_COUNT && !v[f].n) v[f] = value_text(z, val);
    }
}

static int zeek_json_parse(void *state, sv line, event *ev, const char **why) {
    zeek_json *z = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    const char *err = json_scan_parse(z->js, l);
    if (err) {
        *why = err;
        return PARSE_ERROR;
    }
    scratch_begin(&z->sc, l.n);
    sv v[ZK_COUNT] = {{0}};
    take_members(z, 0, SV_NULL, v);
    if (!v[ZK_METHOD].n && !v[ZK_URI].n && !v[ZK_HOST].n && !v[ZK_STATUS_CODE].n) {
        *why = "not a Zeek http.log record (no method, uri, host or status_code)";
        return PARSE_ERROR;
    }
    return zeek_http_event(v, ev, why);
}

static bool looks_like_zeek_http(sv l) {
    l = sv_trim(l);
    return l.n && l.p[0] == '{' && sv_find(l, SV("\"uid\"")) >= 0 &&
           (sv_find(l, SV("\"id.orig_h\"")) >= 0 || sv_find(l, SV("\"orig_h\"")) >= 0) &&
           (sv_find(l, SV("\"trans_depth\"")) >= 0 || sv_find(l, SV("\"method\"")) >= 0 ||
            sv_find(l, SV("\"uri\"")) >= 0);
}

static int zeek_json_sniff(const sv *lines, size_t n) {
    size_t seen = 0, good = 0;
    for (size_t i = 0; i < n; i++) {
        if (!sv_trim(lines[i]).n) continue;
        seen++;
        good += looks_like_zeek_http(lines[i]);
    }
    return seen ? (int)(good * 97 / seen) : 0;
}

static void *zeek_json_open(const format_options *o, const char **err) {
    (void)o, (void)err;
    zeek_json *z = xcalloc(1, sizeof *z);
    z->js = json_scan_new(JSON_SCAN_MAX_TOKENS);
    return z;
}

static void zeek_json_close(void *s) {
    zeek_json *z = s;
    json_scan_free(z->js);
    scratch_free(&z->sc);
    free(z);
}

const format format_zeek_json = {
    .name = "zeek-json",
    .summary = "Zeek http.log as JSON lines (ts as epoch seconds or ISO 8601)",
    .kind = EV_HTTP,
    .sniff = zeek_json_sniff,
    .open = zeek_json_open,
    .close = zeek_json_close,
    .parse = zeek_json_parse,
};
