/* model.h - what a report shows, read from the SQLite store into memory.
 *
 * `mitsuke report`, `mitsuke timeline` and `scan --html` all read a store
 * whose schema (v1, plus the additions of v2 and v3) is the contract in
 * docs/store.md. The store is opened read-only and its version checked; every
 * table is then read once, in one pass, into plain arrays, so the writers
 * below never touch SQL:
 *
 *   terminals      sorted by first suspicious time (the chart's row order)
 *   destinations   sorted by first time (the chart's colour order)
 *   cells          the `hourly` table with terminal/destination ids turned
 *                  into indices into those arrays, sorted by row, hour, colour
 *   cells10        the same of the `cells10` table (10-minute cells, schema
 *                  v3), only when asked for and only the period asked for
 *                  (report_model_load_cells10): a large store has millions
 *                  and the report draws a few days of them
 *   findings, sources, gaps, coverage hours, meta
 *
 * Strings are kept as views (pointer + length) into the model's arena exactly
 * as stored, NUL bytes and invalid UTF-8 included: the writers escape them. A
 * NULL column is a view with p == NULL. Integers that are NULL read as
 * MTIME_NONE for times and 0 for counts. */
#ifndef MITSUKE_REPORT_MODEL_H
#define MITSUKE_REPORT_MODEL_H

#include "core/arena.h"
#include "core/sv.h"
#include "core/vec.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#define STORE_CELL_MS 3600000   /* the `hourly` table's cells are UTC hours */
#define STORE_CELL10_MS 600000  /* the `cells10` table's, when meta.cells10_ms says so */

typedef struct rm_source {
    int64_t id;
    sv path, format, codec, error;
    int64_t records, unparsed, skipped;
    int64_t first_ms, last_ms;
} rm_source;

typedef struct rm_gap {
    int64_t source;         /* index into sources; -1 = all sources together, -2 = an unlisted source */
    int64_t start_ms, end_ms;
} rm_gap;

typedef struct rm_destination {
    int64_t id;
    sv name, registrable, severity, evidence, detectors, kill_chain, attack;
    int64_t score;
    bool suspicious;
    int64_t first_ms, last_ms;
    int64_t requests, ok_requests, failed_requests, terminals, bytes_out, bytes_in;
    int colour;             /* chart colour index; -1 when it has no cell */
    bool cells10_complete;  /* every request is in cells10 (schema v3; true before) */
} rm_destination;

typedef struct rm_terminal {
    int64_t id;
    sv name, destinations;
    int64_t first_ms, last_ms;
    bool success;
    int64_t requests, bytes_out, bytes_in;
} rm_terminal;

typedef struct rm_cell {
    uint32_t terminal, destination;  /* indices */
    int64_t start_ms;                /* start of the UTC hour, or of the 10 minutes */
    int64_t requests, ok_requests, failed_requests, bytes_out, bytes_in;
} rm_cell;

typedef struct rm_finding {
    int64_t id;
    sv detector, title, severity, terminal, destination, facts, evidence, kill_chain, attack;
    sv hosts, accounts;        /* JSON arrays (Windows event findings, schema 4); empty when none */
    int64_t score, first_ms, last_ms;
    int64_t host_count, account_count;
} rm_finding;

typedef struct rm_hour {
    int64_t hour_ms, records;
} rm_hour;

typedef struct rm_bucket {
    int64_t start_ms, cells;  /* cells10 rows starting at start_ms */
} rm_bucket;

typedef struct report_model {
    arena strings;
    sv version, command, display_tz;
    int64_t created_ms;
    vec sources;       /* rm_source */
    vec gaps;          /* rm_gap, by start */
    vec destinations;  /* rm_destination */
    vec terminals;     /* rm_terminal */
    vec cells;         /* rm_cell, hourly */
    vec cells10;       /* rm_cell, 10 minutes: empty until report_model_load_cells10 */
    vec cells10_buckets; /* rm_bucket by time: empty until report_model_count_cells10 */
    int64_t cells10_ms;/* width of cells10 (STORE_CELL10_MS), 0 when the store has no such cells */
    vec findings;      /* rm_finding, by first time */
    vec coverage;      /* rm_hour, by hour */
    uint64_t cells_orphaned;  /* hourly rows naming an unknown terminal or destination */
    uint64_t cells10_orphaned;/* the same of the cells10 rows read */
    int colours;              /* destinations with a colour */
} report_model;

/* Opens a store read-only and checks its schema version. On failure returns
 * NULL and writes a message naming the file into err. */
sqlite3 *store_open_readonly(const char *path, char *err, size_t errsz);
/* Checks the schema version of an open store; false with a message if it is
 * not a mitsuke store or is newer than this program. */
bool store_check_version(sqlite3 *db, char *err, size_t errsz);

/* The value of a meta key (e.g. "display_tz") into out; false when absent. */
bool store_meta(sqlite3 *db, const char *key, char *out, size_t outsz);

/* Reads everything but the 10-minute cells. Returns false with a message on
 * an SQL error. */
bool report_model_load(sqlite3 *db, report_model *m, char *err, size_t errsz);
/* Reads the 10-minute cells starting in [from_ms, to_ms) (MTIME_NONE: open on
 * that side) into m->cells10, replacing what it held; none when the store has
 * none. */
bool report_model_load_cells10(sqlite3 *db, report_model *m, int64_t from_ms, int64_t to_ms, char *err,
                               size_t errsz);
/* Counts the 10-minute cells per start time into m->cells10_buckets (one pass
 * over one column), so a reader can choose which period to load. */
bool report_model_count_cells10(sqlite3 *db, report_model *m, char *err, size_t errsz);
void report_model_free(report_model *m);

#define RM_SOURCE(m, i) VEC_AT(&(m)->sources, rm_source, i)
#define RM_GAP(m, i) VEC_AT(&(m)->gaps, rm_gap, i)
#define RM_DEST(m, i) VEC_AT(&(m)->destinations, rm_destination, i)
#define RM_TERM(m, i) VEC_AT(&(m)->terminals, rm_terminal, i)
#define RM_CELL(m, i) VEC_AT(&(m)->cells, rm_cell, i)
#define RM_CELL10(m, i) VEC_AT(&(m)->cells10, rm_cell, i)
#define RM_BUCKET(m, i) VEC_AT(&(m)->cells10_buckets, rm_bucket, i)
#define RM_FINDING(m, i) VEC_AT(&(m)->findings, rm_finding, i)
#define RM_HOUR(m, i) VEC_AT(&(m)->coverage, rm_hour, i)

#endif
