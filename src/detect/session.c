/* session.c - interactive C2 sessions: an operator at the keyboard driving a
 * backdoor through one resource of a rarely visited server (A3; seed 004:
 * the attacker kept terminals under remote control for hours; IPA's stage ④
 * システム調査段階, investigating the network through the backdoor).
 *
 * While an operator works, a backdoor that speaks HTTP stops sleeping between
 * beacons and polls every few seconds: it asks one script of the server for
 * the next command (GET, a fresh query string so no cache answers) and posts
 * each result back (POST, often larger than what it fetched). Some servers
 * hide the command in a 404 page, so the same script answers 200 and 404 by
 * turns. Browsing looks nothing like that: a person spreads requests over many
 * paths of a site (pages, images, scripts), a site's answers for one path do
 * not flip, and requests are a small fraction of the bytes received. Pollers
 * (updates, chat, widgets) use one resource but fetch only, or post only.
 *
 * Per pair the detector keeps nothing until the pair has SESSION_PROMOTE
 * requests (other than CONNECT) to a destination that at most
 * few_terminals terminals use; from then on a slot (160 bytes)
 * follows it: a Misra-Gries summary of its paths (3 counters over path
 * hashes, so the share of the top two is a lower bound), methods, the
 * server's answers, how many GET query strings differ from the previous one,
 * Referers, the busiest clock hour and the bytes each way. Memory is bounded
 * by the pairs that are both busy and rare; the pair word (observe.h) holds
 * the slot number.
 *
 * At the end a slot with at least session_min_requests requests, at least
 * 75% of them to at most two paths, is judged on (independent evidence,
 * 1 - prod(1 - w)):
 *   fetch and report   GET and POST each >= 10% of its requests       25
 *   answers flip       the server answered 2xx and 404 each >= 10%    30
 *   upload-heavy       bytes sent >= bytes received, >= 1 MB          20
 *   sustained          >= 60 requests in one clock hour               12
 *   fresh queries      >= 90% of >= 20 GET query strings unlike the
 *                      previous one                                    8
 * Fetch-and-report or answers-flip must be among them, and together they
 * must reach 0.35. When the log carries Referers (at least 1% of all records
 * have one) and most of the slot's requests have one, a page drives the
 * requests (a web application's XHR polling) and the pair is left alone.
 * Findings are per destination: the strongest pair's traits, +2 per other
 * terminal, at most 60 (medium: with the imitated browser of the useragent
 * detector or the uploads of exfil, high). */
#include "detect/detector.h"
#include "core/utf8.h"
#include "core/util.h"
#include "detect/facts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_PROMOTE 16
#define SESSION_PATHS 3
#define SESSION_PATH_TEXT 48
#define SESSION_DECLINED UINT32_MAX
#define SUSTAINED_PER_HOUR 60
#define UPLOAD_MIN_BYTES 1000000

typedef struct session_slot {
    uint32_t pair;
    uint32_t requests;                  /* since promotion: not CONNECT, not a 407 challenge */
    uint32_t path[SESSION_PATHS];       /* Misra-Gries: path hashes ... */
    uint32_t path_n[SESSION_PATHS];     /* ... and their counters */
    uint32_t gets, posts;
    uint32_t answered, answered_2xx, answered_404;
    uint32_t queries, fresh, last_query; /* GETs with a query string; ones unlike the previous */
    uint32_t referred;                  /* requests with a Referer */
    uint32_t hour, hour_n, busiest;     /* requests in the current clock hour; the most in one */
    uint64_t out, in;
    obs_ref ref;                        /* the first request followed */
    char path_text[SESSION_PATH_TEXT];  /* the first request's path, cut */
} session_slot;

typedef struct session {
    unsigned word;
    uint32_t max_terminals;             /* few_terminals */
    session_slot *slots;
    uint32_t nslots, cap;
} session;

static void *session_open(const detect_ctx *ctx) {
    session *s = xcalloc(1, sizeof *s);
    s->word = ctx->pair_word;
    s->max_terminals = ctx->cfg->scan.few_terminals;
    return s;
}

static void session_close(void *state) {
    session *s = state;
    free(s->slots);
    free(s);
}

static uint32_t hash32(sv v, uint64_t seed) { return (uint32_t)hash_bytes(v.p, v.n, seed) | 1u; }

static void count_path(session_slot *x, uint32_t h) {
    for (int i = 0; i < SESSION_PATHS; i++)
        if (x->path_n[i] && x->path[i] == h) {
            x->path_n[i]++;
            return;
        }
    for (int i = 0; i < SESSION_PATHS; i++)
        if (!x->path_n[i]) {
            x->path[i] = h;
            x->path_n[i] = 1;
            return;
        }
    for (int i = 0; i < SESSION_PATHS; i++) x->path_n[i]--;
}

static session_slot *promote(session *s, const det_event *e) {
    if (s->nslots == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->slots = xrealloc(s->slots, (size_t)s->cap * sizeof *s->slots);
    }
    session_slot *x = &s->slots[s->nslots];
    memset(x, 0, sizeof *x);
    x->pair = e->pair;
    x->hour = e->hour;
    x->ref = detect_event_ref(e);
    size_t n = e->h->path.n ? utf8_truncate(e->h->path.p, e->h->path.n, sizeof x->path_text - 1) : 0;
    if (n) memcpy(x->path_text, e->h->path.p, n);
    x->path_text[n] = 0;
    e->words[s->word] = ++s->nslots;
    return x;
}

static void session_on_event(void *state, const det_event *e) {
    session *s = state;
    const http_event *h = e->h;
    uint32_t *w = &e->words[s->word];
    if (*w == SESSION_DECLINED || h->result == PR_AUTH_REQUIRED) return;
    if (h->method.n == 7 && sv_eq(h->method, SV("CONNECT"))) return;
    session_slot *x;
    if (*w) {
        x = &s->slots[*w - 1];
    } else {
        if (e->p->requests < SESSION_PROMOTE) return;
        if (e->d->terminals > s->max_terminals) {
            *w = SESSION_DECLINED; /* terminals only grow: it will never be rare again */
            return;
        }
        x = promote(s, e);
    }
    x->requests++;
    count_path(x, hash32(h->path, 0x70617468 /* "path" */));
    if (sv_eq(h->method, SV("GET"))) {
        x->gets++;
        if (h->query.n) {
            uint32_t q = hash32(h->query, 0x71756572 /* "quer" */);
            x->queries++;
            if (q != x->last_query) x->fresh++;
            x->last_query = q;
        }
    } else if (sv_eq(h->method, SV("POST"))) {
        x->posts++;
    }
    if (h->result == PR_ALLOWED) {
        x->answered++;
        if (h->status >= 200 && h->status < 300) x->answered_2xx++;
        else if (h->status == 404) x->answered_404++;
    }
    if (h->referer.n) x->referred++;
    if (e->hour != x->hour) x->hour = e->hour, x->hour_n = 0;
    if (++x->hour_n > x->busiest) x->busiest = x->hour_n;
    if (h->bytes_out > 0) x->out += (uint64_t)h->bytes_out;
    if (h->bytes_in > 0) x->in += (uint64_t)h->bytes_in;
}

enum { S_FETCH_REPORT = 1, S_FLIP = 2, S_UPLOAD = 4, S_SUSTAINED = 8, S_FRESH = 16 };

static const struct {
    unsigned bit;
    double weight;
} trait_weights[] = {
    {S_FETCH_REPORT, 0.25}, {S_FLIP, 0.30}, {S_UPLOAD, 0.20}, {S_SUSTAINED, 0.12}, {S_FRESH, 0.08},
};

#define SESSION_MIN_STRENGTH 0.35
#define SESSION_MAX_SCORE 60

typedef struct verdict {
    uint32_t slot;
    unsigned traits;
    double strength, concentration;
} verdict;

static double strength_of(unsigned traits) {
    double keep = 1;
    for (size_t i = 0; i < ARRAY_LEN(trait_weights); i++)
        if (traits & trait_weights[i].bit) keep *= 1 - trait_weights[i].weight;
    return 1 - keep;
}

/* Share of the requests that went to the two most used paths (a lower bound:
 * Misra-Gries counters never overcount). */
static double concentration(const session_slot *x) {
    uint32_t a = 0, b = 0;
    for (int i = 0; i < SESSION_PATHS; i++) {
        uint32_t n = x->path_n[i];
        if (n > a) b = a, a = n;
        else if (n > b) b = n;
    }
    return x->requests ? (double)(a + b) / x->requests : 0;
}

static bool judge(const session *s, const session_slot *x, const observe *o, const scan_settings *cfg,
                  bool log_has_referers, verdict *v) {
    memset(v, 0, sizeof *v);
    if (x->requests < cfg->session_min_requests) return false;
    if (o->dests[o->pairs[x->pair].dest].terminals > s->max_terminals) return false;
    v->concentration = concentration(x);
    if (v->concentration < 0.75) return false;
    if (log_has_referers && x->referred * 2 >= x->requests) return false; /* a page drives it */
    uint64_t n = x->requests;
    if (x->gets * 10 >= n && x->posts * 10 >= n) v->traits |= S_FETCH_REPORT;
    if (x->answered_404 >= 5 && x->answered_2xx * 10 >= x->answered && x->answered_404 * 10 >= x->answered)
        v->traits |= S_FLIP;
    if (x->out >= UPLOAD_MIN_BYTES && x->out >= x->in) v->traits |= S_UPLOAD;
    if (x->busiest >= SUSTAINED_PER_HOUR) v->traits |= S_SUSTAINED;
    if (x->queries >= 20 && x->fresh * 10 >= x->queries * 9) v->traits |= S_FRESH;
    if (!(v->traits & (S_FETCH_REPORT | S_FLIP))) return false;
    v->strength = strength_of(v->traits);
    return v->strength >= SESSION_MIN_STRENGTH;
}

static int cmp_verdicts(const void *a, const void *b, void *ctx) {
    const session *s = ((const void **)ctx)[0];
    const observe *o = ((const void **)ctx)[1];
    const verdict *x = a, *y = b;
    uint32_t dx = o->pairs[s->slots[x->slot].pair].dest, dy = o->pairs[s->slots[y->slot].pair].dest;
    if (dx != dy) return dx < dy ? -1 : 1;
    if (x->strength != y->strength) return x->strength > y->strength ? -1 : 1;
    return (x->slot > y->slot) - (x->slot < y->slot);
}

static void report(const detect_ctx *ctx, const session *s, finding_list *out, const verdict *v, size_t n) {
    const observe *o = ctx->obs;
    const session_slot *x = &s->slots[v[0].slot];
    const obs_pair *top = &o->pairs[x->pair];
    finding *f = detect_destination_finding(ctx, out, "session", "Interactive remote-control session",
                                            "対話的な遠隔操作セッション", x->pair, (uint32_t)n);
    sv tn = obs_term_name(o, top->term);
    unsigned traits = 0;
    for (size_t i = 0; i < n; i++) {
        const session_slot *y = &s->slots[v[i].slot];
        const obs_pair *p = &o->pairs[y->pair];
        finding_span(f, obs_ms(p->first_s), obs_ms(p->last_s));
        detect_ref(ctx, f, &y->ref);
        traits |= v[i].traits;
    }
    char path[SESSION_PATH_TEXT + 8], a[FACT_BUFSZ], b[FACT_BUFSZ];
    fact_quote(sv_cstr(x->path_text), SESSION_PATH_TEXT, path, sizeof path);
    finding_fact(out, f, "%.*s sent %u requests; of the %u followed, %.0f%% went to one or two paths (first: \"%s\")",
                 "%.*s が %u 件の通信を送信。追跡した %u 件のうち %.0f%% が 1〜2 個のパスに集中 (最初: \"%s\")", SV_ARG(tn),
                 top->requests, x->requests, 100 * v[0].concentration, path);
    if (v[0].traits & S_FETCH_REPORT)
        finding_fact(out, f, "fetch and report: %u GET and %u POST among them", "命令の取得と結果の送信: うち GET %u 件、POST %u 件",
                     x->gets, x->posts);
    if (v[0].traits & S_FLIP)
        finding_fact(out, f, "the server answered both 2xx (%u) and 404 (%u) on it (commands can hide in 404 pages)",
                     "サーバの応答が 2xx (%u 件) と 404 (%u 件) で入れ替わる (404 ページに命令を隠す手口)", x->answered_2xx,
                     x->answered_404);
    if (v[0].traits & S_UPLOAD)
        finding_fact(out, f, "sent %s and received %s: more out than in", "送信 %s、受信 %s: 受信より送信が多い",
                     fact_bytes(x->out, a), fact_bytes(x->in, b));
    if (v[0].traits & S_SUSTAINED)
        finding_fact(out, f, "up to %u requests in one hour, far above a person browsing one site",
                     "1 時間に最大 %u 件: 人がサイトを閲覧する頻度を大きく超える", x->busiest);
    if (v[0].traits & S_FRESH)
        finding_fact(out, f, "%u of %u GET query strings differ from the previous one", "GET のクエリ %2$u 件中 %1$u 件が毎回異なる",
                     x->fresh, x->queries);
    if (n > 1) finding_fact(out, f, "the same pattern from %zu terminals", "%zu 台の端末で同じパターン", n);
    int score = (int)lround(100 * v[0].strength) + 2 * (int)(n > 11 ? 10 : n - 1);
    finding_set_score(f, MIN(score, SESSION_MAX_SCORE));
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
    if (traits & S_FLIP) finding_attack(f, "T1001");
    if (traits & S_UPLOAD) finding_attack(f, "T1041");
}

static void session_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    session *s = state;
    const observe *o = ctx->obs;
    bool log_has_referers = obs_log_has_referers(o);
    vec list = VEC_INIT(verdict);
    for (uint32_t i = 0; i < s->nslots; i++) {
        verdict v;
        if (!judge(s, &s->slots[i], o, &ctx->cfg->scan, log_has_referers, &v)) continue;
        v.slot = i;
        *(verdict *)vec_push(&list) = v;
    }
    const void *cmp_ctx[2] = {s, o};
    if (list.len > 1) qsort_r(list.data, list.len, sizeof(verdict), cmp_verdicts, (void *)cmp_ctx);
    const verdict *v = list.data;
    for (size_t i = 0; i < list.len;) {
        uint32_t dest = o->pairs[s->slots[v[i].slot].pair].dest;
        size_t j = i + 1;
        while (j < list.len && o->pairs[s->slots[v[j].slot].pair].dest == dest) j++;
        report(ctx, s, out, v + i, j - i);
        i = j;
    }
    vec_free(&list);
}

const detector detector_session = {
    .name = "session",
    .summary_en = "interactive C2 sessions: many requests to one resource of a rare server, fetching and posting, "
                  "answers flipping between 200 and 404",
    .summary_ja = "対話的な遠隔操作: 珍しいサーバの 1 つのリソースへの大量の取得と送信、200 と 404 が入れ替わる応答",
    .kinds = DET_KIND(EV_HTTP),
    .pair_words = 1,
    .open = session_open,
    .on_event = session_on_event,
    .finish = session_finish,
    .close = session_close,
};
