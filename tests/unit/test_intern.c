/* test_intern.c - the compact string table and the uint64 map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/intern.h"
#include "core/u64map.h"

#include <stdio.h>
#include <string.h>

static void test_intern_ids_are_dense_and_stable(void **state) {
    (void)state;
    intern t;
    intern_init(&t);
    bool created;
    assert_int_equal(intern_put(&t, SV("www.example.com"), &created), 0);
    assert_true(created);
    assert_int_equal(intern_put(&t, SV("c2.example.net"), &created), 1);
    assert_int_equal(intern_put(&t, SV("www.example.com"), &created), 0);
    assert_false(created);
    assert_int_equal(intern_get(&t, SV("c2.example.net")), 1);
    assert_int_equal(intern_get(&t, SV("absent.example")), INTERN_NONE);
    assert_true(sv_eq_cstr(intern_str(&t, 1), "c2.example.net"));
    assert_int_equal(intern_str(&t, 1).p[14], 0); /* NUL-terminated */
    assert_int_equal(intern_count(&t), 2);
    intern_freeze(&t);
    assert_true(sv_eq_cstr(intern_str(&t, 0), "www.example.com"));
    assert_int_equal(intern_get(&t, SV("c2.example.net")), INTERN_NONE);
    assert_int_equal(intern_put(&t, SV("new.example"), NULL), INTERN_NONE);
    intern_free(&t);
}

static void test_intern_many_and_long(void **state) {
    (void)state;
    intern t;
    intern_init(&t);
    char name[64];
    for (int i = 0; i < 200000; i++) {
        snprintf(name, sizeof name, "host%d.example.jp", i);
        assert_int_equal(intern_put(&t, sv_cstr(name), NULL), (uint32_t)i);
    }
    for (int i = 0; i < 200000; i += 997) {
        snprintf(name, sizeof name, "host%d.example.jp", i);
        assert_int_equal(intern_get(&t, sv_cstr(name)), (uint32_t)i);
        assert_true(sv_eq_cstr(intern_str(&t, (uint32_t)i), name));
    }
    /* Lengths over 127 use the two-byte length; over the limit are cut. */
    char big[5000];
    memset(big, 'a', sizeof big);
    uint32_t a = intern_put(&t, sv_make(big, 300), NULL);
    uint32_t b = intern_put(&t, sv_make(big, sizeof big), NULL);
    assert_int_equal(intern_str(&t, a).n, 300);
    assert_int_equal(intern_str(&t, b).n, INTERN_MAX_LEN);
    assert_int_equal(intern_put(&t, sv_make(big, INTERN_MAX_LEN + 10), NULL), b);
    /* Empty strings and NUL bytes are ordinary keys. */
    uint32_t e = intern_put(&t, SV(""), NULL);
    uint32_t z = intern_put(&t, sv_make("a\0b", 3), NULL);
    assert_int_not_equal(e, z);
    assert_int_equal(intern_get(&t, sv_make("a\0b", 3)), z);
    assert_int_equal(intern_get(&t, SV("a")), INTERN_NONE);
    intern_free(&t);
}

static void test_u64map(void **state) {
    (void)state;
    u64map m;
    u64map_init(&m);
    assert_null(u64map_get(&m, 5));
    bool created;
    for (uint32_t a = 0; a < 300; a++)
        for (uint32_t b = 0; b < 300; b++) {
            uint32_t *v = u64map_put(&m, u64_pair(a, b), a * 1000 + b, &created);
            assert_true(created);
            assert_int_equal(*v, a * 1000 + b);
        }
    assert_int_equal(u64map_len(&m), 90000);
    uint32_t *v = u64map_put(&m, u64_pair(7, 9), 0, &created);
    assert_false(created);
    assert_int_equal(*v, 7009);
    *v = 42;
    assert_int_equal(*u64map_get(&m, u64_pair(7, 9)), 42);
    assert_null(u64map_get(&m, u64_pair(300, 0)));
    assert_non_null(u64map_get(&m, 0)); /* key 0 = pair (0, 0) is a real key */
    /* cleared: empty, the same size, and usable again */
    size_t cap = m.cap;
    u64map_clear(&m);
    assert_int_equal(u64map_len(&m), 0);
    assert_int_equal(m.cap, cap);
    assert_null(u64map_get(&m, u64_pair(7, 9)));
    assert_null(u64map_get(&m, 0));
    assert_true(*u64map_put(&m, u64_pair(7, 9), 5, &created) == 5 && created);
    assert_int_equal(u64map_len(&m), 1);
    u64map_free(&m);
    u64map_clear(&m); /* on a map with no slots */
    assert_int_equal(u64map_len(&m), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intern_ids_are_dense_and_stable),
        cmocka_unit_test(test_intern_many_and_long),
        cmocka_unit_test(test_u64map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
