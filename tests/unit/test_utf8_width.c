/* test_utf8_width.c - display width of text in table cells (ASCII, Japanese, junk). */
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

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_width), cmocka_unit_test(test_fit)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
