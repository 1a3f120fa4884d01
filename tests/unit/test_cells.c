/* test_cells.c - the chart's cell log (detect/cells.c): buckets merged and
 * sorted, the terminal limit, and the memory budget of the 10-minute cells:
 * compaction drops the cells of destinations with few requests (marked
 * incomplete) and keeps the busy ones' exact; a full log keeps its earliest
 * cells and drops later ones, never exceeding the budget. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "detect/cells.h"
#include "detect/observe.h"

#include <stdlib.h>
#include <string.h>

#define MIB (1u << 20)
#define BUCKET0 2300000u /* a 10-minute bucket in 2043: hours and buckets of realistic size */

/* A stand-in for the scan's observe: only pairs[].dest and dests[].requests
 * are read by the cells. */
static observe obs;

static void fake_observe(uint32_t npairs, uint32_t ndests) {
    memset(&obs, 0, sizeof obs);
    obs.pairs = calloc(npairs, sizeof *obs.pairs);
    obs.dests = calloc(ndests, sizeof *obs.dests);
    obs.npairs = npairs;
    obs.ndests = ndests;
}

static void free_observe(void) {
    free(obs.pairs);
    free(obs.dests);
}

static void add(cells *c, uint32_t pair, uint32_t bucket, bool ok, uint64_t out) {
    uint32_t d = obs.pairs ? obs.pairs[pair].dest : 0;
    cells_add(c, pair, d, obs.dests ? obs.dests[d].terminals : 1, bucket, ok, out, 2 * out);
}

static uint8_t *all_pairs(uint32_t n) {
    uint8_t *w = malloc(n / 8 + 1);
    memset(w, 0xff, n / 8 + 1);
    return w;
}

static void test_merge_and_order(void **state) {
    (void)state;
    cells c;
    cells_init(&c, 200);
    add(&c, 1, 10, true, 100);
    add(&c, 0, 10, false, 5);
    add(&c, 1, 10, false, 7);
    add(&c, 1, 12, true, 1);  /* closes bucket 10 */
    add(&c, 1, 10, true, 3);  /* out of order: a second cell for bucket 10 */
    add(&c, 0, 11, true, 9);
    uint8_t *w = all_pairs(2);
    vec out = VEC_INIT(cell);
    cells_collect(&c, w, 2, &out);
    assert_int_equal(out.len, 4);
    const cell *x = out.data;
    assert_int_equal(x[0].pair, 0), assert_int_equal(x[0].hour, 10), assert_int_equal(x[0].ok, 0);
    assert_int_equal(x[1].pair, 0), assert_int_equal(x[1].hour, 11);
    assert_int_equal(x[2].pair, 1), assert_int_equal(x[2].hour, 10);
    assert_int_equal(x[2].requests, 3), assert_int_equal(x[2].ok, 2);
    assert_int_equal(x[2].bytes_out, 110), assert_int_equal(x[2].bytes_in, 220);
    assert_int_equal(x[3].hour, 12);
    /* only the wanted pairs */
    w[0] = 1; /* pair 0 */
    out.len = 0;
    cells_collect(&c, w, 2, &out);
    assert_int_equal(out.len, 2);
    vec_free(&out);
    free(w);
    cells_free(&c);
}

static void test_terminal_limit(void **state) {
    (void)state;
    cells c;
    cells_init(&c, 3);
    cells_add(&c, 0, 7, 3, 5, true, 1, 1);
    cells_add(&c, 1, 8, 4, 5, true, 1, 1); /* a fourth terminal: not kept */
    assert_false(cells_incomplete(&c, 7));
    assert_true(cells_incomplete(&c, 8));
    assert_false(cells_incomplete(&c, 100000)); /* beyond the bitmap */
    uint8_t *w = all_pairs(2);
    vec out = VEC_INIT(cell);
    cells_collect(&c, w, 2, &out);
    assert_int_equal(out.len, 1);
    vec_free(&out);
    free(w);
    cells_free(&c);
}

/* Sum of requests per pair in the collected cells, and the buckets seen. */
static void collect_all(cells *c, uint32_t npairs, vec *out) {
    uint8_t *w = all_pairs(npairs);
    cells_collect(c, w, npairs, out);
    free(w);
}

/* A C2 server (3 terminals, thousands of requests) among 150 sites visited
 * once each: when the 2 MiB budget runs out, the quiet sites' cells go (they
 * are marked incomplete) and the C2's all stay, exact. */
static void test_budget_drops_quiet_destinations(void **state) {
    (void)state;
    const uint32_t npairs = 153, buckets = 2000;
    fake_observe(npairs, npairs);
    obs.dests[0].terminals = 3;
    obs.dests[0].requests = 3 * buckets;
    for (uint32_t p = 3; p < npairs; p++) obs.pairs[p].dest = p, obs.dests[p].terminals = 1, obs.dests[p].requests = 1;
    cells c;
    cells_init(&c, 200);
    cells_set_budget(&c, 2 * MIB, &obs);
    for (uint32_t b = 0; b < buckets; b++)
        for (uint32_t p = 0; p < npairs; p++) add(&c, p, BUCKET0 + b, p % 2, 300 + p);
    assert_int_equal(c.min_requests, 2);
    assert_false(c.full);
    assert_false(cells_incomplete(&c, 0));
    for (uint32_t d = 3; d < npairs; d++) assert_true(cells_incomplete(&c, d));
    assert_true(c.dropped > 0);
    vec out = VEC_INIT(cell);
    collect_all(&c, npairs, &out);
    assert_true(c.chunks.len * (size_t)MIB <= 2 * MIB);
    /* every cell of the C2; of the quiet sites, only those closed since the last compaction */
    size_t c2 = 0;
    for (size_t i = 0; i < out.len; i++) {
        const cell *x = &VEC_AT(&out, cell, i);
        if (x->pair >= 3) continue;
        assert_int_equal(x->hour, BUCKET0 + c2 % buckets);
        assert_int_equal(x->requests, 1);
        assert_int_equal(x->ok, x->pair % 2);
        assert_int_equal(x->bytes_out, 300 + x->pair);
        c2++;
    }
    assert_int_equal(c2, 3 * buckets);
    assert_true(out.len < (size_t)npairs * buckets / 2);
    vec_free(&out);
    cells_free(&c);
    free_observe();
}

/* 100 destinations all far busier than any limit: compaction cannot drop
 * anything, so the log is full; its cells are the earliest buckets, exact,
 * and every destination is marked incomplete. */
static void test_budget_full_keeps_the_earliest(void **state) {
    (void)state;
    const uint32_t npairs = 100, buckets = 3000;
    fake_observe(npairs, npairs);
    for (uint32_t p = 0; p < npairs; p++)
        obs.pairs[p].dest = p, obs.dests[p].terminals = 1, obs.dests[p].requests = 2 * CELLS_MIN_REQUESTS_MAX;
    cells c;
    cells_init(&c, 200);
    cells_set_budget(&c, MIB + MIB / 2, &obs); /* rounded down to one chunk */
    for (uint32_t b = 0; b < buckets; b++)
        for (uint32_t p = 0; p < npairs; p++) add(&c, p, BUCKET0 + b, true, 1000);
    assert_true(c.full);
    assert_int_equal(c.min_requests, CELLS_MIN_REQUESTS_MAX);
    for (uint32_t d = 0; d < npairs; d++) assert_true(cells_incomplete(&c, d));
    vec out = VEC_INIT(cell);
    collect_all(&c, npairs, &out);
    assert_int_equal(c.chunks.len, 1);
    assert_true(out.len > 50000 && out.len < (size_t)npairs * buckets);
    assert_true(c.dropped > 0);
    /* per pair, the kept buckets are the first ones, without holes */
    uint32_t last = 0;
    for (size_t i = 0; i < out.len; i++) {
        const cell *x = &VEC_AT(&out, cell, i);
        if (i == 0 || x->pair != VEC_AT(&out, cell, i - 1).pair) assert_int_equal(x->hour, BUCKET0);
        else assert_int_equal(x->hour, last + 1);
        last = x->hour;
        assert_int_equal(x->requests, 1);
        assert_int_equal(x->bytes_in, 2000);
    }
    vec_free(&out);
    cells_free(&c);
    free_observe();
}

static void test_budget_zero_keeps_nothing(void **state) {
    (void)state;
    fake_observe(1, 1);
    obs.dests[0].terminals = 1;
    cells c;
    cells_init(&c, 200);
    cells_set_budget(&c, 0, &obs);
    add(&c, 0, BUCKET0, true, 1);
    vec out = VEC_INIT(cell);
    collect_all(&c, 1, &out);
    assert_int_equal(out.len, 0);
    assert_true(cells_incomplete(&c, 0));
    vec_free(&out);
    cells_free(&c);
    free_observe();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_and_order),
        cmocka_unit_test(test_terminal_limit),
        cmocka_unit_test(test_budget_drops_quiet_destinations),
        cmocka_unit_test(test_budget_full_keeps_the_earliest),
        cmocka_unit_test(test_budget_zero_keeps_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
