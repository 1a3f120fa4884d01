/* test_report_html.c - escaping attacker-controlled text for the HTML report. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/html.h"

#include <stdlib.h>
#include <string.h>

static char *escaped(sv s) {
    buf b = {0};
    html_escape(&b, s);
    char *out = strdup(buf_cstr(&b));
    buf_free(&b);
    return out;
}

static void check(const char *in, const char *want) {
    char *got = escaped(sv_cstr(in));
    assert_string_equal(got, want);
    free(got);
}

static void test_markup_becomes_text(void **state) {
    (void)state;
    check("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    check("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    check("a'b&c", "a&#39;b&amp;c");
    check("&amp;", "&amp;amp;");
    check("plain host.example", "plain host.example");
    check("", "");
}

static void test_utf8_kept_and_repaired(void **state) {
    (void)state;
    check("日本年金機構", "日本年金機構");
    check("a\xc3\x28z", "a\xef\xbf\xbd(z");        /* invalid continuation */
    check("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate: three bad bytes */
    check("end\xe6\x97", "end\xef\xbf\xbd\xef\xbf\xbd");       /* cut sequence at the end */
}

static void test_controls_and_bidi(void **state) {
    (void)state;
    check("a\tb\nc", "a\tb\nc");
    check("a\x01\x1b[31mb\x7f", "a\xef\xbf\xbd\xef\xbf\xbd[31mb\xef\xbf\xbd");
    /* U+202E RIGHT-TO-LEFT OVERRIDE would make "exe.txt" read as "txt.exe" */
    check("abc\xe2\x80\xaetxt.exe", "abc\xef\xbf\xbdtxt.exe");
    check("\xe2\x81\xa6x\xe2\x81\xa9", "\xef\xbf\xbdx\xef\xbf\xbd");
    check("\xe2\x80\x94", "\xe2\x80\x94"); /* an em dash is not a control */
    /* a NUL byte inside a view */
    char *got = escaped(sv_make("a\0<", 3));
    assert_string_equal(got, "a\xef\xbf\xbd&lt;");
    free(got);
}

static void test_bounded_length(void **state) {
    (void)state;
    buf b = {0};
    html_escape_max(&b, sv_cstr("<<<<"), 2);
    assert_string_equal(buf_cstr(&b), "&lt;&lt;\xe2\x80\xa6");
    buf_clear(&b);
    html_escape_max(&b, sv_cstr("日本"), 4); /* cut inside 本: keep 日 only */
    assert_string_equal(buf_cstr(&b), "日\xe2\x80\xa6");
    buf_clear(&b);
    html_escape_max(&b, sv_cstr("short"), 100);
    assert_string_equal(buf_cstr(&b), "short");
    buf_free(&b);
}

static void test_clean_text_for_json(void **state) {
    (void)state;
    buf b = {0};
    text_clean(&b, sv_make("<b>\xe2\x80\xae\x01\xff&", 9), 100);
    assert_string_equal(buf_cstr(&b), "<b>\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd&");
    buf_clear(&b);
    text_clean(&b, sv_cstr("abcdef"), 3);
    assert_string_equal(buf_cstr(&b), "abc\xe2\x80\xa6");
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_becomes_text),
        cmocka_unit_test(test_utf8_kept_and_repaired),
        cmocka_unit_test(test_controls_and_bidi),
        cmocka_unit_test(test_bounded_length),
        cmocka_unit_test(test_clean_text_for_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
