/* schema.h - the version of the SQLite store's schema (docs/store.md).
 *
 * Kept apart from store.h so that readers of a store (the report, the
 * timeline) can check a file's version without the scan engine's headers. */
#ifndef MITSUKE_SCHEMA_H
#define MITSUKE_SCHEMA_H

/* The schema version this program writes (PRAGMA user_version). */
int store_schema_version(void);

#endif
