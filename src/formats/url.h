/* url.h - splitting the request targets that proxies log.
 *
 * Handles absolute URLs (http://user@host:port/path?q), CONNECT authority form
 * (host:443, [v6]:443), origin form (/path?q, web server logs) and junk (left
 * in path). Pure views: nothing is decoded or copied. */
#ifndef MITSUKE_URL_H
#define MITSUKE_URL_H

#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct url_parts {
    sv scheme, host, path, query;
    int32_t port;   /* 0 when not given and not implied by the scheme */
} url_parts;

/* `connect` says the target is an authority (CONNECT method). */
void url_split(sv url, bool connect, url_parts *out);
/* "host:port" or "[v6]:port" -> host and port (port 0 if absent). */
void host_port_split(sv hp, sv *host, int32_t *port);
int32_t default_port_for_scheme(sv scheme);

#endif
