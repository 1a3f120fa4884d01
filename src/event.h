/* event.h - the one normalized event every parser produces.
 *
 * An event has a common header (time, kind, where it came from) and a body
 * per kind. Strings are views into the reader's line buffer: valid only during
 * the callback that receives the event. A consumer that keeps a string copies
 * (interns) it into its own arena.
 *
 * Kinds are added here as formats for them arrive: `http` for proxy and web
 * server logs; `conn` for firewall and flow records; `win` for Windows events
 * (the event id, the System fields and a bounded list of EventData name/value
 * pairs); `file` for file-server access. `mail` follows the same pattern. */
#ifndef MITSUKE_EVENT_H
#define MITSUKE_EVENT_H

#include "core/ipaddr.h"
#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

struct source;

typedef enum event_kind {
    EV_NONE = 0,
    EV_HTTP,
    EV_CONN,
    EV_WIN,
    EV_FILE,
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

/* What a firewall did with a connection. */
typedef enum conn_result {
    CR_UNKNOWN = 0,
    CR_ALLOWED,        /* accepted, forwarded, or a closed session that was allowed */
    CR_DENIED,         /* dropped, rejected, blocked */
} conn_result;

const char *conn_result_name(conn_result r);

typedef struct conn_event {
    sv device;            /* the firewall that logged it (syslog host, devname) */
    sv src, dst;          /* addresses as logged */
    ipaddr src_ip, dst_ip;
    int32_t src_port, dst_port;   /* 0 when none */
    sv proto;             /* "tcp", "udp", "icmp", or the number as logged */
    conn_result result;
    sv action;            /* raw verdict: the iptables log prefix, FortiGate action= */
    sv rule;              /* policy id or rule name, empty if none */
    sv in_if, out_if;     /* interfaces, empty if none */
    sv service, app, user;
    int64_t bytes_out;    /* src -> dst, -1 unknown */
    int64_t bytes_in;     /* dst -> src, -1 unknown */
    int64_t duration_ms;  /* -1 unknown */
} conn_event;

void conn_event_clear(conn_event *c);

/* One EventData (or UserData) field of a Windows event. Values are unescaped
 * (JSON \\ and XML &amp; already decoded) into the parser's own buffer. */
typedef struct win_pair {
    sv name, value;
} win_pair;

/* At most this many data pairs are kept per event; the rest are counted. */
#define WIN_MAX_DATA 64

typedef struct win_event {
    int32_t event_id;     /* -1 unknown */
    sv channel;           /* Security, System, Microsoft-Windows-Sysmon/Operational */
    sv provider;          /* Microsoft-Windows-Security-Auditing, Service Control Manager */
    sv computer;          /* as logged, usually the FQDN */
    int64_t record_id;    /* EventRecordID, -1 unknown */
    sv level;             /* as logged (a number or a name), empty if none */
    const win_pair *data; /* EventData pairs in document order */
    uint16_t ndata;
    uint16_t dropped;     /* pairs beyond WIN_MAX_DATA, not kept */
} win_event;

void win_event_clear(win_event *w);
/* The value of the named data field (exact name), or SV_NULL. */
sv win_data_get(const win_event *w, const char *name);

/* What a file-server record says was done. */
typedef enum file_op {
    FO_UNKNOWN = 0,
    FO_CONNECT,        /* a share was mounted (tree connect) */
    FO_DISCONNECT,
    FO_OPEN,           /* opened for reading */
    FO_CREATE,         /* opened for writing or created */
    FO_READ,
    FO_WRITE,
    FO_CLOSE,
    FO_DELETE,
    FO_RENAME,
    FO_MKDIR,
    FO_LIST,           /* directory listing */
    FO_OTHER,          /* a known record whose operation is none of these */
} file_op;

const char *file_op_name(file_op op);

typedef struct file_event {
    sv server;            /* the file server that logged it */
    sv client;            /* client address (or name) as logged */
    ipaddr client_ip;
    sv client_name;       /* client machine name, empty if none */
    sv user;
    sv share;
    sv path;              /* path inside the share, as logged */
    sv path2;             /* rename target, empty otherwise */
    file_op op;
    sv op_raw;            /* the operation as logged (pread, openat, ...) */
    bool ok;              /* the operation succeeded */
    sv error;             /* failure reason as logged, empty if none */
    int64_t bytes;        /* bytes read or written, -1 unknown */
} file_event;

void file_event_clear(file_event *f);

typedef struct event {
    int64_t time_ms;      /* UTC milliseconds since the epoch */
    int16_t tz_off_min;   /* the UTC offset the source wrote (minutes) */
    event_kind kind;
    const struct source *src;
    uint64_t offset;      /* byte offset of the record in the uncompressed source */
    uint64_t line;        /* 1-based line number */
    sv raw;               /* the line it was parsed from (set by ingest; empty if none) */
    union {
        http_event http;
        conn_event conn;
        win_event win;
        file_event file;
    } u;
} event;

void http_event_clear(http_event *h);

#endif
