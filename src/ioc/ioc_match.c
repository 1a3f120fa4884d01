/* ioc_match.c - the IOC matching engine; see ioc_match.h.
 *
 * Indicators that share a key (evil.com and evil.com:8080, or the same URL
 * from two feeds) hang off one entry as a chain of indicator indices, so a
 * lookup always costs one probe. The Hyperscan database holds each distinct
 * path and User-Agent part once; its id indexes `lits`, which says what kind
 * of literal it is and where its chain starts. Hyperscan reports where a
 * match ends; a literal's start is that end minus its length, so no
 * start-of-match tracking is compiled in.
 *
 * URLs are not in the Hyperscan database: a URL indicator is anchored at the
 * host, so the only places it can match are the request URL's prefixes that
 * end at a boundary (after "evil.com/", "evil.com/a", "evil.com/a/", ...,
 * "evil.com/a/b.php?x=1"), and those are looked up in a hash map - and only
 * when the request's host is the host of some URL indicator, which one probe
 * of `url_hosts` tells. This gives the same answers as a literal scan from
 * the start of the URL, with no compile time: compiling 25,000 URLs took
 * Hyperscan about 0.5 s, longer than sweeping 200 MB of log.
 *
 * Almost every lookup misses (most requests touch no indicator), and with
 * 100,000 keys a miss in a hash map is a cache miss. So every key of the
 * maps is also set in a small bit filter (16 bits per key, at most 2 MB) that
 * answers most misses from the CPU cache; only a set bit leads to the map. */
#include "ioc/ioc_match.h"
#include "core/buf.h"
#include "core/cidrset.h"
#include "core/util.h"

#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const how_names[IOC_HOW_COUNT] = {"domain", "subdomain", "ip",   "server-ip",  "cidr",
                                                     "url",    "tunnel",    "path", "user-agent", "user-agent-part"};

const char *ioc_how_name(ioc_how h) { return h < IOC_HOW_COUNT ? how_names[h] : "unknown"; }

typedef struct chain {
    uint32_t ioc;
    uint32_t next;          /* index + 1 in chains, 0 = end */
} chain;

typedef struct literal {
    uint32_t head;          /* index + 1 in chains */
    uint32_t len;
    ioc_type kind;          /* IOC_PATH or IOC_UA_PART */
    char last;              /* last byte: a literal ending in / ? = & needs no boundary after it */
} literal;

struct ioc_matcher {
    const ioc_set *set;
    vec chains;             /* of chain */
    hmap domains, ips, uas;
    hmap urls;              /* host + path [+ "?" query] -> URL indicators */
    hmap url_hosts;         /* host -> URL indicators (also for CONNECT tunnels) */
    cidrset cidrs;
    vec lits;               /* of literal */
    size_t n_path_lits, n_ua_part_lits;
    hs_database_t *db;
    hs_scratch_t *scratch;
    uint64_t *filter;       /* one bit per hash of any key in the maps above */
    uint64_t filter_mask;
    int domain_min_dots;    /* the fewest dots of any domain indicator */
    uint64_t *stamp;        /* per indicator: the event it last matched */
    uint64_t seq;
    buf scan;               /* "host/path?query\nUser-Agent" of the current event */
};

#define FILTER_SEED 0x696f632d66696c74ull /* "ioc-filt" */

static uint64_t filter_hash(const hmap *map, sv key) {
    return hash_bytes(key.p, key.n, FILTER_SEED ^ (uint64_t)(uintptr_t)map);
}

static void filter_build(ioc_matcher *m) {
    const hmap *maps[] = {&m->domains, &m->ips, &m->uas, &m->urls, &m->url_hosts};
    const size_t n_maps = sizeof maps / sizeof maps[0];
    size_t keys = 0;
    for (size_t i = 0; i < n_maps; i++) keys += hmap_len(maps[i]);
    size_t bits = 1 << 16;
    while (bits < keys * 16 && bits < ((size_t)1 << 24)) bits <<= 1;
    m->filter = xcalloc(bits / 64, sizeof *m->filter);
    m->filter_mask = bits - 1;
    for (size_t i = 0; i < n_maps; i++)
        for (size_t k = 0; k < hmap_len(maps[i]); k++) {
            const hmap_slot *s = hmap_at(maps[i], k);
            uint64_t h = filter_hash(maps[i], sv_make(s->key, s->klen)) & m->filter_mask;
            m->filter[h >> 6] |= 1ull << (h & 63);
        }
}

/* Adds indicator `idx` to the chain stored in slot->val.u64. */
static void chain_push(ioc_matcher *m, hmap_slot *slot, uint32_t idx) {
    chain *c = vec_push(&m->chains);
    c->ioc = idx;
    c->next = (uint32_t)slot->val.u64;
    slot->val.u64 = m->chains.len; /* index + 1 */
}

static void add_literal(ioc_matcher *m, hmap *lit_index, const ioc *it, uint32_t idx) {
    char k[2 * IOC_MAX_VALUE];
    k[0] = (char)('0' + it->type);
    memcpy(k + 1, it->key, it->key_len);
    bool created;
    hmap_slot *slot = hmap_put(lit_index, sv_make(k, it->key_len + 1), &created);
    if (created) {
        literal *l = vec_push(&m->lits);
        l->len = it->key_len;
        l->kind = it->type;
        l->last = it->key[it->key_len - 1];
        slot->val.u64 = m->lits.len - 1;
        if (it->type == IOC_UA_PART) m->n_ua_part_lits++;
        else m->n_path_lits++;
    }
    literal *l = &VEC_AT(&m->lits, literal, slot->val.u64);
    chain *c = vec_push(&m->chains);
    c->ioc = idx;
    c->next = l->head;
    l->head = (uint32_t)m->chains.len;
}

static bool compile_literals(ioc_matcher *m, const hmap *lit_index, char *err, size_t errlen) {
    size_t n = m->lits.len;
    if (!n) return true;
    if (hs_valid_platform() != HS_SUCCESS) {
        snprintf(err, errlen, "this CPU lacks the SSSE3 instructions Hyperscan needs");
        return false;
    }
    const char **exprs = xmalloc(n * sizeof *exprs);
    unsigned *flags = xmalloc(n * sizeof *flags), *ids = xmalloc(n * sizeof *ids);
    size_t *lens = xmalloc(n * sizeof *lens);
    for (size_t i = 0; i < n; i++) {
        const hmap_slot *slot = hmap_at(lit_index, i); /* literal i was the i-th distinct key */
        const literal *l = &VEC_AT(&m->lits, literal, i);
        exprs[i] = slot->key + 1;
        lens[i] = l->len;
        ids[i] = (unsigned)i;
        flags[i] = l->kind == IOC_UA_PART ? HS_FLAG_CASELESS : 0;
    }
    hs_compile_error_t *cerr = NULL;
    hs_error_t rc = hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)n, HS_MODE_BLOCK, NULL, &m->db, &cerr);
    if (rc != HS_SUCCESS) {
        snprintf(err, errlen, "Hyperscan could not compile the indicators: %s",
                 cerr && cerr->message ? cerr->message : "unknown error");
        hs_free_compile_error(cerr);
    } else if (hs_alloc_scratch(m->db, &m->scratch) != HS_SUCCESS) {
        snprintf(err, errlen, "Hyperscan could not allocate its scratch space");
        rc = HS_NOMEM;
    }
    free(exprs), free(flags), free(ids), free(lens);
    return rc == HS_SUCCESS;
}

ioc_matcher *ioc_matcher_new(const ioc_set *set, char *err, size_t errlen) {
    ioc_matcher *m = xcalloc(1, sizeof *m);
    m->set = set;
    vec_init(&m->chains, sizeof(chain));
    vec_init(&m->lits, sizeof(literal));
    hmap_init(&m->domains), hmap_init(&m->ips), hmap_init(&m->uas), hmap_init(&m->urls), hmap_init(&m->url_hosts);
    cidrset_init(&m->cidrs);
    hmap lit_index;
    hmap_init(&lit_index);
    for (size_t i = 0; i < ioc_count(set); i++) {
        const ioc *it = ioc_at(set, i);
        uint32_t idx = (uint32_t)i;
        sv key = sv_make(it->key, it->key_len);
        switch (it->type) {
        case IOC_DOMAIN: {
            int dots = 0;
            for (uint32_t k = 0; k < it->key_len; k++) dots += it->key[k] == '.';
            if (!hmap_len(&m->domains) || dots < m->domain_min_dots) m->domain_min_dots = dots;
            chain_push(m, hmap_put(&m->domains, key, NULL), idx);
            break;
        }
        case IOC_IP: chain_push(m, hmap_put(&m->ips, key, NULL), idx); break;
        case IOC_CIDR: cidrset_add(&m->cidrs, &it->net, idx); break;
        case IOC_UA: chain_push(m, hmap_put(&m->uas, key, NULL), idx); break;
        case IOC_URL:
            chain_push(m, hmap_put(&m->url_hosts, sv_make(it->key, it->host_len), NULL), idx);
            chain_push(m, hmap_put(&m->urls, key, NULL), idx);
            break;
        case IOC_PATH:
        case IOC_UA_PART: add_literal(m, &lit_index, it, idx); break;
        default: break;
        }
    }
    cidrset_build(&m->cidrs);
    filter_build(m);
    m->stamp = xcalloc(ioc_count(set) + 1, sizeof *m->stamp);
    bool ok = compile_literals(m, &lit_index, err, errlen);
    hmap_free(&lit_index);
    if (!ok) {
        ioc_matcher_free(m);
        return NULL;
    }
    return m;
}

void ioc_matcher_free(ioc_matcher *m) {
    if (!m) return;
    vec_free(&m->chains);
    vec_free(&m->lits);
    hmap_free(&m->domains), hmap_free(&m->ips), hmap_free(&m->uas), hmap_free(&m->urls), hmap_free(&m->url_hosts);
    cidrset_free(&m->cidrs);
    if (m->scratch) hs_free_scratch(m->scratch);
    if (m->db) hs_free_database(m->db);
    free(m->stamp);
    free(m->filter);
    buf_free(&m->scan);
    free(m);
}

/* ---- per event ---- */

typedef struct match_run {
    ioc_matcher *m;
    const event *ev;
    int32_t port;
    ioc_hit_fn fn;
    void *ctx;
    unsigned hits;
    size_t host_len, path_end, url_end, ua_start;  /* regions of m->scan */
} match_run;

static void fire(match_run *r, uint32_t idx, ioc_how how) {
    if (r->m->stamp[idx] == r->m->seq) return;
    r->m->stamp[idx] = r->m->seq;
    r->hits++;
    r->fn(r->ctx, idx, how, r->ev);
}

/* Fires every indicator of a chain whose port fits the request. */
static void fire_chain(match_run *r, uint32_t head, ioc_how how) {
    const chain *chains = r->m->chains.data;
    for (uint32_t at = head; at; at = chains[at - 1].next) {
        uint32_t idx = chains[at - 1].ioc;
        uint16_t want = ioc_at(r->m->set, idx)->port;
        if (!want || want == r->port) fire(r, idx, how);
    }
}

static bool filter_has(const ioc_matcher *m, const hmap *map, sv key) {
    uint64_t h = filter_hash(map, key) & m->filter_mask;
    return m->filter[h >> 6] & (1ull << (h & 63));
}

static void lookup(match_run *r, const hmap *map, sv key, ioc_how how) {
    if (!hmap_len(map) || !filter_has(r->m, map, key)) return;
    const hmap_slot *slot = hmap_get(map, key);
    if (slot) fire_chain(r, (uint32_t)slot->val.u64, how);
}

/* The address itself, then the ranges holding it (the 16 innermost: more
 * nested ranges around one address than that do not occur in real lists). */
static void match_address(match_run *r, const ipaddr *ip, ioc_how how) {
    lookup(r, &r->m->ips, sv_make((const char *)ip->b, 16), how);
    uint32_t found[16];
    size_t n = cidrset_lookup(&r->m->cidrs, ip, found, 16);
    for (size_t i = 0; i < n && i < 16; i++) fire(r, found[i], IOC_HOW_CIDR);
}

/* a.b.evil.com, then b.evil.com, then evil.com (and com, if some domain
 * indicator has no dot at all). */
static void match_domain(match_run *r, sv host) {
    if (!hmap_len(&r->m->domains)) return;
    int dots = 0;
    for (size_t i = 0; i < host.n; i++) dots += host.p[i] == '.';
    sv name = host;
    for (; dots >= r->m->domain_min_dots; dots--) {
        lookup(r, &r->m->domains, name, name.n == host.n ? IOC_HOW_DOMAIN : IOC_HOW_SUBDOMAIN);
        ptrdiff_t dot = sv_find_char(name, '.');
        if (dot < 0) break;
        name = sv_sub(name, (size_t)dot + 1, name.n);
    }
}

/* A URL or path indicator may end where the request's URL ends, before a
 * separator, or anywhere if it ends in one of / ? = & itself. */
static bool is_separator_after(char c) { return c == '/' || c == '?' || c == ';' || c == '&' || c == '#'; }
static bool is_open_end(char c) { return c == '/' || c == '?' || c == '=' || c == '&'; }

static bool at_boundary(const match_run *r, const literal *l, size_t end, size_t region_end) {
    return is_open_end(l->last) || end >= region_end || is_separator_after(r->m->scan.p[end]);
}

static int on_literal(unsigned int id, unsigned long long from, unsigned long long to, unsigned int flags,
                      void *p) {
    (void)from, (void)flags;
    match_run *r = p;
    const literal *l = &VEC_AT(&r->m->lits, literal, id);
    size_t end = (size_t)to, start = end - l->len;
    switch (l->kind) {
    case IOC_PATH:
        if (start >= r->host_len && start < r->path_end && end <= r->url_end && at_boundary(r, l, end, r->url_end))
            fire_chain(r, l->head, IOC_HOW_PATH);
        break;
    case IOC_UA_PART:
        if (start >= r->ua_start) fire_chain(r, l->head, IOC_HOW_UA_PART);
        break;
    default: break;
    }
    return 0;
}

/* Writes "host/path?query" (and "\nUser-Agent" when User-Agent parts are
 * sought) into m->scan and records the regions. */
static void build_scan(match_run *r, sv host, bool connect) {
    ioc_matcher *m = r->m;
    const http_event *h = &r->ev->u.http;
    buf *b = &m->scan;
    buf_clear(b);
    r->host_len = r->path_end = r->url_end = 0;
    if (!connect && (hmap_len(&m->urls) || m->n_path_lits)) {
        buf_putsv(b, host);
        r->host_len = b->len;
        if (h->path.n) buf_putsv(b, h->path);
        else buf_putc(b, '/');
        r->path_end = b->len;
        if (h->query.n) {
            buf_putc(b, '?');
            buf_putsv(b, h->query);
        }
        r->url_end = b->len;
    }
    buf_putc(b, '\n');
    r->ua_start = b->len;
    if (m->n_ua_part_lits) buf_putsv(b, h->user_agent);
}

/* Every prefix of the URL that ends at a boundary, from "host/" on. */
static void match_urls(match_run *r) {
    const char *u = r->m->scan.p;
    for (size_t end = r->host_len + 1; end <= r->url_end; end++)
        if (end == r->url_end || is_separator_after(u[end]) || is_open_end(u[end - 1]))
            lookup(r, &r->m->urls, sv_make(u, end), IOC_HOW_URL);
}

unsigned ioc_match_event(ioc_matcher *m, const event *ev, ioc_hit_fn fn, void *ctx) {
    if (ev->kind != EV_HTTP) return 0;
    const http_event *h = &ev->u.http;
    match_run r = {.m = m, .ev = ev, .port = h->port, .fn = fn, .ctx = ctx};
    m->seq++;
    bool connect = sv_case_eq(h->method, SV("CONNECT"));
    char hostbuf[256];
    long hn = h->host.n ? ioc_canonical_host(h->host, hostbuf, sizeof hostbuf) : -1;
    sv host = hn > 0 ? sv_make(hostbuf, (size_t)hn) : SV_NULL;
    ipaddr host_ip = {.family = 0};
    /* Does the host carry any URL indicator? (One probe, usually a miss.) */
    bool url_host = host.n && hmap_len(&m->url_hosts) && filter_has(m, &m->url_hosts, host) &&
                    hmap_get(&m->url_hosts, host);
    if (host.n) {
        if (ip_parse(host, &host_ip)) match_address(&r, &host_ip, IOC_HOW_IP);
        else match_domain(&r, host);
        if (connect && url_host) lookup(&r, &m->url_hosts, host, IOC_HOW_TUNNEL);
    }
    if (h->server_ip.family && !ip_equal(&h->server_ip, &host_ip)) match_address(&r, &h->server_ip, IOC_HOW_SERVER_IP);
    if (h->user_agent.n) lookup(&r, &m->uas, sv_trim(h->user_agent), IOC_HOW_UA);
    if ((url_host && !connect) || m->db) {
        build_scan(&r, host, connect);
        if (url_host && !connect) match_urls(&r);
        if (m->db && m->scan.len > 1)
            hs_scan(m->db, m->scan.p, (unsigned)MIN(m->scan.len, (size_t)UINT32_MAX), 0, m->scratch, on_literal, &r);
    }
    return r.hits;
}
