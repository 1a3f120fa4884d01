/* timeline.h - the terminal x time matrix of Figure 2 (seed 004 §2.2).
 *
 * Rows are the store's terminals in the model's order (first suspicious time),
 * columns are time buckets over the span of the logs, and a cell holds, per
 * destination, the requests that terminal made in that bucket. The HTML chart,
 * its tooltip data and `mitsuke timeline` all read this one structure.
 *
 * Buckets: `hour` columns are UTC hours (the store's `hourly` cells), labelled
 * in the display zone; `day` columns run from local midnight to local midnight
 * in the display zone, and an hour that straddles midnight (zones with a
 * half-hour offset) counts in the day it starts in. `10min` columns are UTC
 * 10 minutes, drawn from the store's `cells10` (schema v3); a store without
 * them cannot give 10-minute columns, and asking for them is an error that
 * says so. Their `records` are those of the hour each column lies in (the
 * store counts log records per hour). `auto` takes 10 minutes when the store
 * has them and the span has at most TIMELINE_AUTO_MAX_10MIN_HOURS hours,
 * hours up to TIMELINE_AUTO_MAX_HOURS (12 weeks), else days.
 *
 * The span is the logs' (sources, coverage hours, hourly cells), widened to
 * whole hours (10 minutes, hours) or local days; timeline_build_window cuts
 * it to a window (the report's 10-minute view of a few days). */
#ifndef MITSUKE_TIMELINE_H
#define MITSUKE_TIMELINE_H

#include "report/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { BUCKET_AUTO = 0, BUCKET_10MIN, BUCKET_HOUR, BUCKET_DAY } bucket_kind;

#define TIMELINE_AUTO_MAX_HOURS (12 * 7 * 24)
#define TIMELINE_AUTO_MAX_10MIN_HOURS 48
/* A span longer than this many columns (six times as many 10-minute ones) is
 * cut to the suspicious activity, and if that is still longer, to its first
 * columns. */
#define TIMELINE_MAX_COLS 20000

bool bucket_parse(const char *s, bucket_kind *b);
const char *bucket_token(bucket_kind b); /* "10min", "hour", "day", "auto" */
int64_t bucket_nominal_ms(bucket_kind b);
/* Why 10-minute columns cannot be drawn from a store without 10-minute cells
 * (for messages). */
const char *bucket_10min_missing_message(void);
/* True when the store's cells can give this bucket's columns. */
bool timeline_can_draw(const report_model *m, bucket_kind b);

typedef struct tl_cell {
    uint32_t row, col, dest;  /* dest: index into the model's destinations */
    int64_t requests, ok, failed, bytes_out, bytes_in;
} tl_cell;

typedef struct timeline {
    bucket_kind bucket;
    size_t ncols;
    int64_t *col_start;      /* ncols + 1 boundaries (UTC ms); column c is [col_start[c], col_start[c+1]) */
    size_t nrows;
    tl_cell *cells;          /* sorted by row, col, dest */
    size_t ncells;
    size_t *row_start;       /* nrows + 1: the cells of row r are [row_start[r], row_start[r+1]) */
    int64_t *records;        /* log records per column; NULL when the store has no coverage hours */
    bool records_hourly;     /* records[c] counts the whole hour column c lies in (10-minute columns) */
    uint64_t cells_outside;  /* store cells outside the drawn span (when the span was cut, or a window) */
    bool span_cut;
} timeline;

/* The span of the logs (sources, coverage hours, hourly cells) as [lo, hi);
 * false when the store has no time at all. */
bool timeline_span(const report_model *m, int64_t *lo, int64_t *hi);
/* The bucket `auto` stands for with this model. */
bucket_kind timeline_auto_bucket(const report_model *m);
/* Builds the matrix; `bucket` may be BUCKET_AUTO. False with a message when the
 * bucket cannot be drawn from this store. */
bool timeline_build(const report_model *m, bucket_kind bucket, timeline *t, char *err, size_t errsz);
/* The same over the part of the span within [from_ms, to_ms) (widened to
 * whole columns); MTIME_NONE leaves that side open. */
bool timeline_build_window(const report_model *m, bucket_kind bucket, int64_t from_ms, int64_t to_ms, timeline *t,
                           char *err, size_t errsz);
/* Column holding instant `ms`, or ncols when it lies outside the span. */
size_t timeline_col_of(const timeline *t, int64_t ms);
/* `ms` as a fractional column position (for drawing gaps and event markers),
 * clamped to [0, ncols]. */
double timeline_x_of(const timeline *t, int64_t ms);
void timeline_free(timeline *t);

#endif
