/* test_cli_args.c - the number arguments every command parses through
 * cli_parse_uint: digits only, within the bounds, no overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/cli.h"

static void test_parse_uint(void **state) {
    (void)state;
    uint64_t v = 7;
    assert_true(cli_parse_uint("5", 1, 100, &v));
    assert_int_equal(v, 5);
    assert_true(cli_parse_uint("0", 0, 0, &v));
    assert_int_equal(v, 0);
    assert_true(cli_parse_uint("18446744073709551615", 0, UINT64_MAX, &v));
    assert_true(v == UINT64_MAX);
    v = 7;
    /* refused, and *out untouched */
    static const char *const bad[] = {"", "-1", " -1", "+5", " 5", "5 ", "1x", "0x10", "101", "0",
                                      "18446744073709551616", "99999999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bool ok = cli_parse_uint(bad[i], 1, 100, &v);
        if (ok) fail_msg("accepted \"%s\"", bad[i]);
    }
    assert_int_equal(v, 7);
    assert_false(cli_parse_uint("18446744073709551616", 0, UINT64_MAX, &v));
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_parse_uint)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
