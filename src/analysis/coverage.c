/* coverage.c - per-source and combined coverage; see coverage.h. */
#include "analysis/coverage.h"
#include "core/mtime.h"

void coverage_init(coverage *c, const gap_params *p) {
    if (p)
        c->params = *p;
    else
        gap_params_default(&c->params, TH_BUCKET_MS);
    c->params.bucket_ms = TH_BUCKET_MS;
    vec_init(&c->sources, sizeof(coverage_source));
    vec_init(&c->gaps, sizeof(gap));
    th_init(&c->cur);
    th_init(&c->all);
    c->records = c->unparsed = c->skipped = c->too_long = 0;
    c->first_ms = c->last_ms = MTIME_NONE;
    c->failed = 0;
}

void coverage_add_event(coverage *c, const event *ev) { th_add(&c->cur, ev->time_ms, 1); }

static void find_gaps(const timehist *h, const gap_params *p, vec *out) {
    vec buckets = VEC_INIT(th_bucket);
    th_buckets(h, &buckets);
    gaps_find(buckets.data, buckets.len, p, out);
    vec_free(&buckets);
}

void coverage_end_source(coverage *c, const ingest_stats *st) {
    coverage_source *cs = vec_push(&c->sources);
    cs->st = *st;
    vec_init(&cs->gaps, sizeof(gap));
    find_gaps(&c->cur, &c->params, &cs->gaps);
    cs->dropped = c->cur.dropped;
    th_merge(&c->all, &c->cur);
    th_free(&c->cur);
    c->records += st->records;
    c->unparsed += st->unparsed;
    c->skipped += st->skipped;
    c->too_long += st->too_long;
    if (st->first_ms != MTIME_NONE && (c->first_ms == MTIME_NONE || st->first_ms < c->first_ms))
        c->first_ms = st->first_ms;
    if (st->last_ms != MTIME_NONE && (c->last_ms == MTIME_NONE || st->last_ms > c->last_ms)) c->last_ms = st->last_ms;
    if (!st->opened || st->read_error) c->failed++;
}

void coverage_finish(coverage *c) {
    c->gaps.len = 0;
    find_gaps(&c->all, &c->params, &c->gaps);
}

size_t coverage_hours(const coverage *c, vec *out) {
    vec minutes = VEC_INIT(th_bucket);
    th_buckets(&c->all, &minutes);
    size_t n = th_rollup(minutes.data, minutes.len, 3600000, out);
    vec_free(&minutes);
    return n;
}

void coverage_free(coverage *c) {
    for (size_t i = 0; i < c->sources.len; i++)
        vec_free(&VEC_AT(&c->sources, coverage_source, i).gaps);
    vec_free(&c->sources);
    vec_free(&c->gaps);
    th_free(&c->cur);
    th_free(&c->all);
}
