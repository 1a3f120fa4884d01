/* test_utf8_width.c - display width of text in table cells (ASCII, Japanese,
 * junk), and writing code points as UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/utf8.h"

static void test_width(void **state) {
    (void)state;
    assert_int_equal(utf8_display_width("terminal", 8), 8);
    const char *ja = "端末"; /* two wide characters, 6 bytes */
    assert_int_equal(utf8_display_width(ja, strlen(ja)), 4);
    const char *kana = "ｶﾀｶﾅ"; /* half-width katakana: 1 column each */
    assert_int_equal(utf8_display_width(kana, strlen(kana)), 4);
    assert_int_equal(utf8_display_width("\xff\xfe" "a", 3), 3); /* invalid bytes count one each */
}

static void test_fit(void **state) {
    (void)state;
    const char *ja = "接続先abc";
    /* 3 columns: one wide character fits, the second would need a fourth */
    assert_int_equal(utf8_fit_width(ja, strlen(ja), 3), 3);
    assert_int_equal(utf8_fit_width(ja, strlen(ja), 6), 9);
    assert_int_equal(utf8_fit_width(ja, strlen(ja), 8), 11);
    assert_int_equal(utf8_fit_width("abc", 3, 10), 3);
}

static void test_encode(void **state) {
    (void)state;
    char o[4];
    assert_int_equal(utf8_encode(o, 'A'), 1);
    assert_memory_equal(o, "A", 1);
    assert_int_equal(utf8_encode(o, 0xe9), 2);
    assert_memory_equal(o, "\xc3\xa9", 2);
    assert_int_equal(utf8_encode(o, 0x7aef), 3); /* 端 */
    assert_memory_equal(o, "\xe7\xab\xaf", 3);
    assert_int_equal(utf8_encode(o, 0x1f600), 4);
    assert_memory_equal(o, "\xf0\x9f\x98\x80", 4);
    /* what UTF-8 cannot carry becomes U+FFFD, and the result is valid */
    const uint32_t bad[] = {0xd800, 0xdfff, 0x110000, 0xffffffff};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(utf8_encode(o, bad[i]), 3);
        assert_memory_equal(o, "\xef\xbf\xbd", 3);
    }
    for (uint32_t cp = 1; cp <= 0x10ffff; cp += 0x3f1) {
        size_t n = utf8_encode(o, cp);
        assert_true(utf8_valid(o, n));
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_width), cmocka_unit_test(test_fit),
                                       cmocka_unit_test(test_encode)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
