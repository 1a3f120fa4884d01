/* diag.h - telling the user about problems: errors, warnings about records.
 *
 * Library code returns errors; the CLI and the pipeline decide to print them
 * through here. Messages about bad records name the source, the line and the
 * byte offset; after DIAG_RECORD_LIMIT of them per source the rest are only
 * counted (the counts appear in `coverage`), so a broken file cannot flood the
 * terminal. Names from the file system are printed with control characters
 * replaced, so a hostile file name cannot drive the terminal. */
#ifndef MITSUKE_DIAG_H
#define MITSUKE_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#define DIAG_RECORD_LIMIT 5

typedef enum { DIAG_QUIET = 0, DIAG_NORMAL = 1, DIAG_VERBOSE = 2 } diag_level;

void diag_set_level(diag_level lvl);
diag_level diag_get_level(void);

void diag_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void diag_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A problem with one record. `shown` counts the messages already printed for
 * this source (the caller keeps it per source); returns the new value. */
unsigned diag_record(unsigned shown, const char *source, uint64_t line, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The same, for a record whose place is not a line: `where` says it (an
 * .evtx file: "offset 70144 (chunk 0)"). */
unsigned diag_record_at(unsigned shown, const char *source, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Copy of `s` safe to print: control characters and invalid UTF-8 become '?'.
 * Returns a static buffer valid until the next call (the CLI is single-threaded). */
const char *diag_safe(const char *s);

#endif
