/* iptables.c - netfilter LOG target lines from the kernel log ("iptables").
 *
 *   2015-05-20T14:12:07.123456+09:00 corefw01 kernel: [3456789.123456] CORE-DROP IN=vlan20 OUT=vlan30
 *   MAC=... SRC=10.20.3.45 DST=10.30.0.7 LEN=52 TOS=0x00 PREC=0x00 TTL=127 ID=4242 DF PROTO=TCP
 *   SPT=49733 DPT=445 WINDOW=8192 RES=0x00 SYN URGP=0
 *
 *   Feb  4 23:33:37 fw kernel: [ 3529.289825] [UFW BLOCK] IN=eth0 OUT= MAC=... SRC=... PROTO=UDP ...
 *
 * The syslog header gives the time and the device (see syslog_hdr.h). After
 * "kernel:" and the optional uptime in brackets comes the rule's log prefix,
 * which names the verdict: a prefix containing DROP, REJECT, DENY or BLOCK
 * means denied; ACCEPT, ALLOW, PASS or PERMIT means allowed; anything else
 * (or no prefix) is unknown. The prefix is kept as `action` and `rule`.
 * Then KEY=VALUE fields: IN, OUT, SRC, DST, PROTO, SPT, DPT (and for ICMP
 * TYPE/CODE, which are not ports). LEN is a packet length, not a byte count,
 * so bytes stay unknown. */
#include "formats/format.h"
#include "formats/field.h"
#include "formats/syslog_hdr.h"
#include "formats/verdict.h"

static bool has_fields(sv line) {
    return sv_find(line, SV("SRC=")) >= 0 && sv_find(line, SV(" DST=")) >= 0 && sv_find(line, SV("PROTO=")) >= 0;
}

static int iptables_sniff(const sv *lines, size_t n) {
    size_t good = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (!lines[i].n) continue;
        seen++;
        syslog_hdr h;
        if (has_fields(lines[i]) && sv_find(lines[i], SV(" IN=")) >= 0 && syslog_parse(lines[i], 0, &h)) good++;
    }
    return seen ? (int)(good * 90 / seen) : 0;
}

static sv proto_name(sv p) {
    if (sv_case_eq(p, SV("TCP"))) return SV("tcp");
    if (sv_case_eq(p, SV("UDP"))) return SV("udp");
    if (sv_case_eq(p, SV("ICMP"))) return SV("icmp");
    if (sv_case_eq(p, SV("ICMPv6"))) return SV("icmpv6");
    return p;
}

static int iptables_parse(void *state, sv line, event *ev, const char **why) {
    const format_options *o = state;
    sv l = sv_trim(line);
    if (!l.n) return PARSE_SKIP;
    syslog_hdr h;
    if (!syslog_parse(l, o->default_offset_min, &h)) {
        *why = "no syslog time stamp in front of the kernel line";
        return PARSE_ERROR;
    }
    sv msg = h.msg, tag;
    if (syslog_tag(&msg, &tag) && !sv_ends_with(tag, SV("kernel")) && !sv_eq(tag, SV("kern"))) {
        *why = "not a kernel message";
        return PARSE_ERROR;
    }
    if (msg.n && msg.p[0] == '[') {
        ptrdiff_t close = sv_find_char(msg, ']');
        sv inside = close > 0 ? sv_trim(sv_sub(msg, 1, (size_t)close)) : SV_NULL;
        double up;
        if (close > 0 && sv_to_double(inside, &up)) msg = sv_trim(sv_sub(msg, (size_t)close + 1, msg.n));
    }
    ptrdiff_t in = sv_find(msg, SV("IN="));
    if (in < 0 || !has_fields(msg)) {
        *why = "not a netfilter LOG line (no IN=, SRC=, DST=, PROTO=)";
        return PARSE_ERROR;
    }
    conn_event *c = &ev->u.conn;
    conn_event_clear(c);
    ev->kind = EV_CONN;
    ev->time_ms = h.time_ms;
    ev->tz_off_min = (int16_t)h.off_min;
    c->device = h.host;
    sv label = sv_trim(sv_sub(msg, 0, (size_t)in));
    if (label.n >= 2 && label.p[0] == '[' && label.p[label.n - 1] == ']') label = sv_trim(sv_sub(label, 1, label.n - 1));
    c->action = label;
    c->rule = label;
    c->result = verdict_log_prefix(label);
    sv rest = sv_sub(msg, (size_t)in, msg.n), tok;
    bool icmp = false;
    while (sv_next_token(&rest, &tok)) {
        ptrdiff_t eq = sv_find_char(tok, '=');
        if (eq <= 0) continue;
        sv k = sv_sub(tok, 0, (size_t)eq), v = sv_sub(tok, (size_t)eq + 1, tok.n);
        if (sv_eq(k, SV("IN"))) c->in_if = v;
        else if (sv_eq(k, SV("OUT"))) c->out_if = v;
        else if (sv_eq(k, SV("SRC"))) c->src = v, ip_parse(v, &c->src_ip);
        else if (sv_eq(k, SV("DST"))) c->dst = v, ip_parse(v, &c->dst_ip);
        else if (sv_eq(k, SV("PROTO"))) c->proto = proto_name(v), icmp = sv_case_starts_with(v, SV("ICMP"));
        else if (sv_eq(k, SV("SPT")) && !icmp) c->src_port = field_port(v);
        else if (sv_eq(k, SV("DPT")) && !icmp) c->dst_port = field_port(v);
    }
    if (!c->src.n || !c->dst.n) {
        *why = "netfilter line without SRC= or DST= value";
        return PARSE_ERROR;
    }
    return PARSE_OK;
}

static void *iptables_open(const format_options *o, const char **err) {
    (void)err;
    static const format_options none = {0};
    return (void *)(o ? o : &none);
}

static void iptables_close(void *s) { (void)s; }

const format format_iptables = {
    .name = "iptables",
    .summary = "netfilter/iptables LOG lines in the kernel log (syslog), prefix label as the verdict",
    .kind = EV_CONN,
    .sniff = iptables_sniff,
    .open = iptables_open,
    .close = iptables_close,
    .parse = iptables_parse,
};
