/* chart.c - the terminal x time chart; see chart.h for what it draws.
 *
 * Writing order per view: the axis SVG (event and gap labels in lanes, dates,
 * hours), the row labels SVG, and the cells SVG (zebra rows, no-log shading,
 * day lines, grey cells, one path per colour, event lines). Cells are walked
 * row by row in the timeline's (row, col, dest) order; consecutive columns
 * with the same look are merged into one run before they are drawn. */
#include "report/chart.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/when.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LANE_PX 14
#define DATE_ROW_PX 16
#define HOUR_ROW_PX 12
#define MAX_LANES 6
#define NAME_MAX_BYTES 256 /* names in the data block and row labels */

/* Column width in pixels: the span fits about CHART_FIT_PX (4 weeks of hours
 * in 2,688 px), within limits that keep cells big enough to point at. */
#define CHART_FIT_PX 1800
#define CHART_PRINT_PX 850 /* the chart's width on A4 landscape, beside the row labels */
static const int min_col_px[VIEW_COUNT] = {6, 4, 14}, max_col_px[VIEW_COUNT] = {14, 14, 40};

static int col_px(const timeline *t, int view) {
    int px = t->ncols ? (int)(CHART_FIT_PX / t->ncols) : max_col_px[view];
    return px < min_col_px[view] ? min_col_px[view] : px > max_col_px[view] ? max_col_px[view] : px;
}
static const char *const view_token[VIEW_COUNT] = {"10min", "hour", "day"};

/* ---- palette ------------------------------------------------------------ */

/* 24 colours picked to be told apart (after Kelly's list of maximum-contrast
 * colours), none of them grey, so the failure grey stays unambiguous. */
static const char *const palette[] = {
    "#0067a5", "#be0032", "#008856", "#f38400", "#875692", "#a1caf1", "#f3c300", "#882d17",
    "#e68fac", "#8db600", "#604e97", "#f99379", "#2b3d26", "#dcd300", "#b3446c", "#17becf",
    "#654522", "#e25822", "#1f3a93", "#00a86b", "#ff5fa2", "#7f4f00", "#5a9bd4", "#4b0082",
};

void chart_colour(int i, char hex[8]) {
    if (i >= 0 && (size_t)i < ARRAY_LEN(palette)) {
        memcpy(hex, palette[i], 8);
        return;
    }
    /* Beyond the list: hues a golden angle apart, alternating lightness. */
    double h = fmod((double)i * 137.508, 360.0) / 60.0, s = 0.7, l = i % 2 ? 0.38 : 0.55;
    double c = (1 - fabs(2 * l - 1)) * s, x = c * (1 - fabs(fmod(h, 2) - 1)), m = l - c / 2;
    double r = 0, g = 0, b = 0;
    switch ((int)h) {
    case 0: r = c, g = x; break;
    case 1: r = x, g = c; break;
    case 2: g = c, b = x; break;
    case 3: g = x, b = c; break;
    case 4: r = x, b = c; break;
    default: r = c, b = x; break;
    }
    snprintf(hex, 8, "#%02x%02x%02x", (unsigned)lround((r + m) * 255) & 255, (unsigned)lround((g + m) * 255) & 255,
             (unsigned)lround((b + m) * 255) & 255);
}

void chart_write_css(buf *b, const chart *c) {
    for (int i = 0; i < c->m->colours; i++) {
        char hex[8];
        chart_colour(i, hex);
        buf_printf(b, ".d%d{fill:%s;background:%s}\n", i, hex, hex);
    }
}

/* ---- setup -------------------------------------------------------------- */

static size_t cells_in_rows(const timeline *t, size_t rows) { return t->row_start[rows < t->nrows ? rows : t->nrows]; }

/* The local day on which the most drawn terminals made their first
 * suspicious request (the earliest of equals), MTIME_NONE if none has a time.
 * Terminals are sorted by that time, so a day's terminals are adjacent. */
static int64_t spread_day(const report_model *m, size_t rows) {
    int64_t best = MTIME_NONE, run_day = MTIME_NONE;
    size_t best_n = 0, run_n = 0;
    for (size_t r = 0; r <= rows; r++) {
        int64_t first = r < rows ? RM_TERM(m, r).first_ms : MTIME_NONE;
        int64_t d = first != MTIME_NONE ? display_day_of(first) : MTIME_NONE;
        if (d != MTIME_NONE && d == run_day) {
            run_n++;
            continue;
        }
        if (run_day != MTIME_NONE && run_n > best_n) best = run_day, best_n = run_n;
        run_day = d, run_n = 1;
    }
    return best;
}

/* When even the focus day [p->from_ms, p->to_ms) has too many cells: the
 * hours around its busiest one, added one at a time (after, then before)
 * while the cells stay within the limit; the view is left out when not even
 * that hour fits. */
static void plan_hours(const report_model *m, tenmin_plan *p) {
    int64_t day = p->from_ms;
    size_t nh = (size_t)((p->to_ms - day + STORE_CELL_MS - 1) / STORE_CELL_MS), busiest = 0;
    size_t *hour_cells = xcalloc(nh ? nh : 1, sizeof *hour_cells);
    for (size_t i = 0; i < m->cells10_buckets.len; i++) {
        const rm_bucket *bk = &RM_BUCKET(m, i);
        if (bk->start_ms >= day && bk->start_ms < p->to_ms)
            hour_cells[(bk->start_ms - day) / STORE_CELL_MS] += (size_t)bk->cells;
    }
    for (size_t h = 1; h < nh; h++)
        if (hour_cells[h] > hour_cells[busiest]) busiest = h;
    size_t first = busiest, last = busiest, cells = hour_cells[busiest];
    for (bool grew = cells <= CHART_10MIN_MAX_CELLS; grew;) {
        grew = false;
        if (last + 1 < nh && cells + hour_cells[last + 1] <= CHART_10MIN_MAX_CELLS)
            last++, cells += hour_cells[last], grew = true;
        if (first > 0 && cells + hour_cells[first - 1] <= CHART_10MIN_MAX_CELLS)
            first--, cells += hour_cells[first], grew = true;
    }
    free(hour_cells);
    p->too_big = cells > CHART_10MIN_MAX_CELLS;
    p->draw = !p->too_big;
    p->from_ms = day + (int64_t)first * STORE_CELL_MS;
    p->to_ms = MIN(day + (int64_t)(last + 1) * STORE_CELL_MS, p->to_ms);
}

/* The 10-minute view: the whole span if it fits, else whole local days
 * around the focus day, added one at a time (after, then before) while the
 * columns and cells stay within the limits. Counted from the store's numbers
 * of cells per 10 minutes, before any cell is loaded. */
void chart_plan_10min(const report_model *m, int64_t focus_day, tenmin_plan *p) {
    *p = (tenmin_plan){.from_ms = MTIME_NONE, .to_ms = MTIME_NONE, .focus_ms = MTIME_NONE};
    int64_t lo, hi;
    if (!m->cells10_ms || !timeline_span(m, &lo, &hi)) return;
    lo = floor_div_i64(lo, STORE_CELL_MS) * STORE_CELL_MS; /* the columns start on whole hours */
    hi = floor_div_i64(hi + STORE_CELL_MS - 1, STORE_CELL_MS) * STORE_CELL_MS;
    int64_t dlo = display_day_of(lo), dhi = display_day_of(hi - 1);
    if (dhi - dlo >= CHART_10MIN_MAX_DAYS) return; /* a broken clock: no 10-minute view */
    size_t ndays = (size_t)(dhi - dlo + 1), total_cols = 0, total_cells = 0;
    size_t *day_cells = xcalloc(ndays, sizeof *day_cells), *day_cols = xcalloc(ndays, sizeof *day_cols);
    for (size_t d = 0; d < ndays; d++) {
        int64_t a = MAX(display_utc_of(dlo + (int64_t)d, 0), lo);
        int64_t z = MIN(display_utc_of(dlo + (int64_t)d + 1, 0), hi);
        day_cols[d] = z > a ? (size_t)((z - a) / STORE_CELL10_MS) : 0;
        total_cols += day_cols[d];
    }
    for (size_t i = 0; i < m->cells10_buckets.len; i++) {
        const rm_bucket *bk = &RM_BUCKET(m, i);
        int64_t d = display_day_of(bk->start_ms) - dlo; /* a clock set back can make it -1 */
        if (bk->start_ms < lo || bk->start_ms >= hi || d < 0 || d >= (int64_t)ndays) continue;
        day_cells[d] += (size_t)bk->cells;
        total_cells += (size_t)bk->cells;
    }
    p->day_outside = focus_day != MTIME_NONE && (focus_day < dlo || focus_day > dhi);
    int64_t focus = focus_day != MTIME_NONE && !p->day_outside
                        ? focus_day
                        : spread_day(m, MIN(m->terminals.len, (size_t)CHART_MAX_ROWS));
    if (focus == MTIME_NONE || focus < dlo || focus > dhi) focus = dlo;
    size_t first = (size_t)(focus - dlo), last = first;
    p->draw = true;
    if (total_cols > CHART_10MIN_MAX_COLS || total_cells > CHART_10MIN_MAX_CELLS) {
        size_t cols = day_cols[first], cells = day_cells[first];
        for (bool grew = cells <= CHART_10MIN_MAX_CELLS; grew;) {
            grew = false;
            if (last + 1 < ndays && cols + day_cols[last + 1] <= CHART_10MIN_MAX_COLS &&
                cells + day_cells[last + 1] <= CHART_10MIN_MAX_CELLS)
                last++, cols += day_cols[last], cells += day_cells[last], grew = true;
            if (first > 0 && cols + day_cols[first - 1] <= CHART_10MIN_MAX_COLS &&
                cells + day_cells[first - 1] <= CHART_10MIN_MAX_CELLS)
                first--, cols += day_cols[first], cells += day_cells[first], grew = true;
        }
        p->window = true;
        p->from_ms = MAX(display_utc_of(dlo + (int64_t)first, 0), lo);
        p->to_ms = MIN(display_utc_of(dlo + (int64_t)last + 1, 0), hi);
        if (cells > CHART_10MIN_MAX_CELLS) plan_hours(m, p);
    }
    p->focus_ms = p->window && p->from_ms > display_utc_of(focus, 0) ? p->from_ms
                                                                           : MAX(display_utc_of(focus, 0), lo);
    free(day_cells);
    free(day_cols);
}

bool chart_load_10min(sqlite3 *db, report_model *m, int64_t focus_day, tenmin_plan *p, char *err, size_t errsz) {
    if (!report_model_count_cells10(db, m, err, errsz)) return false;
    chart_plan_10min(m, focus_day, p);
    return !p->draw || report_model_load_cells10(db, m, p->from_ms, p->to_ms, err, errsz);
}

static void build_10min(chart *c, const tenmin_plan *p, char *err, size_t errsz) {
    timeline *t = &c->views[VIEW_10MIN];
    c->tenmin_too_big = p && p->too_big;
    if (!p || !p->draw || !timeline_build_window(c->m, BUCKET_10MIN, p->from_ms, p->to_ms, t, err, errsz)) return;
    c->present[VIEW_10MIN] = t->ncols > 0;
    if (!c->present[VIEW_10MIN]) {
        timeline_free(t);
        return;
    }
    c->tenmin_window = p->window;
    size_t col = timeline_col_of(t, p->focus_ms);
    c->tenmin_focus = col < t->ncols ? col : 0;
}

bool chart_init(chart *c, const report_model *m, const report_events *ev, bucket_kind initial,
                const tenmin_plan *plan, char *err, size_t errsz) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->events = ev;
    if (!timeline_can_draw(m, initial)) {
        snprintf(err, errsz, "--bucket %s: %s", bucket_token(initial), bucket_10min_missing_message());
        return false;
    }
    bucket_kind want = initial == BUCKET_AUTO ? timeline_auto_bucket(m) : initial;
    timeline *day = &c->views[VIEW_DAY], *hour = &c->views[VIEW_HOUR];
    /* hours and days are always drawable from the store's hourly cells */
    timeline_build(m, BUCKET_DAY, day, err, errsz);
    timeline_build(m, BUCKET_HOUR, hour, err, errsz);
    c->present[VIEW_DAY] = true;
    c->rows = MIN(m->terminals.len, (size_t)CHART_MAX_ROWS);
    while (c->rows > 1 && cells_in_rows(day, c->rows) > CHART_MAX_CELLS) c->rows--;
    c->hour_too_long = hour->ncols > CHART_MAX_HOUR_COLS;
    c->hour_too_big = cells_in_rows(hour, c->rows) > CHART_MAX_CELLS;
    c->present[VIEW_HOUR] = !c->hour_too_long && !c->hour_too_big;
    if (!c->present[VIEW_HOUR]) timeline_free(hour);
    build_10min(c, plan, err, errsz);
    /* the view asked for, or the next coarser one the page has */
    int v = want == BUCKET_10MIN ? VIEW_10MIN : want == BUCKET_HOUR ? VIEW_HOUR : VIEW_DAY;
    while (!c->present[v]) v++;
    c->initial = v;

    /* The data block lists only the destinations that have a drawn cell. */
    c->slot = xmalloc((m->destinations.len ? m->destinations.len : 1) * sizeof(int));
    bool *drawn = xcalloc(m->destinations.len + 1, sizeof(bool));
    for (int k = 0; k < VIEW_COUNT; k++)
        for (size_t i = 0; c->present[k] && i < cells_in_rows(&c->views[k], c->rows); i++)
            drawn[c->views[k].cells[i].dest] = true;
    for (size_t i = 0; i < m->destinations.len; i++) c->slot[i] = drawn[i] ? (int)c->nslots++ : -1;
    free(drawn);
    return true;
}

void chart_free(chart *c) {
    for (int v = 0; v < VIEW_COUNT; v++)
        if (c->present[v]) timeline_free(&c->views[v]);
    free(c->slot);
    memset(c, 0, sizeof *c);
}

/* ---- small writers ------------------------------------------------------ */

/* A coordinate with at most two decimals, no trailing zeros, no leading "0". */
static void put_num(buf *b, double v) {
    long long hundredths = llround(v * 100);
    if (hundredths < 0) {
        buf_putc(b, '-');
        hundredths = -hundredths;
    }
    long long whole = hundredths / 100, frac = hundredths % 100;
    if (whole || !frac) buf_put_i64(b, whole);
    if (frac) {
        if (frac % 10) buf_printf(b, ".%02lld", frac);
        else buf_printf(b, ".%lld", frac / 10);
    }
}

static void put_pct(buf *b, double x, size_t ncols) { buf_printf(b, "%.4f%%", ncols ? x * 100.0 / (double)ncols : 0); }

/* Display width in pixels of a label at the axis font size (CJK counts double). */
static double text_px(sv s) {
    double px = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char ch = (unsigned char)s.p[i];
        if (ch < 0x80) px += 6.2;
        else if (ch >= 0xe0) px += 11.5;
        else if (ch >= 0xc0) px += 7;
    }
    return px;
}

static void put_local_date(buf *b, int64_t ms) {
    local_tm t = local_time(ms);
    buf_printf(b, "%04lld-%02u-%02u (%s)", (long long)t.year, t.month, t.day, weekday_label(t.wday));
}

/* ---- the look of one cell ----------------------------------------------- */

typedef struct look {
    int n;                       /* 0 = empty, -1 = grey (requests, none got through), else bands */
    int colour[CHART_MAX_BANDS]; /* ascending */
} look;

static bool look_eq(const look *a, const look *b) {
    if (a->n != b->n) return false;
    for (int i = 0; i < a->n; i++)
        if (a->colour[i] != b->colour[i]) return false;
    return true;
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

/* The look of cells [from, to) (one row, one column). */
static look cell_look(const report_model *m, const tl_cell *cells, size_t from, size_t to) {
    look lk = {0, {0}};
    int64_t best_ok[CHART_MAX_BANDS] = {0};
    bool requests = false;
    for (size_t i = from; i < to; i++) {
        const tl_cell *c = &cells[i];
        if (c->requests > 0 || c->failed > 0) requests = true;
        int colour = RM_DEST(m, c->dest).colour;
        if (c->ok <= 0 || colour < 0) continue;
        /* keep the CHART_MAX_BANDS destinations with the most successful requests */
        int at = lk.n < CHART_MAX_BANDS ? lk.n++ : -1;
        if (at < 0) {
            int weakest = 0;
            for (int k = 1; k < CHART_MAX_BANDS; k++)
                if (best_ok[k] < best_ok[weakest]) weakest = k;
            if (best_ok[weakest] >= c->ok) continue;
            at = weakest;
        }
        lk.colour[at] = colour, best_ok[at] = c->ok;
    }
    if (lk.n) qsort(lk.colour, (size_t)lk.n, sizeof(int), cmp_int);
    else if (requests) lk.n = -1;
    return lk;
}

typedef struct paths {
    buf *colour; /* one per colour */
    buf grey;
} paths;

static void put_box(buf *b, double x, double y, double w, double h) {
    buf_putc(b, 'M');
    put_num(b, x);
    buf_putc(b, ' ');
    put_num(b, y);
    buf_putc(b, 'h');
    put_num(b, w);
    buf_putc(b, 'v');
    put_num(b, h);
    buf_puts(b, "h-");
    put_num(b, w);
    buf_putc(b, 'z');
}

static void draw_run(paths *p, size_t row, size_t col, size_t len, const look *lk) {
    if (lk->n == 0) return;
    if (lk->n < 0) {
        put_box(&p->grey, (double)col, (double)row + .08, (double)len, .84);
        return;
    }
    double band = .84 / lk->n;
    for (int i = 0; i < lk->n; i++)
        put_box(&p->colour[lk->colour[i]], (double)col, (double)row + .08 + band * i, (double)len, band);
}

static void draw_cells(buf *b, const chart *c, const timeline *t) {
    paths p = {xcalloc((size_t)c->m->colours + 1, sizeof(buf)), {0}};
    for (size_t r = 0; r < c->rows; r++) {
        size_t i = t->row_start[r], end = t->row_start[r + 1];
        look run = {0, {0}};
        size_t run_col = 0, run_len = 0;
        while (i < end) {
            size_t j = i;
            while (j < end && t->cells[j].col == t->cells[i].col) j++;
            look lk = cell_look(c->m, t->cells, i, j);
            size_t col = t->cells[i].col;
            if (run_len && col == run_col + run_len && look_eq(&lk, &run)) {
                run_len++;
            } else {
                draw_run(&p, r, run_col, run_len, &run);
                run = lk, run_col = col, run_len = 1;
            }
            i = j;
        }
        draw_run(&p, r, run_col, run_len, &run);
    }
    if (p.grey.len) {
        buf_puts(b, "<path class=\"fail\" d=\"");
        buf_put(b, p.grey.p, p.grey.len);
        buf_puts(b, "\"/>\n");
    }
    for (int k = 0; k < c->m->colours; k++) {
        if (p.colour[k].len) {
            buf_printf(b, "<path class=\"d%d\" d=\"", k);
            buf_put(b, p.colour[k].p, p.colour[k].len);
            buf_puts(b, "\"/>\n");
        }
        buf_free(&p.colour[k]);
    }
    buf_free(&p.grey);
    free(p.colour);
}

/* ---- shading, separators, markers --------------------------------------- */

typedef struct span_x {
    double x0, x1;
} span_x;

/* Periods without logs, as column positions: gaps in all sources together
 * (to the minute), and columns whose coverage count is zero. */
static size_t nolog_spans(const chart *c, const timeline *t, span_x **out) {
    const report_model *m = c->m;
    size_t n = 0, cap = m->gaps.len + t->ncols + 1;
    span_x *s = xmalloc(cap * sizeof *s);
    for (size_t i = 0; i < m->gaps.len; i++) {
        const rm_gap *g = &RM_GAP(m, i);
        if (g->source != -1) continue;
        double x0 = timeline_x_of(t, g->start_ms), x1 = timeline_x_of(t, g->end_ms);
        if (x1 <= x0) continue;
        if (x1 - x0 < .2) x1 = x0 + .2; /* keep a short gap visible */
        s[n++] = (span_x){x0, x1};
    }
    size_t ngaps = n;
    if (t->records)
        for (size_t col = 0; col < t->ncols; col++) {
            if (t->records[col] != 0) continue;
            size_t end = col;
            while (end < t->ncols && t->records[end] == 0) end++;
            bool inside_gap = false; /* already shaded, to the minute */
            for (size_t k = 0; k < ngaps && !inside_gap; k++)
                inside_gap = s[k].x0 <= (double)col && (double)end <= s[k].x1;
            if (!inside_gap) s[n++] = (span_x){(double)col, (double)end};
            col = end;
        }
    *out = s;
    return n;
}

/* Columns that start a local day (hour view) or a week (both views). */
static bool starts_day(const timeline *t, size_t col) {
    return col > 0 && local_time(t->col_start[col]).day_index != local_time(t->col_start[col - 1]).day_index;
}

static const char *event_class(sv kind) {
    if (sv_case_eq(kind, SV("mail"))) return "k-mail";
    if (sv_case_eq(kind, SV("action")) || sv_case_eq(kind, SV("containment"))) return "k-action";
    if (sv_case_eq(kind, SV("detection"))) return "k-det";
    return "k-other";
}

/* ---- the axis ----------------------------------------------------------- */

typedef struct axis_label {
    double x;   /* column position */
    buf text;
    const char *cls;
    int lane;
} axis_label;

static int cmp_label(const void *a, const void *b) {
    double x = ((const axis_label *)a)->x, y = ((const axis_label *)b)->x;
    return (x > y) - (x < y);
}

static size_t collect_labels(const chart *c, const timeline *t, int view, axis_label **out, int *lanes) {
    const report_model *m = c->m;
    size_t nev = c->events ? c->events->items.len : 0, n = 0;
    axis_label *l = xcalloc(nev + m->gaps.len + 1, sizeof *l);
    for (size_t i = 0; i < nev; i++) {
        const report_event *e = &REPORT_EVENT(c->events, i);
        if (timeline_col_of(t, e->ms) == t->ncols) continue;
        l[n].x = timeline_x_of(t, e->ms);
        l[n].cls = event_class(e->kind);
        buf_putsv(&l[n].text, e->label);
        n++;
    }
    for (size_t i = 0; i < m->gaps.len; i++) {
        const rm_gap *g = &RM_GAP(m, i);
        if (g->source != -1 || g->end_ms <= g->start_ms) continue;
        if (!t->ncols || g->end_ms <= t->col_start[0] || g->start_ms >= t->col_start[t->ncols]) continue; /* not in view */
        l[n].x = timeline_x_of(t, g->start_ms);
        l[n].cls = "gap";
        buf_puts(&l[n].text, L("no logs ", "ログ欠損 "));
        when_range(&l[n].text, g->start_ms, g->end_ms);
        n++;
    }
    qsort(l, n, sizeof *l, cmp_label);
    /* Pack labels into lanes at the narrower of the screen and the printed
     * width, so they do not overlap on paper either. */
    double px = MIN((double)col_px(t, view), t->ncols ? (double)CHART_PRINT_PX / (double)t->ncols : 1.0);
    double lane_end[MAX_LANES];
    int used = 0;
    for (size_t i = 0; i < n; i++) {
        double x = l[i].x * px, w = text_px(sv_make(l[i].text.p, l[i].text.len)) + 10;
        int lane = -1;
        for (int k = 0; k < used && lane < 0; k++)
            if (lane_end[k] <= x) lane = k;
        if (lane < 0 && used < MAX_LANES) lane = used++;
        if (lane < 0) { /* every lane busy: share the one that frees first */
            lane = 0;
            for (int k = 1; k < used; k++)
                if (lane_end[k] < lane_end[lane]) lane = k;
        }
        l[i].lane = lane;
        lane_end[lane] = x + w;
    }
    *lanes = used;
    *out = l;
    return n;
}

static void write_axis(buf *b, const chart *c, const timeline *t, int view, const span_x *nolog, size_t nnolog) {
    axis_label *labels;
    int lanes;
    size_t nlabels = collect_labels(c, t, view, &labels, &lanes);
    int lanes_px = lanes * LANE_PX, height = lanes_px + DATE_ROW_PX + (view != VIEW_DAY ? HOUR_ROW_PX : 0);
    size_t width = t->ncols * (size_t)col_px(t, view);
    buf_printf(b, "<svg class=\"axis\" width=\"%zu\" height=\"%d\" aria-hidden=\"true\">", width, height);
    /* shapes, stretched with the columns */
    buf_printf(b, "<svg width=\"100%%\" height=\"%d\" viewBox=\"0 0 %zu %d\" preserveAspectRatio=\"none\">", height,
               t->ncols, height);
    for (size_t i = 0; i < nnolog; i++) {
        buf_puts(b, "<rect class=\"nolog\" x=\"");
        put_num(b, nolog[i].x0);
        buf_printf(b, "\" y=\"0\" width=\"");
        put_num(b, nolog[i].x1 - nolog[i].x0);
        buf_printf(b, "\" height=\"%d\"/>", height);
    }
    buf_puts(b, "<path class=\"day\" d=\"");
    for (size_t col = 1; col < t->ncols; col++)
        if (view == VIEW_DAY || starts_day(t, col)) buf_printf(b, "M%zu %dV%d", col, lanes_px, height);
    buf_puts(b, "\"/>");
    for (size_t i = 0; i < nlabels; i++) {
        buf_printf(b, "<path class=\"evl %s\" d=\"M", labels[i].cls);
        put_num(b, labels[i].x);
        buf_printf(b, " %dV%d\"/>", labels[i].lane * LANE_PX + 2, height);
    }
    buf_puts(b, "</svg>");
    /* text, positioned in percent so it keeps its shape */
    for (size_t i = 0; i < nlabels; i++) {
        buf_printf(b, "<text class=\"lbl %s\" x=\"", labels[i].cls);
        put_pct(b, labels[i].x, t->ncols);
        buf_printf(b, "\" dx=\"3\" y=\"%d\">", labels[i].lane * LANE_PX + 11);
        html_escape_max(b, sv_make(labels[i].text.p, labels[i].text.len), EVENTS_MAX_TEXT + 64);
        buf_puts(b, "</text>");
        buf_free(&labels[i].text);
    }
    free(labels);
    int px = col_px(t, view), date_y = lanes_px + 12, step = view == VIEW_DAY ? (48 + px - 1) / px : 1;
    /* room a date label needs before the end: 6 hourly or 60 px of 10-minute columns */
    size_t date_room = view == VIEW_HOUR ? 6 : (size_t)((60 + px - 1) / px);
    for (size_t col = 0; col < t->ncols; col++) {
        bool is_day_start = view == VIEW_DAY ? col % (size_t)step == 0 : (col == 0 || starts_day(t, col));
        local_tm lt = local_time(t->col_start[col]);
        if (is_day_start && (view == VIEW_DAY || col + date_room < t->ncols)) {
            buf_printf(b, "<text class=\"dl%s\" x=\"", lt.wday == 0 || lt.wday == 6 ? " we" : "");
            put_pct(b, (double)col, t->ncols);
            buf_printf(b, "\" dx=\"2\" y=\"%d\">%02u-%02u", date_y, lt.month, lt.day);
            if (view != VIEW_DAY) buf_printf(b, "<tspan class=\"wd\"> %s</tspan>", weekday_label(lt.wday));
            buf_puts(b, "</text>");
        }
        /* hours: every 6 in the hourly view, every one in the 10-minute view */
        if (view != VIEW_DAY && lt.minute == 0 && lt.hour != 0 && (view == VIEW_10MIN || lt.hour % 6 == 0)) {
            buf_puts(b, "<text class=\"hl\" x=\"");
            put_pct(b, (double)col, t->ncols);
            buf_printf(b, "\" dx=\"1\" y=\"%d\">%u</text>", height - 2, lt.hour);
        }
    }
    buf_puts(b, "</svg>");
}

/* ---- row labels and cells ------------------------------------------------ */

static void write_row_labels(buf *b, const chart *c) {
    buf_printf(b, "<svg class=\"rowlabels\" width=\"%d\" height=\"%zu\">", CHART_LABEL_PX, c->rows * CHART_ROW_PX);
    for (size_t r = 0; r < c->rows; r++) {
        const rm_terminal *term = &RM_TERM(c->m, r);
        buf_printf(b, "<text x=\"4\" y=\"%zu\"%s>", r * CHART_ROW_PX + 11, term->success ? "" : " class=\"fo\"");
        html_escape_max(b, term->name, 30);
        buf_puts(b, "</text>");
    }
    buf_puts(b, "</svg>");
}

static void write_cells(buf *b, const chart *c, const timeline *t, int view, const span_x *nolog, size_t nnolog) {
    size_t rows = c->rows;
    buf_printf(b,
               "<svg class=\"cells\" data-view=\"%s\" width=\"%zu\" height=\"%zu\" viewBox=\"0 0 %zu %zu\" "
               "preserveAspectRatio=\"none\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"%s\">\n",
               view_token[view], t->ncols * (size_t)col_px(t, view), rows * CHART_ROW_PX, t->ncols, rows,
               L("terminal by time chart", "端末と時間の通信状況図"));
    buf_puts(b, "<path class=\"zebra\" d=\"");
    for (size_t r = 1; r < rows; r += 2) buf_printf(b, "M0 %zuh%zuv1h-%zuz", r, t->ncols, t->ncols);
    buf_puts(b, "\"/>\n");
    for (size_t i = 0; i < nnolog; i++) {
        buf_puts(b, "<rect class=\"nolog\" x=\"");
        put_num(b, nolog[i].x0);
        buf_puts(b, "\" y=\"0\" width=\"");
        put_num(b, nolog[i].x1 - nolog[i].x0);
        buf_printf(b, "\" height=\"%zu\"/>\n", rows);
    }
    if (view == VIEW_10MIN) {
        buf_puts(b, "<path class=\"hr\" d=\"");
        for (size_t col = 1; col < t->ncols; col++)
            if (local_time(t->col_start[col]).minute == 0 && !starts_day(t, col)) buf_printf(b, "M%zu 0v%zu", col, rows);
        buf_puts(b, "\"/>\n");
    }
    buf_puts(b, "<path class=\"day\" d=\"");
    for (size_t col = 1; col < t->ncols; col++)
        if ((view == VIEW_DAY || starts_day(t, col)) && local_time(t->col_start[col]).wday != 1)
            buf_printf(b, "M%zu 0v%zu", col, rows);
    buf_puts(b, "\"/>\n<path class=\"week\" d=\"");
    for (size_t col = 1; col < t->ncols; col++)
        if ((view == VIEW_DAY || starts_day(t, col)) && local_time(t->col_start[col]).wday == 1)
            buf_printf(b, "M%zu 0v%zu", col, rows);
    buf_puts(b, "\"/>\n");
    draw_cells(b, c, t);
    size_t nev = c->events ? c->events->items.len : 0;
    for (size_t i = 0; i < nev; i++) {
        const report_event *e = &REPORT_EVENT(c->events, i);
        if (timeline_col_of(t, e->ms) == t->ncols) continue;
        buf_printf(b, "<path class=\"evl %s\" d=\"M", event_class(e->kind));
        put_num(b, timeline_x_of(t, e->ms));
        buf_printf(b, " 0v%zu\"/>\n", rows);
    }
    buf_puts(b, "<rect class=\"hover\" x=\"0\" y=\"0\" width=\"1\" height=\"1\" visibility=\"hidden\"/>\n</svg>");
}

/* Above the 10-minute view: what it covers, what it lacks, and a button per
 * day to jump to. */
static void write_10min_head(buf *b, const chart *c, const timeline *t) {
    const report_model *m = c->m;
    if (c->tenmin_window) {
        buf_printf(b, "<p class=\"note\">%s ", L("10-minute columns cover", "10分単位の列の範囲:"));
        when_range(b, t->col_start[0], t->col_start[t->ncols]);
        buf_printf(b, " %s</p>\n",
                   L("only, to keep this file small. `mitsuke report --day DATE` centres them on another day; "
                     "`mitsuke timeline --bucket 10min` gives every 10-minute cell.",
                     "のみ (ファイルを小さく保つため)。`mitsuke report --day 日付` で中心の日を変更でき、"
                     "`mitsuke timeline --bucket 10min` ですべての10分単位のセルを出力できます。"));
    }
    /* the drawn destinations whose 10-minute cells are incomplete, the first ten by name */
    size_t incomplete = 0;
    for (size_t i = 0; i < m->destinations.len; i++) incomplete += c->slot[i] >= 0 && !RM_DEST(m, i).cells10_complete;
    if (incomplete) {
        buf_printf(b, "<p class=\"note\">%s ", L("10-minute cells were not kept for every request to:",
                                                  "10分単位のセルが一部記録されていない接続先:"));
        size_t listed = 0;
        for (size_t i = 0; i < m->destinations.len && listed < 10; i++) {
            if (c->slot[i] < 0 || RM_DEST(m, i).cells10_complete) continue;
            buf_puts(b, listed++ ? ", " : "");
            html_escape_max(b, RM_DEST(m, i).name, 80);
        }
        if (incomplete > listed) buf_printf(b, " (+%zu)", incomplete - listed);
        buf_printf(b, ". %s</p>\n", L("(memory limits of the scan, docs/config.md); their hourly and daily cells "
                                      "are complete.",
                                      "(スキャンのメモリ上限による。docs/config.md 参照)。1時間・1日単位のセルは完全です。"));
    }
    size_t days = 0;
    for (size_t col = 0; col < t->ncols; col++) days += col == 0 || starts_day(t, col);
    if (days < 2) return;
    buf_printf(b, "<div class=\"day-nav\" role=\"group\" aria-label=\"%s\">", L("jump to a day", "日付へ移動"));
    for (size_t col = 0; col < t->ncols; col++) {
        if (col && !starts_day(t, col)) continue;
        local_tm lt = local_time(t->col_start[col]);
        buf_printf(b, "<button type=\"button\" data-col=\"%zu\">%02u-%02u (%s)</button>", col, lt.month, lt.day,
                   weekday_label(lt.wday));
    }
    buf_puts(b, "</div>\n");
}

static void write_view(buf *b, const chart *c, int view) {
    const timeline *t = &c->views[view];
    span_x *nolog;
    size_t nnolog = nolog_spans(c, t, &nolog);
    buf_printf(b, "<div class=\"chart%s\" data-view=\"%s\"",
               view != VIEW_10MIN && c->present[VIEW_10MIN] ? " zoomable" : "", view_token[view]);
    if (view == VIEW_10MIN) buf_printf(b, " data-focus=\"%zu\"", c->tenmin_focus);
    buf_printf(b, "%s>\n", view == c->initial ? "" : " hidden");
    if (view == VIEW_10MIN) write_10min_head(b, c, t);
    buf_puts(b, "<div class=\"chart-scroll\">\n<div class=\"chart-head\">");
    buf_printf(b, "<div class=\"corner\">%s<br>%s (", L("terminal", "端末"), L("time", "時刻"));
    html_escape_cstr(b, display_zone_name());
    buf_puts(b, ")</div>");
    write_axis(b, c, t, view, nolog, nnolog);
    buf_puts(b, "</div>\n<div class=\"chart-body\">");
    write_row_labels(b, c);
    write_cells(b, c, t, view, nolog, nnolog);
    buf_puts(b, "</div>\n</div>\n</div>\n");
    free(nolog);
}

/* ---- legend -------------------------------------------------------------- */

static void write_legend(buf *b, const chart *c) {
    const report_model *m = c->m;
    buf_puts(b, "<ul class=\"legend\">\n");
    for (size_t i = 0; i < m->destinations.len; i++) {
        const rm_destination *d = &RM_DEST(m, i);
        if (d->colour < 0 || c->slot[i] < 0) continue;
        buf_printf(b, "<li><span class=\"sw d%d\"></span><span class=\"num\">%d</span> ", d->colour, d->colour + 1);
        html_escape_max(b, d->name, 80);
        const char *sev = severity_text(d->severity);
        if (sev) buf_printf(b, " <span class=\"sev s%d\">%s</span>", severity_rank(d->severity), sev);
        buf_puts(b, "</li>\n");
    }
    buf_printf(b, "<li><span class=\"sw fail\"></span> %s</li>\n",
               L("requests, none got through", "通信あり・すべて失敗"));
    buf_printf(b, "<li><span class=\"sw nolog\"></span> %s</li>\n", L("no log records", "ログなし (欠損)"));
    buf_printf(b, "<li><span class=\"sw split\"><span class=\"d0\"></span><span class=\"d1\"></span></span> %s</li>\n",
               L("several destinations in one period: one band each", "同じ時間帯に複数の接続先: 接続先ごとに帯で表示"));
    buf_puts(b, "</ul>\n");
    bool first = true;
    for (size_t i = 0; i < m->destinations.len; i++) {
        const rm_destination *d = &RM_DEST(m, i);
        if (d->colour >= 0 || c->slot[i] < 0) continue;
        if (first) buf_printf(b, "<p class=\"faildests\">%s ", L("Destinations never reached (grey only):",
                                                                 "一度も通信が成功しなかった接続先 (灰色のみ):"));
        else buf_puts(b, ", ");
        first = false;
        html_escape_max(b, d->name, 80);
    }
    if (!first) buf_puts(b, "</p>\n");
}

void chart_write_html(buf *b, const chart *c) {
    const report_model *m = c->m;
    if (!c->rows || !c->views[VIEW_DAY].ncols) {
        buf_printf(b, "<p>%s</p>\n", L("No terminal talked to a suspicious destination: nothing to draw.",
                                       "不審な接続先と通信した端末はなく、図に描くものはありません。"));
        return;
    }
    write_legend(b, c);
    buf_printf(b, "<div class=\"view-switch\" role=\"group\" aria-label=\"%s\">", L("columns", "列の単位"));
    const char *const names[VIEW_COUNT] = {L("10 min", "10分"), L("1 hour", "1時間"), L("1 day", "1日")};
    for (int v = 0; v < VIEW_COUNT; v++)
        if (c->present[v])
            buf_printf(b, "<button type=\"button\" data-view=\"%s\" aria-pressed=\"%s\">%s</button>", view_token[v],
                       v == c->initial ? "true" : "false", names[v]);
    buf_puts(b, "</div>\n");
    if (c->tenmin_too_big)
        buf_printf(b, "<p class=\"note\">%s</p>\n",
                   L("The 10-minute view is left out: even one hour has too many cells for this file; "
                     "`mitsuke timeline --bucket 10min` gives them.",
                     "1時間分でもセルが多すぎるため、10分単位の図は省略しました。"
                     "`mitsuke timeline --bucket 10min` で出力できます。"));
    else if (!m->cells10_ms)
        buf_printf(b, "<p class=\"note\">%s</p>\n",
                   L("This store has no 10-minute cells (written before schema version 3); scan again for them.",
                     "このストアには10分単位のセルがありません (スキーマ3より前)。再スキャンすると作成されます。"));
    if (c->hour_too_big || c->hour_too_long)
        buf_printf(b, "<p class=\"note\">%s</p>\n",
                   c->hour_too_big ? L("The hourly view is left out to keep this file small; "
                                       "`mitsuke timeline --bucket hour` gives every hourly cell.",
                                       "ファイルを小さく保つため1時間単位の図は省略しました。"
                                       "`mitsuke timeline --bucket hour` ですべてのセルを出力できます。")
                                   : L("The logs span too many hours for an hourly view; columns are days.",
                                       "ログの期間が長いため、列は1日単位です。"));
    if (c->rows < m->terminals.len) {
        buf_printf(b, "<p class=\"note\">%s ", L("Size limit: only the first terminals are drawn:",
                                                  "サイズ制限のため、最初の端末のみ描画しています:"));
        when_count(b, (int64_t)c->rows);
        buf_puts(b, " / ");
        when_count(b, (int64_t)m->terminals.len);
        buf_printf(b, ". %s</p>\n", L("`mitsuke timeline` lists them all.", "`mitsuke timeline` で全件を出力できます。"));
    }
    for (int v = 0; v < VIEW_COUNT; v++)
        if (c->present[v]) write_view(b, c, v);
}

/* ---- data for the tooltip ------------------------------------------------ */

/* Column labels. The daily view lists them ("2015-05-08 (Fri) JST"); the
 * uniform views give the display zone's offsets instead (from which instant
 * each applies: one entry unless the zone changes its clock), and the script
 * writes "2015-05-08 (Fri) 11:00-12:00 JST" itself, to keep the page small. */
static void write_column_labels(jw *w, const timeline *t, int view) {
    if (view != VIEW_DAY) {
        jw_key(w, "offsets");
        jw_arr_begin(w);
        int last = 0;
        for (size_t col = 0; t->ncols && col <= t->ncols; col++) {
            int off = display_offset_at(t->col_start[col]);
            if (col && off == last) continue;
            jw_arr_begin(w);
            jw_int(w, t->col_start[col]);
            jw_int(w, off);
            jw_arr_end(w);
            last = off;
        }
        jw_arr_end(w);
        return;
    }
    jw_key(w, "labels");
    jw_arr_begin(w);
    buf lb = {0};
    for (size_t col = 0; col < t->ncols; col++) {
        buf_clear(&lb);
        put_local_date(&lb, t->col_start[col]);
        buf_printf(&lb, " %s", display_zone_name());
        jw_str(w, sv_make(lb.p, lb.len));
    }
    buf_free(&lb);
    jw_arr_end(w);
}

static void write_view_data(jw *w, const chart *c, int view) {
    const timeline *t = &c->views[view];
    jw_obj_begin(w);
    jw_key(w, "cols");
    jw_int(w, (int64_t)t->ncols);
    /* column start times: uniform for 10 minutes and hours, local midnights for days */
    jw_key(w, "t0");
    jw_int(w, t->ncols ? t->col_start[0] : 0);
    if (view == VIEW_DAY) {
        jw_key(w, "bounds");
        jw_arr_begin(w);
        for (size_t col = 0; t->ncols && col <= t->ncols; col++) jw_int(w, t->col_start[col]);
        jw_arr_end(w);
    } else {
        jw_key(w, "step");
        jw_int(w, bucket_nominal_ms(t->bucket));
    }
    write_column_labels(w, t, view);
    /* log records per column, or per hour when the columns are 10 minutes
     * (they start on whole hours, six to an hour) */
    jw_key(w, "hourly");
    jw_bool(w, t->records_hourly);
    jw_key(w, "records");
    if (!t->records) {
        jw_null(w);
    } else {
        size_t per = t->records_hourly ? (size_t)(STORE_CELL_MS / bucket_nominal_ms(t->bucket)) : 1;
        jw_arr_begin(w);
        for (size_t col = 0; col < t->ncols; col += per) jw_int(w, t->records[col]);
        jw_arr_end(w);
    }
    /* per row: [column delta, destination slot, ok, failed(, bytes out, bytes in), ...] */
    bool with_bytes = cells_in_rows(t, c->rows) <= CHART_BYTES_CELLS;
    jw_key(w, "stride");
    jw_int(w, with_bytes ? 6 : 4);
    jw_key(w, "cells");
    jw_arr_begin(w);
    for (size_t r = 0; r < c->rows; r++) {
        jw_arr_begin(w);
        uint32_t prev = 0;
        for (size_t i = t->row_start[r]; i < t->row_start[r + 1]; i++) {
            const tl_cell *cell = &t->cells[i];
            jw_int(w, (int64_t)cell->col - prev);
            jw_int(w, c->slot[cell->dest]);
            jw_int(w, cell->ok);
            jw_int(w, MAX(cell->failed, cell->requests - cell->ok)); /* did not get through */
            if (with_bytes) {
                jw_int(w, cell->bytes_out);
                jw_int(w, cell->bytes_in);
            }
            prev = cell->col;
        }
        jw_arr_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}

void chart_write_data(jw *w, const chart *c) {
    const report_model *m = c->m;
    jw_obj_begin(w);
    jw_key(w, "terms");
    jw_arr_begin(w);
    buf clean = {0};
    for (size_t r = 0; r < c->rows; r++) {
        buf_clear(&clean);
        text_clean(&clean, RM_TERM(m, r).name, NAME_MAX_BYTES);
        jw_str(w, sv_make(clean.p, clean.len));
    }
    jw_arr_end(w);
    jw_key(w, "dests");
    jw_arr_begin(w);
    for (size_t i = 0; i < m->destinations.len; i++) {
        const rm_destination *d = &RM_DEST(m, i);
        if (c->slot[i] < 0) continue;
        jw_arr_begin(w);
        buf_clear(&clean);
        text_clean(&clean, d->name, NAME_MAX_BYTES);
        jw_str(w, sv_make(clean.p, clean.len));
        jw_int(w, d->colour);
        jw_arr_end(w);
    }
    jw_arr_end(w);
    buf_free(&clean);
    jw_key(w, "views");
    jw_obj_begin(w);
    for (int v = 0; v < VIEW_COUNT; v++) {
        if (!c->present[v]) continue;
        jw_key(w, view_token[v]);
        write_view_data(w, c, v);
    }
    jw_obj_end(w);
    jw_obj_end(w);
}
