/* scan_out.h - the results of `mitsuke scan` for people and for scripts.
 *
 * The table is for reading in a terminal (English or Japanese, --lang): the
 * suspicious destinations ranked by score with their evidence, then the
 * terminals that talked to them. JSON lines are the stable interface for
 * scripts, documented in docs/output.md ("mitsuke scan"): one object per
 * destination ("kind": "destination"), per terminal ("kind": "terminal") and
 * a closing summary ("kind": "summary"). Every string from a log is escaped
 * (JSON) or has its control characters replaced (table). */
#ifndef MITSUKE_SCAN_OUT_H
#define MITSUKE_SCAN_OUT_H

#include "core/buf.h"
#include "detect/scan.h"

#include <stdio.h>

typedef struct scan_out_options {
    int min_severity;           /* destinations below are not listed */
    size_t limit;               /* table: destinations shown (0 = all) */
    uint64_t records;           /* records read, for the summary */
    uint64_t unparsed;
    size_t nsources;
} scan_out_options;

void scan_write_table(buf *b, const scan_engine *s, const scan_out_options *o);
void scan_write_jsonl(buf *b, const scan_engine *s, const scan_out_options *o);

#endif
