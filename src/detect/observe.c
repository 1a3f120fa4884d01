/* observe.c - the shared tables of terminals, destinations, pairs and
 * User-Agents; see observe.h.
 *
 * Order of records: logs of one proxy are in time order, several proxies'
 * logs or several files may interleave. Counters and first/last times do not
 * care. Distinct-hour counts do: they count a new hour whenever a record's
 * hour differs from that of the terminal's previous record (of the pair's
 * latest record), so a stream that jumps back and forth in time overcounts
 * a little (each jump adds one). That is the documented approximation
 * (docs/detectors.md). */
#include "detect/observe.h"
#include "config/hostset.h"
#include "core/util.h"
#include "detect/uaclass.h"
#include "io/sources.h"

#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(obs_pair) == 56, "a pair record is 56 bytes (observe.h)");

static inline uint32_t sat_add32(uint32_t a, uint64_t b) {
    uint64_t s = (uint64_t)a + b;
    return s > UINT32_MAX ? UINT32_MAX : (uint32_t)s;
}

void observe_init(observe *o, const config *cfg) {
    memset(o, 0, sizeof *o);
    o->cfg = cfg;
    intern_init(&o->term_names);
    intern_init(&o->dest_names);
    intern_init(&o->ua_names);
    u64map_init(&o->term_ua);
    u64map_init(&o->hours);
    o->ua_overflow = OBS_NONE;
    o->first_s = UINT32_MAX;
    o->cov_hour = INT64_MIN;
}

static void flush_hours(observe *o) {
    if (o->cov_count) {
        uint32_t *n = u64map_put(&o->hours, (uint64_t)o->cov_hour, 0, NULL);
        *n = sat_add32(*n, o->cov_count);
    }
    o->cov_count = 0;
}

void observe_end(observe *o) {
    flush_hours(o);
    free(o->pair_slots);
    o->pair_slots = NULL;
    o->pair_cap = 0;
    u64map_free(&o->term_ua);
    intern_freeze(&o->term_names);
    intern_freeze(&o->dest_names);
    intern_freeze(&o->ua_names);
}

/* Records per UTC hour, for coverage: every record counts, usable or not. */
static void count_hour(observe *o, int64_t ms) {
    int64_t hour = ms >= 0 ? ms / 3600000 : 0; /* parsers give no times before 1970 */
    if (hour != o->cov_hour) {
        flush_hours(o);
        o->cov_hour = hour;
    }
    o->cov_count++;
}

void observe_free(observe *o) {
    intern_free(&o->term_names);
    intern_free(&o->dest_names);
    intern_free(&o->ua_names);
    free(o->terms);
    free(o->dests);
    free(o->pairs);
    free(o->uas);
    free(o->pair_slots);
    u64map_free(&o->term_ua);
    u64map_free(&o->hours);
    memset(o, 0, sizeof *o);
}

/* Makes room for element `id` of an array of `size`-byte records, doubling.
 * The new room is not touched (the caller zeroes each record it creates), so
 * memory the array has not used yet is not resident. */
static void *ensure(void *arr, uint32_t *cap, uint32_t id, size_t size) {
    if (id < *cap) return arr;
    size_t ncap = *cap ? *cap : 1024;
    while (ncap <= id) ncap *= 2;
    arr = xrealloc(arr, ncap * size);
    *cap = (uint32_t)ncap;
    return arr;
}

static inline uint64_t nonneg(int64_t v) { return v > 0 ? (uint64_t)v : 0; }

/* Adds to a pair's byte counts, saturating at OBS_PAIR_BYTES_MAX. */
static void add_pair_bytes(obs_pair *p, uint64_t out, uint64_t in) {
    uint64_t o = p->bytes_out, i = obs_pair_bytes_in(p);
    o = out > OBS_PAIR_BYTES_MAX - o ? OBS_PAIR_BYTES_MAX : o + out;
    i = in > OBS_PAIR_BYTES_MAX - i ? OBS_PAIR_BYTES_MAX : i + in;
    p->bytes_out = o;
    p->bytes_in_low = i & 0xff;
    p->bytes_in_high = (uint32_t)(i >> 8);
}

/* ---- the pair index ------------------------------------------------------
 * Open addressing over uint32 slots: the pair id + 1 in the low 27 bits and
 * 5 bits of the hash above them (0 = empty). The key (terminal, destination)
 * is read from the pair record itself, so a slot costs 4 bytes instead of
 * the 12 a general map spends, and the hash bits spare most probes the read
 * of a record that cannot match. The hash is made of the terminal's id and
 * the hash of the destination's name (not its id), so a record's slot is
 * known before its destination is looked up, even for a destination never
 * seen (scan.c prefetches it). At most PAIR_MAX pairs (134 million, far
 * past what fits in memory anyway); later ones are counted as skipped. */

#define PAIR_ID_BITS 27
#define PAIR_ID_MASK ((1u << PAIR_ID_BITS) - 1)
#define PAIR_MAX (PAIR_ID_MASK - 1)

static inline uint64_t pair_hash(uint32_t term, uint32_t dest_name_hash) {
    uint64_t x = u64_pair(term, dest_name_hash);
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static inline uint32_t pair_tag(uint64_t h) { return (uint32_t)(h >> 59) << PAIR_ID_BITS; }

static void pair_index_grow(observe *o) {
    size_t cap = o->pair_cap ? o->pair_cap * 2 : 4096, mask = cap - 1;
    uint32_t *slots = xcalloc(cap, sizeof *slots);
    for (uint32_t id = 0; id < o->npairs; id++) {
        if (id + 16 < o->npairs) __builtin_prefetch(&o->dests[o->pairs[id + 16].dest].name_hash);
        uint64_t h = pair_hash(o->pairs[id].term, o->dests[o->pairs[id].dest].name_hash);
        size_t i = h & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = pair_tag(h) | (id + 1);
    }
    free(o->pair_slots);
    o->pair_slots = slots;
    o->pair_cap = cap;
}

/* The pair's id, adding a zeroed record for a new pair; OBS_NONE when full.
 * `dest_name_hash` is that of `dest` (dests[dest].name_hash). */
static uint32_t pair_put(observe *o, uint32_t term, uint32_t dest, uint32_t dest_name_hash, bool *created) {
    if ((size_t)(o->npairs + 1) * 10 > o->pair_cap * 7) pair_index_grow(o);
    uint64_t h = pair_hash(term, dest_name_hash);
    uint32_t tag = pair_tag(h);
    size_t mask = o->pair_cap - 1, i = h & mask;
    *created = false;
    for (uint32_t v; (v = o->pair_slots[i]); i = (i + 1) & mask) {
        if ((v & ~PAIR_ID_MASK) != tag) continue;
        const obs_pair *p = &o->pairs[(v & PAIR_ID_MASK) - 1];
        if (p->term == term && p->dest == dest) return (v & PAIR_ID_MASK) - 1;
    }
    if (o->npairs >= PAIR_MAX) return OBS_NONE;
    uint32_t id = o->npairs;
    o->pairs = ensure(o->pairs, &o->cap_pairs, id, sizeof *o->pairs);
    memset(&o->pairs[id], 0, sizeof o->pairs[id]);
    o->npairs = id + 1;
    o->pair_slots[i] = tag | (id + 1);
    *created = true;
    return id;
}

static uint32_t intern_ua(observe *o, sv ua, uint32_t likely) {
    if (ua.n > 1024) ua.n = 1024;
    /* Most records repeat their pair's User-Agent: one comparison, no hash. */
    if (likely != OBS_NONE && likely != o->ua_overflow && sv_eq(intern_str(&o->ua_names, likely), ua)) return likely;
    uint32_t id = intern_get(&o->ua_names, ua);
    if (id != INTERN_NONE) return id;
    if (o->nuas >= OBS_MAX_UAS) {
        if (o->ua_overflow == OBS_NONE) {
            o->ua_overflow = intern_put(&o->ua_names, SV("(other User-Agents)"), NULL);
            o->uas = ensure(o->uas, &o->cap_uas, o->ua_overflow, sizeof *o->uas);
            memset(&o->uas[o->ua_overflow], 0, sizeof o->uas[o->ua_overflow]);
            o->uas[o->ua_overflow].cls = UA_OTHER;
            o->uas[o->ua_overflow].ndests = OBS_UA_DESTS + 1;
            o->nuas = o->ua_overflow + 1;
        }
        return o->ua_overflow;
    }
    id = intern_put(&o->ua_names, ua, NULL);
    if (id == INTERN_NONE) return o->ua_overflow;
    o->uas = ensure(o->uas, &o->cap_uas, id, sizeof *o->uas);
    obs_ua *u = &o->uas[id];
    memset(u, 0, sizeof *u);
    ua_classify(ua, o->cfg, u);
    o->nuas = id + 1;
    return id;
}

/* The destination's name: the host as logged, or the server address when the
 * record has no host. Proxy addresses are never destinations. */
static bool destination_name(const observe *o, const http_event *h, sv *out) {
    if (h->host.n) {
        *out = h->host;
        return true;
    }
    if (h->server.n && h->server_ip.family && !config_is_proxy(o->cfg, &h->server_ip)) {
        *out = h->server;
        return true;
    }
    return false;
}

void observe_prepare(const observe *o, const event *ev, obs_prep *p) {
    const http_event *h = &ev->u.http;
    sv dname;
    p->usable = false;
    p->term = p->dest_id = OBS_NONE;
    if (ev->kind != EV_HTTP || !h->client.n || !destination_name(o, h, &dname) ||
        (h->client_ip.family && o->cfg->proxies.len && config_is_proxy(o->cfg, &h->client_ip)))
        return;
    if (!h->host.n && h->server_ip.family == 0) return;
    if (h->host.n && o->cfg->proxies.len) {
        ipaddr hip;
        if (ip_parse(h->host, &hip) && config_is_proxy(o->cfg, &hip)) return;
    }
    p->usable = true;
    p->client = h->client.n > 255 ? sv_sub(h->client, 0, 255) : h->client;
    p->dest = host_normalize(dname, p->name);
    p->client_hash = intern_hash(p->client);
    p->dest_hash = intern_hash(p->dest);
}

/* ---- hints ahead of observe_event (observe.h) --------------------------- */

/* Both cache lines a record of `size` bytes may straddle. */
static inline void prefetch_record(const void *rec, size_t size) {
    __builtin_prefetch(rec);
    __builtin_prefetch((const char *)rec + size - 1);
}

void observe_ahead_slots(const observe *o, const obs_prep *p) {
    if (!p->usable) return;
    intern_prefetch_slot(&o->term_names, p->client_hash);
    intern_prefetch_slot(&o->dest_names, p->dest_hash);
}

void observe_ahead_names(const observe *o, obs_prep *p) {
    if (!p->usable) return;
    p->term = intern_get_hashed(&o->term_names, p->client, p->client_hash);
    intern_prefetch_text(&o->dest_names, p->dest_hash);
    if (p->term >= o->nterms) return;
    prefetch_record(&o->terms[p->term], sizeof *o->terms);
    if (o->pair_cap) __builtin_prefetch(&o->pair_slots[pair_hash(p->term, p->dest_hash) & (o->pair_cap - 1)]);
}

void observe_ahead_records(const observe *o, obs_prep *p) {
    if (!p->usable) return;
    p->dest_id = intern_get_hashed(&o->dest_names, p->dest, p->dest_hash);
    if (p->dest_id < o->ndests) prefetch_record(&o->dests[p->dest_id], sizeof *o->dests);
}

void observe_ahead_pair(const observe *o, const obs_prep *p) {
    if (!p->usable || p->term == OBS_NONE || p->dest_id == OBS_NONE || !o->pair_cap) return;
    uint64_t h = pair_hash(p->term, p->dest_hash);
    uint32_t tag = pair_tag(h);
    size_t mask = o->pair_cap - 1, i = h & mask;
    for (uint32_t v, probes = 0; (v = o->pair_slots[i]) && probes < 8; i = (i + 1) & mask, probes++)
        if ((v & ~PAIR_ID_MASK) == tag) {
            prefetch_record(&o->pairs[(v & PAIR_ID_MASK) - 1], sizeof *o->pairs);
            return;
        }
}

bool observe_event(observe *o, const event *ev, const obs_prep *pp, bool off_hours, det_event *de) {
    const http_event *h = &ev->u.http;
    o->records++;
    count_hour(o, ev->time_ms);
    if (!pp->usable) {
        o->skipped++;
        return false;
    }
    uint32_t sec = obs_sec(ev->time_ms), hour = obs_hour(sec);
    bool ok = h->result == PR_ALLOWED;
    uint64_t out = nonneg(h->bytes_out), in = nonneg(h->bytes_in);

    /* Terminal. */
    bool created;
    uint32_t tid = intern_put_hashed(&o->term_names, pp->client, pp->client_hash, &created);
    if (tid == INTERN_NONE) {
        o->skipped++;
        return false;
    }
    o->terms = ensure(o->terms, &o->cap_terms, tid, sizeof *o->terms);
    obs_terminal *t = &o->terms[tid];
    if (created) {
        memset(t, 0, sizeof *t);
        o->nterms = tid + 1;
        t->first_s = sec;
        t->last_hour = OBS_NONE;
        t->internal = !h->client_ip.family || config_is_internal(o->cfg, &h->client_ip);
    }

    /* Destination: the terminal's previous one again (the rest of a page
     * load) is found without the hash tables; else through them. */
    sv dn = pp->dest;
    uint32_t hh = pp->dest_hash | 1u, did, pid = OBS_NONE;
    if (t->recent_hash == hh && sv_eq(intern_str(&o->dest_names, t->recent_dest), dn)) {
        did = t->recent_dest;
        pid = t->recent_pair;
        created = false;
    } else {
        did = intern_put_hashed(&o->dest_names, dn, pp->dest_hash, &created);
        if (did == INTERN_NONE) {
            o->skipped++;
            return false;
        }
    }
    o->dests = ensure(o->dests, &o->cap_dests, did, sizeof *o->dests);
    obs_dest *d = &o->dests[did];
    de->new_dest = created;
    if (created) {
        memset(d, 0, sizeof *d);
        d->name_hash = pp->dest_hash;
        o->ndests = did + 1;
        d->first_s = d->last_s = sec;
        d->first_ref = (obs_ref){ev->src ? ev->src->id : 0, ev->line > UINT32_MAX ? UINT32_MAX : (uint32_t)ev->line,
                                 ev->offset};
    }

    /* Pair. */
    if (pid != OBS_NONE) {
        created = false;
    } else {
        pid = pair_put(o, tid, did, d->name_hash, &created);
        if (pid == OBS_NONE) {
            o->skipped++;
            return false;
        }
        t->recent_hash = hh;
        t->recent_dest = did;
        t->recent_pair = pid;
    }
    if (created) {
        obs_pair *np = &o->pairs[pid];
        np->term = tid;
        np->dest = did;
        np->first_s = np->last_s = sec;
        np->ua = OBS_NONE;
        d->terminals = sat_add32(d->terminals, 1);
        t->destinations = sat_add32(t->destinations, 1);
    }
    obs_pair *p = &o->pairs[pid];
    de->new_pair = created;
    de->prev_s = created ? OBS_NONE : p->last_s;
    de->prev_hour = created ? OBS_NONE : obs_hour(p->last_s);

    /* User-Agent. */
    uint32_t uid = intern_ua(o, h->user_agent, p->ua);
    if (uid != OBS_NONE) {
        obs_ua *u = &o->uas[uid];
        u->requests = sat_add32(u->requests, 1);
        if (u->ndests <= OBS_UA_DESTS) {
            bool known = false;
            for (int i = 0; i < u->ndests && i < OBS_UA_DESTS; i++) known |= u->dest[i] == did;
            if (!known) {
                if (u->ndests < OBS_UA_DESTS) u->dest[u->ndests] = did;
                u->ndests++;
            }
        }
        if (p->ua == OBS_NONE) p->ua = uid;
        else if (p->ua != uid) p->flags |= PAIR_UA_MULTI;
        if (created || p->ua != uid || (p->flags & PAIR_UA_MULTI)) {
            bool new_tu;
            u64map_put(&o->term_ua, u64_pair(tid, uid), 0, &new_tu);
            if (new_tu) u->terminals = sat_add32(u->terminals, 1);
        }
    }

    /* Counters. */
    t->requests = sat_add32(t->requests, 1);
    d->requests = sat_add32(d->requests, 1);
    p->requests = sat_add32(p->requests, 1);
    if (ok) {
        t->ok = sat_add32(t->ok, 1);
        d->ok = sat_add32(d->ok, 1);
        p->ok = sat_add32(p->ok, 1);
    }
    if (h->referer.n) {
        o->referred++;
        p->flags |= PAIR_REFERER;
    }
    t->bytes_out += out, d->bytes_out += out;
    t->bytes_in += in, d->bytes_in += in;
    add_pair_bytes(p, out, in);
    if (off_hours) t->off_requests = sat_add32(t->off_requests, 1);
    if (sec < t->first_s) t->first_s = sec;
    if (sec > t->last_s) t->last_s = sec;
    if (sec < d->first_s) d->first_s = sec;
    if (sec > d->last_s) d->last_s = sec;
    if (sec < p->first_s) p->first_s = sec;
    if (sec > p->last_s || created) p->last_s = sec;
    if (hour != t->last_hour) {
        t->hours = sat_add32(t->hours, 1);
        t->last_hour = hour;
    }
    if (created || hour != de->prev_hour) {
        if (p->hours < OBS_PAIR_HOURS_MAX) p->hours++;
    }
    if (sec < o->first_s) o->first_s = sec;
    if (sec > o->last_s || o->records == 1) o->last_s = sec;

    de->ev = ev;
    de->h = h;
    de->term = tid, de->dest = did, de->pair = pid, de->ua = uid;
    de->t = t, de->d = d, de->p = p;
    de->words = p->words;
    de->sec = sec;
    de->hour = hour;
    de->ok = ok;
    de->off_hours = off_hours;
    return true;
}

size_t observe_bytes(const observe *o) {
    return intern_bytes(&o->term_names) + intern_bytes(&o->dest_names) + intern_bytes(&o->ua_names) +
           (size_t)o->cap_terms * sizeof *o->terms + (size_t)o->cap_dests * sizeof *o->dests +
           (size_t)o->cap_pairs * sizeof *o->pairs + (size_t)o->cap_uas * sizeof *o->uas +
           o->pair_cap * sizeof *o->pair_slots + u64map_bytes(&o->term_ua) + u64map_bytes(&o->hours);
}
