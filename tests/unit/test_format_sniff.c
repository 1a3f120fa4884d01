/* test_format_sniff.c - every proxy format is told apart from the others by
 * its first lines, and text that is none of them is claimed by none. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"

static void expect_file(const char *env, const char *rel, const char *want) {
    char path[512];
    const format *f = ft_sniff_file(ft_path(path, sizeof path, env, rel));
    if (!f || strcmp(f->name, want)) fprintf(stderr, "%s: sniffed as %s, want %s\n", rel, f ? f->name : "none", want);
    assert_non_null(f);
    assert_string_equal(f->name, want);
}

static void fixtures_are_their_own_format(void **unused) {
    (void)unused;
    expect_file("FIXTURES", "proxy/squid-native.log", "squid");
    expect_file("FIXTURES", "proxy/combined.log", "combined");
    expect_file("FIXTURES", "proxy/common.log", "common");
    expect_file("FIXTURES", "proxy/w3c-proxysg.log", "w3c");
    expect_file("FIXTURES", "proxy/w3c-iis.log", "w3c");
    expect_file("FIXTURES", "proxy/zeek-http.log", "zeek");
    expect_file("FIXTURES", "proxy/zeek-http.json", "zeek-json");
    expect_file("FIXTURES", "proxy/ecs.jsonl", "jsonl");
}

static void real_samples(void **unused) {
    (void)unused;
    expect_file("SHARED", "data/zeek/rita-proxy/http.log", "zeek");
    expect_file("SHARED", "data/proxy/fail2ban_squid.log", "squid");
    expect_file("SHARED", "data/web/apache_combined_benign_2015.log", "combined");
    expect_file("SHARED", "data/web/tomcat_access_attack_and_webshell.log", "common");
}

/* Each format's score for the lines of one fixture: its own must win
 * clearly (by at least 20 points) over every other format. */
static void margins(void **unused) {
    (void)unused;
    static const struct {
        const char *rel, *name;
    } cases[] = {
        {"proxy/squid-native.log", "squid"}, {"proxy/combined.log", "combined"}, {"proxy/common.log", "common"},
        {"proxy/w3c-proxysg.log", "w3c"},    {"proxy/zeek-http.log", "zeek"},    {"proxy/zeek-http.json", "zeek-json"},
        {"proxy/ecs.jsonl", "jsonl"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char path[512];
        size_t len;
        char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", cases[c].rel), &len);
        sv lines[64];
        size_t n = ft_split_lines(text, len, lines, 64);
        int own = format_find(cases[c].name)->sniff(lines, n), best_other = 0;
        for (size_t i = 0; i < format_count(); i++) {
            const format *f = format_at(i);
            if (strcmp(f->name, cases[c].name)) {
                int s = f->sniff(lines, n);
                if (s > best_other) best_other = s;
            }
        }
        if (own < best_other + 20) fprintf(stderr, "%s: own %d, other %d\n", cases[c].rel, own, best_other);
        assert_true(own >= 50);
        assert_true(own >= best_other + 20);
        free(text);
    }
}

static void expect_none(const char *text) {
    char *copy = strdup(text);
    sv lines[32];
    size_t n = ft_split_lines(copy, strlen(copy), lines, 32);
    int conf = -1;
    const format *f = format_sniff(lines, n, &conf);
    if (f) fprintf(stderr, "claimed by %s (%d): %s\n", f->name, conf, text);
    assert_null(f);
    free(copy);
}

static void other_text_is_claimed_by_none(void **unused) {
    (void)unused;
    expect_none("The quick brown fox jumps over the lazy dog.\nLorem ipsum dolor sit amet, consectetur.\n"
                "1234 5678 abc def\n");
    expect_none("time,client,url,status\n2015-05-20T04:00:00Z,10.0.0.1,http://a.example/,200\n"
                "2015-05-20T04:00:01Z,10.0.0.2,http://b.example/,404\n");
    expect_none("May 20 13:04:05 proxy01 squid[1234]: Starting Squid Cache version 3.5.12\n"
                "May 20 13:04:06 proxy01 sshd[999]: Accepted publickey for admin from 10.0.0.5 port 50000 ssh2\n");
    expect_none("<134>1 2015-05-20T04:00:00Z fw01 - - - - allow src=10.0.0.1 dst=1.2.3.4\n");
    expect_none("");
    expect_none("\n\n");
    expect_none("# just a comment\n");
    expect_none("{\"level\":\"info\",\"msg\":\"started\",\"@timestamp\":\"2015-05-20T04:00:00Z\"}\n");
    expect_none("[1,2,3]\n");
}

static void other_real_logs_are_claimed_by_none(void **unused) {
    (void)unused;
    char path[512];
    /* Zeek's conn.log is not an http.log; Windows events as JSON are not HTTP
     * (the winjson format, not a proxy format, must take them). */
    assert_null(ft_sniff_file(ft_path(path, sizeof path, "SHARED", "data/zeek/rita-proxy/conn.log")));
    const format *win = ft_sniff_file(ft_path(path, sizeof path, "SHARED", "data/windows-json/schtask_create.json"));
    assert_non_null(win);
    assert_string_equal(win->name, "winjson");
    assert_null(ft_sniff_file(ft_path(path, sizeof path, "SHARED", "data/web/fail2ban/apache-auth.log")));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_are_their_own_format),
        cmocka_unit_test(real_samples),
        cmocka_unit_test(margins),
        cmocka_unit_test(other_text_is_claimed_by_none),
        cmocka_unit_test(other_real_logs_are_claimed_by_none),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
