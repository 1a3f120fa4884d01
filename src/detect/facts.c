/* facts.c - formatting sizes, intervals and times for findings; see facts.h. */
#include "detect/facts.h"
#include "core/mtime.h"
#include "core/utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

char *fact_bytes(uint64_t n, char *buf) {
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    double v = (double)n;
    int u = 0;
    while (v >= 1000 && u < 5) v /= 1000, u++;
    if (u == 0) snprintf(buf, FACT_BUFSZ, "%llu B", (unsigned long long)n);
    else snprintf(buf, FACT_BUFSZ, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return buf;
}

char *fact_seconds(double s, char *buf) {
    if (!isfinite(s) || s < 0) s = 0;
    if (s < 100) {
        snprintf(buf, FACT_BUFSZ, s < 10 && s != floor(s) ? "%.1f s" : "%.0f s", s);
    } else if (s < 3600) {
        double m = s / 60;
        snprintf(buf, FACT_BUFSZ, m < 10 && fabs(m - floor(m + 0.5)) > 0.05 ? "%.1f min" : "%.0f min", m);
    } else if (s < 2 * 86400) {
        long total = lround(s / 60);
        long h = total / 60, m = total % 60;
        if (m) snprintf(buf, FACT_BUFSZ, "%ld h %ld min", h, m);
        else snprintf(buf, FACT_BUFSZ, "%ld h", h);
    } else {
        snprintf(buf, FACT_BUFSZ, "%.1f d", s / 86400);
    }
    return buf;
}

char *fact_time(int64_t ms, char *buf) {
    char tmp[MTIME_BUFSZ];
    mtime_format_human(ms, tmp);
    snprintf(buf, FACT_BUFSZ, "%s", tmp);
    return buf;
}

char *fact_quote(sv text, size_t max, char *dst, size_t size) {
    size_t keep = utf8_truncate(text.p, text.n, max), n = 0;
    for (size_t i = 0; i < keep && n + 4 < size;) {
        unsigned char c = (unsigned char)text.p[i];
        size_t len = utf8_valid_prefix(text.p + i, keep - i);
        if (len == 0 || c < 0x20 || c == 0x7f) {
            dst[n++] = '?';
            i++;
            continue;
        }
        if (n + len + 4 > size) break;
        memcpy(dst + n, text.p + i, len);
        n += len, i += len;
    }
    if (keep < text.n && n + 3 < size) dst[n++] = '.', dst[n++] = '.', dst[n++] = '.';
    dst[n] = 0;
    return dst;
}
