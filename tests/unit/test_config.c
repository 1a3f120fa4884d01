/* test_config.c - the config file, working hours, destination lists and the
 * User-Agent classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "core/mtime.h"
#include "detect/finding.h"
#include "detect/uaclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

static void write_config(const char *text) {
    snprintf(path, sizeof path, "/tmp/mitsuke-test-XXXXXX.conf");
    int fd = mkstemps(path, 5);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

static void test_full_file(void **state) {
    (void)state;
    write_config("# an organisation\n"
                 "[network]\n"
                 "internal = 10.0.0.0/8, 172.16.0.0/12\n"
                 "internal = 192.168.10.0/24\n"
                 "proxies = 10.1.1.1\n"
                 "[organisation]\n"
                 "domains = example.go.jp example.lg.jp\n"
                 "[time]\n"
                 "timezone = Asia/Tokyo\n"
                 "working_hours = 08:30-18:15\n"
                 "working_days = mon-fri\n"
                 "holidays = 2015-05-06\n"
                 "[allow]\n"
                 "destinations = *.updates.example.com, 203.0.113.0/24\n"
                 "user_agent = Our Inventory Agent/2.1\n"
                 "[rules]\n"
                 "shipped = no\n"
                 "[scan]\n"
                 "suspicious = high\n"
                 "exfil_min_bytes = 50M\n"
                 "exfil_window = 2d\n"
                 "beacon_min_strength = 0.7\n"
                 "cells10_memory = 64M\n"
                 "few_terminals = 25\n"
                 "session_min_requests = 80\n");
    config c;
    config_defaults(&c);
    char err[300];
    bool ok = config_load(&c, path, err, sizeof err);
    unlink(path);
    assert_true(ok);
    ipaddr ip;
    assert_true(ip_parse(SV("192.168.10.5"), &ip));
    assert_true(config_is_internal(&c, &ip));
    assert_true(ip_parse(SV("192.168.11.5"), &ip));
    assert_false(config_is_internal(&c, &ip));
    assert_true(ip_parse(SV("10.1.1.1"), &ip));
    assert_true(config_is_proxy(&c, &ip));
    assert_non_null(hostset_match(&c.org_domains, SV("www.Example.LG.jp")));
    assert_null(hostset_match(&c.org_domains, SV("example.jp")));
    assert_non_null(hostset_match(&c.allow_destinations, SV("a.updates.example.com")));
    assert_non_null(hostset_match(&c.allow_destinations, SV("203.0.113.9")));
    assert_null(hostset_match(&c.allow_destinations, SV("updates.example.com.evil.net")));
    assert_non_null(strlist_match(&c.allow_agents, SV("our inventory agent/2.1 (build 7)")));
    assert_int_equal(c.scan.suspicious_severity, SEV_HIGH);
    assert_int_equal(c.scan.exfil_min_bytes, 50000000);
    assert_int_equal(c.scan.exfil_window_ms, 2 * 86400000LL);
    assert_int_equal(c.scan.cells10_memory, 64000000);
    assert_true(c.scan.beacon_min_strength > 0.69 && c.scan.beacon_min_strength < 0.71);
    assert_int_equal(c.scan.few_terminals, 25);
    assert_int_equal(c.scan.session_min_requests, 80);
    assert_int_equal(c.work.start_min, 8 * 60 + 30);
    assert_false(c.use_shipped_rules);
    assert_int_equal(hostset_size(&c.dynamic_dns), 0);
    config_free(&c);
}

static void expect_error(const char *text, const char *want) {
    write_config(text);
    config c;
    config_defaults(&c);
    char err[300] = "";
    bool ok = config_load(&c, path, err, sizeof err);
    config_free(&c);
    unlink(path);
    assert_false(ok);
    if (!strstr(err, want)) fail_msg("error '%s' lacks '%s'", err, want);
    assert_non_null(strstr(err, path));
}

static void test_errors_name_file_and_line(void **state) {
    (void)state;
    expect_error("[network]\ninternal = 10.0.0.0/8\n\ninternal = 10.0.0.300/8\n", ":4: '10.0.0.300/8'");
    expect_error("[scan]\nbeacon_min_strength = 2\n", ":2: ");
    expect_error("[tiem]\n", ":1: unknown section [tiem]");
    expect_error("[time]\nworking_hours = 9 to 5\n", ":2: ");
    expect_error("[time]\ntimezone = Mars/Olympus\n", ":2: unknown time zone");
    expect_error("internal = 10.0.0.0/8\n", ":1: 'internal' comes before any [section]");
    expect_error("[scan]\nbogus = 1\n", ":2: unknown key 'bogus'");
    expect_error("[scan]\ncells10_memory = lots\n", ":2: 'lots': give a size like 128M");
    expect_error("[scan]\nsession_min_requests = 3\n", ":2: '3': give a whole number of at least 10");
    expect_error("[allow]\ndestinations_file = /nonexistent/list.txt\n", "/nonexistent/list.txt");
}

/* [readiness]: the Security log span thresholds of `mitsuke readiness`. */
static void test_readiness_section(void **state) {
    (void)state;
    config c;
    config_defaults(&c);
    assert_int_equal(c.readiness.security_span_warn_ms, 7LL * 86400000);
    assert_int_equal(c.readiness.security_span_target_ms, 90LL * 86400000);
    static const char text[] = "[readiness]\nsecurity_span_warn = 36h\nsecurity_span_target = 30d\n";
    char err[300] = "";
    assert_true(config_load_text(&c, "r.conf", text, sizeof text - 1, err, sizeof err));
    assert_int_equal(c.readiness.security_span_warn_ms, 36LL * 3600000);
    assert_int_equal(c.readiness.security_span_target_ms, 30LL * 86400000);
    config_free(&c);
    expect_error("[readiness]\nsecurity_span_warn = soon\n", ":2: 'soon': give a duration like 24h or 7d");
    expect_error("[readiness]\nsecurity_span = 7d\n", ":2: unknown key 'security_span' in [readiness]");
}

static void test_missing_file(void **state) {
    (void)state;
    config c;
    config_defaults(&c);
    char err[300];
    assert_false(config_load(&c, "/nonexistent/mitsuke.conf", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/mitsuke.conf"));
    config_free(&c);
}

static void test_shipped_rules_load(void **state) {
    (void)state;
    config c;
    config_defaults(&c);
    snprintf(c.rules_dir, sizeof c.rules_dir, "%s/rules", getenv("SRCDIR") ? getenv("SRCDIR") : ".");
    char err[300];
    assert_true(config_load(&c, "/dev/null", err, sizeof err));
    assert_non_null(hostset_match(&c.allow_destinations, SV("fe2.update.microsoft.com")));
    assert_non_null(hostset_match(&c.dynamic_dns, SV("evil.ddns.net")));
    assert_non_null(strlist_match(&c.tool_agents, SV("python-requests/2.31")));
    assert_null(hostset_match(&c.allow_destinations, SV("www.example.com")));
    /* the one online-storage list shared with `mitsuke mail`: the label after
     * the host names the service, sub-domains and shell patterns match */
    assert_non_null(hostset_match(&c.online_storage, SV("xgf.gigafile.nu")));
    const hostset_entry *e = hostset_find(&c.online_storage, SV("xgf.GigaFile.nu"));
    assert_non_null(e);
    assert_string_equal(e->pattern, "gigafile.nu");
    assert_string_equal(e->label, "ギガファイル便 (GigaFile)");
    assert_non_null(strstr(e->origin, "online-storage.txt:"));
    assert_non_null(hostset_match(&c.online_storage, SV("backup.s3.ap-northeast-1.amazonaws.com")));
    assert_non_null(hostset_match(&c.online_storage, SV("pastebin.com")));
    assert_null(hostset_match(&c.online_storage, SV("gigafile.nu.evil.example")));
    assert_null(hostset_match(&c.online_storage, SV("amazonaws.com")));
    config_free(&c);
}

/* A host longer than any DNS name matches nothing: cut to 255 bytes, this
 * one would end in the allowed domain. */
static void test_hostset_long_host(void **state) {
    (void)state;
    hostset h;
    hostset_init(&h);
    const char *why;
    assert_true(hostset_add(&h, SV("updates.example.com"), "t:1", &why));
    assert_true(hostset_add(&h, SV("*.cdn.example"), "t:2", &why));
    char host[300];
    memset(host, 'x', 235);
    snprintf(host + 235, sizeof host - 235, ".updates.example.com.evil.example");
    assert_true(strlen(host) > 255);
    assert_null(hostset_match(&h, sv_cstr(host)));
    host[255] = 0; /* the cut: now it is a sub-domain, and matches */
    assert_string_equal(hostset_match(&h, sv_cstr(host)), "t:1");
    assert_string_equal(hostset_find(&h, SV("cdn.example"))->pattern, "cdn.example");
    assert_string_equal(hostset_find(&h, SV("cdn.example"))->label, "");
    hostset_free(&h);
}

static void test_sizes_and_durations(void **state) {
    (void)state;
    uint64_t b;
    int64_t ms;
    assert_true(parse_bytes(SV("10M"), &b) && b == 10000000);
    assert_true(parse_bytes(SV("1.5 GB"), &b) && b == 1500000000);
    assert_true(parse_bytes(SV("4096"), &b) && b == 4096);
    assert_false(parse_bytes(SV("10 parsecs"), &b));
    assert_true(parse_duration_ms(SV("48h"), &ms) && ms == 48 * 3600000LL);
    assert_true(parse_duration_ms(SV("90s"), &ms) && ms == 90000);
    assert_false(parse_duration_ms(SV("48"), &ms));
}

static int64_t jst(int y, int mo, int d, int h, int mi) {
    return (days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + (h - 9) * 3600 + mi * 60) * 1000;
}

static void test_working_hours(void **state) {
    (void)state;
    workhours w;
    workhours_default(&w);
    assert_true(workhours_set_zone(&w, "JST"));
    assert_true(workhours_set_hours(&w, SV("08:30-18:00")));
    assert_false(workhours_is_off(&w, jst(2015, 5, 20, 13, 4)));   /* Wednesday afternoon */
    assert_true(workhours_is_off(&w, jst(2015, 5, 20, 8, 29)));
    assert_true(workhours_is_off(&w, jst(2015, 5, 20, 18, 0)));
    assert_true(workhours_is_off(&w, jst(2015, 5, 23, 11, 0)));    /* Saturday */
    assert_true(workhours_add_holiday(&w, SV("2015-05-06")));
    assert_true(workhours_is_off(&w, jst(2015, 5, 6, 11, 0)));     /* Golden Week */
    assert_true(workhours_set_days(&w, SV("sat,sun")));
    assert_false(workhours_is_off(&w, jst(2015, 5, 23, 11, 0)));
    /* A night shift crosses midnight. */
    assert_true(workhours_set_hours(&w, SV("22:00-06:00")));
    assert_false(workhours_is_off(&w, jst(2015, 5, 23, 23, 0)));
    assert_true(workhours_is_off(&w, jst(2015, 5, 23, 12, 0)));
    /* An IANA zone with daylight saving: 09:00 in New York is 13:00 UTC in May. */
    workhours_default(&w);
    assert_true(workhours_set_zone(&w, "America/New_York"));
    int64_t ny_nine = (days_from_civil(2015, 5, 20) * 86400 + 13 * 3600) * 1000;
    assert_int_equal(workhours_offset(&w, ny_nine), -4 * 60);
    assert_false(workhours_is_off(&w, ny_nine));
    assert_true(workhours_is_off(&w, ny_nine - 2 * 3600000));
    char buf[64];
    assert_string_equal(workhours_describe(&w, buf, sizeof buf), "08:00-20:00 Mon-Fri America/New_York");
}

static int classify(const char *ua) {
    obs_ua u;
    memset(&u, 0, sizeof u);
    ua_classify(sv_cstr(ua), NULL, &u);
    return u.cls;
}

static void test_user_agent_classes(void **state) {
    (void)state;
    assert_int_equal(classify(""), UA_EMPTY);
    assert_int_equal(classify("-"), UA_EMPTY);
    assert_int_equal(classify("Modzilla/-2.0 (Atari 7800)"), UA_MALFORMED);
    assert_int_equal(classify("Mozila/4.0 (compatible; MSIE 6.0)"), UA_MALFORMED);
    assert_int_equal(classify("Mozilla/5.0 (Windows NT 10.0; Win64; x64"), UA_MALFORMED);
    assert_int_equal(classify("Mozilla/x (Windows)"), UA_MALFORMED);
    assert_int_equal(classify("Mozilla/5.0 \x01 (Windows)"), UA_MALFORMED);
    assert_int_equal(classify("12345"), UA_MALFORMED);
    assert_int_equal(classify("Mozilla/5.0"), UA_BROWSER_LIKE);
    assert_int_equal(classify("Mozilla/4.0 (compatible; FCT 5.6.0; Windows NT 5.1)"), UA_BROWSER_LIKE);
    assert_int_equal(classify("Microsoft-CryptoAPI/10.0"), UA_OTHER);
    obs_ua u;
    memset(&u, 0, sizeof u);
    ua_classify(SV("Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko"), NULL, &u);
    assert_int_equal(u.cls, UA_BROWSER);
    assert_int_equal(u.family, UAF_MSIE);
    assert_int_equal(u.version, 11);
    assert_int_equal(u.os, 61);
    ua_classify(SV("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0.0.0 "
                   "Safari/537.36 Edg/118.0.2088.46"),
                NULL, &u);
    assert_int_equal(u.family, UAF_EDGE);
    assert_int_equal(u.version, 118);
    assert_int_equal(u.os, 100);
    ua_classify(SV("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)"), NULL, &u);
    assert_int_equal(u.family, UAF_MSIE);
    assert_int_equal(u.version, 8);
    assert_int_equal(u.os, 51);
    /* IE 11 in compatibility view: "MSIE 7.0", but the Trident/7.0 engine. */
    ua_classify(SV("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; WOW64; Trident/7.0; SLCC2)"), NULL, &u);
    assert_int_equal(u.family, UAF_MSIE);
    assert_int_equal(u.version, 11);
    ua_classify(SV("Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1)"), NULL, &u);
    assert_int_equal(u.version, 7);
    /* With the lists of a config: agents and tools. */
    config c;
    config_defaults(&c);
    strlist_add(&c.allow_agents, SV("Windows-Update-Agent"), "t");
    strlist_add(&c.tool_agents, SV("curl/"), "t");
    ua_classify(SV("Windows-Update-Agent/10.0.10011.16384 Client-Protocol/1.70"), &c, &u);
    assert_int_equal(u.cls, UA_AGENT);
    ua_classify(SV("curl/7.58.0"), &c, &u);
    assert_int_equal(u.cls, UA_TOOL);
    config_free(&c);
}

static void test_severity_and_kill_chain(void **state) {
    (void)state;
    assert_int_equal(severity_from_score(85), SEV_CRITICAL);
    assert_int_equal(severity_from_score(64), SEV_MEDIUM);
    assert_int_equal(severity_from_score(19), SEV_INFO);
    assert_int_equal(severity_parse("high"), SEV_HIGH);
    assert_int_equal(severity_parse("severe"), -1);
    assert_string_equal(kill_chain_name(KC_COMMAND_AND_CONTROL), "command-and-control");
    assert_string_equal(kill_chain_name(KC_ACTIONS_ON_OBJECTIVES), "actions-on-objectives");
    assert_string_equal(kill_chain_name(KC_LATERAL_MOVEMENT), "lateral-movement");
    assert_null(kill_chain_name(KC_NONE));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_file),          cmocka_unit_test(test_errors_name_file_and_line),
        cmocka_unit_test(test_missing_file),       cmocka_unit_test(test_shipped_rules_load),
        cmocka_unit_test(test_sizes_and_durations), cmocka_unit_test(test_working_hours),
        cmocka_unit_test(test_user_agent_classes), cmocka_unit_test(test_severity_and_kill_chain),
        cmocka_unit_test(test_hostset_long_host),  cmocka_unit_test(test_readiness_section),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
