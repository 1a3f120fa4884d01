/* fortigate.c - FortiGate (FortiOS) logs: key=value pairs, values quoted
 * when they hold spaces ("fortigate").
 *
 *   date=2016-06-16 time=10:19:23 devname=FW01 devid=FGT... logid=0000000013 type=traffic
 *   subtype=forward level=notice vd=root srcip=10.1.1.5 srcport=57727 srcintf="internal1"
 *   dstip=7.8.9.81 dstport=80 dstintf="wan1" sessionid=181876 proto=6 action=deny policyid=8
 *   service="HTTP" duration=30 sentbyte=0 rcvdbyte=3042 ...
 *
 * Whatever a syslog relay put in front ("Mar 22 19:21:00 10.10.10.10 ",
 * "<189>") is skipped: the record starts at the first "date=" or "logid=".
 * Every record becomes a conn event - traffic, UTM and event logs alike - so
 * none is lost; fields a type lacks stay empty. Older FortiOS names (src,
 * dst, src_port, dst_port, status, sent, rcvd, src_int, dst_int, devname or
 * device_id) are read too.
 *
 * Time: eventtime when present (epoch in s, ms, us or ns - FortiOS 6.2+
 * writes ns), else date= and time= in the zone of tz= ("+0900") or, without
 * it, the default offset. The verdict comes from action= (or status=):
 * accept, close, timeout, pass, passthrough, allow, start, server-rst,
 * client-rst are allowed; deny, block(ed), drop(ped), reject, reset are
 * denied; anything else is unknown. */
#include "formats/format.h"
#include "core/mtime.h"
#include "formats/field.h"
#include "formats/verdict.h"

#include <stdio.h>
#include <stdlib.h>

#define FGT_MAX_FIELDS 160

typedef struct kv {
    sv k, v;
} kv;

typedef struct fgt_state {
    const format_options *opts;
    kv f[FGT_MAX_FIELDS];
    size_t n;
} fgt_state;

static ptrdiff_t record_start(sv line) {
    static const sv keys[] = {SV("date="), SV("logid="), SV("devname=")};
    ptrdiff_t best = -1;
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        sv rest = line;
        size_t base = 0;
        for (;;) {
            ptrdiff_t at = sv_find(rest, keys[k]);
            if (at < 0) break;
            size_t pos = base + (size_t)at;
            char before = pos ? line.p[pos - 1] : ' ';
            if (before == ' ' || before == '>' || before == '\t') {
                if (best < 0 || (ptrdiff_t)pos < best) best = (ptrdiff_t)pos;
                break;
            }
            base = pos + 1;
            rest = sv_sub(line, base, line.n);
        }
    }
    return best;
}

/* Splits key=value pairs; a value may be "quoted" (with \" escapes). A token
 * without '=' right after a value ends with ':' is glued on: some relays
 * break "time=10:13:03" into "time=10: 13:03". */
static bool split_pairs(fgt_state *st, sv s) {
    st->n = 0;
    size_t i = 0;
    while (i < s.n) {
        while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t')) i++;
        if (i >= s.n) break;
        size_t ks = i;
        while (i < s.n && s.p[i] != '=' && s.p[i] != ' ') i++;
        if (i >= s.n || s.p[i] != '=') {
            /* a stray word: continuation of the previous value, or noise */
            size_t ws = ks;
            while (i < s.n && s.p[i] != ' ') i++;
            if (st->n && st->f[st->n - 1].v.n && st->f[st->n - 1].v.p[st->f[st->n - 1].v.n - 1] == ':') {
                kv *prev = &st->f[st->n - 1];
                prev->v = sv_make(prev->v.p, (size_t)(s.p + i - prev->v.p));
            } else if (ws == 0 && st->n == 0) {
                return false;
            }
            continue;
        }
        sv key = sv_sub(s, ks, i);
        i++;
        sv val;
        if (i < s.n && s.p[i] == '"') {
            size_t vs = ++i;
            while (i < s.n && s.p[i] != '"') {
                if (s.p[i] == '\\' && i + 1 < s.n) i++;
                i++;
            }
            if (i >= s.n) return false;   /* unterminated quote */
            val = sv_sub(s, vs, i);
            i++;
        } else {
            size_t vs = i;
            while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t') i++;
            val = sv_sub(s, vs, i);
        }
        if (!key.n) return false;
        if (st->n < FGT_MAX_FIELDS) st->f[st->n++] = (kv){key, val};
    }
    return st->n > 0;
}

static sv get(const fgt_state *st, const char *a, const char *b) {
    sv ka = sv_cstr(a), kb = b ? sv_cstr(b) : SV_NULL;
    for (size_t i = 0; i < st->n; i++)
        if (sv_eq(st->f[i].k, ka) || (b && sv_eq(st->f[i].k, kb))) return st->f[i].v;
    return SV_NULL;
}

static int fortigate_sniff(const sv *lines, size_t n) {
    size_t good = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].n) continue;
        seen++;
        ptrdiff_t at = record_start(lines[i]);
        if (at < 0) continue;
        sv rest = sv_sub(lines[i], (size_t)at, lines[i].n);
        if ((sv_find(rest, SV(" type=")) >= 0 || sv_find(rest, SV(" type=\"")) >= 0) &&
            (sv_find(rest, SV("logid=")) >= 0 || sv_find(rest, SV("log_id=")) >= 0) &&
            (sv_find(rest, SV("devid=")) >= 0 || sv_find(rest, SV("device_id=")) >= 0 ||
             sv_find(rest, SV(" vd=")) >= 0))
            good++;
    }
    return seen ? (int)(good * 95 / seen) : 0;
}

static bool epoch_any(sv v, int64_t *ms) {
    uint64_t n;
    if (!sv_to_u64(v, &n) || v.n < 9) return false;
    if (v.n <= 10) *ms = (int64_t)n * 1000;
    else if (v.n <= 13) *ms = (int64_t)n;
    else if (v.n <= 16) *ms = (int64_t)(n / 1000);
    else *ms = (int64_t)(n / 1000000);
    return true;
}

/* time= values may carry a stray space after the colon (see split_pairs). */
static sv clean_time(sv t, char *tmp, size_t cap) {
    size_t k = 0;
    for (size_t i = 0; i < t.n && k < cap; i++)
        if (t.p[i] != ' ') tmp[k++] = t.p[i];
    return sv_make(tmp, k);
}

static bool tz_minutes(sv tz, int *off) {
    /* "+0900", "+09:00", "-0500" */
    if (tz.n < 5 || (tz.p[0] != '+' && tz.p[0] != '-')) return false;
    int64_t ms;
    int o;
    char tmp[40];
    int k = snprintf(tmp, sizeof tmp, "2000-01-01T00:00:00%.*s", SV_ARG(tz));
    if (k <= 0 || (size_t)k >= sizeof tmp || !mtime_parse_iso8601(sv_make(tmp, (size_t)k), &ms, &o, 0)) return false;
    *off = o;
    return true;
}

static sv proto_name(sv p) {
    if (sv_eq(p, SV("6"))) return SV("tcp");
    if (sv_eq(p, SV("17"))) return SV("udp");
    if (sv_eq(p, SV("1"))) return SV("icmp");
    if (sv_eq(p, SV("58"))) return SV("icmpv6");
    return p;
}

static int fortigate_parse(void *state, sv line, event *ev, const char **why) {
    fgt_state *st = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    ptrdiff_t at = record_start(l);
    if (at < 0) {
        *why = "no date=, logid= or devname= field";
        return PARSE_ERROR;
    }
    if (!split_pairs(st, sv_sub(l, (size_t)at, l.n))) {
        *why = "malformed key=value list (unterminated quote?)";
        return PARSE_ERROR;
    }
    conn_event *c = &ev->u.conn;
    conn_event_clear(c);
    ev->kind = EV_CONN;
    int off = st->opts->default_offset_min;
    sv tz = get(st, "tz", NULL);
    if (tz.n) tz_minutes(tz, &off);
    ev->tz_off_min = (int16_t)off;
    sv et = get(st, "eventtime", "logtime");
    if (!epoch_any(et, &ev->time_ms)) {
        sv date = get(st, "date", NULL), time = get(st, "time", NULL);
        char tmp[32], iso[64];
        sv t = clean_time(time, tmp, sizeof tmp);
        int k = snprintf(iso, sizeof iso, "%.*sT%.*s", SV_ARG(date), SV_ARG(t));
        int o;
        if (!date.n || !t.n || k <= 0 || (size_t)k >= sizeof iso ||
            !mtime_parse_iso8601(sv_make(iso, (size_t)k), &ev->time_ms, &o, off)) {
            *why = "no usable time (eventtime=, or date= and time=)";
            return PARSE_ERROR;
        }
    }
    c->device = get(st, "devname", "device_id");
    if (!c->device.n) c->device = get(st, "devid", NULL);
    c->src = get(st, "srcip", "src");
    if (!c->src.n) c->src = get(st, "remip", NULL);
    c->dst = get(st, "dstip", "dst");
    if (!c->dst.n) c->dst = get(st, "locip", NULL);
    ip_parse(c->src, &c->src_ip);
    ip_parse(c->dst, &c->dst_ip);
    c->src_port = field_port(get(st, "srcport", "src_port"));
    if (!c->src_port) c->src_port = field_port(get(st, "remport", NULL));
    c->dst_port = field_port(get(st, "dstport", "dst_port"));
    if (!c->dst_port) c->dst_port = field_port(get(st, "locport", NULL));
    c->proto = proto_name(get(st, "proto", NULL));
    c->action = get(st, "action", NULL);
    if (!c->action.n) c->action = get(st, "status", NULL);
    c->result = verdict_fortigate(c->action);
    c->rule = get(st, "policyid", "rule");
    c->in_if = get(st, "srcintf", "src_int");
    c->out_if = get(st, "dstintf", "dst_int");
    c->service = get(st, "service", NULL);
    c->app = get(st, "app", NULL);
    c->user = get(st, "user", NULL);
    if (sv_eq(c->user, SV("N/A"))) c->user = SV_NULL;
    c->bytes_out = field_count(get(st, "sentbyte", "sent"));
    c->bytes_in = field_count(get(st, "rcvdbyte", "rcvd"));
    int64_t seconds = field_count(get(st, "duration", NULL));
    if (seconds >= 0 && seconds <= INT64_MAX / 1000) c->duration_ms = seconds * 1000;
    return PARSE_OK;
}

static void *fortigate_open(const format_options *o, const char **err) {
    (void)err;
    fgt_state *st = calloc(1, sizeof *st);
    static const format_options none = {0};
    if (st) st->opts = o ? o : &none;
    return st;
}

static void fortigate_close(void *s) { free(s); }

const format format_fortigate = {
    .name = "fortigate",
    .summary = "FortiGate key=value logs (traffic, UTM, event), with or without a syslog prefix",
    .kind = EV_CONN,
    .sniff = fortigate_sniff,
    .open = fortigate_open,
    .close = fortigate_close,
    .parse = fortigate_parse,
};
