/* textfmt.c - see textfmt.h. */
#include "sim/textfmt.h"
#include "core/calendar.h"
#include "core/mtime.h"
#include "core/util.h"

#include <string.h>

void put_u64(buf *b, uint64_t v) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    buf_reserve(b, (size_t)n);
    while (n) b->p[b->len++] = tmp[--n];
}

void put_u64_pad(buf *b, uint64_t v, int width, char pad) {
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10);
    while ((v /= 10));
    buf_reserve(b, (size_t)(n > width ? n : width));
    for (int i = n; i < width; i++) b->p[b->len++] = pad;
    while (n) b->p[b->len++] = tmp[--n];
}

void put_ip4(buf *b, uint32_t ip) {
    put_u64(b, ip >> 24);
    buf_putc(b, '.');
    put_u64(b, (ip >> 16) & 255);
    buf_putc(b, '.');
    put_u64(b, (ip >> 8) & 255);
    buf_putc(b, '.');
    put_u64(b, ip & 255);
}

void put_epoch_ms(buf *b, int64_t ms) {
    put_u64(b, (uint64_t)(ms / 1000));
    buf_putc(b, '.');
    put_u64_pad(b, (uint64_t)(ms % 1000), 3, '0');
}

void put_epoch_us(buf *b, int64_t ms, unsigned extra) {
    put_epoch_ms(b, ms);
    put_u64_pad(b, extra % 1000, 3, '0');
}

typedef struct civil {
    int64_t days;
    int y;
    unsigned mo, d, h, mi, s, ms;
} civil;

static civil split(int64_t ms) {
    civil c;
    int64_t days = floor_div_i64(ms, 86400000), rem = ms - days * 86400000, y;
    civil_from_days(days, &y, &c.mo, &c.d);
    c.days = days;
    c.y = (int)y;
    c.h = (unsigned)(rem / 3600000);
    c.mi = (unsigned)(rem / 60000 % 60);
    c.s = (unsigned)(rem / 1000 % 60);
    c.ms = (unsigned)(rem % 1000);
    return c;
}

static void put2(buf *b, unsigned v) {
    buf_reserve(b, 2);
    b->p[b->len++] = (char)('0' + v / 10 % 10);
    b->p[b->len++] = (char)('0' + v % 10);
}

static void put_date(buf *b, const civil *c, char sep) {
    put_u64_pad(b, (uint64_t)c->y, 4, '0');
    buf_putc(b, sep);
    put2(b, c->mo);
    buf_putc(b, sep);
    put2(b, c->d);
}

static void put_time(buf *b, const civil *c, char sep) {
    put2(b, c->h);
    buf_putc(b, sep);
    put2(b, c->mi);
    buf_putc(b, sep);
    put2(b, c->s);
}

static void put_offset(buf *b, int offset_min, bool colon) {
    int a = offset_min < 0 ? -offset_min : offset_min;
    buf_putc(b, offset_min < 0 ? '-' : '+');
    put2(b, (unsigned)(a / 60));
    if (colon) buf_putc(b, ':');
    put2(b, (unsigned)(a % 60));
}

void put_w3c(buf *b, int64_t ms) {
    civil c = split(ms);
    put_date(b, &c, '-');
    buf_putc(b, ' ');
    put_time(b, &c, ':');
}

void put_iso_micro(buf *b, int64_t ms, int offset_min) {
    civil c = split(ms + (int64_t)offset_min * 60000);
    put_date(b, &c, '-');
    buf_putc(b, 'T');
    put_time(b, &c, ':');
    buf_putc(b, '.');
    put_u64_pad(b, c.ms, 3, '0');
    put_u64_pad(b, (uint64_t)((ms * 7) % 1000), 3, '0');
    put_offset(b, offset_min, true);
}

void put_iso_utc_ms(buf *b, int64_t ms) {
    civil c = split(ms);
    put_date(b, &c, '-');
    buf_putc(b, 'T');
    put_time(b, &c, ':');
    buf_putc(b, '.');
    put_u64_pad(b, c.ms, 3, '0');
    buf_putc(b, 'Z');
}

void put_iso_utc_100ns(buf *b, int64_t ms, unsigned extra) {
    civil c = split(ms);
    put_date(b, &c, '-');
    buf_putc(b, 'T');
    put_time(b, &c, ':');
    buf_putc(b, '.');
    put_u64_pad(b, c.ms, 3, '0');
    put_u64_pad(b, extra % 10000, 4, '0');
    buf_putc(b, 'Z');
}

static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char wdays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

void put_clf(buf *b, int64_t ms, int offset_min) {
    civil c = split(ms + (int64_t)offset_min * 60000);
    put2(b, c.d);
    buf_putc(b, '/');
    buf_put(b, months[c.mo - 1], 3);
    buf_putc(b, '/');
    put_u64(b, (uint64_t)c.y);
    buf_putc(b, ':');
    put_time(b, &c, ':');
    buf_putc(b, ' ');
    put_offset(b, offset_min, false);
}

void put_rfc5322(buf *b, int64_t ms, int offset_min) {
    civil c = split(ms + (int64_t)offset_min * 60000);
    buf_put(b, wdays[weekday_of_days(c.days)], 3);
    buf_puts(b, ", ");
    put2(b, c.d);
    buf_putc(b, ' ');
    buf_put(b, months[c.mo - 1], 3);
    buf_putc(b, ' ');
    put_u64(b, (uint64_t)c.y);
    buf_putc(b, ' ');
    put_time(b, &c, ':');
    buf_putc(b, ' ');
    put_offset(b, offset_min, false);
}

void put_ymd(buf *b, int64_t ms, int offset_min, char sep) {
    civil c = split(ms + (int64_t)offset_min * 60000);
    put_date(b, &c, sep);
}

void put_hms(buf *b, int64_t ms, int offset_min, char sep) {
    civil c = split(ms + (int64_t)offset_min * 60000);
    put_time(b, &c, sep);
}
