/* timeline.c - building the terminal x time matrix; see timeline.h.
 *
 * 1. The span: from the earliest to the latest time any source, coverage hour
 *    or hourly cell mentions (cut to a window if asked), widened to whole
 *    buckets.
 * 2. Column boundaries: every UTC 10 minutes or hour, or every local midnight.
 * 3. Cells: each store cell (terminal, destination, start) goes to the column
 *    its start falls in; cells landing in the same (row, column, destination)
 *    are summed (24 hours into one day). The model's cells are sorted by
 *    terminal and start, so when a column holds one store cell they are in
 *    (row, col, dest) order already; days need one sort. One merging pass
 *    follows. */
#include "report/timeline.h"
#include "core/mtime.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000LL
#define DAY_MS 86400000LL
#define TENMIN_MS 600000LL

bool bucket_parse(const char *s, bucket_kind *b) {
    if (!strcmp(s, "auto")) *b = BUCKET_AUTO;
    else if (!strcmp(s, "hour")) *b = BUCKET_HOUR;
    else if (!strcmp(s, "day")) *b = BUCKET_DAY;
    else if (!strcmp(s, "10min")) *b = BUCKET_10MIN;
    else return false;
    return true;
}

const char *bucket_token(bucket_kind b) {
    switch (b) {
    case BUCKET_10MIN: return "10min";
    case BUCKET_HOUR: return "hour";
    case BUCKET_DAY: return "day";
    case BUCKET_AUTO: break;
    }
    return "auto";
}

int64_t bucket_nominal_ms(bucket_kind b) {
    switch (b) {
    case BUCKET_10MIN: return TENMIN_MS;
    case BUCKET_DAY: return DAY_MS;
    default: return HOUR_MS;
    }
}

const char *bucket_10min_missing_message(void) {
    return "this store has no 10-minute cells (it was written by a mitsuke older than schema version 3); "
           "scan the logs again to get them, or use hour or day";
}

bool timeline_can_draw(const report_model *m, bucket_kind b) {
    return b != BUCKET_10MIN || m->cells10_ms == STORE_CELL10_MS;
}

typedef struct span {
    int64_t lo, hi; /* [lo, hi) */
} span;

static void widen(span *s, int64_t lo, int64_t hi) {
    if (lo == MTIME_NONE || hi == MTIME_NONE) return;
    if (s->lo == MTIME_NONE || lo < s->lo) s->lo = lo;
    if (s->hi == MTIME_NONE || hi > s->hi) s->hi = hi;
}

static span cells_span(const report_model *m) {
    span s = {MTIME_NONE, MTIME_NONE};
    for (size_t i = 0; i < m->cells.len; i++) widen(&s, RM_CELL(m, i).start_ms, RM_CELL(m, i).start_ms + HOUR_MS);
    return s;
}

static span log_span(const report_model *m) {
    span s = cells_span(m);
    for (size_t i = 0; i < m->sources.len; i++) {
        const rm_source *src = &RM_SOURCE(m, i);
        if (src->first_ms != MTIME_NONE && src->last_ms != MTIME_NONE && src->last_ms >= src->first_ms)
            widen(&s, src->first_ms, src->last_ms + 1);
    }
    if (m->coverage.len)
        widen(&s, RM_HOUR(m, 0).hour_ms, RM_HOUR(m, m->coverage.len - 1).hour_ms + HOUR_MS);
    return s;
}

bool timeline_span(const report_model *m, int64_t *lo, int64_t *hi) {
    span s = log_span(m);
    *lo = s.lo, *hi = s.hi;
    return s.lo != MTIME_NONE;
}

static size_t hour_count(span s) {
    if (s.lo == MTIME_NONE) return 0;
    int64_t lo = floor_div_i64(s.lo, HOUR_MS), hi = floor_div_i64(s.hi + HOUR_MS - 1, HOUR_MS);
    return (size_t)(hi - lo);
}

bucket_kind timeline_auto_bucket(const report_model *m) {
    size_t hours = hour_count(log_span(m));
    if (m->cells10_ms == STORE_CELL10_MS && hours <= TIMELINE_AUTO_MAX_10MIN_HOURS) return BUCKET_10MIN;
    return hours <= TIMELINE_AUTO_MAX_HOURS ? BUCKET_HOUR : BUCKET_DAY;
}

/* Fills t->col_start for span s; returns the column count (may exceed the cap). */
static size_t make_columns(timeline *t, span s, size_t cap) {
    size_t n = 0;
    free(t->col_start);
    t->col_start = NULL;
    if (s.lo == MTIME_NONE || s.hi <= s.lo) return 0;
    if (t->bucket != BUCKET_DAY) {
        /* whole hours, so the 10-minute columns line up with the hourly ones */
        int64_t width = bucket_nominal_ms(t->bucket);
        int64_t lo = floor_div_i64(s.lo, HOUR_MS) * HOUR_MS, hi = floor_div_i64(s.hi + HOUR_MS - 1, HOUR_MS) * HOUR_MS;
        n = (size_t)((hi - lo) / width);
        if (n > cap) return n;
        t->col_start = xmalloc((n + 1) * sizeof(int64_t));
        for (size_t i = 0; i <= n; i++) t->col_start[i] = lo + (int64_t)i * width;
    } else {
        int64_t dlo = display_day_of(s.lo), dhi = display_day_of(s.hi - 1);
        n = (size_t)(dhi - dlo + 1);
        if (n > cap) return n;
        t->col_start = xmalloc((n + 1) * sizeof(int64_t));
        for (size_t i = 0; i <= n; i++) t->col_start[i] = display_utc_of(dlo + (int64_t)i, 0);
    }
    return n;
}

size_t timeline_col_of(const timeline *t, int64_t ms) {
    if (!t->ncols || ms < t->col_start[0] || ms >= t->col_start[t->ncols]) return t->ncols;
    size_t lo = 0, hi = t->ncols;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->col_start[mid] <= ms) lo = mid;
        else hi = mid;
    }
    return lo;
}

double timeline_x_of(const timeline *t, int64_t ms) {
    if (!t->ncols || ms <= t->col_start[0]) return 0;
    if (ms >= t->col_start[t->ncols]) return (double)t->ncols;
    size_t c = timeline_col_of(t, ms);
    double width = (double)(t->col_start[c + 1] - t->col_start[c]);
    return (double)c + (double)(ms - t->col_start[c]) / width;
}

static int cmp_tl_cell(const void *a, const void *b) {
    const tl_cell *x = a, *y = b;
    if (x->row != y->row) return x->row < y->row ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return (x->dest > y->dest) - (x->dest < y->dest);
}

static void fill_cells(const report_model *m, timeline *t) {
    const vec *from = t->bucket == BUCKET_10MIN ? &m->cells10 : &m->cells;
    t->cells = xmalloc((from->len ? from->len : 1) * sizeof(tl_cell));
    size_t n = 0;
    for (size_t i = 0; i < from->len; i++) {
        const rm_cell *c = &VEC_AT(from, rm_cell, i);
        size_t col = timeline_col_of(t, c->start_ms);
        if (col == t->ncols) {
            t->cells_outside++;
            continue;
        }
        t->cells[n++] = (tl_cell){c->terminal, (uint32_t)col, c->destination, c->requests, c->ok_requests,
                                  c->failed_requests, c->bytes_out, c->bytes_in};
    }
    if (t->bucket == BUCKET_DAY) qsort(t->cells, n, sizeof(tl_cell), cmp_tl_cell);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        tl_cell *prev = out ? &t->cells[out - 1] : NULL;
        const tl_cell *c = &t->cells[i];
        if (prev && prev->row == c->row && prev->col == c->col && prev->dest == c->dest) {
            prev->requests += c->requests, prev->ok += c->ok, prev->failed += c->failed;
            prev->bytes_out += c->bytes_out, prev->bytes_in += c->bytes_in;
        } else {
            t->cells[out++] = *c;
        }
    }
    t->ncells = out;
    t->row_start = xcalloc(t->nrows + 1, sizeof(size_t));
    for (size_t i = 0; i < out; i++) t->row_start[t->cells[i].row + 1]++;
    for (size_t r = 0; r < t->nrows; r++) t->row_start[r + 1] += t->row_start[r];
}

/* The records of the coverage hour holding `ms` (coverage is sorted by hour). */
static int64_t hour_records(const report_model *m, int64_t ms) {
    int64_t hour = floor_div_i64(ms, HOUR_MS) * HOUR_MS;
    size_t lo = 0, hi = m->coverage.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (RM_HOUR(m, mid).hour_ms < hour) lo = mid + 1;
        else hi = mid;
    }
    return lo < m->coverage.len && RM_HOUR(m, lo).hour_ms == hour ? RM_HOUR(m, lo).records : 0;
}

static void fill_records(const report_model *m, timeline *t) {
    if (!m->coverage.len || !t->ncols) return;
    t->records = xcalloc(t->ncols, sizeof(int64_t));
    if (t->bucket == BUCKET_10MIN) {
        t->records_hourly = true;
        for (size_t col = 0; col < t->ncols; col++) t->records[col] = hour_records(m, t->col_start[col]);
        return;
    }
    for (size_t i = 0; i < m->coverage.len; i++) {
        size_t col = timeline_col_of(t, RM_HOUR(m, i).hour_ms);
        if (col < t->ncols) t->records[col] += RM_HOUR(m, i).records;
    }
}

static span clip(span s, int64_t from_ms, int64_t to_ms) {
    if (s.lo == MTIME_NONE) return s;
    if (from_ms != MTIME_NONE && from_ms > s.lo) s.lo = from_ms;
    if (to_ms != MTIME_NONE && to_ms < s.hi) s.hi = to_ms;
    return s;
}

bool timeline_build_window(const report_model *m, bucket_kind bucket, int64_t from_ms, int64_t to_ms, timeline *t,
                           char *err, size_t errsz) {
    memset(t, 0, sizeof *t);
    t->bucket = bucket == BUCKET_AUTO ? timeline_auto_bucket(m) : bucket;
    t->nrows = m->terminals.len;
    if (!timeline_can_draw(m, t->bucket)) {
        snprintf(err, errsz, "--bucket %s: %s", bucket_token(t->bucket), bucket_10min_missing_message());
        return false;
    }
    size_t cap = TIMELINE_MAX_COLS * (t->bucket == BUCKET_10MIN ? 6 : 1);
    span s = clip(log_span(m), from_ms, to_ms);
    size_t n = make_columns(t, s, cap);
    if (n > cap) {
        /* Logs spanning decades (often a broken clock in one source): draw
         * the suspicious activity only, and at most the cap. */
        t->span_cut = true;
        s = clip(cells_span(m), from_ms, to_ms);
        n = make_columns(t, s, cap);
        if (n > cap) {
            int64_t width = bucket_nominal_ms(t->bucket);
            s.hi = s.lo + (int64_t)(cap - 1) * width;
            n = make_columns(t, s, cap);
        }
    }
    t->ncols = n;
    fill_cells(m, t);
    fill_records(m, t);
    return true;
}

bool timeline_build(const report_model *m, bucket_kind bucket, timeline *t, char *err, size_t errsz) {
    return timeline_build_window(m, bucket, MTIME_NONE, MTIME_NONE, t, err, errsz);
}

void timeline_free(timeline *t) {
    free(t->col_start);
    free(t->cells);
    free(t->row_start);
    free(t->records);
    memset(t, 0, sizeof *t);
}
