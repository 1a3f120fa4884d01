/* migrations.c - the store's schema, one step per version.
 *
 * Step N takes a file from version N-1 to N. Steps are never edited once
 * released: a change is a new step. Version 1 is the contract of
 * docs/store.md that `mitsuke report` and `timeline` read; version 2 adds
 * columns only (both languages of the evidence, whether a destination's
 * hourly cells are complete), so a reader of version 1 keeps working;
 * version 3 adds the 10-minute chart cells (a table and a column), so a
 * reader of version 2 keeps working too. */
#include "store/store.h"

#include <stdio.h>

static const char *const steps[] = {
    /* 1: the schema of docs/store.md */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE sources ("
    "  id INTEGER PRIMARY KEY, path TEXT NOT NULL, format TEXT, codec TEXT,"
    "  records INTEGER, unparsed INTEGER, skipped INTEGER,"
    "  first_ms INTEGER, last_ms INTEGER, error TEXT);"
    "CREATE TABLE coverage_hours (hour_ms INTEGER PRIMARY KEY, records INTEGER NOT NULL);"
    "CREATE TABLE gaps ("
    "  id INTEGER PRIMARY KEY, source_id INTEGER REFERENCES sources(id),"
    "  start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL);"
    "CREATE TABLE destinations ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, registrable TEXT,"
    "  score INTEGER NOT NULL, severity TEXT NOT NULL, suspicious INTEGER NOT NULL,"
    "  first_ms INTEGER, last_ms INTEGER,"
    "  requests INTEGER, ok_requests INTEGER, failed_requests INTEGER, terminals INTEGER,"
    "  bytes_out INTEGER, bytes_in INTEGER,"
    "  evidence TEXT, detectors TEXT, kill_chain TEXT, attack TEXT);"
    "CREATE TABLE terminals ("
    "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    "  first_ms INTEGER, last_ms INTEGER, success INTEGER NOT NULL,"
    "  requests INTEGER, bytes_out INTEGER, bytes_in INTEGER, destinations TEXT);"
    "CREATE TABLE hourly ("
    "  terminal_id INTEGER NOT NULL REFERENCES terminals(id),"
    "  destination_id INTEGER NOT NULL REFERENCES destinations(id),"
    "  hour_ms INTEGER NOT NULL,"
    "  requests INTEGER NOT NULL, ok_requests INTEGER NOT NULL, failed_requests INTEGER NOT NULL,"
    "  bytes_out INTEGER NOT NULL, bytes_in INTEGER NOT NULL,"
    "  PRIMARY KEY (terminal_id, destination_id, hour_ms));"
    "CREATE TABLE findings ("
    "  id INTEGER PRIMARY KEY, detector TEXT NOT NULL, title TEXT NOT NULL,"
    "  severity TEXT NOT NULL, score INTEGER NOT NULL,"
    "  first_ms INTEGER, last_ms INTEGER, terminal TEXT, destination TEXT,"
    "  facts TEXT, evidence TEXT, kill_chain TEXT, attack TEXT);",

    /* 2: both languages, chart completeness, terminal counters */
    "ALTER TABLE destinations ADD COLUMN evidence_en TEXT;"
    "ALTER TABLE destinations ADD COLUMN evidence_ja TEXT;"
    "ALTER TABLE destinations ADD COLUMN hourly_complete INTEGER NOT NULL DEFAULT 1;"
    "ALTER TABLE terminals ADD COLUMN ok_requests INTEGER;"
    "ALTER TABLE findings ADD COLUMN title_en TEXT;"
    "ALTER TABLE findings ADD COLUMN title_ja TEXT;"
    "ALTER TABLE findings ADD COLUMN facts_en TEXT;"
    "ALTER TABLE findings ADD COLUMN facts_ja TEXT;"
    "ALTER TABLE findings ADD COLUMN terminal_count INTEGER;"
    "CREATE INDEX findings_destination ON findings(destination);"
    "CREATE INDEX hourly_destination ON hourly(destination_id, hour_ms);",

    /* 3: 10-minute chart cells (their width is meta.cells10_ms) */
    "CREATE TABLE cells10 ("
    "  terminal_id INTEGER NOT NULL REFERENCES terminals(id),"
    "  destination_id INTEGER NOT NULL REFERENCES destinations(id),"
    "  start_ms INTEGER NOT NULL,"
    "  requests INTEGER NOT NULL, ok_requests INTEGER NOT NULL, failed_requests INTEGER NOT NULL,"
    "  bytes_out INTEGER NOT NULL, bytes_in INTEGER NOT NULL,"
    "  PRIMARY KEY (terminal_id, destination_id, start_ms));"
    "ALTER TABLE destinations ADD COLUMN cells10_complete INTEGER NOT NULL DEFAULT 1;",

    /* 4: Windows event findings: the hosts and accounts involved */
    "ALTER TABLE findings ADD COLUMN hosts TEXT;"
    "ALTER TABLE findings ADD COLUMN host_count INTEGER;"
    "ALTER TABLE findings ADD COLUMN accounts TEXT;"
    "ALTER TABLE findings ADD COLUMN account_count INTEGER;",
};

int store_schema_version(void) { return (int)(sizeof steps / sizeof steps[0]); }

static int user_version(sqlite3 *db) {
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

bool store_migrate(sqlite3 *db, char *err, size_t errlen) {
    int have = user_version(db), want = store_schema_version();
    if (have < 0) {
        snprintf(err, errlen, "not a mitsuke store (cannot read its version): %s", sqlite3_errmsg(db));
        return false;
    }
    if (have > want) {
        snprintf(err, errlen, "the store has schema version %d, newer than this mitsuke (%d): use a newer mitsuke",
                 have, want);
        return false;
    }
    if (have == want) return true;
    char *msg = NULL;
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK) goto fail;
    for (int v = have; v < want; v++)
        if (sqlite3_exec(db, steps[v], NULL, NULL, &msg) != SQLITE_OK) goto rollback;
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", want);
    if (sqlite3_exec(db, pragma, NULL, NULL, &msg) != SQLITE_OK) goto rollback;
    if (sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) goto rollback;
    return true;
rollback:
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
fail:
    snprintf(err, errlen, "cannot update the store's schema from version %d: %s", have,
             msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return false;
}
