/* progress.c - the stderr progress line; see progress.h. */
#include "core/progress.h"
#include "core/diag.h"
#include "core/lang.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, uint64_t total_bytes) {
    p->enabled = isatty(STDERR_FILENO) && diag_get_level() >= DIAG_NORMAL;
    p->shown = false;
    p->start = p->last = now_seconds();
    p->total_bytes = total_bytes;
}

void progress_update(progress *p, uint64_t bytes, uint64_t records, const char *current) {
    if (!p->enabled) return;
    double t = now_seconds();
    if (t - p->start < 1.0 || t - p->last < 0.25) return;
    p->last = t;
    p->shown = true;
    double mb = (double)bytes / 1e6, rate = mb / (t - p->start);
    fputs("\r\033[K", stderr);
    if (p->total_bytes) fprintf(stderr, "%5.1f%%  ", 100.0 * (double)bytes / (double)p->total_bytes);
    fprintf(stderr, L("%.0f MB  %llu records  %.0f MB/s  %s", "%.0f MB  %llu 件  %.0f MB/s  %s"), mb,
            (unsigned long long)records, rate, current ? diag_safe(current) : "");
    fflush(stderr);
}

void progress_end(progress *p) {
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = false;
}
