/* timeline_out.c - writing the timeline matrix as CSV or JSON; see timeline_out.h.
 *
 * Cells are written in the chart's order (row, column, destination), one per
 * terminal x bucket x destination with any request; empty cells are left out.
 * Output goes through a buf flushed every megabyte. */
#include "report/timeline_out.h"
#include "core/json.h"
#include "core/mtime.h"
#include "core/util.h"
#include "report/chart.h"

#include <stdlib.h>

#define FLUSH_AT (1 << 20)

typedef struct out_ctx {
    FILE *f;
    buf b;
    jw w;
    bool failed;
    char (*iso)[MTIME_BUFSZ]; /* column boundaries, formatted once */
} out_ctx;

static void maybe_flush(out_ctx *o) {
    if (o->b.len >= FLUSH_AT && buf_flush(&o->b, o->f) < 0) o->failed = true;
}


static void kv_int(jw *w, const char *key, int64_t v) {
    jw_key(w, key);
    jw_int(w, v);
}

static void kv_str(jw *w, const char *key, sv v) {
    jw_key(w, key);
    jw_str(w, v);
}

static void kv_time(jw *w, const char *key, int64_t ms) {
    jw_key(w, key);
    jw_time(w, ms);
}

static void kv_colour(jw *w, int colour) {
    jw_key(w, "color");
    if (colour < 0) {
        jw_null(w);
        return;
    }
    char hex[8];
    chart_colour(colour, hex);
    jw_cstr(w, hex);
}

static const char *cell_state(const tl_cell *c) { return c->ok > 0 ? "ok" : "failed"; }

static void write_csv(out_ctx *o, const report_model *m, const timeline *t) {
    buf *b = &o->b;
    buf_puts(b, "row,terminal,start,end,destination,color,requests,ok_requests,failed_requests,bytes_out,bytes_in,"
                "state\n");
    for (size_t i = 0; i < t->ncells && !o->failed; i++) {
        const tl_cell *c = &t->cells[i];
        const rm_destination *d = &RM_DEST(m, c->dest);
        buf_put_i64(b, c->row + 1);
        buf_putc(b, ',');
        csv_field(b, RM_TERM(m, c->row).name);
        buf_putc(b, ',');
        buf_puts(b, o->iso[c->col]);
        buf_putc(b, ',');
        buf_puts(b, o->iso[c->col + 1]);
        buf_putc(b, ',');
        csv_field(b, d->name);
        buf_putc(b, ',');
        if (d->colour >= 0) {
            char hex[8];
            chart_colour(d->colour, hex);
            buf_puts(b, hex);
        }
        const int64_t counts[] = {c->requests, c->ok, c->failed, c->bytes_out, c->bytes_in};
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            buf_putc(b, ',');
            buf_put_i64(b, counts[k]);
        }
        buf_putc(b, ',');
        buf_puts(b, cell_state(c));
        buf_putc(b, '\n');
        maybe_flush(o);
    }
}

static void cell_fields(jw *w, const out_ctx *o, const report_model *m, const tl_cell *c) {
    const rm_destination *d = &RM_DEST(m, c->dest);
    kv_int(w, "row", c->row + 1);
    kv_str(w, "terminal", RM_TERM(m, c->row).name);
    kv_int(w, "column", c->col);
    kv_str(w, "start", sv_cstr(o->iso[c->col]));
    kv_str(w, "end", sv_cstr(o->iso[c->col + 1]));
    kv_str(w, "destination", d->name);
    kv_colour(w, d->colour);
    kv_int(w, "requests", c->requests);
    kv_int(w, "ok_requests", c->ok);
    kv_int(w, "failed_requests", c->failed);
    kv_int(w, "bytes_out", c->bytes_out);
    kv_int(w, "bytes_in", c->bytes_in);
    kv_str(w, "state", sv_cstr(cell_state(c)));
}

static void write_jsonl(out_ctx *o, const report_model *m, const timeline *t) {
    for (size_t i = 0; i < t->ncells && !o->failed; i++) {
        jw_init(&o->w, &o->b);
        jw_obj_begin(&o->w);
        cell_fields(&o->w, o, m, &t->cells[i]);
        jw_obj_end(&o->w);
        buf_putc(&o->b, '\n');
        maybe_flush(o);
    }
}

static void write_json(out_ctx *o, const report_model *m, const timeline *t) {
    jw *w = &o->w;
    jw_init(w, &o->b);
    jw_obj_begin(w);
    kv_str(w, "bucket", sv_cstr(bucket_token(t->bucket)));
    kv_str(w, "zone", sv_cstr(display_zone_name()));
    jw_key(w, "columns");
    jw_arr_begin(w);
    for (size_t col = 0; col < t->ncols; col++) {
        jw_obj_begin(w);
        kv_time(w, "start", t->col_start[col]);
        kv_time(w, "end", t->col_start[col + 1]);
        jw_key(w, "records");
        if (t->records) jw_int(w, t->records[col]);
        else jw_null(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "terminals");
    jw_arr_begin(w);
    for (size_t r = 0; r < t->nrows; r++) {
        const rm_terminal *term = &RM_TERM(m, r);
        jw_obj_begin(w);
        kv_int(w, "row", (int64_t)r + 1);
        kv_str(w, "name", term->name);
        kv_time(w, "first_seen", term->first_ms);
        kv_time(w, "last_seen", term->last_ms);
        jw_key(w, "success");
        jw_bool(w, term->success);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "destinations");
    jw_arr_begin(w);
    for (size_t i = 0; i < m->destinations.len; i++) {
        const rm_destination *d = &RM_DEST(m, i);
        if (!d->suspicious && d->colour < 0) continue;
        jw_obj_begin(w);
        kv_str(w, "name", d->name);
        kv_str(w, "severity", d->severity);
        kv_int(w, "score", d->score);
        kv_colour(w, d->colour);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "gaps");
    jw_arr_begin(w);
    for (size_t i = 0; i < m->gaps.len; i++) {
        const rm_gap *g = &RM_GAP(m, i);
        jw_obj_begin(w);
        kv_time(w, "start", g->start_ms);
        kv_time(w, "end", g->end_ms);
        jw_key(w, "source");
        if (g->source >= 0) jw_str(w, RM_SOURCE(m, (size_t)g->source).path);
        else jw_null(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    /* The buffer may be flushed between cells: jw keeps its own comma state. */
    jw_key(w, "cells");
    jw_arr_begin(w);
    for (size_t i = 0; i < t->ncells && !o->failed; i++) {
        jw_obj_begin(w);
        cell_fields(w, o, m, &t->cells[i]);
        jw_obj_end(w);
        maybe_flush(o);
    }
    jw_arr_end(w);
    jw_obj_end(w);
    buf_putc(&o->b, '\n');
}

int timeline_write(FILE *out, const report_model *m, const timeline *t, timeline_format fmt) {
    out_ctx o = {.f = out, .iso = xmalloc((t->ncols + 1) * sizeof *o.iso)};
    for (size_t col = 0; t->col_start && col <= t->ncols; col++) mtime_format_iso(t->col_start[col], false, o.iso[col]);
    switch (fmt) {
    case TL_OUT_CSV: write_csv(&o, m, t); break;
    case TL_OUT_JSONL: write_jsonl(&o, m, t); break;
    case TL_OUT_JSON: write_json(&o, m, t); break;
    }
    if (!o.failed && buf_flush(&o.b, out) < 0) o.failed = true;
    buf_free(&o.b);
    free(o.iso);
    return o.failed || fflush(out) != 0 ? -1 : 0;
}
