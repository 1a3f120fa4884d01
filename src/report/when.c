/* when.c - human-readable times, durations and counts; see when.h. */
#include "report/when.h"
#include "core/calendar.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"
#include "report/texttable.h"

#include <stdio.h>

#define DAY_MS 86400000LL

local_tm local_time(int64_t ms) {
    int64_t local = ms + (int64_t)display_offset_at(ms) * 60000;
    int64_t days = floor_div_i64(local, DAY_MS), rem = local - days * DAY_MS;
    local_tm t;
    civil_from_days(days, &t.year, &t.month, &t.day);
    t.day_index = days;
    t.hour = (unsigned)(rem / 3600000);
    t.minute = (unsigned)(rem / 60000 % 60);
    t.wday = weekday_of_days(days);
    return t;
}

void when_time(buf *b, int64_t ms) {
    if (ms == MTIME_NONE) {
        buf_putc(b, '-');
        return;
    }
    char t[MTIME_BUFSZ];
    buf_puts(b, mtime_format_human(ms, t));
}

void when_range(buf *b, int64_t a, int64_t b_ms) {
    if (a == MTIME_NONE || b_ms == MTIME_NONE) {
        when_time(b, a == MTIME_NONE ? b_ms : a);
        return;
    }
    local_tm x = local_time(a), y = local_time(b_ms);
    buf_printf(b, "%04lld-%02u-%02u %02u:%02u \xe2\x80\x93 ", (long long)x.year, x.month, x.day, x.hour, x.minute);
    if (x.day_index != y.day_index) buf_printf(b, "%04lld-%02u-%02u ", (long long)y.year, y.month, y.day);
    buf_printf(b, "%02u:%02u %s", y.hour, y.minute, display_zone_name());
}

static void amount(buf *b, int64_t n, const char *unit) {
    buf_put_i64(b, n);
    buf_puts(b, unit);
}

void when_duration(buf *b, int64_t ms) {
    if (ms < 0) ms = 0;
    int64_t min = ms / 60000 + (ms % 60000 != 0), d = min / 1440, h = min / 60 % 24, m = min % 60;
    if (d) {
        amount(b, d, L(" d ", "日"));
        amount(b, h, L(" h", "時間"));
    } else if (h) {
        amount(b, h, L(" h ", "時間"));
        amount(b, m, L(" min", "分"));
    } else {
        amount(b, m, L(" min", "分"));
    }
}

void when_count(buf *b, int64_t n) {
    char grouped[32];
    if (n < 0) buf_putc(b, '-');
    buf_puts(b, fmt_count(n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n, grouped));
}

void when_bytes(buf *b, int64_t n) {
    static const char *const units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
    double v = (double)n;
    int u = 0;
    while (v >= 1000 && u < 5) v /= 1000, u++;
    if (u == 0) buf_printf(b, "%lld B", (long long)n);
    else buf_printf(b, "%.1f %s", v, units[u]);
}
