/* record.h - what the simulation emits, before any log format is applied.
 *
 * Actors describe what happened (a proxy transaction, a firewall session, a
 * Windows event, a file-server operation); the writers in proxy/, firewall/,
 * windows/ and fileserver/ turn each into a line of their format. Strings are
 * borrowed from the actor for the duration of the emit call. */
#ifndef MITSUKE_SIM_RECORD_H
#define MITSUKE_SIM_RECORD_H

#include <stdbool.h>
#include <stdint.h>

/* What the proxy did; each writer maps it to its own action codes. */
typedef enum sim_verdict {
    SV_ALLOWED = 0,     /* fetched from the server (or tunnel established) */
    SV_HIT,             /* served from the cache */
    SV_DENIED,          /* refused by policy: 403 */
    SV_AUTH,            /* 407: proxy authentication required */
    SV_DNS_ERROR,       /* the name did not resolve: 503, server never reached */
    SV_CONNECT_ERROR,   /* resolved but the connection timed out: 503/504 */
} sim_verdict;

typedef struct sim_http {
    int64_t t;              /* when the proxy logged it (the end of the transaction) */
    uint32_t client;        /* terminal address */
    const char *user;       /* proxy user, NULL when not authenticated */
    const char *method;
    bool connect;           /* CONNECT host:port */
    const char *scheme;     /* "http" for plain requests */
    const char *host;
    uint16_t port;
    const char *path;       /* starts with '/'; unused for CONNECT */
    const char *query;      /* without '?', NULL for none */
    int status;
    sim_verdict verdict;
    uint32_t server_ip;     /* 0 when the server was not contacted */
    const char *ctype;      /* response Content-Type, NULL for none */
    int64_t bytes_in;       /* response size sent to the client */
    int64_t bytes_out;      /* request size received from the client */
    int64_t duration_ms;
    const char *ua;         /* NULL: no User-Agent header */
    const char *referer;
    const char *category;   /* URL-filter category (Blue Coat ELFF), NULL for Unrated */
    int16_t attack;         /* attack terminal slot in the truth, -1 for background */
    int16_t dest;           /* attack destination index, -1 for none */
} sim_http;

typedef struct sim_conn {
    int64_t t;
    uint32_t src, dst;
    uint16_t sport, dport;
    uint8_t proto;          /* 6, 17, 1 */
    bool allowed;
    int64_t sent, rcvd;     /* bytes; -1 unknown */
    int64_t duration_ms;
    const char *service;    /* HTTP, HTTPS, SMB, ... */
    const char *app;        /* NULL for none */
    const char *country;    /* destination country (FortiGate), NULL: derived */
    int policy;
    bool timeout;           /* allowed but the server never answered */
} sim_conn;

#define SIM_WIN_MAX 24

typedef struct sim_win {
    int64_t t;
    int event_id;
    int channel;            /* WIN_SECURITY, WIN_SYSTEM */
    int provider;           /* WP_* */
    int32_t host;           /* terminal index, or HOST_DC / HOST_ADMIN */
    bool failure;           /* Audit Failure */
    int logon_type_hint;    /* for the JSON "event.action" only */
    int n;
    const char *name[SIM_WIN_MAX];
    const char *value[SIM_WIN_MAX];
} sim_win;

enum { WIN_SECURITY = 0, WIN_SYSTEM = 1 };
enum { HOST_DC = -1, HOST_ADMIN = -2 };
enum { WP_SECURITY = 0, WP_SCM, WP_EVENTLOG, WP_KERNEL_GENERAL };

typedef struct sim_fop {
    int64_t t;
    const char *user;
    uint32_t client;
    const char *machine;    /* client NetBIOS name, lower case as Samba logs it */
    const char *share;
    const char *op;         /* connect, openat, pread, pwrite, close, renameat, unlinkat, mkdirat, disconnect */
    bool ok;
    const char *flag;       /* "r"/"w" for openat, NULL otherwise */
    const char *path;
    const char *path2;      /* renameat target */
} sim_fop;

static inline void sim_win_add(sim_win *w, const char *name, const char *value) {
    if (w->n < SIM_WIN_MAX) {
        w->name[w->n] = name;
        w->value[w->n] = value;
        w->n++;
    }
}

#endif
