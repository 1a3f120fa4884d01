/* coverage_out.h - printing coverage: the human table and the JSON objects.
 *
 * JSON (docs/output.md, `mitsuke coverage`): one object per source, written
 * as soon as the source is read, then one object for all sources together.
 * The text form is a table of the sources, the first unparsed lines, the
 * sources that could not be read, and the gaps. */
#ifndef MITSUKE_COVERAGE_OUT_H
#define MITSUKE_COVERAGE_OUT_H

#include "analysis/coverage.h"
#include "core/json.h"

#include <stdio.h>

void coverage_json_source(jw *w, const coverage_source *cs);
/* `paths_failed`: user paths that named nothing readable (not in the list). */
void coverage_json_all(jw *w, const coverage *c, unsigned paths_failed);
void coverage_print_text(FILE *f, const coverage *c, unsigned paths_failed);

#endif
