/* workhours.h - the organisation's working hours in its own time zone.
 *
 * Off-hours detection asks, for each record, "was this outside working
 * hours, local time?". The answer only changes at hour boundaries (zones
 * with half-hour offsets aside, which are handled by working in minutes), so
 * the local time of the UTC hour is cached: records arrive roughly in order
 * and almost every call is a cache hit. A zone is a fixed offset ("UTC",
 * "JST", "+09:00") or an IANA name whose offset, which may change with
 * daylight saving, is read through the C library once per distinct hour. */
#ifndef MITSUKE_WORKHOURS_H
#define MITSUKE_WORKHOURS_H

#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

#define WORKHOURS_MAX_HOLIDAYS 64

typedef struct workhours {
    char zone[64];            /* as given ("JST"); empty = the display zone */
    bool fixed;
    int offset_min;           /* when fixed */
    int start_min, end_min;   /* local minutes of the day, [start, end) */
    uint8_t days;             /* bit 0 = Sunday ... bit 6 = Saturday */
    int64_t holidays[WORKHOURS_MAX_HOLIDAYS]; /* local day numbers (days since 1970-01-01) */
    int nholidays;
    int64_t cache_hour;       /* UTC hour of the cached answer */
    int cache_offset;
} workhours;

/* 08:00-20:00, Monday to Friday, zone = the display zone. */
void workhours_default(workhours *w);
/* "JST", "UTC", "+09:00", "Asia/Tokyo"...; false if unknown. */
bool workhours_set_zone(workhours *w, const char *zone);
bool workhours_set_hours(workhours *w, sv spec);   /* "08:30-18:30" */
bool workhours_set_days(workhours *w, sv spec);    /* "mon-fri", "mon,tue,sat" */
bool workhours_add_holiday(workhours *w, sv date); /* "2015-05-06" */
/* Offset of the zone at that instant, minutes east of UTC. */
int workhours_offset(workhours *w, int64_t ms);
bool workhours_is_off(workhours *w, int64_t ms);
/* "08:00-20:00 Mon-Fri JST" for evidence text (buf of 64). */
const char *workhours_describe(const workhours *w, char *buf, size_t size);

#endif
