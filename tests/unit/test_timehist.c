/* test_timehist.c - the sparse minute histogram, hour roll-up, the text
 * table helper and the coverage aggregate (per source and all together). */
#include "analysis/coverage.h"
#include "analysis/timehist.h"
#include "core/mtime.h"
#include "report/texttable.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

static void histogram(void **state) {
    (void)state;
    timehist h;
    th_init(&h);
    th_add(&h, 120000 + 59999, 1);   /* minute 2 */
    th_add(&h, 60000, 2);            /* minute 1, out of order */
    th_add(&h, -1, 1);               /* 1969-12-31T23:59:59.999: minute -1 */
    th_add(&h, 120000, 4);
    for (int i = 0; i < 5000; i++) th_add(&h, (int64_t)i * 3600000, 1); /* many hours: growth */
    assert_int_equal(h.records, 5008);
    vec b = VEC_INIT(th_bucket);
    assert_int_equal(th_buckets(&h, &b), 5003);
    th_bucket *x = b.data;
    assert_int_equal(x[0].start_ms, -60000);
    assert_int_equal(x[0].count, 1);
    assert_int_equal(x[1].start_ms, 0);
    assert_int_equal(x[2].start_ms, 60000);
    assert_int_equal(x[2].count, 2);
    assert_int_equal(x[3].start_ms, 120000);
    assert_int_equal(x[3].count, 5);
    for (size_t i = 1; i < b.len; i++) assert_true(x[i - 1].start_ms < x[i].start_ms);
    vec hours = VEC_INIT(th_bucket);
    assert_int_equal(th_rollup(b.data, b.len, 3600000, &hours), 5001);
    assert_int_equal(VEC_AT(&hours, th_bucket, 0).start_ms, -3600000);
    assert_int_equal(VEC_AT(&hours, th_bucket, 1).count, 8); /* hour 0: 1 + 2 + 5 */
    /* merging adds counts */
    timehist h2;
    th_init(&h2);
    th_add(&h2, 60000, 10);
    th_add(&h2, 999999999999LL, 1);
    th_merge(&h2, &h);
    assert_int_equal(h2.records, 5019);
    vec b2 = VEC_INIT(th_bucket);
    th_buckets(&h2, &b2);
    assert_int_equal(b2.len, 5004);
    assert_int_equal(VEC_AT(&b2, th_bucket, 2).count, 12);
    vec_free(&b), vec_free(&b2), vec_free(&hours);
    th_free(&h), th_free(&h2);
}

static void histogram_is_bounded(void **state) {
    (void)state;
    timehist h;
    th_init(&h);
    for (uint32_t i = 0; i < TH_MAX_BUCKETS + 1000; i++) th_add(&h, (int64_t)i * 60000 * 7, 1);
    th_add(&h, 0, 5); /* an existing minute still counts */
    assert_int_equal(h.len, TH_MAX_BUCKETS);
    assert_int_equal(h.dropped, 1000);
    assert_int_equal(h.records, TH_MAX_BUCKETS + 1005);
    th_free(&h);
}

static void table(void **state) {
    (void)state;
    ttable t;
    tt_init(&t, 3);
    tt_align_right(&t, 1);
    tt_cell(&t, "名前");
    tt_cell(&t, "n");
    tt_cell(&t, "last");
    tt_cell(&t, "ab");
    tt_cellf(&t, "%d", 12345);
    tt_cell(&t, "bad\x1b[31m\n");
    FILE *f = tmpfile();
    tt_print(&t, f, 1);
    rewind(f);
    char out[256] = {0};
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    fclose(f);
    /* widths in columns: 名前 is 4 wide; control characters are replaced */
    assert_string_equal(out, " 名前      n  last\n ab    12345  bad?[31m?\n");
    tt_free(&t);
    char c[32];
    assert_string_equal(fmt_count(0, c), "0");
    assert_string_equal(fmt_count(999, c), "999");
    assert_string_equal(fmt_count(1000, c), "1,000");
    assert_string_equal(fmt_count(1234567890, c), "1,234,567,890");
}

static void coverage_aggregate(void **state) {
    (void)state;
    /* two overlapping sources given out of order: the combined view is the
     * sum, its first/last span both, and the hole between them (busy on
     * both sides) is a gap of all sources, while neither source has one */
    display_zone_set("UTC");
    coverage c;
    coverage_init(&c, NULL);
    source s1 = {.id = 0, .path = "b", .name = "b"}, s2 = {.id = 1, .path = "a", .name = "a"};
    int64_t t0 = 1431216000000LL; /* 2015-05-10T00:00Z */
    event ev = {.kind = EV_HTTP};
    for (int m = 240; m < 600; m++)
        for (int k = 0; k < 20; k++) ev.time_ms = t0 + m * 60000LL + k, coverage_add_event(&c, &ev);
    ingest_stats st = {.src = &s1, .opened = true, .records = 7200, .first_ms = t0 + 240 * 60000LL,
                       .last_ms = t0 + 599 * 60000LL};
    coverage_end_source(&c, &st);
    for (int m = 0; m < 120; m++)
        for (int k = 0; k < 20; k++) ev.time_ms = t0 + m * 60000LL, coverage_add_event(&c, &ev);
    ingest_stats st2 = {.src = &s2, .opened = true, .read_error = true, .records = 2400, .unparsed = 3,
                        .first_ms = t0, .last_ms = t0 + 119 * 60000LL};
    coverage_end_source(&c, &st2);
    coverage_finish(&c);
    assert_int_equal(coverage_count(&c), 2);
    assert_int_equal(c.records, 9600);
    assert_int_equal(c.unparsed, 3);
    assert_int_equal(c.failed, 1);
    assert_int_equal(c.first_ms, t0);
    assert_int_equal(c.last_ms, t0 + 599 * 60000LL);
    assert_int_equal(coverage_at(&c, 0)->gaps.len, 0);
    assert_int_equal(coverage_at(&c, 1)->gaps.len, 0);
    assert_int_equal(c.gaps.len, 1);
    assert_int_equal(VEC_AT(&c.gaps, gap, 0).start_ms, t0 + 120 * 60000LL);
    assert_int_equal(VEC_AT(&c.gaps, gap, 0).end_ms, t0 + 240 * 60000LL);
    vec hours = VEC_INIT(th_bucket);
    assert_int_equal(coverage_hours(&c, &hours), 8);
    assert_int_equal(VEC_AT(&hours, th_bucket, 0).count, 1200);
    vec_free(&hours);
    coverage_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(histogram),
        cmocka_unit_test(histogram_is_bounded),
        cmocka_unit_test(table),
        cmocka_unit_test(coverage_aggregate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
