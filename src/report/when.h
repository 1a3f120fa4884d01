/* when.h - times and durations as the report writes them for people.
 *
 * Every time in the store is UTC milliseconds; the report shows it in the
 * display zone (--tz, core/mtime.h). local_time breaks an instant into the
 * display zone's calendar fields; the writers append readable forms to a buf.
 * Times that are MTIME_NONE are written as "-". */
#ifndef MITSUKE_WHEN_H
#define MITSUKE_WHEN_H

#include "core/buf.h"

#include <stdint.h>

typedef struct local_tm {
    int64_t year, day_index; /* day_index: local days since 1970-01-01 */
    unsigned month, day, hour, minute;
    int wday; /* 0 = Sunday */
} local_tm;

local_tm local_time(int64_t ms);

void when_time(buf *b, int64_t ms);            /* "2015-05-20 13:04 JST" */
void when_range(buf *b, int64_t a, int64_t b_ms); /* "2015-05-20 13:04 – 2015-05-21 09:12 JST" */
void when_duration(buf *b, int64_t ms);        /* "3 h 57 min", "3時間57分", "4 d 2 h" */
void when_count(buf *b, int64_t n);            /* 1234567 -> "1,234,567" */
void when_bytes(buf *b, int64_t n);            /* 1234567 -> "1.2 MB" (powers of 1000) */

#endif
