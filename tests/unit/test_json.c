/* test_json.c - the JSON writer (escaping, invalid UTF-8, html-safe mode),
 * CSV fields (quoting, formula guard) and the UTF-8 helpers. */
#include "core/json.h"
#include "core/mtime.h"
#include "core/utf8.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static const char *esc(buf *b, sv s, bool html) {
    buf_clear(b);
    json_escape(b, s, html);
    return buf_cstr(b);
}

static void escaping(void **state) {
    (void)state;
    buf b = {0};
    assert_string_equal(esc(&b, SV("plain"), false), "\"plain\"");
    assert_string_equal(esc(&b, SV(""), false), "\"\"");
    assert_string_equal(esc(&b, SV("a\"b\\c"), false), "\"a\\\"b\\\\c\"");
    assert_string_equal(esc(&b, SV("\n\r\t"), false), "\"\\n\\r\\t\"");
    assert_string_equal(esc(&b, SV("\x01\x1f\x7f"), false), "\"\\u0001\\u001f\\u007f\"");
    assert_string_equal(esc(&b, sv_make("a\0b", 3), false), "\"a\\u0000b\"");
    assert_string_equal(esc(&b, SV("日本語 é"), false), "\"日本語 é\"");
    assert_string_equal(esc(&b, SV("</script>&'"), false), "\"</script>&'\"");
    assert_string_equal(esc(&b, SV("</script>&'"), true), "\"\\u003c/script\\u003e\\u0026\\u0027\"");
    buf_free(&b);
}

static void invalid_utf8(void **state) {
    (void)state;
    buf b = {0};
    /* a lone continuation byte, a cut sequence, an overlong '/', a surrogate,
     * and a code point above U+10FFFF: each invalid byte becomes U+FFFD */
    assert_string_equal(esc(&b, SV("a\x80z"), false), "\"a\\ufffdz\"");
    assert_string_equal(esc(&b, SV("\xe6\x97"), false), "\"\\ufffd\\ufffd\"");
    assert_string_equal(esc(&b, SV("\xc0\xaf"), false), "\"\\ufffd\\ufffd\"");
    assert_string_equal(esc(&b, SV("\xed\xa0\x80"), false), "\"\\ufffd\\ufffd\\ufffd\"");
    assert_string_equal(esc(&b, SV("\xf4\x90\x80\x80"), false), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    assert_string_equal(esc(&b, SV("\xff日"), false), "\"\\ufffd日\"");
    buf_free(&b);
}

static void writer(void **state) {
    (void)state;
    buf b = {0};
    jw w;
    jw_init(&w, &b);
    jw_obj_begin(&w);
    jw_key(&w, "s");
    jw_str(&w, SV("x"));
    jw_key(&w, "n");
    jw_int(&w, -42);
    jw_key(&w, "big");
    jw_int(&w, INT64_MIN);
    jw_key(&w, "d");
    jw_double(&w, 0.5);
    jw_key(&w, "inf");
    jw_double(&w, 1.0 / 0.0);
    jw_key(&w, "t");
    jw_bool(&w, true);
    jw_key(&w, "z");
    jw_null(&w);
    jw_key(&w, "c");
    jw_cstr(&w, NULL);
    jw_key(&w, "a");
    jw_arr_begin(&w);
    jw_int(&w, 1);
    jw_str(&w, SV("b:"));
    jw_arr_begin(&w);
    jw_arr_end(&w);
    jw_obj_begin(&w);
    jw_obj_end(&w);
    jw_raw(&w, "{\"r\":1}");
    jw_arr_end(&w);
    jw_key(&w, "k\"ey");
    jw_time(&w, MTIME_NONE);
    jw_obj_end(&w);
    assert_string_equal(buf_cstr(&b), "{\"s\":\"x\",\"n\":-42,\"big\":-9223372036854775808,\"d\":0.5,\"inf\":null,"
                                      "\"t\":true,\"z\":null,\"c\":null,\"a\":[1,\"b:\",[],{},{\"r\":1}],"
                                      "\"k\\\"ey\":null}");
    /* consecutive top-level objects (JSON lines) */
    buf_clear(&b);
    jw_init(&w, &b);
    jw_obj_begin(&w);
    jw_key(&w, "t");
    display_zone_set("JST");
    jw_time(&w, 1432127045000LL);
    jw_obj_end(&w);
    buf_putc(&b, '\n');
    jw_obj_begin(&w);
    jw_obj_end(&w);
    assert_string_equal(buf_cstr(&b), "{\"t\":\"2015-05-20T22:04:05+09:00\"}\n{}");
    /* html-safe mode reaches keys and values */
    buf_clear(&b);
    jw_init(&w, &b);
    w.html_safe = true;
    jw_obj_begin(&w);
    jw_key(&w, "<k>");
    jw_str(&w, SV("</script>"));
    jw_obj_end(&w);
    assert_string_equal(buf_cstr(&b), "{\"\\u003ck\\u003e\":\"\\u003c/script\\u003e\"}");
    buf_free(&b);
}

static const char *csv(buf *b, const char *s) {
    buf_clear(b);
    csv_field(b, sv_cstr(s));
    return buf_cstr(b);
}

/* Flushing the buffer between values must not lose commas: the writer keeps
 * its own state instead of looking at what the buffer holds. */
static void writer_survives_flushes(void **state) {
    (void)state;
    buf b = {0}, all = {0};
    jw w;
    jw_init(&w, &b);
    jw_obj_begin(&w);
    jw_key(&w, "a");
    buf_putsv(&all, sv_make(b.p, b.len)), buf_clear(&b);
    jw_int(&w, 1);
    buf_putsv(&all, sv_make(b.p, b.len)), buf_clear(&b);
    jw_key(&w, "list");
    jw_arr_begin(&w);
    for (int i = 0; i < 3; i++) {
        jw_obj_begin(&w);
        jw_key(&w, "i");
        jw_int(&w, i);
        jw_obj_end(&w);
        buf_putsv(&all, sv_make(b.p, b.len)), buf_clear(&b);
    }
    jw_arr_end(&w);
    jw_key(&w, "s");
    buf_putsv(&all, sv_make(b.p, b.len)), buf_clear(&b);
    jw_cstr(&w, "x:");
    jw_obj_end(&w);
    buf_putsv(&all, sv_make(b.p, b.len));
    assert_string_equal(buf_cstr(&all), "{\"a\":1,\"list\":[{\"i\":0},{\"i\":1},{\"i\":2}],\"s\":\"x:\"}");
    buf_free(&b);
    buf_free(&all);
}

static void csv_fields(void **state) {
    (void)state;
    buf b = {0};
    assert_string_equal(csv(&b, "plain"), "plain");
    assert_string_equal(csv(&b, ""), "");
    assert_string_equal(csv(&b, "a,b"), "\"a,b\"");
    assert_string_equal(csv(&b, "say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_string_equal(csv(&b, "two\nlines"), "\"two\nlines\"");
    /* formula guard */
    assert_string_equal(csv(&b, "=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
    assert_string_equal(csv(&b, "+cmd"), "\"'+cmd\"");
    assert_string_equal(csv(&b, "-2+3"), "\"'-2+3\"");
    assert_string_equal(csv(&b, "@SUM(A1)"), "\"'@SUM(A1)\"");
    assert_string_equal(csv(&b, "\tx"), "\"'\tx\"");
    /* numbers stay numbers, and a lone dash (not logged) stays a dash */
    assert_string_equal(csv(&b, "-1"), "-1");
    assert_string_equal(csv(&b, "+3.5"), "+3.5");
    assert_string_equal(csv(&b, "-"), "-");
    buf_free(&b);
}

static void utf8_helpers(void **state) {
    (void)state;
    assert_int_equal(utf8_valid_prefix("a", 1), 1);
    assert_int_equal(utf8_valid_prefix("é", 2), 2);
    assert_int_equal(utf8_valid_prefix("日", 3), 3);
    assert_int_equal(utf8_valid_prefix("\xf0\x9f\x98\x80", 4), 4);
    assert_int_equal(utf8_valid_prefix("\xf0\x9f\x98", 3), 0);
    assert_int_equal(utf8_valid_prefix("", 0), 0);
    assert_true(utf8_valid("日本語", 9));
    assert_false(utf8_valid("日本\xe8", 7));
    assert_int_equal(utf8_truncate("日本語", 9, 7), 6);
    assert_int_equal(utf8_truncate("日本語", 9, 9), 9);
    assert_int_equal(utf8_truncate("abc", 3, 0), 0);
    assert_int_equal(utf8_display_width("abc", 3), 3);
    assert_int_equal(utf8_display_width("日本語", 9), 6);
    assert_int_equal(utf8_display_width("ｶﾅ", 6), 2);    /* halfwidth katakana: one column each */
    assert_int_equal(utf8_display_width("ＡＢ", 6), 4);  /* fullwidth Latin: two each */
    assert_int_equal(utf8_display_width("a\xff", 2), 2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escaping), cmocka_unit_test(invalid_utf8), cmocka_unit_test(writer), cmocka_unit_test(writer_survives_flushes),
        cmocka_unit_test(csv_fields), cmocka_unit_test(utf8_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
