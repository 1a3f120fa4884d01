/* store.h - the SQLite store of an investigation (docs/store.md).
 *
 * `mitsuke scan --db FILE` writes the scan's sources, coverage, ranked
 * destinations, terminals, hourly chart cells and findings into one SQLite
 * file, so the report, the timeline and later the web UI and cases use them
 * without reading the logs again. The schema is versioned with PRAGMA
 * user_version; migrations.c lists the steps, and opening an older file
 * applies the missing ones in a transaction. A file written by a newer
 * mitsuke is refused. Every value from a log is bound as a parameter. */
#ifndef MITSUKE_STORE_H
#define MITSUKE_STORE_H

#include "detect/scan.h"
#include "store/schema.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


/* Opens (creating it when `create`) and migrates the store. NULL with a
 * message in err on failure. */
sqlite3 *store_open(const char *path, bool create, char *err, size_t errlen);
/* Applies the missing migrations; false with a message in err. */
bool store_migrate(sqlite3 *db, char *err, size_t errlen);

/* One input as the scan read it (from ingest_stats). */
typedef struct store_source {
    const char *path, *format, *codec, *error;
    uint64_t records, unparsed, skipped;
    int64_t first_ms, last_ms;     /* MTIME_NONE when none */
} store_source;

struct coverage;

typedef struct store_scan_info {
    const char *command;           /* the scan's arguments, for meta */
    const store_source *sources;
    size_t nsources;
    const struct coverage *cov;    /* hours and gaps (analysis/coverage.h), after coverage_finish */
} store_scan_info;

/* Writes one scan's results, replacing any earlier scan in the file (all in
 * one transaction: a failed write leaves the previous contents). The scan is
 * not const: reading its chart cells closes the open ones. */
bool store_write_scan(sqlite3 *db, scan_engine *s, const store_scan_info *info, char *err, size_t errlen);

#endif
