/* test_ioc_set.c - indicator normalisation: refanging, type guessing, the
 * canonical form and key of each type, vocabularies and composite types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ioc/ioc.h"

/* Adds one value and returns the indicator, which must have been added. */
static const ioc *add_ok(ioc_set *s, ioc_type t, const char *v) {
    const char *why = NULL;
    ioc_add_result r = ioc_add(s, t, sv_cstr(v), "test", SV_NULL, &why);
    if (r != IOC_ADDED) fail_msg("%s: not added (%d): %s", v, r, why ? why : "");
    return ioc_at(s, ioc_count(s) - 1);
}

static ioc_add_result add_res(ioc_set *s, ioc_type t, const char *v) {
    const char *why;
    return ioc_add(s, t, sv_cstr(v), "test", SV_NULL, &why);
}

static void test_refang(void **state) {
    (void)state;
    char out[128];
    assert_int_equal(ioc_refang(sv_cstr("evil[.]com"), out, sizeof out), 8);
    assert_string_equal(out, "evil.com");
    ioc_refang(sv_cstr("hxxps://a(.)b[dot]c[/]d[:]80"), out, sizeof out);
    assert_string_equal(out, "https://a.b.c/d:80");
    ioc_refang(sv_cstr("x[@]y{.}jp"), out, sizeof out);
    assert_string_equal(out, "x@y.jp");
    assert_int_equal(ioc_refang(sv_cstr("0123456789"), out, 5), -1);
}

static void test_guess(void **state) {
    (void)state;
    const char *kind;
    assert_int_equal(ioc_guess_type(SV("evil.com"), NULL), IOC_DOMAIN);
    assert_int_equal(ioc_guess_type(SV("evil[.]com:8080"), NULL), IOC_DOMAIN);
    assert_int_equal(ioc_guess_type(SV("*.evil.co.jp"), NULL), IOC_DOMAIN);
    assert_int_equal(ioc_guess_type(SV("198.51.100.7"), NULL), IOC_IP);
    assert_int_equal(ioc_guess_type(SV("198.51.100.7:443"), NULL), IOC_IP);
    assert_int_equal(ioc_guess_type(SV("[2001:db8::1]:443"), NULL), IOC_IP);
    assert_int_equal(ioc_guess_type(SV("2001:db8::1"), NULL), IOC_IP);
    assert_int_equal(ioc_guess_type(SV("198.51.100.7/32"), NULL), IOC_IP);
    assert_int_equal(ioc_guess_type(SV("198.51.100.0/24"), NULL), IOC_CIDR);
    assert_int_equal(ioc_guess_type(SV("2001:db8::/32"), NULL), IOC_CIDR);
    assert_int_equal(ioc_guess_type(SV("hxxp://evil.com/x"), NULL), IOC_URL);
    assert_int_equal(ioc_guess_type(SV("evil.com/gate.php"), NULL), IOC_URL);
    assert_int_equal(ioc_guess_type(SV("/gate.php"), NULL), IOC_PATH);
    assert_int_equal(ioc_guess_type(SV("Mozilla/4.0 (compatible; MSIE 7.0)"), NULL), IOC_UA);
    assert_int_equal(ioc_guess_type(SV("curl/7.64.1"), NULL), IOC_UA);
    assert_int_equal(ioc_guess_type(SV("WinHTTP.Client/1.0"), NULL), IOC_UA); /* a version, not a path */
    assert_int_equal(ioc_guess_type(SV("d41d8cd98f00b204e9800998ecf8427e"), &kind), IOC_AUTO);
    assert_string_equal(kind, "hash");
    assert_int_equal(ioc_guess_type(SV("bad@evil.com"), &kind), IOC_AUTO);
    assert_string_equal(kind, "email");
    assert_int_equal(ioc_guess_type(SV("justaword"), &kind), IOC_AUTO);
    assert_null(kind);
    assert_int_equal(ioc_guess_type(SV("1.2.3.999"), NULL), IOC_AUTO); /* ends in a number: neither */
}

static void test_domain(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    const ioc *d = add_ok(&s, IOC_AUTO, "  Evil.COM.  ");
    assert_int_equal(d->type, IOC_DOMAIN);
    assert_string_equal(d->value, "evil.com");
    assert_int_equal(d->port, 0);
    d = add_ok(&s, IOC_AUTO, "*.evil.com:8080");
    assert_string_equal(d->value, "evil.com:8080");
    assert_string_equal(d->key, "evil.com");
    assert_int_equal(d->port, 8080);
    assert_int_equal(add_res(&s, IOC_AUTO, "evil[.]com"), IOC_DUPLICATE);
    assert_int_equal(add_res(&s, IOC_DOMAIN, "例え.jp"), IOC_BAD);            /* give the xn-- form */
    assert_int_equal(add_res(&s, IOC_DOMAIN, "a..b.com"), IOC_BAD);
    assert_int_equal(add_res(&s, IOC_DOMAIN, "bad_char!.com"), IOC_BAD);
    /* an address typed as a domain becomes an address */
    d = add_ok(&s, IOC_DOMAIN, "198.51.100.7");
    assert_int_equal(d->type, IOC_IP);
    assert_int_equal(s.loaded[IOC_DOMAIN], 2);
    assert_int_equal(s.duplicates, 1);
    assert_int_equal(s.bad, 3);
    ioc_set_free(&s);
}

static void test_ip_and_cidr(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    const ioc *i = add_ok(&s, IOC_AUTO, "198.51.100.7/32");
    assert_int_equal(i->type, IOC_IP);
    assert_string_equal(i->value, "198.51.100.7");
    i = add_ok(&s, IOC_AUTO, "10.1.2.3/8");
    assert_int_equal(i->type, IOC_CIDR);
    assert_string_equal(i->value, "10.0.0.0/8");
    i = add_ok(&s, IOC_AUTO, "[2001:DB8:0::1]:443");
    assert_int_equal(i->type, IOC_IP);
    assert_int_equal(i->port, 443);
    assert_string_equal(i->value, "[2001:db8::1]:443");
    i = add_ok(&s, IOC_IP, "203.0.113.5:8443");
    assert_string_equal(i->value, "203.0.113.5:8443");
    assert_int_equal(add_res(&s, IOC_IP, "203.0.113.256"), IOC_BAD);
    assert_int_equal(add_res(&s, IOC_CIDR, "10.0.0.0/33"), IOC_BAD);
    ioc_set_free(&s);
}

static void test_url(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    const ioc *u = add_ok(&s, IOC_AUTO, "HTTP://User:pw@Evil.COM:80/Dir/#frag");
    assert_string_equal(u->value, "http://evil.com/Dir"); /* path case kept, trailing slash dropped */
    assert_string_equal(u->key, "evil.com/Dir");
    assert_int_equal(u->host_len, 8);
    assert_int_equal(u->port, 80);
    u = add_ok(&s, IOC_AUTO, "https://evil.com");
    assert_string_equal(u->value, "https://evil.com/");
    assert_string_equal(u->key, "evil.com/");
    assert_int_equal(u->port, 443);
    u = add_ok(&s, IOC_AUTO, "http://evil.com:8080/x?a=1");
    assert_string_equal(u->value, "http://evil.com:8080/x?a=1");
    assert_string_equal(u->key, "evil.com/x?a=1");
    assert_int_equal(u->port, 8080);
    u = add_ok(&s, IOC_AUTO, "evil.com/gate.php");
    assert_string_equal(u->value, "evil.com/gate.php");
    assert_int_equal(u->port, 0); /* no scheme: any port */
    u = add_ok(&s, IOC_URL, "http://[2001:db8::1]/x");
    assert_string_equal(u->value, "http://[2001:db8::1]/x");
    assert_string_equal(u->key, "2001:db8::1/x");
    assert_int_equal(add_res(&s, IOC_URL, "http://evil.com/Dir"), IOC_DUPLICATE);
    assert_int_equal(add_res(&s, IOC_URL, "file:///etc/passwd"), IOC_BAD);
    assert_int_equal(add_res(&s, IOC_URL, "http:///nohost"), IOC_BAD);
    assert_int_equal(add_res(&s, IOC_URL, "http://evil.com/a b"), IOC_BAD);
    ioc_set_free(&s);
}

static void test_path_and_ua(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    const ioc *p = add_ok(&s, IOC_PATH, "gate.php");
    assert_string_equal(p->value, "/gate.php");
    p = add_ok(&s, IOC_PATH, "/Dir/");
    assert_string_equal(p->value, "/Dir");
    assert_int_equal(add_res(&s, IOC_PATH, "/"), IOC_BAD);
    const ioc *u = add_ok(&s, IOC_UA, "  Mozilla/4.0 (compatible)  ");
    assert_string_equal(u->value, "Mozilla/4.0 (compatible)");
    assert_int_equal(add_res(&s, IOC_UA_PART, "abc"), IOC_BAD);
    u = add_ok(&s, IOC_UA_PART, "meterpreter");
    assert_int_equal(u->type, IOC_UA_PART);
    ioc_set_free(&s);
}

static const ioc *find_value(const ioc_set *s, const char *v) {
    for (size_t i = 0; i < ioc_count(s); i++)
        if (!strcmp(ioc_at(s, i)->value, v)) return ioc_at(s, i);
    return NULL;
}

static void test_named(void **state) {
    (void)state;
    ioc_set s;
    ioc_set_init(&s);
    const char *why;
    assert_int_equal(ioc_add_named(&s, SV("ip-dst|port"), SV("203.0.113.5|8443"), "t", SV_NULL, &why), IOC_ADDED);
    assert_non_null(find_value(&s, "203.0.113.5:8443"));
    assert_int_equal(ioc_add_named(&s, SV("hostname|port"), SV("c2.example.net|8080"), "t", SV_NULL, &why), IOC_ADDED);
    assert_int_equal(find_value(&s, "c2.example.net:8080")->port, 8080);
    assert_int_equal(ioc_add_named(&s, SV("domain|ip"), SV("drop.example.org|198.51.100.44"), "t", SV("lbl"), &why),
                     IOC_ADDED);
    assert_non_null(find_value(&s, "drop.example.org"));
    assert_string_equal(find_value(&s, "198.51.100.44")->label, "lbl");
    assert_int_equal(ioc_add_named(&s, SV("IPv4"), SV("192.0.2.1"), "t", SV_NULL, &why), IOC_ADDED);
    assert_int_equal(ioc_add_named(&s, SV("uri"), SV("/images/beacon.gif"), "t", SV_NULL, &why), IOC_ADDED);
    assert_int_equal(find_value(&s, "/images/beacon.gif")->type, IOC_PATH);
    assert_int_equal(ioc_add_named(&s, SV("uri"), SV("http://evil.com/u"), "t", SV_NULL, &why), IOC_ADDED);
    assert_int_equal(find_value(&s, "http://evil.com/u")->type, IOC_URL);
    assert_int_equal(ioc_add_named(&s, SV("ip_dst"), SV("10.0.0.0/8"), "t", SV_NULL, &why), IOC_ADDED);
    assert_int_equal(find_value(&s, "10.0.0.0/8")->type, IOC_CIDR);
    assert_int_equal(ioc_add_named(&s, SV("md5"), SV("d41d8cd98f00b204e9800998ecf8427e"), "t", SV_NULL, &why),
                     IOC_UNSUPPORTED);
    assert_int_equal(ioc_add_named(&s, SV("mutex"), SV("x"), "t", SV_NULL, &why), IOC_UNSUPPORTED);
    assert_int_equal(ioc_add_named(&s, SV("md5"), SV("e41d8cd98f00b204e9800998ecf8427e"), "t", SV_NULL, &why),
                     IOC_UNSUPPORTED);
    assert_int_equal(ioc_add_named(&s, SV("ip-dst|port"), SV("203.0.113.5"), "t", SV_NULL, &why), IOC_BAD);
    assert_int_equal(s.unsupported, 3);
    assert_int_equal(hmap_get(&s.unsupported_types, SV("md5"))->val.u64, 2);
    assert_true(ioc_type_name_known(SV("User_Agent")));
    assert_false(ioc_type_name_known(SV("http")));
    ioc_set_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refang),   cmocka_unit_test(test_guess),       cmocka_unit_test(test_domain),
        cmocka_unit_test(test_ip_and_cidr), cmocka_unit_test(test_url),      cmocka_unit_test(test_path_and_ua),
        cmocka_unit_test(test_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
