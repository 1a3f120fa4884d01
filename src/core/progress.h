/* progress.h - one progress line on stderr for long runs.
 *
 * Shown only when stderr is a terminal, the run has lasted more than a second,
 * and the user did not ask for --quiet; redrawn at most four times a second. */
#ifndef MITSUKE_PROGRESS_H
#define MITSUKE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct progress {
    bool enabled, shown;
    double start, last;
    uint64_t total_bytes;  /* 0 when unknown (stdin, compressed input) */
} progress;

double now_seconds(void);   /* monotonic */
void progress_start(progress *p, uint64_t total_bytes);
void progress_update(progress *p, uint64_t bytes, uint64_t records, const char *current);
void progress_end(progress *p);

#endif
