/* store.c - writing a scan into the SQLite store; see store.h.
 *
 * One transaction: the earlier scan's rows are deleted, then sources,
 * coverage, destinations (every scored one), the terminals that talked to a
 * suspicious destination, their hourly and 10-minute cells and all findings are inserted
 * with prepared statements. Ids of destinations and terminals are their
 * row ids; arrays map the scan's dense ids to them for the chart's cells
 * (`hourly` and `cells10`). */
#include "store/store.h"
#include "analysis/coverage.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"
#include "io/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sqlite3 *store_open(const char *path, bool create, char *err, size_t errlen) {
    sqlite3 *db = NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    char why[400];
    if (!store_migrate(db, why, sizeof why)) {
        snprintf(err, errlen, "%s: %s", path, why);
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* ---- statements ---------------------------------------------------------- */

typedef struct writer {
    sqlite3 *db;
    char *err;
    size_t errlen;
    bool failed;
    buf json;
} writer;

static sqlite3_stmt *prepare(writer *w, const char *sql) {
    sqlite3_stmt *st = NULL;
    if (w->failed) return NULL;
    if (sqlite3_prepare_v2(w->db, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(w->err, w->errlen, "cannot prepare a statement: %s", sqlite3_errmsg(w->db));
        w->failed = true;
        return NULL;
    }
    return st;
}

/* Runs a bound statement, then resets it for the next row. */
static void run(writer *w, sqlite3_stmt *st) {
    if (w->failed || !st) return;
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        snprintf(w->err, w->errlen, "cannot write: %s", sqlite3_errmsg(w->db));
        w->failed = true;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static void bind_sv(sqlite3_stmt *st, int i, sv s) { sqlite3_bind_text(st, i, s.p, (int)s.n, SQLITE_TRANSIENT); }

static void bind_time(sqlite3_stmt *st, int i, int64_t ms) {
    if (ms == MTIME_NONE) sqlite3_bind_null(st, i);
    else sqlite3_bind_int64(st, i, ms);
}

static void bind_u64(sqlite3_stmt *st, int i, uint64_t v) {
    sqlite3_bind_int64(st, i, v > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)v);
}

/* A JSON array of strings, bound as text. */
static void bind_strings(writer *w, sqlite3_stmt *st, int i, const char *const *v, int n) {
    buf_clear(&w->json);
    jw j;
    jw_init(&j, &w->json);
    jw_arr_begin(&j);
    for (int k = 0; k < n; k++) jw_cstr(&j, v[k]);
    jw_arr_end(&j);
    sqlite3_bind_text(st, i, w->json.p, (int)w->json.len, SQLITE_TRANSIENT);
}

static void exec(writer *w, const char *sql) {
    if (w->failed) return;
    char *msg = NULL;
    if (sqlite3_exec(w->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(w->err, w->errlen, "%s", msg ? msg : sqlite3_errmsg(w->db));
        w->failed = true;
    }
    sqlite3_free(msg);
}

/* ---- tables -------------------------------------------------------------- */

static void write_meta(writer *w, const store_scan_info *info, const scan_engine *s) {
    sqlite3_stmt *st = prepare(w, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    if (!st) return;
    char v[64];
    struct {
        const char *key, *value;
    } rows[] = {
        {"mitsuke_version", MITSUKE_VERSION},
        {"command", info->command},
        {"display_tz", display_zone_name()},
        {"lang", lang_get() == LANG_JA ? "ja" : "en"},
        {"config", s->cfg->path[0] ? s->cfg->path : NULL},
    };
    for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
        bind_text(st, 1, rows[i].key);
        bind_text(st, 2, rows[i].value);
        run(w, st);
    }
    snprintf(v, sizeof v, "%lld", (long long)(time(NULL)) * 1000);
    bind_text(st, 1, "created_ms");
    bind_text(st, 2, v);
    run(w, st);
    snprintf(v, sizeof v, "%llu", (unsigned long long)s->obs.records);
    bind_text(st, 1, "records");
    bind_text(st, 2, v);
    run(w, st);
    snprintf(v, sizeof v, "%d", CELLS10_SECONDS * 1000);
    bind_text(st, 1, "cells10_ms");
    bind_text(st, 2, v);
    run(w, st);
    sqlite3_finalize(st);
}

static void write_sources(writer *w, const store_scan_info *info) {
    sqlite3_stmt *st = prepare(w, "INSERT INTO sources (id, path, format, codec, records, unparsed, skipped, "
                                  "first_ms, last_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return;
    for (size_t i = 0; i < info->nsources; i++) {
        const store_source *src = &info->sources[i];
        sqlite3_bind_int64(st, 1, (int64_t)i + 1);
        bind_text(st, 2, src->path);
        bind_text(st, 3, src->format);
        bind_text(st, 4, src->codec);
        bind_u64(st, 5, src->records);
        bind_u64(st, 6, src->unparsed);
        bind_u64(st, 7, src->skipped);
        bind_time(st, 8, src->first_ms);
        bind_time(st, 9, src->last_ms);
        bind_text(st, 10, src->error);
        run(w, st);
    }
    sqlite3_finalize(st);
}

/* coverage_hours and gaps come from the coverage module, the same rule as
 * `mitsuke coverage` (docs/coverage.md): per source (source_id = its row) and
 * over all sources together (source_id NULL, what the chart shades). */
static void write_coverage(writer *w, const store_scan_info *info) {
    const coverage *cov = info->cov;
    if (!cov) return;
    sqlite3_stmt *st = prepare(w, "INSERT INTO coverage_hours (hour_ms, records) VALUES (?, ?)");
    if (!st) return;
    vec hours = VEC_INIT(th_bucket);
    coverage_hours(cov, &hours);
    for (size_t i = 0; i < hours.len; i++) {
        const th_bucket *h = &VEC_AT(&hours, th_bucket, i);
        sqlite3_bind_int64(st, 1, h->start_ms);
        bind_u64(st, 2, h->count);
        run(w, st);
    }
    vec_free(&hours);
    sqlite3_finalize(st);
    st = prepare(w, "INSERT INTO gaps (source_id, start_ms, end_ms) VALUES (?, ?, ?)");
    if (!st) return;
    for (size_t i = 0; i <= coverage_count(cov); i++) {
        const vec *gaps = i < coverage_count(cov) ? &coverage_at(cov, i)->gaps : &cov->gaps;
        for (size_t k = 0; k < gaps->len; k++) {
            const gap *g = &VEC_AT(gaps, gap, k);
            if (i < coverage_count(cov)) sqlite3_bind_int64(st, 1, (int64_t)i + 1);
            else sqlite3_bind_null(st, 1);
            sqlite3_bind_int64(st, 2, g->start_ms);
            sqlite3_bind_int64(st, 3, g->end_ms);
            run(w, st);
        }
    }
    sqlite3_finalize(st);
}

static void write_destinations(writer *w, const scan_engine *s, int64_t *rowid) {
    const observe *o = &s->obs;
    const scan_result *r = &s->result;
    bool ja = lang_get() == LANG_JA;
    sqlite3_stmt *st = prepare(
        w, "INSERT INTO destinations (name, registrable, score, severity, suspicious, first_ms, last_ms, requests, "
           "ok_requests, failed_requests, terminals, bytes_out, bytes_in, evidence, detectors, kill_chain, attack, "
           "evidence_en, evidence_ja, hourly_complete, cells10_complete) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return;
    for (size_t i = 0; i < r->dests.len && !w->failed; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        const obs_dest *od = &o->dests[d->dest];
        bind_sv(st, 1, obs_dest_name(o, d->dest));
        bind_text(st, 2, d->registrable);
        sqlite3_bind_int(st, 3, d->score);
        bind_text(st, 4, severity_name(d->severity));
        sqlite3_bind_int(st, 5, d->suspicious);
        bind_time(st, 6, obs_ms(od->first_s));
        bind_time(st, 7, obs_ms(od->last_s));
        sqlite3_bind_int64(st, 8, od->requests);
        sqlite3_bind_int64(st, 9, od->ok);
        sqlite3_bind_int64(st, 10, (int64_t)od->requests - od->ok);
        sqlite3_bind_int64(st, 11, od->terminals);
        bind_u64(st, 12, od->bytes_out);
        bind_u64(st, 13, od->bytes_in);
        bind_strings(w, st, 14, ja ? d->evidence_ja : d->evidence_en, d->nevidence);
        bind_strings(w, st, 15, d->detectors, d->ndetectors);
        bind_text(st, 16, kill_chain_name(d->stage));
        bind_strings(w, st, 17, d->attack, d->nattack);
        bind_strings(w, st, 18, d->evidence_en, d->nevidence);
        bind_strings(w, st, 19, d->evidence_ja, d->nevidence);
        sqlite3_bind_int(st, 20, !cells_incomplete(&s->cells, d->dest));
        sqlite3_bind_int(st, 21, !cells_incomplete(&s->cells10, d->dest));
        run(w, st);
        rowid[d->dest] = sqlite3_last_insert_rowid(w->db);
    }
    sqlite3_finalize(st);
}

static void write_terminals(writer *w, const scan_engine *s, int64_t *rowid) {
    const observe *o = &s->obs;
    const scan_result *r = &s->result;
    sqlite3_stmt *st = prepare(w, "INSERT INTO terminals (name, first_ms, last_ms, success, requests, bytes_out, "
                                  "bytes_in, destinations, ok_requests) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return;
    for (size_t i = 0; i < r->terms.len && !w->failed; i++) {
        const term_result *t = &VEC_AT(&r->terms, term_result, i);
        bind_sv(st, 1, obs_term_name(o, t->term));
        bind_time(st, 2, obs_ms(t->first_s));
        bind_time(st, 3, obs_ms(t->last_s));
        sqlite3_bind_int(st, 4, t->ok > 0);
        bind_u64(st, 5, t->requests);
        bind_u64(st, 6, t->bytes_out);
        bind_u64(st, 7, t->bytes_in);
        buf_clear(&w->json);
        jw j;
        jw_init(&j, &w->json);
        jw_arr_begin(&j);
        const uint32_t *ds = t->dests.data;
        for (size_t k = 0; k < t->dests.len; k++) jw_str(&j, obs_dest_name(o, ds[k]));
        jw_arr_end(&j);
        sqlite3_bind_text(st, 8, w->json.p, (int)w->json.len, SQLITE_TRANSIENT);
        bind_u64(st, 9, t->ok);
        run(w, st);
        rowid[t->term] = sqlite3_last_insert_rowid(w->db);
    }
    sqlite3_finalize(st);
}

/* The bits of the pairs whose cells are stored: a suspicious destination
 * and a stored terminal. */
static uint8_t *chart_pairs(const scan_engine *s, const int64_t *term_row) {
    const observe *o = &s->obs;
    const scan_result *r = &s->result;
    uint8_t *suspicious = xcalloc((size_t)o->ndests / 8 + 1, 1);
    for (size_t i = 0; i < r->dests.len; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        if (d->suspicious) suspicious[d->dest / 8] |= (uint8_t)(1u << (d->dest % 8));
    }
    uint8_t *wanted = xcalloc((size_t)o->npairs / 8 + 1, 1);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        if ((suspicious[p->dest / 8] >> (p->dest % 8) & 1) && term_row[p->term] > 0)
            wanted[i / 8] |= (uint8_t)(1u << (i % 8));
    }
    free(suspicious);
    return wanted;
}

/* The cells of the wanted pairs into `hourly` or `cells10` (sql names the
 * table), each bucket `seconds` long. */
static void write_cells(writer *w, const scan_engine *s, cells *from, uint32_t seconds, const char *sql,
                        const uint8_t *wanted, const int64_t *dest_row, const int64_t *term_row) {
    const observe *o = &s->obs;
    vec cellv = VEC_INIT(cell);
    cells_collect(from, wanted, o->npairs, &cellv);
    sqlite3_stmt *st = prepare(w, sql);
    for (size_t i = 0; st && i < cellv.len && !w->failed; i++) {
        const cell *c = &VEC_AT(&cellv, cell, i);
        const obs_pair *p = &o->pairs[c->pair];
        sqlite3_bind_int64(st, 1, term_row[p->term]);
        sqlite3_bind_int64(st, 2, dest_row[p->dest]);
        sqlite3_bind_int64(st, 3, OBS_EPOCH_MS + (int64_t)c->hour * seconds * 1000);
        sqlite3_bind_int64(st, 4, c->requests);
        sqlite3_bind_int64(st, 5, c->ok);
        sqlite3_bind_int64(st, 6, (int64_t)c->requests - c->ok);
        bind_u64(st, 7, c->bytes_out);
        bind_u64(st, 8, c->bytes_in);
        run(w, st);
    }
    if (st) sqlite3_finalize(st);
    vec_free(&cellv);
}

static void write_chart(writer *w, scan_engine *s, const int64_t *dest_row, const int64_t *term_row) {
    uint8_t *wanted = chart_pairs(s, term_row);
    write_cells(w, s, &s->cells, 3600,
                "INSERT INTO hourly (terminal_id, destination_id, hour_ms, requests, ok_requests, failed_requests, "
                "bytes_out, bytes_in) VALUES (?,?,?,?,?,?,?,?)",
                wanted, dest_row, term_row);
    write_cells(w, s, &s->cells10, CELLS10_SECONDS,
                "INSERT INTO cells10 (terminal_id, destination_id, start_ms, requests, ok_requests, failed_requests, "
                "bytes_out, bytes_in) VALUES (?,?,?,?,?,?,?,?)",
                wanted, dest_row, term_row);
    free(wanted);
}

/* One finding's row; `refs` is scratch. */
static void write_finding(writer *w, sqlite3_stmt *st, const finding *f, buf *refs, bool ja) {
    bind_text(st, 1, f->detector);
    bind_text(st, 2, ja ? f->title_ja : f->title_en);
    bind_text(st, 3, severity_name(f->severity));
    sqlite3_bind_int(st, 4, f->score);
    bind_time(st, 5, f->first_ms);
    bind_time(st, 6, f->last_ms);
    bind_text(st, 7, f->terminal);
    bind_text(st, 8, f->destination);
    bind_strings(w, st, 9, ja ? f->facts_ja : f->facts_en, f->nfacts);
    buf_clear(refs);
    jw j;
    jw_init(&j, refs);
    jw_arr_begin(&j);
    for (int n = 0; n < f->nrefs; n++) {
        const evidence_ref *r = &f->refs[n];
        jw_obj_begin(&j);
        jw_key(&j, "source");
        jw_cstr(&j, r->src->name);
        jw_key(&j, "line");
        jw_int(&j, (int64_t)r->line);
        jw_key(&j, "offset");
        jw_int(&j, (int64_t)r->offset);
        if (r->event_id > 0) { /* a Windows event */
            jw_key(&j, "event_id");
            jw_int(&j, r->event_id);
            if (r->record_id >= 0) {
                jw_key(&j, "record_id");
                jw_int(&j, r->record_id);
            }
            jw_key(&j, "computer");
            jw_cstr(&j, r->computer);
            jw_key(&j, "time");
            jw_time(&j, r->time_ms);
        }
        jw_obj_end(&j);
    }
    jw_arr_end(&j);
    sqlite3_bind_text(st, 10, refs->p, (int)refs->len, SQLITE_TRANSIENT);
    bind_text(st, 11, kill_chain_name(f->stage));
    bind_strings(w, st, 12, f->attack, f->nattack);
    bind_text(st, 13, f->title_en);
    bind_text(st, 14, f->title_ja);
    bind_strings(w, st, 15, f->facts_en, f->nfacts);
    bind_strings(w, st, 16, f->facts_ja, f->nfacts);
    sqlite3_bind_int64(st, 17, f->terminals);
    if (f->hosts_total) {
        bind_strings(w, st, 18, f->hosts, f->nhosts);
        sqlite3_bind_int64(st, 19, f->hosts_total);
    } else {
        sqlite3_bind_null(st, 18);
        sqlite3_bind_null(st, 19);
    }
    if (f->accounts_total) {
        bind_strings(w, st, 20, f->accounts, f->naccounts);
        sqlite3_bind_int64(st, 21, f->accounts_total);
    } else {
        sqlite3_bind_null(st, 20);
        sqlite3_bind_null(st, 21);
    }
    run(w, st);
}

/* The findings of the stored destinations, then the Windows event findings. */
static void write_findings(writer *w, const scan_engine *s) {
    const scan_result *r = &s->result;
    bool ja = lang_get() == LANG_JA;
    sqlite3_stmt *st = prepare(w, "INSERT INTO findings (detector, title, severity, score, first_ms, last_ms, "
                                  "terminal, destination, facts, evidence, kill_chain, attack, title_en, title_ja, "
                                  "facts_en, facts_ja, terminal_count, hosts, host_count, accounts, account_count) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return;
    buf refs = {0};
    for (size_t i = 0; i < r->dests.len && !w->failed; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        for (size_t k = 0; k < d->findings.len && !w->failed; k++)
            write_finding(w, st, VEC_AT(&d->findings, finding *, k), &refs, ja);
    }
    for (size_t i = 0; i < finding_count(&s->win.findings) && !w->failed; i++)
        write_finding(w, st, finding_at(&s->win.findings, i), &refs, ja);
    buf_free(&refs);
    sqlite3_finalize(st);
}

bool store_write_scan(sqlite3 *db, scan_engine *s, const store_scan_info *info, char *err, size_t errlen) {
    writer w = {.db = db, .err = err, .errlen = errlen};
    const observe *o = &s->obs;
    int64_t *dest_row = xcalloc((size_t)o->ndests + 1, sizeof *dest_row);
    int64_t *term_row = xcalloc((size_t)o->nterms + 1, sizeof *term_row);
    exec(&w, "BEGIN IMMEDIATE");
    exec(&w, "DELETE FROM hourly; DELETE FROM cells10; DELETE FROM findings; DELETE FROM terminals; DELETE FROM destinations;"
             "DELETE FROM gaps; DELETE FROM coverage_hours; DELETE FROM sources;");
    write_meta(&w, info, s);
    write_sources(&w, info);
    write_coverage(&w, info);
    write_destinations(&w, s, dest_row);
    write_terminals(&w, s, term_row);
    write_chart(&w, s, dest_row, term_row);
    write_findings(&w, s);
    if (!w.failed) exec(&w, "COMMIT");
    if (w.failed) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    free(dest_row);
    free(term_row);
    buf_free(&w.json);
    return !w.failed;
}
