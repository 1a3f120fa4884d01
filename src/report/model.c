/* model.c - reading the SQLite store into a report_model; see model.h.
 *
 * One prepared statement per table, every value read by column type: a
 * store written by a buggy or hostile program cannot make this code read
 * past a value (sqlite3_column_bytes bounds every string) or crash on a
 * NULL. Cell rows that name a terminal or destination the store does not
 * list are counted in cells_orphaned and left out of the chart. */
#include "report/model.h"
#include "store/schema.h"
#include "core/mtime.h"
#include "core/u64map.h"
#include "core/util.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

sqlite3 *store_open_readonly(const char *path, char *err, size_t errsz) {
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errsz, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return NULL;
    }
    if (!store_check_version(db, err, errsz)) {
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* PRAGMA user_version, or -1 when it cannot be read. */
static int schema_version(sqlite3 *db) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    int version = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return version;
}

bool store_check_version(sqlite3 *db, char *err, size_t errsz) {
    int version = schema_version(db);
    if (version < 0) {
        snprintf(err, errsz, "not an SQLite database (%s)", sqlite3_errmsg(db));
        return false;
    }
    if (version == 0) {
        snprintf(err, errsz, "not a mitsuke store (schema version 0; write one with `mitsuke scan --db`)");
        return false;
    }
    /* Older versions only lack columns the report does not need (store.md). */
    if (version > store_schema_version()) {
        snprintf(err, errsz, "store schema version %d is newer than this mitsuke understands (%d); upgrade mitsuke",
                 version, store_schema_version());
        return false;
    }
    return true;
}

bool store_meta(sqlite3 *db, const char *key, char *out, size_t outsz) {
    sqlite3_stmt *st = NULL;
    bool found = false;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) != SQLITE_OK) return false;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
        found = true;
    }
    sqlite3_finalize(st);
    return found;
}

/* ---- column readers ---------------------------------------------------- */

static sv col_text(sqlite3_stmt *st, int i, arena *a) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return SV_NULL;
    const char *p = (const char *)sqlite3_column_text(st, i);
    int n = sqlite3_column_bytes(st, i);
    if (!p || n < 0) return sv_make(arena_strndup(a, "", 0), 0);
    return sv_make(arena_strndup(a, p, (size_t)n), (size_t)n);
}

static int64_t col_int(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, i);
}

static int64_t col_time(sqlite3_stmt *st, int i) {
    return sqlite3_column_type(st, i) == SQLITE_NULL ? MTIME_NONE : sqlite3_column_int64(st, i);
}

/* ---- id -> index lookup ------------------------------------------------ */

typedef struct id_index {
    int64_t id;
    uint32_t index;
} id_index;

static int cmp_id_index(const void *a, const void *b) {
    int64_t x = ((const id_index *)a)->id, y = ((const id_index *)b)->id;
    return (x > y) - (x < y);
}

/* Builds a sorted (id, index) table over `n` records whose id sits at
 * `id_offset` within each `esz`-byte element of `base`. */
static id_index *index_by_id(const void *base, size_t n, size_t esz, size_t id_offset) {
    id_index *t = xmalloc((n ? n : 1) * sizeof *t);
    for (size_t i = 0; i < n; i++) {
        memcpy(&t[i].id, (const char *)base + i * esz + id_offset, sizeof(int64_t));
        t[i].index = (uint32_t)i;
    }
    qsort(t, n, sizeof *t, cmp_id_index);
    return t;
}

static int64_t lookup_id(const id_index *t, size_t n, int64_t id) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && t[lo].id == id ? (int64_t)t[lo].index : -1;
}

/* ---- one reader per table ---------------------------------------------- */

typedef struct load_ctx {
    report_model *m;
    id_index *terminal_ids, *destination_ids, *source_ids;
} load_ctx;

typedef void (*row_fn)(sqlite3_stmt *st, load_ctx *c);

static sqlite3_stmt *prepare(sqlite3 *db, const char *table, const char *sql, char *err, size_t errsz) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, errsz, "store table %s: %s", table, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* Runs a prepared statement, calling fn on each row; finalizes it. */
static bool rows_of(sqlite3 *db, sqlite3_stmt *st, const char *table, row_fn fn, load_ctx *c, char *err,
                    size_t errsz) {
    if (!st) return false;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) fn(st, c);
    if (rc != SQLITE_DONE) snprintf(err, errsz, "store table %s: %s", table, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

static bool each_row(sqlite3 *db, const char *table, const char *sql, row_fn fn, load_ctx *c, char *err,
                     size_t errsz) {
    return rows_of(db, prepare(db, table, sql, err, errsz), table, fn, c, err, errsz);
}

static void meta_row(sqlite3_stmt *st, load_ctx *c) {
    report_model *m = c->m;
    sv key = col_text(st, 0, &m->strings), value = col_text(st, 1, &m->strings);
    if (sv_eq_cstr(key, "mitsuke_version")) m->version = value;
    else if (sv_eq_cstr(key, "command")) m->command = value;
    else if (sv_eq_cstr(key, "display_tz")) m->display_tz = value;
    else if (sv_eq_cstr(key, "created_ms") && !sv_to_i64(value, &m->created_ms)) m->created_ms = MTIME_NONE;
    else if (sv_eq_cstr(key, "cells10_ms") && !sv_to_i64(value, &m->cells10_ms)) m->cells10_ms = 0;
}

static void source_row(sqlite3_stmt *st, load_ctx *c) {
    arena *a = &c->m->strings;
    rm_source *s = vec_push(&c->m->sources);
    s->id = col_int(st, 0);
    s->path = col_text(st, 1, a), s->format = col_text(st, 2, a), s->codec = col_text(st, 3, a);
    s->records = col_int(st, 4), s->unparsed = col_int(st, 5), s->skipped = col_int(st, 6);
    s->first_ms = col_time(st, 7), s->last_ms = col_time(st, 8);
    s->error = col_text(st, 9, a);
}

static void gap_row(sqlite3_stmt *st, load_ctx *c) {
    rm_gap *g = vec_push(&c->m->gaps);
    g->source = -1;
    if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
        g->source = lookup_id(c->source_ids, c->m->sources.len, sqlite3_column_int64(st, 0));
        if (g->source < 0) g->source = -2; /* names a source the store does not list */
    }
    g->start_ms = col_int(st, 1), g->end_ms = col_int(st, 2);
    if (g->end_ms < g->start_ms) g->end_ms = g->start_ms;
}

static void destination_row(sqlite3_stmt *st, load_ctx *c) {
    arena *a = &c->m->strings;
    rm_destination *d = vec_push(&c->m->destinations);
    d->id = col_int(st, 0);
    d->name = col_text(st, 1, a), d->registrable = col_text(st, 2, a);
    d->score = col_int(st, 3), d->severity = col_text(st, 4, a), d->suspicious = col_int(st, 5) != 0;
    d->first_ms = col_time(st, 6), d->last_ms = col_time(st, 7);
    d->requests = col_int(st, 8), d->ok_requests = col_int(st, 9), d->failed_requests = col_int(st, 10);
    d->terminals = col_int(st, 11), d->bytes_out = col_int(st, 12), d->bytes_in = col_int(st, 13);
    d->evidence = col_text(st, 14, a), d->detectors = col_text(st, 15, a);
    d->kill_chain = col_text(st, 16, a), d->attack = col_text(st, 17, a);
    d->cells10_complete = sqlite3_column_count(st) < 19 || col_int(st, 18) != 0;
    d->colour = -1;
}

static void terminal_row(sqlite3_stmt *st, load_ctx *c) {
    arena *a = &c->m->strings;
    rm_terminal *t = vec_push(&c->m->terminals);
    t->id = col_int(st, 0), t->name = col_text(st, 1, a);
    t->first_ms = col_time(st, 2), t->last_ms = col_time(st, 3);
    t->success = col_int(st, 4) != 0;
    t->requests = col_int(st, 5), t->bytes_out = col_int(st, 6), t->bytes_in = col_int(st, 7);
    t->destinations = col_text(st, 8, a);
}

static void add_cell(sqlite3_stmt *st, load_ctx *c, vec *into, uint64_t *orphaned) {
    report_model *m = c->m;
    int64_t ti = lookup_id(c->terminal_ids, m->terminals.len, col_int(st, 0));
    int64_t di = lookup_id(c->destination_ids, m->destinations.len, col_int(st, 1));
    if (ti < 0 || di < 0) {
        ++*orphaned;
        return;
    }
    rm_cell *cell = vec_push(into);
    cell->terminal = (uint32_t)ti, cell->destination = (uint32_t)di;
    cell->start_ms = col_int(st, 2);
    cell->requests = col_int(st, 3), cell->ok_requests = col_int(st, 4), cell->failed_requests = col_int(st, 5);
    cell->bytes_out = col_int(st, 6), cell->bytes_in = col_int(st, 7);
}

static void cell_row(sqlite3_stmt *st, load_ctx *c) { add_cell(st, c, &c->m->cells, &c->m->cells_orphaned); }
static void cell10_row(sqlite3_stmt *st, load_ctx *c) { add_cell(st, c, &c->m->cells10, &c->m->cells10_orphaned); }

static void finding_row(sqlite3_stmt *st, load_ctx *c) {
    arena *a = &c->m->strings;
    rm_finding *f = vec_push(&c->m->findings);
    f->id = col_int(st, 0);
    f->detector = col_text(st, 1, a), f->title = col_text(st, 2, a), f->severity = col_text(st, 3, a);
    f->score = col_int(st, 4), f->first_ms = col_time(st, 5), f->last_ms = col_time(st, 6);
    f->terminal = col_text(st, 7, a), f->destination = col_text(st, 8, a);
    f->facts = col_text(st, 9, a), f->evidence = col_text(st, 10, a);
    f->kill_chain = col_text(st, 11, a), f->attack = col_text(st, 12, a);
    if (sqlite3_column_count(st) >= 17) {
        f->hosts = col_text(st, 13, a), f->host_count = col_int(st, 14);
        f->accounts = col_text(st, 15, a), f->account_count = col_int(st, 16);
    }
}

static void coverage_row(sqlite3_stmt *st, load_ctx *c) {
    rm_hour *h = vec_push(&c->m->coverage);
    h->hour_ms = col_int(st, 0), h->records = col_int(st, 1);
}

static int cmp_cell(const void *a, const void *b) {
    const rm_cell *x = a, *y = b;
    if (x->terminal != y->terminal) return x->terminal < y->terminal ? -1 : 1;
    if (x->start_ms != y->start_ms) return x->start_ms < y->start_ms ? -1 : 1;
    return (x->destination > y->destination) - (x->destination < y->destination);
}

/* Destinations that got through at least once get a chart colour, in the
 * order of their first time, so the first C2 of an incident is colour 0. */
static void assign_colours(report_model *m) {
    bool *ok = xcalloc(m->destinations.len + 1, sizeof *ok);
    for (size_t i = 0; i < m->cells.len; i++)
        if (RM_CELL(m, i).ok_requests > 0) ok[RM_CELL(m, i).destination] = true;
    m->colours = 0;
    for (size_t i = 0; i < m->destinations.len; i++)
        if (ok[i]) RM_DEST(m, i).colour = m->colours++;
    free(ok);
}

#define FIRST_ORDER "ORDER BY first_ms IS NULL, first_ms, "
#define DEST_COLUMNS                                                                                                  \
    "SELECT id, name, registrable, score, severity, suspicious, first_ms, last_ms, requests, ok_requests, "          \
    "failed_requests, terminals, bytes_out, bytes_in, evidence, detectors, kill_chain, attack"

bool report_model_load(sqlite3 *db, report_model *m, char *err, size_t errsz) {
    memset(m, 0, sizeof *m);
    arena_init(&m->strings, 256 * 1024);
    m->created_ms = MTIME_NONE;
    vec_init(&m->sources, sizeof(rm_source));
    vec_init(&m->gaps, sizeof(rm_gap));
    vec_init(&m->destinations, sizeof(rm_destination));
    vec_init(&m->terminals, sizeof(rm_terminal));
    vec_init(&m->cells, sizeof(rm_cell));
    vec_init(&m->cells10, sizeof(rm_cell));
    vec_init(&m->cells10_buckets, sizeof(rm_bucket));
    vec_init(&m->findings, sizeof(rm_finding));
    vec_init(&m->coverage, sizeof(rm_hour));
    load_ctx c = {.m = m};
    bool v3 = schema_version(db) >= 3, v4 = schema_version(db) >= 4;
    bool ok = store_check_version(db, err, errsz) &&
              each_row(db, "meta", "SELECT key, value FROM meta", meta_row, &c, err, errsz) &&
              each_row(db, "sources",
                       "SELECT id, path, format, codec, records, unparsed, skipped, first_ms, last_ms, error "
                       "FROM sources ORDER BY id",
                       source_row, &c, err, errsz);
    if (ok) {
        c.source_ids = index_by_id(m->sources.data, m->sources.len, sizeof(rm_source), offsetof(rm_source, id));
        ok = each_row(db, "gaps", "SELECT source_id, start_ms, end_ms FROM gaps ORDER BY start_ms, id", gap_row, &c,
                      err, errsz) &&
             each_row(db, "destinations",
                      v3 ? DEST_COLUMNS ", cells10_complete FROM destinations " FIRST_ORDER "name, id"
                         : DEST_COLUMNS " FROM destinations " FIRST_ORDER "name, id",
                      destination_row, &c, err, errsz) &&
             each_row(db, "terminals",
                      "SELECT id, name, first_ms, last_ms, success, requests, bytes_out, bytes_in, destinations "
                      "FROM terminals " FIRST_ORDER "name, id",
                      terminal_row, &c, err, errsz);
    }
    if (ok) {
        c.terminal_ids =
            index_by_id(m->terminals.data, m->terminals.len, sizeof(rm_terminal), offsetof(rm_terminal, id));
        c.destination_ids = index_by_id(m->destinations.data, m->destinations.len, sizeof(rm_destination),
                                        offsetof(rm_destination, id));
        ok = each_row(db, "hourly",
                      "SELECT terminal_id, destination_id, hour_ms, requests, ok_requests, failed_requests, "
                      "bytes_out, bytes_in FROM hourly",
                      cell_row, &c, err, errsz) &&
             each_row(db, "findings",
                      v4 ? "SELECT id, detector, title, severity, score, first_ms, last_ms, terminal, destination, "
                           "facts, evidence, kill_chain, attack, hosts, host_count, accounts, account_count "
                           "FROM findings " FIRST_ORDER "id"
                         : "SELECT id, detector, title, severity, score, first_ms, last_ms, terminal, destination, "
                           "facts, evidence, kill_chain, attack FROM findings " FIRST_ORDER "id",
                      finding_row, &c, err, errsz) &&
             each_row(db, "coverage_hours", "SELECT hour_ms, records FROM coverage_hours ORDER BY hour_ms",
                      coverage_row, &c, err, errsz);
    }
    free(c.source_ids);
    free(c.terminal_ids);
    free(c.destination_ids);
    if (!ok) {
        report_model_free(m);
        return false;
    }
    vec_sort(&m->cells, cmp_cell);
    /* absent (before schema v3), or a width this program cannot draw */
    if (!v3 || m->cells10_ms != STORE_CELL10_MS) m->cells10_ms = 0;
    assign_colours(m);
    return true;
}

bool report_model_load_cells10(sqlite3 *db, report_model *m, int64_t from_ms, int64_t to_ms, char *err,
                               size_t errsz) {
    m->cells10.len = 0;
    m->cells10_orphaned = 0;
    if (!m->cells10_ms) return true;
    load_ctx c = {.m = m};
    c.terminal_ids = index_by_id(m->terminals.data, m->terminals.len, sizeof(rm_terminal), offsetof(rm_terminal, id));
    c.destination_ids = index_by_id(m->destinations.data, m->destinations.len, sizeof(rm_destination),
                                    offsetof(rm_destination, id));
    sqlite3_stmt *st = prepare(db, "cells10",
                               "SELECT terminal_id, destination_id, start_ms, requests, ok_requests, failed_requests, "
                               "bytes_out, bytes_in FROM cells10 WHERE start_ms >= ?1 AND start_ms < ?2",
                               err, errsz);
    if (st) {
        sqlite3_bind_int64(st, 1, from_ms == MTIME_NONE ? INT64_MIN : from_ms);
        sqlite3_bind_int64(st, 2, to_ms == MTIME_NONE ? INT64_MAX : to_ms);
    }
    bool ok = rows_of(db, st, "cells10", cell10_row, &c, err, errsz);
    free(c.terminal_ids);
    free(c.destination_ids);
    vec_sort(&m->cells10, cmp_cell);
    return ok;
}

static int cmp_bucket(const void *a, const void *b) {
    int64_t x = ((const rm_bucket *)a)->start_ms, y = ((const rm_bucket *)b)->start_ms;
    return (x > y) - (x < y);
}

bool report_model_count_cells10(sqlite3 *db, report_model *m, char *err, size_t errsz) {
    m->cells10_buckets.len = 0;
    if (!m->cells10_ms) return true;
    sqlite3_stmt *st = prepare(db, "cells10", "SELECT start_ms FROM cells10", err, errsz);
    if (!st) return false;
    u64map counts;
    u64map_init(&counts);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        uint64_t key = (uint64_t)col_int(st, 0);
        if (key != U64MAP_EMPTY) ++*u64map_put(&counts, key, 0, NULL);
    }
    if (rc != SQLITE_DONE) snprintf(err, errsz, "store table cells10: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    for (size_t i = 0; i < counts.cap; i++)
        if (counts.keys[i] != U64MAP_EMPTY)
            *(rm_bucket *)vec_push(&m->cells10_buckets) = (rm_bucket){(int64_t)counts.keys[i], counts.vals[i]};
    u64map_free(&counts);
    vec_sort(&m->cells10_buckets, cmp_bucket);
    return rc == SQLITE_DONE;
}

void report_model_free(report_model *m) {
    vec_free(&m->sources);
    vec_free(&m->gaps);
    vec_free(&m->destinations);
    vec_free(&m->terminals);
    vec_free(&m->cells);
    vec_free(&m->cells10);
    vec_free(&m->cells10_buckets);
    vec_free(&m->findings);
    vec_free(&m->coverage);
    arena_free(&m->strings);
}
