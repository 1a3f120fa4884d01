/* useragent.c - User-Agents that do not belong (A3, B2; IPA exit
 * countermeasure ②: backdoors that imitate browsers).
 *
 * Works only on the shared tables: every distinct User-Agent was classified
 * once when first seen (uaclass.c) and counted per terminal and destination
 * (observe.c). At the end each UA gets a verdict, then each pair is judged by
 * the UA it used first (a pair that used several is judged by its first
 * one: the approximation), and findings are made per destination.
 *
 * Reasons and their weights (combined as independent evidence, 1 - prod(1 - w)):
 *   malformed                          45   "Modzilla/-2.0", control bytes
 *   outdated browser                   35   version far behind the organisation's own
 *                                           browsers of that family, or a Windows
 *                                           older than the organisation's
 *   browser-like but names no browser  30   "Mozilla/5.0"
 *   scripting tool                     30   curl, python-requests, PowerShell
 *   not the terminal's own browser     40  a browser string this terminal used for at
 *                                           most 3 destinations, while its own browser
 *                                           (the one it reached the most destinations
 *                                           with) reached 5 or more; not the own
 *                                           browser of other terminals, not the same
 *                                           browser updated, not led by pages (Referer)
 *   few destinations                   30   a browser string sent to at most 3
 *                                           destinations in the whole organisation
 *   empty                              20
 *   other non-browser software         15   unless on the benign agent list
 *   rare in the organisation           +15  used by <= rare_terminals terminals
 *                                           (when there are 5 terminals or more)
 *   seen nowhere else                  +10  sent to this destination only
 * A destination's finding scores at most 60; under 20 there is no finding. */
#include "detect/detector.h"
#include "core/u64map.h"
#include "core/util.h"
#include "detect/facts.h"
#include "detect/uaclass.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    R_MALFORMED = 1 << 0,
    R_OUTDATED = 1 << 1,
    R_BROWSER_LIKE = 1 << 2,
    R_TOOL = 1 << 3,
    R_EMPTY = 1 << 4,
    R_OTHER = 1 << 5,
    R_RARE = 1 << 6,
    R_NOWHERE_ELSE = 1 << 7,
    R_NOT_OWN_BROWSER = 1 << 8,
    R_FEW_DESTINATIONS = 1 << 9,
};

typedef struct reason_def {
    unsigned bit;
    double weight;
    const char *en, *ja;
} reason_def;

static const reason_def reasons[] = {
    {R_MALFORMED, 0.45, "malformed User-Agent", "不正な形式の User-Agent"},
    {R_NOT_OWN_BROWSER, 0.40, "a browser User-Agent other than the terminal's own browser",
     "端末自身のブラウザとは異なるブラウザ User-Agent"},
    {R_FEW_DESTINATIONS, 0.30, NULL, NULL},
    {R_OUTDATED, 0.35, "outdated browser or Windows version compared with the organisation's",
     "組織内で使われているものより古いブラウザまたは Windows"},
    {R_BROWSER_LIKE, 0.30, "claims to be a browser but names none", "ブラウザを名乗るがブラウザ名がない"},
    {R_TOOL, 0.30, "scripting tool or library", "スクリプトツールまたはライブラリ"},
    {R_EMPTY, 0.20, "no User-Agent", "User-Agent なし"},
    {R_OTHER, 0.15, "non-browser software not on the benign list", "既知の正規ソフトウェア一覧にない非ブラウザ"},
    {R_RARE, 0.15, NULL, NULL},
    {R_NOWHERE_ELSE, 0.10, "User-Agent seen nowhere else", "他の通信先では見られない User-Agent"},
};

/* A browser visits many sites; a program that only borrows a browser's
 * User-Agent talks to its few servers. */
#define FEW_DESTINATIONS 3
/* A terminal's own browser must have reached this many destinations before
 * another browser string on it is judged against it. */
#define OWN_MIN_BREADTH 5

typedef struct family_baseline {
    uint16_t current;            /* version 90% of the family's terminals are at or below */
    uint32_t terminals;
} family_baseline;

static void *ua_open(const detect_ctx *ctx) {
    (void)ctx;
    return xcalloc(1, 1); /* no state of its own */
}

static void ua_close(void *state) { free(state); }

/* The version at the 90th percentile of terminals, per family, and the same
 * for Windows NT versions (index UAF_NONE). */
static void baselines(const observe *o, family_baseline *fam) {
    enum { MAXV = 256 };
    uint32_t *counts = xcalloc((size_t)UAF_COUNT * MAXV, sizeof *counts);
    for (uint32_t i = 0; i < o->nuas; i++) {
        const obs_ua *u = &o->uas[i];
        if (u->cls != UA_BROWSER) continue;
        if (u->family != UAF_NONE) counts[u->family * MAXV + MIN(u->version, MAXV - 1)] += u->terminals;
        if (u->os) counts[UAF_NONE * MAXV + MIN(u->os, MAXV - 1)] += u->terminals;
    }
    for (int f = 0; f < UAF_COUNT; f++) {
        uint64_t total = 0, seen = 0;
        for (int v = 0; v < MAXV; v++) total += counts[f * MAXV + v];
        fam[f].terminals = (uint32_t)MIN(total, UINT32_MAX);
        fam[f].current = 0;
        for (int v = 0; v < MAXV && total; v++) {
            seen += counts[f * MAXV + v];
            if (seen * 10 >= total * 9) {
                fam[f].current = (uint16_t)v;
                break;
            }
        }
    }
    free(counts);
}

static bool outdated(const obs_ua *u, const family_baseline *fam) {
    static const uint16_t behind[UAF_COUNT] = {0, 2, 10, 10, 10, 3, 10};
    if (u->family != UAF_NONE && fam[u->family].terminals >= 3 && fam[u->family].current > behind[u->family] &&
        u->version + behind[u->family] < fam[u->family].current)
        return true;
    /* Windows: older than what 90% of the organisation's browsers run, and
     * older than Windows 7 (NT 6.1). */
    return u->os && fam[UAF_NONE].terminals >= 3 && u->os < fam[UAF_NONE].current && u->os < 61;
}

static unsigned ua_reasons(const observe *o, const config *cfg, uint32_t id, const family_baseline *fam,
                           uint32_t org_terminals) {
    const obs_ua *u = &o->uas[id];
    unsigned r = 0;
    switch (u->cls) {
    case UA_EMPTY: r |= R_EMPTY; break;
    case UA_MALFORMED: r |= R_MALFORMED; break;
    case UA_TOOL: r |= R_TOOL; break;
    case UA_OTHER: r |= R_OTHER; break;
    case UA_BROWSER_LIKE: r |= R_BROWSER_LIKE; break;
    case UA_BROWSER:
        if (outdated(u, fam)) r |= R_OUTDATED;
        break;
    case UA_AGENT: return 0;
    }
    if (id == o->ua_overflow) return r & R_EMPTY; /* too many distinct UAs to judge this one */
    if (org_terminals >= 5 && u->terminals <= cfg->scan.rare_terminals) r |= R_RARE;
    if (u->ndests == 1 && u->cls != UA_EMPTY) r |= R_NOWHERE_ELSE;
    if ((u->cls == UA_BROWSER || u->cls == UA_BROWSER_LIKE) && u->ndests <= FEW_DESTINATIONS) r |= R_FEW_DESTINATIONS;
    return r;
}

/* Each terminal's own browser, judged by breadth rather than volume: a
 * browser visits many sites, a program that borrows a browser's name talks
 * to its few servers however busily (an interactive C2 session sends more
 * requests in an afternoon than its user's browser does in a day).
 *
 * breadth(terminal, UA) = the destinations the terminal first reached with
 * that UA (a pair counts for the UA of its first request), computed from the
 * pair table at the end, so it costs nothing per record. The own browser is
 * the full browser string with the greatest breadth; ties go to the string
 * more terminals use. */
typedef struct own_browsers {
    u64map breadth;               /* (terminal, UA) -> destinations first reached with it */
    uint32_t *ua;                 /* by terminal: its own browser, OBS_NONE if none */
    uint32_t *reach;              /* by terminal: that browser's breadth */
    uint32_t *owners;             /* by UA: terminals whose own browser it is */
} own_browsers;

static bool browserish(const obs_ua *u) { return u->cls == UA_BROWSER || u->cls == UA_BROWSER_LIKE; }

static void own_browsers_find(const observe *o, own_browsers *ob) {
    u64map_init(&ob->breadth);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        if (p->ua == OBS_NONE || p->ua == o->ua_overflow || !browserish(&o->uas[p->ua])) continue;
        (*u64map_put(&ob->breadth, u64_pair(p->term, p->ua), 0, NULL))++;
    }
    ob->ua = xmalloc(((size_t)o->nterms + 1) * sizeof *ob->ua);
    ob->reach = xcalloc((size_t)o->nterms + 1, sizeof *ob->reach);
    ob->owners = xcalloc((size_t)o->nuas + 1, sizeof *ob->owners);
    for (uint32_t t = 0; t < o->nterms; t++) ob->ua[t] = OBS_NONE;
    for (size_t i = 0; i < ob->breadth.cap; i++) {
        if (ob->breadth.keys[i] == U64MAP_EMPTY) continue;
        uint32_t t = (uint32_t)(ob->breadth.keys[i] >> 32), u = (uint32_t)ob->breadth.keys[i], n = ob->breadth.vals[i];
        if (o->uas[u].cls != UA_BROWSER) continue;
        uint32_t cur = ob->ua[t];
        if (cur == OBS_NONE || n > ob->reach[t] ||
            (n == ob->reach[t] && (o->uas[u].terminals > o->uas[cur].terminals ||
                                   (o->uas[u].terminals == o->uas[cur].terminals && u < cur)))) {
            ob->ua[t] = u;
            ob->reach[t] = n;
        }
    }
    for (uint32_t t = 0; t < o->nterms; t++)
        if (ob->ua[t] != OBS_NONE) ob->owners[ob->ua[t]]++;
}

static void own_browsers_free(own_browsers *ob) {
    u64map_free(&ob->breadth);
    free(ob->ua);
    free(ob->reach);
    free(ob->owners);
}

static uint32_t breadth_of(const own_browsers *ob, uint32_t term, uint32_t ua) {
    const uint32_t *n = u64map_get(&ob->breadth, u64_pair(term, ua));
    return n ? *n : 0;
}

/* A browser string on a terminal whose own browser is another, used by that
 * terminal for at most FEW_DESTINATIONS destinations while its own browser
 * reached OWN_MIN_BREADTH or more, and the own browser of no terminal in the
 * organisation (or of few). The same family at the same or a newer version is
 * the browser updated, not an impostor; requests that carried a Referer (in a
 * log that records them) were led by pages: a second browser used for a few
 * sites, not a program borrowing a browser's name. */
static bool not_own_browser(const observe *o, const config *cfg, const own_browsers *ob, const obs_pair *p) {
    uint32_t own = ob->ua[p->term];
    if (own == OBS_NONE || own == p->ua || ob->reach[p->term] < OWN_MIN_BREADTH) return false;
    const obs_ua *u = &o->uas[p->ua], *mine = &o->uas[own];
    if (!browserish(u) || breadth_of(ob, p->term, p->ua) > FEW_DESTINATIONS) return false;
    if (u->family != UAF_NONE && u->family == mine->family && u->version >= mine->version) return false;
    if ((p->flags & PAIR_REFERER) && obs_log_has_referers(o)) return false; /* pages led it: a browser */
    return ob->owners[p->ua] <= cfg->scan.rare_terminals;
}

static double combine(unsigned r) {
    double keep = 1;
    for (size_t i = 0; i < ARRAY_LEN(reasons); i++)
        if (r & reasons[i].bit) keep *= 1 - reasons[i].weight;
    return 1 - keep;
}

typedef struct candidate {
    uint32_t pair;
    unsigned reasons;
    double strength;
} candidate;

static int cmp_candidates(const void *a, const void *b, void *obs) {
    const observe *o = obs;
    const candidate *x = a, *y = b;
    uint32_t dx = o->pairs[x->pair].dest, dy = o->pairs[y->pair].dest;
    if (dx != dy) return dx < dy ? -1 : 1;
    return (x->strength < y->strength) - (x->strength > y->strength);
}

static void report(const detect_ctx *ctx, finding_list *out, const candidate *c, size_t n, uint32_t org_terminals,
                   const own_browsers *ob) {
    const observe *o = ctx->obs;
    const obs_pair *top = &o->pairs[c[0].pair];
    finding *f = detect_destination_finding(ctx, out, "useragent", "Unusual User-Agent", "不審な User-Agent", c[0].pair,
                                            (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        const obs_pair *p = &o->pairs[c[i].pair];
        finding_span(f, obs_ms(p->first_s), obs_ms(p->last_s));
    }
    const obs_ua *u = &o->uas[top->ua];
    char q[140];
    fact_quote(obs_ua_name(o, top->ua), 120, q, sizeof q);
    finding_fact(out, f, "User-Agent \"%s\" (%zu terminal%s)", "User-Agent \"%s\" (%zu 台の端末%.0s)", q, n,
                 n == 1 ? "" : "s");
    for (size_t i = 0; i < ARRAY_LEN(reasons); i++) {
        unsigned bit = reasons[i].bit;
        if (!(c[0].reasons & bit)) continue;
        if (bit == R_RARE)
            finding_fact(out, f, "used by %u of the organisation's %u terminals", "組織内 %2$u 台中 %1$u 台のみが使用",
                         u->terminals, org_terminals);
        else if (bit == R_FEW_DESTINATIONS)
            finding_fact(out, f, "a browser User-Agent sent to only %u destination%s in the whole organisation",
                         "ブラウザの User-Agent だが組織全体で %u 件の通信先にしか使われていない%.0s", (unsigned)u->ndests,
                         u->ndests == 1 ? "" : "s");
        else finding_fact(out, f, "%s%.0s", "%.0s%s", reasons[i].en, reasons[i].ja);
    }
    if (c[0].reasons & R_NOT_OWN_BROWSER) {
        uint32_t own = ob->ua[top->term], used = breadth_of(ob, top->term, top->ua);
        fact_quote(obs_ua_name(o, own), 120, q, sizeof q);
        finding_fact(out, f, "this terminal used it for %u destination%s; its own browser \"%s\" reached %u",
                     "この端末での使用は %u 件の通信先のみ%.0s。端末自身のブラウザ \"%s\" は %u 件の通信先で使用", used,
                     used == 1 ? "" : "s", q, ob->reach[top->term]);
    }
    detect_ref(ctx, f, &o->dests[top->dest].first_ref);
    finding_set_score(f, (int)lround(fmin(60, 100 * c[0].strength)));
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
}

static void ua_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    (void)state;
    const observe *o = ctx->obs;
    family_baseline fam[UAF_COUNT];
    baselines(o, fam);
    uint32_t org_terminals = 0;
    for (uint32_t i = 0; i < o->nterms; i++) org_terminals += o->terms[i].internal;
    unsigned *verdict = xmalloc(((size_t)o->nuas + 1) * sizeof *verdict);
    for (uint32_t i = 0; i < o->nuas; i++) verdict[i] = ua_reasons(o, ctx->cfg, i, fam, org_terminals);
    own_browsers ob;
    own_browsers_find(o, &ob);

    vec cands = VEC_INIT(candidate);
    for (uint32_t i = 0; i < o->npairs; i++) {
        const obs_pair *p = &o->pairs[i];
        if (p->ua == OBS_NONE) continue;
        unsigned r = verdict[p->ua];
        if (p->ua != o->ua_overflow && not_own_browser(o, ctx->cfg, &ob, p)) r |= R_NOT_OWN_BROWSER;
        double s = combine(r);
        if (s < 0.2) continue;
        candidate *c = vec_push(&cands);
        c->pair = i, c->reasons = r, c->strength = s;
    }
    if (cands.len > 1) qsort_r(cands.data, cands.len, sizeof(candidate), cmp_candidates, (void *)o);
    const candidate *c = cands.data;
    for (size_t i = 0; i < cands.len;) {
        size_t j = i + 1;
        while (j < cands.len && o->pairs[c[j].pair].dest == o->pairs[c[i].pair].dest) j++;
        report(ctx, out, c + i, j - i, org_terminals, &ob);
        i = j;
    }
    vec_free(&cands);
    own_browsers_free(&ob);
    free(verdict);
}

const detector detector_useragent = {
    .name = "useragent",
    .summary_en = "User-Agents that are rare, non-browser, outdated, malformed or not the terminal's own browser",
    .summary_ja = "組織内で珍しい・非ブラウザ・古い・不正な形式・端末のブラウザと異なる User-Agent",
    .kinds = DET_KIND(EV_HTTP),
    .open = ua_open,
    .finish = ua_finish,
    .close = ua_close,
};
