/* test_format_url.c - request-target splitting and URL building (url.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "format_test.h"
#include "formats/url.h"

static void absolute_urls(void **unused) {
    (void)unused;
    url_parts u;
    url_split(SV("http://user:pw@www.example.com:8080/a/b?x=1#frag"), false, &u);
    assert_sv(u.scheme, "http");
    assert_sv(u.host, "www.example.com");
    assert_int_equal(u.port, 8080);
    assert_sv(u.path, "/a/b");
    assert_sv(u.query, "x=1");
    url_split(SV("https://[2001:db8::1]/"), false, &u);
    assert_sv(u.host, "2001:db8::1");
    assert_int_equal(u.port, 443);
    url_split(SV("HTTP://Example.COM"), false, &u);
    assert_sv(u.host, "Example.COM");
    assert_int_equal(u.port, 80);
    assert_sv_empty(u.path);
}

static void origin_form_and_junk(void **unused) {
    (void)unused;
    url_parts u;
    url_split(SV("/index.php?q=http://evil.example/"), false, &u);
    assert_sv_empty(u.scheme);
    assert_sv_empty(u.host);
    assert_sv(u.path, "/index.php");
    assert_sv(u.query, "q=http://evil.example/");
    /* A "scheme" with a slash or '?' before the colon is not one. */
    url_split(SV("/log?goto=https://a.example/x"), false, &u);
    assert_sv_empty(u.host);
    assert_sv(u.path, "/log");
    url_split(SV("error:invalid-request"), false, &u);
    assert_sv_empty(u.host);
    assert_sv(u.path, "error:invalid-request");
    url_split(SV("1http://a.example/"), false, &u);
    assert_sv_empty(u.host);
}

static void connect_targets(void **unused) {
    (void)unused;
    url_parts u;
    url_split(SV("c2.example.net:443"), true, &u);
    assert_sv(u.host, "c2.example.net");
    assert_int_equal(u.port, 443);
    url_split(SV("[2001:db8::2]:8443"), true, &u);
    assert_sv(u.host, "2001:db8::2");
    assert_int_equal(u.port, 8443);
    static const char *const junk[] = {"error:method-not-allowed", "c2.example.net", "a b:443", "x:99999", ":443",
                                       "host/path:443", "-"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++) {
        url_split(sv_cstr(junk[i]), true, &u);
        assert_sv_empty(u.host);
        assert_int_equal(u.port, 0);
        assert_sv(u.path, junk[i]);
    }
}

static void compose(void **unused) {
    (void)unused;
    char buf[128];
    size_t n = url_compose(buf, sizeof buf, SV("http"), SV("a.example"), 80, SV("/x"), SV("q=1"));
    assert_sv(sv_make(buf, n), "http://a.example/x?q=1");
    n = url_compose(buf, sizeof buf, SV("https"), SV("2001:db8::1"), 8443, SV("y"), SV_NULL);
    assert_sv(sv_make(buf, n), "https://[2001:db8::1]:8443/y");
    n = url_compose(buf, sizeof buf, SV_NULL, SV_NULL, 0, SV("/only"), SV("a=b"));
    assert_sv(sv_make(buf, n), "/only?a=b");
    assert_int_equal(url_compose(buf, 10, SV("http"), SV("long.example"), 80, SV("/"), SV_NULL), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(absolute_urls),
        cmocka_unit_test(origin_form_and_junk),
        cmocka_unit_test(connect_targets),
        cmocka_unit_test(compose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
