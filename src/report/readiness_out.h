/* readiness_out.h - printing `mitsuke readiness`: the text report and the
 * JSON lines (docs/output.md, `mitsuke readiness`).
 *
 * JSON: per computer one "computer" object, one "channel" object per channel
 * and one "gap" object per missing item; then the gaps of all computers
 * together (no domain controller logs) and a last "summary" object. The text
 * form is a verdict table, the gaps of all computers, each missing setting
 * once with the computers that need it, then per computer its channels, event
 * ids and gaps. Every string from a log is escaped (JSON) or made printable
 * (text). */
#ifndef MITSUKE_READINESS_OUT_H
#define MITSUKE_READINESS_OUT_H

#include "analysis/readiness.h"
#include "core/buf.h"

#include <stdint.h>

typedef struct readiness_inputs {
    size_t sources;             /* sources read */
    unsigned sources_failed;    /* not read to the end */
    unsigned paths_failed;      /* command-line paths that named nothing usable */
    uint64_t unparsed;          /* records that could not be parsed */
    unsigned not_windows;       /* sources read whose records were not Windows events */
} readiness_inputs;

/* The message of a gap (why it matters, with its facts) in the output language. */
void readiness_gap_why(buf *b, const readiness *r, const rd_gap *g);
void readiness_write_jsonl(buf *b, const readiness *r, const readiness_inputs *in);
void readiness_write_text(buf *b, const readiness *r, const readiness_inputs *in);

#endif
