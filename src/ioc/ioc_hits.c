/* ioc_hits.c - folding matched requests into per-terminal hits; see ioc_hits.h. */
#include "ioc/ioc_hits.h"
#include "core/mtime.h"
#include "core/utf8.h"
#include "core/util.h"
#include "io/sources.h"

#include <string.h>

void ioc_hits_init(ioc_hits *h, unsigned evidence_max) {
    hmap_init(&h->index);
    arena_init(&h->mem, 256 * 1024);
    h->evidence_max = evidence_max ? MIN(evidence_max, IOC_EVIDENCE_MAX) : IOC_EVIDENCE_DEFAULT;
    h->matched_requests = 0;
}

void ioc_hits_free(ioc_hits *h) {
    hmap_free(&h->index);
    arena_free(&h->mem);
}

/* Fills one evidence item. Its URL buffer is allocated once, at full size,
 * because the last item is overwritten by every later request. */
static void fill_evidence(ioc_hits *h, ioc_evidence *e, const event *ev) {
    const http_event *hp = &ev->u.http;
    e->source = ev->src ? ev->src->name : "";
    e->line = ev->line;
    e->offset = ev->offset;
    e->time_ms = ev->time_ms;
    if (!e->url) e->url = arena_alloc(&h->mem, IOC_EVIDENCE_URL_MAX + 1);
    size_t n = hp->url.n ? utf8_truncate(hp->url.p, hp->url.n, IOC_EVIDENCE_URL_MAX) : 0;
    if (n) memcpy(e->url, hp->url.p, n);
    e->url[n] = 0;
    e->result = hp->result;
    e->status = hp->status;
}

static void note_host(ioc_hits *h, ioc_hit *hit, sv host) {
    if (!host.n) return;
    for (unsigned i = 0; i < hit->n_hosts; i++)
        if (sv_case_eq(sv_cstr(hit->hosts[i]), host)) return;
    if (hit->n_hosts == IOC_HIT_HOSTS) {
        hit->hosts_more = true;
        return;
    }
    hit->hosts[hit->n_hosts++] = arena_strndup(&h->mem, host.p, utf8_truncate(host.p, host.n, 255));
}

void ioc_hits_add(ioc_hits *h, uint32_t index, ioc_how how, const event *ev) {
    const http_event *hp = &ev->u.http;
    sv terminal = hp->client.n > 255 ? sv_make(hp->client.p, utf8_truncate(hp->client.p, hp->client.n, 255)) : hp->client;
    char key[4 + 256];
    memcpy(key, &index, 4);
    memcpy(key + 4, terminal.p ? terminal.p : "", terminal.n);
    bool created;
    hmap_slot *slot = hmap_put(&h->index, sv_make(key, 4 + terminal.n), &created);
    ioc_hit *hit = slot->val.ptr;
    if (created) {
        hit = arena_zalloc(&h->mem, sizeof *hit);
        hit->ioc = index;
        hit->terminal = slot->key + 4; /* the map's own copy, NUL-terminated */
        hit->first_ms = hit->last_ms = ev->time_ms;
        hit->evidence = arena_zalloc(&h->mem, h->evidence_max * sizeof *hit->evidence);
        slot->val.ptr = hit;
    }
    hit->requests++;
    if ((unsigned)hp->result < 5) hit->by_result[hp->result]++;
    hit->how |= 1u << how;
    if (ev->time_ms < hit->first_ms) hit->first_ms = ev->time_ms;
    if (ev->time_ms > hit->last_ms) hit->last_ms = ev->time_ms;
    note_host(h, hit, hp->host);
    /* The first evidence_max - 1 requests, and the latest in the last place. */
    if (hit->n_evidence < h->evidence_max) fill_evidence(h, &hit->evidence[hit->n_evidence++], ev);
    else if (ev->time_ms >= hit->evidence[h->evidence_max - 1].time_ms && h->evidence_max > 1)
        fill_evidence(h, &hit->evidence[h->evidence_max - 1], ev);
}

static int cmp_hits(const void *a, const void *b) {
    const ioc_hit *x = *(ioc_hit *const *)a, *y = *(ioc_hit *const *)b;
    if (x->ioc != y->ioc) return x->ioc < y->ioc ? -1 : 1;
    if (x->first_ms != y->first_ms) return x->first_ms < y->first_ms ? -1 : 1;
    return strcmp(x->terminal, y->terminal);
}

void ioc_hits_sorted(const ioc_hits *h, vec *out) {
    vec_init(out, sizeof(ioc_hit *));
    vec_reserve(out, hmap_len(&h->index));
    for (size_t i = 0; i < hmap_len(&h->index); i++) *(ioc_hit **)vec_push(out) = hmap_at(&h->index, i)->val.ptr;
    vec_sort(out, cmp_hits);
}
