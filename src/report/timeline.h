/* timeline.h - the terminal x time matrix of Figure 2 (seed 004 §2.2).
 *
 * Rows are the store's terminals in the model's order (first suspicious time),
 * columns are time buckets over the span of the logs, and a cell holds, per
 * destination, the requests that terminal made in that bucket. The HTML chart,
 * its tooltip data and `mitsuke timeline` all read this one structure.
 *
 * Buckets: `hour` columns are UTC hours (the store's cells), labelled in the
 * display zone; `day` columns run from local midnight to local midnight in the
 * display zone, and an hour that straddles midnight (zones with a half-hour
 * offset) counts in the day it starts in. `10min` columns need cells finer
 * than the store's hours; schema v1 keeps none, so asking for them is an error
 * that says so. `auto` takes hours while the span has at most
 * TIMELINE_AUTO_MAX_HOURS of them (12 weeks), else days. */
#ifndef MITSUKE_TIMELINE_H
#define MITSUKE_TIMELINE_H

#include "report/model.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { BUCKET_AUTO = 0, BUCKET_10MIN, BUCKET_HOUR, BUCKET_DAY } bucket_kind;

#define TIMELINE_AUTO_MAX_HOURS (12 * 7 * 24)
/* A span longer than this many columns is cut to the suspicious activity,
 * and if that is still longer, to its first TIMELINE_MAX_COLS columns. */
#define TIMELINE_MAX_COLS 20000

bool bucket_parse(const char *s, bucket_kind *b);
const char *bucket_token(bucket_kind b); /* "10min", "hour", "day", "auto" */
int64_t bucket_nominal_ms(bucket_kind b);
/* Why buckets shorter than the store's cells cannot be drawn (for messages). */
const char *bucket_too_fine_message(void);

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
    uint64_t cells_outside;  /* store cells outside the drawn span (only when the span was cut) */
    bool span_cut;
} timeline;

/* The bucket `auto` stands for with this model. */
bucket_kind timeline_auto_bucket(const report_model *m);
/* Builds the matrix; `bucket` may be BUCKET_AUTO. False with a message when the
 * bucket cannot be drawn from this store. */
bool timeline_build(const report_model *m, bucket_kind bucket, timeline *t, char *err, size_t errsz);
/* Column holding instant `ms`, or ncols when it lies outside the span. */
size_t timeline_col_of(const timeline *t, int64_t ms);
/* `ms` as a fractional column position (for drawing gaps and event markers),
 * clamped to [0, ncols]. */
double timeline_x_of(const timeline *t, int64_t ms);
void timeline_free(timeline *t);

#endif
