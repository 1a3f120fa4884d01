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

static const char *const csv_columns[] = {
    "time", "kind", "client", "user", "method", "scheme", "host", "port", "path", "query", "url", "status", "result",
    "action", "bytes_in", "bytes_out", "duration_ms", "user_agent", "referer", "content_type", "server", "source",
    "line", "offset",
};

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

void event_write_csv(buf *b, const event *ev) {
    char t[MTIME_BUFSZ];
    buf_puts(b, mtime_format_iso(ev->time_ms, ev->time_ms % 1000 != 0, t));
    buf_putc(b, ',');
    if (ev->kind == EV_HTTP) {
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
    buf_putc(b, '\n');
}
