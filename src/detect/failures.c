/* failures.c - terminals that keep failing to reach a destination (A3, B2;
 * IPA exit countermeasure ②, seed 004: six of the 31 infected terminals
 * only ever failed).
 *
 * A backdoor that imitates a browser often cannot answer the proxy's
 * authentication challenge: it gets 407 again and again and never gets
 * through. Malware whose server is gone or blocked shows the same
 * persistence as denials or connection errors. What counts is the proxy
 * result, not the HTTP status: a server that answers 404 was reached (some
 * C2 servers hide their commands in 404 pages), so only `auth-required`,
 * `denied` and `error` are failures here.
 *
 * Per pair with any failure, a small slot counts each kind and remembers the
 * first failing record (a sparse map: pairs that never fail cost nothing).
 * At the end a pair that never succeeded is reported when it reached one of
 * the thresholds (auth_required_min, denied_min, errors_min), or all its
 * failures together reached the largest of them. Weights: 407 without ever
 * authenticating 50, connection errors 35, denials 30, mixed failures 25;
 * +5 when several terminals fail the same way; capped at 55. */
#include "detect/detector.h"
#include "core/u64map.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>

typedef struct fail_slot {
    uint32_t pair;
    uint32_t auth, denied, error;
    obs_ref ref;
} fail_slot;

typedef struct failures {
    u64map index;                 /* pair -> slot */
    vec slots;                    /* fail_slot */
} failures;

static void *failures_open(const detect_ctx *ctx) {
    (void)ctx;
    failures *f = xcalloc(1, sizeof *f);
    u64map_init(&f->index);
    vec_init(&f->slots, sizeof(fail_slot));
    return f;
}

static void failures_close(void *state) {
    failures *f = state;
    u64map_free(&f->index);
    vec_free(&f->slots);
    free(f);
}

static void failures_on_event(void *state, const det_event *e) {
    proxy_result r = e->h->result;
    if (r != PR_AUTH_REQUIRED && r != PR_DENIED && r != PR_ERROR) return;
    failures *f = state;
    bool created;
    uint32_t *idx = u64map_put(&f->index, e->pair, (uint32_t)f->slots.len, &created);
    if (created) {
        fail_slot *s = vec_push(&f->slots);
        s->pair = e->pair;
        s->ref = detect_event_ref(e);
    }
    fail_slot *s = &VEC_AT(&f->slots, fail_slot, *idx);
    if (r == PR_AUTH_REQUIRED) s->auth++;
    else if (r == PR_DENIED) s->denied++;
    else s->error++;
}

enum { F_AUTH = 1, F_ERROR = 2, F_DENIED = 4, F_MIXED = 8 };

typedef struct failing {
    uint32_t pair;
    unsigned kinds;
    const fail_slot *slot;
} failing;

static int cmp_failing(const void *a, const void *b, void *obs) {
    const observe *o = obs;
    const failing *x = a, *y = b;
    uint32_t dx = o->pairs[x->pair].dest, dy = o->pairs[y->pair].dest;
    return dx != dy ? (dx < dy ? -1 : 1) : (x->pair > y->pair) - (x->pair < y->pair);
}

static void report(const detect_ctx *ctx, finding_list *out, const failing *v, size_t n) {
    const observe *o = ctx->obs;
    finding *f = detect_destination_finding(ctx, out, "failures", "Repeated failures to reach a destination",
                                            "通信先への接続失敗の繰り返し", v[0].pair, (uint32_t)n);
    uint64_t auth = 0, denied = 0, error = 0;
    uint32_t t_auth = 0, t_denied = 0, t_error = 0;
    unsigned kinds = 0;
    for (size_t i = 0; i < n; i++) {
        const obs_pair *p = &o->pairs[v[i].pair];
        finding_span(f, obs_ms(p->first_s), obs_ms(p->last_s));
        auth += v[i].slot->auth, denied += v[i].slot->denied, error += v[i].slot->error;
        t_auth += v[i].slot->auth > 0, t_denied += v[i].slot->denied > 0, t_error += v[i].slot->error > 0;
        kinds |= v[i].kinds;
        detect_ref(ctx, f, &v[i].slot->ref);
    }
    if (auth)
        finding_fact(out, f,
                     "%u terminal(s) got %llu proxy authentication challenges (407) and never authenticated",
                     "%u 台の端末がプロキシ認証要求 (407) を %llu 回受け、一度も認証に成功していない", t_auth,
                     (unsigned long long)auth);
    if (error)
        finding_fact(out, f, "%u terminal(s) failed to connect %llu times", "%u 台の端末が %llu 回接続に失敗", t_error,
                     (unsigned long long)error);
    if (denied)
        finding_fact(out, f, "%u terminal(s) were denied by the proxy %llu times", "%u 台の端末が %llu 回プロキシに拒否された",
                     t_denied, (unsigned long long)denied);
    finding_fact(out, f, "no request to it ever got through", "この通信先への通信は一度も成功していない");
    double keep = 1;
    if (kinds & F_AUTH) keep *= 0.5;
    if (kinds & F_ERROR) keep *= 0.65;
    if (kinds & F_DENIED) keep *= 0.7;
    if (kinds & F_MIXED) keep *= 0.75;
    int score = (int)lround(100 * (1 - keep)) + (n > 1 ? 5 : 0);
    finding_set_score(f, MIN(score, 55));
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
}

static void failures_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    failures *fs = state;
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    uint32_t most = MAX(cfg->auth_required_min, MAX(cfg->denied_min, cfg->errors_min));
    vec list = VEC_INIT(failing);
    for (size_t i = 0; i < fs->slots.len; i++) {
        const fail_slot *s = &VEC_AT(&fs->slots, fail_slot, i);
        const obs_pair *p = &o->pairs[s->pair];
        if (p->ok) continue;
        unsigned kinds = 0;
        if (s->auth >= cfg->auth_required_min) kinds |= F_AUTH;
        if (s->error >= cfg->errors_min) kinds |= F_ERROR;
        if (s->denied >= cfg->denied_min) kinds |= F_DENIED;
        if (!kinds && (uint64_t)s->auth + s->error + s->denied >= most) kinds |= F_MIXED;
        if (!kinds) continue;
        failing *fl = vec_push(&list);
        fl->pair = s->pair, fl->kinds = kinds, fl->slot = s;
    }
    if (list.len > 1) qsort_r(list.data, list.len, sizeof(failing), cmp_failing, (void *)o);
    const failing *v = list.data;
    for (size_t i = 0; i < list.len;) {
        size_t j = i + 1;
        while (j < list.len && o->pairs[v[j].pair].dest == o->pairs[v[i].pair].dest) j++;
        report(ctx, out, v + i, j - i);
        i = j;
    }
    vec_free(&list);
}

const detector detector_failures = {
    .name = "failures",
    .summary_en = "terminals that keep getting 407, denials or connection errors from a destination and never get through",
    .summary_ja = "407・拒否・接続エラーを繰り返し一度も成功しない端末と通信先",
    .kinds = DET_KIND(EV_HTTP),
    .open = failures_open,
    .on_event = failures_on_event,
    .finish = failures_finish,
    .close = failures_close,
};
