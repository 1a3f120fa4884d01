/* test_calendar.c - weekdays and Japanese days off (core/calendar.c),
 * checked against the Cabinet Office's published holiday lists. */
#include "core/calendar.h"
#include "core/mtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h> /* after the headers it needs */

static void weekdays(void **state) {
    (void)state;
    assert_int_equal(weekday_of_days(0), 4);                            /* 1970-01-01 Thursday */
    assert_int_equal(weekday_of_days(-1), 3);                           /* 1969-12-31 Wednesday */
    assert_int_equal(weekday_of_days(days_from_civil(2015, 5, 10)), 0); /* Sunday */
    assert_int_equal(weekday_of_days(days_from_civil(2024, 2, 29)), 4);
}

/* Every holiday of 2015, 2019, 2020 and 2021 (the years with moves), and a
 * check that no other day of those years is one. */
static void holiday_years(void **state) {
    (void)state;
    static const struct {
        int y;
        const char *days; /* MMDD list */
    } years[] = {
        {2015, "0101 0112 0211 0321 0429 0503 0504 0505 0506 0720 0921 0922 0923 1012 1103 1123 1223"},
        {2019, "0101 0114 0211 0321 0429 0430 0501 0502 0503 0504 0505 0506 0715 0811 0812 0916 0923 1014 1022 "
               "1103 1104 1123"},
        {2020, "0101 0113 0211 0223 0224 0320 0429 0503 0504 0505 0506 0723 0724 0810 0921 0922 1103 1123"},
        {2021, "0101 0111 0211 0223 0320 0429 0503 0504 0505 0722 0723 0808 0809 0920 0923 1103 1123"},
        {2024, "0101 0108 0211 0212 0223 0320 0429 0503 0504 0505 0506 0715 0811 0812 0916 0922 0923 1014 1103 "
               "1104 1123"},
    };
    for (size_t k = 0; k < sizeof years / sizeof years[0]; k++) {
        int y = years[k].y;
        for (unsigned m = 1; m <= 12; m++)
            for (unsigned d = 1; d <= 31; d++) {
                int64_t days = days_from_civil(y, m, d);
                int64_t yy;
                unsigned mm, dd;
                civil_from_days(days, &yy, &mm, &dd);
                if (mm != m) continue; /* 31 April and such */
                char mmdd[5];
                snprintf(mmdd, sizeof mmdd, "%02u%02u", m, d);
                bool want = strstr(years[k].days, mmdd) != NULL;
                if (jp_holiday(y, m, d) != want)
                    fail_msg("%d-%s: expected %s", y, mmdd, want ? "holiday" : "no holiday");
            }
    }
}

static void rest_days(void **state) {
    (void)state;
    assert_true(jp_rest_day(days_from_civil(2015, 5, 9)));   /* Saturday */
    assert_true(jp_rest_day(days_from_civil(2015, 5, 10)));  /* Sunday */
    assert_false(jp_rest_day(days_from_civil(2015, 5, 11))); /* Monday */
    assert_true(jp_rest_day(days_from_civil(2015, 5, 6)));   /* substitute holiday */
    assert_true(jp_rest_day(days_from_civil(2015, 12, 29))); /* year-end closure, a Tuesday */
    assert_true(jp_rest_day(days_from_civil(2016, 1, 4)) == false);
    assert_true(jp_rest_day(days_from_civil(2016, 1, 3)));
    assert_false(jp_rest_day(days_from_civil(2015, 12, 28)));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weekdays),
        cmocka_unit_test(holiday_years),
        cmocka_unit_test(rest_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
