/* test_texttable.c - text tables for the terminal: cells from logs are made
 * printable, cut to their column width in terminal columns (Japanese counts
 * two), and padded so the next column lines up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/texttable.h"

#include <string.h>

static const char *put(size_t cols, bool pad, bool right, const char *s, const char *ellipsis, size_t *width) {
    static buf b;
    buf_clear(&b);
    if (pad) tt_put_padded(&b, sv_cstr(s), cols, right, ellipsis);
    else *width = tt_put_text(&b, sv_cstr(s), cols, ellipsis);
    return buf_cstr(&b);
}

static void text_is_cut_and_made_printable(void **unused) {
    (void)unused;
    size_t w;
    assert_string_equal(put(0, false, false, "www.example.com", "...", &w), "www.example.com");
    assert_int_equal(w, 15);
    assert_string_equal(put(10, false, false, "www.example.com", "...", &w), "www.exa...");
    assert_int_equal(w, 10);
    assert_string_equal(put(10, false, false, "www.example.com", "\xe2\x80\xa6", &w), "www.examp\xe2\x80\xa6");
    assert_int_equal(w, 10);
    /* terminal control sequences and broken UTF-8 from a log are shown, not obeyed */
    assert_string_equal(put(0, false, false, "a\x1b[2Jb\xff\x7f", "...", &w), "a?[2Jb??");
    assert_int_equal(w, 8);
    /* wide characters: a cut never splits one, and counts what was written */
    assert_string_equal(put(6, false, false, "端末端末", "\xe2\x80\xa6", &w), "端末\xe2\x80\xa6");
    assert_int_equal(w, 5);
    assert_string_equal(put(2, false, false, "abcdef", "...", &w), "...");
}

static void cells_are_padded(void **unused) {
    (void)unused;
    size_t w;
    assert_string_equal(put(6, true, false, "ab", "...", &w), "ab    ");
    assert_string_equal(put(6, true, true, "42", "...", &w), "    42");
    assert_string_equal(put(6, true, false, "端末", "...", &w), "端末  ");
    assert_string_equal(put(6, true, false, "端末端末", "\xe2\x80\xa6", &w), "端末\xe2\x80\xa6 ");
    assert_string_equal(put(3, true, true, "12345", "...", &w), "...");
    assert_string_equal(put(4, true, false, "", "...", &w), "    ");
}

static void counts_are_grouped(void **unused) {
    (void)unused;
    char out[32];
    assert_string_equal(fmt_count(0, out), "0");
    assert_string_equal(fmt_count(999, out), "999");
    assert_string_equal(fmt_count(1234567, out), "1,234,567");
    assert_string_equal(fmt_count(UINT64_MAX, out), "18,446,744,073,709,551,615");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_is_cut_and_made_printable),
        cmocka_unit_test(cells_are_padded),
        cmocka_unit_test(counts_are_grouped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
