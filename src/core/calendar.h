/* calendar.h - weekdays and the days Japanese offices are closed.
 *
 * Gap finding (analysis/gaps.c) compares a silent stretch of log with the same
 * hours on comparable days: a Sunday with a Sunday, a Monday with a Tuesday.
 * For the organisations mitsuke is written for, "day off" means Saturday,
 * Sunday, a national holiday (国民の祝日, with 振替休日 and 国民の休日) or the
 * year-end closure 29 December - 3 January (年末年始). Holidays follow the
 * Act on National Holidays as amended up to 2021 (the 2019-2021 one-off moves
 * included); years before 2000 only get weekends and the fixed dates.
 *
 * Days are counted as in mtime.h: days since 1970-01-01 in local time. */
#ifndef MITSUKE_CALENDAR_H
#define MITSUKE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

/* 0 = Sunday ... 6 = Saturday. */
int weekday_of_days(int64_t days);
/* A Japanese national holiday, substitute holiday or citizens' holiday. */
bool jp_holiday(int64_t y, unsigned m, unsigned d);
/* Saturday, Sunday, a Japanese holiday, or 29 Dec - 3 Jan. */
bool jp_rest_day(int64_t days);

#endif
