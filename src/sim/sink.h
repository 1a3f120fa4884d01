/* sink.h - one output log of the simulation, rotated per JST day.
 *
 * A sink owns a file name pattern ("access.log-%D": %D becomes 20150508, %I
 * becomes 2015-05-08) inside an output folder, opens the right day's file when
 * a record for a new day arrives (so records must come in time order, which
 * the engine guarantees), and writes through a buffer, plain or gzip (zlib,
 * header without a time stamp, so the bytes are reproducible). Formats with a
 * header or footer per file (W3C #Fields, Zeek #close, XML <Events>) set the
 * hooks. With `single` set the sink writes one file for the whole run.
 *
 * Write errors are remembered (the first message) and reported by the
 * command at the end; the run goes on so a full disk does not look like a
 * crash. Memory is the buffer only. */
#ifndef MITSUKE_SIM_SINK_H
#define MITSUKE_SIM_SINK_H

#include "core/buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sim_sink sim_sink;
/* Write the file's header (on open) or footer (before close) into s->b. */
typedef void (*sink_hook)(sim_sink *s, int64_t day_start_ms);

struct sim_sink {
    const char *dir;        /* output folder, must exist */
    const char *pattern;
    bool gzip, single;
    sink_hook on_open, on_close;
    void *ctx;              /* for the hooks and writers */
    int64_t day;            /* JST day number of the open file (days since 1970) */
    int64_t day_start;      /* UTC ms of that day's 00:00 JST */
    FILE *f;
    void *gz;               /* gzFile */
    buf b;
    uint64_t records, bytes, files;
    bool failed;
    char error[1024];
};

void sink_init(sim_sink *s, const char *dir, const char *pattern, bool gzip);
/* The buffer to append one record dated t_ms to (opens files as needed). */
buf *sink_begin(sim_sink *s, int64_t t_ms);
/* After the record is appended: counts it, flushes a full buffer. */
void sink_end(sim_sink *s);
/* Footer, flush, close. Returns false if anything failed (see s->error). */
bool sink_close(sim_sink *s);

/* "2015-05-08" / "20150508" for the JST day of t_ms. */
void jst_date(int64_t t_ms, char out[11], bool dashes);

#endif
