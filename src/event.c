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

void http_event_clear(http_event *h) {
    memset(h, 0, sizeof *h);
    h->bytes_in = h->bytes_out = h->duration_ms = -1;
}
