/* calendar.c - weekdays and Japanese days off; see calendar.h.
 *
 * A holiday is "named" (a fixed date, an n-th Monday, an equinox or a one-off
 * move); then 振替休日 (a named holiday on a Sunday moves to the next day that
 * is not one) and 国民の休日 (a day between two named holidays) are derived
 * from the named ones, as the Act does. */
#include "core/calendar.h"
#include "core/mtime.h"

int weekday_of_days(int64_t days) {
    int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

static int weekday_of(int64_t y, unsigned m, unsigned d) { return weekday_of_days(days_from_civil(y, m, d)); }

/* Day of the month of the n-th Monday. */
static unsigned nth_monday(int64_t y, unsigned m, unsigned n) {
    unsigned first = 1 + (unsigned)((8 - weekday_of(y, m, 1)) % 7);
    return first + 7 * (n - 1);
}

/* Equinox days by the usual formula, valid 1980-2099. */
static unsigned vernal_equinox(int64_t y) {
    if (y < 1980 || y > 2099) return 21;
    return (unsigned)(20.8431 + 0.242194 * (double)(y - 1980)) - (unsigned)((y - 1980) / 4);
}

static unsigned autumnal_equinox(int64_t y) {
    if (y < 1980 || y > 2099) return 23;
    return (unsigned)(23.2488 + 0.242194 * (double)(y - 1980)) - (unsigned)((y - 1980) / 4);
}

static bool named_holiday(int64_t y, unsigned m, unsigned d) {
    bool modern = y >= 2000;
    switch (m) {
    case 1: return d == 1 || (modern ? d == nth_monday(y, 1, 2) : d == 15);
    case 2: return d == 11 || (y >= 2020 && d == 23);
    case 3: return d == vernal_equinox(y);
    case 4: return d == 29;
    case 5: return d == 3 || d == 5 || (y >= 2007 && d == 4) || (y == 2019 && d == 1);
    case 7:
        if (y == 2020) return d == 23 || d == 24;
        if (y == 2021) return d == 22 || d == 23;
        return modern && d == (y >= 2003 ? nth_monday(y, 7, 3) : 20);
    case 8:
        if (y == 2020) return d == 10;
        if (y == 2021) return d == 8;
        return y >= 2016 && d == 11;
    case 9: return d == autumnal_equinox(y) || (modern && d == (y >= 2003 ? nth_monday(y, 9, 3) : 15));
    case 10:
        if (y == 2019 && d == 22) return true;
        if (y == 2020 || y == 2021) return false;
        return modern && d == nth_monday(y, 10, 2);
    case 11: return d == 3 || d == 23;
    case 12: return y >= 1989 && y <= 2018 && d == 23;
    }
    return false;
}

static bool named_on(int64_t days) {
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    return named_holiday(y, m, d);
}

bool jp_holiday(int64_t y, unsigned m, unsigned d) {
    if (named_holiday(y, m, d)) return true;
    if (y < 2000) return false;
    int64_t days = days_from_civil(y, m, d);
    /* 振替休日: since 2007 the next day that is not a holiday; before, the Monday. */
    if (weekday_of_days(days) != 0) {
        int64_t k = days - 1;
        if (y >= 2007)
            while (weekday_of_days(k) != 0 && named_on(k))
                k--;
        if (weekday_of_days(k) == 0 && named_on(k) && (y >= 2007 || k == days - 1)) return true;
    }
    /* 国民の休日 */
    return named_on(days - 1) && named_on(days + 1);
}

bool jp_rest_day(int64_t days) {
    int w = weekday_of_days(days);
    if (w == 0 || w == 6) return true;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    if ((m == 12 && d >= 29) || (m == 1 && d <= 3)) return true;
    return jp_holiday(y, m, d);
}
