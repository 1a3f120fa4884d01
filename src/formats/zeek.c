/* zeek.c - Zeek http.log in Zeek's TSV form ("zeek"), and the mapping of
 * Zeek's http fields to an event that zeek_json.c shares (zeek.h).
 *
 *   #separator \x09
 *   #set_separator	,
 *   #empty_field	(empty)
 *   #unset_field	-
 *   #path	http
 *   #fields	ts	uid	id.orig_h	id.orig_p	id.resp_h	id.resp_p	...
 *   #types	time	string	addr	port	addr	port	...
 *   1672843056.914972	CXHB1X22027MRWU6D	10.136.0.18	55548	10.136.0.16	3128	...
 *
 * The header lines set the separator (written escaped, \x09), the set
 * separator, the strings for empty and unset values, and the column order;
 * they are per-source parser state and may appear again mid-file (Zeek
 * starts a new header when logs are concatenated). Values are written with
 * \xHH escapes for unprintable bytes and the separator; those are decoded. */
#include "formats/zeek.h"
#include "core/mtime.h"
#include "core/util.h"
#include "formats/field.h"
#include "formats/format.h"
#include "formats/scratch.h"
#include "formats/url.h"
#include "formats/verdict.h"

#include <stdlib.h>

static const char *const zeek_names[ZK_COUNT] = {
    [ZK_TS] = "ts",
    [ZK_ORIG_H] = "id.orig_h",
    [ZK_RESP_H] = "id.resp_h",
    [ZK_RESP_P] = "id.resp_p",
    [ZK_METHOD] = "method",
    [ZK_HOST] = "host",
    [ZK_URI] = "uri",
    [ZK_REFERRER] = "referrer",
    [ZK_USER_AGENT] = "user_agent",
    [ZK_REQUEST_BODY_LEN] = "request_body_len",
    [ZK_RESPONSE_BODY_LEN] = "response_body_len",
    [ZK_STATUS_CODE] = "status_code",
    [ZK_USERNAME] = "username",
    [ZK_RESP_MIME_TYPES] = "resp_mime_types",
};

zeek_field zeek_field_by_name(sv name) {
    for (int f = 0; f < ZK_COUNT; f++)
        if (sv_eq(name, sv_cstr(zeek_names[f]))) return (zeek_field)f;
    return ZK_COUNT;
}

static bool parse_ts(sv ts, event *ev) {
    int off = 0;
    ev->tz_off_min = 0;
    if (mtime_parse_epoch(ts, &ev->time_ms)) return true;
    if (mtime_parse_iso8601(ts, &ev->time_ms, &off, 0)) {
        ev->tz_off_min = (int16_t)off;
        return true;
    }
    double d; /* JSON writers may use an exponent: 1.672843056914972E9 */
    if (sv_to_double(ts, &d) && d >= 0 && d < 1e12) {
        ev->time_ms = (int64_t)(d * 1000.0);
        return true;
    }
    return false;
}

int zeek_http_event(const sv *v, event *ev, const char **why) {
    if (!v[ZK_TS].n || !parse_ts(v[ZK_TS], ev)) {
        *why = "bad or missing ts (expected seconds since 1970 or ISO 8601)";
        return PARSE_ERROR;
    }
    http_event *h = &ev->u.http;
    http_event_clear(h);
    ev->kind = EV_HTTP;
    h->client = v[ZK_ORIG_H];
    ip_parse(h->client, &h->client_ip);
    h->user = v[ZK_USERNAME];
    h->method = v[ZK_METHOD];
    h->url = v[ZK_URI];
    h->user_agent = v[ZK_USER_AGENT];
    h->referer = v[ZK_REFERRER];
    h->content_type = v[ZK_RESP_MIME_TYPES];
    h->bytes_out = field_count(v[ZK_REQUEST_BODY_LEN]);
    h->bytes_in = field_count(v[ZK_RESPONSE_BODY_LEN]);

    bool connect = sv_eq(h->method, SV("CONNECT"));
    url_parts u;
    url_split(h->url, connect, &u);
    h->path = u.path, h->query = u.query;
    sv host_header;
    int32_t host_port;
    host_port_split(v[ZK_HOST], &host_header, &host_port);
    if (connect || (u.scheme.n && u.host.n)) {
        /* Through an explicit proxy: id.resp_h is the proxy, not the server. */
        h->scheme = u.scheme;
        h->host = u.host.n ? u.host : host_header;
        h->port = u.host.n ? u.port : host_port;
    } else {
        h->scheme = SV("http");
        h->host = host_header.n ? host_header : v[ZK_RESP_H];
        h->port = field_port(v[ZK_RESP_P]);
        h->server = v[ZK_RESP_H];
        ip_parse(h->server, &h->server_ip);
    }
    uint64_t status = 0;
    bool answered = v[ZK_STATUS_CODE].n && sv_to_u64(v[ZK_STATUS_CODE], &status) && status <= 999;
    h->status = answered ? (int32_t)status : 0;
    h->result = verdict_status(h->status, answered);
    return PARSE_OK;
}

/* ---- TSV --------------------------------------------------------------- */

#define ZEEK_MAX_COLUMNS 512
#define ZEEK_MAX_TOKEN 32

typedef struct zeek_tsv {
    char sep[ZEEK_MAX_TOKEN], set_sep[ZEEK_MAX_TOKEN], empty[ZEEK_MAX_TOKEN], unset[ZEEK_MAX_TOKEN];
    uint8_t col_field[ZEEK_MAX_COLUMNS];
    size_t ncols;            /* 0: no #fields line yet */
    bool is_http;            /* #fields has the request columns */
    scratch sc;
} zeek_tsv;

/* Decodes \xHH into `out` (at most s.n bytes); returns the length. */
static size_t unescape(sv s, char *out) {
    size_t n = 0;
    for (size_t i = 0; i < s.n; i++) {
        int hi, lo;
        if (s.p[i] == '\\' && i + 3 < s.n && s.p[i + 1] == 'x' && (hi = hex_digit(s.p[i + 2])) >= 0 &&
            (lo = hex_digit(s.p[i + 3])) >= 0) {
            out[n++] = (char)(hi * 16 + lo);
            i += 3;
        } else {
            out[n++] = s.p[i];
        }
    }
    return n;
}

/* A header value into a fixed buffer (\xHH decoded, and "\t" as some
 * writers spell the tab); false if too long or empty. */
static bool set_token(char *dst, sv value) {
    char tmp[ZEEK_MAX_TOKEN];
    if (!value.n || value.n >= sizeof tmp) return false;
    size_t n = sv_eq(value, SV("\\t")) ? (tmp[0] = '\t', 1) : unescape(value, tmp);
    if (memchr(tmp, 0, n)) return false; /* kept as C strings */
    memcpy(dst, tmp, n);
    dst[n] = 0;
    return true;
}

static void reset_header(zeek_tsv *z) {
    strcpy(z->sep, "\t");
    strcpy(z->set_sep, ",");
    strcpy(z->empty, "(empty)");
    strcpy(z->unset, "-");
    z->ncols = 0;
    z->is_http = false;
}

/* Next column; `rest` NULL-pointered after the last one. */
static bool next_col(sv *rest, const char *sep, sv *col) {
    if (!rest->p) return false;
    sv s = *rest, sepv = sv_cstr(sep);
    ptrdiff_t at = sepv.n == 1 ? sv_find_char(s, sep[0]) : sv_find(s, sepv);
    if (at < 0) {
        *col = s;
        *rest = SV_NULL;
    } else {
        *col = sv_sub(s, 0, (size_t)at);
        *rest = sv_sub(s, (size_t)at + sepv.n, s.n); /* "" (not NULL) after a trailing separator */
    }
    return true;
}

static void read_header(zeek_tsv *z, sv l) {
    if (sv_starts_with(l, SV("#separator "))) {
        set_token(z->sep, sv_trim(sv_sub(l, 11, l.n)));
        return;
    }
    sv rest = sv_sub(l, 1, l.n), name, value;
    next_col(&rest, z->sep, &name);
    if (sv_eq(name, SV("fields"))) {
        z->ncols = 0;
        bool method = false, uri = false;
        while (z->ncols < ZEEK_MAX_COLUMNS && next_col(&rest, z->sep, &value)) {
            zeek_field f = zeek_field_by_name(value);
            z->col_field[z->ncols++] = (uint8_t)f;
            method |= f == ZK_METHOD;
            uri |= f == ZK_URI || f == ZK_HOST;
        }
        z->is_http = method || uri;
        return;
    }
    value = rest.p ? rest : SV_NULL;
    if (sv_eq(name, SV("set_separator"))) set_token(z->set_sep, value);
    else if (sv_eq(name, SV("empty_field"))) set_token(z->empty, value);
    else if (sv_eq(name, SV("unset_field"))) set_token(z->unset, value);
}

static sv strip_eol(sv l) {
    while (l.n && (l.p[l.n - 1] == '\n' || l.p[l.n - 1] == '\r')) l.n--;
    return l;
}

static int zeek_parse(void *state, sv line, event *ev, const char **why) {
    zeek_tsv *z = state;
    sv l = strip_eol(line);
    if (!sv_trim(l).n) return PARSE_SKIP;
    if (l.p[0] == '#') {
        read_header(z, l);
        return PARSE_SKIP;
    }
    if (!z->ncols) {
        *why = "Zeek record before any #fields header";
        return PARSE_ERROR;
    }
    if (!z->is_http) {
        *why = "not a Zeek http.log (its #fields have no method, host or uri)";
        return PARSE_ERROR;
    }
    scratch_begin(&z->sc, l.n);
    sv v[ZK_COUNT] = {{0}}, rest = l, col;
    size_t i = 0;
    sv empty = sv_cstr(z->empty), unset = sv_cstr(z->unset), set_sep = sv_cstr(z->set_sep);
    for (; i < z->ncols && next_col(&rest, z->sep, &col); i++) {
        zeek_field f = z->col_field[i];
        if (f == ZK_COUNT || sv_eq(col, unset) || sv_eq(col, empty)) continue;
        if (f == ZK_RESP_MIME_TYPES) {
            ptrdiff_t cut = set_sep.n ? sv_find(col, set_sep) : -1;
            if (cut >= 0) col = sv_sub(col, 0, (size_t)cut);
        }
        if (sv_find(col, SV("\\x")) >= 0) {
            char *o = scratch_take(&z->sc, col.n);
            if (o) col = sv_make(o, unescape(col, o));
        }
        v[f] = col;
    }
    if (i < z->ncols) {
        *why = "Zeek record has fewer fields than its #fields header";
        return PARSE_ERROR;
    }
    return zeek_http_event(v, ev, why);
}

static int zeek_sniff(const sv *lines, size_t n) {
    int score = 0;
    for (size_t i = 0; i < n; i++) {
        sv l = lines[i];
        if (sv_starts_with(l, SV("#separator ")) && score < 90) score = 90;
        if (sv_starts_with(l, SV("#fields")) && l.n > 7) {
            char sep = l.p[7];
            char want1[] = "?method?", want2[] = "?uri?";
            want1[0] = want1[7] = want2[0] = want2[4] = sep;
            sv rest = sv_sub(l, 7, l.n);
            score = (sv_find(rest, sv_cstr(want1)) >= 0 || sv_find(rest, sv_cstr(want2)) >= 0) ? 97 : 20;
        }
        if (sv_starts_with(l, SV("#path")) && l.n > 6 && !sv_eq(sv_trim(sv_sub(l, 6, l.n)), SV("http"))) return 0;
    }
    return score;
}

static void *zeek_open(const format_options *o, const char **err) {
    (void)o, (void)err;
    zeek_tsv *z = xcalloc(1, sizeof *z);
    reset_header(z);
    return z;
}

static void zeek_close(void *s) {
    zeek_tsv *z = s;
    scratch_free(&z->sc);
    free(z);
}

const format format_zeek = {
    .name = "zeek",
    .summary = "Zeek http.log, TSV with #fields header",
    .kind = EV_HTTP,
    .sniff = zeek_sniff,
    .open = zeek_open,
    .close = zeek_close,
    .parse = zeek_parse,
};
