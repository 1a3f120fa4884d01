/* test_format_firewall.c - the iptables and fortigate parsers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mtime.h"
#include "parse_helper.h"

#include <stdio.h>
#include <stdlib.h>

static void iptables_rfc3339_accept(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "iptables", 0);
    event ev;
    const char *why;
    int rc = ctx_line(&c,
                      "2015-05-20T14:12:07.123456+09:00 corefw01 kernel: [3456789.123456] CORE-ACCEPT IN=vlan20 "
                      "OUT=vlan10 MAC=00:1b:21:ec:9b:2a:00:1b:21:da:3c:89:08:00 SRC=10.20.3.45 DST=10.20.7.9 LEN=52 "
                      "TOS=0x00 PREC=0x00 TTL=127 ID=4242 DF PROTO=TCP SPT=49733 DPT=445 WINDOW=8192 RES=0x00 SYN URGP=0",
                      &ev, &why);
    assert_int_equal(rc, PARSE_OK);
    assert_int_equal(ev.kind, EV_CONN);
    const conn_event *e = &ev.u.conn;
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2015-05-20T05:12:07.123Z"), &want, NULL, 0));
    assert_int_equal(ev.time_ms, want);
    assert_int_equal(ev.tz_off_min, 540);
    assert_true(sv_is(e->device, "corefw01"));
    assert_true(sv_is(e->src, "10.20.3.45"));
    assert_int_equal(e->src_ip.family, 4);
    assert_true(sv_is(e->dst, "10.20.7.9"));
    assert_int_equal(e->src_port, 49733);
    assert_int_equal(e->dst_port, 445);
    assert_true(sv_is(e->proto, "tcp"));
    assert_int_equal(e->result, CR_ALLOWED);
    assert_true(sv_is(e->action, "CORE-ACCEPT"));
    assert_true(sv_is(e->in_if, "vlan20"));
    assert_true(sv_is(e->out_if, "vlan10"));
    assert_int_equal(e->bytes_in, -1);
    ctx_close(&c);
}

static void iptables_bsd_ufw_and_icmp(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "iptables", 540);
    event ev;
    const char *why;
    /* UFW's bracketed prefix; no host-less confusion; BSD time in the default zone */
    assert_int_equal(ctx_line(&c,
                              "Dec 26 09:05:47 server01 kernel: [126140.629122] [UFW BLOCK] IN=eth0 OUT= "
                              "MAC=00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd SRC=198.51.100.9 DST=192.0.2.4 LEN=52 "
                              "TOS=0x02 PREC=0x00 TTL=128 ID=9209 DF PROTO=TCP SPT=17833 DPT=22 WINDOW=8192 RES=0x00 "
                              "CWR ECE SYN URGP=0",
                              &ev, &why),
                     PARSE_OK);
    assert_int_equal(ev.u.conn.result, CR_DENIED);
    assert_true(sv_is(ev.u.conn.action, "UFW BLOCK"));
    assert_true(sv_is(ev.u.conn.device, "server01"));
    assert_int_equal(ev.u.conn.out_if.n, 0);
    int64_t y;
    unsigned m, d;
    civil_from_days((ev.time_ms + 540 * 60000) / 86400000, &y, &m, &d);
    assert_int_equal(m, 12);
    assert_int_equal(d, 26);
    /* ICMP has TYPE/CODE, no ports; a prefix without a verdict word is unknown */
    assert_int_equal(ctx_line(&c,
                              "Aug 17 10:03:37 myhost kernel: FWLOG IN=eth0 OUT= SRC=203.0.113.36 DST=192.0.2.194 "
                              "LEN=28 TOS=0x00 PREC=0x00 TTL=44 ID=60200 PROTO=ICMP TYPE=8 CODE=0 ID=10466 SEQ=21229",
                              &ev, &why),
                     PARSE_OK);
    assert_true(sv_is(ev.u.conn.proto, "icmp"));
    assert_int_equal(ev.u.conn.dst_port, 0);
    assert_int_equal(ev.u.conn.result, CR_UNKNOWN);
    /* not kernel lines, or no fields: errors with a reason */
    assert_int_equal(ctx_line(&c, "Aug 17 10:03:37 myhost sshd[12]: Accepted password for root", &ev, &why),
                     PARSE_ERROR);
    assert_true(strlen(why) > 0);
    assert_int_equal(ctx_line(&c, "IN=eth0 SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "", &ev, &why), PARSE_SKIP);
    ctx_close(&c);
}

static void iptables_sniff_wins(void **unused) {
    (void)unused;
    sv lines[] = {
        SV("2015-05-20T14:12:07.123456+09:00 corefw01 kernel: [1.1] CORE-DROP IN=vlan20 OUT=vlan30 SRC=10.20.3.45 "
           "DST=10.30.0.7 LEN=52 TOS=0x00 PREC=0x00 TTL=127 ID=4242 DF PROTO=TCP SPT=49733 DPT=445"),
        SV("May  8 09:00:01 fw kernel: DROP IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 LEN=40 PROTO=UDP SPT=1 DPT=2 LEN=20"),
    };
    int conf = 0;
    const format *f = format_sniff(lines, 2, &conf);
    assert_non_null(f);
    assert_string_equal(f->name, "iptables");
}

static void fortigate_traffic(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "fortigate", 0);
    event ev;
    const char *why;
    assert_int_equal(ctx_line(&c,
                              "date=2016-06-16 time=10:19:23 devname=FW01 devid=FGTXXXX9999999999 logid=0000000013 "
                              "type=traffic subtype=forward level=notice vd=root srcip=10.1.1.5 srcport=57727 "
                              "srcintf=\"internal1\" dstip=198.51.100.81 dstport=80 dstintf=\"wan1\" sessionid=181876 "
                              "proto=6 action=deny policyid=8 service=\"HTTP\" app=\"Proxy.HTTP\" duration=30 "
                              "sentbyte=0 rcvdbyte=3042 tz=\"+0900\"",
                              &ev, &why),
                     PARSE_OK);
    const conn_event *e = &ev.u.conn;
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2016-06-16T10:19:23+09:00"), &want, NULL, 0));
    assert_int_equal(ev.time_ms, want);
    assert_true(sv_is(e->device, "FW01"));
    assert_true(sv_is(e->src, "10.1.1.5"));
    assert_true(sv_is(e->dst, "198.51.100.81"));
    assert_int_equal(e->dst_port, 80);
    assert_true(sv_is(e->proto, "tcp"));
    assert_int_equal(e->result, CR_DENIED);
    assert_true(sv_is(e->rule, "8"));
    assert_true(sv_is(e->in_if, "internal1"));
    assert_true(sv_is(e->service, "HTTP"));
    assert_true(sv_is(e->app, "Proxy.HTTP"));
    assert_int_equal(e->bytes_out, 0);
    assert_int_equal(e->bytes_in, 3042);
    assert_int_equal(e->duration_ms, 30000);
    ctx_close(&c);
}

static void fortigate_eventtime_prefix_and_old_names(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "fortigate", 540);
    event ev;
    const char *why;
    /* a relay's syslog prefix; eventtime in nanoseconds wins over date/time */
    assert_int_equal(ctx_line(&c,
                              "<189>May 15 18:03:41 10.0.0.1 date=2019-05-15 time=18:03:41 logid=\"0000000013\" "
                              "type=\"traffic\" subtype=\"forward\" level=\"notice\" vd=\"root\" "
                              "eventtime=1557968619000000000 srcip=10.1.100.22 srcport=50798 dstip=203.0.113.136 "
                              "dstport=443 proto=6 action=\"client-rst\" policyid=1 service=\"HTTPS\"",
                              &ev, &why),
                     PARSE_OK);
    assert_int_equal(ev.time_ms, 1557968619000LL);
    assert_int_equal(ev.u.conn.result, CR_ALLOWED);
    /* FortiOS 4 names and the "time=10: 13:03" split of some relays */
    assert_int_equal(ctx_line(&c,
                              "Dec 23 11:13:03 date=2011-07-24 time=10: 13:03 devname=Dev device_id=FGT1 "
                              "log_id=0038016004 type=traffic subtype=other pri=notice vd=root status=deny "
                              "src=10.3.3.3 dst=10.4.4.4 src_port=1111 dst_port=2222 proto=17 sent=5 rcvd=7",
                              &ev, &why),
                     PARSE_OK);
    int64_t want;
    assert_true(mtime_parse_iso8601(SV("2011-07-24T10:13:03+09:00"), &want, NULL, 0));
    assert_int_equal(ev.time_ms, want);
    assert_int_equal(ev.u.conn.result, CR_DENIED);
    assert_true(sv_is(ev.u.conn.src, "10.3.3.3"));
    assert_int_equal(ev.u.conn.dst_port, 2222);
    assert_true(sv_is(ev.u.conn.proto, "udp"));
    assert_int_equal(ev.u.conn.bytes_out, 5);
    /* an event log (no addresses) still becomes a record */
    assert_int_equal(ctx_line(&c,
                              "date=2016-06-14 time=12:22:01 devname=Dev devid=FGT1 logid=0100032002 type=event "
                              "subtype=system level=alert vd=\"root\" logdesc=\"Admin login failed\" user=\"root\" "
                              "action=login status=failed msg=\"Administrator root login failed\"",
                              &ev, &why),
                     PARSE_OK);
    assert_true(sv_is(ev.u.conn.user, "root"));
    assert_int_equal(ev.u.conn.src.n, 0);
    /* counts no firewall writes: unknown, not negative or overflowed */
    assert_int_equal(ctx_line(&c,
                              "date=2016-06-14 time=12:22:01 devname=Dev devid=FGT1 logid=0000000013 type=traffic "
                              "srcip=10.1.1.5 dstip=198.51.100.81 action=accept duration=9223372036854775807 "
                              "sentbyte=-5 rcvdbyte=-9223372036854775808",
                              &ev, &why),
                     PARSE_OK);
    assert_int_equal(ev.u.conn.duration_ms, -1);
    assert_int_equal(ev.u.conn.bytes_out, -1);
    assert_int_equal(ev.u.conn.bytes_in, -1);
    assert_int_equal(ctx_line(&c,
                              "date=2016-06-14 time=12:22:01 devname=Dev devid=FGT1 logid=0000000013 type=traffic "
                              "srcip=10.1.1.5 dstip=198.51.100.81 action=accept duration=9223372036854775",
                              &ev, &why),
                     PARSE_OK);
    assert_int_equal(ev.u.conn.duration_ms, 9223372036854775000LL);
    /* broken input */
    assert_int_equal(ctx_line(&c, "date=2016-06-14 time=12:22:01 devname=\"unterminated", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "type=traffic srcip=1.2.3.4", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "date=nonsense time=xx devname=a logid=1 type=traffic", &ev, &why), PARSE_ERROR);
    ctx_close(&c);
}

/* Every FortiGate and iptables line of the Wazuh rule tests parses. */
static void shared_wazuh_lines(void **unused) {
    (void)unused;
    const char *shared = getenv("SHARED");
    if (!shared) skip();
    static const char *const files[][2] = {{"iptables.ini", "iptables"}, {"fortigate.ini", "fortigate"}};
    for (size_t k = 0; k < 2; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/data/wazuh-ruleset-lines/%s", shared, files[k][0]);
        FILE *f = fopen(path, "r");
        if (!f) skip();
        parse_ctx c;
        ctx_open(&c, files[k][1], 0);
        char line[8192];
        int n = 0;
        while (fgets(line, sizeof line, f)) {
            const char *p = strstr(line, " pass = ");
            if (strncmp(line, "log ", 4) || !p) continue;
            line[strcspn(line, "\n")] = 0;
            event ev;
            const char *why;
            int rc = ctx_line(&c, p + 8, &ev, &why);
            if (rc != PARSE_OK) fail_msg("%s: %s: %s", files[k][0], why, p + 8);
            n++;
        }
        fclose(f);
        ctx_close(&c);
        assert_true(n > 40);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(iptables_rfc3339_accept),
        cmocka_unit_test(iptables_bsd_ufw_and_icmp),
        cmocka_unit_test(iptables_sniff_wins),
        cmocka_unit_test(fortigate_traffic),
        cmocka_unit_test(fortigate_eventtime_prefix_and_old_names),
        cmocka_unit_test(shared_wazuh_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
