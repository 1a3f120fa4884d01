/* url.h - splitting the request targets that proxies log.
 *
 * Handles absolute URLs (http://user@host:port/path?q), CONNECT authority form
 * (host:443, [v6]:443), origin form (/path?q, web server logs) and junk (left
 * in path). Pure views: nothing is decoded or copied. url_compose builds a URL
 * from parts for formats that log them separately (W3C, JSON). */
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
/* Could this be a host name or address? (letters, digits, . - _ : %, and
 * UTF-8 bytes for raw IDNs; 1-255 bytes). Used to refuse junk as a host. */
bool host_is_plausible(sv host);
/* Writes scheme://host[:port]path[?query] (the parts that are set) into dst;
 * returns the length, or 0 when it does not fit in cap bytes. */
size_t url_compose(char *dst, size_t cap, sv scheme, sv host, int32_t port, sv path, sv query);

#endif
