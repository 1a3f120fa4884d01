/* test_format_squid.c - the Squid native parser: the documented fields, the
 * appended custom fields, proxy results, junk request targets, and real
 * lines from fail2ban's and Wazuh's test suites. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"

static void native_fixture(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", "proxy/squid-native.log"), &len);
    sv lines[16];
    size_t n = ft_split_lines(text, len, lines, 16);
    assert_int_equal(n, 4);
    ftest t;
    ft_open(&t, "squid");

    const http_event *h = &t.ev.u.http;
    assert_int_equal(ft_parse_sv(&t, lines[0]), PARSE_OK);
    assert_int_equal(t.ev.time_ms, 1432112640123);
    assert_int_equal(h->duration_ms, 467);
    assert_sv(h->client, "10.1.2.15");
    assert_int_equal(h->client_ip.family, 4);
    assert_sv(h->action, "TCP_MISS");
    assert_int_equal(h->status, 200);
    assert_int_equal(h->bytes_in, 1234);
    assert_int_equal(h->bytes_out, -1);
    assert_sv(h->method, "GET");
    assert_sv(h->scheme, "http");
    assert_sv(h->host, "www.example.com");
    assert_int_equal(h->port, 80);
    assert_sv(h->path, "/index.html");
    assert_sv(h->server, "93.184.216.34");
    assert_sv(h->content_type, "text/html");
    assert_int_equal(h->result, PR_ALLOWED);

    assert_int_equal(ft_parse_sv(&t, lines[1]), PARSE_OK);
    assert_sv(h->method, "CONNECT");
    assert_sv(h->host, "c2.example.net");
    assert_int_equal(h->port, 443);
    assert_int_equal(h->result, PR_AUTH_REQUIRED);
    assert_sv_empty(h->server);

    assert_int_equal(ft_parse_sv(&t, lines[2]), PARSE_OK);
    assert_sv(h->user, "alice");
    assert_int_equal(h->result, PR_ALLOWED);
    assert_sv_empty(h->content_type);

    assert_int_equal(ft_parse_sv(&t, lines[3]), PARSE_OK);
    assert_int_equal(h->status, 503);
    assert_int_equal(h->result, PR_ERROR); /* 5xx with no upstream: never reached */
    ft_close(&t);
    free(text);
}

static void blank_and_comment_lines_are_skipped(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "squid");
    assert_int_equal(ft_parse(&t, ""), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "   "), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "# failJSON: {}"), PARSE_SKIP);
    ft_close(&t);
}

static void appended_custom_fields(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "squid");
    const http_event *h = ft_record(
        &t, "1432112640.123    467 10.1.2.15 TCP_MISS/200 1234 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 "
            "text/html \"http://ref.example/\" \"Mozilla/5.0 (X11)\" 321");
    assert_sv(h->referer, "http://ref.example/");
    assert_sv(h->user_agent, "Mozilla/5.0 (X11)");
    assert_int_equal(h->bytes_out, 321);
    /* User-Agent only. */
    h = ft_record(&t, "1432112640.123 467 10.1.2.15 TCP_MISS/200 1234 GET http://www.example.com/ - "
                      "HIER_DIRECT/93.184.216.34 text/html \"curl/7.58.0\"");
    assert_sv_empty(h->referer);
    assert_sv(h->user_agent, "curl/7.58.0");
    ft_close(&t);
}

static void results(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "squid");
    assert_int_equal(ft_record(&t, "1 1 10.0.0.1 TCP_DENIED/403 10 GET http://a/ - HIER_NONE/- -")->result, PR_DENIED);
    assert_int_equal(ft_record(&t, "1 1 10.0.0.1 NONE/000 0 GET http://a/ - HIER_NONE/- -")->result, PR_ERROR);
    assert_int_equal(ft_record(&t, "1 1 10.0.0.1 TAG_NONE/503 0 GET http://a/ - HIER_NONE/- -")->result, PR_ERROR);
    assert_int_equal(ft_record(&t, "1 1 10.0.0.1 TCP_MISS/404 10 GET http://a/ - HIER_DIRECT/1.2.3.4 -")->result,
                     PR_ALLOWED); /* the server answered, with whatever status */
    assert_int_equal(ft_record(&t, "1 1 10.0.0.1 TCP_MISS/503 0 GET http://a/ - HIER_DIRECT/1.2.3.4 -")->result,
                     PR_ALLOWED);
    ft_close(&t);
}

static void junk_targets_never_become_hosts(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "squid");
    const http_event *h =
        ft_record(&t, "1386543500.000      5 175.44.0.184 NONE/405 3364 CONNECT error:method-not-allowed - "
                      "HIER_NONE/- text/html");
    assert_sv_empty(h->host);
    assert_int_equal(h->port, 0);
    assert_sv(h->path, "error:method-not-allowed");
    assert_sv(h->url, "error:method-not-allowed");
    assert_int_equal(h->result, PR_ERROR);
    h = ft_record(&t, "1 1 10.0.0.1 TCP_DENIED/400 10 CONNECT not-a-host - HIER_NONE/- -");
    assert_sv_empty(h->host);
    assert_sv(h->path, "not-a-host");
    h = ft_record(&t, "1 1 10.0.0.1 TCP_DENIED/400 10 CONNECT bad/host:443 - HIER_NONE/- -");
    assert_sv_empty(h->host);
    h = ft_record(&t, "1 1 10.0.0.1 TCP_TUNNEL/200 10 CONNECT [2001:db8::1]:443 - HIER_DIRECT/2001:db8::1 -");
    assert_sv(h->host, "2001:db8::1");
    assert_int_equal(h->port, 443);
    assert_int_equal(h->server_ip.family, 6);
    h = ft_record(&t, "1 1 10.0.0.1 NONE/400 10 GET error:invalid-request - HIER_NONE/- -");
    assert_sv_empty(h->host);
    assert_sv(h->path, "error:invalid-request");
    ft_close(&t);
}

static void bad_records(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "squid");
    assert_int_equal(ft_parse(&t, "1432112640.123 467 10.1.2.15"), PARSE_ERROR);
    assert_non_null(t.why);
    assert_int_equal(ft_parse(&t, "yesterday 467 10.1.2.15 TCP_MISS/200 1 GET http://a/ - HIER_DIRECT/- -"),
                     PARSE_ERROR);
    assert_non_null(strstr(t.why, "timestamp"));
    assert_int_equal(ft_parse(&t, "1 467 10.1.2.15 TCP_MISS 1 GET http://a/ - HIER_DIRECT/- -"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "1 467 10.1.2.15 TCP_MISS/abc 1 GET http://a/ - HIER_DIRECT/- -"), PARSE_ERROR);
    ft_close(&t);
}

/* Wazuh's Squid decoder test lines: "log 1 pass = LINE". */
static void wazuh_rule_lines(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "SHARED", "data/wazuh-ruleset-lines/squid_rules.ini"), &len);
    sv lines[256];
    size_t n = ft_split_lines(text, len, lines, 256);
    ftest t;
    ft_open(&t, "squid");
    int seen = 0, denied = 0, auth = 0;
    for (size_t i = 0; i < n; i++) {
        sv prefix = SV("log 1 pass = ");
        if (!sv_starts_with(lines[i], prefix)) continue;
        seen++;
        assert_int_equal(ft_parse_sv(&t, sv_sub(lines[i], prefix.n, lines[i].n)), PARSE_OK);
        const http_event *h = &t.ev.u.http;
        if (h->status == 400) {
            assert_int_equal(h->result, PR_DENIED);
            assert_sv(h->path, "ahmet"); /* a junk target is kept, not a host */
            assert_sv_empty(h->host);
            denied++;
        }
        if (h->status == 407) {
            assert_int_equal(h->result, PR_AUTH_REQUIRED);
            assert_sv(h->host, "www.ossec.net");
            assert_sv(h->user, "oahmet");
            auth++;
        }
    }
    assert_int_equal(seen, 2);
    assert_int_equal(denied, 1);
    assert_int_equal(auth, 1);
    ft_close(&t);
    free(text);
}

/* Copies the string value of "key": "..." from a failJSON comment. */
static bool json_comment_value(sv line, const char *key, char *out, size_t size) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\": \"", key);
    ptrdiff_t at = sv_find(line, sv_cstr(pat));
    if (at < 0) return false;
    sv rest = sv_sub(line, (size_t)at + strlen(pat), line.n);
    ptrdiff_t end = sv_find_char(rest, '"');
    if (end < 0) return false;
    sv_to_buf(sv_sub(rest, 0, (size_t)end), out, size);
    return true;
}

/* fail2ban's Squid test log: each record follows a "# failJSON" comment
 * with the client ("host") and the time, written in the local time of the
 * machine that made the test (CET, UTC+1 in December). */
static void fail2ban_sample(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "SHARED", "data/proxy/fail2ban_squid.log"), &len);
    sv lines[256];
    size_t n = ft_split_lines(text, len, lines, 256);
    ftest t;
    ft_open(&t, "squid");
    char host[64] = "", when[64] = "";
    int records = 0, checked = 0, errors = 0;
    for (size_t i = 0; i < n; i++) {
        if (sv_starts_with(lines[i], SV("# failJSON"))) {
            assert_true(json_comment_value(lines[i], "host", host, sizeof host));
            assert_true(json_comment_value(lines[i], "time", when, sizeof when));
            continue;
        }
        int rc = ft_parse_sv(&t, lines[i]);
        assert_int_not_equal(rc, PARSE_ERROR);
        if (rc != PARSE_OK) continue;
        records++;
        const http_event *h = &t.ev.u.http;
        assert_sv(h->client, host);
        int64_t local_ms;
        int off;
        assert_true(mtime_parse_iso8601(sv_cstr(when), &local_ms, &off, 60)); /* CET */
        assert_int_equal(t.ev.time_ms, local_ms);
        if (h->result == PR_ERROR) errors++;
        else assert_int_equal(h->result, PR_DENIED);
        assert_true(h->host.n == 0 || h->host.p[0] != 'e'); /* never "error" */
        checked++;
    }
    assert_int_equal(records, 4);
    assert_int_equal(checked, 4);
    assert_int_equal(errors, 1); /* the CONNECT error:method-not-allowed */
    ft_close(&t);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(native_fixture),
        cmocka_unit_test(blank_and_comment_lines_are_skipped),
        cmocka_unit_test(appended_custom_fields),
        cmocka_unit_test(results),
        cmocka_unit_test(junk_targets_never_become_hosts),
        cmocka_unit_test(bad_records),
        cmocka_unit_test(wazuh_rule_lines),
        cmocka_unit_test(fail2ban_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
