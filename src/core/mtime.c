/* mtime.c - time parsing and display zones; see mtime.h.
 *
 * days_from_civil / civil_from_days are Howard Hinnant's well-known algorithms
 * for the proleptic Gregorian calendar. */
#include "core/mtime.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

/* Reads exactly `n` digits at s[*i]. */
static bool digits(sv s, size_t *i, size_t n, unsigned *out) {
    if (*i + n > s.n) return false;
    unsigned v = 0;
    for (size_t k = 0; k < n; k++) {
        unsigned c = (unsigned char)s.p[*i + k] - '0';
        if (c > 9) return false;
        v = v * 10 + c;
    }
    *i += n;
    *out = v;
    return true;
}

static bool leap_year(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool valid_ymdhms(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se) {
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
    unsigned last = mdays[mo - 1] + (mo == 2 && leap_year(y));
    return d <= last && h <= 23 && mi <= 59 && se <= 60;
}

static int64_t to_ms(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned se) {
    return ((days_from_civil(y, mo, d) * 86400) + h * 3600 + mi * 60 + se) * 1000;
}

/* Optional fraction ".123456" -> milliseconds (truncated). */
static unsigned fraction_ms(sv s, size_t *i) {
    if (*i >= s.n || (s.p[*i] != '.' && s.p[*i] != ',')) return 0;
    (*i)++;
    unsigned ms = 0, k = 0;
    while (*i < s.n && s.p[*i] >= '0' && s.p[*i] <= '9') {
        if (k < 3) ms = ms * 10 + (unsigned)(s.p[*i] - '0');
        k++;
        (*i)++;
    }
    while (k < 3) ms *= 10, k++;
    return ms;
}

bool mtime_parse_epoch(sv s, int64_t *ms) {
    size_t i = 0;
    uint64_t sec = 0;
    if (s.n == 14 && s.p[10] == '.') { /* Squid's own "1286536309.865": read at once */
        uint32_t high;
        unsigned a = (unsigned)s.p[8] - '0', b = (unsigned)s.p[9] - '0';
        unsigned c = (unsigned)s.p[11] - '0', d = (unsigned)s.p[12] - '0', e = (unsigned)s.p[13] - '0';
        if (sv_digits8(s.p, &high) && a <= 9 && b <= 9 && c <= 9 && d <= 9 && e <= 9) {
            *ms = ((int64_t)high * 100 + a * 10 + b) * 1000 + c * 100 + d * 10 + e;
            return true;
        }
    }
    if (!s.n || s.n > 24) return false;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
        sec = sec * 10 + (uint64_t)(s.p[i] - '0');
        if (++i > 12) return false;
    }
    if (i == 0) return false;
    size_t j = i;
    unsigned frac = fraction_ms(s, &j);
    if (j != s.n) return false;
    if (j == i + 1) return false; /* "123." */
    *ms = (int64_t)sec * 1000 + frac;
    return true;
}

static int month_from_abbr(const char *p) {
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int k = 0; k < 12; k++) {
        const char *n = names + 3 * k;
        if ((p[0] | 32) == (n[0] | 32) && (p[1] | 32) == n[1] && (p[2] | 32) == n[2]) return k + 1;
    }
    return 0;
}

/* "+0900", "+09:00", "-0700", "Z" -> minutes. */
static bool parse_offset(sv s, size_t *i, int *off) {
    if (*i < s.n && (s.p[*i] == 'Z' || s.p[*i] == 'z')) {
        (*i)++;
        *off = 0;
        return true;
    }
    if (*i >= s.n || (s.p[*i] != '+' && s.p[*i] != '-')) return false;
    int sign = s.p[*i] == '-' ? -1 : 1;
    (*i)++;
    unsigned h, m = 0;
    if (!digits(s, i, 2, &h)) return false;
    if (*i < s.n && s.p[*i] == ':') {
        (*i)++;
        if (!digits(s, i, 2, &m)) return false;
    } else if (*i < s.n && s.p[*i] >= '0' && s.p[*i] <= '9' && !digits(s, i, 2, &m)) {
        return false;
    }
    if (h > 23 || m > 59) return false;
    *off = sign * (int)(h * 60 + m);
    return true;
}

bool mtime_parse_clf(sv s, int64_t *ms, int *off_min) {
    if (s.n && s.p[0] == '[') s = sv_sub(s, 1, s.n);
    if (s.n && s.p[s.n - 1] == ']') s.n--;
    size_t i = 0;
    unsigned d, y, h, mi, se;
    if (!digits(s, &i, 2, &d) || i + 5 > s.n || s.p[i] != '/') return false;
    int mo = month_from_abbr(s.p + i + 1);
    if (!mo || s.p[i + 4] != '/') return false;
    i += 5;
    if (!digits(s, &i, 4, &y) || i >= s.n || s.p[i++] != ':') return false;
    if (!digits(s, &i, 2, &h) || i >= s.n || s.p[i++] != ':') return false;
    if (!digits(s, &i, 2, &mi) || i >= s.n || s.p[i++] != ':') return false;
    if (!digits(s, &i, 2, &se)) return false;
    unsigned frac = fraction_ms(s, &i);
    int off = 0;
    if (i < s.n) {
        if (s.p[i] != ' ') return false;
        i++;
        if (!parse_offset(s, &i, &off) || i != s.n) return false;
    }
    if (!valid_ymdhms(y, (unsigned)mo, d, h, mi, se)) return false;
    *ms = to_ms(y, (unsigned)mo, d, h, mi, se) + frac - (int64_t)off * 60000;
    if (off_min) *off_min = off;
    return true;
}

static bool parse_date(sv s, size_t *i, int64_t *y, unsigned *mo, unsigned *d) {
    unsigned yy;
    if (!digits(s, i, 4, &yy) || *i >= s.n || s.p[*i] != '-') return false;
    (*i)++;
    if (!digits(s, i, 2, mo) || *i >= s.n || s.p[*i] != '-') return false;
    (*i)++;
    if (!digits(s, i, 2, d)) return false;
    *y = yy;
    return true;
}

static bool parse_clock(sv s, size_t *i, unsigned *h, unsigned *mi, unsigned *se, unsigned *frac) {
    if (!digits(s, i, 2, h) || *i >= s.n || s.p[*i] != ':') return false;
    (*i)++;
    if (!digits(s, i, 2, mi)) return false;
    *se = 0;
    if (*i < s.n && s.p[*i] == ':') {
        (*i)++;
        if (!digits(s, i, 2, se)) return false;
    }
    *frac = fraction_ms(s, i);
    return true;
}

bool mtime_parse_w3c(sv date, sv time, int64_t *ms) {
    size_t i = 0, j = 0;
    int64_t y;
    unsigned mo, d, h, mi, se, frac;
    if (!parse_date(date, &i, &y, &mo, &d) || i != date.n) return false;
    if (!parse_clock(time, &j, &h, &mi, &se, &frac) || j != time.n) return false;
    if (!valid_ymdhms(y, mo, d, h, mi, se)) return false;
    *ms = to_ms(y, mo, d, h, mi, se) + frac;
    return true;
}

bool mtime_parse_iso8601(sv s, int64_t *ms, int *off_min, int default_off_min) {
    size_t i = 0;
    int64_t y;
    unsigned mo, d, h = 0, mi = 0, se = 0, frac = 0;
    if (!parse_date(s, &i, &y, &mo, &d)) return false;
    if (i < s.n) {
        if (s.p[i] != 'T' && s.p[i] != 't' && s.p[i] != ' ') return false;
        i++;
        if (!parse_clock(s, &i, &h, &mi, &se, &frac)) return false;
    }
    int off = default_off_min;
    if (i < s.n) {
        if (s.p[i] == ' ') i++;
        if (!parse_offset(s, &i, &off)) return false;
    }
    if (i != s.n || !valid_ymdhms(y, mo, d, h, mi, se)) return false;
    *ms = to_ms(y, mo, d, h, mi, se) + frac - (int64_t)off * 60000;
    if (off_min) *off_min = off;
    return true;
}

bool mtime_parse_syslog(sv s, int64_t year, int off_min, int64_t *ms, size_t *used) {
    if (s.n < 15) return false;
    int mo = month_from_abbr(s.p);
    if (!mo || s.p[3] != ' ') return false;
    size_t i = 4;
    unsigned d, h, mi, se;
    if (s.p[i] == ' ') {
        i++;
        if (!digits(s, &i, 1, &d)) return false;
    } else if (!digits(s, &i, 2, &d) && !(i = 4, digits(s, &i, 1, &d))) {
        return false;
    }
    if (i >= s.n || s.p[i++] != ' ') return false;
    if (!digits(s, &i, 2, &h) || i >= s.n || s.p[i++] != ':') return false;
    if (!digits(s, &i, 2, &mi) || i >= s.n || s.p[i++] != ':') return false;
    if (!digits(s, &i, 2, &se)) return false;
    unsigned frac = fraction_ms(s, &i);
    if (i < s.n && s.p[i] != ' ') return false;
    if (!valid_ymdhms(year, (unsigned)mo, d, h, mi, se)) return false;
    *ms = to_ms(year, (unsigned)mo, d, h, mi, se) + frac - (int64_t)off_min * 60000;
    if (used) *used = i;
    return true;
}

/* ---- display zone ---------------------------------------------------- */

static struct {
    bool fixed;
    int offset;          /* when fixed */
    char name[64];       /* label, e.g. "JST", "UTC", "+05:30", "Asia/Tokyo" */
    bool initialised;
} zone = {true, 0, "UTC", false};

bool display_zone_set(const char *spec) {
    zone.initialised = true;
    if (!spec || !*spec || !strcmp(spec, "UTC") || !strcmp(spec, "Z") || !strcmp(spec, "GMT")) {
        zone.fixed = true, zone.offset = 0;
        snprintf(zone.name, sizeof zone.name, "UTC");
        return true;
    }
    if (!strcmp(spec, "JST") || !strcmp(spec, "Asia/Tokyo")) {
        zone.fixed = true, zone.offset = 9 * 60;
        snprintf(zone.name, sizeof zone.name, "JST");
        return true;
    }
    sv s = sv_cstr(spec);
    size_t i = 0;
    int off;
    if (parse_offset(s, &i, &off) && i == s.n) {
        zone.fixed = true, zone.offset = off;
        snprintf(zone.name, sizeof zone.name, "%s", spec);
        return true;
    }
    /* An IANA name: accept it only when the system has its tzfile. */
    if (strlen(spec) >= sizeof zone.name || strstr(spec, "..")) return false;
    char path[128];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", spec);
    FILE *f = fopen(path, "rb");
    if (!f) return false;
    fclose(f);
    setenv("TZ", spec, 1);
    tzset();
    zone.fixed = false;
    snprintf(zone.name, sizeof zone.name, "%s", spec);
    return true;
}

static void zone_init(void) {
    if (zone.initialised) return;
    const char *env = getenv("MITSUKE_TZ");
    if (!env || !display_zone_set(env)) display_zone_set("UTC");
}

const char *display_zone_name(void) {
    zone_init();
    return zone.name;
}

int display_offset_at(int64_t ms) {
    zone_init();
    if (zone.fixed) return zone.offset;
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm)) return 0;
    return (int)(tm.tm_gmtoff / 60);
}

int64_t display_day_of(int64_t ms) { return floor_div_i64(ms + (int64_t)display_offset_at(ms) * 60000, 86400000); }

/* The offset is looked up at the local time read as UTC, then again at the
 * instant that gives, which settles on the right one away from the hour a
 * daylight-saving clock skips or repeats. */
int64_t display_utc_of(int64_t day, int64_t clock_ms) {
    int64_t local = day * 86400000 + clock_ms;
    return local - (int64_t)display_offset_at(local - (int64_t)display_offset_at(local) * 60000) * 60000;
}

char *mtime_format_iso_off(int64_t ms, int off_min, bool millis, char *buf) {
    int64_t local = ms + (int64_t)off_min * 60000;
    int64_t days = local >= 0 ? local / 86400000 : -((-local + 86399999) / 86400000);
    int64_t rem = local - days * 86400000;
    int64_t y;
    unsigned mo, d;
    civil_from_days(days, &y, &mo, &d);
    unsigned h = (unsigned)(rem / 3600000), mi = (unsigned)(rem / 60000 % 60), se = (unsigned)(rem / 1000 % 60);
    unsigned frac = (unsigned)(rem % 1000);
    int n = snprintf(buf, MTIME_BUFSZ, "%04lld-%02u-%02uT%02u:%02u:%02u", (long long)y, mo, d, h, mi, se);
    if (millis) n += snprintf(buf + n, MTIME_BUFSZ - (size_t)n, ".%03u", frac);
    if (off_min == 0) {
        snprintf(buf + n, MTIME_BUFSZ - (size_t)n, "Z");
    } else {
        int a = off_min < 0 ? -off_min : off_min;
        snprintf(buf + n, MTIME_BUFSZ - (size_t)n, "%c%02d:%02d", off_min < 0 ? '-' : '+', a / 60, a % 60);
    }
    return buf;
}

char *mtime_format_iso(int64_t ms, bool millis, char *buf) {
    return mtime_format_iso_off(ms, display_offset_at(ms), millis, buf);
}

char *mtime_format_human(int64_t ms, char *buf) {
    char iso[MTIME_BUFSZ];
    mtime_format_iso_off(ms, display_offset_at(ms), false, iso);
    /* "YYYY-MM-DDTHH:MM" + " " + zone label */
    snprintf(buf, MTIME_BUFSZ, "%.10s %.5s %.20s", iso, iso + 11, display_zone_name());
    return buf;
}
