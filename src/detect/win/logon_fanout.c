/* logon_fanout.c - one source machine logging on to many hosts: an attacker
 * (or a worm) fanning out from a foothold with stolen credentials.
 *
 * Reads Security 4624 logon types 3 and 10 on the targets (the source is
 * IpAddress, else WorkstationName) and 4648 on the source (explicit
 * credentials toward TargetServerName). Machine, service and anonymous
 * accounts do not count. Targets that fanout_server_sources or more
 * different sources log on to are shared servers (domain controllers, file
 * and print servers) and are not counted: every workstation reaches them.
 * A finding when one source reached fanout_min_hosts other hosts within
 * fanout_window. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

typedef struct fo_state {
    win_groups by_source;          /* key: source host id */
    win_groups by_target;          /* key: target host id; sources as hosts */
} fo_state;

static void *fo_open(win_ctx *c) {
    fo_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->by_source);
    win_groups_init(&s->by_target);
    return s;
}

static void link_hosts(fo_state *s, const win_rec *r, uint32_t src, uint32_t dst, uint32_t account) {
    if (src == WIN_NONE || dst == WIN_NONE || src == dst) return;
    int64_t t = r->ev->time_ms;
    win_group *g = win_groups_get(&s->by_source, src, 0);
    win_group_add(g, r, 0);
    win_group_host(&s->by_source, g, dst, t);
    win_group_account(&s->by_source, g, account, t);
    win_group *tg = win_groups_get(&s->by_target, dst, 0);
    win_group_host(&s->by_target, tg, src, t);
}

static void fo_event(void *state, win_ctx *c, const win_rec *r) {
    fo_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY) return;
    if (f->id == 4624 && (f->logon_type == 3 || f->logon_type == 10)) {
        if (win_is_system_account(f->target_user, f->target_domain)) return;
        link_hosts(s, r, win_logon_source(c, f), r->host, win_account(c, f->target_domain, f->target_user));
    } else if (f->id == 4648) {
        if (win_is_system_account(f->subject_user, f->subject_domain) || !f->target_server.n ||
            win_is_local_address(f->target_server) || sv_case_eq(f->target_server, SV("localhost")))
            return;
        link_hosts(s, r, r->host, win_host_id(c, f->target_server), win_account(c, f->target_domain, f->target_user));
    }
}

static void fo_finish(void *state, win_ctx *c, finding_list *out) {
    fo_state *s = state;
    const win_settings *set = c->set;
    for (size_t i = 0; i < win_groups_count(&s->by_source); i++) {
        win_group *g = win_groups_at(&s->by_source, i);
        size_t k = 0, servers = 0;
        for (size_t j = 0; j < g->hosts.len; j++) {
            win_seen h = VEC_AT(&g->hosts, win_seen, j);
            win_group *tg = win_groups_get(&s->by_target, h.id, 0);
            if (tg->hosts.len >= set->fanout_server_sources) {
                servers++;
                continue;
            }
            VEC_AT(&g->hosts, win_seen, k++) = h;
        }
        g = win_groups_at(&s->by_source, i); /* by_target may have grown; by_source did not */
        g->hosts.len = k;
        int64_t from, to;
        uint32_t n = win_group_max_window(&g->hosts, set->fanout_window_ms, &from, &to);
        if (n < set->fanout_min_hosts) continue;
        int score = 55 + (int)(n - set->fanout_min_hosts) * 2;
        if (score > 90) score = 90;
        sv src = win_host_display(c, g->key);
        finding *f = win_finding(out, "fanout", "One source logged on to many hosts", "1 台の接続元から多数の端末へログオン",
                                 score, KC_LATERAL_MOVEMENT, "T1021", "T1078", (const char *)NULL);
        char dur[32];
        finding_fact(out, f, "%.*s logged on to %u hosts within %s (%zu in all) with %zu account(s)",
                     "%.*s から %u 台の端末へ %s 以内にログオン (全 %zu 台、アカウント %zu 件)", (int)src.n, src.p, n,
                     win_duration(set->fanout_window_ms, dur, sizeof dur), g->hosts.len, g->accounts.len);
        if (servers)
            finding_fact(out, f, "%zu shared server(s) that many sources use are not counted",
                         "多数の端末が利用する共用サーバ %zu 台は数えていない", servers);
        win_group_source(&s->by_source, g, g->key, g->first_ms);
        win_finding_group(out, f, c, g);
    }
}

static void fo_close(void *state) {
    fo_state *s = state;
    win_groups_free(&s->by_source);
    win_groups_free(&s->by_target);
    free(s);
}

const windetector windet_logon_fanout = {
    "fanout", "one source machine logging on to many hosts", "1 台の接続元から多数の端末へのログオン",
    fo_open, fo_event, fo_finish, fo_close};
