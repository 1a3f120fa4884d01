/* test_report_events.c - reading the --events file (CSV and JSON). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mtime.h"
#include "report/events_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL_IV 1432094700000LL /* 2015-05-20 13:05 JST */

static void parse(report_events *ev, const char *text) {
    report_events_init(ev);
    report_events_parse(ev, sv_cstr(text));
}

static void test_csv(void **state) {
    (void)state;
    display_zone_set("JST");
    report_events ev;
    parse(&ev, "# known events\n"
               "time,label,kind\n"
               "2015-05-20 13:05,mail IV received,mail\n"
               "2015-05-08T10:28:00+09:00,\"mail I, with a link\",mail\r\n"
               "\n"
               "1431063300,\"LAN cable \"\"pulled\"\"\"\n"
               "yesterday,bad time\n"
               "2015-05-21 09:00\n");
    assert_int_equal(ev.items.len, 3);
    assert_int_equal(ev.skipped, 2);
    assert_int_equal(ev.problems.len, 2);
    assert_non_null(strstr(VEC_AT(&ev.problems, char *, 0), "line 7"));
    assert_non_null(strstr(VEC_AT(&ev.problems, char *, 1), "line 8"));
    /* sorted by time; a time without an offset is in the display zone */
    assert_true(sv_eq_cstr(REPORT_EVENT(&ev, 0).label, "mail I, with a link"));
    assert_true(sv_eq_cstr(REPORT_EVENT(&ev, 1).label, "LAN cable \"pulled\""));
    assert_int_equal(REPORT_EVENT(&ev, 1).ms, 1431063300000LL);
    assert_true(sv_eq_cstr(REPORT_EVENT(&ev, 1).kind, ""));
    assert_int_equal(REPORT_EVENT(&ev, 2).ms, MAIL_IV);
    assert_true(sv_eq_cstr(REPORT_EVENT(&ev, 2).kind, "mail"));
    report_events_free(&ev);
}

static void test_json(void **state) {
    (void)state;
    display_zone_set("UTC");
    report_events ev;
    parse(&ev, "{\"events\": [{\"time\": \"2015-05-20T13:05:00+09:00\", \"label\": \"mail IV\", \"kind\": \"mail\"},"
               " {\"time\": 1431063300, \"label\": \"cable\"}, {\"time\": \"x\", \"label\": \"bad\"},"
               " {\"label\": \"no time\"}, 5, {\"time\": 1, \"label\": \"\"}]}");
    assert_int_equal(ev.items.len, 2);
    assert_int_equal(ev.skipped, 4);
    assert_int_equal(REPORT_EVENT(&ev, 0).ms, 1431063300000LL);
    assert_int_equal(REPORT_EVENT(&ev, 1).ms, MAIL_IV);
    report_events_free(&ev);

    parse(&ev, "[{\"time\": \"2015-05-20 04:05\", \"label\": \"plain array\"}]");
    assert_int_equal(ev.items.len, 1);
    assert_int_equal(REPORT_EVENT(&ev, 0).ms, MAIL_IV);
    report_events_free(&ev);

    parse(&ev, "[{\"time\": 1, ");
    assert_int_equal(ev.items.len, 0);
    assert_int_equal(ev.skipped, 1);
    assert_non_null(strstr(VEC_AT(&ev.problems, char *, 0), "JSON error"));
    report_events_free(&ev);
}

static void test_bounds(void **state) {
    (void)state;
    report_events ev;
    char *big = malloc(20000);
    strcpy(big, "2015-05-20 13:05,");
    size_t n = strlen(big);
    while (n < 19000) memcpy(big + n, "日本", 6), n += 6; /* a label far longer than the limit */
    big[n] = 0;
    parse(&ev, big);
    assert_int_equal(ev.items.len, 1);
    assert_true(REPORT_EVENT(&ev, 0).label.n <= EVENTS_MAX_TEXT);
    assert_int_equal(REPORT_EVENT(&ev, 0).label.n % 3, 0); /* cut between characters */
    report_events_free(&ev);
    free(big);

    report_events_init(&ev);
    char err[256];
    assert_false(report_events_load(&ev, "/nonexistent/events.csv", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/events.csv"));
    report_events_free(&ev);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
