/* winscan.h - running the Windows event detectors over a stream of events.
 *
 *   win_scan_init    settings -> every (or the named) detector opened
 *   win_scan_event   one event: typed fields read once (winfields.h), the
 *                    host named, each detector's on_event; other kinds of
 *                    events are ignored
 *   win_scan_finish  each detector's finish -> findings, sorted: severity,
 *                    score, first time, detector, title (deterministic)
 *
 * `mitsuke winlog` (cli/cmd_winlog.c) and `mitsuke scan` (detect/scan.c)
 * both use it; tests feed it events made by hand. */
#ifndef MITSUKE_WINSCAN_H
#define MITSUKE_WINSCAN_H

#include "detect/win/windetector.h"

#define WIN_MAX_DETECTORS 32

typedef struct win_scan {
    win_ctx ctx;
    struct {
        const windetector *d;
        void *state;
    } det[WIN_MAX_DETECTORS];
    int ndet;
    win_recent recent;             /* shared by the detectors through ctx.recent */
    win_procs procs;               /* ...and ctx.procs */
    finding_list findings;
    uint64_t events;               /* Windows events seen */
    uint64_t by_channel[WCH_COUNT];
    int64_t first_ms, last_ms;
    uint32_t hosts;                /* distinct computers */
    bool finished;
} win_scan;

/* `only` is a comma-separated list of detector names, NULL for all; names of
 * proxy detectors in it are ignored (scan passes one list to both). Returns
 * false with the unknown name in err when `strict` and a name is not a
 * Windows detector. */
bool win_scan_init(win_scan *s, const config *cfg, const char *only, bool strict, char *err, size_t errlen);
void win_scan_event(win_scan *s, const event *ev);
void win_scan_finish(win_scan *s);
void win_scan_free(win_scan *s);
/* The highest severity of the findings, -1 when none. */
int win_scan_max_severity(const win_scan *s);
/* Whether `name` is a Windows detector's. */
bool win_scan_knows(const char *name);

#endif
