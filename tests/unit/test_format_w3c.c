/* test_format_w3c.c - W3C extended / ELFF: the #Fields header and its
 * changes mid-file, ProxySG and IIS layouts, proxy results, quoting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/util.h"
#include "format_test.h"

static size_t parse_fixture(const char *rel, void (*check)(size_t, const event *)) {
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", rel), &len);
    sv lines[64];
    size_t n = ft_split_lines(text, len, lines, 64), records = 0;
    ftest t;
    ft_open(&t, "w3c");
    for (size_t i = 0; i < n; i++) {
        int rc = ft_parse_sv(&t, lines[i]);
        if (rc == PARSE_ERROR) fprintf(stderr, "line %zu: %s\n", i + 1, t.why);
        assert_int_not_equal(rc, PARSE_ERROR);
        if (rc == PARSE_OK) check(records++, &t.ev);
    }
    ft_close(&t);
    free(text);
    return records;
}

static void check_proxysg(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0:
        assert_int_equal(ev->time_ms, ft_time("2015-05-20T04:13:05Z"));
        assert_int_equal(ev->tz_off_min, 0);
        assert_int_equal(h->duration_ms, 39);
        assert_sv(h->client, "10.1.2.15");
        assert_sv_empty(h->user);
        assert_int_equal(h->status, 200);
        assert_sv(h->action, "TCP_NC_MISS");
        assert_sv(h->method, "GET");
        assert_sv(h->content_type, "text/html;%20charset=UTF-8");
        assert_sv(h->scheme, "http");
        assert_sv(h->host, "www.example.com");
        assert_int_equal(h->port, 80);
        assert_sv(h->path, "/index.html");
        assert_sv(h->query, "q=1"); /* ProxySG logs "?q=1" */
        assert_sv(h->url, "http://www.example.com/index.html?q=1");
        assert_sv(h->user_agent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
        assert_int_equal(h->bytes_in, 1234);
        assert_int_equal(h->bytes_out, 567);
        assert_sv_empty(h->server); /* s-ip is the proxy itself */
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 1:
        assert_sv(h->user, "alice");
        assert_sv(h->referer, "http://www.example.com/");
        assert_sv(h->host, "c2.example.net");
        assert_int_equal(h->result, PR_DENIED); /* policy_denied */
        break;
    case 2:
        assert_sv(h->method, "CONNECT");
        assert_sv(h->host, "www.example.org");
        assert_int_equal(h->port, 443);
        assert_int_equal(h->result, PR_AUTH_REQUIRED);
        break;
    case 3:
        assert_sv(h->action, "TCP_ERR_MISS");
        assert_int_equal(h->result, PR_ERROR); /* dns_unresolved_hostname, though marked DENIED */
        break;
    case 4:
        assert_sv(h->action, "TCP_TUNNELED");
        assert_int_equal(h->duration_ms, 120034);
        assert_sv(h->user_agent, "Mozilla/5.0 \"quoted\" agent");
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 5: /* after a second #Fields line with another order */
        assert_int_equal(ev->time_ms, ft_time("2015-05-20T05:00:00Z"));
        assert_int_equal(ev->tz_off_min, 540); /* from localtime */
        assert_sv(h->client, "10.1.2.18");
        assert_sv(h->url, "http://www.example.com:8080/a/b?x=y");
        assert_sv(h->host, "www.example.com");
        assert_int_equal(h->port, 8080);
        assert_sv(h->path, "/a/b");
        assert_sv(h->query, "x=y");
        assert_int_equal(h->bytes_in, 100);
        assert_int_equal(h->bytes_out, 50);
        assert_int_equal(h->duration_ms, 12);
        assert_sv(h->server, "93.184.216.34");
        assert_int_equal(h->server_ip.family, 4);
        break;
    default: fail();
    }
}

static void proxysg_fixture(void **unused) {
    (void)unused;
    assert_int_equal(parse_fixture("proxy/w3c-proxysg.log", check_proxysg), 6);
}

static void check_iis(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0:
        assert_sv(h->user_agent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"); /* '+' was a space */
        assert_sv(h->path, "/owa/auth/logon.aspx");
        assert_sv(h->query, "replaceCurrent=1");
        assert_sv(h->url, "/owa/auth/logon.aspx?replaceCurrent=1");
        assert_int_equal(h->port, 443); /* s-port */
        assert_sv(h->server, "192.0.2.80"); /* a web server: s-ip is the server */
        assert_int_equal(h->duration_ms, 15);
        assert_int_equal(h->bytes_in, -1);
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 1:
        assert_sv(h->method, "POST");
        assert_sv(h->user, "CORP\\alice");
        assert_sv(h->referer, "https://mail.example.jp/owa/"); /* not '+'-decoded */
        assert_sv(h->path, "/aspnet_client/system_web/shell.aspx");
        assert_sv_empty(h->query);
        break;
    default: fail();
    }
}

static void iis_fixture(void **unused) {
    (void)unused;
    assert_int_equal(parse_fixture("proxy/w3c-iis.log", check_iis), 2);
}

static void record_before_fields_header(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "w3c");
    assert_int_equal(ft_parse(&t, "#Software: SGOS 6.7.5.3"), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "2015-05-20 04:13:05 39 10.1.2.15 GET"), PARSE_ERROR);
    assert_string_equal(t.why, "W3C record before any #Fields header");
    assert_int_equal(ft_parse(&t, "#Fields: date time c-ip cs-method cs-uri"), PARSE_SKIP);
    const http_event *h = ft_record(&t, "2015-05-20 04:13:05 10.1.2.15 GET http://a.example/");
    assert_sv(h->host, "a.example");
    ft_close(&t);
}

static void bad_records(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "w3c");
    ft_parse(&t, "#Fields: date time c-ip sc-status cs-uri");
    assert_int_equal(ft_parse(&t, "2015-05-20 04:13:05 10.1.2.15"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "fewer fields"));
    assert_int_equal(ft_parse(&t, "2015-13-20 04:13:05 10.1.2.15 200 http://a/"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "2015-05-20 04:13:05 10.1.2.15 OK http://a/"), PARSE_ERROR);
    /* Extra fields are tolerated. */
    assert_int_equal(ft_parse(&t, "2015-05-20 04:13:05 10.1.2.15 200 http://a/ extra"), PARSE_OK);
    ft_close(&t);
}

static void elff_results(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "w3c");
    ft_parse(&t, "#Fields: date time c-ip sc-status s-action sc-filter-result x-exception-id cs-host");
    static const struct {
        const char *line;
        proxy_result want;
    } cases[] = {
        {"2015-05-20 04:00:00 10.0.0.1 200 TCP_HIT OBSERVED - a.example", PR_ALLOWED},
        {"2015-05-20 04:00:00 10.0.0.1 403 TCP_DENIED DENIED policy_denied a.example", PR_DENIED},
        {"2015-05-20 04:00:00 10.0.0.1 200 TCP_NC_MISS DENIED - a.example", PR_DENIED},
        {"2015-05-20 04:00:00 10.0.0.1 200 TCP_MISS PROXIED content_filter_denied a.example", PR_DENIED},
        {"2015-05-20 04:00:00 10.0.0.1 407 TCP_DENIED DENIED - a.example", PR_AUTH_REQUIRED},
        {"2015-05-20 04:00:00 10.0.0.1 401 TCP_DENIED DENIED authentication_failed a.example", PR_AUTH_REQUIRED},
        {"2015-05-20 04:00:00 10.0.0.1 503 TCP_ERR_MISS DENIED tcp_error a.example", PR_ERROR},
        {"2015-05-20 04:00:00 10.0.0.1 404 TCP_ERR_MISS DENIED dns_server_failure a.example", PR_ERROR},
        {"2015-05-20 04:00:00 10.0.0.1 0 TCP_NC_MISS OBSERVED - a.example", PR_ERROR},
        {"2015-05-20 04:00:00 10.0.0.1 404 TCP_MISS OBSERVED - a.example", PR_ALLOWED},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        const http_event *h = ft_record(&t, cases[i].line);
        if (h->result != cases[i].want) fprintf(stderr, "case %zu: %s\n", i, cases[i].line);
        assert_int_equal(h->result, cases[i].want);
    }
    ft_close(&t);
    /* A layout with no status or proxy fields cannot tell. */
    ft_open(&t, "w3c");
    ft_parse(&t, "#Fields: date time c-ip cs-uri");
    assert_int_equal(ft_record(&t, "2015-05-20 04:00:00 10.0.0.1 http://a.example/")->result, PR_UNKNOWN);
    assert_int_equal(ft_record(&t, "2015-05-20 04:00:00 10.0.0.1 -")->result, PR_UNKNOWN);
    ft_close(&t);
}

static void field_names_are_case_insensitive_and_tabs_separate(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "w3c");
    ft_parse(&t, "#Fields: Date Time C-IP CS-Method CS(Host) CS-URI-Stem SC-Status");
    const http_event *h = ft_record(&t, "2015-05-20\t04:00:00\t10.0.0.1\tGET\twww.example.com\t/x\t200");
    assert_sv(h->host, "www.example.com");
    assert_sv(h->path, "/x");
    assert_sv(h->url, "www.example.com/x"); /* no scheme logged */
    assert_int_equal(h->status, 200);
    ft_close(&t);
}

static void cisco_wsa_fields(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "w3c");
    ft_parse(&t, "#Fields: timestamp x-elapsed-time c-ip x-resultcode-httpstatus sc-bytes cs-method cs-url "
                 "cs-username cs-mime-type");
    const http_event *h = ft_record(&t, "1432094645.123 250 10.0.0.5 TCP_DENIED/403 1500 GET "
                                        "http://blocked.example/a.exe bob application/octet-stream");
    assert_int_equal(t.ev.time_ms, 1432094645123);
    assert_int_equal(h->duration_ms, 250);
    assert_sv(h->action, "TCP_DENIED");
    assert_int_equal(h->status, 403);
    assert_sv(h->host, "blocked.example");
    assert_sv(h->content_type, "application/octet-stream");
    assert_int_equal(h->result, PR_DENIED);
    ft_close(&t);
}

static void headers_are_per_parser_state(void **unused) {
    (void)unused;
    ftest a, b;
    ft_open(&a, "w3c");
    ft_open(&b, "w3c");
    ft_parse(&a, "#Fields: date time c-ip cs-host");
    ft_parse(&b, "#Fields: date time cs-host c-ip");
    assert_sv(ft_record(&a, "2015-05-20 04:00:00 10.0.0.1 a.example")->host, "a.example");
    assert_sv(ft_record(&b, "2015-05-20 04:00:00 b.example 10.0.0.2")->host, "b.example");
    ft_close(&a);
    ft_close(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(proxysg_fixture),
        cmocka_unit_test(iis_fixture),
        cmocka_unit_test(record_before_fields_header),
        cmocka_unit_test(bad_records),
        cmocka_unit_test(elff_results),
        cmocka_unit_test(field_names_are_case_insensitive_and_tabs_separate),
        cmocka_unit_test(cisco_wsa_fields),
        cmocka_unit_test(headers_are_per_parser_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
