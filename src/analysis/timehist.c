/* timehist.c - sparse per-minute record counts; see timehist.h.
 *
 * Open addressing with linear probing on the minute number, load factor at
 * most one half. The slot of the last minute touched is remembered, so a log
 * read in time order costs one comparison per record, not a hash lookup. */
#include "analysis/timehist.h"
#include "core/util.h"

#include <stdlib.h>

#define EMPTY INT64_MIN

struct th_slot {
    int64_t minute;
    uint64_t count;
};

void th_init(timehist *h) {
    h->slots = NULL;
    h->cap = h->len = h->last = 0;
    h->records = h->dropped = 0;
}

void th_free(timehist *h) {
    free(h->slots);
    th_init(h);
}

static size_t home(int64_t minute, size_t cap) {
    uint64_t x = (uint64_t)minute * 0x9e3779b97f4a7c15ull;
    return (size_t)(x >> 32) & (cap - 1);
}

static size_t probe(const th_slot *slots, size_t cap, int64_t minute) {
    size_t i = home(minute, cap);
    while (slots[i].minute != EMPTY && slots[i].minute != minute)
        i = (i + 1) & (cap - 1);
    return i;
}

static void grow(timehist *h) {
    size_t cap = h->cap ? h->cap * 2 : 1024;
    th_slot *slots = xmalloc(cap * sizeof *slots);
    for (size_t i = 0; i < cap; i++)
        slots[i].minute = EMPTY;
    for (size_t i = 0; i < h->cap; i++)
        if (h->slots[i].minute != EMPTY) slots[probe(slots, cap, h->slots[i].minute)] = h->slots[i];
    free(h->slots);
    h->slots = slots;
    h->cap = cap;
    h->last = 0;
}

static void add_minute(timehist *h, int64_t minute, uint64_t count) {
    h->records += count;
    if (h->cap && h->slots[h->last].minute == minute) {
        h->slots[h->last].count += count;
        return;
    }
    if ((h->len + 1) * 2 > h->cap) {
        if (h->len >= TH_MAX_BUCKETS) {
            size_t i = probe(h->slots, h->cap, minute);
            if (h->slots[i].minute == minute)
                h->slots[i].count += count, h->last = i;
            else
                h->dropped += count;
            return;
        }
        grow(h);
    }
    size_t i = probe(h->slots, h->cap, minute);
    if (h->slots[i].minute == EMPTY) {
        h->slots[i].minute = minute;
        h->slots[i].count = 0;
        h->len++;
    }
    h->slots[i].count += count;
    h->last = i;
}

void th_add(timehist *h, int64_t time_ms, uint64_t count) {
    add_minute(h, floor_div_i64(time_ms, TH_BUCKET_MS), count);
}

void th_merge(timehist *dst, const timehist *src) {
    for (size_t i = 0; i < src->cap; i++)
        if (src->slots[i].minute != EMPTY) add_minute(dst, src->slots[i].minute, src->slots[i].count);
    dst->dropped += src->dropped;
    dst->records += src->dropped;
}

static int cmp_bucket(const void *a, const void *b) {
    int64_t x = ((const th_bucket *)a)->start_ms, y = ((const th_bucket *)b)->start_ms;
    return x < y ? -1 : x > y;
}

size_t th_buckets(const timehist *h, vec *out) {
    size_t first = out->len;
    vec_reserve(out, out->len + h->len);
    for (size_t i = 0; i < h->cap; i++) {
        if (h->slots[i].minute == EMPTY) continue;
        th_bucket *b = vec_push(out);
        b->start_ms = h->slots[i].minute * TH_BUCKET_MS;
        b->count = h->slots[i].count;
    }
    if (out->len - first > 1) qsort((th_bucket *)out->data + first, out->len - first, sizeof(th_bucket), cmp_bucket);
    return out->len - first;
}

size_t th_rollup(const th_bucket *in, size_t n, int64_t width_ms, vec *out) {
    size_t before = out->len;
    th_bucket *cur = NULL;
    for (size_t i = 0; i < n; i++) {
        int64_t start = floor_div_i64(in[i].start_ms, width_ms) * width_ms;
        if (!cur || cur->start_ms != start) {
            cur = vec_push(out);
            cur->start_ms = start;
        }
        cur->count += in[i].count;
    }
    return out->len - before;
}
