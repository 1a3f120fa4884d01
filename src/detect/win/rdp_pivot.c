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
    /* for each first hop A -> B, the later hops out of B */
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++) {
            if (e[j].from != e[i].to || e[j].to == e[i].from || e[j].ms < e[i].ms || e[j].ms - e[i].ms > RDP_CHAIN_MS)
                continue;
            sv a = win_host_display(c, e[i].from), b = win_host_display(c, e[i].to), d = win_host_display(c, e[j].to);
            finding *f = win_finding(out, "rdp", "Remote Desktop hop through a host", "リモートデスクトップによる多段接続", 60,
                                     KC_LATERAL_MOVEMENT, "T1021.001", (const char *)NULL);
            char t1[40], t2[40];
            finding_fact(out, f, "%.*s -> %.*s over RDP at %s, then %.*s -> %.*s at %s",
                         "%.*s から %.*s へ RDP 接続 (%s)、続いて %.*s から %.*s へ (%s)", (int)a.n, a.p, (int)b.n, b.p,
                         mtime_format_iso(e[i].ms, false, t1), (int)b.n, b.p, (int)d.n, d.p,
                         mtime_format_iso(e[j].ms, false, t2));
            finding_span(f, e[i].ms, e[j].ms);
            win_finding_host(out, f, c, e[i].from);
            win_finding_host(out, f, c, e[i].to);
            win_finding_host(out, f, c, e[j].to);
            win_finding_account(out, f, c, e[i].account);
            win_finding_account(out, f, c, e[j].account);
            win_finding_ref(out, f, c, &e[i].ref);
            win_finding_ref(out, f, c, &e[j].ref);
        }
    }
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
