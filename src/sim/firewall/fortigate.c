/* fortigate.c - FortiGate (FortiOS 5.x) traffic log lines, key=value with
 * quoted strings, as a FortiAnalyzer or syslog export holds them:
 *
 *   date=2015-05-08 time=09:00:01 devname=FGT-EDGE01 devid=FG100D3G15800142
 *   logid=0000000013 type=traffic subtype=forward level=notice vd=root
 *   eventtime=1431043201 srcip=10.10.0.5 srcport=51234 srcintf="dmz" dstip=...
 *   dstport=80 dstintf="wan1" sessionid=... proto=6 action=close policyid=3 ...
 *
 * date/time are local (JST); eventtime is the epoch in seconds. Allowed
 * sessions are logged when they end (action=close, or timeout when the
 * server never answered), denied ones at once (action=deny). */
#include "sim/firewall/firewall.h"
#include "sim/textfmt.h"

static const char *iface(const sim *s, uint32_t ip) {
    if (ip == s->w.proxy_ip || ip == s->w.mail_ip) return "dmz";
    if ((ip >> 24) == 10) return "internal";
    return "wan1";
}

static const char *country(uint32_t ip) {
    if ((ip >> 24) == 10) return "Reserved";
    uint32_t h = (ip * 2654435761u) >> 24;
    if (h < 150) return "Japan";
    if (h < 235) return "United States";
    if (h < 245) return "Singapore";
    return "Ireland";
}

void fortigate_write(buf *b, const sim_conn *c, sim *s) {
    uint64_t session = ++s->fw_session + 3100000;
    bool inbound = (c->src >> 24) != 10;
    buf_puts(b, "date=");
    put_ymd(b, c->t, 540, '-');
    buf_puts(b, " time=");
    put_hms(b, c->t, 540, ':');
    buf_puts(b, " devname=FGT-EDGE01 devid=FG100D3G15800142 logid=0000000013 type=traffic subtype=forward level=");
    buf_puts(b, c->allowed ? "notice" : "warning");
    buf_puts(b, " vd=root eventtime=");
    put_u64(b, (uint64_t)(c->t / 1000));
    buf_puts(b, " srcip=");
    put_ip4(b, c->src);
    buf_puts(b, " srcport=");
    put_u64(b, c->sport);
    buf_puts(b, " srcintf=\"");
    buf_puts(b, iface(s, c->src));
    buf_puts(b, "\" dstip=");
    put_ip4(b, inbound ? s->w.public_ip : c->dst);
    buf_puts(b, " dstport=");
    put_u64(b, c->dport);
    buf_puts(b, " dstintf=\"");
    buf_puts(b, iface(s, c->dst));
    buf_puts(b, "\" sessionid=");
    put_u64(b, session);
    buf_puts(b, " proto=");
    put_u64(b, c->proto);
    buf_puts(b, " action=");
    buf_puts(b, !c->allowed ? "deny" : c->timeout ? "timeout" : "close");
    buf_puts(b, " policyid=");
    put_u64(b, (uint64_t)c->policy);
    buf_puts(b, " service=\"");
    buf_puts(b, c->service ? c->service : "tcp");
    buf_puts(b, "\" dstcountry=\"");
    buf_puts(b, c->country ? c->country : country(c->dst));
    buf_puts(b, "\" srccountry=\"");
    buf_puts(b, country(c->src));
    buf_puts(b, "\"");
    if (inbound) {
        buf_puts(b, " trandisp=dnat tranip=");
        put_ip4(b, c->dst);
        buf_puts(b, " tranport=");
        put_u64(b, c->dport);
    } else if (c->allowed) {
        buf_puts(b, " trandisp=snat transip=");
        put_ip4(b, s->w.public_ip);
        buf_puts(b, " transport=");
        put_u64(b, c->sport);
    } else {
        buf_puts(b, " trandisp=noop");
    }
    if (c->app) {
        buf_puts(b, " app=\"");
        buf_puts(b, c->app);
        buf_putc(b, '"');
    }
    buf_puts(b, " duration=");
    put_u64(b, (uint64_t)(c->duration_ms / 1000));
    buf_puts(b, " sentbyte=");
    put_u64(b, (uint64_t)(c->sent > 0 ? c->sent : 0));
    buf_puts(b, " rcvdbyte=");
    put_u64(b, (uint64_t)(c->rcvd > 0 ? c->rcvd : 0));
    buf_puts(b, " sentpkt=");
    put_u64(b, (uint64_t)(c->sent > 0 ? c->sent / 1200 + 3 : c->allowed ? 1 : 0));
    if (c->allowed && !c->timeout) {
        buf_puts(b, " rcvdpkt=");
        put_u64(b, (uint64_t)(c->rcvd > 0 ? c->rcvd / 1400 + 2 : 1));
    }
    if (!c->allowed) buf_puts(b, " appcat=\"unscanned\" crscore=30 craction=131072 crlevel=high");
    buf_putc(b, '\n');
}
