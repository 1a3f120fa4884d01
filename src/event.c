/* event.c - small helpers for normalized events. */
#include "event.h"

#include <string.h>

const char *proxy_result_name(proxy_result r) {
    switch (r) {
    case PR_ALLOWED: return "allowed";
    case PR_DENIED: return "denied";
    case PR_AUTH_REQUIRED: return "auth-required";
    case PR_ERROR: return "error";
    default: return "unknown";
    }
}

/* Zeroes a record in 64-byte pieces, which the compiler writes as a few
 * vector stores; one memset of the whole struct becomes `rep stos`, whose
 * start-up costs more than the clearing itself, on every record parsed. */
static void clear_record(void *rec, size_t size) {
    char *p = rec;
    size_t i = 0;
    for (; i + 64 <= size; i += 64) memset(p + i, 0, 64);
    memset(p + i, 0, size - i);
}

void http_event_clear(http_event *h) {
    clear_record(h, sizeof *h);
    h->bytes_in = h->bytes_out = h->duration_ms = -1;
}

const char *conn_result_name(conn_result r) {
    switch (r) {
    case CR_ALLOWED: return "allowed";
    case CR_DENIED: return "denied";
    default: return "unknown";
    }
}

void conn_event_clear(conn_event *c) {
    memset(c, 0, sizeof *c);
    c->bytes_in = c->bytes_out = c->duration_ms = -1;
}

void win_event_clear(win_event *w) {
    memset(w, 0, sizeof *w);
    w->event_id = -1;
    w->record_id = -1;
}

sv win_data_get(const win_event *w, const char *name) {
    sv want = sv_cstr(name);
    for (uint16_t i = 0; i < w->ndata; i++)
        if (sv_eq(w->data[i].name, want)) return w->data[i].value;
    return SV_NULL;
}

static const char *const file_op_names[] = {
    [FO_UNKNOWN] = "unknown", [FO_CONNECT] = "connect", [FO_DISCONNECT] = "disconnect",
    [FO_OPEN] = "open",       [FO_CREATE] = "create",   [FO_READ] = "read",
    [FO_WRITE] = "write",     [FO_CLOSE] = "close",     [FO_DELETE] = "delete",
    [FO_RENAME] = "rename",   [FO_MKDIR] = "mkdir",     [FO_LIST] = "list",
    [FO_OTHER] = "other",
};

const char *file_op_name(file_op op) {
    return (unsigned)op < sizeof file_op_names / sizeof file_op_names[0] ? file_op_names[op] : "unknown";
}

void file_event_clear(file_event *f) {
    memset(f, 0, sizeof *f);
    f->bytes = -1;
}
