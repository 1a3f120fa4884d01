/* test_gaps.c - the coverage gap rule (analysis/gaps.c) on synthetic traffic.
 *
 * Each scenario builds per-minute counts the way a real proxy log looks
 * (office hours, 24-hour operations, nights, weekends, Japanese holidays)
 * and checks both that the missing span is found, to the minute, and that
 * ordinary quiet time is not reported. Times are JST (display zone). */
#include "analysis/gaps.h"
#include "analysis/timehist.h"
#include "core/calendar.h"
#include "core/mtime.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define MIN_MS 60000LL
#define JST (9 * 60 * MIN_MS)

static uint64_t rng = 42;
static double uniform(void) {
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* Poisson-ish count around `mean` (enough for the test: integer, varies). */
static uint64_t noisy(double mean) {
    if (mean <= 0) return 0;
    double v = mean * (0.5 + uniform());
    uint64_t n = (uint64_t)v;
    if (uniform() < v - (double)n) n++;
    return n;
}

/* JST wall clock to UTC ms. */
static int64_t jst(int y, unsigned mo, unsigned d, unsigned h, unsigned mi) {
    return (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60) * 1000LL - JST;
}

typedef double (*rate_fn)(int64_t local_day, double hour);

/* 24-hour operations (the pension case): busy days, steady nights. */
static double ops_rate(int64_t day, double h) {
    bool rest = jp_rest_day(day);
    if (h >= 8 && h < 20) return rest ? 40 : 120;
    return rest ? 25 : 30;
}

/* An office: traffic from 08:00 to about 19:00 on working days, nothing at
 * night, on weekends or holidays; evening tapers off. */
static double office_rate(int64_t day, double h) {
    if (jp_rest_day(day)) return 0;
    if (h < 8 || h >= 19.5) return 0;
    if (h < 9) return 60 * (h - 8) + 5;
    if (h >= 18) return 80 * (19.5 - h) / 1.5 + 0.5;
    if (h >= 12 && h < 13) return 30;
    return 100;
}

static void fill(timehist *th, rate_fn f, int64_t from, int64_t to, int64_t miss_from, int64_t miss_to) {
    for (int64_t t = from; t < to; t += MIN_MS) {
        if (t >= miss_from && t < miss_to) continue;
        int64_t local = t + JST;
        int64_t day = local / 86400000;
        double hour = (double)(local % 86400000) / 3600000.0;
        uint64_t n = noisy(f(day, hour));
        if (n) th_add(th, t + 1234, n);
    }
}

static size_t find(timehist *th, vec *gaps, int64_t bucket_ms) {
    vec b = VEC_INIT(th_bucket), use = VEC_INIT(th_bucket);
    th_buckets(th, &b);
    vec *in = &b;
    if (bucket_ms != TH_BUCKET_MS) {
        th_rollup(b.data, b.len, bucket_ms, &use);
        in = &use;
    }
    gap_params p;
    gap_params_default(&p, bucket_ms);
    size_t before = gaps->len;
    size_t n = gaps_find(in->data, in->len, &p, gaps);
    for (size_t i = before; i < gaps->len; i++) { /* shown when a test fails */
        char a[MTIME_BUFSZ], b2[MTIME_BUFSZ];
        gap *g = &VEC_AT(gaps, gap, i);
        print_message("gap %s - %s expected %.0f basis %s\n", mtime_format_iso(g->start_ms, false, a),
                      mtime_format_iso(g->end_ms, false, b2), g->expected, gap_basis_name(g->basis));
    }
    vec_free(&b);
    vec_free(&use);
    return n;
}

static void pension_case_gap_found(void **state) {
    (void)state;
    timehist th;
    th_init(&th);
    /* 8 May 00:00 - 4 June 20:32 2015, missing 10 May 20:01 - 23:58 */
    int64_t miss0 = jst(2015, 5, 10, 20, 1), miss1 = jst(2015, 5, 10, 23, 58);
    fill(&th, ops_rate, jst(2015, 5, 8, 0, 0), jst(2015, 6, 4, 20, 33), miss0, miss1);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 1);
    gap *g = &VEC_AT(&gaps, gap, 0);
    assert_int_equal(g->start_ms, miss0);
    assert_int_equal(g->end_ms, miss1);
    assert_int_equal(g->basis, GAP_PROFILE);
    assert_true(g->expected > 3000);
    char t[MTIME_BUFSZ];
    assert_string_equal(mtime_format_iso(g->start_ms, false, t), "2015-05-10T20:01:00+09:00");
    assert_string_equal(mtime_format_iso(g->end_ms, false, t), "2015-05-10T23:58:00+09:00");
    /* the same from hourly counts (what scan stores): found, to the hour */
    gaps.len = 0;
    assert_int_equal(find(&th, &gaps, 3600000), 1);
    g = &VEC_AT(&gaps, gap, 0);
    assert_int_equal(g->start_ms, jst(2015, 5, 10, 21, 0));
    assert_int_equal(g->end_ms, jst(2015, 5, 10, 23, 0));
    vec_free(&gaps);
    th_free(&th);
}

static void office_nights_weekends_holidays_quiet(void **state) {
    (void)state;
    timehist th;
    th_init(&th);
    /* 20 April - 22 May 2015: Golden Week (29 Apr, 3-6 May) inside */
    fill(&th, office_rate, jst(2015, 4, 20, 0, 0), jst(2015, 5, 23, 0, 0), 0, 0);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    assert_int_equal(find(&th, &gaps, 3600000), 0);
    vec_free(&gaps);
    th_free(&th);
}

static void office_gap_in_working_hours_found(void **state) {
    (void)state;
    timehist th;
    th_init(&th);
    int64_t miss0 = jst(2015, 5, 13, 10, 0), miss1 = jst(2015, 5, 13, 11, 45);
    fill(&th, office_rate, jst(2015, 4, 20, 0, 0), jst(2015, 5, 23, 0, 0), miss0, miss1);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 1);
    assert_int_equal(VEC_AT(&gaps, gap, 0).start_ms, miss0);
    assert_int_equal(VEC_AT(&gaps, gap, 0).end_ms, miss1);
    assert_int_equal(VEC_AT(&gaps, gap, 0).basis, GAP_PROFILE);
    vec_free(&gaps);
    th_free(&th);
}

static void short_logs_nights_not_gaps(void **state) {
    (void)state;
    /* two working days: the night between has no comparable night in the logs */
    timehist th;
    th_init(&th);
    fill(&th, office_rate, jst(2015, 5, 12, 0, 0), jst(2015, 5, 14, 0, 0), 0, 0);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    th_free(&th);
    /* one week of office logs: a single silent weekend */
    th_init(&th);
    fill(&th, office_rate, jst(2015, 5, 11, 0, 0), jst(2015, 5, 19, 0, 0), 0, 0);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    th_free(&th);
    /* a daily file: one stray record just after midnight, then the day */
    th_init(&th);
    th_add(&th, jst(2015, 5, 12, 0, 0) + 5000, 1);
    fill(&th, office_rate, jst(2015, 5, 12, 0, 0), jst(2015, 5, 13, 0, 0), 0, 0);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    vec_free(&gaps);
    th_free(&th);
}

static void short_logs_busy_edges_gap(void **state) {
    (void)state;
    /* one day of 24-hour operations, 3 hours missing: no comparable day, the
     * busy neighbouring hours decide (basis "edges") */
    timehist th;
    th_init(&th);
    int64_t miss0 = jst(2015, 5, 12, 14, 0), miss1 = jst(2015, 5, 12, 17, 0);
    fill(&th, ops_rate, jst(2015, 5, 12, 0, 0), jst(2015, 5, 13, 0, 0), miss0, miss1);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 1);
    assert_int_equal(VEC_AT(&gaps, gap, 0).start_ms, miss0);
    assert_int_equal(VEC_AT(&gaps, gap, 0).basis, GAP_EDGES);
    vec_free(&gaps);
    th_free(&th);
}

static void missing_days_found(void **state) {
    (void)state;
    /* 24-hour operations, Friday noon to Monday 09:00 missing: a weekend
     * that should have had traffic, judged against the other weekends */
    timehist th;
    th_init(&th);
    int64_t miss0 = jst(2015, 5, 15, 12, 0), miss1 = jst(2015, 5, 18, 9, 0);
    fill(&th, ops_rate, jst(2015, 5, 1, 0, 0), jst(2015, 6, 1, 0, 0), miss0, miss1);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 1);
    assert_int_equal(VEC_AT(&gaps, gap, 0).start_ms, miss0);
    assert_int_equal(VEC_AT(&gaps, gap, 0).end_ms, miss1);
    assert_int_equal(VEC_AT(&gaps, gap, 0).basis, GAP_PROFILE);
    assert_true(VEC_AT(&gaps, gap, 0).expected > 60 * 24 * 2 * 20);
    vec_free(&gaps);
    th_free(&th);
}

static void short_silence_not_gap(void **state) {
    (void)state;
    timehist th;
    th_init(&th);
    /* 20 minutes missing: under the 30-minute minimum */
    fill(&th, ops_rate, jst(2015, 5, 8, 0, 0), jst(2015, 5, 20, 0, 0), jst(2015, 5, 13, 10, 0),
         jst(2015, 5, 13, 10, 20));
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    /* nothing at all, or one bucket: nothing to say */
    assert_int_equal(gaps_find(NULL, 0, &(gap_params){60000, 1800000, 50}, &gaps), 0);
    vec_free(&gaps);
    th_free(&th);
}

static void clock_jump_is_cheap_and_not_a_gap(void **state) {
    (void)state;
    /* a record stamped 1970 before a busy day: sparse, so cheap; the 45-year
     * silence has no busy edge before it, so it is not called a gap */
    timehist th;
    th_init(&th);
    th_add(&th, 5000, 1);
    fill(&th, ops_rate, jst(2015, 5, 12, 0, 0), jst(2015, 5, 13, 0, 0), 0, 0);
    assert_true(th.len < 2000);
    vec gaps = VEC_INIT(gap);
    assert_int_equal(find(&th, &gaps, TH_BUCKET_MS), 0);
    vec_free(&gaps);
    th_free(&th);
}

int main(void) {
    display_zone_set("JST");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pension_case_gap_found),
        cmocka_unit_test(office_nights_weekends_holidays_quiet),
        cmocka_unit_test(office_gap_in_working_hours_found),
        cmocka_unit_test(short_logs_nights_not_gaps),
        cmocka_unit_test(short_logs_busy_edges_gap),
        cmocka_unit_test(missing_days_found),
        cmocka_unit_test(short_silence_not_gap),
        cmocka_unit_test(clock_jump_is_cheap_and_not_a_gap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
