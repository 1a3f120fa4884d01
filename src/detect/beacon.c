/* beacon.c - beaconing: one terminal asking one destination at a steady
 * interval (A3; IPA exit countermeasure ①'s "http backdoor").
 *
 * Per (terminal, destination) pair the detector watches the quiet intervals
 * between requests. Requests less than BEACON_BURST_S apart are one burst (a
 * page load, a fetch and its report), so an interval is the time from one
 * burst to the next. A pair's first BEACON_PROMOTE - 1 intervals are only
 * counted (in the pair's word of the shared pair record, observe.h); from then on the pair gets a slot
 * with a reservoir of BEACON_K intervals and the request and response sizes
 * that ended them (uniform sampling over the whole period, Algorithm R).
 * This is the approximation: the verdict is made on a sample of at most 24
 * intervals, and the first five intervals of a pair are not in it. Most
 * pairs never get a slot, which keeps memory to about 220 bytes per pair
 * with six or more bursts and 4 bytes for every other pair.
 *
 * At the end each slot is scored from five robust measures (docs/detectors.md
 * has the reasoning and the formulas):
 *   regularity   1 - (MAD / median) / 0.35 of the intervals: jitter of up to
 *                about a third of the period still scores;
 *   fit          share of intervals within a tolerance of 1, 2, 3 or 4 times
 *                the median (a missed or failed request doubles an interval;
 *                intervals over 4.5 periods are the terminal being off and
 *                are left out rather than counted against it);
 *   symmetry     1 - |Bowley skewness| (jitter is symmetric, human pauses
 *                are heavily right-skewed);
 *   persistence  active hours of the pair against the hours the terminal
 *                itself was active during the pair's span (a beacon runs
 *                whenever its terminal is on; a web site is visited at times);
 *   sizes        regularity of request (or response) sizes.
 * strength = confidence x (0.35 regularity + 0.2 fit + 0.1 symmetry +
 * 0.25 persistence + 0.1 sizes), confidence = min(1, intervals / 24).
 * Pairs at or above beacon_min_strength are beacons; findings are made per
 * destination, summarising its beaconing terminals. A beacon alone scores at
 * most 62 (medium): benign pollers are periodic too, and what makes a beacon
 * a C2 channel is the company it keeps (a rare UA, a new destination...),
 * which the scoring step adds. */
#include "detect/detector.h"
#include "core/util.h"
#include "detect/facts.h"
#include "detect/stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BEACON_K 24
#define BEACON_PROMOTE 6
#define BEACON_BURST_S 2
#define BEACON_FULL_CONFIDENCE 24.0
#define SLOT_FLAG 0x80000000u
#define SIZE_UNKNOWN 0xffffu

typedef struct beacon_slot {
    uint32_t pair;
    uint32_t seen;                 /* intervals offered to the reservoir */
    uint32_t gap[BEACON_K];        /* seconds */
    uint16_t out[BEACON_K], in[BEACON_K];
    obs_ref ref;                   /* first sampled request */
    uint8_t tls;                   /* CONNECT or https seen */
} beacon_slot;

typedef struct beacon {
    unsigned word;                 /* its pair word: < SLOT_FLAG intervals counted; else SLOT_FLAG | slot */
    beacon_slot *slots;
    uint32_t nslots, cap_slots;
    uint64_t rng;
} beacon;

typedef struct beacon_eval {
    uint32_t pair;
    uint32_t intervals;
    double period, jitter;
    double regularity, fit, symmetry, persistence, sizes, confidence, strength;
    double size_median, size_mad;
    bool size_known;
} beacon_eval;

static void *beacon_open(const detect_ctx *ctx) {
    beacon *b = xcalloc(1, sizeof *b);
    b->word = ctx->pair_word;
    b->rng = 0x9e3779b97f4a7c15ull; /* fixed: a scan gives the same answer every time */
    return b;
}

static void beacon_close(void *state) {
    beacon *b = state;
    free(b->slots);
    free(b);
}

static uint64_t next_random(beacon *b) {
    uint64_t x = b->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return b->rng = x;
}

static uint16_t size16(int64_t v) { return v < 0 ? SIZE_UNKNOWN : v >= SIZE_UNKNOWN ? SIZE_UNKNOWN - 1 : (uint16_t)v; }

static void beacon_on_event(void *state, const det_event *e) {
    beacon *b = state;
    uint32_t *st = &e->words[b->word];
    if (*st & SLOT_FLAG) {
        const http_event *h = e->h;
        if (sv_eq(h->method, SV("CONNECT")) || sv_eq(h->scheme, SV("https"))) b->slots[*st & ~SLOT_FLAG].tls = 1;
    }
    if (e->prev_s == OBS_NONE || e->sec < e->prev_s) return; /* first request, or out of order */
    uint32_t gap = e->sec - e->prev_s;
    if (gap < BEACON_BURST_S) return;
    if (!(*st & SLOT_FLAG)) {
        if (++*st < BEACON_PROMOTE) return;
        if (b->nslots == b->cap_slots) {
            b->cap_slots = b->cap_slots ? b->cap_slots * 2 : 1024;
            b->slots = xrealloc(b->slots, (size_t)b->cap_slots * sizeof *b->slots);
        }
        beacon_slot *s = &b->slots[b->nslots];
        memset(s, 0, sizeof *s);
        s->pair = e->pair;
        s->ref = detect_event_ref(e);
        const http_event *h = e->h;
        s->tls = sv_eq(h->method, SV("CONNECT")) || sv_eq(h->scheme, SV("https"));
        *st = SLOT_FLAG | b->nslots++;
    }
    beacon_slot *s = &b->slots[*st & ~SLOT_FLAG];
    uint32_t k = s->seen++;
    if (k >= BEACON_K) {
        k = (uint32_t)(next_random(b) % s->seen);
        if (k >= BEACON_K) return;
    }
    s->gap[k] = gap;
    s->out[k] = size16(e->h->bytes_out);
    s->in[k] = size16(e->h->bytes_in);
}

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

/* Regularity of one size column: 1 when constant. */
static bool size_regularity(const uint16_t *col, uint32_t n, double *reg, double *med, double *mad) {
    double v[BEACON_K];
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++)
        if (col[i] != SIZE_UNKNOWN) v[m++] = col[i];
    if (m < n / 2 || m < 4) return false;
    robust r;
    robust_summary(v, m, &r);
    if (r.median <= 0) return false; /* sizes not logged (zeros), or empty requests */
    *med = r.median;
    *mad = r.mad;
    *reg = clamp01(1 - (r.mad / fmax(r.median, 32)) / 0.25);
    return true;
}

static void evaluate(const beacon_slot *s, const observe *o, beacon_eval *ev) {
    memset(ev, 0, sizeof *ev);
    const obs_pair *p = &o->pairs[s->pair];
    const obs_terminal *t = &o->terms[p->term];
    uint32_t n = s->seen < BEACON_K ? s->seen : BEACON_K;
    ev->pair = s->pair;
    ev->intervals = s->seen + BEACON_PROMOTE - 1;
    if (n < 4) return;
    double g[BEACON_K];
    for (uint32_t i = 0; i < n; i++) g[i] = s->gap[i];
    robust r;
    robust_summary(g, n, &r);
    double period = r.median > 0 ? r.median : 1;
    ev->period = period;
    ev->jitter = r.mad;
    ev->regularity = clamp01(1 - (r.mad / period) / 0.35);
    ev->symmetry = 1 - fmin(1, fabs(r.bowley));

    double tol = fmax(2, fmin(0.25 * period, fmax(0.1 * period, 2 * r.mad)));
    uint32_t hits = 0, counted = 0;
    for (uint32_t i = 0; i < n; i++) {
        double k = floor(g[i] / period + 0.5);
        if (k < 1) k = 1;
        if (k > 4) continue; /* the terminal was off or the program paused */
        counted++;
        if (fabs(g[i] - k * period) <= tol * sqrt(k)) hits++;
    }
    ev->fit = counted ? (double)hits / counted * fmin(1, 2.0 * counted / n) : 0;

    /* Hours the terminal was active during the pair's span, estimated by
     * spreading its active hours evenly over its own span. */
    double tspan = (double)(t->last_s - t->first_s) / 3600 + 1;
    double pspan = (double)(p->last_s - p->first_s) / 3600 + 1;
    double expected = t->hours * fmin(1, pspan / tspan) * fmin(1, 3600 / period);
    ev->persistence = clamp01(p->hours / fmax(1, expected));

    double reg_out = 0, reg_in = 0, med_out = 0, mad_out = 0, med_in = 0, mad_in = 0;
    bool known_out = size_regularity(s->out, n, &reg_out, &med_out, &mad_out);
    bool known_in = size_regularity(s->in, n, &reg_in, &med_in, &mad_in);
    ev->size_known = known_out || known_in;
    if (known_out && (!known_in || reg_out >= reg_in)) {
        ev->sizes = reg_out, ev->size_median = med_out, ev->size_mad = mad_out;
    } else if (known_in) {
        ev->sizes = reg_in, ev->size_median = med_in, ev->size_mad = mad_in;
    }
    double sizes = ev->size_known ? ev->sizes : ev->regularity;
    ev->confidence = fmin(1, ev->intervals / BEACON_FULL_CONFIDENCE);
    ev->strength = ev->confidence * (0.35 * ev->regularity + 0.2 * ev->fit + 0.1 * ev->symmetry +
                                     0.25 * ev->persistence + 0.1 * sizes);
}

static int cmp_by_dest(const void *a, const void *b, void *o) {
    const observe *obs = o;
    const beacon_eval *x = a, *y = b;
    uint32_t dx = obs->pairs[x->pair].dest, dy = obs->pairs[y->pair].dest;
    if (dx != dy) return dx < dy ? -1 : 1;
    return (x->strength < y->strength) - (x->strength > y->strength);
}

static void report_destination(const detect_ctx *ctx, finding_list *out, const beacon *b, const beacon_eval *ev,
                               size_t n, const uint32_t *slot_of_eval) {
    const observe *o = ctx->obs;
    finding *f = detect_destination_finding(ctx, out, "beacon", "Periodic requests (beaconing)", "定期的な通信 (ビーコン)",
                                            ev[0].pair, (uint32_t)n);
    uint64_t requests = 0;
    double periods[64], jitters[64];
    size_t m = 0;
    bool tls = false, sizes_regular = true;
    double size_med = 0, size_mad = 0;
    for (size_t i = 0; i < n; i++) {
        const obs_pair *p = &o->pairs[ev[i].pair];
        const beacon_slot *s = &b->slots[slot_of_eval[i]];
        requests += p->requests;
        finding_span(f, obs_ms(p->first_s), obs_ms(p->last_s));
        if (m < 64) periods[m] = ev[i].period, jitters[m] = ev[i].jitter, m++;
        tls |= s->tls;
        if (!ev[i].size_known || ev[i].sizes < 0.7) sizes_regular = false;
        if (i == 0) size_med = ev[i].size_median, size_mad = ev[i].size_mad;
        if (i < FINDING_MAX_REFS) detect_ref(ctx, f, &s->ref);
    }
    robust rp, rj;
    robust_summary(periods, m, &rp);
    robust_summary(jitters, m, &rj);
    char per[FACT_BUFSZ], jit[FACT_BUFSZ];
    fact_seconds(rp.median, per);
    fact_seconds(rj.median, jit);
    finding_fact(out, f, "%zu terminal%s sent a request every %s ± %s (%llu requests)",
                 "%zu 台の端末%.0sが %s ± %s 間隔で通信 (%llu 件)", n, n == 1 ? "" : "s", per, jit,
                 (unsigned long long)requests);
    finding_fact(out, f, "regularity %.2f, fit to the period %.2f, persistence %.2f (strongest terminal)",
                 "規則性 %.2f、周期への適合 %.2f、継続性 %.2f (最も強い端末)", ev[0].regularity, ev[0].fit,
                 ev[0].persistence);
    if (sizes_regular) {
        char a[FACT_BUFSZ], c[FACT_BUFSZ];
        finding_fact(out, f, "request sizes nearly constant (%s ± %s)", "通信サイズがほぼ一定 (%s ± %s)",
                     fact_bytes((uint64_t)size_med, a), fact_bytes((uint64_t)size_mad, c));
    }
    double strength = ev[0].strength;
    double min = ctx->cfg->scan.beacon_min_strength;
    double scaled = min < 1 ? (strength - min) / (1 - min) : 1;
    int score = 25 + (int)lround(32 * clamp01(scaled)) + (int)(n > 1 ? MIN(n - 1, 5) : 0);
    finding_set_score(f, MIN(score, 62));
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
    if (tls) finding_attack(f, "T1573");
}

static void beacon_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    beacon *b = state;
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    beacon_eval *evs = xmalloc(((size_t)b->nslots + 1) * sizeof *evs);
    size_t n = 0;
    for (uint32_t i = 0; i < b->nslots; i++) {
        const beacon_slot *s = &b->slots[i];
        if (o->pairs[s->pair].requests < cfg->beacon_min_requests) continue;
        evaluate(s, o, &evs[n]);
        if (evs[n].strength >= cfg->beacon_min_strength) n++;
    }
    if (n > 1) qsort_r(evs, n, sizeof *evs, cmp_by_dest, (void *)o);
    uint32_t *slot_of = xmalloc((n + 1) * sizeof *slot_of);
    for (size_t i = 0; i < n; i++) slot_of[i] = o->pairs[evs[i].pair].words[b->word] & ~SLOT_FLAG;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && o->pairs[evs[j].pair].dest == o->pairs[evs[i].pair].dest) j++;
        report_destination(ctx, out, b, evs + i, j - i, slot_of + i);
        i = j;
    }
    free(slot_of);
    free(evs);
}

const detector detector_beacon = {
    .name = "beacon",
    .summary_en = "periodic requests from a terminal to a destination, robust to jitter and to the terminal being off",
    .summary_ja = "端末から通信先への定期的な通信 (揺らぎや電源断に強い判定)",
    .kinds = DET_KIND(EV_HTTP),
    .pair_words = 1,
    .open = beacon_open,
    .on_event = beacon_on_event,
    .finish = beacon_finish,
    .close = beacon_close,
};
