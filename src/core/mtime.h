/* mtime.h - timestamps: parsing the forms logs use, and display in a zone.
 *
 * Internally every time is UTC milliseconds since the Unix epoch (int64). A
 * parser also reports the UTC offset the source wrote (in minutes), so the raw
 * record can be quoted as it was; output is shown in the display zone (UTC,
 * JST, a fixed "+09:00", or an IANA name such as "Asia/Tokyo").
 *
 * Parsers are hand-written: they run once per log record, and strptime/timegm
 * are both slow and locale-dependent. */
#ifndef MITSUKE_MTIME_H
#define MITSUKE_MTIME_H

#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

#define MTIME_NONE INT64_MIN

/* Days since 1970-01-01 of a proleptic Gregorian date (any year). */
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* "1286536309", "1286536309.865", "1517336154.078555" (Squid, Zeek). */
bool mtime_parse_epoch(sv s, int64_t *ms);
/* "10/Oct/2000:13:55:36 -0700", with or without the surrounding brackets. */
bool mtime_parse_clf(sv s, int64_t *ms, int *off_min);
/* W3C extended: date "2015-05-20" and time "13:04:05[.fff]", always UTC. */
bool mtime_parse_w3c(sv date, sv time, int64_t *ms);
/* ISO 8601 / RFC 3339: "2015-05-20T13:04:05.123+09:00", "...Z", a space
 * instead of 'T', no offset (then `default_off_min` applies). */
bool mtime_parse_iso8601(sv s, int64_t *ms, int *off_min, int default_off_min);

/* BSD syslog (RFC 3164): "May  8 09:00:01" or "May 08 09:00:01.123" (the day
 * may be space-padded), which carries no year: the caller gives the year and
 * the UTC offset the time was written in. *used gets the length consumed. */
bool mtime_parse_syslog(sv s, int64_t year, int off_min, int64_t *ms, size_t *used);

/* Display zone. Returns false for an unknown spec. Default: UTC, or the
 * MITSUKE_TZ environment variable when set. */
bool display_zone_set(const char *spec);
const char *display_zone_name(void);
int display_offset_at(int64_t ms);   /* minutes east of UTC at that instant */
/* The local day (days since 1970-01-01 in the display zone) an instant falls
 * on, and the UTC instant of local clock time `clock_ms` (milliseconds since
 * midnight) on local day `day`: display_utc_of(day, 0) is its midnight. */
int64_t display_day_of(int64_t ms);
int64_t display_utc_of(int64_t day, int64_t clock_ms);

/* Formatting. Buffers of MTIME_BUFSZ are always enough. */
#define MTIME_BUFSZ 40
/* "2015-05-20T13:04:05+09:00" in the display zone (with ".123" if millis). */
char *mtime_format_iso(int64_t ms, bool millis, char *buf);
/* The same at an explicit offset. */
char *mtime_format_iso_off(int64_t ms, int off_min, bool millis, char *buf);
/* "2015-05-20 13:04 JST" style for human text in the display zone. */
char *mtime_format_human(int64_t ms, char *buf);

#endif
