/* timeline_out.h - the chart's matrix for people who draw their own charts
 * (`mitsuke timeline`): CSV, one JSON document, or JSON lines. The fields are
 * documented in docs/output.md ("mitsuke timeline"). */
#ifndef MITSUKE_TIMELINE_OUT_H
#define MITSUKE_TIMELINE_OUT_H

#include "report/model.h"
#include "report/timeline.h"

#include <stdio.h>

typedef enum { TL_OUT_CSV, TL_OUT_JSON, TL_OUT_JSONL } timeline_format;

/* Returns 0, or -1 when writing failed (e.g. a closed pipe). */
int timeline_write(FILE *out, const report_model *m, const timeline *t, timeline_format fmt);

#endif
