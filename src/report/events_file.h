/* events_file.h - known events to mark on the chart (`report --events FILE`).
 *
 * An analyst knows things the logs do not say: when each suspicious mail
 * arrived, when a LAN cable was pulled. Given as a small file, they appear as
 * markers above the chart's columns ("mail IV received") and in a table.
 *
 *   CSV   one event per line: time,label[,kind]. An optional header line
 *         starting with "time", blank lines and lines starting with '#' are
 *         skipped; fields may be quoted ("a, b" and "" for a quote).
 *   JSON  an array of {"time": ..., "label": ..., "kind": ...}, or an object
 *         whose "events" member is such an array.
 *
 * time is ISO 8601 ("2015-05-20T13:05:00+09:00"; without an offset it is in
 * the display zone) or Unix seconds. kind is free text; "mail", "action" and
 * "detection" get their own marker colour. A bad line or item is skipped and
 * counted, and the first few are described in `problems` for the CLI to show;
 * labels and kinds are cut at EVENTS_MAX_TEXT bytes. */
#ifndef MITSUKE_EVENTS_FILE_H
#define MITSUKE_EVENTS_FILE_H

#include "core/arena.h"
#include "core/sv.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

#define EVENTS_MAX_FILE (16 * 1024 * 1024)
#define EVENTS_MAX_TEXT 200
#define EVENTS_MAX_PROBLEMS 5

typedef struct report_event {
    int64_t ms;
    sv label, kind; /* kind is empty when not given */
} report_event;

typedef struct report_events {
    arena strings;
    vec items;        /* report_event, sorted by time */
    uint64_t skipped; /* lines or items that could not be read */
    vec problems;     /* char * (in `strings`), the first EVENTS_MAX_PROBLEMS reasons */
} report_events;

void report_events_init(report_events *ev);
/* Reads FILE. False (with a message) only when the file cannot be read at
 * all; bad lines are skipped and counted. */
bool report_events_load(report_events *ev, const char *path, char *err, size_t errsz);
/* Parses a buffer (the loader and the tests use it). */
void report_events_parse(report_events *ev, sv text);
void report_events_free(report_events *ev);

#define REPORT_EVENT(ev, i) VEC_AT(&(ev)->items, report_event, i)

#endif
