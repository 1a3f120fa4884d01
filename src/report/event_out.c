/* event_out.c - JSON and CSV forms of events; see event_out.h. */
#include "report/event_out.h"
#include "core/mtime.h"
#include "io/sources.h"

#include <string.h>

static void str_or_null(jw *w, const char *key, sv s) {
    jw_key(w, key);
    if (s.n) jw_str(w, s);
    else jw_null(w);
}

static void num_or_null(jw *w, const char *key, int64_t v) {
    jw_key(w, key);
    if (v >= 0) jw_int(w, v);
    else jw_null(w);
}

static void write_conn_json(jw *w, const conn_event *c) {
    jw_cstr(w, "conn");
    str_or_null(w, "device", c->device);
    str_or_null(w, "src", c->src);
    num_or_null(w, "src_port", c->src_port ? c->src_port : -1);
    str_or_null(w, "dst", c->dst);
    num_or_null(w, "dst_port", c->dst_port ? c->dst_port : -1);
    str_or_null(w, "proto", c->proto);
    jw_key(w, "result");
    jw_cstr(w, conn_result_name(c->result));
    str_or_null(w, "action", c->action);
    str_or_null(w, "rule", c->rule);
    str_or_null(w, "in_if", c->in_if);
    str_or_null(w, "out_if", c->out_if);
    str_or_null(w, "service", c->service);
    str_or_null(w, "app", c->app);
    str_or_null(w, "user", c->user);
    num_or_null(w, "bytes_out", c->bytes_out);
    num_or_null(w, "bytes_in", c->bytes_in);
    num_or_null(w, "duration_ms", c->duration_ms);
}

/* The EventData pairs as one JSON object (the JSON field, and the CSV cell). */
static void win_data_json(jw *w, const win_event *e) {
    jw_obj_begin(w);
    for (uint16_t i = 0; i < e->ndata; i++) {
        jw_key_sv(w, e->data[i].name);
        jw_str(w, e->data[i].value);
    }
    jw_obj_end(w);
}

static void write_win_json(jw *w, const win_event *e) {
    jw_cstr(w, "win");
    num_or_null(w, "event_id", e->event_id);
    str_or_null(w, "channel", e->channel);
    str_or_null(w, "provider", e->provider);
    str_or_null(w, "computer", e->computer);
    num_or_null(w, "record_id", e->record_id);
    str_or_null(w, "level", e->level);
    jw_key(w, "data");
    win_data_json(w, e);
    jw_key(w, "data_dropped");
    jw_int(w, e->dropped);
}

static void write_file_json(jw *w, const file_event *f) {
    jw_cstr(w, "file");
    str_or_null(w, "server", f->server);
    str_or_null(w, "client", f->client);
    str_or_null(w, "client_name", f->client_name);
    str_or_null(w, "user", f->user);
    str_or_null(w, "share", f->share);
    str_or_null(w, "path", f->path);
    str_or_null(w, "path2", f->path2);
    jw_key(w, "op");
    jw_cstr(w, file_op_name(f->op));
    str_or_null(w, "op_raw", f->op_raw);
    jw_key(w, "ok");
    jw_bool(w, f->ok);
    str_or_null(w, "error", f->error);
    num_or_null(w, "bytes", f->bytes);
}

void event_write_json(jw *w, const event *ev) {
    char t[MTIME_BUFSZ];
    jw_obj_begin(w);
    jw_key(w, "time");
    jw_cstr(w, mtime_format_iso(ev->time_ms, ev->time_ms % 1000 != 0, t));
    jw_key(w, "kind");
    switch (ev->kind) {
    case EV_HTTP: {
        const http_event *h = &ev->u.http;
        jw_cstr(w, "http");
        str_or_null(w, "client", h->client);
        str_or_null(w, "user", h->user);
        str_or_null(w, "method", h->method);
        str_or_null(w, "scheme", h->scheme);
        str_or_null(w, "host", h->host);
        num_or_null(w, "port", h->port ? h->port : -1);
        str_or_null(w, "path", h->path);
        str_or_null(w, "query", h->query);
        str_or_null(w, "url", h->url);
        num_or_null(w, "status", h->status ? h->status : -1);
        jw_key(w, "result");
        jw_cstr(w, proxy_result_name(h->result));
        str_or_null(w, "action", h->action);
        num_or_null(w, "bytes_in", h->bytes_in);
        num_or_null(w, "bytes_out", h->bytes_out);
        num_or_null(w, "duration_ms", h->duration_ms);
        str_or_null(w, "user_agent", h->user_agent);
        str_or_null(w, "referer", h->referer);
        str_or_null(w, "content_type", h->content_type);
        str_or_null(w, "server", h->server);
        break;
    }
    case EV_CONN: write_conn_json(w, &ev->u.conn); break;
    case EV_WIN: write_win_json(w, &ev->u.win); break;
    case EV_FILE: write_file_json(w, &ev->u.file); break;
    default: jw_cstr(w, "unknown"); break;
    }
    jw_key(w, "source");
    jw_cstr(w, ev->src ? ev->src->name : NULL);
    jw_key(w, "line");
    jw_int(w, (int64_t)ev->line);
    jw_key(w, "offset");
    jw_int(w, (int64_t)ev->offset);
    jw_obj_end(w);
}

/* CSV: one row of fixed columns for every kind. The first 24 are the http
 * ones (and stay where they are); the other kinds fill those whose meaning
 * matches (client/host = source/destination, port, user, result, action,
 * bytes, duration, path) and the columns added after `offset` for what only
 * they have. A row is filled cell by cell, by column, then written. */
enum {
    C_TIME, C_KIND, C_CLIENT, C_USER, C_METHOD, C_SCHEME, C_HOST, C_PORT, C_PATH, C_QUERY, C_URL, C_STATUS,
    C_RESULT, C_ACTION, C_BYTES_IN, C_BYTES_OUT, C_DURATION, C_USER_AGENT, C_REFERER, C_CONTENT_TYPE, C_SERVER,
    C_SOURCE, C_LINE, C_OFFSET,
    /* added for conn, win and file events */
    C_DEVICE, C_SRC_PORT, C_PROTO, C_RULE, C_IN_IF, C_OUT_IF, C_SERVICE, C_APP, C_EVENT_ID, C_CHANNEL,
    C_PROVIDER, C_COMPUTER, C_RECORD_ID, C_LEVEL, C_DATA, C_CLIENT_NAME, C_SHARE, C_PATH2, C_OP, C_ERROR,
    C_COUNT
};

static const char *const csv_columns[C_COUNT] = {
    "time", "kind", "client", "user", "method", "scheme", "host", "port", "path", "query", "url", "status", "result",
    "action", "bytes_in", "bytes_out", "duration_ms", "user_agent", "referer", "content_type", "server", "source",
    "line", "offset", "device", "src_port", "proto", "rule", "in_if", "out_if", "service", "app", "event_id",
    "channel", "provider", "computer", "record_id", "level", "data", "client_name", "share", "path2", "op", "error",
};

typedef struct csv_row {
    sv cell[C_COUNT];         /* empty: nothing to write */
    char num[C_COUNT][24];    /* the text of numeric cells */
    buf data;                 /* the win data object */
} csv_row;

static void cell(csv_row *r, int col, sv s) { r->cell[col] = s; }
static void cell_cstr(csv_row *r, int col, const char *s) { r->cell[col] = sv_cstr(s); }

/* A count or id; negative means unknown and leaves the cell empty. */
static void cell_num(csv_row *r, int col, int64_t v) {
    if (v < 0) return;
    char *end = r->num[col] + sizeof r->num[col], *p = end;
    uint64_t u = (uint64_t)v;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    r->cell[col] = sv_make(p, (size_t)(end - p));
}

void event_csv_header(buf *b) {
    for (size_t i = 0; i < C_COUNT; i++) {
        if (i) buf_putc(b, ',');
        buf_puts(b, csv_columns[i]);
    }
    buf_putc(b, '\n');
}

static void http_cells(csv_row *r, const http_event *h) {
    cell_cstr(r, C_KIND, "http");
    cell(r, C_CLIENT, h->client);
    cell(r, C_USER, h->user);
    cell(r, C_METHOD, h->method);
    cell(r, C_SCHEME, h->scheme);
    cell(r, C_HOST, h->host);
    cell_num(r, C_PORT, h->port ? h->port : -1);
    cell(r, C_PATH, h->path);
    cell(r, C_QUERY, h->query);
    cell(r, C_URL, h->url);
    cell_num(r, C_STATUS, h->status ? h->status : -1);
    cell_cstr(r, C_RESULT, proxy_result_name(h->result));
    cell(r, C_ACTION, h->action);
    cell_num(r, C_BYTES_IN, h->bytes_in);
    cell_num(r, C_BYTES_OUT, h->bytes_out);
    cell_num(r, C_DURATION, h->duration_ms);
    cell(r, C_USER_AGENT, h->user_agent);
    cell(r, C_REFERER, h->referer);
    cell(r, C_CONTENT_TYPE, h->content_type);
    cell(r, C_SERVER, h->server);
}

static void conn_cells(csv_row *r, const conn_event *c) {
    cell_cstr(r, C_KIND, "conn");
    cell(r, C_CLIENT, c->src);
    cell(r, C_USER, c->user);
    cell(r, C_HOST, c->dst);
    cell_num(r, C_PORT, c->dst_port ? c->dst_port : -1);
    cell_cstr(r, C_RESULT, conn_result_name(c->result));
    cell(r, C_ACTION, c->action);
    cell_num(r, C_BYTES_IN, c->bytes_in);
    cell_num(r, C_BYTES_OUT, c->bytes_out);
    cell_num(r, C_DURATION, c->duration_ms);
    cell(r, C_DEVICE, c->device);
    cell_num(r, C_SRC_PORT, c->src_port ? c->src_port : -1);
    cell(r, C_PROTO, c->proto);
    cell(r, C_RULE, c->rule);
    cell(r, C_IN_IF, c->in_if);
    cell(r, C_OUT_IF, c->out_if);
    cell(r, C_SERVICE, c->service);
    cell(r, C_APP, c->app);
}

static void win_cells(csv_row *r, const win_event *e) {
    cell_cstr(r, C_KIND, "win");
    cell_cstr(r, C_RESULT, "unknown");
    cell_num(r, C_EVENT_ID, e->event_id);
    cell(r, C_CHANNEL, e->channel);
    cell(r, C_PROVIDER, e->provider);
    cell(r, C_COMPUTER, e->computer);
    cell_num(r, C_RECORD_ID, e->record_id);
    cell(r, C_LEVEL, e->level);
    jw w;
    jw_init(&w, &r->data);
    win_data_json(&w, e);
    cell(r, C_DATA, sv_make(r->data.p, r->data.len));
}

static void file_cells(csv_row *r, const file_event *f) {
    cell_cstr(r, C_KIND, "file");
    cell(r, C_CLIENT, f->client);
    cell(r, C_USER, f->user);
    cell(r, C_PATH, f->path);
    cell_cstr(r, C_RESULT, f->ok ? "ok" : "fail");
    cell(r, C_ACTION, f->op_raw);
    cell_num(r, C_BYTES_OUT, f->bytes);
    cell(r, C_DEVICE, f->server);
    cell(r, C_CLIENT_NAME, f->client_name);
    cell(r, C_SHARE, f->share);
    cell(r, C_PATH2, f->path2);
    cell_cstr(r, C_OP, file_op_name(f->op));
    cell(r, C_ERROR, f->error);
}

void event_write_csv(buf *b, const event *ev) {
    csv_row r;
    memset(r.cell, 0, sizeof r.cell);
    r.data = (buf){0};
    char t[MTIME_BUFSZ];
    cell_cstr(&r, C_TIME, mtime_format_iso(ev->time_ms, ev->time_ms % 1000 != 0, t));
    switch (ev->kind) {
    case EV_HTTP: http_cells(&r, &ev->u.http); break;
    case EV_CONN: conn_cells(&r, &ev->u.conn); break;
    case EV_WIN: win_cells(&r, &ev->u.win); break;
    case EV_FILE: file_cells(&r, &ev->u.file); break;
    default: cell_cstr(&r, C_KIND, "unknown"); break;
    }
    cell_cstr(&r, C_SOURCE, ev->src ? ev->src->name : "");
    cell_num(&r, C_LINE, (int64_t)ev->line);
    cell_num(&r, C_OFFSET, (int64_t)ev->offset);
    for (int i = 0; i < C_COUNT; i++) {
        if (i) buf_putc(b, ',');
        csv_field(b, r.cell[i]);
    }
    buf_putc(b, '\n');
    buf_free(&r.data);
}
