/* sites.h - the web the simulated staff browse.
 *
 * A catalogue of sites ordered by popularity: well-known real portals, news,
 * government and shopping sites at the head, then a long tail of made-up
 * small sites (names from the seed). Visits follow a Zipf-like law
 * (weight 1/(rank+2)^1.05), so a few sites carry most traffic and thousands
 * are seen only once or twice - the shape that makes "rare destination"
 * detection hard. Some sites are HTTPS (visits are CONNECT tunnels), some are
 * blocked by the proxy's URL filter, and pages pull sub-resources from the
 * site itself and from shared CDN, analytics and advertising hosts. */
#ifndef MITSUKE_SIM_SITES_H
#define MITSUKE_SIM_SITES_H

#include "core/arena.h"
#include "sim/rng.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct site {
    const char *host;
    uint32_t ip;
    bool https;
    bool blocked;       /* the proxy's category filter denies it */
    bool search;        /* a search engine: pages carry ?q= */
} site;

typedef struct sites {
    site *v;
    uint32_t n;
    double *cdf;        /* cumulative Zipf weights, cdf[n-1] == 1 */
    const site *cdn;    /* shared sub-resource hosts */
    uint32_t ncdn;
    arena mem;
} sites;

void sites_init(sites *s, uint64_t seed, uint32_t terminals);
void sites_free(sites *s);
const site *sites_pick(const sites *s, rng *r);
const site *sites_at(const sites *s, uint32_t i);
const site *sites_cdn(const sites *s, rng *r);
/* A deterministic public-looking address for a host name. */
uint32_t sites_addr(const char *host);

/* Page and resource paths into out (at least 160 bytes); query (80 bytes)
 * is set to "" when there is none. News paths carry dates shortly before t. */
void sites_page_path(const site *st, rng *r, int64_t t, char *out, char *query);
void sites_resource_path(rng *r, char *out, const char **ctype);

#endif
