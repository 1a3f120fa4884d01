/* test_ioc_match.c - the matcher's semantics: sub-domains but never mere
 * suffixes, ports, addresses (host and upstream server), CIDR v4/v6, URL
 * normalisation and boundaries, CONNECT tunnels, paths, User-Agents, one
 * report per indicator per event, and many indicators at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "formats/url.h"
#include "ioc/ioc_match.h"

typedef struct found {
    unsigned n;
    uint32_t idx[32];
    ioc_how how[32];
} found;

static void collect(void *ctx, uint32_t index, ioc_how how, const event *ev) {
    (void)ev;
    found *f = ctx;
    if (f->n < 32) f->idx[f->n] = index, f->how[f->n] = how, f->n++;
}

typedef struct fixture {
    ioc_set set;
    ioc_matcher *m;
} fixture;

/* Builds a matcher from "value" strings (IOC_AUTO, or "type:value" names). */
static void build(fixture *fx, const char *const *values, size_t n) {
    ioc_set_init(&fx->set);
    for (size_t i = 0; i < n; i++) {
        const char *v = values[i], *colon = strchr(v, ':');
        const char *why = NULL;
        ioc_add_result r;
        if (colon && ioc_type_name_known(sv_make(v, (size_t)(colon - v))))
            r = ioc_add_named(&fx->set, sv_make(v, (size_t)(colon - v)), sv_cstr(colon + 1), "t", SV_NULL, &why);
        else
            r = ioc_add(&fx->set, IOC_AUTO, sv_cstr(v), "t", SV_NULL, &why);
        if (r != IOC_ADDED) fail_msg("%s: %s", v, why ? why : "not added");
    }
    char err[200];
    fx->m = ioc_matcher_new(&fx->set, err, sizeof err);
    if (!fx->m) fail_msg("%s", err);
}

static void unbuild(fixture *fx) {
    ioc_matcher_free(fx->m);
    ioc_set_free(&fx->set);
}

/* Matches one request: "METHOD URL [server-ip] [| User-Agent]". */
static found req(fixture *fx, const char *method, const char *url, const char *server, const char *ua) {
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_HTTP;
    http_event *h = &ev.u.http;
    http_event_clear(h);
    h->client = SV("10.0.0.1");
    h->method = sv_cstr(method);
    h->url = sv_cstr(url);
    url_parts u;
    url_split(h->url, !strcmp(method, "CONNECT"), &u);
    h->scheme = u.scheme, h->host = u.host, h->port = u.port, h->path = u.path, h->query = u.query;
    if (server) ip_parse(sv_cstr(server), &h->server_ip);
    if (ua) h->user_agent = sv_cstr(ua);
    found f = {0};
    unsigned n = ioc_match_event(fx->m, &ev, collect, &f);
    assert_int_equal(n, f.n);
    return f;
}

static bool has(const found *f, uint32_t idx, ioc_how how) {
    for (unsigned i = 0; i < f->n; i++)
        if (f->idx[i] == idx && f->how[i] == how) return true;
    return false;
}

static void test_domains(void **state) {
    (void)state;
    const char *iocs[] = {"evil.com", "c2.example.net:8080"};
    fixture fx;
    build(&fx, iocs, 2);
    found f = req(&fx, "GET", "http://evil.com/", NULL, NULL);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, 0, IOC_HOW_DOMAIN));
    f = req(&fx, "GET", "http://a.b.EVIL.com./x", NULL, NULL);
    assert_true(has(&f, 0, IOC_HOW_SUBDOMAIN));
    /* suffixes that are not sub-domains */
    assert_int_equal(req(&fx, "GET", "http://notevil.com/", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://evil.com.au/", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://evilcom/", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://example.com/?u=evil.com", NULL, NULL).n, 0);
    /* port-aware */
    assert_int_equal(req(&fx, "GET", "http://c2.example.net:8080/x", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "CONNECT", "c2.example.net:8080", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "CONNECT", "c2.example.net:443", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://c2.example.net/x", NULL, NULL).n, 0);
    f = req(&fx, "GET", "http://www.c2.example.net:8080/", NULL, NULL);
    assert_true(has(&f, 1, IOC_HOW_SUBDOMAIN));
    unbuild(&fx);
}

static void test_addresses(void **state) {
    (void)state;
    const char *iocs[] = {"203.0.113.77", "203.0.113.5:8443", "198.51.100.0/24", "10.0.0.0/8", "10.1.0.0/16",
                          "2001:db8::/32", "2001:db8::77"};
    fixture fx;
    build(&fx, iocs, 7);
    found f = req(&fx, "GET", "http://203.0.113.77/x", NULL, NULL);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, 0, IOC_HOW_IP));
    /* the domain resolved by the proxy to an indicator address */
    f = req(&fx, "GET", "http://innocent.example/", "203.0.113.77", NULL);
    assert_true(has(&f, 0, IOC_HOW_SERVER_IP));
    /* logged as host and as server: reported once */
    f = req(&fx, "GET", "http://203.0.113.77/", "203.0.113.77", NULL);
    assert_int_equal(f.n, 1);
    assert_int_equal(req(&fx, "CONNECT", "203.0.113.5:8443", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "CONNECT", "203.0.113.5:443", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://203.0.113.78/", NULL, NULL).n, 0);
    f = req(&fx, "GET", "http://198.51.100.200/", NULL, NULL);
    assert_true(has(&f, 2, IOC_HOW_CIDR));
    assert_int_equal(req(&fx, "GET", "http://198.51.101.1/", NULL, NULL).n, 0);
    f = req(&fx, "GET", "http://x.example/", "10.1.2.3", NULL); /* nested ranges: both */
    assert_int_equal(f.n, 2);
    assert_true(has(&f, 3, IOC_HOW_CIDR) && has(&f, 4, IOC_HOW_CIDR));
    f = req(&fx, "CONNECT", "[2001:db8:1::5]:443", NULL, NULL);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, 5, IOC_HOW_CIDR));
    f = req(&fx, "GET", "http://[2001:DB8:0:0::77]/", NULL, NULL); /* written differently */
    assert_true(has(&f, 6, IOC_HOW_IP));
    assert_int_equal(req(&fx, "CONNECT", "[2001:db9::1]:443", NULL, NULL).n, 0);
    unbuild(&fx);
}

static void test_urls(void **state) {
    (void)state;
    const char *iocs[] = {"http://Evil.com/Dir/", "http://evil.com/gate.php?id=1", "https://secure.example.org/login",
                          "evil.net/x.php"};
    fixture fx;
    build(&fx, iocs, 4);
    assert_true(has((found[]){req(&fx, "GET", "http://evil.com/Dir", NULL, NULL)}, 0, IOC_HOW_URL));
    assert_int_equal(req(&fx, "GET", "http://EVIL.COM/Dir/", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com/Dir/sub/file.exe", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com/Dir?q=1", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com:80/Dir", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com/Directory", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://evil.com/dir", NULL, NULL).n, 0);       /* path case matters */
    assert_int_equal(req(&fx, "GET", "https://evil.com/Dir", NULL, NULL).n, 0);      /* port 443, not 80 */
    assert_int_equal(req(&fx, "GET", "http://a.evil.com/Dir", NULL, NULL).n, 0);     /* URL hosts are exact */
    assert_int_equal(req(&fx, "GET", "http://notevil.com/Dir", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://x.org/?r=http://evil.com/Dir", NULL, NULL).n, 0);
    /* with a query: the query must start with the indicator's, up to a parameter boundary */
    assert_int_equal(req(&fx, "GET", "http://evil.com/gate.php?id=1", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com/gate.php?id=1&x=2", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://evil.com/gate.php?id=12", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://evil.com/gate.php", NULL, NULL).n, 0);
    /* HTTPS through a proxy: only the tunnel to the host and port is visible */
    found f = req(&fx, "CONNECT", "secure.example.org:443", NULL, NULL);
    assert_int_equal(f.n, 1);
    assert_true(has(&f, 2, IOC_HOW_TUNNEL));
    assert_int_equal(req(&fx, "CONNECT", "secure.example.org:8443", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "https://secure.example.org/login.php", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "https://secure.example.org/login/", NULL, NULL).n, 1);
    /* no scheme given: any port */
    assert_int_equal(req(&fx, "GET", "http://evil.net:8080/x.php", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "https://evil.net/x.php?a", NULL, NULL).n, 1);
    unbuild(&fx);
}

static void test_paths_and_agents(void **state) {
    (void)state;
    const char *iocs[] = {"/wp-content/gate.php", "ua:BadBot/1.0", "ua-part:meterpreter", "path:/cgi?cmd="};
    fixture fx;
    build(&fx, iocs, 4);
    found f = req(&fx, "GET", "http://any.example/blog/wp-content/gate.php?x=1", NULL, NULL);
    assert_true(has(&f, 0, IOC_HOW_PATH));
    assert_int_equal(req(&fx, "POST", "http://other.example/wp-content/gate.php", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://any.example/wp-content/gate.php5", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://any.example/?u=/wp-content/gate.php", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://wp-content/gate.php.example/", NULL, NULL).n, 0);
    f = req(&fx, "GET", "http://x.example/cgi?cmd=id", NULL, NULL); /* ends in '=': anything may follow */
    assert_true(has(&f, 3, IOC_HOW_PATH));
    f = req(&fx, "GET", "http://x.example/", NULL, "BadBot/1.0");
    assert_true(has(&f, 1, IOC_HOW_UA));
    assert_int_equal(req(&fx, "GET", "http://x.example/", NULL, "BadBot/1.0 (extra)").n, 0); /* whole string */
    assert_int_equal(req(&fx, "GET", "http://x.example/", NULL, "badbot/1.0").n, 0);
    f = req(&fx, "GET", "http://x.example/", NULL, "Mozilla/5.0 MeterPreter/1");
    assert_true(has(&f, 2, IOC_HOW_UA_PART));
    assert_int_equal(req(&fx, "GET", "http://x.example/meterpreter", NULL, "Mozilla/5.0").n, 0);
    assert_int_equal(req(&fx, "CONNECT", "meterpreter.example:443", NULL, "curl/8").n, 0);
    unbuild(&fx);
}

static void test_once_per_event(void **state) {
    (void)state;
    const char *iocs[] = {"evil.com", "http://evil.com/a", "/a", "evil.com/a"};
    fixture fx;
    build(&fx, iocs, 4);
    found f = req(&fx, "GET", "http://evil.com/a/a/a", NULL, NULL);
    assert_int_equal(f.n, 4);
    for (uint32_t i = 0; i < 4; i++) {
        unsigned seen = 0;
        for (unsigned k = 0; k < f.n; k++) seen += f.idx[k] == i;
        assert_int_equal(seen, 1);
    }
    unbuild(&fx);
}

/* 100,000 indicators: the planted ones are found, their neighbours are not. */
static void test_many(void **state) {
    (void)state;
    fixture fx;
    ioc_set_init(&fx.set);
    char v[80];
    for (int i = 0; i < 100000; i++) {
        switch (i % 4) {
        case 0: snprintf(v, sizeof v, "d%d.example.com", i); break;
        case 1: snprintf(v, sizeof v, "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255); break;
        case 2: snprintf(v, sizeof v, "http://u%d.example.net/p/%d.php", i, i); break;
        default: snprintf(v, sizeof v, "/path%d/x.cgi", i); break;
        }
        assert_int_equal(ioc_add(&fx.set, IOC_AUTO, sv_cstr(v), "t", SV_NULL, NULL), IOC_ADDED);
    }
    char err[200];
    fx.m = ioc_matcher_new(&fx.set, err, sizeof err);
    assert_non_null(fx.m);
    assert_int_equal(req(&fx, "GET", "http://www.d4000.example.com/", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://d40000.example.com.evil/", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://x.example/", "10.0.3.233", NULL).n, 1); /* i = 1001 */
    assert_int_equal(req(&fx, "GET", "http://u50002.example.net/p/50002.php", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://u50002.example.net/p/50006.php", NULL, NULL).n, 0);
    assert_int_equal(req(&fx, "GET", "http://y.example/a/path99999/x.cgi", NULL, NULL).n, 1);
    assert_int_equal(req(&fx, "GET", "http://y.example/path99998/x.cgi", NULL, NULL).n, 0);
    unbuild(&fx);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_domains),          cmocka_unit_test(test_addresses),     cmocka_unit_test(test_urls),
        cmocka_unit_test(test_paths_and_agents), cmocka_unit_test(test_once_per_event), cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
