/* rdp_pivot.c - Remote Desktop chains: a host reached over RDP that then
 * opens RDP to a further host (an intruder hopping through the network).
 *
 * Reads Security 4624 logon type 10 (RemoteInteractive; the client is
 * WorkstationName and IpAddress), TerminalServices-RemoteConnectionManager
 * 1149 (user authenticated, with the source address) and
 * LocalSessionManager 21, 24, 25 (session logon, disconnect, reconnect, with
 * the source address). Each gives an edge source -> host at a time; 4624
 * records that name both an address and a workstation tell which address is
 * which machine. A chain A -> B then B -> C (C not A) within 24 hours is a
 * finding (medium: jump hosts do this legitimately); single RDP sessions are what administrators do all day and are
 * not reported. */
#include "detect/win/windetector.h"
#include "core/mtime.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define RDP_CHAIN_MS (24ll * 3600 * 1000)

typedef struct rdp_edge {
    uint32_t from, to, account;
    int64_t ms;
    win_ref ref;
} rdp_edge;

typedef struct rdp_state {
    vec edges;                     /* rdp_edge */
    u64map edge_seen;              /* (from, to) -> 1: one edge per pair (the first) */
    u64map ip_name;                /* address id -> host id + 1 */
} rdp_state;

static void *rdp_open(win_ctx *c) {
    rdp_state *s = calloc(1, sizeof *s);
    vec_init(&s->edges, sizeof(rdp_edge));
    u64map_init(&s->edge_seen);
    u64map_init(&s->ip_name);
    return s;
}

static void rdp_event(void *state, win_ctx *c, const win_rec *r) {
    rdp_state *s = state;
    const win_fields *f = r->f;
    if (r->host == WIN_NONE) return;
    bool edge = false;
    if (f->channel == WCH_SECURITY && f->id == 4624) {
        if (f->ip.n && f->workstation.n && !win_is_local_address(f->ip)) {
            uint32_t ip = win_host_id(c, f->ip), name = win_host_id(c, f->workstation);
            if (ip != WIN_NONE && name != WIN_NONE && ip != name) *u64map_put(&s->ip_name, ip, 0, NULL) = name + 1;
        }
        edge = f->logon_type == 10;
    } else if (f->channel == WCH_TS_RCM && f->id == 1149) {
        edge = true;
    } else if (f->channel == WCH_TS_LSM && (f->id == 21 || f->id == 24 || f->id == 25)) {
        edge = true;
    }
    if (!edge || win_is_system_account(f->target_user, f->target_domain)) return;
    uint32_t from = WIN_NONE;
    if (f->workstation.n) from = win_host_id(c, f->workstation);
    if (from == WIN_NONE && f->ip.n && !win_is_local_address(f->ip)) from = win_host_id(c, f->ip);
    if (from == WIN_NONE || from == r->host) return;
    bool created;
    u64map_put(&s->edge_seen, u64_pair(from, r->host), 1, &created);
    if (!created) return;
    *(rdp_edge *)vec_push(&s->edges) = (rdp_edge){from, r->host, win_account(c, f->target_domain, f->target_user),
                                                  r->ev->time_ms, r->ref};
}

/* Hops by source, then by time (the order findings come out in). */
static int cmp_from(const void *a, const void *b, void *edges) {
    const rdp_edge *e = edges;
    const rdp_edge *x = &e[*(const size_t *)a], *y = &e[*(const size_t *)b];
    if (x->from != y->from) return x->from < y->from ? -1 : 1;
    if (x->ms != y->ms) return x->ms < y->ms ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static uint32_t resolve(const rdp_state *s, uint32_t id) {
    uint32_t *n = u64map_get(&s->ip_name, id);
    return n ? *n - 1 : id;
}

static void rdp_finish(void *state, win_ctx *c, finding_list *out) {
    rdp_state *s = state;
    /* sources by name where an address is known to be a machine; then one edge per pair, the first */
    rdp_edge *e = s->edges.data;
    size_t n = 0;
    u64map_clear(&s->edge_seen);
    for (size_t i = 0; i < s->edges.len; i++) {
        rdp_edge x = e[i];
        x.from = resolve(s, x.from);
        if (x.from == x.to) continue;
        bool created;
        u64map_put(&s->edge_seen, u64_pair(x.from, x.to), 1, &created);
        if (created) e[n++] = x;
    }
    /* for each first hop A -> B, the later hops out of B: the hops by source, found by bisection */
    win_groups chains;             /* key: the host hopped through */
    win_groups_init(&chains);
    size_t *by_from = xmalloc((n ? n : 1) * sizeof *by_from);
    for (size_t i = 0; i < n; i++) by_from[i] = i;
    qsort_r(by_from, n, sizeof *by_from, cmp_from, e);
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (e[by_from[mid]].from < e[i].to) lo = mid + 1;
            else hi = mid;
        }
        for (size_t k = lo; k < n && e[by_from[k]].from == e[i].to; k++) {
            size_t j = by_from[k];
            if (e[j].to == e[i].from || e[j].ms < e[i].ms || e[j].ms - e[i].ms > RDP_CHAIN_MS) continue;
            /* one finding per host hopped through: its way in and its ways out */
            win_group *g = win_groups_get(&chains, e[i].to, 0);
            if (!g->count) {
                g->note = (uint32_t)i; /* the first chain, for the fact */
                g->note2 = (uint32_t)j;
            }
            g->count++;
            if (g->first_ms == MTIME_NONE || e[i].ms < g->first_ms) g->first_ms = e[i].ms;
            if (g->last_ms == MTIME_NONE || e[j].ms > g->last_ms) g->last_ms = e[j].ms;
            win_group_host(&chains, g, e[i].to, e[i].ms);
            win_group_host(&chains, g, e[j].to, e[j].ms);
            win_group_source(&chains, g, e[i].from, e[i].ms);
            win_group_account(&chains, g, e[i].account, e[i].ms);
            win_group_account(&chains, g, e[j].account, e[j].ms);
            bool have_i = false, have_j = false;
            for (int r = 0; r < g->nrefs; r++) {
                have_i |= g->refs[r].offset == e[i].ref.offset && g->refs[r].src == e[i].ref.src;
                have_j |= g->refs[r].offset == e[j].ref.offset && g->refs[r].src == e[j].ref.src;
            }
            if (!have_i && g->nrefs < WIN_GROUP_REFS) g->refs[g->nrefs++] = e[i].ref;
            if (!have_j && g->nrefs < WIN_GROUP_REFS) g->refs[g->nrefs++] = e[j].ref;
        }
    }
    for (size_t k = 0; k < win_groups_count(&chains); k++) {
        win_group *g = win_groups_at(&chains, k);
        const rdp_edge *x = &e[g->note], *y = &e[g->note2];
        sv a = win_host_display(c, x->from), b = win_host_display(c, x->to), d = win_host_display(c, y->to);
        finding *f = win_finding(out, "rdp", "Remote Desktop hop through a host", "リモートデスクトップによる多段接続", 60,
                                 KC_LATERAL_MOVEMENT, "T1021.001", (const char *)NULL);
        char t1[40], t2[40];
        finding_fact(out, f, "%.*s -> %.*s over RDP at %s, then %.*s -> %.*s at %s",
                     "%.*s から %.*s へ RDP 接続 (%s)、続いて %.*s から %.*s へ (%s)", (int)a.n, a.p, (int)b.n, b.p,
                     mtime_format_iso(x->ms, false, t1), (int)b.n, b.p, (int)d.n, d.p, mtime_format_iso(y->ms, false, t2));
        if (g->count > 1)
            finding_fact(out, f, "%u hop(s) through %.*s: from %zu source(s) to %zu host(s)",
                         "%u 件の多段接続 (%.*s 経由): 接続元 %zu 台から %zu 台へ", g->count, (int)b.n, b.p, g->sources.len,
                         g->hosts.len - 1);
        win_finding_group(out, f, c, g);
    }
    win_groups_free(&chains);
    free(by_from);
}

static void rdp_close(void *state) {
    rdp_state *s = state;
    vec_free(&s->edges);
    u64map_free(&s->edge_seen);
    u64map_free(&s->ip_name);
    free(s);
}

const windetector windet_rdp = {"rdp", "Remote Desktop chains: a host reached over RDP opening RDP further",
                                "リモートデスクトップの多段接続 (RDP で入った端末からさらに RDP)", rdp_open, rdp_event,
                                rdp_finish, rdp_close};
