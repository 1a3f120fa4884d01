/* test_format_zeek.c - Zeek http.log, TSV ("zeek") and JSON ("zeek-json"):
 * headers as parser state, unset/empty values, escapes, proxied requests,
 * and the real RITA samples read through the whole ingest pipeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"
#include "io/ingest.h"

static size_t parse_fixture(const char *fmt, const char *rel, void (*check)(size_t, const event *)) {
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

/* The TSV and JSON fixtures hold the same four requests. */
static void check_fixture(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0: /* a direct request: the server is id.resp_h:id.resp_p */
        assert_int_equal(ev->time_ms, 1600000000123);
        assert_sv(h->client, "192.168.4.76");
        assert_sv(h->method, "GET");
        assert_sv(h->scheme, "http");
        assert_sv(h->host, "testmyids.com");
        assert_int_equal(h->port, 80);
        assert_sv(h->path, "/");
        assert_sv(h->url, "/");
        assert_sv(h->server, "31.3.245.133");
        assert_int_equal(h->server_ip.family, 4);
        assert_sv(h->user_agent, "curl/7.47.0");
        assert_int_equal(h->bytes_out, 0);
        assert_int_equal(h->bytes_in, 39);
        assert_int_equal(h->status, 200);
        assert_sv(h->content_type, "text/plain");
        assert_sv_empty(h->referer);
        assert_sv_empty(h->user);
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 1: /* CONNECT through the proxy 10.1.2.1:3128 */
        assert_int_equal(ev->time_ms, 1600000001000);
        assert_sv(h->method, "CONNECT");
        assert_sv(h->host, "c2.example.net");
        assert_int_equal(h->port, 443);
        assert_sv_empty(h->server); /* id.resp_h is the proxy, not the destination */
        assert_int_equal(h->status, 407);
        assert_int_equal(h->result, PR_AUTH_REQUIRED);
        break;
    case 2: /* an absolute URI through the proxy */
        assert_int_equal(ev->time_ms, 1600000002500);
        assert_sv(h->host, "www.example.com");
        assert_int_equal(h->port, 80);
        assert_sv(h->query, "x=1");
        assert_sv_empty(h->server);
        assert_sv(h->user, "alice");
        assert_sv(h->content_type, "text/html"); /* first of the set */
        assert_int_equal(h->bytes_in, 1234);
        break;
    case 3: /* no response seen */
        assert_sv(h->method, "POST");
        assert_sv(h->host, "203.0.113.9"); /* Host header without its port */
        assert_int_equal(h->port, 8080);
        assert_sv(h->server, "203.0.113.9");
        assert_int_equal(h->bytes_out, 512);
        assert_int_equal(h->bytes_in, -1);
        assert_int_equal(h->status, 0);
        assert_sv_empty(h->user_agent);
        assert_int_equal(h->result, PR_ERROR);
        break;
    default: fail();
    }
}

static void tsv_fixture(void **unused) {
    (void)unused;
    assert_int_equal(parse_fixture("zeek", "proxy/zeek-http.log", check_fixture), 4);
}

static void json_fixture(void **unused) {
    (void)unused;
    assert_int_equal(parse_fixture("zeek-json", "proxy/zeek-http.json", check_fixture), 4);
}

static void tsv_escapes_and_json_escapes(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", "proxy/zeek-http.log"), &len);
    sv lines[32];
    size_t n = ft_split_lines(text, len, lines, 32);
    ftest t;
    ft_open(&t, "zeek");
    for (size_t i = 0; i < n && i < 10; i++) ft_parse_sv(&t, lines[i]); /* headers and two records */
    assert_int_equal(ft_parse_sv(&t, lines[10]), PARSE_OK);
    assert_sv(t.ev.u.http.user_agent, "Mozilla/5.0\ttab"); /* \x09 decoded */
    assert_sv(t.ev.u.http.path, "/a%20b");                 /* URL escapes stay as logged */
    ft_close(&t);
    free(text);

    ft_open(&t, "zeek-json");
    const http_event *h =
        ft_record(&t, "{\"ts\":1600000002.5,\"uid\":\"C3\",\"id.orig_h\":\"10.1.2.15\",\"id.resp_h\":\"10.1.2.1\","
                      "\"id.resp_p\":3128,\"method\":\"GET\",\"host\":\"www.example.com\",\"uri\":\"http://"
                      "www.example.com/caf\\u00e9?x=1\",\"user_agent\":\"Mozilla/5.0 \\\"quoted\\\"\","
                      "\"status_code\":200}");
    assert_sv(h->path, "/caf\xc3\xa9");
    assert_sv(h->user_agent, "Mozilla/5.0 \"quoted\"");
    ft_close(&t);
}

static void headers_and_errors(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "zeek");
    assert_int_equal(ft_parse(&t, "1600000000.1\tC1\t10.0.0.1"), PARSE_ERROR);
    assert_string_equal(t.why, "Zeek record before any #fields header");
    /* A custom separator and unset marker; a short record is an error. */
    assert_int_equal(ft_parse(&t, "#separator \\x7c"), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "#unset_field|NA"), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "#fields|ts|id.orig_h|id.resp_h|id.resp_p|method|host|uri|status_code"), PARSE_SKIP);
    const http_event *h = ft_record(&t, "1600000000.1|10.0.0.1|192.0.2.7|80|GET|NA|/x|NA");
    assert_sv(h->host, "192.0.2.7"); /* no Host header: the address */
    assert_int_equal(h->result, PR_ERROR);
    assert_int_equal(ft_parse(&t, "1600000000.1|10.0.0.1|192.0.2.7"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "fewer fields"));
    assert_int_equal(ft_parse(&t, "soon|10.0.0.1|192.0.2.7|80|GET|a|/x|200"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "ts"));
    /* Not an http.log. */
    assert_int_equal(ft_parse(&t, "#fields|ts|uid|id.orig_h|proto|duration"), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "1600000000.1|C1|10.0.0.1|tcp|1.5"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "http.log"));
    ft_close(&t);

    ft_open(&t, "zeek-json");
    assert_int_equal(ft_parse(&t, "{\"ts\":1600000000.1,\"uid\":\"C1\",\"proto\":\"tcp\"}"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "{\"ts\":1600000000.1,"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "[1,2]"), PARSE_ERROR);
    /* Nested id object, ISO time with an offset. */
    const http_event *j = ft_record(&t, "{\"ts\":\"2020-09-13T21:26:40+09:00\",\"id\":{\"orig_h\":\"10.0.0.9\","
                                        "\"resp_h\":\"192.0.2.8\",\"resp_p\":80},\"method\":\"GET\",\"uri\":\"/\","
                                        "\"status_code\":204}");
    assert_int_equal(t.ev.time_ms, 1600000000000);
    assert_int_equal(t.ev.tz_off_min, 540);
    assert_sv(j->client, "10.0.0.9");
    assert_sv(j->server, "192.0.2.8");
    assert_int_equal(j->port, 80);
    ft_close(&t);
}

typedef struct sample_counts {
    const char *format;
    uint64_t records, unparsed;
    size_t honest, google, other, with_server;
} sample_counts;

static int count_event(const event *ev, void *p) {
    sample_counts *c = p;
    const http_event *h = &ev->u.http;
    if (sv_eq(h->host, SV("www.honestimnotevil.com")) && sv_eq(h->method, SV("CONNECT")) && h->port == 443 &&
        sv_eq(h->client, SV("10.136.0.18")))
        c->honest++;
    else if (sv_eq(h->host, SV("www.google.com"))) c->google++;
    else c->other++;
    if (h->server.n) c->with_server++;
    return 0;
}

static void on_source(const ingest_stats *st, void *p) {
    sample_counts *c = p;
    c->format = st->fmt ? st->fmt->name : NULL;
    c->records = st->records;
    c->unparsed = st->unparsed;
}

static void run_sample(const char *rel, sample_counts *c) {
    char path[512];
    source_list l;
    sources_init(&l);
    sources_add(&l, ft_path(path, sizeof path, "SHARED", rel));
    sources_finish(&l);
    ingest_options o = {0};
    ingest_result res;
    memset(c, 0, sizeof *c);
    assert_int_equal(ingest_run(&l, &o, count_event, on_source, c, &res), 0);
    sources_free(&l);
}

/* RITA's proxy sample: 10.136.0.18 beacons through the proxy 10.136.0.16:3128. */
static void rita_proxy_sample(void **unused) {
    (void)unused;
    sample_counts c;
    run_sample("data/zeek/rita-proxy/http.log", &c);
    assert_string_equal(c.format, "zeek");
    assert_int_equal(c.unparsed, 0);
    assert_int_equal(c.records, 407);
    assert_int_equal(c.honest, 397);
    assert_int_equal(c.google, 10);
    assert_int_equal(c.other, 0);
    assert_int_equal(c.with_server, 0); /* never the proxy's address as the server */
}

static void rita_dnscat2_sample(void **unused) {
    (void)unused;
    sample_counts c;
    run_sample("data/zeek/rita-dnscat2/http.log.gz", &c);
    assert_string_equal(c.format, "zeek");
    assert_int_equal(c.unparsed, 0);
    assert_int_equal(c.records, 27204);
    assert_int_equal(c.with_server, 27204); /* direct requests: id.resp_h */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tsv_fixture),
        cmocka_unit_test(json_fixture),
        cmocka_unit_test(tsv_escapes_and_json_escapes),
        cmocka_unit_test(headers_and_errors),
        cmocka_unit_test(rita_proxy_sample),
        cmocka_unit_test(rita_dnscat2_sample),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
