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
static const int min_col_px[VIEW_COUNT] = {4, 14}, max_col_px[VIEW_COUNT] = {14, 40};

static int col_px(const timeline *t, int view) {
    int px = t->ncols ? (int)(CHART_FIT_PX / t->ncols) : max_col_px[view];
    return px < min_col_px[view] ? min_col_px[view] : px > max_col_px[view] ? max_col_px[view] : px;
}
static const char *const view_token[VIEW_COUNT] = {"hour", "day"};

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

bool chart_init(chart *c, const report_model *m, const report_events *ev, bucket_kind initial, char *err,
                size_t errsz) {
    memset(c, 0, sizeof *c);
    c->m = m;
    c->events = ev;
    if (bucket_nominal_ms(initial) < STORE_CELL_MS) {
        snprintf(err, errsz, "--bucket %s: %s", bucket_token(initial), bucket_too_fine_message());
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
    c->initial = want == BUCKET_HOUR && c->present[VIEW_HOUR] ? VIEW_HOUR : VIEW_DAY;

    /* The data block lists only the destinations that have a drawn cell. */
    c->slot = xmalloc((m->destinations.len ? m->destinations.len : 1) * sizeof(int));
    bool *drawn = xcalloc(m->destinations.len + 1, sizeof(bool));
    for (size_t i = 0; i < cells_in_rows(day, c->rows); i++) drawn[day->cells[i].dest] = true;
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
    int lanes_px = lanes * LANE_PX, height = lanes_px + DATE_ROW_PX + (view == VIEW_HOUR ? HOUR_ROW_PX : 0);
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
    for (size_t col = 0; col < t->ncols; col++) {
        bool is_day_start = view == VIEW_DAY ? col % (size_t)step == 0 : (col == 0 || starts_day(t, col));
        local_tm lt = local_time(t->col_start[col]);
        if (is_day_start && (view == VIEW_DAY || col + 6 < t->ncols)) {
            buf_printf(b, "<text class=\"dl%s\" x=\"", lt.wday == 0 || lt.wday == 6 ? " we" : "");
            put_pct(b, (double)col, t->ncols);
            buf_printf(b, "\" dx=\"2\" y=\"%d\">%02u-%02u", date_y, lt.month, lt.day);
            if (view == VIEW_HOUR) buf_printf(b, "<tspan class=\"wd\"> %s</tspan>", weekday_label(lt.wday));
            buf_puts(b, "</text>");
        }
        if (view == VIEW_HOUR && lt.minute == 0 && lt.hour % 6 == 0 && lt.hour != 0) {
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

static void write_view(buf *b, const chart *c, int view) {
    const timeline *t = &c->views[view];
    span_x *nolog;
    size_t nnolog = nolog_spans(c, t, &nolog);
    buf_printf(b, "<div class=\"chart\" data-view=\"%s\"%s>\n<div class=\"chart-scroll\">\n<div class=\"chart-head\">",
               view_token[view], view == c->initial ? "" : " hidden");
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
    for (int v = 0; v < VIEW_COUNT; v++)
        if (c->present[v])
            buf_printf(b, "<button type=\"button\" data-view=\"%s\" aria-pressed=\"%s\">%s</button>", view_token[v],
                       v == c->initial ? "true" : "false", v == VIEW_HOUR ? L("1 hour", "1時間") : L("1 day", "1日"));
    buf_puts(b, "</div>\n");
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

static void write_column_label(buf *lb, const timeline *t, int view, size_t col) {
    put_local_date(lb, t->col_start[col]);
    if (view == VIEW_HOUR) {
        local_tm a = local_time(t->col_start[col]), z = local_time(t->col_start[col + 1]);
        buf_printf(lb, " %02u:%02u\xe2\x80\x93%02u:%02u", a.hour, a.minute, z.hour, z.minute);
    }
    buf_printf(lb, " %s", display_zone_name());
}

static void write_view_data(jw *w, const chart *c, int view) {
    const timeline *t = &c->views[view];
    jw_obj_begin(w);
    jw_key(w, "cols");
    jw_int(w, (int64_t)t->ncols);
    jw_key(w, "labels");
    jw_arr_begin(w);
    buf lb = {0};
    for (size_t col = 0; col < t->ncols; col++) {
        buf_clear(&lb);
        write_column_label(&lb, t, view, col);
        jw_str(w, sv_make(lb.p, lb.len));
    }
    buf_free(&lb);
    jw_arr_end(w);
    jw_key(w, "records");
    if (!t->records) {
        jw_null(w);
    } else {
        jw_arr_begin(w);
        for (size_t col = 0; col < t->ncols; col++) jw_int(w, t->records[col]);
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
