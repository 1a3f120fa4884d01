/* format.h - the parser interface: one log format, one table of functions.
 *
 * A format can look at the first lines of a source and say how sure it is that
 * they are its own (sniff, 0-100); open per-source state (W3C and Zeek keep the
 * field order from their header lines); and parse one line into an event
 * without copying. parse returns PARSE_OK with the event filled, PARSE_SKIP for
 * lines that carry no record (headers, comments, blank lines), or PARSE_ERROR
 * with a short reason for the user.
 *
 * A line may also hold several records (Windows event XML written without
 * line breaks): the parser returns PARSE_MORE with the first event, keeps its
 * place in its state, and ingest calls it again with the same line until it
 * returns PARSE_OK (the last record), PARSE_SKIP or PARSE_ERROR.
 *
 * A record may span several lines (pretty-printed JSON, Windows event XML):
 * such a parser keeps the lines in its state and returns PARSE_SKIP until the
 * record is complete, then PARSE_OK with ev->offset and ev->line set to where
 * the record began (ingest presets them to the current line). At the end of a
 * source ingest calls `finish` (when the format has one), which returns
 * PARSE_ERROR if an unfinished record was left, so it is counted, not lost.
 *
 * The registry (registry.c) lists every format; adding one is adding a file and
 * a line there. */
#ifndef MITSUKE_FORMAT_H
#define MITSUKE_FORMAT_H

#include "core/sv.h"
#include "event.h"

#include <stddef.h>

enum { PARSE_ERROR = -1, PARSE_SKIP = 0, PARSE_OK = 1, PARSE_MORE = 2 };

typedef struct format_options {
    const char *field_map;   /* JSON lines: "time=@timestamp,client=src_ip,..." */
    int default_offset_min;  /* offset assumed for times written without one */
} format_options;

typedef struct format {
    const char *name;        /* as given to --format */
    const char *summary;     /* one line for --help */
    event_kind kind;
    int (*sniff)(const sv *lines, size_t n);
    void *(*open)(const format_options *opts, const char **err);
    void (*close)(void *state);
    int (*parse)(void *state, sv line, event *ev, const char **why);
    /* Optional (NULL for one-line formats): end of source. PARSE_SKIP when
     * nothing was pending, PARSE_ERROR with *why and ev->offset/line of the
     * unfinished record otherwise. */
    int (*finish)(void *state, event *ev, const char **why);
} format;

const format *format_find(const char *name);
/* The most confident format for these lines, or NULL when none reaches 50. */
const format *format_sniff(const sv *lines, size_t n, int *confidence);
size_t format_count(void);
const format *format_at(size_t i);

#endif
