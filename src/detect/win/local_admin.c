/* local_admin.c - one local (non-domain) account logging on over the network
 * to many hosts in a short time: a local administrator password that is the
 * same on every terminal, used to spread (seed 004: 24 terminals in a day).
 *
 * Reads Security 4624 logon type 3 (NTLM or not) on the target: the account
 * is local when its domain is the target's own computer name, or it is the
 * built-in administrator (RID 500) of that computer. Also 4776 (NTLM
 * validation) logged by a host that is not a domain controller (no 4768 or
 * 4769 from it), which validates only its own local accounts. Machine,
 * service and anonymous accounts never count. A finding when one account
 * name reached spread_min_hosts hosts within spread_window. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

typedef struct la_state {
    win_groups by_account;        /* key: account name (lower case); key2: 0 = 4624, 1 = 4776 */
    u64map dcs;                   /* hosts that logged 4768/4769 */
} la_state;

static void *la_open(win_ctx *c) {
    la_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->by_account);
    u64map_init(&s->dcs);
    return s;
}

static bool is_local_account(const win_fields *f) {
    char dom[WIN_HOST_MAX];
    win_host_norm(f->target_domain, dom);
    if (dom[0] && !strcmp(dom, f->host)) return true;
    return win_sid_rid(f->target_sid) == 500 && !f->target_domain.n;
}

static void la_event(void *state, win_ctx *c, const win_rec *r) {
    la_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || r->host == WIN_NONE) return;
    if (f->id == 4768 || f->id == 4769) {
        u64map_put(&s->dcs, r->host, 1, NULL);
        return;
    }
    uint32_t kind;
    if (f->id == 4624 && f->logon_type == 3 && is_local_account(f)) kind = 0;
    else if (f->id == 4776 && win_status_ok(f->status)) kind = 1;
    else return;
    if (win_is_system_account(f->target_user, f->target_domain)) return;
    uint32_t src = kind == 0 ? win_logon_source(c, f) : win_host_id(c, f->workstation);
    if (src == WIN_NONE || src == r->host) return; /* a logon from the host itself */
    uint32_t key = win_account_key(c, f->target_user);
    if (key == WIN_NONE) return;
    win_group *g = win_groups_get(&s->by_account, key, kind);
    win_group_add(g, r, 0);
    win_group_host(&s->by_account, g, r->host, r->ev->time_ms);
    win_group_source(&s->by_account, g, src, r->ev->time_ms);
    if (g->note == WIN_NONE) g->note = win_name(c, f->target_user);
}

static void la_finish(void *state, win_ctx *c, finding_list *out) {
    la_state *s = state;
    const win_settings *set = c->set;
    u64map reported; /* accounts with a 4624 finding: their 4776 group says the same */
    u64map_init(&reported);
    for (size_t pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < win_groups_count(&s->by_account); i++) {
        win_group *g = win_groups_at(&s->by_account, i);
        if (g->key2 != pass || (pass == 1 && u64map_get(&reported, g->key))) continue;
        if (g->key2 == 1) { /* 4776: only hosts that are not domain controllers */
            size_t k = 0;
            for (size_t j = 0; j < g->hosts.len; j++) {
                win_seen h = VEC_AT(&g->hosts, win_seen, j);
                if (!u64map_get(&s->dcs, h.id)) VEC_AT(&g->hosts, win_seen, k++) = h;
            }
            g->hosts.len = k;
        }
        int64_t from, to;
        uint32_t n = win_group_max_window(&g->hosts, set->spread_window_ms, &from, &to);
        if (n < set->spread_min_hosts) continue;
        sv user = win_name_str(c, g->note);
        int score = 70 + (int)(n - set->spread_min_hosts) * 2;
        if (score > 98) score = 98;
        finding *f = win_finding(out, "local-admin", "A local account logged on over the network to many hosts",
                                 "ローカルアカウントが多数の端末にネットワークログオン", score, KC_LATERAL_MOVEMENT,
                                 "T1078.003", "T1021.002", (const char *)NULL);
        char dur[32];
        finding_fact(out, f, "local account %.*s logged on over the network to %u hosts within %s (%zu hosts in all)",
                     "ローカルアカウント %.*s が %u 台の端末に %s 以内にネットワークログオン (全 %zu 台)", (int)user.n,
                     user.p, n, win_duration(set->spread_window_ms, dur, sizeof dur), g->hosts.len);
        finding_fact(out, f, "from %zu source(s); the same password works on every one of them",
                     "接続元 %zu 台。すべての端末で同じパスワードが通用している", g->sources.len);
        if (g->key2 == 1)
            finding_fact(out, f, "seen as NTLM validations (4776) by the hosts themselves, not by a domain controller",
                         "ドメインコントローラではなく各端末自身による NTLM 認証 (4776)");
        win_finding_group(out, f, c, g);
        finding_account(out, f, user.p, user.n);
        u64map_put(&reported, g->key, 1, NULL);
    }
    u64map_free(&reported);
}

static void la_close(void *state) {
    la_state *s = state;
    win_groups_free(&s->by_account);
    u64map_free(&s->dcs);
    free(s);
}

const windetector windet_local_admin = {
    "local-admin",
    "one local account logging on over the network to many hosts (shared local administrator password)",
    "同じローカルアカウントによる多数端末へのネットワークログオン (共通のローカル管理者パスワード)",
    la_open, la_event, la_finish, la_close};
