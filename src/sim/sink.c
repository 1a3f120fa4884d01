/* sink.c - rotating, optionally gzipped output files; see sink.h. */
#include "sim/sink.h"
#include "core/mtime.h"
#include "sim/world.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

#define FLUSH_AT (256 * 1024)

void sink_init(sim_sink *s, const char *dir, const char *pattern, bool gzip) {
    memset(s, 0, sizeof *s);
    s->dir = dir;
    s->pattern = pattern;
    s->gzip = gzip;
    s->day = INT64_MIN;
}

void jst_date(int64_t t_ms, char out[11], bool dashes) {
    int64_t y;
    unsigned m, d;
    int64_t days = (t_ms + JST_OFF_MS) / DAY_MS - ((t_ms + JST_OFF_MS) % DAY_MS < 0);
    civil_from_days(days, &y, &m, &d);
    if (dashes) snprintf(out, 11, "%04d-%02u-%02u", (int)y, m, d);
    else snprintf(out, 11, "%04d%02u%02u", (int)y, m, d);
}

static void fail(sim_sink *s, const char *what) {
    if (!s->failed) snprintf(s->error, sizeof s->error, "%s: %s", what, strerror(errno ? errno : EIO));
    s->failed = true;
}

static void flush(sim_sink *s) {
    if (!s->b.len) return;
    if (s->gz) {
        if (gzwrite((gzFile)s->gz, s->b.p, (unsigned)s->b.len) != (int)s->b.len) fail(s, "gzip write");
    } else if (s->f) {
        if (fwrite(s->b.p, 1, s->b.len, s->f) != s->b.len) fail(s, "write");
    }
    s->bytes += s->b.len;
    buf_clear(&s->b);
}

static void close_file(sim_sink *s) {
    if (!s->f && !s->gz) return;
    if (s->on_close) s->on_close(s, s->day_start);
    flush(s);
    if (s->gz) {
        if (gzclose((gzFile)s->gz) != Z_OK) fail(s, "gzip close");
        s->gz = NULL;
    } else {
        if (fclose(s->f) != 0) fail(s, "close");
        s->f = NULL;
    }
}

static void open_file(sim_sink *s, int64_t t_ms) {
    char date[11], idate[11];
    jst_date(t_ms, date, false);
    jst_date(t_ms, idate, true);
    buf path = {0};
    buf_puts(&path, s->dir);
    buf_putc(&path, '/');
    for (const char *p = s->pattern; *p; p++) {
        if (p[0] == '%' && p[1] == 'D') buf_puts(&path, date), p++;
        else if (p[0] == '%' && p[1] == 'I') buf_puts(&path, idate), p++;
        else buf_putc(&path, *p);
    }
    if (s->gzip) buf_puts(&path, ".gz");
    const char *name = buf_cstr(&path);
    errno = 0;
    if (s->gzip) {
        /* gzopen writes a header without a file name or time: reproducible. */
        s->gz = gzopen(name, "wb1");
        if (!s->gz) fail(s, name);
        else gzbuffer((gzFile)s->gz, 128 * 1024);
    } else {
        s->f = fopen(name, "wb");
        if (!s->f) fail(s, name);
    }
    buf_free(&path);
    s->files++;
    if (s->on_open) s->on_open(s, s->day_start);
}

buf *sink_begin(sim_sink *s, int64_t t_ms) {
    int64_t day = (t_ms + JST_OFF_MS) / DAY_MS;
    if (day != s->day && (!s->single || s->day == INT64_MIN)) {
        close_file(s);
        s->day = day;
        s->day_start = day * DAY_MS - JST_OFF_MS;
        open_file(s, t_ms);
    }
    return &s->b;
}

void sink_end(sim_sink *s) {
    s->records++;
    if (s->b.len >= FLUSH_AT) flush(s);
}

bool sink_close(sim_sink *s) {
    close_file(s);
    buf_free(&s->b);
    return !s->failed;
}
