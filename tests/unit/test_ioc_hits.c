/* test_ioc_hits.c - folding matched requests into per-terminal hits: first
 * and last time, success versus failed-only by proxy result (not HTTP
 * status), distinct hosts, and evidence bounded to the first requests and the
 * latest one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "io/sources.h"
#include "ioc/ioc_hits.h"

static source src = {.id = 0, .path = "proxy.log", .name = "proxy.log", .size = 0};

static event make(const char *client, const char *host, int64_t t, proxy_result res, int status, uint64_t line) {
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_HTTP;
    ev.time_ms = t;
    ev.src = &src;
    ev.line = line;
    ev.offset = line * 100;
    http_event_clear(&ev.u.http);
    ev.u.http.client = sv_cstr(client);
    ev.u.http.host = sv_cstr(host);
    ev.u.http.url = sv_cstr(host);
    ev.u.http.result = res;
    ev.u.http.status = status;
    return ev;
}

static const ioc_hit *hit_for(const vec *v, uint32_t index, const char *terminal) {
    for (size_t i = 0; i < v->len; i++) {
        const ioc_hit *h = VEC_AT(v, const ioc_hit *, i);
        if (h->ioc == index && !strcmp(h->terminal, terminal)) return h;
    }
    return NULL;
}

static void test_fold(void **state) {
    (void)state;
    ioc_hits hits;
    ioc_hits_init(&hits, 3);
    event e;
    /* 10.0.0.1: denied, then a C2 answer with HTTP 404 that still got through */
    e = make("10.0.0.1", "a.evil.com", 5000, PR_DENIED, 403, 1), ioc_hits_add(&hits, 0, IOC_HOW_SUBDOMAIN, &e);
    e = make("10.0.0.1", "b.evil.com", 1000, PR_ALLOWED, 404, 2), ioc_hits_add(&hits, 0, IOC_HOW_SUBDOMAIN, &e);
    /* 10.0.0.2: only failures */
    e = make("10.0.0.2", "evil.com", 2000, PR_ERROR, 503, 3), ioc_hits_add(&hits, 0, IOC_HOW_DOMAIN, &e);
    e = make("10.0.0.2", "evil.com", 3000, PR_AUTH_REQUIRED, 407, 4), ioc_hits_add(&hits, 0, IOC_HOW_DOMAIN, &e);
    /* the same terminal under another indicator is another hit */
    e = make("10.0.0.1", "a.evil.com", 6000, PR_ALLOWED, 200, 5), ioc_hits_add(&hits, 1, IOC_HOW_URL, &e);
    assert_int_equal(ioc_hits_count(&hits), 3);
    vec v;
    ioc_hits_sorted(&hits, &v);
    assert_int_equal(v.len, 3);
    const ioc_hit *h1 = hit_for(&v, 0, "10.0.0.1"), *h2 = hit_for(&v, 0, "10.0.0.2");
    assert_non_null(h1);
    assert_non_null(h2);
    assert_true(ioc_hit_success(h1));
    assert_false(ioc_hit_success(h2));
    assert_int_equal(h2->by_result[PR_ERROR], 1);
    assert_int_equal(h2->by_result[PR_AUTH_REQUIRED], 1);
    assert_int_equal(h1->first_ms, 1000);
    assert_int_equal(h1->last_ms, 5000);
    assert_int_equal(h1->requests, 2);
    assert_int_equal(h1->n_hosts, 2);
    assert_int_equal(h1->how, 1u << IOC_HOW_SUBDOMAIN);
    /* sorted by indicator, then first time */
    assert_ptr_equal(VEC_AT(&v, const ioc_hit *, 0), h1);
    assert_ptr_equal(VEC_AT(&v, const ioc_hit *, 1), h2);
    vec_free(&v);
    ioc_hits_free(&hits);
}

static void test_evidence_bound(void **state) {
    (void)state;
    ioc_hits hits;
    ioc_hits_init(&hits, 3);
    char host[32];
    for (int i = 1; i <= 1000; i++) {
        snprintf(host, sizeof host, "h%d.evil.com", i);
        event e = make("10.0.0.9", host, i * 1000, PR_ALLOWED, 200, (uint64_t)i);
        ioc_hits_add(&hits, 0, IOC_HOW_SUBDOMAIN, &e);
    }
    vec v;
    ioc_hits_sorted(&hits, &v);
    const ioc_hit *h = VEC_AT(&v, const ioc_hit *, 0);
    assert_int_equal(h->requests, 1000);
    assert_int_equal(h->n_evidence, 3);
    assert_int_equal(h->evidence[0].line, 1);
    assert_int_equal(h->evidence[1].line, 2);
    assert_int_equal(h->evidence[2].line, 1000); /* the latest */
    assert_string_equal(h->evidence[2].url, "h1000.evil.com");
    assert_string_equal(h->evidence[0].source, "proxy.log");
    assert_int_equal(h->n_hosts, IOC_HIT_HOSTS);
    assert_true(h->hosts_more);
    vec_free(&v);
    ioc_hits_free(&hits);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_fold), cmocka_unit_test(test_evidence_bound)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
