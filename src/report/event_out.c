/* event_out.c - JSON and CSV forms of events; see event_out.h. */
#include "report/event_out.h"
#include "core/mtime.h"
#include "io/sources.h"

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

static void write_win_json(jw *w, const win_event *e) {
    jw_cstr(w, "win");
    num_or_null(w, "event_id", e->event_id);
    str_or_null(w, "channel", e->channel);
    str_or_null(w, "provider", e->provider);
    str_or_null(w, "computer", e->computer);
    num_or_null(w, "record_id", e->record_id);
    str_or_null(w, "level", e->level);
    jw_key(w, "data");
    jw_obj_begin(w);
    for (uint16_t i = 0; i < e->ndata; i++) {
        jw_key_sv(w, e->data[i].name);
        jw_str(w, e->data[i].value);
    }
    jw_obj_end(w);
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

/* The first 24 columns are the http ones (and stay where they are); the other
 * kinds reuse those whose meaning matches (client/host = source/destination,
 * port, user, result, action, bytes, duration, path) and fill the columns
 * added after `offset` for what only they have. */
static const char *const csv_columns[] = {
    "time", "kind", "client", "user", "method", "scheme", "host", "port", "path", "query", "url", "status", "result",
    "action", "bytes_in", "bytes_out", "duration_ms", "user_agent", "referer", "content_type", "server", "source",
    "line", "offset",
    /* added for conn, win and file events */
    "device", "src_port", "proto", "rule", "in_if", "out_if", "service", "app", "event_id", "channel", "provider",
    "computer", "record_id", "level", "data", "client_name", "share", "path2", "op", "error",
};
#define CSV_EXTRA_COLUMNS 20

void event_csv_header(buf *b) {
    for (size_t i = 0; i < sizeof csv_columns / sizeof csv_columns[0]; i++) {
        if (i) buf_putc(b, ',');
        buf_puts(b, csv_columns[i]);
    }
    buf_putc(b, '\n');
}

static void num_field(buf *b, int64_t v) {
    if (v >= 0) buf_put_i64(b, v);
    buf_putc(b, ',');
}

static void str_field(buf *b, sv s) {
    csv_field(b, s);
    buf_putc(b, ',');
}

static void empty_fields(buf *b, int n) {
    for (int i = 0; i < n; i++) buf_putc(b, ',');
}

/* The 21 columns from `client` to `server` for the non-http kinds. */
static void conn_common_csv(buf *b, const conn_event *c) {
    str_field(b, c->src);
    str_field(b, c->user);
    empty_fields(b, 2);                 /* method, scheme */
    str_field(b, c->dst);
    num_field(b, c->dst_port ? c->dst_port : -1);
    empty_fields(b, 4);                 /* path, query, url, status */
    buf_puts(b, conn_result_name(c->result));
    buf_putc(b, ',');
    str_field(b, c->action);
    num_field(b, c->bytes_in);
    num_field(b, c->bytes_out);
    num_field(b, c->duration_ms);
    empty_fields(b, 4);                 /* user_agent, referer, content_type, server */
}

static void file_common_csv(buf *b, const file_event *f) {
    str_field(b, f->client);
    str_field(b, f->user);
    empty_fields(b, 4);                 /* method, scheme, host, port */
    str_field(b, f->path);
    empty_fields(b, 3);                 /* query, url, status */
    buf_puts(b, f->ok ? "ok" : "fail");
    buf_putc(b, ',');
    str_field(b, f->op_raw);
    num_field(b, -1);
    num_field(b, f->bytes);
    empty_fields(b, 5);                 /* duration_ms .. server */
}

static void win_data_csv(buf *b, const win_event *e) {
    buf tmp = {0};
    jw w;
    jw_init(&w, &tmp);
    jw_obj_begin(&w);
    for (uint16_t i = 0; i < e->ndata; i++) {
        jw_key_sv(&w, e->data[i].name);
        jw_str(&w, e->data[i].value);
    }
    jw_obj_end(&w);
    csv_field(b, sv_make(tmp.p, tmp.len));
    buf_free(&tmp);
}

static void extra_csv(buf *b, const event *ev) {
    if (ev->kind == EV_CONN) {
        const conn_event *c = &ev->u.conn;
        buf_putc(b, ',');
        str_field(b, c->device);
        num_field(b, c->src_port ? c->src_port : -1);
        str_field(b, c->proto);
        str_field(b, c->rule);
        str_field(b, c->in_if);
        str_field(b, c->out_if);
        str_field(b, c->service);
        csv_field(b, c->app);
        empty_fields(b, CSV_EXTRA_COLUMNS - 8);
    } else if (ev->kind == EV_WIN) {
        const win_event *e = &ev->u.win;
        empty_fields(b, 9);             /* up to event_id */
        if (e->event_id >= 0) buf_put_i64(b, e->event_id);
        buf_putc(b, ',');
        str_field(b, e->channel);
        str_field(b, e->provider);
        str_field(b, e->computer);
        num_field(b, e->record_id);
        str_field(b, e->level);
        win_data_csv(b, e);
        empty_fields(b, 5);
    } else if (ev->kind == EV_FILE) {
        const file_event *f = &ev->u.file;
        buf_putc(b, ',');
        str_field(b, f->server);
        empty_fields(b, 14);            /* src_port .. data */
        str_field(b, f->client_name);
        str_field(b, f->share);
        str_field(b, f->path2);
        buf_puts(b, file_op_name(f->op));
        buf_putc(b, ',');
        csv_field(b, f->error);
    } else {
        empty_fields(b, CSV_EXTRA_COLUMNS);
    }
}

void event_write_csv(buf *b, const event *ev) {
    char t[MTIME_BUFSZ];
    buf_puts(b, mtime_format_iso(ev->time_ms, ev->time_ms % 1000 != 0, t));
    buf_putc(b, ',');
    if (ev->kind == EV_CONN) {
        buf_puts(b, "conn,");
        conn_common_csv(b, &ev->u.conn);
    } else if (ev->kind == EV_WIN) {
        buf_puts(b, "win,");
        empty_fields(b, 10);            /* client .. result: none apply */
        buf_puts(b, "unknown,");
        empty_fields(b, 8);
    } else if (ev->kind == EV_FILE) {
        buf_puts(b, "file,");
        file_common_csv(b, &ev->u.file);
    } else if (ev->kind == EV_HTTP) {
        const http_event *h = &ev->u.http;
        buf_puts(b, "http,");
        str_field(b, h->client);
        str_field(b, h->user);
        str_field(b, h->method);
        str_field(b, h->scheme);
        str_field(b, h->host);
        num_field(b, h->port ? h->port : -1);
        str_field(b, h->path);
        str_field(b, h->query);
        str_field(b, h->url);
        num_field(b, h->status ? h->status : -1);
        buf_puts(b, proxy_result_name(h->result));
        buf_putc(b, ',');
        str_field(b, h->action);
        num_field(b, h->bytes_in);
        num_field(b, h->bytes_out);
        num_field(b, h->duration_ms);
        str_field(b, h->user_agent);
        str_field(b, h->referer);
        str_field(b, h->content_type);
        str_field(b, h->server);
    } else {
        buf_puts(b, "unknown,,,,,,,,,,,,,,,,,,,,");
    }
    csv_field(b, sv_cstr(ev->src ? ev->src->name : ""));
    buf_putc(b, ',');
    buf_put_i64(b, (int64_t)ev->line);
    buf_putc(b, ',');
    buf_put_i64(b, (int64_t)ev->offset);
    extra_csv(b, ev);
    buf_putc(b, '\n');
}
