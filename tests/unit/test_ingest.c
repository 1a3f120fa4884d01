/* test_ingest.c - per-source counts from the ingest pipeline: records,
 * unparsed lines with their first line numbers and offsets, skipped and
 * too-long lines, first/last time, read errors, unknown formats, sources
 * that vanish before they are read, and stopping early. */
#include "core/diag.h"
#include "core/mtime.h"
#include "io/ingest.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

#define MAX_STATS 8

typedef struct seen {
    ingest_stats st[MAX_STATS];
    size_t n;
    uint64_t events, stop_after;
    uint64_t last_offset, last_line;
} seen;

static int on_event(const event *ev, void *p) {
    seen *s = p;
    s->events++;
    s->last_offset = ev->offset;
    s->last_line = ev->line;
    assert_non_null(ev->src);
    return s->stop_after && s->events >= s->stop_after;
}

static void on_source(const ingest_stats *st, void *p) {
    seen *s = p;
    assert_true(s->n < MAX_STATS);
    s->st[s->n++] = *st;
}

static void run(const char *const *paths, size_t n, const ingest_options *opts, seen *s, ingest_result *res) {
    source_list l;
    sources_init(&l);
    for (size_t i = 0; i < n; i++)
        sources_add(&l, tu_path(paths[i]));
    sources_finish(&l);
    memset(s->st, 0, sizeof s->st);
    s->n = 0;
    s->events = 0;
    assert_int_equal(ingest_run(&l, opts, on_event, on_source, s, res), 0);
    sources_free(&l);
}

#define GOOD1                                                                                                          \
    "1432112640.123    467 10.1.2.15 TCP_MISS/200 1234 GET http://www.example.com/ - HIER_DIRECT/93.184.216.34 "       \
    "text/html\n"
#define GOOD2 "1432112580.000     12 10.1.2.15 TCP_DENIED/403 3980 GET http://c2.example.net/ - HIER_NONE/- text/html\n"
#define GOOD3                                                                                                          \
    "1432116000.500    803 10.1.2.16 TCP_TUNNEL/200 5120 CONNECT www.example.org:443 - HIER_DIRECT/203.0.113.7 -\n"
#define BAD "this line is not a squid record at all\n"

static void counts_and_samples(void **state) {
    (void)state;
    buf b = {0};
    buf_puts(&b, GOOD1);             /* line 1 */
    buf_puts(&b, "# a comment\n\n"); /* 2, 3: skipped */
    uint64_t bad_off = b.len;
    buf_puts(&b, BAD);   /* 4 */
    buf_puts(&b, GOOD2); /* 5: earlier time than line 1 */
    uint64_t long_off = b.len;
    for (int i = 0; i < 2000; i++)
        buf_putc(&b, 'x');
    buf_putc(&b, '\n');                             /* 6: too long for --max-line 1000 */
    buf_puts(&b, GOOD3);                            /* 7: latest */
    buf_put(&b, "1432116000.5 1 \0\xff bad\n", 22); /* 8: NUL and invalid UTF-8 */
    tu_write("mixed.log", b.p, b.len);
    ingest_options o = {.max_line = 1000};
    seen s = {0};
    ingest_result res;
    run((const char *[]){"mixed.log"}, 1, &o, &s, &res);
    assert_int_equal(s.n, 1);
    ingest_stats *st = &s.st[0];
    assert_true(st->opened);
    assert_false(st->read_error);
    assert_string_equal(st->fmt->name, "squid");
    assert_int_equal(st->codec, CODEC_PLAIN);
    assert_int_equal(st->records, 3);
    assert_int_equal(st->skipped, 2);
    assert_int_equal(st->unparsed, 3); /* the bad line, the long one, the NUL one */
    assert_int_equal(st->too_long, 1);
    assert_int_equal(st->bad_count, 3);
    assert_int_equal(st->bad_lines[0], 4);
    assert_int_equal(st->bad_offsets[0], bad_off);
    assert_int_equal(st->bad_lines[1], 6);
    assert_int_equal(st->bad_offsets[1], long_off);
    assert_int_equal(st->bad_lines[2], 8);
    assert_int_equal(st->first_ms, 1432112580000LL);
    assert_int_equal(st->last_ms, 1432116000500LL);
    assert_int_equal(st->bytes, b.len);
    assert_int_equal(res.records, 3);
    assert_int_equal(res.unparsed, 3);
    assert_int_equal(res.sources_failed, 0);
    assert_int_equal(s.events, 3);
    assert_int_equal(s.last_line, 7);
    buf_free(&b);
}

static void samples_are_bounded(void **state) {
    (void)state;
    buf b = {0};
    buf_puts(&b, GOOD1);
    for (int i = 0; i < 50; i++)
        buf_puts(&b, BAD);
    tu_write("bad.log", b.p, b.len);
    ingest_options o = {.format_name = "squid"};
    seen s = {0};
    ingest_result res;
    diag_set_level(DIAG_QUIET);
    run((const char *[]){"bad.log"}, 1, &o, &s, &res);
    diag_set_level(DIAG_NORMAL);
    assert_int_equal(s.st[0].unparsed, 50);
    assert_int_equal(s.st[0].bad_count, INGEST_BAD_SAMPLES);
    assert_int_equal(s.st[0].bad_lines[INGEST_BAD_SAMPLES - 1], INGEST_BAD_SAMPLES + 1);
    buf_free(&b);
}

static void truncated_gzip_keeps_what_came_before(void **state) {
    (void)state;
    buf text = {0}, gz = {0};
    for (int i = 0; i < 50000; i++)
        buf_printf(&text,
                   "%d.%03d %5d 10.0.%d.%d TCP_MISS/200 %d GET http://host%d.example/path/%d - HIER_DIRECT/1.2.3.4 "
                   "text/html\n",
                   1432112640 + i, i % 1000, i % 999, i % 7, i % 250, i * 13 % 9999, i % 97, i);
    tu_gzip(&gz, text.p, text.len);
    tu_write("cut.log.gz", gz.p, gz.len / 2);
    ingest_options o = {0};
    seen s = {0};
    ingest_result res;
    run((const char *[]){"cut.log.gz"}, 1, &o, &s, &res);
    ingest_stats *st = &s.st[0];
    assert_true(st->opened);
    assert_true(st->read_error);
    assert_int_equal(st->codec, CODEC_GZIP);
    assert_non_null(strstr(st->error, "truncated gzip"));
    assert_non_null(strstr(st->error, "byte"));
    assert_true(st->records > 10000 && st->records < 50000);
    assert_int_equal(st->unparsed, 0); /* the cut line is not parsed half */
    assert_int_equal(res.sources_failed, 1);
    buf_free(&text), buf_free(&gz);
}

static void unknown_format_empty_and_vanished(void **state) {
    (void)state;
    tu_write("prose.txt", "Dear reader,\nthis is a letter.\n\nBye.\n", 37);
    tu_write("empty.log", "", 0);
    tu_write("gone.log", GOOD1, sizeof GOOD1 - 1);
    source_list l;
    sources_init(&l);
    sources_add(&l, tu_path("prose.txt"));
    sources_add(&l, tu_path("empty.log"));
    sources_add(&l, tu_path("gone.log"));
    sources_finish(&l);
    unlink(tu_path("gone.log")); /* listed, then gone before it is read */
    seen s = {0};
    ingest_result res;
    ingest_options o = {0};
    assert_int_equal(ingest_run(&l, &o, on_event, on_source, &s, &res), 0);
    assert_int_equal(s.n, 3);
    assert_null(s.st[0].fmt);
    assert_int_equal(s.st[0].unparsed, 3);
    assert_int_equal(s.st[0].skipped, 1);
    assert_int_equal(s.st[0].bad_lines[0], 1);
    assert_null(s.st[1].fmt);
    assert_true(s.st[1].opened);
    assert_int_equal(s.st[1].records + s.st[1].unparsed + s.st[1].skipped, 0);
    assert_int_equal(s.st[1].first_ms, MTIME_NONE);
    assert_false(s.st[2].opened);
    assert_non_null(strstr(s.st[2].error, "No such file"));
    assert_int_equal(res.sources_failed, 1);
    sources_free(&l);
    /* an unknown --format name reads nothing */
    o.format_name = "no-such-format";
    sources_init(&l);
    sources_add(&l, tu_path("prose.txt"));
    sources_finish(&l);
    assert_int_equal(ingest_run(&l, &o, on_event, on_source, &s, &res), -1);
    sources_free(&l);
}

static void forced_format_and_stop(void **state) {
    (void)state;
    buf b = {0};
    for (int i = 0; i < 10; i++)
        buf_puts(&b, GOOD1);
    tu_write("ten.log", b.p, b.len);
    tu_write("ten2.log", b.p, b.len);
    ingest_options o = {.format_name = "squid"};
    seen s = {.stop_after = 4};
    ingest_result res;
    run((const char *[]){"ten.log", "ten2.log"}, 2, &o, &s, &res);
    assert_true(res.stopped);
    assert_int_equal(s.events, 4);
    assert_int_equal(s.n, 1); /* the second source was never started */
    assert_int_equal(s.last_offset, 3 * (sizeof GOOD1 - 1));
    buf_free(&b);
}

int main(void) {
    tu_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_and_samples),
        cmocka_unit_test(samples_are_bounded),
        cmocka_unit_test(truncated_gzip_keeps_what_came_before),
        cmocka_unit_test(unknown_format_empty_and_vanished),
        cmocka_unit_test(forced_format_and_stop),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
