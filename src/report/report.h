/* report.h - the HTML investigation report (features A6, H6).
 *
 * report_write_html reads an open store (docs/store.md, schema v1 to v3) and writes
 * one self-contained page: summary, the terminal x time chart, destinations,
 * terminals with their findings along the kill chain, coverage, known events.
 * `mitsuke report` calls it on a store it opens read-only; `mitsuke scan
 * --html FILE` calls it on the store it has just written.
 *
 * The page loads nothing: CSS, script and SVG are inline, and a
 * Content-Security-Policy meta (default-src 'none'; the one script and style
 * allowed by SHA-256 hash) stops anything else, including inline event
 * handlers smuggled in through log text, which is escaped anyway (html.h). The
 * language is the current one (core/lang.h), times are in the display zone
 * (core/mtime.h): set both before calling. */
#ifndef MITSUKE_REPORT_H
#define MITSUKE_REPORT_H

#include "report/events_file.h"
#include "report/timeline.h"

#include <sqlite3.h>
#include <stdio.h>

/* What a report holds, for `report --json` and scan's summary. */
typedef struct report_stats {
    size_t terminals, failed_only, rows_drawn, suspicious_destinations, findings, gaps;
    const char *initial_view; /* "10min", "hour" or "day" */
    bool hour_view;           /* the page offers the hourly view */
    bool tenmin_view;         /* ... and the 10-minute view */
    int64_t tenmin_from_ms, tenmin_to_ms; /* the span of its columns (when offered) */
    bool day_outside;         /* --day is not in the logs' span: the chart chose the day */
} report_stats;

typedef struct report_options {
    bucket_kind bucket;           /* the chart's columns when the page opens; BUCKET_AUTO chooses */
    int64_t focus_day;            /* local day the 10-minute view centres on (display_day_of);
                                     MTIME_NONE: the day most terminals were first seen */
    const report_events *events;  /* markers from --events, or NULL */
    const char *store_label;      /* how the header names the store (its path), or NULL */
    report_stats *stats;          /* filled in when not NULL */
} report_options;

/* Returns 0 on success; -1 with a message in err when the store cannot be
 * read; -2 when writing to `out` failed; -3 when the bucket asked for cannot
 * be drawn from this store (10 minutes from a store without 10-minute cells). */
int report_write_html(sqlite3 *db, const report_options *opts, FILE *out, char *err, size_t errsz);

/* The same into a file: written beside `path` under a temporary name and
 * renamed into place when complete, so an interrupted run never leaves half a
 * report; "-" writes to stdout. Same return values; the message in err names
 * what failed. */
int report_write_html_file(sqlite3 *db, const report_options *opts, const char *path, char *err, size_t errsz);

#endif
