/* ingest.h - the front of the pipeline: sources -> readers -> parsers -> events.
 *
 * ingest_run opens each source in order, reads its first lines to sniff the
 * format (unless one was given), parses every line and passes each event to
 * the caller's callback. A source that starts with the .evtx signature (after
 * decompression), or any source under --format evtx, is read record by record
 * by the .evtx reader instead (formats/evtx.h), its damage reported with the
 * byte offset and chunk. Bad records are reported (naming source, line and
 * offset), skipped and counted; a source that cannot be read at all is
 * reported and the run goes on with the next. Per-source counts come back in
 * ingest_stats so `coverage` can show that nothing was silently dropped. */
#ifndef MITSUKE_INGEST_H
#define MITSUKE_INGEST_H

#include "event.h"
#include "formats/format.h"
#include "io/sources.h"
#include "io/stream.h"

#include <stdbool.h>
#include <stdint.h>

#define INGEST_BAD_SAMPLES 5

typedef struct ingest_stats {
    const source *src;
    const format *fmt;          /* NULL when the format could not be told */
    stream_codec codec;
    uint64_t records;           /* parsed into events */
    uint64_t unparsed;          /* lines that should have been records but were not */
    uint64_t skipped;           /* headers, comments, blank lines */
    uint64_t too_long;          /* lines over the length limit (also counted in unparsed) */
    uint64_t bytes;             /* uncompressed bytes read */
    uint64_t bad_offsets[INGEST_BAD_SAMPLES], bad_lines[INGEST_BAD_SAMPLES];
    unsigned bad_count;         /* samples filled */
    int64_t first_ms, last_ms;  /* earliest and latest record time */
    bool opened;                /* false: could not open at all */
    bool read_error;            /* stopped early: truncated or corrupt data */
    char error[256];            /* why, when opened is false or read_error */
} ingest_stats;

/* Return non-zero from the callback to stop the run. */
typedef int (*ingest_event_fn)(const event *ev, void *ctx);
/* Called after each source with its final counts (may be NULL). */
typedef void (*ingest_source_fn)(const ingest_stats *st, void *ctx);

typedef struct ingest_options {
    const char *format_name;    /* NULL: sniff each source */
    format_options fopts;
    size_t max_line;            /* 0: LR_DEFAULT_MAX_LINE */
    bool show_progress;
    event_kind want;            /* EV_NONE: any kind */
} ingest_options;

typedef struct ingest_result {
    uint64_t records, unparsed;
    unsigned sources_failed;    /* sources that could not be opened or read to the end */
    bool stopped;               /* the callback asked to stop */
} ingest_result;

/* Returns -1 if format_name is unknown (nothing is read), else 0. */
int ingest_run(source_list *sources, const ingest_options *opts, ingest_event_fn on_event,
               ingest_source_fn on_source, void *ctx, ingest_result *res);

#endif
