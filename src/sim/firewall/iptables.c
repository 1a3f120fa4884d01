/* iptables.c - netfilter LOG target lines as rsyslog stores the kernel log
 * with its RFC 3339 file format:
 *
 *   2015-05-20T14:12:07.123456+09:00 corefw01 kernel: [3456789.123456] CORE-ACCEPT IN=vlan20 OUT=vlan10
 *   MAC=... SRC=10.20.3.45 DST=10.10.0.20 LEN=52 TOS=0x00 PREC=0x00 TTL=127 ID=4242 DF PROTO=TCP
 *   SPT=49733 DPT=445 WINDOW=8192 RES=0x00 SYN URGP=0
 *
 * The rules log the first packet of each new connection with the prefix
 * CORE-ACCEPT or CORE-DROP (the label is the verdict). The bracketed number is
 * the kernel's uptime; the router booted 40 days before the simulation. */
#include "sim/firewall/firewall.h"
#include "sim/textfmt.h"

static const char *vlan(uint32_t ip) {
    switch ((ip >> 16) & 0xff) {
    case 10: return ((ip >> 8) & 0xff) == 5 ? "vlan15" : "vlan10";
    case 20: return "vlan20";
    case 30: return "vlan30";
    default: return "vlan99";
    }
}

static void put_mac(buf *b, uint32_t ip) {
    static const char hex[] = "0123456789abcdef";
    uint64_t h = mix64(ip);
    buf_puts(b, "00:1b:21");
    for (int i = 0; i < 3; i++) {
        buf_putc(b, ':');
        buf_putc(b, hex[(h >> (8 * i + 4)) & 15]);
        buf_putc(b, hex[(h >> (8 * i)) & 15]);
    }
}

void iptables_write(buf *b, const sim_conn *c, sim *s) {
    uint64_t h = mix4((uint64_t)c->t, c->src, c->dst, c->sport);
    put_iso_micro(b, c->t, 540);
    buf_puts(b, " corefw01 kernel: [");
    int64_t up = c->t - (s->w.start_ms - 40 * DAY_MS);
    put_u64_pad(b, (uint64_t)(up / 1000), 7, ' ');
    buf_putc(b, '.');
    put_u64_pad(b, (uint64_t)(up % 1000) * 1000 + (uint64_t)((c->t * 7) % 1000), 6, '0');
    buf_puts(b, c->allowed ? "] CORE-ACCEPT IN=" : "] CORE-DROP IN=");
    buf_puts(b, vlan(c->src));
    buf_puts(b, " OUT=");
    buf_puts(b, vlan(c->dst));
    buf_puts(b, " MAC=");
    put_mac(b, c->dst);
    buf_putc(b, ':');
    put_mac(b, c->src);
    buf_puts(b, ":08:00 SRC=");
    put_ip4(b, c->src);
    buf_puts(b, " DST=");
    put_ip4(b, c->dst);
    bool tcp = c->proto == 6;
    buf_puts(b, tcp ? " LEN=52" : " LEN=78");
    buf_puts(b, " TOS=0x00 PREC=0x00 TTL=127 ID=");
    put_u64(b, h >> 48);
    buf_puts(b, tcp ? " DF PROTO=TCP SPT=" : " PROTO=UDP SPT=");
    put_u64(b, c->sport);
    buf_puts(b, " DPT=");
    put_u64(b, c->dport);
    buf_puts(b, tcp ? " WINDOW=8192 RES=0x00 SYN URGP=0\n" : " LEN=58\n");
}
