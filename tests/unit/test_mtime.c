/* test_mtime.c - time parsing (epoch, CLF, W3C, ISO 8601), calendar
 * arithmetic and display zones. */
#include "core/mtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* 2015-05-20T13:04:05Z */
#define T0 1432127045000LL

static void civil_round_trip(void **state) {
    (void)state;
    assert_int_equal(days_from_civil(1970, 1, 1), 0);
    assert_int_equal(days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(days_from_civil(1969, 12, 31), -1);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int64_t y;
        unsigned m, dd;
        civil_from_days(d, &y, &m, &dd);
        assert_int_equal(days_from_civil(y, m, dd), d);
    }
}

static void epoch(void **state) {
    (void)state;
    int64_t ms;
    assert_true(mtime_parse_epoch(SV("1286536309"), &ms));
    assert_int_equal(ms, 1286536309000LL);
    assert_true(mtime_parse_epoch(SV("1286536309.865"), &ms));
    assert_int_equal(ms, 1286536309865LL);
    assert_true(mtime_parse_epoch(SV("1517336154.078555"), &ms)); /* Zeek: microseconds, truncated */
    assert_int_equal(ms, 1517336154078LL);
    assert_true(mtime_parse_epoch(SV("1286536309.8"), &ms));
    assert_int_equal(ms, 1286536309800LL);
    assert_false(mtime_parse_epoch(SV(""), &ms));
    assert_false(mtime_parse_epoch(SV("1286536309."), &ms));
    assert_false(mtime_parse_epoch(SV(".865"), &ms));
    assert_false(mtime_parse_epoch(SV("-1286536309"), &ms));
    assert_false(mtime_parse_epoch(SV("12865x6309"), &ms));
    assert_false(mtime_parse_epoch(SV("1286536309.86a"), &ms));
    assert_false(mtime_parse_epoch(SV("1234567890123"), &ms)); /* 13 digits: milliseconds, not seconds */
}

static void clf(void **state) {
    (void)state;
    int64_t ms;
    int off = 99;
    assert_true(mtime_parse_clf(SV("[10/Oct/2000:13:55:36 -0700]"), &ms, &off));
    assert_int_equal(ms, 971211336000LL); /* 2000-10-10T20:55:36Z */
    assert_int_equal(off, -420);
    assert_true(mtime_parse_clf(SV("20/May/2015:22:04:05 +0900"), &ms, &off));
    assert_int_equal(ms, T0);
    assert_int_equal(off, 540);
    assert_true(mtime_parse_clf(SV("20/may/2015:22:04:05 +09:00"), &ms, &off));
    assert_int_equal(ms, T0);
    assert_true(mtime_parse_clf(SV("20/May/2015:13:04:05"), &ms, &off)); /* no zone: UTC */
    assert_int_equal(ms, T0);
    assert_int_equal(off, 0);
    assert_false(mtime_parse_clf(SV("20/Mai/2015:13:04:05 +0000"), &ms, &off));
    assert_false(mtime_parse_clf(SV("32/May/2015:13:04:05 +0000"), &ms, &off));
    assert_false(mtime_parse_clf(SV("20/May/2015:24:04:05 +0000"), &ms, &off));
    assert_false(mtime_parse_clf(SV("20/May/2015:13:04:05 +2500"), &ms, &off));
    assert_false(mtime_parse_clf(SV("20/May/2015:13:04:05 junk"), &ms, &off));
    assert_false(mtime_parse_clf(SV("20/May/2015"), &ms, &off));
    assert_false(mtime_parse_clf(SV("[]"), &ms, &off));
    assert_false(mtime_parse_clf(SV(""), &ms, &off));
}

static void w3c(void **state) {
    (void)state;
    int64_t ms;
    assert_true(mtime_parse_w3c(SV("2015-05-20"), SV("13:04:05"), &ms));
    assert_int_equal(ms, T0);
    assert_true(mtime_parse_w3c(SV("2015-05-20"), SV("13:04:05.250"), &ms));
    assert_int_equal(ms, T0 + 250);
    assert_true(mtime_parse_w3c(SV("2015-05-20"), SV("13:04"), &ms)); /* seconds are optional in W3C */
    assert_int_equal(ms, T0 - 5000);
    assert_false(mtime_parse_w3c(SV("2015-5-20"), SV("13:04:05"), &ms));
    assert_false(mtime_parse_w3c(SV("2015-05-20"), SV("13:04:05Z"), &ms));
    assert_false(mtime_parse_w3c(SV("2015-13-20"), SV("13:04:05"), &ms));
    assert_false(mtime_parse_w3c(SV("2015-05-20"), SV(""), &ms));
}

static void iso8601(void **state) {
    (void)state;
    int64_t ms;
    int off;
    assert_true(mtime_parse_iso8601(SV("2015-05-20T22:04:05.123+09:00"), &ms, &off, 0));
    assert_int_equal(ms, T0 + 123);
    assert_int_equal(off, 540);
    assert_true(mtime_parse_iso8601(SV("2015-05-20T13:04:05Z"), &ms, &off, 540));
    assert_int_equal(ms, T0);
    assert_int_equal(off, 0);
    assert_true(mtime_parse_iso8601(SV("2015-05-20t13:04:05z"), &ms, &off, 0));
    assert_int_equal(ms, T0);
    assert_true(mtime_parse_iso8601(SV("2015-05-20 08:34:05-0430"), &ms, &off, 0));
    assert_int_equal(ms, T0);
    assert_int_equal(off, -270);
    assert_true(mtime_parse_iso8601(SV("2015-05-20T18:34:05 +05:30"), &ms, &off, 0));
    assert_int_equal(ms, T0);
    assert_true(mtime_parse_iso8601(SV("2015-05-20T22:04:05.123456+09"), &ms, &off, 0));
    assert_int_equal(ms, T0 + 123);
    /* no offset: the default applies */
    assert_true(mtime_parse_iso8601(SV("2015-05-20T22:04:05"), &ms, &off, 540));
    assert_int_equal(ms, T0);
    assert_int_equal(off, 540);
    assert_true(mtime_parse_iso8601(SV("2015-05-20"), &ms, &off, 0));
    assert_int_equal(ms, T0 - (13 * 3600 + 4 * 60 + 5) * 1000LL);
    assert_false(mtime_parse_iso8601(SV("2015-05-20T25:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-20T13:04:05+09:00x"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-20X13:04:05"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-20T13:04:05+09:"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-20T13:04:05+9"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("20150520T130405Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV(""), &ms, &off, 0));
}

static void invalid_dates_and_leap_years(void **state) {
    (void)state;
    int64_t ms;
    int off;
    assert_true(mtime_parse_iso8601(SV("2016-02-29T00:00:00Z"), &ms, &off, 0));
    assert_true(mtime_parse_iso8601(SV("2000-02-29T00:00:00Z"), &ms, &off, 0));
    assert_int_equal(ms, 951782400000LL);
    assert_false(mtime_parse_iso8601(SV("2015-02-29T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("1900-02-29T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2100-02-29T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_w3c(SV("2015-02-29"), SV("00:00:00"), &ms));
    assert_false(mtime_parse_clf(SV("29/Feb/2015:00:00:00 +0000"), &ms, &off));
    assert_true(mtime_parse_clf(SV("29/Feb/2016:00:00:00 +0000"), &ms, &off));
    assert_false(mtime_parse_iso8601(SV("2015-04-31T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-00-10T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-00T00:00:00Z"), &ms, &off, 0));
    assert_false(mtime_parse_iso8601(SV("2015-05-20T12:60:00Z"), &ms, &off, 0));
    /* a leap second is accepted (it is logged) */
    assert_true(mtime_parse_iso8601(SV("2016-12-31T23:59:60Z"), &ms, &off, 0));
}

static void display_zones(void **state) {
    (void)state;
    char b[MTIME_BUFSZ];
    assert_true(display_zone_set("UTC"));
    assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T13:04:05Z");
    assert_string_equal(mtime_format_iso(T0 + 7, true, b), "2015-05-20T13:04:05.007Z");
    assert_string_equal(mtime_format_human(T0, b), "2015-05-20 13:04 UTC");
    assert_true(display_zone_set("JST"));
    assert_string_equal(display_zone_name(), "JST");
    assert_int_equal(display_offset_at(T0), 540);
    assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T22:04:05+09:00");
    assert_string_equal(mtime_format_human(T0, b), "2015-05-20 22:04 JST");
    assert_true(display_zone_set("+05:30"));
    assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T18:34:05+05:30");
    assert_true(display_zone_set("-0700"));
    assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T06:04:05-07:00");
    assert_true(display_zone_set("Asia/Tokyo"));
    assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T22:04:05+09:00");
    /* an IANA zone with daylight saving time */
    if (display_zone_set("Europe/Berlin")) {
        assert_string_equal(mtime_format_iso(T0, false, b), "2015-05-20T15:04:05+02:00");
        assert_string_equal(mtime_format_iso(T0 - 150LL * 86400000, false, b), "2014-12-21T14:04:05+01:00");
    }
    assert_false(display_zone_set("Mars/Olympus"));
    assert_false(display_zone_set("../../etc/passwd"));
    assert_false(display_zone_set("+25:00"));
    /* local days and local midnights */
    assert_true(display_zone_set("JST"));
    int64_t day = days_from_civil(2015, 5, 20);
    assert_int_equal(display_day_of(T0), day);                       /* 22:04 JST on the 20th */
    assert_int_equal(display_day_of(T0 + 2 * 3600000), day + 1);
    assert_int_equal(display_utc_of(day + 1, 0), day * 86400000 + 15 * 3600000);
    assert_int_equal(display_utc_of(day, 22 * 3600000 + 4 * 60000 + 5000), T0);
    assert_true(display_zone_set("-0700"));
    assert_int_equal(display_day_of(0), -1);                         /* 17:00 on 31 Dec 1969 */
    assert_int_equal(display_utc_of(-1, 17 * 3600000), 0);
    if (display_zone_set("Europe/Berlin")) {
        /* 29 March 2015 lost an hour: 23 hours from midnight to midnight */
        int64_t d = days_from_civil(2015, 3, 29);
        assert_int_equal(display_utc_of(d + 1, 0) - display_utc_of(d, 0), 23 * 3600000);
        assert_int_equal(display_day_of(display_utc_of(d, 0)), d);
        assert_int_equal(display_day_of(display_utc_of(d, 0) - 1), d - 1);
    }
    /* a date before 1970 and the day boundary at a negative offset */
    assert_true(display_zone_set("UTC"));
    assert_string_equal(mtime_format_iso_off(-1000, 0, false, b), "1969-12-31T23:59:59Z");
    assert_string_equal(mtime_format_iso_off(0, -60, false, b), "1969-12-31T23:00:00-01:00");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(civil_round_trip), cmocka_unit_test(epoch),
        cmocka_unit_test(clf),              cmocka_unit_test(w3c),
        cmocka_unit_test(iso8601),          cmocka_unit_test(invalid_dates_and_leap_years),
        cmocka_unit_test(display_zones),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
