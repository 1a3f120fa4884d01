/* test_cidrset.c - containment lookups over nested and disjoint CIDR ranges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/cidrset.h"

static void add(cidrset *s, const char *text, uint32_t value) {
    cidr c;
    assert_true(cidr_parse(sv_cstr(text), &c));
    cidrset_add(s, &c, value);
}

static size_t look(const cidrset *s, const char *ip_text, uint32_t *out) {
    ipaddr ip;
    assert_true(ip_parse(sv_cstr(ip_text), &ip));
    return cidrset_lookup(s, &ip, out, 8);
}

static void test_nested_and_disjoint(void **state) {
    (void)state;
    cidrset s;
    cidrset_init(&s);
    add(&s, "10.0.0.0/8", 1);
    add(&s, "10.1.0.0/16", 2);
    add(&s, "10.1.2.0/24", 3);
    add(&s, "192.0.2.0/24", 4);
    add(&s, "10.200.0.0/16", 5);
    cidrset_build(&s);
    uint32_t out[8];
    assert_int_equal(look(&s, "10.1.2.3", out), 3); /* innermost first */
    assert_int_equal(out[0], 3);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 1);
    assert_int_equal(look(&s, "10.1.3.1", out), 2);
    assert_int_equal(out[0], 2);
    /* after a sibling range: the walk up must still find the /8 */
    assert_int_equal(look(&s, "10.2.0.1", out), 1);
    assert_int_equal(out[0], 1);
    assert_int_equal(look(&s, "10.255.255.255", out), 1);
    assert_int_equal(look(&s, "11.0.0.0", out), 0);
    assert_int_equal(look(&s, "9.255.255.255", out), 0);
    assert_int_equal(look(&s, "192.0.2.0", out), 1);
    assert_int_equal(out[0], 4);
    assert_int_equal(look(&s, "192.0.2.255", out), 1);
    assert_int_equal(look(&s, "192.0.3.0", out), 0);
    cidrset_free(&s);
}

static void test_v6_and_duplicates(void **state) {
    (void)state;
    cidrset s;
    cidrset_init(&s);
    add(&s, "2001:db8::/32", 7);
    add(&s, "2001:db8::/32", 8); /* the same range from two indicators */
    add(&s, "2001:db8:1::/48", 9);
    add(&s, "203.0.113.9", 10);  /* a single address */
    cidrset_build(&s);
    uint32_t out[8];
    assert_int_equal(look(&s, "2001:db8:1::5", out), 3);
    assert_int_equal(out[0], 9);
    assert_int_equal(look(&s, "2001:db8:ffff::1", out), 2);
    assert_true((out[0] == 7 && out[1] == 8) || (out[0] == 8 && out[1] == 7));
    assert_int_equal(look(&s, "2001:db9::1", out), 0);
    assert_int_equal(look(&s, "203.0.113.9", out), 1);
    assert_int_equal(look(&s, "203.0.113.10", out), 0);
    /* an IPv4 address is not inside an IPv6 range that does not cover ::ffff:0:0/96 */
    assert_int_equal(look(&s, "10.0.0.1", out), 0);
    cidrset_free(&s);
}

static void test_everything_and_empty(void **state) {
    (void)state;
    cidrset s;
    cidrset_init(&s);
    cidrset_build(&s);
    uint32_t out[8];
    assert_int_equal(look(&s, "10.0.0.1", out), 0);
    add(&s, "0.0.0.0/0", 1);
    cidrset_build(&s);
    assert_int_equal(look(&s, "255.255.255.255", out), 1);
    assert_int_equal(look(&s, "0.0.0.0", out), 1);
    assert_int_equal(look(&s, "2001:db8::1", out), 0);
    cidrset_free(&s);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nested_and_disjoint),
        cmocka_unit_test(test_v6_and_duplicates),
        cmocka_unit_test(test_everything_and_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
