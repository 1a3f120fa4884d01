/* test_facts.c - how findings write sizes, intervals and quoted log text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "detect/facts.h"

static void test_numbers(void **state) {
    (void)state;
    char b[FACT_BUFSZ];
    assert_string_equal(fact_bytes(512, b), "512 B");
    assert_string_equal(fact_bytes(5174649, b), "5.2 MB");
    assert_string_equal(fact_seconds(61, b), "61 s");
    assert_string_equal(fact_seconds(7800, b), "2 h 10 min");
}

static void test_quote(void **state) {
    (void)state;
    char q[64];
    /* Printable text is kept as it is, Japanese included. */
    assert_string_equal(fact_quote(SV("/old/tsukuba/log.php"), 40, q, sizeof q), "/old/tsukuba/log.php");
    assert_string_equal(fact_quote(sv_cstr("/資料/一覧.php"), 40, q, sizeof q), "/資料/一覧.php");
    /* Control bytes and invalid UTF-8 become '?': a log line cannot move the
     * cursor or break the JSON and HTML that quote it. */
    assert_string_equal(fact_quote(SV("a\x1b[2Jb\xff" "c"), 40, q, sizeof q), "a?[2Jb?c");
    /* Long text is cut on a character boundary and marked. */
    assert_string_equal(fact_quote(SV("abcdefghij"), 4, q, sizeof q), "abcd...");
    const char *ja = "あいう"; /* 3 bytes each: 4 bytes keep one character */
    assert_string_equal(fact_quote(sv_cstr(ja), 4, q, sizeof q), "あ...");
    assert_string_equal(fact_quote(SV(""), 4, q, sizeof q), "");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_quote),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
