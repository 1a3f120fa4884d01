/* exfil.c - upload-heavy traffic and exfiltration (A7; seed 004: 21
 * terminals sent 1.25 million records to one domestic server, "X").
 *
 * Three patterns, each against the organisation's own traffic:
 *   volume   a terminal sent at least exfil_min_bytes to one destination, at
 *            a rate per active hour exfil_baseline_factor times its own usual
 *            hourly upload (the 90th percentile of its hours)      weight 45
 *   group    exfil_group_terminals or more terminals each uploaded to one new
 *            destination, their first uploads within exfil_window    weight 50
 *   bulk     exfil_min_bytes of POST/PUT (or, when the log has no request
 *            sizes, 20 or more of them) to a destination first seen after
 *            the logs began                                          weight 35
 *   heavy    a terminal sent a tenth of exfil_min_bytes (at least 1 MB)
 *            or more to a destination of at most few_terminals terminals,
 *            over 20 or more requests (CONNECT tunnels included), and
 *            sent more than it received                              weight 30
 * capped at 70: exfiltration is the one pattern that is high on its own.
 *
 * "heavy" needs no baseline and no newness, so it holds on the first day of
 * the logs too: browsing receives tens of times what it sends (a request is
 * a few hundred bytes, a page tens of kilobytes), so more out than in, over
 * many requests, is a terminal handing data over, whatever its history.
 *
 * Per terminal the detector keeps a log2 histogram of bytes sent per active
 * hour (the baseline; sizes within a factor of two, which is all a "far
 * above" test needs). Per pair with uploads (POST or PUT, or any request of
 * 64 KiB or more) a sparse slot counts them. Request sizes come from the
 * log; formats that do not log them (plain Squid native) leave volume and
 * group to the POST/PUT counts. */
#include "detect/detector.h"
#include "core/u64map.h"
#include "core/util.h"
#include "detect/facts.h"
#include "detect/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BIG_REQUEST 65536
#define BULK_REQUESTS 20
#define HEAVY_REQUESTS 20
#define HEAVY_MIN_BYTES 1000000

typedef struct term_upload {
    uint64_t bytes;               /* sent in the hour being summed */
    uint32_t hour;                /* that hour */
    uint16_t hist[LOG2_BINS];     /* active hours by bytes sent (log2 bins), saturating */
} term_upload;

typedef struct upload_slot {
    uint32_t pair;
    bool whole_pair;              /* made at the end for a heavy pair with no uploads: its every request */
    uint32_t requests;            /* POST/PUT or big requests */
    uint64_t bytes;               /* their request bytes */
    uint32_t first_s, last_s;
    bool sized;                   /* some request size was logged */
    obs_ref ref;                  /* the largest upload */
    int64_t largest;
} upload_slot;

typedef struct exfil {
    term_upload *t;
    uint32_t cap;
    u64map index;                 /* pair -> slot */
    vec slots;
} exfil;

static void *exfil_open(const detect_ctx *ctx) {
    (void)ctx;
    exfil *x = xcalloc(1, sizeof *x);
    u64map_init(&x->index);
    vec_init(&x->slots, sizeof(upload_slot));
    return x;
}

static void exfil_close(void *state) {
    exfil *x = state;
    free(x->t);
    u64map_free(&x->index);
    vec_free(&x->slots);
    free(x);
}

static void exfil_ahead(const void *state, const obs_prep *p) {
    const exfil *x = state;
    if (p->term < x->cap) __builtin_prefetch(&x->t[p->term]);
}

static void close_hour(term_upload *t) {
    if (t->bytes && t->hist[log2_bin(t->bytes)] < UINT16_MAX) t->hist[log2_bin(t->bytes)]++;
    t->bytes = 0;
}

static void exfil_on_event(void *state, const det_event *e) {
    exfil *x = state;
    if (e->term >= x->cap) {
        uint32_t cap = x->cap ? x->cap : 1024;
        while (cap <= e->term) cap *= 2;
        x->t = xrealloc(x->t, (size_t)cap * sizeof *x->t);
        memset(x->t + x->cap, 0, (size_t)(cap - x->cap) * sizeof *x->t);
        x->cap = cap;
    }
    term_upload *t = &x->t[e->term];
    int64_t out = e->h->bytes_out;
    if (e->hour != t->hour) {
        close_hour(t);
        t->hour = e->hour;
    }
    if (out > 0) t->bytes += (uint64_t)out;
    bool upload = sv_eq(e->h->method, SV("POST")) || sv_eq(e->h->method, SV("PUT")) || out >= BIG_REQUEST;
    if (!upload) return;
    bool created;
    uint32_t *idx = u64map_put(&x->index, e->pair, (uint32_t)x->slots.len, &created);
    if (created) {
        upload_slot *s = vec_push(&x->slots);
        s->pair = e->pair;
        s->first_s = s->last_s = e->sec;
        s->largest = -1;
    }
    upload_slot *s = &VEC_AT(&x->slots, upload_slot, *idx);
    s->requests++;
    if (out >= 0) s->sized = true;
    if (out > 0) s->bytes += (uint64_t)out;
    if (e->sec < s->first_s) s->first_s = e->sec;
    if (e->sec > s->last_s) s->last_s = e->sec;
    if (out > s->largest) {
        s->largest = out;
        s->ref = detect_event_ref(e);
    }
}

enum { X_VOLUME = 1, X_BULK = 2, X_GROUP = 4, X_HEAVY = 8 };

typedef struct uploader {
    const upload_slot *slot;
    unsigned kinds;
    uint64_t baseline;            /* the terminal's usual hourly upload */
} uploader;

static int cmp_uploader(const void *a, const void *b, void *obs) {
    const observe *o = obs;
    const uploader *x = a, *y = b;
    uint32_t dx = o->pairs[x->slot->pair].dest, dy = o->pairs[y->slot->pair].dest;
    if (dx != dy) return dx < dy ? -1 : 1;
    return (x->slot->first_s > y->slot->first_s) - (x->slot->first_s < y->slot->first_s);
}

/* Most uploaders whose first upload falls within one window, and where. */
static size_t densest_window(const uploader *v, size_t n, int64_t window_ms, size_t *from) {
    size_t best = 0, j = 0;
    *from = 0;
    for (size_t i = 0; i < n; i++) {
        while ((int64_t)(v[i].slot->first_s - v[j].slot->first_s) * 1000 > window_ms) j++;
        if (i - j + 1 > best) best = i - j + 1, *from = j;
    }
    return best;
}

static void report(const detect_ctx *ctx, finding_list *out, uploader *v, size_t n) {
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    uint32_t dest = o->pairs[v[0].slot->pair].dest;
    const obs_dest *d = &o->dests[dest];
    int64_t span_ms = (int64_t)(o->last_s - o->first_s) * 1000;
    bool is_new = span_ms >= 2 * cfg->new_after_ms && (int64_t)(d->first_s - o->first_s) * 1000 >= cfg->new_after_ms;

    /* Group: terminals that each sent a real amount to a new destination. */
    uint64_t group_min = MAX(cfg->exfil_min_bytes / 10, (uint64_t)1000000);
    vec group = VEC_INIT(uploader);
    for (size_t i = 0; i < n; i++)
        if (v[i].slot->sized ? v[i].slot->bytes >= group_min : v[i].slot->requests >= BULK_REQUESTS)
            *(uploader *)vec_push(&group) = v[i];
    size_t from = 0, in_window = 0;
    if (is_new && group.len >= cfg->exfil_group_terminals)
        in_window = densest_window(group.data, group.len, cfg->exfil_window_ms, &from);
    bool grouped = in_window >= cfg->exfil_group_terminals;

    unsigned kinds = grouped ? X_GROUP : 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_new) v[i].kinds &= ~(unsigned)X_BULK;
        kinds |= v[i].kinds;
    }
    if (!kinds) {
        vec_free(&group);
        return;
    }
    finding *f = finding_new(out, "exfil", "Large uploads (possible exfiltration)", "大量の送信 (情報持ち出しの可能性)");
    sv dn = obs_dest_name(o, dest);
    f->destination = finding_strdup(out, dn.p, dn.n);
    f->dest_id = dest;
    uint64_t total = 0, posts = 0;
    uint32_t terms = 0;
    const uploader *heavy = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].kinds && !grouped) continue;
        terms++;
        if ((v[i].kinds & X_HEAVY) && (!heavy || o->pairs[v[i].slot->pair].bytes_out > o->pairs[heavy->slot->pair].bytes_out))
            heavy = &v[i];
        if (!v[i].slot->whole_pair) total += v[i].slot->bytes, posts += v[i].slot->requests;
        finding_span(f, obs_ms(v[i].slot->first_s), obs_ms(v[i].slot->last_s));
        detect_ref(ctx, f, &v[i].slot->ref);
        if (terms == 1) {
            sv tn = obs_term_name(o, o->pairs[v[i].slot->pair].term);
            f->terminal = finding_strdup(out, tn.p, tn.n);
        }
    }
    if (terms != 1) f->terminal = NULL;
    f->terminals = terms;
    char a[FACT_BUFSZ], b[FACT_BUFSZ], c[FACT_BUFSZ], t1[FACT_BUFSZ], t2[FACT_BUFSZ];
    if (grouped) {
        const uploader *g = group.data;
        finding_fact(out, f, "%zu terminals started uploading to it between %s and %s",
                     "%zu 台の端末が %s から %s の間にこの通信先への送信を開始", in_window,
                     fact_time(obs_ms(g[from].slot->first_s), t1), fact_time(obs_ms(g[from + in_window - 1].slot->first_s), t2));
    }
    if (posts)
        finding_fact(out, f, "%llu uploads (POST/PUT or large requests), %s in all", "送信 (POST/PUT または大きな要求) %llu 件、計 %s",
                     (unsigned long long)posts, fact_bytes(total, a));
    if (heavy) {
        const obs_pair *p = &o->pairs[heavy->slot->pair];
        sv tn = obs_term_name(o, p->term);
        finding_fact(out, f, "%.*s sent %s and received %s over %u requests: more out than in, where browsing receives far more",
                     "%.*s が %s を送信し %s を受信 (%u 件の通信): 閲覧なら受信が大きく上回るはずが送信の方が多い", SV_ARG(tn),
                     fact_bytes(p->bytes_out, a), fact_bytes(obs_pair_bytes_in(p), b), p->requests);
    }
    for (size_t i = 0; i < n; i++) {
        if (!(v[i].kinds & X_VOLUME)) continue;
        const obs_pair *p = &o->pairs[v[i].slot->pair];
        sv tn = obs_term_name(o, p->term);
        finding_fact(out, f, "%.*s sent %s, %s per active hour against its usual %s",
                     "%.*s が %s を送信 (通信のあった 1 時間あたり %s、通常は %s)", SV_ARG(tn), fact_bytes(p->bytes_out, a),
                     fact_bytes(p->bytes_out / MAX(p->hours, 1), b), fact_bytes(v[i].baseline, c));
        break; /* the strongest one is enough to read */
    }
    if (is_new) finding_fact(out, f, "the destination was first seen %s", "この通信先の初回観測は %s", fact_time(obs_ms(d->first_s), t1));
    double keep = 1;
    if (kinds & X_VOLUME) keep *= 0.55;
    if (kinds & X_GROUP) keep *= 0.5;
    if (kinds & X_BULK) keep *= 0.65;
    if (kinds & X_HEAVY) keep *= 0.7;
    finding_set_score(f, (int)lround(fmin(70, 100 * (1 - keep))));
    f->stage = KC_ACTIONS_ON_OBJECTIVES;
    finding_attack(f, "T1041");
    if (hostset_match(&ctx->cfg->online_storage, dn)) finding_attack(f, "T1567.002");
    vec_free(&group);
}

/* More out than in, over many requests, to a destination few terminals use. */
static bool upload_heavy(const observe *o, const scan_settings *cfg, const obs_pair *p) {
    uint64_t min = MAX(cfg->exfil_min_bytes / 10, (uint64_t)HEAVY_MIN_BYTES);
    return p->bytes_out >= min && p->bytes_out > obs_pair_bytes_in(p) && p->requests >= HEAVY_REQUESTS &&
           o->dests[p->dest].terminals <= cfg->few_terminals;
}

static void exfil_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    exfil *x = state;
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    for (uint32_t i = 0; i < x->cap; i++) close_hour(&x->t[i]);
    /* Heavy pairs with no upload slot (CONNECT tunnels, GETs carrying data)
     * get one covering all their requests. */
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        if (!upload_heavy(o, cfg, p) || u64map_get(&x->index, i)) continue;
        upload_slot *s = vec_push(&x->slots);
        *s = (upload_slot){.pair = i, .whole_pair = true, .requests = p->requests, .bytes = p->bytes_out,
                           .first_s = p->first_s, .last_s = p->last_s, .sized = true, .ref = o->dests[p->dest].first_ref,
                           .largest = -1};
    }
    vec list = VEC_INIT(uploader);
    for (size_t i = 0; i < x->slots.len; i++) {
        const upload_slot *s = &VEC_AT(&x->slots, upload_slot, i);
        const obs_pair *p = &o->pairs[s->pair];
        uploader u = {.slot = s};
        if (upload_heavy(o, cfg, p)) u.kinds |= X_HEAVY;
        u.baseline = 0;
        if (p->term < x->cap) {
            uint32_t hist[LOG2_BINS];
            for (unsigned k = 0; k < LOG2_BINS; k++) hist[k] = x->t[p->term].hist[k];
            u.baseline = log2_hist_quantile(hist, 0.9);
        }
        if (s->bytes >= cfg->exfil_min_bytes &&
            (double)p->bytes_out / MAX(p->hours, 1) >= cfg->exfil_baseline_factor * (double)u.baseline)
            u.kinds |= X_VOLUME;
        if (s->sized ? s->bytes >= cfg->exfil_min_bytes : s->requests >= BULK_REQUESTS) u.kinds |= X_BULK;
        *(uploader *)vec_push(&list) = u;
    }
    if (list.len > 1) qsort_r(list.data, list.len, sizeof(uploader), cmp_uploader, (void *)o);
    uploader *v = list.data;
    for (size_t i = 0; i < list.len;) {
        size_t j = i + 1;
        while (j < list.len && o->pairs[v[j].slot->pair].dest == o->pairs[v[i].slot->pair].dest) j++;
        report(ctx, out, v + i, j - i);
        i = j;
    }
    vec_free(&list);
}

const detector detector_exfil = {
    .name = "exfil",
    .summary_en = "uploads far above a terminal's baseline, many terminals uploading to one new destination, bulk POST/PUT, "
                  "more sent than received to a rare destination",
    .summary_ja = "端末の通常を大きく超える送信、多数の端末から新しい通信先への送信、大量の POST/PUT、"
                  "珍しい通信先への受信を上回る送信",
    .kinds = DET_KIND(EV_HTTP),
    .open = exfil_open,
    .on_event = exfil_on_event,
    .ahead = exfil_ahead,
    .finish = exfil_finish,
    .close = exfil_close,
};
