/* scan.h - the detection pipeline of `mitsuke scan`, without the CLI:
 * events in; findings, ranked destinations, terminals and chart cells out.
 *
 *   scan_init    config -> shared tables (observe.c), chart cells (hourly
 *                and 10-minute), every detector opened
 *   scan_event   one record: working-hours test, observe, chart cells,
 *                each detector's on_event (records are kept back in
 *                batches of SCAN_BATCH, see scan.c; scan_finish does the
 *                last ones)
 *   scan_finish  each detector's finish -> findings; score.c -> results
 *
 * Windows events (EV_WIN) skip all of that: they go to the Windows
 * detectors (detect/win/winscan.h), whose findings are s->win.findings.
 *
 * The CLI (cli/cmd_scan.c) feeds it from ingest_run and hands the results to
 * the sinks (report/scan_out.c, store/store.c); tests feed it synthetic
 * events directly. */
#ifndef MITSUKE_SCAN_H
#define MITSUKE_SCAN_H

#include "config/config.h"
#include "detect/cells.h"
#include "detect/detector.h"
#include "detect/observe.h"
#include "detect/score.h"
#include "detect/win/winscan.h"

#define SCAN_MAX_DETECTORS 16
/* Records kept back and looked up together (scan.c). */
#define SCAN_BATCH 32

/* A record waiting in the batch: a copy of the event with its strings, and
 * what observe prepared for it. */
typedef struct scan_pending {
    event ev;
    obs_prep prep;
    char *text;                    /* the event's strings */
    size_t cap;
} scan_pending;

typedef struct scan_engine {
    const config *cfg;
    workhours work;                /* a copy: it caches the zone offset of the last hour */
    observe obs;
    cells cells;                   /* hourly chart cells */
    cells cells10;                 /* 10-minute chart cells, under cfg->scan.cells10_memory */
    struct {
        const detector *d;
        void *state;
    } det[SCAN_MAX_DETECTORS];
    int ndet;
    detect_ctx ctx;
    vec sources;                   /* const source * by source id */
    scan_pending *batch;           /* SCAN_BATCH records not yet observed */
    int nbatch;
    finding_list findings;
    scan_result result;
    win_scan win;                  /* the Windows event detectors (detect/win/), fed the EV_WIN records */
    bool finished;
} scan_engine;

/* `only` is a comma-separated list of detector names (proxy or Windows),
 * NULL for all. Returns false (with the unknown name in err) when a name is
 * neither. */
bool scan_init(scan_engine *s, const config *cfg, const char *only, char *err, size_t errlen);
/* The chart cells (cells.h, hourly and 10-minute) are read only by the
 * store and the HTML report: a scan whose results go to neither can skip
 * them and keep only their incomplete marks (less memory and time; the JSON
 * lines' hourly_complete is the same). Call before the first scan_event. */
void scan_skip_cells(scan_engine *s);
void scan_event(scan_engine *s, const event *ev);
/* Observes the records kept back in the batch now (scan_finish does it too),
 * for a caller that reads the tables before the end. */
void scan_flush(scan_engine *s);
void scan_finish(scan_engine *s);
void scan_free(scan_engine *s);
/* Approximate bytes held by the scan's tables (for --verbose and the benchmark). */
size_t scan_bytes(const scan_engine *s);

#endif
