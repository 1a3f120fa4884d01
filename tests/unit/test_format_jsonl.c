/* test_format_jsonl.c - JSON lines with a field map: the ECS defaults,
 * nested and literal dotted keys, user maps, escapes, times, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"
#include "formats/json_scan.h"

static void check_ecs(size_t i, const event *ev) {
    const http_event *h = &ev->u.http;
    switch (i) {
    case 0: /* nested ECS objects */
        assert_int_equal(ev->time_ms, ft_time("2015-05-20T04:04:05.123Z"));
        assert_int_equal(ev->tz_off_min, 540);
        assert_sv(h->client, "10.1.2.15");
        assert_sv(h->user, "alice");
        assert_sv(h->method, "GET");
        assert_sv(h->url, "http://www.example.com/index.html?q=1");
        assert_sv(h->scheme, "http");
        assert_sv(h->host, "www.example.com");
        assert_int_equal(h->port, 80);
        assert_sv(h->path, "/index.html");
        assert_sv(h->query, "q=1");
        assert_int_equal(h->status, 200);
        assert_int_equal(h->bytes_in, 1234);
        assert_int_equal(h->bytes_out, 312);
        assert_int_equal(h->duration_ms, 467); /* event.duration is in ns */
        assert_sv(h->user_agent, "Mozilla/5.0 (Windows NT 10.0)");
        assert_sv(h->referer, "http://www.example.com/");
        assert_sv(h->content_type, "text/html");
        assert_sv(h->server, "93.184.216.34");
        assert_sv(h->action, "TCP_MISS");
        assert_int_equal(h->result, PR_ALLOWED);
        break;
    case 1: /* literal dotted keys */
        assert_sv(h->client, "10.1.2.15");
        assert_sv(h->method, "CONNECT");
        assert_sv(h->host, "c2.example.net");
        assert_int_equal(h->port, 443);
        assert_int_equal(h->status, 407);
        assert_int_equal(h->result, PR_AUTH_REQUIRED);
        assert_int_equal(h->bytes_in, -1);
        break;
    case 2: /* epoch millis, \u escapes and a surrogate pair, URL built from parts */
        assert_int_equal(ev->time_ms, 1432094647000);
        assert_sv(h->path, "/\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
        assert_sv(h->url, "https://xn--eckwd4c7c.example.jp/\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88");
        assert_int_equal(h->port, 443);
        assert_sv(h->user_agent, "Emoji \xf0\x9f\x98\x80 agent");
        assert_int_equal(h->result, PR_DENIED); /* event.action "blocked" */
        break;
    case 3: /* no offset: UTC; no status: result unknown */
        assert_int_equal(ev->time_ms, ft_time("2015-05-20T04:04:08Z"));
        assert_int_equal(ev->tz_off_min, 0);
        assert_int_equal(h->status, 0);
        assert_int_equal(h->result, PR_UNKNOWN);
        break;
    default: fail();
    }
}

static void ecs_fixture(void **unused) {
    (void)unused;
    char path[512];
    size_t len;
    char *text = ft_read_file(ft_path(path, sizeof path, "FIXTURES", "proxy/ecs.jsonl"), &len);
    sv lines[16];
    size_t n = ft_split_lines(text, len, lines, 16), records = 0;
    ftest t;
    ft_open(&t, "jsonl");
    for (size_t i = 0; i < n; i++) {
        int rc = ft_parse_sv(&t, lines[i]);
        if (rc == PARSE_ERROR) fprintf(stderr, "line %zu: %s\n", i + 1, t.why);
        assert_int_equal(rc, PARSE_OK);
        check_ecs(records++, &t.ev);
    }
    assert_int_equal(records, 4);
    ft_close(&t);
    free(text);
}

static void user_field_map(void **unused) {
    (void)unused;
    format_options o = {.field_map = "time=ts_ms, client=src, url=req.url|request, status=code, duration_s=elapsed, "
                                     "host=, result=verdict"};
    ftest t;
    ft_open_opts(&t, "jsonl", &o);
    const http_event *h = ft_record(&t, "{\"ts_ms\":1432094645123,\"src\":\"10.1.2.15\",\"req\":{\"url\":"
                                        "\"http://a.example:8080/x\"},\"code\":\"200\",\"elapsed\":0.25,"
                                        "\"host\":\"ignored.example\",\"verdict\":\"BLOCK\"}");
    assert_int_equal(t.ev.time_ms, 1432094645123);
    assert_sv(h->client, "10.1.2.15");
    assert_sv(h->url, "http://a.example:8080/x");
    assert_sv(h->host, "a.example"); /* host= turned the key off: from the url */
    assert_int_equal(h->port, 8080);
    assert_int_equal(h->status, 200);
    assert_int_equal(h->duration_ms, 250);
    assert_int_equal(h->result, PR_DENIED);
    /* The second path of url. */
    h = ft_record(&t, "{\"ts_ms\":1432094645,\"request\":\"http://b.example/\"}");
    assert_int_equal(t.ev.time_ms, 1432094645000); /* seconds, by magnitude */
    assert_sv(h->host, "b.example");
    /* Defaults for names the map did not mention. */
    h = ft_record(&t, "{\"ts_ms\":1432094645,\"user_agent\":\"curl/8\",\"method\":\"GET\"}");
    assert_sv(h->user_agent, "curl/8");
    assert_sv(h->method, "GET");
    ft_close(&t);
}

static void bad_field_maps(void **unused) {
    (void)unused;
    const format *f = format_find("jsonl");
    const char *err = NULL;
    format_options o = {.field_map = "time=ts,colour=red"};
    assert_null(f->open(&o, &err));
    assert_non_null(strstr(err, "unknown field \"colour\""));
    o.field_map = "time";
    assert_null(f->open(&o, &err));
    assert_non_null(strstr(err, "NAME=PATH"));
}

static void times(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "jsonl");
    static const struct {
        const char *line;
        int64_t ms;
    } cases[] = {
        {"{\"@timestamp\":1432094645}", 1432094645000},
        {"{\"@timestamp\":1432094645.5}", 1432094645500},
        {"{\"@timestamp\":1432094645123}", 1432094645123},
        {"{\"@timestamp\":1432094645123456}", 1432094645123},
        {"{\"@timestamp\":1432094645123456789}", 1432094645123},
        {"{\"@timestamp\":\"1432094645.25\"}", 1432094645250},
        {"{\"@timestamp\":\"2015-05-20T04:04:05Z\"}", 1432094645000},
        {"{\"@timestamp\":\"2015-05-20T13:04:05.5+09:00\"}", 1432094645500},
        {"{\"@timestamp\":\"20/May/2015:13:04:05 +0900\"}", 1432094645000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ft_record(&t, cases[i].line);
        assert_int_equal(t.ev.time_ms, cases[i].ms);
    }
    assert_int_equal(ft_parse(&t, "{\"url\":\"http://a/\"}"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "no time field"));
    assert_int_equal(ft_parse(&t, "{\"@timestamp\":\"last tuesday\"}"), PARSE_ERROR);
    assert_non_null(strstr(t.why, "unreadable time"));
    ft_close(&t);

    format_options o = {.default_offset_min = 540};
    ft_open_opts(&t, "jsonl", &o);
    ft_record(&t, "{\"@timestamp\":\"2015-05-20 13:04:05\"}");
    assert_int_equal(t.ev.time_ms, 1432094645000);
    assert_int_equal(t.ev.tz_off_min, 540);
    ft_close(&t);
}

static void bad_json(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "jsonl");
    assert_int_equal(ft_parse(&t, ""), PARSE_SKIP);
    assert_int_equal(ft_parse(&t, "{\"@timestamp\":1,"), PARSE_ERROR);
    assert_string_equal(t.why, "truncated JSON record");
    assert_int_equal(ft_parse(&t, "not json"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "[1,2,3]"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "{\"@timestamp\":1} {\"@timestamp\":2}"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "{\"@timestamp\":1} x"), PARSE_ERROR);
    assert_int_equal(ft_parse(&t, "{\"@timestamp\":nope}"), PARSE_ERROR);
    /* A line with more tokens than the bound is refused, not a crash. */
    size_t n = JSON_SCAN_MAX_TOKENS + 10;
    char *big = malloc(n * 2 + 64);
    size_t k = (size_t)sprintf(big, "{\"@timestamp\":1,\"a\":[");
    for (size_t i = 0; i < n; i++) big[k++] = '0', big[k++] = ',';
    k--;
    k += (size_t)sprintf(big + k, "]}");
    assert_int_equal(ft_parse_sv(&t, sv_make(big, k)), PARSE_ERROR);
    assert_string_equal(t.why, "too many JSON tokens");
    free(big);
    /* Deep nesting within the bound is fine. */
    char deep[4200];
    k = (size_t)sprintf(deep, "{\"@timestamp\":1,\"d\":");
    for (int i = 0; i < 2000; i++) deep[k++] = '[';
    for (int i = 0; i < 2000; i++) deep[k++] = ']';
    deep[k++] = '}';
    assert_int_equal(ft_parse_sv(&t, sv_make(deep, k)), PARSE_OK);
    ft_close(&t);
}

/* Views into the scratch area stay valid for the whole event. */
static void escapes_decode_into_scratch(void **unused) {
    (void)unused;
    ftest t;
    ft_open(&t, "jsonl");
    const http_event *h = ft_record(
        &t, "{\"@timestamp\":1,\"url\":{\"path\":\"/a\\/b\\u0041\",\"domain\":\"x\\\\y\"},"
            "\"user_agent\":\"tab\\there \\ud800 lone\",\"http\":{\"request\":{\"referrer\":\"\\\"q\\\"\"}}}");
    assert_sv(h->path, "/a/bA");
    assert_sv(h->host, "x\\y");
    assert_sv(h->user_agent, "tab\there \xef\xbf\xbd lone"); /* a lone surrogate is U+FFFD */
    assert_sv(h->referer, "\"q\"");
    assert_sv(h->url, "x\\y/a/bA");
    ft_close(&t);
}

static void dotted_path_descends_and_matches_literally(void **unused) {
    (void)unused;
    json_scan *j = json_scan_new(64);
    sv line = SV("{\"url\":{\"full\":\"A\"},\"url.full\":\"B\",\"a\":{\"b.c\":{\"d\":\"C\"}},\"e.f\":{\"g\":\"D\"}}");
    assert_null(json_scan_parse(j, line));
    scratch s = {0};
    scratch_begin(&s, 256);
    assert_sv(json_string(j, json_path(j, 0, SV("url.full")), &s), "A"); /* first in order */
    assert_sv(json_string(j, json_path(j, 0, SV("a.b.c.d")), &s), "C");
    assert_sv(json_string(j, json_path(j, 0, SV("e.f.g")), &s), "D");
    assert_int_equal(json_path(j, 0, SV("url.fu")), -1);
    assert_int_equal(json_path(j, 0, SV("url")) >= 0, 1);
    assert_int_equal(json_type_of(j, json_path(j, 0, SV("url"))), JT_OBJECT);
    assert_int_equal(json_get(j, 0, SV("nothing")), -1);
    json_scan_free(j);
    scratch_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ecs_fixture),
        cmocka_unit_test(user_field_map),
        cmocka_unit_test(bad_field_maps),
        cmocka_unit_test(times),
        cmocka_unit_test(bad_json),
        cmocka_unit_test(escapes_decode_into_scratch),
        cmocka_unit_test(dotted_path_descends_and_matches_literally),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
