/* workhours.c - local working hours and holidays; see workhours.h. */
#include "config/workhours.h"
#include "core/mtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void workhours_default(workhours *w) {
    memset(w, 0, sizeof *w);
    w->start_min = 8 * 60;
    w->end_min = 20 * 60;
    w->days = 0x3e; /* Monday to Friday */
    w->cache_hour = INT64_MIN;
}

static bool parse_fixed(const char *z, int *off) {
    if (!strcmp(z, "UTC") || !strcmp(z, "GMT") || !strcmp(z, "Z")) return *off = 0, true;
    if (!strcmp(z, "JST") || !strcmp(z, "Asia/Tokyo")) return *off = 9 * 60, true;
    if ((z[0] == '+' || z[0] == '-') && strlen(z) >= 3) {
        int h = 0, m = 0;
        char sign;
        if (sscanf(z, "%c%2d:%2d", &sign, &h, &m) >= 2 || sscanf(z, "%c%2d%2d", &sign, &h, &m) >= 2) {
            if (h > 14 || m > 59) return false;
            *off = (sign == '-' ? -1 : 1) * (h * 60 + m);
            return true;
        }
    }
    return false;
}

bool workhours_set_zone(workhours *w, const char *zone) {
    if (!zone || strlen(zone) >= sizeof w->zone) return false;
    int off;
    if (parse_fixed(zone, &off)) {
        w->fixed = true;
        w->offset_min = off;
    } else {
        if (strstr(zone, "..") || zone[0] == '/') return false;
        char path[128];
        snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
        FILE *f = fopen(path, "rb");
        if (!f) return false;
        fclose(f);
        w->fixed = false;
    }
    snprintf(w->zone, sizeof w->zone, "%s", zone);
    w->cache_hour = INT64_MIN;
    return true;
}

/* The offset of an IANA zone, read through localtime_r with TZ switched for
 * the call and put back afterwards (the display zone may use TZ too). */
static int iana_offset(const char *zone, int64_t ms) {
    const char *old = getenv("TZ");
    char saved[128] = "";
    if (old) snprintf(saved, sizeof saved, "%s", old);
    setenv("TZ", zone, 1);
    tzset();
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    int off = localtime_r(&t, &tm) ? (int)(tm.tm_gmtoff / 60) : 0;
    if (old) setenv("TZ", saved, 1);
    else unsetenv("TZ");
    tzset();
    return off;
}

int workhours_offset(workhours *w, int64_t ms) {
    if (w->fixed) return w->offset_min;
    int64_t hour = ms >= 0 ? ms / 3600000 : -((-ms + 3599999) / 3600000);
    if (hour != w->cache_hour) {
        w->cache_offset = w->zone[0] ? iana_offset(w->zone, ms) : display_offset_at(ms);
        w->cache_hour = hour;
    }
    return w->cache_offset;
}

bool workhours_is_off(workhours *w, int64_t ms) {
    int64_t local = ms + (int64_t)workhours_offset(w, ms) * 60000;
    int64_t day = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
    int minute = (int)((local - day * 86400000) / 60000);
    int weekday = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    if (!(w->days & (1u << weekday))) return true;
    for (int i = 0; i < w->nholidays; i++)
        if (w->holidays[i] == day) return true;
    if (w->start_min <= w->end_min) return minute < w->start_min || minute >= w->end_min;
    return minute < w->start_min && minute >= w->end_min; /* a night shift: "22:00-06:00" */
}

static bool parse_hhmm(sv s, int *min) {
    unsigned h, m = 0;
    char tail;
    char buf[8];
    if (s.n == 0 || s.n > 5) return false;
    sv_to_buf(s, buf, sizeof buf);
    int n = sscanf(buf, "%u:%u%c", &h, &m, &tail);
    if (n < 1 || n > 2 || h > 24 || m > 59 || (h == 24 && m)) return false;
    *min = (int)(h * 60 + m);
    return true;
}

bool workhours_set_hours(workhours *w, sv spec) {
    ptrdiff_t dash = sv_find_char(spec, '-');
    if (dash < 0) return false;
    int a, b;
    if (!parse_hhmm(sv_trim(sv_sub(spec, 0, (size_t)dash)), &a) ||
        !parse_hhmm(sv_trim(sv_sub(spec, (size_t)dash + 1, spec.n)), &b) || a == b)
        return false;
    w->start_min = a;
    w->end_min = b;
    return true;
}

static int day_index(sv s) {
    static const char *names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    for (int i = 0; i < 7; i++)
        if (s.n >= 3 && sv_case_starts_with(s, sv_cstr(names[i]))) return i;
    return -1;
}

bool workhours_set_days(workhours *w, sv spec) {
    uint8_t days = 0;
    sv item;
    sv rest = spec;
    while (sv_split_char(&rest, ',', &item)) {
        item = sv_trim(item);
        if (!item.n) continue;
        ptrdiff_t dash = sv_find_char(item, '-');
        int a, b;
        if (dash >= 0) {
            a = day_index(sv_trim(sv_sub(item, 0, (size_t)dash)));
            b = day_index(sv_trim(sv_sub(item, (size_t)dash + 1, item.n)));
        } else {
            a = b = day_index(item);
        }
        if (a < 0 || b < 0) return false;
        for (int d = a;; d = (d + 1) % 7) {
            days |= (uint8_t)(1u << d);
            if (d == b) break;
        }
    }
    if (!days) return false;
    w->days = days;
    return true;
}

bool workhours_add_holiday(workhours *w, sv date) {
    int64_t ms;
    char buf[16];
    if (date.n != 10 || w->nholidays >= WORKHOURS_MAX_HOLIDAYS) return false;
    sv_to_buf(date, buf, sizeof buf);
    char iso[32];
    snprintf(iso, sizeof iso, "%sT00:00:00Z", buf);
    if (!mtime_parse_iso8601(sv_cstr(iso), &ms, NULL, 0)) return false;
    w->holidays[w->nholidays++] = ms / 86400000;
    return true;
}

const char *workhours_describe(const workhours *w, char *buf, size_t size) {
    static const char *names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    char days[40] = "";
    if (w->days == 0x3e) snprintf(days, sizeof days, "Mon-Fri");
    else if (w->days == 0x7f) snprintf(days, sizeof days, "every day");
    else
        for (int i = 0; i < 7; i++)
            if (w->days & (1u << i))
                snprintf(days + strlen(days), sizeof days - strlen(days), "%s%s", days[0] ? "," : "", names[i]);
    snprintf(buf, size, "%02d:%02d-%02d:%02d %s %s", w->start_min / 60, w->start_min % 60, w->end_min / 60,
             w->end_min % 60, days, w->zone[0] ? w->zone : display_zone_name());
    return buf;
}
