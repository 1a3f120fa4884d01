/* test_format_combined.c - Apache/Squid combined and common log formats:
 * proxy and web-server request lines, Squid's %Ss:%Sh suffix, garbage
 * request lines kept as records, and real samples. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"

/* Walks a fixture: calls check(i, event) for every record. */
static size_t each_record(const char *fmt, const char *rel, void (*check)(size_t, const event *)) {
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", rel), &len);
    sv lines[64];
    size_t n = ft_split_lines(text, len, lines, 64), records = 0;
    ftest t;
    ft_open(&t, fmt);
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

static void check_combined(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0:
        assert_int_equal(ev->time_ms, ft_time("2015-05-20T04:04:05Z"));
        assert_int_equal(ev->tz_off_min, 540);
        assert_sv(h->client, "10.1.2.15");
        assert_sv_empty(h->user);
        assert_sv(h->method, "GET");
        assert_sv(h->url, "http://www.example.com/index.html?q=1");
        assert_sv(h->host, "www.example.com");
        assert_int_equal(h->port, 80);
        assert_sv(h->path, "/index.html");
        assert_sv(h->query, "q=1");
        assert_int_equal(h->status, 200);
        assert_int_equal(h->bytes_in, 1234);
        assert_sv_empty(h->referer);
        assert_sv(h->user_agent, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
        assert_sv(h->action, "TCP_MISS");
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 1:
        assert_sv(h->user, "alice");
        assert_sv(h->method, "CONNECT");
        assert_sv(h->host, "c2.example.net");
        assert_int_equal(h->port, 443);
        assert_int_equal(h->result, PR_AUTH_REQUIRED);
        break;
    case 2: assert_int_equal(h->result, PR_ALLOWED); break;
    case 3:
        assert_sv(h->referer, "http://www.example.com/");
        assert_sv(h->action, "TCP_DENIED");
        assert_int_equal(h->result, PR_DENIED);
        break;
    case 4: assert_int_equal(h->result, PR_ERROR); break; /* 503 from HIER_NONE */
    case 5:                                                /* web server: origin form */
        assert_int_equal(ev->tz_off_min, 0);
        assert_sv_empty(h->host);
        assert_int_equal(h->port, 0);
        assert_sv(h->path, "/index.html");
        assert_int_equal(h->bytes_in, 0); /* "-" */
        assert_sv_empty(h->action);
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 6: /* "-" request */
        assert_sv_empty(h->method);
        assert_sv(h->url, "-");
        assert_sv_empty(h->host);
        assert_int_equal(h->status, 408);
        break;
    case 7: /* a TLS handshake sent to a plain HTTP port, as Apache escapes it */
        assert_sv_empty(h->method);
        assert_sv(h->url, "\\x16\\x03\\x01\\x00\\xa5\\x01\\x00\\x00\\xa1\\x03\\x03");
        assert_sv_empty(h->host);
        assert_int_equal(h->status, 400);
        break;
    case 8: /* escaped quote inside the request */
        assert_sv(h->path, "/cgi-bin/test.cgi");
        assert_sv(h->query, "a=\\\"b\\\"");
        assert_sv(h->user_agent, "Mozilla/5.00 (Nikto/2.1.6)");
        break;
    case 9: /* no protocol version */
        assert_sv(h->method, "GET");
        assert_sv(h->path, "/truncated");
        break;
    default: fail();
    }
}

static void combined_fixture(void **unused) {
    (void)unused;
    assert_int_equal(each_record("combined", "proxy/combined.log", check_combined), 10);
}

static void check_common(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0: /* the example in Apache's mod_log_config documentation */
        assert_int_equal(ev->time_ms, ft_time("2000-10-10T20:55:36Z"));
        assert_int_equal(ev->tz_off_min, -420);
        assert_sv(h->client, "127.0.0.1");
        assert_sv(h->user, "frank");
        assert_sv(h->path, "/apache_pb.gif");
        assert_int_equal(h->status, 200);
        assert_int_equal(h->bytes_in, 2326);
        assert_sv_empty(h->user_agent);
        break;
    case 1:
        assert_sv(h->host, "www.example.com");
        assert_sv(h->action, "TCP_MISS");
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 2:
        assert_sv(h->method, "CONNECT");
        assert_sv_empty(h->host);
        assert_sv(h->path, "error:method-not-allowed");
        assert_int_equal(h->result, PR_ERROR);
        break;
    case 3:
        assert_int_equal(h->status, 401);
        assert_int_equal(h->bytes_in, 0);
        break;
    default: fail();
    }
}

static void common_fixture(void **unused) {
    (void)unused;
    assert_int_equal(each_record("common", "proxy/common.log", check_common), 4);
}

static void unescaped_quotes_in_the_request(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "common");
    /* Tomcat writes quotes inside the request as they came. */
    const http_event *h = ft_record(&t, "192.168.105.83 - - [11/Jul/2018:09:32:27 +0300] \"GET "
                                        "/WebID/IISWebAgentIF.dll?postdata=\"><script>foo</script> HTTP/1.1\" 404 997");
    assert_sv(h->method, "GET");
    assert_sv(h->path, "/WebID/IISWebAgentIF.dll");
    assert_sv(h->query, "postdata=\"><script>foo</script>");
    assert_int_equal(h->status, 404);
    assert_int_equal(h->bytes_in, 997);
    ft_close(&t);
}

static void nginx_extra_fields_are_ignored(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "combined");
    const http_event *h = ft_record(&t, "12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] \"GET "
                                        "//phpMyAdmin-2.8.2.3/scripts/setup.php HTTP/1.1\" 404 47 \"-\" \"-\" \"-\"");
    assert_sv(h->path, "//phpMyAdmin-2.8.2.3/scripts/setup.php");
    assert_sv_empty(h->user_agent);
    assert_sv_empty(h->action);
    ft_close(&t);
}

static void bad_records(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "combined");
    assert_int_equal(ft_parse(&t, "10.0.0.1 - - 20/May/2015:13:04:05 \"GET / HTTP/1.1\" 200 1"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "10.0.0.1 - - [yesterday] \"GET / HTTP/1.1\" 200 1"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "time"));
    assert_int_equal(ft_parse(&t, "10.0.0.1 - - [20/May/2015:13:04:05 +0900] \"GET / HTTP/1.1\" OK 1"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "10.0.0.1 - - [20/May/2015:13:04:05 +0900] \"GET / HTTP/1.1\" 200 many"),
                     PARSE_ERROR);
    /* Cut in the middle of the request: no status or bytes to keep. */
    assert_int_equal(ft_parse(&t, "10.0.0.1 - - [20/May/2015:13:04:05 +0900] \"GET /a"), PARSE_ERROR);
    ft_close(&t);
}

/* Every line of a 10,000-line real Apache log parses. */
static void apache_sample(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "SHARED", "data/web/apache_combined_benign_2015.log"), &len);
    static sv lines[12000];
    size_t n = ft_split_lines(text, len, lines, 12000), ok = 0, with_ua = 0;
    ftest t;
    ft_open(&t, "combined");
    for (size_t i = 0; i < n; i++) {
        int rc = ft_parse_sv(&t, lines[i]);
        if (rc == PARSE_ERROR) fprintf(stderr, "line %zu: %s\n", i + 1, t.why);
        assert_int_not_equal(rc, PARSE_ERROR);
        if (rc == PARSE_OK) ok++, with_ua += t.ev.u.http.user_agent.n > 0;
    }
    assert_int_equal(ok, 10000);
    assert_true(with_ua > 9000);
    ft_close(&t);
    free(text);
}

/* The Tomcat attack log: binary requests and raw quotes; nothing dropped. */
static void tomcat_sample(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text =
        ft_read_file(ft_path(path, sizeof path, "SHARED", "data/web/tomcat_access_attack_and_webshell.log"), &len);
    static sv lines[4000];
    size_t n = ft_split_lines(text, len, lines, 4000), ok = 0, webshell = 0;
    ftest t;
    ft_open(&t, "common");
    for (size_t i = 0; i < n; i++) {
        int rc = ft_parse_sv(&t, lines[i]);
        if (rc == PARSE_ERROR) fprintf(stderr, "line %zu: %s\n", i + 1, t.why);
        assert_int_not_equal(rc, PARSE_ERROR);
        if (rc != PARSE_OK) continue;
        ok++;
        if (sv_eq(t.ev.u.http.path, SV("/error/cmd.jsp"))) webshell++;
    }
    assert_int_equal(ok, 2661);
    assert_true(webshell > 0);
    ft_close(&t);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(combined_fixture),
        cmocka_unit_test(common_fixture),
        cmocka_unit_test(unescaped_quotes_in_the_request),
        cmocka_unit_test(nginx_extra_fields_are_ignored),
        cmocka_unit_test(bad_records),
        cmocka_unit_test(apache_sample),
        cmocka_unit_test(tomcat_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
