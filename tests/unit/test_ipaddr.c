/* test_ipaddr.c - IPv4/IPv6 parsing and formatting, CIDR, private ranges. */
#include "core/ipaddr.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static ipaddr ip(const char *s) {
    ipaddr a;
    assert_true(ip_parse(sv_cstr(s), &a));
    return a;
}

static cidr net(const char *s) {
    cidr c;
    assert_true(cidr_parse(sv_cstr(s), &c));
    return c;
}

static void v4(void **state) {
    (void)state;
    char b[IP_STRLEN];
    ipaddr a = ip("192.168.0.100");
    assert_int_equal(a.family, 4);
    assert_int_equal(ip_v4(&a), 0xc0a80064u);
    assert_string_equal(ip_format(&a, b), "192.168.0.100");
    assert_string_equal(ip_format(&(ipaddr){.family = 0}, b), "");
    a = ip("0.0.0.0");
    assert_int_equal(ip_v4(&a), 0);
    a = ip("255.255.255.255");
    assert_int_equal(ip_v4(&a), 0xffffffffu);
    ipaddr bad;
    const char *invalid[] = {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.4 ", " 1.2.3.4", "1.2.3.-4",
                             "01234.1.1.1", "a.b.c.d", "", "1.2.3.4/24", "host.example"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        assert_false(ip_parse(sv_cstr(invalid[i]), &bad));
        assert_int_equal(bad.family, 0);
    }
}

static void v6(void **state) {
    (void)state;
    char b[IP_STRLEN];
    ipaddr a = ip("2001:db8::1");
    assert_int_equal(a.family, 6);
    assert_string_equal(ip_format(&a, b), "2001:db8::1");
    a = ip("[2001:DB8:0:0:0:0:0:1]");
    assert_string_equal(ip_format(&a, b), "2001:db8::1");
    a = ip("fe80::1%eth0");
    assert_string_equal(ip_format(&a, b), "fe80::1");
    assert_true(ip_equal(&a, &(ipaddr){{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 6}));
    ipaddr bad;
    assert_false(ip_parse(SV("2001:db8::1::2"), &bad));
    assert_false(ip_parse(SV("2001:db8:::1"), &bad));
    assert_false(ip_parse(SV("12345::1"), &bad));
    assert_false(ip_parse(SV("[2001:db8::1"), &bad));
    /* longer than any address: rejected without overflowing the copy */
    assert_false(ip_parse(SV("2001:0db8:0000:0000:0000:0000:0000:0001:0000:0000:0000"), &bad));
}

static void v4_mapped(void **state) {
    (void)state;
    char b[IP_STRLEN];
    ipaddr m = ip("::ffff:10.1.2.3");
    ipaddr v = ip("10.1.2.3");
    assert_int_equal(m.family, 4);
    assert_true(ip_equal(&m, &v));
    assert_string_equal(ip_format(&m, b), "10.1.2.3");
    cidr c = net("10.0.0.0/8");
    assert_true(cidr_contains(&c, &m));
    ipaddr six = ip("::a01:203"); /* IPv4-compatible form is plain IPv6 */
    assert_int_equal(six.family, 6);
    assert_false(cidr_contains(&c, &six));
}

static void cidr_ranges(void **state) {
    (void)state;
    char b[IP_STRLEN + 8];
    cidr c = net("192.168.1.77/24");
    assert_string_equal(cidr_format(&c, b), "192.168.1.0/24");
    ipaddr in = ip("192.168.1.255"), out = ip("192.168.2.0");
    assert_true(cidr_contains(&c, &in));
    assert_false(cidr_contains(&c, &out));
    /* prefix edges */
    c = net("0.0.0.0/0");
    assert_true(cidr_contains(&c, &in));
    assert_false(cidr_contains(&c, &(ipaddr){.family = 0}));
    ipaddr v6 = ip("2001:db8::1");
    assert_false(cidr_contains(&c, &v6)); /* /0 of IPv4 is all IPv4, not IPv6 */
    c = net("10.1.2.3/32");
    assert_false(cidr_contains(&c, &(ipaddr){0}));
    ipaddr a = ip("10.1.2.3"), a2 = ip("10.1.2.4");
    assert_true(cidr_contains(&c, &a));
    assert_false(cidr_contains(&c, &a2));
    c = net("10.1.2.3");
    assert_int_equal(c.prefix, 128);
    assert_true(cidr_contains(&c, &a));
    c = net("172.16.0.0/12");
    ipaddr e1 = ip("172.31.255.255"), e2 = ip("172.32.0.0"), e3 = ip("172.15.255.255");
    assert_true(cidr_contains(&c, &e1));
    assert_false(cidr_contains(&c, &e2));
    assert_false(cidr_contains(&c, &e3));
    c = net("2001:db8::/32");
    assert_string_equal(cidr_format(&c, b), "2001:db8::/32");
    assert_true(cidr_contains(&c, &v6));
    ipaddr v6b = ip("2001:db9::1");
    assert_false(cidr_contains(&c, &v6b));
    c = net("2001:db8::/127");
    ipaddr x0 = ip("2001:db8::"), x2 = ip("2001:db8::2");
    assert_true(cidr_contains(&c, &v6) && cidr_contains(&c, &x0));
    assert_false(cidr_contains(&c, &x2));
    c = net("::/0");
    assert_true(cidr_contains(&c, &v6) && cidr_contains(&c, &a));
    cidr bad;
    assert_false(cidr_parse(SV("10.0.0.0/33"), &bad));
    assert_false(cidr_parse(SV("2001:db8::/129"), &bad));
    assert_false(cidr_parse(SV("10.0.0.0/"), &bad));
    assert_false(cidr_parse(SV("10.0.0.0/-1"), &bad));
    assert_false(cidr_parse(SV("10.0.0.0/8x"), &bad));
    assert_false(cidr_parse(SV("/8"), &bad));
}

static void private_ranges(void **state) {
    (void)state;
    const char *priv[] = {"10.0.0.1",  "172.16.5.4", "192.168.255.255", "127.0.0.1", "169.254.1.1",
                          "100.64.0.1", "::1",       "fd00::1",         "fe80::1",   "::ffff:192.168.0.1"};
    const char *pub[] = {"8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:db8::1", "93.184.216.34",
                         "11.0.0.1"};
    for (size_t i = 0; i < sizeof priv / sizeof priv[0]; i++) {
        ipaddr a = ip(priv[i]);
        assert_true(ip_is_private(&a));
    }
    for (size_t i = 0; i < sizeof pub / sizeof pub[0]; i++) {
        ipaddr a = ip(pub[i]);
        assert_false(ip_is_private(&a));
    }
    assert_false(ip_is_private(&(ipaddr){.family = 0}));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(v4), cmocka_unit_test(v6), cmocka_unit_test(v4_mapped), cmocka_unit_test(cidr_ranges),
        cmocka_unit_test(private_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
