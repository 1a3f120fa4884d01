/* hunt_out.h - the IOC sweep's results as a table for people and JSON lines
 * for scripts.
 *
 * JSON lines: one {"kind":"ioc_hit"} object per (indicator, terminal) and a
 * final {"kind":"ioc_summary"}; the fields are documented in docs/output.md
 * ("mitsuke hunt") and kept stable. The table groups hits by indicator and
 * says for each terminal when, how often, and whether any request got
 * through the proxy. */
#ifndef MITSUKE_HUNT_OUT_H
#define MITSUKE_HUNT_OUT_H

#include "core/buf.h"
#include "core/vec.h"
#include "ioc/ioc.h"
#include "ioc/ioc_hits.h"

typedef struct hunt_report {
    const ioc_set *set;
    const ioc_hits *hits;
    const vec *sorted;            /* ioc_hit pointers from ioc_hits_sorted */
    uint64_t records;             /* log records read */
    uint64_t unparsed;            /* log lines that could not be parsed */
    unsigned sources, sources_failed;
    bool logs_read;               /* false for --check: only the indicators are described */
} hunt_report;

void hunt_write_jsonl(buf *out, const hunt_report *r);
void hunt_write_table(buf *out, const hunt_report *r);

#endif
