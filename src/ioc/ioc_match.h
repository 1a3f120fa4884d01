/* ioc_match.h - matching every request of a log against a set of indicators.
 *
 * Built once from an ioc_set, then asked about each http event. The cost per
 * event does not grow with the number of indicators:
 *   - domains: a hash set of names; the request's host is looked up, then each
 *     parent (a.b.evil.com -> b.evil.com -> evil.com), so "evil.com" matches
 *     its sub-domains and never "notevil.com";
 *   - IP addresses: a hash set of 16-byte addresses, checked against the
 *     logged host and the upstream server address the proxy connected to;
 *   - CIDR ranges: a cidrset (binary search over nested ranges);
 *   - whole User-Agents: a hash set;
 *   - URLs: a hash set of "host/path?query" keys, probed with each prefix of
 *     the request URL that ends at a boundary, and only when the host is the
 *     host of some URL indicator (see ioc_match.c for why not Hyperscan);
 *   - URL paths and User-Agent parts (true substring searches): one
 *     Hyperscan literal database (hs_compile_lit_multi) scanned once over
 *     "host/path?query\nUser-Agent"; each match is then checked for the
 *     region it lies in and, for paths, for ending at a path boundary.
 * A small bit filter in front of the hash sets answers most misses from the
 * CPU cache.
 * Port-specific indicators match only requests to that port. Each indicator
 * is reported at most once per event. The exact rules are in docs/hunt.md. */
#ifndef MITSUKE_IOC_MATCH_H
#define MITSUKE_IOC_MATCH_H

#include "event.h"
#include "ioc/ioc.h"

#include <stddef.h>

/* How an indicator matched a request. */
typedef enum ioc_how {
    IOC_HOW_DOMAIN = 0,     /* the host is the domain */
    IOC_HOW_SUBDOMAIN,      /* the host is a sub-domain of it */
    IOC_HOW_IP,             /* the host is the address */
    IOC_HOW_SERVER_IP,      /* the proxy connected to the address */
    IOC_HOW_CIDR,           /* the host or the server address is in the range */
    IOC_HOW_URL,            /* the URL */
    IOC_HOW_TUNNEL,         /* a CONNECT tunnel to the URL's host and port (path not visible) */
    IOC_HOW_PATH,           /* the path contains it */
    IOC_HOW_UA,             /* the whole User-Agent */
    IOC_HOW_UA_PART,        /* the User-Agent contains it */
    IOC_HOW_COUNT
} ioc_how;

const char *ioc_how_name(ioc_how h);   /* "domain", "subdomain", "ip", "server-ip", ... */

typedef struct ioc_matcher ioc_matcher;

/* Compiles the set (which must outlive the matcher). Returns NULL with a
 * message in err when Hyperscan refuses the literals. */
ioc_matcher *ioc_matcher_new(const ioc_set *set, char *err, size_t errlen);
void ioc_matcher_free(ioc_matcher *m);

/* Called once per (indicator, event) match; `index` is the indicator's
 * position in the set. */
typedef void (*ioc_hit_fn)(void *ctx, uint32_t index, ioc_how how, const event *ev);

/* Checks one http event; returns the number of indicators it matched. */
unsigned ioc_match_event(ioc_matcher *m, const event *ev, ioc_hit_fn fn, void *ctx);

#endif
