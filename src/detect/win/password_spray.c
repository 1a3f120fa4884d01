/* password_spray.c - password spraying and guessing: bursts of failed
 * logons.
 *
 * Reads Security 4625 (logon failed), 4771 (Kerberos pre-authentication
 * failed) and 4776 with a non-zero status (NTLM validation failed), and 4624
 * to see whether one of the tries then worked. Spraying (T1110.003): one
 * source failing for spray_min_accounts or more accounts within
 * spray_window. Guessing (T1110.001): guess_min_failures or more failures of
 * one account within guess_window. A success of a tried account from the
 * same source afterwards raises either. Two typos are nothing. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { PS_SUCCEEDED = 1 };

typedef struct ps_ring {
    uint32_t account;
    uint32_t pos, n;
    uint32_t failures;
    bool hit;
    int64_t *t;                    /* the last guess_min_failures failure times */
} ps_ring;

typedef struct ps_state {
    win_groups spray;              /* key: source; accounts tried */
    win_groups guess;              /* key: account key */
    u64map ring_of;                /* account key -> index + 1 in rings */
    vec rings;                     /* ps_ring */
    u64map tried;                  /* (source, account key) -> 1 */
} ps_state;

static void *ps_open(win_ctx *c) {
    ps_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->spray);
    win_groups_init(&s->guess);
    u64map_init(&s->ring_of);
    vec_init(&s->rings, sizeof(ps_ring));
    u64map_init(&s->tried);
    return s;
}

static bool failed(const win_fields *f) {
    if (f->channel != WCH_SECURITY) return false;
    if (f->id == 4625) return true;
    if (f->id == 4771) return !win_status_ok(f->status);
    if (f->id == 4776) return !win_status_ok(f->status);
    return false;
}

static void ps_event(void *state, win_ctx *c, const win_rec *r) {
    ps_state *s = state;
    const win_fields *f = r->f;
    int64_t t = r->ev->time_ms;
    if (f->channel == WCH_SECURITY && f->id == 4624) {
        uint32_t src = win_logon_source(c, f), key = win_account_key(c, f->target_user);
        if (src == WIN_NONE || key == WIN_NONE || !u64map_get(&s->tried, u64_pair(src, key))) return;
        uint32_t *gi = u64map_get(&s->spray.index, u64_pair(src, 0));
        if (gi) {
            win_group *g = win_groups_at(&s->spray, *gi - 1);
            g->flags |= PS_SUCCEEDED;
            if (g->note == WIN_NONE) g->note = win_account(c, f->target_domain, f->target_user);
        }
        if ((gi = u64map_get(&s->guess.index, u64_pair(key, 0)))) {
            win_group *g = win_groups_at(&s->guess, *gi - 1);
            g->flags |= PS_SUCCEEDED;
        }
        return;
    }
    if (!failed(f) || r->host == WIN_NONE) return;
    sv user = f->target_user;
    ptrdiff_t at = sv_find_char(user, '@');
    if (at > 0) user = sv_sub(user, 0, (size_t)at);
    if (!user.n || user.p[user.n - 1] == '$') return;
    uint32_t key = win_account_key(c, user);
    uint32_t src = win_logon_source(c, f);
    if (f->id == 4776 && f->workstation.n) src = win_host_id(c, f->workstation);
    if (src == WIN_NONE) src = r->host;
    if (key == WIN_NONE) return;
    u64map_put(&s->tried, u64_pair(src, key), 1, NULL);
    uint32_t account = win_account(c, f->target_domain, user);

    win_group *g = win_groups_get(&s->spray, src, 0);
    win_group_add(g, r, 0);
    win_group_account(&s->spray, g, key, t);
    win_group_host(&s->spray, g, r->host, t);

    g = win_groups_get(&s->guess, key, 0);
    win_group_add(g, r, 0);
    win_group_host(&s->guess, g, r->host, t);
    win_group_source(&s->guess, g, src, t);
    win_group_account(&s->guess, g, account, t);

    uint32_t need = c->set->guess_min_failures;
    bool created;
    uint32_t *ri = u64map_put(&s->ring_of, key, (uint32_t)s->rings.len + 1, &created);
    if (created) {
        ps_ring *nr = vec_push(&s->rings);
        *nr = (ps_ring){.account = key, .t = calloc(need, sizeof(int64_t))};
    }
    ps_ring *ring = &VEC_AT(&s->rings, ps_ring, *ri - 1);
    ring->failures++;
    ring->t[ring->pos] = t;
    ring->pos = (ring->pos + 1) % need;
    if (ring->n < need) ring->n++;
    /* the oldest kept time is at pos once the ring is full */
    if (ring->n == need && t - ring->t[ring->pos] <= c->set->guess_window_ms) ring->hit = true;
}

static void ps_finish(void *state, win_ctx *c, finding_list *out) {
    ps_state *s = state;
    const win_settings *set = c->set;
    char dur[32];
    for (size_t i = 0; i < win_groups_count(&s->spray); i++) {
        win_group *g = win_groups_at(&s->spray, i);
        int64_t from, to;
        uint32_t n = win_group_max_window(&g->accounts, set->spray_window_ms, &from, &to);
        if (n < set->spray_min_accounts) continue;
        int score = 60 + (int)(n - set->spray_min_accounts) + (g->flags & PS_SUCCEEDED ? 15 : 0);
        if (score > 92) score = 92;
        sv src = win_host_display(c, g->key);
        finding *f = win_finding(out, "spray", "Password spraying: one source failing for many accounts",
                                 "パスワードスプレー: 1 台から多数のアカウントでログオン失敗", score, KC_LATERAL_MOVEMENT,
                                 "T1110.003", (const char *)NULL);
        finding_fact(out, f, "%.*s failed to log on as %u different accounts within %s (%u failures)",
                     "%.*s から %u 個の異なるアカウントで %s 以内にログオン失敗 (失敗 %u 回)", (int)src.n, src.p, n,
                     win_duration(set->spray_window_ms, dur, sizeof dur), g->count);
        if (g->flags & PS_SUCCEEDED) {
            sv who = win_name_str(c, g->note);
            finding_fact(out, f, "then %.*s logged on successfully from there", "その後 %.*s のログオンが成功した",
                         (int)who.n, who.p);
        }
        win_finding_group(out, f, c, g); /* accounts: the names tried, lower case */
        finding_host(out, f, src.p, src.n);
    }
    for (size_t i = 0; i < win_groups_count(&s->guess); i++) {
        win_group *g = win_groups_at(&s->guess, i);
        uint32_t *ri = u64map_get(&s->ring_of, g->key);
        if (!ri || !VEC_AT(&s->rings, ps_ring, *ri - 1).hit) continue;
        int score = 50 + (g->flags & PS_SUCCEEDED ? 20 : 0);
        sv who = win_name_str(c, g->accounts.len ? VEC_AT(&g->accounts, win_seen, 0).id : g->key);
        finding *f = win_finding(out, "spray", "Password guessing: many failures on one account",
                                 "パスワード推測: 1 つのアカウントへの多数のログオン失敗", score, KC_LATERAL_MOVEMENT,
                                 "T1110.001", (const char *)NULL);
        finding_fact(out, f, "%.*s failed to log on %u or more times within %s (%u failures in all, from %zu source(s))",
                     "%.*s のログオン失敗が %u 回以上 (%s 以内、全 %u 回、接続元 %zu 台)", (int)who.n, who.p,
                     set->guess_min_failures, win_duration(set->guess_window_ms, dur, sizeof dur), g->count,
                     g->sources.len);
        if (g->flags & PS_SUCCEEDED)
            win_fact_text(out, f, "then a logon of the account succeeded", "その後そのアカウントのログオンが成功した");
        win_finding_group(out, f, c, g);
    }
}

static void ps_close(void *state) {
    ps_state *s = state;
    for (size_t i = 0; i < s->rings.len; i++) free(VEC_AT(&s->rings, ps_ring, i).t);
    vec_free(&s->rings);
    win_groups_free(&s->spray);
    win_groups_free(&s->guess);
    u64map_free(&s->ring_of);
    u64map_free(&s->tried);
    free(s);
}

const windetector windet_spray = {
    "spray", "password spraying (many accounts from one source) and guessing (many failures on one account)",
    "パスワードスプレー (1 台から多数のアカウント) と推測 (1 アカウントへの多数の失敗)", ps_open, ps_event, ps_finish,
    ps_close};
