/* offhours.c - off-hours and long-lived activity of a terminal towards a
 * destination, judged against the terminal's own pattern (A3; seed 004: the
 * attacker kept two terminals on overnight to stay in control).
 *
 * "Off hours" is the organisation's working time from the config ([time]:
 * working_hours, working_days, holidays, timezone; default 08:00-20:00
 * Monday to Friday). A terminal's own pattern is the share of its other
 * traffic that falls off hours: a server or a night-shift desk talks at
 * night anyway, an office desk does not. Per pair the detector counts
 * off-hours requests (up to 65535) and the longest run of consecutive active
 * hours (up to 255): one word of the shared pair record. Per pair with a long request (a
 * CONNECT tunnel held open) it keeps the longest duration (sparse). Shares
 * are computed on the saturated count, so a pair with more than 65535
 * off-hours requests is judged on the first 65535 (a lower bound).
 *
 * Reported per destination:
 *   off hours    at least offhours_min_requests requests off hours, at least
 *                half of the pair's requests, while at most a fifth of the
 *                terminal's other traffic is off hours               weight 25
 *   long-lived   active in every hour for longlived_hours or more, on a
 *                terminal whose other traffic keeps working hours     weight 20
 *   long tunnel  one request lasting an hour or more                 weight 15
 * capped at 40. Runs of hours assume records in time order (an
 * interleaved stream breaks a run; docs/detectors.md). */
#include "detect/detector.h"
#include "core/u64map.h"
#include "core/util.h"
#include "detect/facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LONG_REQUEST_MS (3600 * 1000)

/* The pair word: off-hours requests (16 bits), the current and the longest
 * run of consecutive active hours (8 bits each), all saturating. */
#define OFF(w) ((w) & 0xffffu)
#define RUN(w) (((w) >> 16) & 0xffu)
#define BEST(w) ((w) >> 24)
#define PACK(off, run, best) ((uint32_t)(off) | (uint32_t)(run) << 16 | (uint32_t)(best) << 24)

typedef struct offhours {
    unsigned word;
    u64map long_index;            /* pair -> index in long_ms */
    vec long_ms;                  /* int64: longest request of the pair */
} offhours;

static void *offhours_open(const detect_ctx *ctx) {
    offhours *s = xcalloc(1, sizeof *s);
    s->word = ctx->pair_word;
    u64map_init(&s->long_index);
    vec_init(&s->long_ms, sizeof(int64_t));
    return s;
}

static void offhours_close(void *state) {
    offhours *s = state;
    u64map_free(&s->long_index);
    vec_free(&s->long_ms);
    free(s);
}

static void offhours_on_event(void *state, const det_event *e) {
    offhours *s = state;
    uint32_t w = e->words[s->word], off = OFF(w), run = RUN(w), best = BEST(w);
    if (e->off_hours && off < UINT16_MAX) off++;
    if (e->prev_hour == OBS_NONE || e->hour != e->prev_hour) {
        if (e->prev_hour != OBS_NONE && e->hour == e->prev_hour + 1) {
            if (run < UINT8_MAX) run++;
        } else {
            run = 1;
        }
        if (run > best) best = run;
    }
    e->words[s->word] = PACK(off, run, best);
    if (e->h->duration_ms >= LONG_REQUEST_MS) {
        bool created;
        uint32_t *idx = u64map_put(&s->long_index, e->pair, (uint32_t)s->long_ms.len, &created);
        if (created) *(int64_t *)vec_push(&s->long_ms) = 0;
        int64_t *ms = &VEC_AT(&s->long_ms, int64_t, *idx);
        if (e->h->duration_ms > *ms) *ms = e->h->duration_ms;
    }
}

enum { O_OFF = 1, O_RUN = 2, O_LONG = 4 };

typedef struct odd_pair {
    uint32_t pair;
    unsigned kinds;
    double off_share, other_share;
    int64_t longest_ms;
} odd_pair;

static int cmp_odd(const void *a, const void *b, void *obs) {
    const observe *o = obs;
    const odd_pair *x = a, *y = b;
    uint32_t dx = o->pairs[x->pair].dest, dy = o->pairs[y->pair].dest;
    return dx != dy ? (dx < dy ? -1 : 1) : (x->pair > y->pair) - (x->pair < y->pair);
}

static void report(const detect_ctx *ctx, offhours *s, finding_list *out, const odd_pair *v, size_t n) {
    const observe *o = ctx->obs;
    const obs_pair *top = &o->pairs[v[0].pair];
    finding *f = detect_destination_finding(ctx, out, "offhours", "Off-hours or long-lived activity", "業務時間外・長時間の通信",
                                            v[0].pair, (uint32_t)n);
    unsigned kinds = 0;
    const odd_pair *off = NULL, *run = NULL, *lng = NULL;
    for (size_t i = 0; i < n; i++) {
        const obs_pair *p = &o->pairs[v[i].pair];
        finding_span(f, obs_ms(p->first_s), obs_ms(p->last_s));
        kinds |= v[i].kinds;
        if ((v[i].kinds & O_OFF) && !off) off = &v[i];
        if ((v[i].kinds & O_RUN) && (!run || BEST(o->pairs[v[i].pair].words[s->word]) > BEST(o->pairs[run->pair].words[s->word])))
            run = &v[i];
        if ((v[i].kinds & O_LONG) && (!lng || v[i].longest_ms > lng->longest_ms)) lng = &v[i];
    }
    char wh[64], a[FACT_BUFSZ];
    workhours w = ctx->cfg->work;
    if (off)
        finding_fact(out, f, "%.0f%% of its requests outside working hours (%s); the terminal's other traffic: %.0f%%",
                     "通信の %.0f%% が業務時間外 (%s)。端末のその他の通信では %.0f%%", 100 * off->off_share,
                     workhours_describe(&w, wh, sizeof wh), 100 * off->other_share);
    if (run)
        finding_fact(out, f, "active in every hour for %u hours in a row", "%u 時間連続で毎時通信",
                     (unsigned)BEST(o->pairs[run->pair].words[s->word]));
    if (lng)
        finding_fact(out, f, "one request lasted %s", "1 回の通信が %s 継続", fact_seconds((double)lng->longest_ms / 1000, a));
    if (n > 1) finding_fact(out, f, "seen on %zu terminals", "%zu 台の端末で観測", n);
    double keep = 1;
    if (kinds & O_OFF) keep *= 0.75;
    if (kinds & O_RUN) keep *= 0.8;
    if (kinds & O_LONG) keep *= 0.85;
    finding_set_score(f, (int)lround(fmin(40, 100 * (1 - keep))));
    detect_ref(ctx, f, &o->dests[top->dest].first_ref);
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
}

static void offhours_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    offhours *s = state;
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    vec list = VEC_INIT(odd_pair);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        const obs_terminal *t = &o->terms[p->term];
        uint32_t w = p->words[s->word], off = OFF(w);
        odd_pair op = {.pair = i};
        /* The terminal's own pattern: its other traffic, mostly in working
         * hours. A server, or a terminal with too little other traffic to
         * tell, has no pattern to break. */
        uint64_t other = (uint64_t)t->requests - p->requests, other_off = (uint64_t)t->off_requests - off;
        bool daytime = other >= 20 && other_off * 5 <= other;
        if (daytime && off >= cfg->offhours_min_requests && (uint64_t)off * 2 >= p->requests) {
            op.off_share = (double)off / p->requests;
            op.other_share = (double)other_off / (double)other;
            op.kinds |= O_OFF;
        }
        if (daytime && BEST(w) >= cfg->longlived_hours) op.kinds |= O_RUN;
        uint32_t *idx = u64map_get(&s->long_index, i);
        if (idx) {
            op.longest_ms = VEC_AT(&s->long_ms, int64_t, *idx);
            op.kinds |= O_LONG;
        }
        if (op.kinds) *(odd_pair *)vec_push(&list) = op;
    }
    if (list.len > 1) qsort_r(list.data, list.len, sizeof(odd_pair), cmp_odd, (void *)o);
    const odd_pair *v = list.data;
    for (size_t i = 0; i < list.len;) {
        size_t j = i + 1;
        while (j < list.len && o->pairs[v[j].pair].dest == o->pairs[v[i].pair].dest) j++;
        report(ctx, s, out, v + i, j - i);
        i = j;
    }
    vec_free(&list);
}

const detector detector_offhours = {
    .name = "offhours",
    .summary_en = "activity outside working hours or around the clock, against the terminal's own pattern",
    .summary_ja = "端末自身の通常の利用時間帯と比べた業務時間外・長時間の通信",
    .kinds = DET_KIND(EV_HTTP),
    .pair_words = 1,
    .open = offhours_open,
    .on_event = offhours_on_event,
    .finish = offhours_finish,
    .close = offhours_close,
};
