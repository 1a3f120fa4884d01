/* coverage.h - what time each source covers, what was lost, and its gaps.
 *
 * Fed from the two ingest callbacks: coverage_add_event() for every record,
 * coverage_end_source() when a source is done (it takes the source's counts
 * and finds its gaps, then folds its minutes into the histogram of all
 * sources). coverage_finish() finds the gaps of all sources together, which
 * is what handles overlapping and out-of-order files: their minutes are
 * simply added up. `mitsuke coverage` prints the result; `scan` stores it
 * (docs/store.md: sources, coverage_hours, gaps). */
#ifndef MITSUKE_COVERAGE_H
#define MITSUKE_COVERAGE_H

#include "analysis/gaps.h"
#include "analysis/timehist.h"
#include "io/ingest.h"

typedef struct coverage_source {
    ingest_stats st;        /* the source's counts as ingest reported them */
    vec gaps;               /* of gap */
    uint64_t dropped;       /* records left out of the histogram (see timehist.h) */
} coverage_source;

typedef struct coverage {
    gap_params params;
    vec sources;            /* of coverage_source, in reading order */
    timehist cur, all;      /* the source being read; every source so far */
    vec gaps;               /* of gap: all sources together (after coverage_finish) */
    uint64_t records, unparsed, skipped, too_long;
    int64_t first_ms, last_ms;
    unsigned failed;        /* sources not read to the end */
} coverage;

/* `p` may be NULL for the defaults (minute buckets). */
void coverage_init(coverage *c, const gap_params *p);
void coverage_add_event(coverage *c, const event *ev);
void coverage_end_source(coverage *c, const ingest_stats *st);
void coverage_finish(coverage *c);
static inline size_t coverage_count(const coverage *c) { return c->sources.len; }
static inline const coverage_source *coverage_at(const coverage *c, size_t i) {
    return &VEC_AT(&c->sources, coverage_source, i);
}
/* Records per UTC hour over all sources (th_bucket, non-empty hours, in order). */
size_t coverage_hours(const coverage *c, vec *out);
void coverage_free(coverage *c);

#endif
