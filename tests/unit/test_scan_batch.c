/* test_scan_batch.c - the scan keeps records back in batches (scan.c), so it
 * must copy what it keeps: a parser's views die with the next line.
 *
 * The same records are scanned twice: once from lines that stay in memory,
 * once from one line buffer that is overwritten as soon as scan_event
 * returns (as the line reader does). Both scans must end with the same
 * terminals, destinations, pairs, counters and findings. Three kinds of
 * event are used: parsed Squid lines (every string inside event.raw: the
 * line is copied whole), the same with raw unset, and hand-made events
 * whose strings live in separate buffers (copied string by string). The
 * record counts are chosen to leave a partial batch for scan_finish. Also
 * the intern table's hashed and prefetch calls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "core/intern.h"
#include "detect/scan.h"
#include "formats/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORDS 1000 /* not a multiple of SCAN_BATCH */

static config cfg;

/* Line i of a small proxy log: 37 terminals, 53 destinations, a beacon. */
static void make_line(int i, char *out, size_t cap) {
    int term = i % 37, dest = (i * 7) % 53;
    if (i % 5 == 0) term = 3, dest = 99; /* terminal 3 beacons to c2 every 5th record */
    snprintf(out, cap,
             "%d.%03d %5d 10.1.0.%d TCP_MISS/%d %d %s http://%s%d.example/p%d?q=%d - HIER_DIRECT/198.51.100.%d "
             "text/html \"-\" \"agent/%d\" %d",
             1431043200 + i * 61, i % 1000, 100 + i % 900, term, i % 11 ? 200 : 404, 300 + i * 13 % 7000,
             i % 9 ? "GET" : "POST", dest == 99 ? "c2-" : "www", dest, i, i % 4, dest % 250, term % 3,
             200 + i % 50);
}

typedef enum { FROM_LINE, FROM_LINE_NO_RAW, HAND_MADE } origin;

/* Fills `ev` for record i; strings point into `line` (and `parts` for
 * hand-made events). */
static void make_event(int i, origin how, char *line, size_t cap, char parts[4][64], event *ev) {
    memset(ev, 0, sizeof *ev);
    if (how == HAND_MADE) {
        http_event *h = &ev->u.http;
        http_event_clear(h);
        ev->kind = EV_HTTP;
        ev->time_ms = (1431043200 + (int64_t)i * 61) * 1000;
        snprintf(parts[0], 64, "10.1.0.%d", i % 37);
        snprintf(parts[1], 64, "www%d.example", (i * 7) % 53);
        snprintf(parts[2], 64, "agent/%d", i % 3);
        snprintf(parts[3], 64, "%s", i % 9 ? "GET" : "POST");
        h->client = sv_cstr(parts[0]);
        ip_parse(h->client, &h->client_ip);
        h->host = sv_cstr(parts[1]);
        h->user_agent = sv_cstr(parts[2]);
        h->method = sv_cstr(parts[3]);
        h->scheme = SV("http");
        h->port = 80;
        h->status = 200;
        h->result = PR_ALLOWED;
        h->bytes_out = 300 + i % 50;
        h->bytes_in = 5000;
        return;
    }
    make_line(i, line, cap);
    const format *f = format_find("squid");
    const char *why = NULL;
    ev->raw = how == FROM_LINE ? sv_cstr(line) : SV_NULL;
    assert_int_equal(f->parse((void *)1, sv_cstr(line), ev, &why), PARSE_OK);
}

static void scan_all(scan_engine *s, origin how, bool clobber) {
    char err[200];
    assert_true(scan_init(s, &cfg, NULL, err, sizeof err));
    static char lines[RECORDS][400], parts[RECORDS][4][64];
    for (int i = 0; i < RECORDS; i++) {
        int k = clobber ? 0 : i;
        event ev;
        make_event(i, how, lines[k], sizeof lines[k], parts[k], &ev);
        scan_event(s, &ev);
        if (clobber) { /* the reader moves on: the old text is gone */
            memset(lines[0], 'X', sizeof lines[0]);
            memset(parts[0], 'Y', sizeof parts[0]);
        }
    }
    scan_finish(s);
}

static void assert_same_scan(const scan_engine *a, const scan_engine *b) {
    const observe *x = &a->obs, *y = &b->obs;
    assert_int_equal(x->records, y->records);
    assert_int_equal(x->skipped, y->skipped);
    assert_int_equal(x->nterms, y->nterms);
    assert_int_equal(x->ndests, y->ndests);
    assert_int_equal(x->npairs, y->npairs);
    assert_int_equal(x->nuas, y->nuas);
    for (uint32_t i = 0; i < x->nterms; i++) {
        assert_true(sv_eq(obs_term_name(x, i), obs_term_name(y, i)));
        assert_memory_equal(&x->terms[i], &y->terms[i], sizeof x->terms[i]);
    }
    for (uint32_t i = 0; i < x->ndests; i++) {
        assert_true(sv_eq(obs_dest_name(x, i), obs_dest_name(y, i)));
        assert_memory_equal(&x->dests[i], &y->dests[i], sizeof x->dests[i]);
    }
    for (uint32_t i = 0; i < x->npairs; i++) assert_memory_equal(&x->pairs[i], &y->pairs[i], sizeof x->pairs[i]);
    for (uint32_t i = 0; i < x->nuas; i++) assert_true(sv_eq(obs_ua_name(x, i), obs_ua_name(y, i)));
    assert_int_equal(finding_count(&a->findings), finding_count(&b->findings));
    assert_int_equal(a->result.dests.len, b->result.dests.len);
}

static void copies_survive_the_reader(origin how) {
    scan_engine kept, clobbered;
    scan_all(&kept, how, false);
    scan_all(&clobbered, how, true);
    assert_int_equal(kept.obs.records, RECORDS);
    assert_true(kept.obs.ndests >= 50);
    assert_same_scan(&kept, &clobbered);
    /* the names are the logged ones, not the overwritten bytes */
    for (uint32_t i = 0; i < clobbered.obs.ndests; i++) assert_null(memchr(obs_dest_name(&clobbered.obs, i).p, 'X', obs_dest_name(&clobbered.obs, i).n));
    scan_free(&kept);
    scan_free(&clobbered);
}

static void squid_lines_copied_whole(void **unused) {
    (void)unused;
    copies_survive_the_reader(FROM_LINE);
}

static void squid_lines_without_raw(void **unused) {
    (void)unused;
    copies_survive_the_reader(FROM_LINE_NO_RAW);
}

static void hand_made_events(void **unused) {
    (void)unused;
    copies_survive_the_reader(HAND_MADE);
}

/* Whole-line copies and field-by-field copies give the same scan. */
static void both_copies_agree(void **unused) {
    (void)unused;
    scan_engine a, b;
    scan_all(&a, FROM_LINE, true);
    scan_all(&b, FROM_LINE_NO_RAW, true);
    assert_same_scan(&a, &b);
    scan_free(&a);
    scan_free(&b);
}

/* scan_flush observes the records kept back: the tables then count them all. */
static void flush_observes_what_is_kept_back(void **unused) {
    (void)unused;
    scan_engine s;
    char err[200], line[400], parts[4][64];
    assert_true(scan_init(&s, &cfg, NULL, err, sizeof err));
    for (int i = 0; i < SCAN_BATCH + 5; i++) {
        event ev;
        make_event(i, FROM_LINE, line, sizeof line, parts, &ev);
        scan_event(&s, &ev);
    }
    assert_int_equal(s.obs.records, SCAN_BATCH); /* one batch observed, five records kept back */
    scan_flush(&s);
    assert_int_equal(s.obs.records, SCAN_BATCH + 5);
    scan_finish(&s);
    assert_int_equal(s.obs.records, SCAN_BATCH + 5);
    scan_free(&s);
}

/* A line much longer than its fields is not copied whole (a hostile 1 MiB
 * line must not make every batch slot that large), and gives the same scan. */
static void long_lines_copy_only_their_fields(void **unused) {
    (void)unused;
    scan_engine a, b;
    char err[200];
    static char line[200000], plain[400];
    assert_true(scan_init(&a, &cfg, NULL, err, sizeof err));
    assert_true(scan_init(&b, &cfg, NULL, err, sizeof err));
    const format *f = format_find("squid");
    for (int i = 0; i < SCAN_BATCH * 2; i++) {
        make_line(i, plain, sizeof plain);
        size_t n = strlen(plain);
        memcpy(line, plain, n);
        memset(line + n, ' ', sizeof line - n - 1); /* trailing blanks: the same record */
        line[sizeof line - 1] = 0;
        event e1, e2;
        const char *why;
        memset(&e1, 0, sizeof e1);
        memset(&e2, 0, sizeof e2);
        e1.raw = sv_make(line, sizeof line - 1);
        assert_int_equal(f->parse((void *)1, e1.raw, &e1, &why), PARSE_OK);
        e2.raw = sv_cstr(plain);
        assert_int_equal(f->parse((void *)1, e2.raw, &e2, &why), PARSE_OK);
        scan_event(&a, &e1);
        scan_event(&b, &e2);
        memset(line, 'X', sizeof line - 1);
    }
    for (int i = 0; i < SCAN_BATCH; i++) assert_true(a.batch[i].cap < 4096);
    scan_finish(&a);
    scan_finish(&b);
    assert_same_scan(&a, &b);
    scan_free(&a);
    scan_free(&b);
}

/* scan_free without scan_finish drops a partial batch without leaking. */
static void free_with_records_pending(void **unused) {
    (void)unused;
    scan_engine s;
    char err[200], line[400], parts[4][64];
    assert_true(scan_init(&s, &cfg, NULL, err, sizeof err));
    for (int i = 0; i < SCAN_BATCH / 2; i++) {
        event ev;
        make_event(i, FROM_LINE, line, sizeof line, parts, &ev);
        scan_event(&s, &ev);
    }
    scan_free(&s);
}

/* A scan that skips the hourly cells (no store, no report) ends with the
 * same tables, findings and incomplete marks, and keeps no cells. */
static void skipping_hourly_cells_changes_nothing_else(void **unused) {
    (void)unused;
    uint32_t saved = cfg.scan.hourly_max_terminals;
    cfg.scan.hourly_max_terminals = 5; /* so that some destinations are marked incomplete */
    scan_engine full, marks;
    char err[200], line[400], parts[4][64];
    assert_true(scan_init(&full, &cfg, NULL, err, sizeof err));
    assert_true(scan_init(&marks, &cfg, NULL, err, sizeof err));
    scan_skip_cells(&marks);
    for (int i = 0; i < RECORDS; i++) {
        event ev;
        make_event(i, FROM_LINE, line, sizeof line, parts, &ev);
        scan_event(&full, &ev);
        scan_event(&marks, &ev);
    }
    scan_finish(&full);
    scan_finish(&marks);
    assert_same_scan(&full, &marks);
    unsigned incomplete = 0;
    for (uint32_t d = 0; d < full.obs.ndests; d++) {
        assert_int_equal(cells_incomplete(&full.cells, d), cells_incomplete(&marks.cells, d));
        incomplete += cells_incomplete(&full.cells, d);
    }
    assert_true(incomplete > 0);
    assert_true(full.cells.closed > 0);
    assert_int_equal(marks.cells.closed, 0);
    assert_int_equal(marks.cells.open.len, 0);
    scan_free(&full);
    scan_free(&marks);
    cfg.scan.hourly_max_terminals = saved;
}

static void intern_hashed_calls(void **unused) {
    (void)unused;
    intern a, b;
    intern_init(&a);
    intern_init(&b);
    intern_prefetch_slot(&a, 42); /* on an empty table: nothing to fetch, no harm */
    intern_prefetch_text(&a, 42);
    assert_int_equal(intern_get_hashed(&a, SV("x"), intern_hash(SV("x"))), INTERN_NONE);
    char name[32];
    for (int i = 0; i < 5000; i++) {
        snprintf(name, sizeof name, "host%d.example", i);
        sv s = sv_cstr(name);
        uint32_t h = intern_hash(s);
        intern_prefetch_slot(&b, h);
        intern_prefetch_text(&b, h);
        bool c1, c2;
        assert_int_equal(intern_put(&a, s, &c1), intern_put_hashed(&b, s, h, &c2));
        assert_true(c1 && c2);
    }
    for (int i = 0; i < 5000; i += 7) {
        snprintf(name, sizeof name, "host%d.example", i);
        sv s = sv_cstr(name);
        assert_int_equal(intern_get_hashed(&b, s, intern_hash(s)), (uint32_t)i);
        assert_int_equal(intern_get(&a, s), (uint32_t)i);
    }
    intern_free(&a);
    intern_free(&b);
}

static int setup(void **state) {
    (void)state;
    config_defaults(&cfg);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    config_free(&cfg);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(squid_lines_copied_whole), cmocka_unit_test(squid_lines_without_raw),
        cmocka_unit_test(hand_made_events),        cmocka_unit_test(both_copies_agree),
        cmocka_unit_test(free_with_records_pending), cmocka_unit_test(intern_hashed_calls),
        cmocka_unit_test(skipping_hourly_cells_changes_nothing_else),
        cmocka_unit_test(flush_observes_what_is_kept_back), cmocka_unit_test(long_lines_copy_only_their_fields),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
