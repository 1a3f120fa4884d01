/* gaps.h - finding holes in a log: silences where records were expected.
 *
 * Input: record counts per time bucket (minutes or hours), non-empty buckets
 * only, in time order, e.g. from th_buckets() or a coverage_hours table.
 * Output: the gaps, each a span [start_ms, end_ms) with no record at all where
 * the logs' own history says there should have been many. The rule, in short
 * (docs/coverage.md has it in full):
 *
 *   - a silence is a run of empty buckets of at least min_gap_ms;
 *   - its expected record count sums, over its hours, the lower of two rates:
 *     the neighbouring hour before and after the silence, and the same hour
 *     on the nearest comparable days (working day or day off, in the display
 *     zone), their median;
 *   - it is a gap when at least min_expected records were expected.
 *
 * Nights and weekends are quiet on comparable days too, so they expect little
 * and are not reported. When no comparable day is in the logs, the
 * neighbouring hours decide alone, and the gap says so (basis GAP_EDGES). */
#ifndef MITSUKE_GAPS_H
#define MITSUKE_GAPS_H

#include "analysis/timehist.h"
#include "core/vec.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gap_params {
    int64_t bucket_ms;      /* width of the input buckets: 60000 or 3600000 */
    int64_t min_gap_ms;     /* shortest silence considered (default 30 minutes) */
    double min_expected;    /* records that must have been expected (default 50) */
} gap_params;

typedef enum {
    GAP_PROFILE = 0,        /* comparable days confirm it */
    GAP_EDGES,              /* only the neighbouring hours: no comparable day in the logs */
} gap_basis;

typedef struct gap {
    int64_t start_ms;       /* start of the first empty bucket */
    int64_t end_ms;         /* start of the next non-empty bucket */
    double expected;        /* records the rule expected in the span */
    gap_basis basis;
} gap;

void gap_params_default(gap_params *p, int64_t bucket_ms);
/* Appends the gaps (struct gap) to `out`; returns how many. */
size_t gaps_find(const th_bucket *buckets, size_t n, const gap_params *p, vec *out);
const char *gap_basis_name(gap_basis b);   /* "profile", "edges" */

#endif
