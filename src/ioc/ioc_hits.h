/* ioc_hits.h - what the IOC sweep found: one record per (indicator, terminal).
 *
 * The matcher reports single requests; this folds them into one record per
 * indicator and terminal (the client as logged) with the first and last time,
 * the number of requests, how many the proxy let through and how many failed
 * (by proxy result, not HTTP status: a C2 server that answers 404 was still
 * reached), the distinct hosts involved (a sample), and a bounded sample of
 * evidence: the first requests and the latest one, each citing its source,
 * line and byte offset. Memory grows with the number of hits, never with the
 * number of requests. */
#ifndef MITSUKE_IOC_HITS_H
#define MITSUKE_IOC_HITS_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/vec.h"
#include "event.h"
#include "ioc/ioc_match.h"

#include <stdbool.h>
#include <stdint.h>

#define IOC_HIT_HOSTS 8            /* distinct hosts kept per hit */
#define IOC_EVIDENCE_DEFAULT 5
#define IOC_EVIDENCE_MAX 100
#define IOC_EVIDENCE_URL_MAX 512   /* bytes of the logged URL kept per evidence item */

typedef struct ioc_evidence {
    const char *source;            /* source name (lives as long as the source list) */
    uint64_t line, offset;
    int64_t time_ms;
    char *url;                     /* as logged, cut to IOC_EVIDENCE_URL_MAX */
    proxy_result result;
    int32_t status;
} ioc_evidence;

typedef struct ioc_hit {
    uint32_t ioc;                  /* index in the ioc_set */
    const char *terminal;          /* client as logged ("" when the log has none) */
    int64_t first_ms, last_ms;
    uint64_t requests;
    uint64_t by_result[5];         /* indexed by proxy_result */
    uint32_t how;                  /* bit (1 << ioc_how) for each way it matched */
    const char *hosts[IOC_HIT_HOSTS];
    unsigned n_hosts;
    bool hosts_more;               /* more distinct hosts than kept */
    ioc_evidence *evidence;        /* up to evidence_max */
    unsigned n_evidence;
} ioc_hit;

typedef struct ioc_hits {
    hmap index;                    /* indicator index + terminal -> ioc_hit* */
    arena mem;
    unsigned evidence_max;
    uint64_t matched_requests;     /* events that matched at least one indicator */
} ioc_hits;

void ioc_hits_init(ioc_hits *h, unsigned evidence_max);
void ioc_hits_free(ioc_hits *h);
/* Records that indicator `index` matched event `ev`. */
void ioc_hits_add(ioc_hits *h, uint32_t index, ioc_how how, const event *ev);
static inline size_t ioc_hits_count(const ioc_hits *h) { return hmap_len(&h->index); }
/* All hits, sorted by indicator (load order), then first time, then terminal.
 * The vector holds ioc_hit pointers; free it with vec_free. */
void ioc_hits_sorted(const ioc_hits *h, vec *out);
/* True when some request of the hit got through the proxy. */
static inline bool ioc_hit_success(const ioc_hit *hit) { return hit->by_result[PR_ALLOWED] > 0; }

#endif
