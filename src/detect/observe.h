/* observe.h - the shared picture of the traffic that every detector reads.
 *
 * This is the "enrich" step of ARCHITECTURE.md for proxy events: before any
 * detector sees a record, its client, destination and User-Agent are
 * interned to dense ids and the common counters of the terminal, the
 * destination and the (terminal, destination) pair are updated once. A
 * detector then gets a det_event (the record plus those ids and records) and
 * keeps only what is its own, in arrays indexed by the same ids. So a
 * terminal, a destination or a pair costs its memory once, however many
 * detectors look at it.
 *
 * Memory is what limits a scan of a month of a large organisation's logs
 * (20,000 terminals, 2 million destinations), so the records are fixed-size
 * and small: times are seconds since 2000-01-01 in uint32, names live in
 * compact intern tables, pairs are found through an index of 4-byte slots.
 * Counters saturate instead of wrapping. */
#ifndef MITSUKE_OBSERVE_H
#define MITSUKE_OBSERVE_H

#include "config/config.h"
#include "core/intern.h"
#include "core/u64map.h"
#include "event.h"

#include <stdbool.h>
#include <stdint.h>

#define OBS_EPOCH_MS INT64_C(946684800000) /* 2000-01-01T00:00:00Z */
#define OBS_NONE UINT32_MAX
#define OBS_MAX_UAS 500000                 /* distinct User-Agents kept; more share one "overflow" id */
#define OBS_UA_DESTS 4                     /* destinations remembered per User-Agent */

static inline uint32_t obs_sec(int64_t ms) {
    int64_t s = (ms - OBS_EPOCH_MS) / 1000;
    return s < 0 ? 0 : s >= (int64_t)UINT32_MAX ? UINT32_MAX - 1 : (uint32_t)s;
}
static inline int64_t obs_ms(uint32_t s) { return OBS_EPOCH_MS + (int64_t)s * 1000; }
static inline uint32_t obs_hour(uint32_t s) { return s / 3600; }

/* Where a record is, compactly: enough to quote the raw line. */
typedef struct obs_ref {
    uint32_t src;        /* source id */
    uint32_t line;       /* saturates at 2^32 - 1 */
    uint64_t offset;
} obs_ref;

typedef struct obs_terminal {
    uint32_t first_s, last_s;
    uint32_t requests, ok;
    uint64_t bytes_out, bytes_in;
    uint32_t hours;              /* distinct active hours (see observe.c on order) */
    uint32_t last_hour;
    uint32_t destinations;
    uint32_t off_requests;       /* outside working hours */
    uint32_t recent_dest, recent_pair; /* the terminal's last destination and pair: */
    uint32_t recent_hash;        /* successive requests of a page load repeat them */
    bool internal;
} obs_terminal;

typedef struct obs_dest {
    uint32_t first_s, last_s;
    uint32_t requests, ok;
    uint32_t terminals;          /* distinct clients */
    uint32_t name_hash;          /* intern_hash of the name: the pair index hashes it (observe.c) */
    uint64_t bytes_out, bytes_in;
    obs_ref first_ref;
} obs_dest;

/* Words of every pair record that detectors keep their own per-pair state
 * in (a detector declares how many it needs: detector.h, pair_words). They
 * sit in the record observe has just read, so per-pair state costs no cache
 * miss of its own. Each word costs 4 bytes for every pair (10 GB of logs
 * may hold over 10 million pairs): three make the record 56 bytes. */
#define OBS_PAIR_WORDS 3

/* A (terminal, destination) pair: 56 bytes, the largest table of a scan
 * (10 GB of logs may hold over 10 million). Byte counts saturate at
 * 2^40 - 1 (1 TiB per pair) and active hours at 16,383 (1.9 years of
 * hours), so they fit with two flag bits in one 64-bit word; bytes_in is
 * split around the 32-bit fields (read it with obs_pair_bytes_in). */
#define OBS_PAIR_BYTES_MAX ((UINT64_C(1) << 40) - 1)
#define OBS_PAIR_HOURS_MAX 16383

typedef struct obs_pair {
    uint64_t bytes_out : 40;     /* client -> server */
    uint64_t hours : 14;         /* distinct active hours */
    uint64_t flags : 2;          /* PAIR_* */
    uint64_t bytes_in_low : 8;   /* server -> client: the low 8 bits... */
    uint32_t bytes_in_high;      /* ...and the high 32 */
    uint32_t term, dest;
    uint32_t first_s, last_s;
    uint32_t requests, ok;
    uint32_t ua;                 /* first User-Agent id */
    uint32_t words[OBS_PAIR_WORDS];
} obs_pair;

static inline uint64_t obs_pair_bytes_in(const obs_pair *p) {
    return (uint64_t)p->bytes_in_high << 8 | p->bytes_in_low;
}

enum {
    PAIR_UA_MULTI = 1,           /* the pair used more than one User-Agent */
    PAIR_REFERER = 2,            /* some request of the pair carried a Referer */
};

/* User-Agent classes, decided once per distinct string (uaclass.c). */
typedef enum ua_class {
    UA_EMPTY = 0,
    UA_BROWSER,          /* Mozilla/... (...) naming a known browser or engine */
    UA_BROWSER_LIKE,     /* starts like a browser but is not a full browser string */
    UA_AGENT,            /* software agent on the benign list (updates, AV, telemetry) */
    UA_TOOL,             /* scripting tools and libraries: curl, python, PowerShell */
    UA_OTHER,            /* something else, well formed */
    UA_MALFORMED,        /* control bytes, misspelt "Mozilla", unbalanced brackets */
} ua_class;

typedef struct obs_ua {
    uint32_t terminals;          /* distinct clients using it */
    uint32_t requests;
    uint32_t dest[OBS_UA_DESTS];  /* the first distinct destinations it was sent to */
    uint8_t ndests;              /* distinct destinations, up to OBS_UA_DESTS + 1 (= "more") */
    uint8_t cls;                 /* ua_class */
    uint8_t family;              /* ua_family (uaclass.h) */
    uint8_t os;                  /* Windows NT version x 10 (51, 61, 100), 0 if none */
    uint16_t version;            /* browser major version, 0 if none */
} obs_ua;

typedef struct observe {
    const config *cfg;
    intern term_names, dest_names, ua_names;
    obs_terminal *terms;
    obs_dest *dests;
    obs_pair *pairs;
    obs_ua *uas;
    uint32_t nterms, ndests, npairs, nuas;
    uint32_t cap_terms, cap_dests, cap_pairs, cap_uas;
    uint32_t *pair_slots;        /* pair index: pair id + 1 per slot, 0 = empty (observe.c) */
    size_t pair_cap;
    u64map term_ua;              /* (term, ua) seen */
    u64map hours;                /* UTC hour (ms / 3600000, as uint64) -> records, all sources together */
    int64_t cov_hour;            /* hour being counted, and its pending count */
    uint32_t cov_count;
    uint32_t ua_overflow;        /* id shared by UAs past OBS_MAX_UAS */
    uint32_t first_s, last_s;    /* span of the records seen */
    uint64_t records, skipped;   /* records observed; records with no usable destination or client */
    uint64_t referred;           /* records with a Referer */
} observe;

/* One record as the detectors see it. */
typedef struct det_event {
    const event *ev;
    const http_event *h;
    uint32_t term, dest, pair, ua;
    const obs_terminal *t;
    const obs_dest *d;
    const obs_pair *p;
    uint32_t *words;             /* the pair's detector words (p->words, writable) */
    uint32_t sec;                /* obs_sec(ev->time_ms) */
    uint32_t hour;
    uint32_t prev_s;             /* the pair's previous last_s, OBS_NONE for a new pair */
    uint32_t prev_hour;          /* the hour of the pair's previous last_s, OBS_NONE for a new pair */
    bool new_dest, new_pair;
    bool ok;                     /* proxy result "allowed" */
    bool off_hours;
} det_event;

/* What observe needs of a record before it touches its tables: whether the
 * record is usable (has a client and a destination, neither of them a
 * proxy), the client and the normalised destination name, and their hashes,
 * computed once and used by every lookup. The ids and the pair are found
 * ahead, as hints only (observe_event looks everything up again), by the
 * observe_ahead_* steps below. */
typedef struct obs_prep {
    bool usable;
    sv client;                   /* as logged, at most 255 bytes */
    sv dest;                     /* normalised destination name, in `name` */
    uint32_t client_hash, dest_hash;   /* intern_hash of each */
    uint32_t term, dest_id;      /* found ahead: OBS_NONE when not (yet) known */
    char name[256];
} obs_prep;

void observe_init(observe *o, const config *cfg);
void observe_free(observe *o);
/* Fills `p` from the event (which must stay where it is until observe_event). */
void observe_prepare(const observe *o, const event *ev, obs_prep *p);

/* Memory hints for a batch of prepared records, in this order, each step
 * over the whole batch before the next, so the cache misses of many records
 * overlap: (1) the name slots, (2) the destination's text, the terminal's
 * record and the pair's slot, (3) the destination's record, (4) the pair's
 * record. They read the tables and change nothing. */
void observe_ahead_slots(const observe *o, const obs_prep *p);
void observe_ahead_names(const observe *o, obs_prep *p);
void observe_ahead_records(const observe *o, obs_prep *p);
void observe_ahead_pair(const observe *o, const obs_prep *p);

/* Updates the tables for one http event and fills `de`. Returns false when
 * the record is not usable (p->usable: no client or destination, or a
 * proxy's). `p` comes from observe_prepare for this event. */
bool observe_event(observe *o, const event *ev, const obs_prep *p, bool off_hours, det_event *de);

/* After the last record: flushes the coverage count and frees the lookup
 * indexes (pairs, terminal x UA, name hashes), which only ingestion needs,
 * so the memory serves the detectors' finish instead. Names stay readable. */
void observe_end(observe *o);

/* Whether the log carries Referers at all (at least 1% of the records have
 * one): only then does a request without one say something. */
static inline bool obs_log_has_referers(const observe *o) { return o->referred && o->referred * 100 >= o->records; }

static inline sv obs_term_name(const observe *o, uint32_t id) { return intern_str(&o->term_names, id); }
static inline sv obs_dest_name(const observe *o, uint32_t id) { return intern_str(&o->dest_names, id); }
static inline sv obs_ua_name(const observe *o, uint32_t id) { return intern_str(&o->ua_names, id); }
size_t observe_bytes(const observe *o);

#endif
