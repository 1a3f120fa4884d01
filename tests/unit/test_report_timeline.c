/* test_report_timeline.c - the terminal x time matrix and its chart, built
 * from small stores written in SQL (schema v1, tests/fixtures/report; the
 * 10-minute tests migrate them to the current schema and add cells10). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mtime.h"
#include "core/lang.h"
#include "report/chart.h"
#include "report/model.h"
#include "report/timeline.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR 3600000LL
/* 2015-05-07 15:00 UTC = 2015-05-08 00:00 JST */
#define T0 1431010800000LL

static char *read_fixture(const char *name) {
    char path[1024];
    snprintf(path, sizeof path, "%s/report/%s", getenv("FIXTURES"), name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

/* An in-memory store: schema v1 plus `data`. */
static sqlite3 *store_with(const char *data) {
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    char *schema = read_fixture("schema-v1.sql"), *err = NULL;
    assert_int_equal(sqlite3_exec(db, schema, NULL, NULL, &err), SQLITE_OK);
    free(schema);
    if (sqlite3_exec(db, data, NULL, NULL, &err) != SQLITE_OK) fail_msg("%s", err);
    return db;
}

/* Two terminals over two JST days. T1 reaches D1 for five hours and D2 once,
 * in the same hour as D1; T2 never gets through. */
static const char small_store[] =
    "INSERT INTO sources VALUES (1,'p.log','squid','plain',100,0,0,1431010800000,1431183599000,NULL);"
    "INSERT INTO gaps VALUES (1,NULL,1431082860000,1431097080000);" /* 05-08 11:01-14:58 UTC */
    "INSERT INTO coverage_hours VALUES (1431010800000,10),(1431046800000,20),(1431050400000,0);"
    "INSERT INTO destinations (id,name,score,severity,suspicious,first_ms) VALUES"
    " (1,'d1.example',90,'high',1,1431046800000),(2,'d2.example',80,'high',1,1431050400000),"
    " (3,'benign.example',5,'info',0,1431010800000);"
    "INSERT INTO terminals (id,name,first_ms,last_ms,success) VALUES"
    " (7,'t2',1431115200000,1431133200000,0),(5,'t1',1431046860000,1431064000000,1);"
    "INSERT INTO hourly VALUES"
    " (5,1,1431046800000,3,3,0,30,300),(5,1,1431050400000,4,4,0,40,400),(5,2,1431050400000,2,2,0,20,200),"
    " (5,1,1431054000000,5,5,0,50,500),(5,1,1431057600000,6,5,1,60,600),(5,1,1431061200000,7,7,0,70,700),"
    " (7,2,1431115200000,3,0,3,9,0),(7,1,1431133200000,3,0,3,9,0),(7,9,1431133200000,1,1,0,1,1);";

static void load(sqlite3 *db, report_model *m) {
    char err[256];
    if (!report_model_load(db, m, err, sizeof err)) fail_msg("%s", err);
}

static void test_model_order_and_colours(void **state) {
    (void)state;
    sqlite3 *db = store_with(small_store);
    report_model m;
    load(db, &m);
    assert_int_equal(m.terminals.len, 2);
    assert_true(sv_eq_cstr(RM_TERM(&m, 0).name, "t1")); /* earliest first suspicious time first */
    assert_true(sv_eq_cstr(RM_TERM(&m, 1).name, "t2"));
    assert_int_equal(m.cells.len, 8);                   /* the cell naming terminal 9... */
    assert_int_equal(m.cells_orphaned, 1);              /* ...is counted, not drawn */
    /* colours go to destinations that got through, in first-time order */
    assert_int_equal(m.colours, 2);
    assert_true(sv_eq_cstr(RM_DEST(&m, 0).name, "benign.example"));
    assert_int_equal(RM_DEST(&m, 0).colour, -1);
    assert_int_equal(RM_DEST(&m, 1).colour, 0);
    assert_int_equal(RM_DEST(&m, 2).colour, 1);
    assert_int_equal(m.gaps.len, 1);
    assert_int_equal(RM_GAP(&m, 0).source, -1);
    report_model_free(&m);
    sqlite3_close(db);
}

static void test_hour_and_day_columns(void **state) {
    (void)state;
    display_zone_set("JST");
    sqlite3 *db = store_with(small_store);
    report_model m;
    load(db, &m);
    char err[256];
    timeline t;
    assert_int_equal(timeline_auto_bucket(&m), BUCKET_HOUR);
    assert_true(timeline_build(&m, BUCKET_AUTO, &t, err, sizeof err));
    assert_int_equal(t.bucket, BUCKET_HOUR);
    assert_int_equal(t.ncols, 48);
    assert_int_equal(t.col_start[0], T0);
    assert_int_equal(t.col_start[48], T0 + 48 * HOUR);
    assert_int_equal(t.ncells, 8);
    assert_int_equal(t.row_start[1], 6); /* t1 has 6 cells (5 hours, one with two destinations) */
    assert_int_equal(t.cells[0].col, 10);
    assert_int_equal(t.records[0], 10);
    assert_int_equal(t.records[10], 20);
    assert_int_equal(t.records[11], 0);
    assert_int_equal(timeline_col_of(&t, T0 + 10 * HOUR + 5), 10);
    assert_int_equal(timeline_col_of(&t, T0 - 1), 48);
    double x = timeline_x_of(&t, 1431082860000LL); /* 11:01 UTC on 05-08 */
    assert_true(x > 20.016 && x < 20.017);
    timeline_free(&t);

    assert_true(timeline_build(&m, BUCKET_DAY, &t, err, sizeof err));
    assert_int_equal(t.ncols, 2);
    assert_int_equal(t.col_start[0], T0);            /* JST midnight */
    assert_int_equal(t.col_start[1], T0 + 24 * HOUR);
    assert_int_equal(t.ncells, 4);                   /* t1: D1, D2 on day 1; t2: D1, D2 on day 2 */
    assert_int_equal(t.cells[0].requests, 3 + 4 + 5 + 6 + 7);
    assert_int_equal(t.cells[0].ok, 24);
    assert_int_equal(t.cells[0].failed, 1);
    assert_int_equal(t.cells[0].bytes_out, 250);
    assert_int_equal(t.cells[2].row, 1);
    assert_int_equal(t.cells[2].col, 1);
    timeline_free(&t);

    assert_false(timeline_build(&m, BUCKET_10MIN, &t, err, sizeof err));
    assert_non_null(strstr(err, "hour"));
    report_model_free(&m);
    sqlite3_close(db);
}

static void test_day_columns_half_hour_zone(void **state) {
    (void)state;
    display_zone_set("+05:30");
    sqlite3 *db = store_with(small_store);
    report_model m;
    load(db, &m);
    char err[256];
    timeline t;
    assert_true(timeline_build(&m, BUCKET_DAY, &t, err, sizeof err));
    /* local midnight is 18:30 UTC; the hour 18:00-19:00 UTC belongs to the day it starts in */
    assert_int_equal(t.col_start[1] % (24 * HOUR), 18 * HOUR + 30 * 60000);
    assert_int_equal(timeline_col_of(&t, t.col_start[1] - 30 * 60000), 0);
    timeline_free(&t);
    report_model_free(&m);
    sqlite3_close(db);
    display_zone_set("JST");
}

static void test_broken_clock_cuts_span(void **state) {
    (void)state;
    sqlite3 *db = store_with("INSERT INTO sources VALUES (1,'bad.log','squid','plain',1,0,0,-2208988800000,"
                             "1431183599000,NULL);"
                             "INSERT INTO destinations (id,name,score,severity,suspicious) VALUES (1,'d',9,'high',1);"
                             "INSERT INTO terminals (id,name,first_ms,success) VALUES (1,'t',1431046800000,1);"
                             "INSERT INTO hourly VALUES (1,1,1431046800000,1,1,0,0,0);");
    report_model m;
    load(db, &m);
    char err[256];
    timeline t;
    assert_int_equal(timeline_auto_bucket(&m), BUCKET_DAY);
    assert_true(timeline_build(&m, BUCKET_DAY, &t, err, sizeof err));
    assert_true(t.span_cut); /* 115 years of days: only the suspicious activity is kept */
    assert_int_equal(t.ncols, 1);
    assert_int_equal(t.ncells, 1);
    timeline_free(&t);
    report_model_free(&m);
    sqlite3_close(db);
}

/* The path data of class `cls` in the cells SVG of `view`. */
static char *path_of(const char *html, const char *view, const char *cls) {
    char key[64];
    snprintf(key, sizeof key, "<svg class=\"cells\" data-view=\"%s\"", view);
    const char *svg = strstr(html, key);
    assert_non_null(svg);
    const char *end = strstr(svg, "</svg>");
    snprintf(key, sizeof key, "<path class=\"%s\" d=\"", cls);
    const char *p = strstr(svg, key);
    if (!p || p > end) return NULL;
    p += strlen(key);
    return strndup(p, (size_t)(strchr(p, '"') - p));
}

static int count_char(const char *s, char c) {
    int n = 0;
    for (; s && *s; s++) n += *s == c;
    return n;
}

static void test_chart_runs_bands_and_grey(void **state) {
    (void)state;
    display_zone_set("JST");
    lang_set("en");
    sqlite3 *db = store_with(small_store);
    report_model m;
    load(db, &m);
    chart c;
    char err[256];
    assert_true(chart_init(&c, &m, NULL, BUCKET_AUTO, NULL, err, sizeof err));
    assert_int_equal(c.initial, VIEW_HOUR);
    assert_true(c.present[VIEW_DAY]);
    assert_int_equal(c.rows, 2);
    buf b = {0};
    chart_write_html(&b, &c);
    const char *html = buf_cstr(&b);
    /* d1: col 10 alone, col 11 top band (shared with d2), cols 12-14 one run */
    char *d0 = path_of(html, "hour", "d0"), *d1 = path_of(html, "hour", "d1"), *grey = path_of(html, "hour", "fail");
    assert_string_equal(d0, "M10 .08h1v.84h-1zM11 .08h1v.42h-1zM12 .08h3v.84h-3z");
    assert_string_equal(d1, "M11 .5h1v.42h-1z");
    /* t2: two separate grey hours */
    assert_string_equal(grey, "M29 1.08h1v.84h-1zM34 1.08h1v.84h-1z");
    free(d0), free(d1), free(grey);
    /* the day view: t1 one cell in two bands, t2 one grey cell */
    d0 = path_of(html, "day", "d0");
    grey = path_of(html, "day", "fail");
    assert_int_equal(count_char(d0, 'M'), 1);
    assert_string_equal(grey, "M1 1.08h1v.84h-1z");
    free(d0), free(grey);
    /* the coverage gap is shaded and labelled */
    assert_non_null(strstr(html, "<rect class=\"nolog\" x=\"20.02\" y=\"0\" width=\"3.95\""));
    assert_non_null(strstr(html, "no logs 2015-05-08 20:01 \xe2\x80\x93 23:58 JST"));
    /* columns with no coverage records (a zero count or no row at all) are shaded too */
    assert_non_null(strstr(html, "<rect class=\"nolog\" x=\"1\" y=\"0\" width=\"9\""));
    assert_non_null(strstr(html, "<rect class=\"nolog\" x=\"11\" y=\"0\" width=\"37\""));
    assert_null(strstr(html, "<rect class=\"nolog\" x=\"10\""));
    buf_free(&b);

    jw w;
    jw_init(&w, &b);
    chart_write_data(&w, &c);
    html = buf_cstr(&b);
    assert_non_null(strstr(html, "\"terms\":[\"t1\",\"t2\"]"));
    assert_non_null(strstr(html, "\"stride\":6,\"cells\":[[10,0,3,0,30,300,1,0,4,0,40,400,0,1,2,0,20,200,"));
    buf_free(&b);
    chart_free(&c);

    assert_false(chart_init(&c, &m, NULL, BUCKET_10MIN, NULL, err, sizeof err));
    report_model_free(&m);
    sqlite3_close(db);
}

static void test_store_version_checked(void **state) {
    (void)state;
    char err[256];
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_false(store_check_version(db, err, sizeof err));
    assert_non_null(strstr(err, "not a mitsuke store"));
    char newer[64];
    snprintf(newer, sizeof newer, "PRAGMA user_version = %d", store_schema_version() + 1);
    sqlite3_exec(db, newer, NULL, NULL, NULL);
    assert_false(store_check_version(db, err, sizeof err));
    assert_non_null(strstr(err, "newer"));
    sqlite3_exec(db, "PRAGMA user_version = 1", NULL, NULL, NULL);
    report_model m;
    assert_false(report_model_load(db, &m, err, sizeof err)); /* version 1 but no tables */
    assert_non_null(strstr(err, "meta"));
    sqlite3_close(db);
}

static void test_seed004_fixture(void **state) {
    (void)state;
    char *data = read_fixture("seed004.sql");
    sqlite3 *db = store_with(data);
    free(data);
    report_model m;
    load(db, &m);
    assert_int_equal(m.terminals.len, 31);
    size_t failed_only = 0, suspicious = 0;
    for (size_t i = 0; i < m.terminals.len; i++) {
        failed_only += !RM_TERM(&m, i).success;
        if (i) assert_true(RM_TERM(&m, i - 1).first_ms <= RM_TERM(&m, i).first_ms);
    }
    for (size_t i = 0; i < m.destinations.len; i++) suspicious += RM_DEST(&m, i).suspicious;
    assert_int_equal(failed_only, 6);
    assert_int_equal(suspicious, 23);
    assert_int_equal(m.cells_orphaned, 0);
    display_zone_set("JST");
    char err[256];
    timeline t;
    assert_true(timeline_build(&m, BUCKET_AUTO, &t, err, sizeof err));
    assert_int_equal(t.bucket, BUCKET_HOUR);
    assert_int_equal(t.ncols, 27 * 24 + 21); /* 05-08 00:00 to 06-04 20:59 JST */
    assert_int_equal(t.ncells, m.cells.len);
    timeline_free(&t);
    report_model_free(&m);
    sqlite3_close(db);
}

/* A store as store_with, migrated to the current schema, plus `cells10`. */
static sqlite3 *store_with_cells10(const char *data, const char *cells10) {
    sqlite3 *db = store_with(data);
    char err[256], *msg = NULL;
    if (!store_migrate(db, err, sizeof err)) fail_msg("%s", err);
    if (sqlite3_exec(db, cells10, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s", msg);
    return db;
}

/* The small store's 10-minute cells: t1 reaches d1 at 10:00 and 10:30 JST on
 * 05-08 (columns 60 and 63) and d2 at 11:50 (column 71); t2 fails at 05:20 on
 * 05-09 (column 176). d2's 10-minute cells are incomplete. */
/* chart_init after planning and reading the 10-minute cells, as the report does. */
static void chart_from(chart *c, sqlite3 *db, report_model *m, bucket_kind bucket, int64_t focus_day) {
    tenmin_plan plan;
    char err[256];
    if (!chart_load_10min(db, m, focus_day, &plan, err, sizeof err)) fail_msg("%s", err);
    if (!chart_init(c, m, NULL, bucket, &plan, err, sizeof err)) fail_msg("%s", err);
}

static const char small_cells10[] =
    "INSERT INTO meta VALUES ('cells10_ms','600000');"
    "UPDATE destinations SET cells10_complete = 0 WHERE id = 2;"
    "INSERT INTO cells10 VALUES (5,1,1431046800000,2,2,0,20,200),(5,1,1431048600000,1,1,0,10,100),"
    " (5,2,1431053400000,2,2,0,20,200),(7,2,1431116400000,3,0,3,9,0);";

static void test_10min_columns(void **state) {
    (void)state;
    display_zone_set("JST");
    sqlite3 *db = store_with_cells10(small_store, small_cells10);
    report_model m;
    load(db, &m);
    assert_int_equal(m.cells10_ms, 600000);
    assert_int_equal(m.cells10.len, 0); /* read on demand */
    char err[256];
    assert_true(report_model_load_cells10(db, &m, MTIME_NONE, MTIME_NONE, err, sizeof err));
    assert_int_equal(m.cells10.len, 4);
    assert_true(RM_DEST(&m, 1).cells10_complete);
    assert_false(RM_DEST(&m, 2).cells10_complete);
    timeline t;
    assert_int_equal(timeline_auto_bucket(&m), BUCKET_10MIN); /* 48 hours of logs */
    assert_true(timeline_build(&m, BUCKET_10MIN, &t, err, sizeof err));
    assert_int_equal(t.ncols, 288);
    assert_int_equal(t.col_start[0], T0);
    assert_int_equal(t.col_start[1], T0 + 600000);
    assert_int_equal(t.ncells, 4);
    assert_int_equal(t.cells[0].col, 60);
    assert_int_equal(t.cells[0].requests, 2);
    assert_int_equal(t.cells[1].col, 63);
    assert_int_equal(t.cells[2].col, 71);
    assert_int_equal(t.cells[3].row, 1);
    assert_int_equal(t.cells[3].col, 176);
    /* records are the hour's, in each of its six columns */
    assert_true(t.records_hourly);
    for (int c = 0; c < 6; c++) assert_int_equal(t.records[c], 10);
    for (int c = 60; c < 66; c++) assert_int_equal(t.records[c], 20);
    assert_int_equal(t.records[66], 0);
    timeline_free(&t);
    /* a window: the second day only */
    assert_true(timeline_build_window(&m, BUCKET_10MIN, T0 + 24 * HOUR, T0 + 48 * HOUR, &t, err, sizeof err));
    assert_int_equal(t.ncols, 144);
    assert_int_equal(t.ncells, 1);
    assert_int_equal(t.cells[0].col, 176 - 144);
    assert_int_equal(t.cells_outside, 3);
    timeline_free(&t);
    report_model_free(&m);
    sqlite3_close(db);
}

static void test_10min_chart(void **state) {
    (void)state;
    display_zone_set("JST");
    lang_set("en");
    sqlite3 *db = store_with_cells10(small_store, small_cells10);
    report_model m;
    load(db, &m);
    chart c;
    chart_from(&c, db, &m, BUCKET_AUTO, MTIME_NONE);
    assert_int_equal(c.initial, VIEW_10MIN);
    assert_true(c.present[VIEW_10MIN] && c.present[VIEW_HOUR] && c.present[VIEW_DAY]);
    assert_false(c.tenmin_window);
    assert_int_equal(c.tenmin_focus, 0); /* one terminal first seen each day: the first day */
    buf b = {0};
    chart_write_html(&b, &c);
    const char *html = buf_cstr(&b);
    assert_non_null(strstr(html, "<button type=\"button\" data-view=\"10min\" aria-pressed=\"true\">10 min</button>"
                                 "<button type=\"button\" data-view=\"hour\" aria-pressed=\"false\">1 hour</button>"));
    char *d0 = path_of(html, "10min", "d0"), *d1 = path_of(html, "10min", "d1"), *grey = path_of(html, "10min", "fail");
    assert_string_equal(d0, "M60 .08h1v.84h-1zM63 .08h1v.84h-1z");
    assert_string_equal(d1, "M71 .08h1v.84h-1z");
    assert_string_equal(grey, "M176 1.08h1v.84h-1z");
    free(d0), free(d1), free(grey);
    /* the hour and day views stay as they were, and a click on them zooms */
    d0 = path_of(html, "hour", "d0");
    assert_string_equal(d0, "M10 .08h1v.84h-1zM11 .08h1v.42h-1zM12 .08h3v.84h-3z");
    free(d0);
    assert_non_null(strstr(html, "<div class=\"chart zoomable\" data-view=\"hour\" hidden>"));
    assert_non_null(strstr(html, "<div class=\"chart\" data-view=\"10min\" data-focus=\"0\">"));
    assert_non_null(strstr(html, "<button type=\"button\" data-col=\"144\">05-09 (Sat)</button>"));
    assert_non_null(strstr(html, "not kept for every request to: d2.example."));
    assert_null(strstr(html, "10-minute columns cover"));
    /* hour separators in the 10-minute view; the gap shaded to the minute */
    assert_non_null(strstr(html, "<path class=\"hr\" d=\"M6 0v2M12 0v2"));
    assert_non_null(strstr(html, "<rect class=\"nolog\" x=\"120.1\" y=\"0\" width=\"23.7\""));
    buf_free(&b);
    jw w;
    jw_init(&w, &b);
    chart_write_data(&w, &c);
    html = buf_cstr(&b);
    assert_non_null(strstr(html, "\"10min\":{\"cols\":288,\"t0\":1431010800000,\"step\":600000,"
                                 "\"offsets\":[[1431010800000,540]],\"hourly\":true,\"records\":[10,"));
    assert_non_null(strstr(html, "\"cells\":[[60,0,2,0,20,200,3,0,1,0,10,100,8,1,2,0,20,200],[176,1,0,3,9,0]]"));
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

/* Sixty days of logs: the 10-minute view is a 28-day window around the day
 * most terminals were first seen, or around --day. */
static const char long_store[] =
    "INSERT INTO sources VALUES (1,'p.log','squid','plain',100,0,0,1431010800000,1436194799000,NULL);"
    "INSERT INTO destinations (id,name,score,severity,suspicious,first_ms) VALUES (1,'c2.example',90,'high',1,0);"
    "INSERT INTO terminals (id,name,first_ms,last_ms,success) VALUES"
    " (1,'early',1431874800000,1431874800000,1),"           /* day 10 */
    " (2,'a',1434466800000,1434466800000,1),(3,'b',1434470400000,1434470400000,1);" /* day 40 */
    "INSERT INTO hourly VALUES (1,1,1431874800000,1,1,0,0,0),(2,1,1434466800000,1,1,0,0,0),"
    " (3,1,1434470400000,1,1,0,0,0);"
    "INSERT INTO gaps VALUES (1,NULL,1431014400000,1431018000000);"; /* 05-08 01:00-02:00 JST */
/* The next view block's start (<div class="chart" or "chart zoomable"). */
static const char *next_view(const char *p) {
    for (p = strstr(p, "<div class=\"chart"); p; p = strstr(p + 1, "<div class=\"chart"))
        if (p[17] == '"' || p[17] == ' ') return p;
    return NULL;
}

/* The HTML of one view's block (up to the next view's). */
static char *view_of(const char *html, const char *view) {
    char key[64];
    snprintf(key, sizeof key, "data-view=\"%s\"", view);
    for (const char *p = next_view(html); p; p = next_view(p + 1)) {
        const char *gt = strchr(p, '>'), *at = strstr(p, key);
        if (!at || at > gt) continue;
        const char *end = next_view(gt);
        return strndup(p, end ? (size_t)(end - p) : strlen(p));
    }
    fail_msg("no view %s", view);
    return NULL;
}

static const char long_cells10[] =
    "INSERT INTO meta VALUES ('cells10_ms','600000');"
    "INSERT INTO cells10 VALUES (1,1,1431874800000,1,1,0,0,0),(2,1,1434466800000,1,1,0,0,0),"
    " (3,1,1434470400000,1,1,0,0,0);";

static void test_10min_window(void **state) {
    (void)state;
    display_zone_set("JST");
    lang_set("en");
    sqlite3 *db = store_with_cells10(long_store, long_cells10);
    report_model m;
    load(db, &m);
    chart c;
    chart_from(&c, db, &m, BUCKET_AUTO, MTIME_NONE);
    assert_int_equal(c.initial, VIEW_HOUR);
    assert_true(c.present[VIEW_10MIN]);
    assert_true(c.tenmin_window);
    const timeline *t = &c.views[VIEW_10MIN];
    int64_t day0 = display_day_of(T0);
    assert_int_equal(t->ncols, CHART_10MIN_MAX_COLS);
    assert_int_equal(display_day_of(t->col_start[0]), day0 + 27); /* days 27-54 around day 40 */
    assert_int_equal(c.tenmin_focus, 13 * 144);
    assert_int_equal(t->ncells, 2);
    buf b = {0};
    chart_write_html(&b, &c);
    assert_non_null(strstr(buf_cstr(&b), "10-minute columns cover 2015-06-04 00:00 \xe2\x80\x93 2015-07-02 00:00 JST only"));
    char *ten = view_of(buf_cstr(&b), "10min"), *hour = view_of(buf_cstr(&b), "hour");
    assert_null(strstr(ten, "no logs")); /* the gap is outside the window: no label, no shade */
    assert_null(strstr(ten, "class=\"nolog\""));
    assert_non_null(strstr(hour, "no logs 2015-05-08 01:00"));
    free(ten), free(hour);
    buf_free(&b);
    chart_free(&c);

    chart_from(&c, db, &m, BUCKET_10MIN, day0 + 10);
    assert_int_equal(c.initial, VIEW_10MIN);
    t = &c.views[VIEW_10MIN];
    assert_int_equal(display_day_of(t->col_start[0]), day0); /* days 0-27 */
    assert_int_equal(t->ncols, CHART_10MIN_MAX_COLS);
    assert_int_equal(c.tenmin_focus, 10 * 144);
    assert_int_equal(t->ncells, 1);
    chart_write_html(&b, &c);
    ten = view_of(buf_cstr(&b), "10min");
    assert_non_null(strstr(ten, "no logs 2015-05-08 01:00"));
    assert_non_null(strstr(ten, "<rect class=\"nolog\" x=\"6\" y=\"0\" width=\"6\""));
    free(ten);
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

/* 800 terminals active all day: 115,200 10-minute cells, more than a page
 * holds, so the window is the hours around the busiest (all equal: the first)
 * that fit: 12 hours of 4,800 cells. */
static void test_10min_hours(void **state) {
    (void)state;
    display_zone_set("JST");
    lang_set("en");
    sqlite3 *db = store_with_cells10(
        "INSERT INTO sources VALUES (1,'p.log','squid','plain',100,0,0,1431010800000,1431097199000,NULL);"
        "INSERT INTO destinations (id,name,score,severity,suspicious,first_ms) VALUES (1,'c2.example',90,'high',1,0);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 800)"
        " INSERT INTO terminals (id,name,first_ms,last_ms,success) SELECT i, 't' || i, 1431010800000, 0, 1 FROM n;",
        "INSERT INTO meta VALUES ('cells10_ms','600000');"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 143)"
        " INSERT INTO cells10 SELECT t.id, 1, 1431010800000 + n.i * 600000, 1, 1, 0, 0, 0 FROM terminals t, n;");
    report_model m;
    load(db, &m);
    chart c;
    chart_from(&c, db, &m, BUCKET_10MIN, MTIME_NONE);
    assert_true(c.present[VIEW_10MIN]);
    assert_true(c.tenmin_window);
    assert_int_equal(c.initial, VIEW_10MIN);
    assert_int_equal(m.cells10.len, 12 * 4800); /* only the window's cells are read */
    assert_int_equal(c.views[VIEW_10MIN].ncols, 12 * 6);
    assert_int_equal(c.views[VIEW_10MIN].col_start[0], T0);
    assert_int_equal(c.tenmin_focus, 0);
    buf b = {0};
    chart_write_html(&b, &c);
    assert_non_null(strstr(buf_cstr(&b), "10-minute columns cover 2015-05-08 00:00 \xe2\x80\x93 12:00 JST only"));
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

/* 10,001 terminals in one hour: even that hour has more cells than a page may
 * hold, so the view is left out and the page opens on the next coarser one. */
static void test_10min_too_big(void **state) {
    (void)state;
    display_zone_set("JST");
    lang_set("en");
    sqlite3 *db = store_with_cells10(
        "INSERT INTO sources VALUES (1,'p.log','squid','plain',100,0,0,1431010800000,1431014399000,NULL);"
        "INSERT INTO destinations (id,name,score,severity,suspicious,first_ms) VALUES (1,'c2.example',90,'high',1,0);"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)"
        " INSERT INTO terminals (id,name,first_ms,last_ms,success) SELECT i, 't' || i, 1431010800000, 0, 1 FROM n;",
        "INSERT INTO meta VALUES ('cells10_ms','600000');"
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5)"
        " INSERT INTO cells10 SELECT t.id, 1, 1431010800000 + n.i * 600000, 1, 1, 0, 0, 0 FROM terminals t, n;");
    report_model m;
    load(db, &m);
    chart c;
    chart_from(&c, db, &m, BUCKET_10MIN, MTIME_NONE);
    assert_int_equal(m.cells10.len, 0); /* not read: they would not be drawn */
    assert_false(c.present[VIEW_10MIN]);
    assert_true(c.tenmin_too_big);
    assert_int_equal(c.initial, VIEW_HOUR); /* the next coarser view */
    buf b = {0};
    chart_write_html(&b, &c);
    assert_non_null(strstr(buf_cstr(&b), "The 10-minute view is left out"));
    assert_null(strstr(buf_cstr(&b), "data-view=\"10min\""));
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

/* A store with no time at all (a scan of nothing): every view is empty, and
 * the page and its data are still written. */
static void test_empty_store(void **state) {
    (void)state;
    sqlite3 *db = store_with_cells10("", "INSERT INTO meta VALUES ('cells10_ms','600000');");
    report_model m;
    load(db, &m);
    chart c;
    chart_from(&c, db, &m, BUCKET_AUTO, MTIME_NONE);
    assert_false(c.present[VIEW_10MIN]);
    buf b = {0};
    chart_write_html(&b, &c);
    assert_non_null(strstr(buf_cstr(&b), "nothing to draw"));
    buf_free(&b);
    jw w;
    jw_init(&w, &b);
    chart_write_data(&w, &c);
    assert_non_null(strstr(buf_cstr(&b), "\"day\":{\"cols\":0,\"t0\":0,\"bounds\":[]"));
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

/* A store migrated to the current schema but written without 10-minute cells
 * (no meta.cells10_ms): no 10-minute view, and asking for one is an error. */
static void test_10min_missing(void **state) {
    (void)state;
    sqlite3 *db = store_with_cells10(small_store, "");
    report_model m;
    load(db, &m);
    assert_int_equal(m.cells10_ms, 0);
    assert_int_equal(timeline_auto_bucket(&m), BUCKET_HOUR);
    chart c;
    char err[256];
    tenmin_plan plan;
    assert_true(chart_load_10min(db, &m, MTIME_NONE, &plan, err, sizeof err));
    assert_false(plan.draw);
    assert_false(chart_init(&c, &m, NULL, BUCKET_10MIN, &plan, err, sizeof err));
    assert_non_null(strstr(err, "no 10-minute cells"));
    assert_true(chart_init(&c, &m, NULL, BUCKET_AUTO, &plan, err, sizeof err));
    assert_false(c.present[VIEW_10MIN]);
    buf b = {0};
    chart_write_html(&b, &c);
    assert_non_null(strstr(buf_cstr(&b), "This store has no 10-minute cells"));
    assert_null(strstr(buf_cstr(&b), "zoomable"));
    buf_free(&b);
    chart_free(&c);
    report_model_free(&m);
    sqlite3_close(db);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_order_and_colours),  cmocka_unit_test(test_hour_and_day_columns),
        cmocka_unit_test(test_day_columns_half_hour_zone), cmocka_unit_test(test_broken_clock_cuts_span),
        cmocka_unit_test(test_chart_runs_bands_and_grey), cmocka_unit_test(test_store_version_checked),
        cmocka_unit_test(test_seed004_fixture),           cmocka_unit_test(test_10min_columns),
        cmocka_unit_test(test_10min_chart),               cmocka_unit_test(test_10min_window),
        cmocka_unit_test(test_10min_hours),               cmocka_unit_test(test_10min_too_big),
        cmocka_unit_test(test_10min_missing),             cmocka_unit_test(test_empty_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
