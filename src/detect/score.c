/* score.c - ranking destinations and listing infected terminals; see score.h. */
#include "detect/score.h"
#include "core/util.h"
#include "detect/facts.h"

#include <libpsl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_FACTOR 0.5
#define BASELINE_START_S 3600   /* a pair "began with its terminal" within this */

static void add_evidence(scan_result *r, dest_result *d, const char *en, const char *ja) {
    if (d->nevidence >= SCORE_MAX_EVIDENCE) return;
    d->evidence_en[d->nevidence] = en;
    d->evidence_ja[d->nevidence] = ja;
    d->nevidence++;
    (void)r;
}

static void add_attack(dest_result *d, const char *id) {
    for (int i = 0; i < d->nattack; i++)
        if (!strcmp(d->attack[i], id)) return;
    if (d->nattack < SCORE_MAX_ATTACK) d->attack[d->nattack++] = id;
}

/* How much of the score survives for a shared service (1 = all). */
static double service_factor(const observe *o, const config *cfg, const obs_dest *d, uint32_t internal_terminals,
                             double *share) {
    const scan_settings *s = &cfg->scan;
    *share = internal_terminals ? (double)d->terminals / internal_terminals : 0;
    if (d->terminals < s->service_min_terminals) return 1;
    int64_t span_ms = (int64_t)(o->last_s - o->first_s) * 1000;
    bool is_new = span_ms >= 2 * s->new_after_ms && (int64_t)(d->first_s - o->first_s) * 1000 >= s->new_after_ms;
    if (is_new) return 1;
    double lo = s->service_share / 3, hi = s->service_share;
    if (*share <= lo) return 1;
    if (*share >= hi || hi <= lo) return 1.0 / 3;
    return 1 - (2.0 / 3) * (*share - lo) / (hi - lo);
}

/* Whether a destination belongs to the usual traffic: first seen near the
 * start of the logs, and talked to by (almost) every one of its terminals
 * from the time that terminal first appears. Software deployed on some
 * machines (a monitoring agent on the servers) looks like this; so would an
 * infection older than the logs, which is why this only scales the score. */
static bool is_baseline(const observe *o, const config *cfg, const obs_dest *d, uint32_t pairs, uint32_t from_start) {
    const scan_settings *s = &cfg->scan;
    int64_t span_ms = (int64_t)(o->last_s - o->first_s) * 1000;
    if (span_ms < 2 * s->new_after_ms || (int64_t)(d->first_s - o->first_s) * 1000 >= s->new_after_ms) return false;
    return pairs && from_start * 10 >= pairs * 8;
}

static int cmp_dest_result(const void *a, const void *b, void *obs) {
    const observe *o = obs;
    const dest_result *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    uint32_t rx = o->dests[x->dest].requests, ry = o->dests[y->dest].requests;
    if (rx != ry) return rx > ry ? -1 : 1;
    return (x->dest > y->dest) - (x->dest < y->dest);
}

static int cmp_term_result(const void *a, const void *b) {
    const term_result *x = a, *y = b;
    if (x->first_s != y->first_s) return x->first_s < y->first_s ? -1 : 1;
    return (x->term > y->term) - (x->term < y->term);
}

static void summarise(scan_result *r, const observe *o, dest_result *d) {
    const obs_dest *od = &o->dests[d->dest];
    char t[FACT_BUFSZ];
    fact_time(obs_ms(od->first_s), t);
    uint32_t failed = od->requests - od->ok;
    add_evidence(r, d,
                 arena_printf(&r->mem, "%u requests from %u terminal%s%s; first seen %s", od->requests, od->terminals,
                              od->terminals == 1 ? "" : "s",
                              failed == od->requests ? ", all failed" : "", t),
                 arena_printf(&r->mem, "%u 台の端末から %u 件の通信%s、初回観測 %s", od->terminals, od->requests,
                              failed == od->requests ? " (すべて失敗)" : "", t));
}

static void build_destination(scan_result *r, const observe *o, const config *cfg, const psl_ctx_t *psl,
                              dest_result *d, uint32_t internal_terminals, uint32_t pairs, uint32_t from_start) {
    const obs_dest *od = &o->dests[d->dest];
    sv name = obs_dest_name(o, d->dest);
    summarise(r, o, d);
    double keep = 1;
    for (size_t i = 0; i < d->findings.len; i++) {
        const finding *f = VEC_AT(&d->findings, finding *, i);
        keep *= 1 - f->score / 100.0;
        bool seen = false;
        for (int k = 0; k < d->ndetectors; k++) seen |= !strcmp(d->detectors[k], f->detector);
        if (!seen && d->ndetectors < SCORE_MAX_DETECTORS) d->detectors[d->ndetectors++] = f->detector;
        if (f->stage > d->stage) d->stage = f->stage;
        for (int k = 0; k < f->nattack; k++) add_attack(d, f->attack[k]);
        for (int k = 0; k < f->nfacts; k++) add_evidence(r, d, f->facts_en[k], f->facts_ja[k]);
    }
    double score = 100 * (1 - keep);
    double share;
    double factor = service_factor(o, cfg, od, internal_terminals, &share);
    if (factor < 0.9) {
        score *= factor;
        add_evidence(r, d,
                     arena_printf(&r->mem,
                                  "contacted by %u of the organisation's %u terminals since the logs begin: a shared "
                                  "service, score scaled by %.2f",
                                  od->terminals, internal_terminals, factor),
                     arena_printf(&r->mem, "ログの最初から組織の %2$u 台中 %1$u 台が通信している共用サービスのため、スコアを %3$.2f 倍",
                                  od->terminals, internal_terminals, factor));
    }
    if (is_baseline(o, cfg, od, pairs, from_start)) {
        score *= BASELINE_FACTOR;
        add_evidence(r, d,
                     arena_printf(&r->mem,
                                  "present since the logs begin on every terminal that uses it (usual traffic): score "
                                  "scaled by %.1f",
                                  BASELINE_FACTOR),
                     arena_printf(&r->mem, "ログの最初から利用端末すべてで見られる通常の通信のため、スコアを %.1f 倍",
                                  BASELINE_FACTOR));
    }
    const char *allowed = hostset_match(&cfg->allow_destinations, name);
    const char *own = allowed ? NULL : hostset_match(&cfg->org_domains, name);
    if ((allowed || own) && score > 10) {
        score = 10;
        const char *where = allowed ? allowed : own;
        add_evidence(r, d, arena_printf(&r->mem, "%s (%s): score capped at 10",
                                        allowed ? "on an allow-list" : "one of the organisation's own domains", where),
                     arena_printf(&r->mem, "%s (%s) のためスコアを 10 に制限", allowed ? "許可リストに登録済み" : "組織自身のドメイン",
                                  where));
    }
    d->score = (int)lround(score);
    d->severity = severity_from_score(d->score);
    d->suspicious = d->severity >= cfg->scan.suspicious_severity;
    ipaddr ip;
    if (psl && !ip_parse(name, &ip)) {
        const char *reg = psl_registrable_domain(psl, name.p);
        if (reg) d->registrable = arena_strdup(&r->mem, reg);
    }
}

static void list_terminals(scan_result *r, const observe *o) {
    /* Position of each suspicious destination in the ranking, for ordering. */
    uint32_t *rank = xmalloc(((size_t)o->ndests + 1) * sizeof *rank);
    memset(rank, 0xff, ((size_t)o->ndests + 1) * sizeof *rank);
    for (size_t i = 0; i < r->dests.len; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        if (d->suspicious) rank[d->dest] = (uint32_t)i;
    }
    uint32_t *slot = xmalloc(((size_t)o->nterms + 1) * sizeof *slot);
    memset(slot, 0xff, ((size_t)o->nterms + 1) * sizeof *slot);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        if (rank[p->dest] == UINT32_MAX || !o->terms[p->term].internal) continue;
        if (slot[p->term] == UINT32_MAX) {
            slot[p->term] = (uint32_t)r->terms.len;
            term_result *t = vec_push(&r->terms);
            t->term = p->term;
            t->first_s = p->first_s;
            t->last_s = p->last_s;
            vec_init(&t->dests, sizeof(uint32_t));
        }
        term_result *t = &VEC_AT(&r->terms, term_result, slot[p->term]);
        if (p->first_s < t->first_s) t->first_s = p->first_s;
        if (p->last_s > t->last_s) t->last_s = p->last_s;
        t->requests += p->requests;
        t->ok += p->ok;
        t->bytes_out += p->bytes_out;
        t->bytes_in += obs_pair_bytes_in(p);
        uint32_t *dp = vec_push(&t->dests);
        *dp = p->dest;
    }
    for (size_t i = 0; i < r->terms.len; i++) {
        term_result *t = &VEC_AT(&r->terms, term_result, i);
        uint32_t *ds = t->dests.data;
        /* Few destinations per terminal: insertion sort by rank. */
        for (size_t a = 1; a < t->dests.len; a++)
            for (size_t b = a; b > 0 && rank[ds[b]] < rank[ds[b - 1]]; b--) {
                uint32_t tmp = ds[b];
                ds[b] = ds[b - 1];
                ds[b - 1] = tmp;
            }
    }
    vec_sort(&r->terms, cmp_term_result);
    free(slot);
    free(rank);
}

void score_destinations(const observe *o, const config *cfg, const finding_list *findings, scan_result *r) {
    memset(r, 0, sizeof *r);
    vec_init(&r->dests, sizeof(dest_result));
    vec_init(&r->terms, sizeof(term_result));
    arena_init(&r->mem, 64 * 1024);
    r->max_severity = -1;
    for (uint32_t i = 0; i < o->nterms; i++) r->internal_terminals += o->terms[i].internal;

    /* Group findings by destination. */
    uint32_t *slot = xmalloc(((size_t)o->ndests + 1) * sizeof *slot);
    memset(slot, 0xff, ((size_t)o->ndests + 1) * sizeof *slot);
    for (size_t i = 0; i < finding_count(findings); i++) {
        finding *f = finding_at(findings, i);
        if (f->dest_id >= o->ndests) continue;
        if (slot[f->dest_id] == UINT32_MAX) {
            slot[f->dest_id] = (uint32_t)r->dests.len;
            dest_result *d = vec_push(&r->dests);
            d->dest = f->dest_id;
            vec_init(&d->findings, sizeof(finding *));
        }
        dest_result *d = &VEC_AT(&r->dests, dest_result, slot[f->dest_id]);
        *(finding **)vec_push(&d->findings) = f;
    }

    /* Per scored destination: its pairs, and those that began when their
     * terminal first appeared (for is_baseline). */
    uint32_t *pairs = xcalloc(r->dests.len + 1, sizeof *pairs), *from_start = xcalloc(r->dests.len + 1, sizeof *from_start);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        uint32_t k = slot[p->dest];
        if (k == UINT32_MAX) continue;
        pairs[k]++;
        if (p->first_s - o->terms[p->term].first_s < BASELINE_START_S) from_start[k]++;
    }
    free(slot);

    psl_ctx_t *latest = psl_latest(NULL);
    const psl_ctx_t *psl = latest ? latest : psl_builtin();
    for (size_t i = 0; i < r->dests.len; i++) {
        dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        build_destination(r, o, cfg, psl, d, r->internal_terminals, pairs[i], from_start[i]);
        if (d->suspicious) r->suspicious_dests++;
        if (d->severity > r->max_severity) r->max_severity = d->severity;
    }
    if (latest) psl_free(latest);
    free(pairs);
    free(from_start);
    if (r->dests.len > 1) qsort_r(r->dests.data, r->dests.len, sizeof(dest_result), cmp_dest_result, (void *)o);
    list_terminals(r, o);
}

void scan_result_free(scan_result *r) {
    for (size_t i = 0; i < r->dests.len; i++) vec_free(&VEC_AT(&r->dests, dest_result, i).findings);
    for (size_t i = 0; i < r->terms.len; i++) vec_free(&VEC_AT(&r->terms, term_result, i).dests);
    vec_free(&r->dests);
    vec_free(&r->terms);
    arena_free(&r->mem);
}
