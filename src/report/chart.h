/* chart.h - the terminal x time chart (Figure 2 of seed 004) as inline SVG.
 *
 * One row per terminal, sorted by first suspicious time; one column per 10
 * minutes, hour or day (three views, switched in the page); a cell is
 *   coloured  when a request to a suspicious destination got through in that
 *             period, one colour per destination (legend numbers 1, 2, ...
 *             tell apart colours that look alike). When several destinations
 *             got through in one cell, the cell is split into horizontal
 *             bands, one per destination, up to CHART_MAX_BANDS (those with
 *             the most successful requests); the tooltip lists them all.
 *   grey      when there were requests and none got through.
 * Periods without log records are shaded (coverage gaps from the store's
 * `gaps` table to the minute, and columns whose coverage_hours count is zero)
 * and the gaps are labelled above the columns, with the --events markers.
 *
 * Drawing: the cells live in an SVG whose viewBox is one unit per column and
 * per row (preserveAspectRatio="none"), so a run of equal cells is one short
 * path segment ("M12 3.08h4v.84h-4z") in one <path> per colour; the page stays
 * small (see docs/report.md for the measured bytes per cell) and the same SVG
 * stretches to the paper width when printed. Text (axis, labels) sits in
 * separate SVGs positioned in percent, so it never stretches.
 *
 * The tooltip is the page script's job: it maps the mouse position to a row
 * and column and reads that cell from the JSON data block written by
 * chart_write_data (per row: column deltas and per-destination counts, plus
 * bytes out/in when the view has at most CHART_BYTES_CELLS cells: about 9
 * bytes of data per cell without them, 20 with).
 *
 * The 10-minute view (from the store's cells10, schema v3) covers the whole
 * span when it has at most CHART_10MIN_MAX_COLS columns and CHART_10MIN_MAX_CELLS
 * cells; otherwise a window of whole local days around a chosen day (the
 * report's --day, else the day the most terminals made their first
 * suspicious request), widened a day at a time while it stays within both;
 * if that one day has too many cells, the hours around its busiest one. The
 * plan is made from the store's counts of cells per 10 minutes, and only the
 * planned period's cells are read (chart_load_10min). The page opens the view
 * scrolled to the focus day; clicking a cell of the hourly or daily view
 * opens it at that time, and a row of day buttons jumps through it.
 *
 * Size guards: at most CHART_MAX_ROWS rows, and at most CHART_MAX_CELLS cells
 * per view; the hourly view is left out (the daily one kept) when it would
 * exceed that, and rows are cut when even the daily view would; the
 * 10-minute view is left out when not even one hour fits. The page says so,
 * and `mitsuke timeline` still gives every cell. */
#ifndef MITSUKE_CHART_H
#define MITSUKE_CHART_H

#include "core/buf.h"
#include "core/json.h"
#include "report/events_file.h"
#include "report/model.h"
#include "report/timeline.h"

#define CHART_ROW_PX 14
#define CHART_LABEL_PX 200
#define CHART_MAX_ROWS 5000
#define CHART_MAX_CELLS 500000
#define CHART_MAX_BANDS 4
#define CHART_BYTES_CELLS 150000
#define CHART_MAX_HOUR_COLS (2 * TIMELINE_AUTO_MAX_HOURS)
#define CHART_10MIN_MAX_COLS (28 * 144)
#define CHART_10MIN_MAX_CELLS 60000
#define CHART_10MIN_MAX_DAYS 100000 /* longer spans (a broken clock) get no 10-minute view */

enum { VIEW_10MIN = 0, VIEW_HOUR = 1, VIEW_DAY = 2, VIEW_COUNT = 3 };

typedef struct chart {
    const report_model *m;
    const report_events *events; /* may be NULL */
    timeline views[VIEW_COUNT];
    bool present[VIEW_COUNT];
    int initial;          /* the view shown when the page opens */
    size_t rows;          /* the first `rows` terminals are drawn */
    int *slot;            /* model destination -> index in the data block's list, or -1 */
    size_t nslots;
    bool hour_too_big;    /* the hourly view was left out by the size guard */
    bool hour_too_long;   /* ... or because the span has too many hours */
    bool tenmin_window;   /* the 10-minute view covers only some days of the span */
    bool tenmin_too_big;  /* the 10-minute view was left out: not even one day fits */
    size_t tenmin_focus;  /* the 10-minute column the page opens at */
} chart;

/* How the 10-minute view is drawn, decided before its cells are read. */
typedef struct tenmin_plan {
    bool draw;              /* the page gets a 10-minute view */
    bool too_big;           /* it is left out: not even one day fits the limits */
    bool window;            /* it covers only some days of the span */
    int64_t from_ms, to_ms; /* its columns' span (MTIME_NONE: the logs' own ends) */
    int64_t focus_ms;       /* where the page opens it */
    bool day_outside;       /* the focus day asked for is not in the logs' span (so it was chosen) */
} tenmin_plan;

/* Plans the 10-minute view from m->cells10_buckets (report_model_count_cells10).
 * `focus_day` (a local day, display_day_of) centres it; MTIME_NONE chooses
 * the day the most terminals made their first suspicious request. */
void chart_plan_10min(const report_model *m, int64_t focus_day, tenmin_plan *p);
/* The report's way: count the store's 10-minute cells, plan, and read the
 * planned period's cells into m->cells10. False with a message on an SQL error. */
bool chart_load_10min(sqlite3 *db, report_model *m, int64_t focus_day, tenmin_plan *p, char *err, size_t errsz);

/* Builds the views (the 10-minute one as planned; `plan` NULL: none); false
 * with a message when `initial` cannot be drawn from this store (10-minute
 * columns from a store without 10-minute cells). */
bool chart_init(chart *c, const report_model *m, const report_events *ev, bucket_kind initial,
                const tenmin_plan *plan, char *err, size_t errsz);
void chart_free(chart *c);

/* Colour i of the palette as "#rrggbb". */
void chart_colour(int i, char hex[8]);
/* CSS rules .d0, .d1, ... for the colours in use. */
void chart_write_css(buf *b, const chart *c);
/* The legend, the view switch and one block per view. */
void chart_write_html(buf *b, const chart *c);
/* The "chart" member of the page's JSON data block. */
void chart_write_data(jw *w, const chart *c);

#endif
