/* timehist.h - records per minute, for coverage and gap finding.
 *
 * A time histogram counts records per UTC minute. It is sparse (a hash table
 * keyed by minute), so a log whose clock jumps from 1970 to 2015 costs two
 * entries, not 45 years of zeros, and files may arrive in any order: merging
 * the histograms of overlapping or out-of-order files is adding counts.
 *
 * Memory is bounded: after TH_MAX_BUCKETS distinct minutes (about four years
 * of continuous logging), records in new minutes are only counted in
 * `dropped`, and the caller should say the histogram is incomplete.
 *
 * th_buckets() gives the non-empty minutes in time order, which is the input
 * of gaps_find() (analysis/gaps.h); th_rollup() sums them into wider buckets
 * (hours, for docs/store.md's coverage_hours). */
#ifndef MITSUKE_TIMEHIST_H
#define MITSUKE_TIMEHIST_H

#include "core/vec.h"

#include <stdint.h>

#define TH_BUCKET_MS 60000
#define TH_MAX_BUCKETS (1u << 21)

typedef struct th_bucket {
    int64_t start_ms;   /* start of the bucket (UTC ms) */
    uint64_t count;     /* records in [start_ms, start_ms + width) */
} th_bucket;

typedef struct th_slot th_slot;

typedef struct timehist {
    th_slot *slots;
    size_t cap, len;
    size_t last;        /* slot of the last minute added: logs are mostly in order */
    uint64_t records;   /* records added, dropped ones included */
    uint64_t dropped;   /* records not kept because the table was full */
} timehist;

void th_init(timehist *h);
void th_free(timehist *h);
void th_add(timehist *h, int64_t time_ms, uint64_t count);
void th_merge(timehist *dst, const timehist *src);
/* The non-empty minutes in time order, as th_bucket (appended to `out`, a vec
 * of th_bucket). Returns how many were appended. */
size_t th_buckets(const timehist *h, vec *out);
/* Sums sorted buckets into buckets `width_ms` wide (aligned to the epoch, so
 * hours are UTC hours), appended to `out`. */
size_t th_rollup(const th_bucket *in, size_t n, int64_t width_ms, vec *out);

#endif
