/* event.h - the one normalized event every parser produces.
 *
 * An event has a common header (time, kind, where it came from) and a body
 * per kind. Strings are views into the reader's line buffer: valid only during
 * the callback that receives the event. A consumer that keeps a string copies
 * (interns) it into its own arena.
 *
 * Kinds are added here as formats for them arrive: `http` for proxy and web
 * server logs; `conn` (firewall, flow), `win` (Windows events), `file` (file
 * server, DB audit) and `mail` follow the same pattern. */
#ifndef MITSUKE_EVENT_H
#define MITSUKE_EVENT_H

#include "core/ipaddr.h"
#include "core/sv.h"

#include <stdint.h>

struct source;

typedef enum event_kind {
    EV_NONE = 0,
    EV_HTTP,
} event_kind;

/* What the proxy did with the request. This is separate from the HTTP status:
 * a C2 server may answer 404 with commands inside, which still means the
 * terminal reached it ("allowed"), while "error" means it never got there. */
typedef enum proxy_result {
    PR_UNKNOWN = 0,
    PR_ALLOWED,        /* forwarded, and the server (or cache) answered */
    PR_DENIED,         /* refused by proxy policy */
    PR_AUTH_REQUIRED,  /* 407: the proxy asked for credentials */
    PR_ERROR,          /* could not reach the server: DNS, connect, timeout */
} proxy_result;

const char *proxy_result_name(proxy_result r);

typedef struct http_event {
    sv client;            /* as logged: an address or a host name */
    ipaddr client_ip;     /* family 0 when `client` is not an address */
    sv user;              /* authenticated user, empty if none */
    sv method;            /* GET, POST, CONNECT, ... */
    sv url;               /* the request target as logged */
    sv scheme;            /* "http", "https", empty when unknown */
    sv host;              /* destination host name or address, as logged */
    int32_t port;         /* destination port, 0 when unknown */
    sv path, query;       /* query without the '?' */
    int32_t status;       /* HTTP status as logged, 0 when none */
    proxy_result result;
    sv action;            /* raw proxy verdict, e.g. TCP_DENIED, OBSERVED */
    int64_t bytes_in;     /* server -> client (response), -1 unknown */
    int64_t bytes_out;    /* client -> server (request), -1 unknown */
    int64_t duration_ms;  /* -1 unknown */
    sv user_agent, referer, content_type;
    sv server;            /* upstream server address as logged */
    ipaddr server_ip;
} http_event;

typedef struct event {
    int64_t time_ms;      /* UTC milliseconds since the epoch */
    int16_t tz_off_min;   /* the UTC offset the source wrote (minutes) */
    event_kind kind;
    const struct source *src;
    uint64_t offset;      /* byte offset of the record in the uncompressed source */
    uint64_t line;        /* 1-based line number */
    union {
        http_event http;
    } u;
} event;

void http_event_clear(http_event *h);

#endif
