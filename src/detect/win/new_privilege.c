/* new_privilege.c - an ordinary account that suddenly gets administrator
 * rights: special privileges (4672) for an account whose earlier logons
 * never had them. In seed 004 a user account became a Domain Admin through
 * the authentication server's flaw; its first 4672, on the domain
 * controller, is the moment it happened.
 *
 * Reads 4624 and 4768 (a person's logons and TGTs, counted per account) and 4672 (special
 * privileges assigned to a new logon). A finding when an account's first
 * 4672 comes after at least NP_MIN_PLAIN logons without one and at least a
 * day after the account was first seen: high on a host that acts as domain
 * controller (logs 4768/4769), medium elsewhere. Accounts that are admins
 * from the start (their first logons already carry 4672) are never
 * reported, nor machine and system accounts. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

#define NP_MIN_PLAIN 3
#define NP_MIN_AGE_MS (24ll * 3600 * 1000)

typedef struct np_account {
    int64_t first_ms;
    uint32_t plain;                /* logons before its first 4672 */
    bool privileged;               /* a 4672 was seen */
} np_account;

typedef struct np_state {
    u64map index;                  /* account key -> index + 1 in accounts */
    vec accounts;                  /* np_account */
    u64map dcs;                    /* hosts that logged 4768/4769 */
    win_groups groups;             /* key: account key */
} np_state;

static void *np_open(win_ctx *c) {
    np_state *s = calloc(1, sizeof *s);
    u64map_init(&s->index);
    vec_init(&s->accounts, sizeof(np_account));
    u64map_init(&s->dcs);
    win_groups_init(&s->groups);
    return s;
}

static np_account *account_of(np_state *s, uint32_t key, int64_t ms) {
    bool created;
    uint32_t *slot = u64map_put(&s->index, key, (uint32_t)s->accounts.len + 1, &created);
    if (created) *(np_account *)vec_push(&s->accounts) = (np_account){.first_ms = ms};
    return &VEC_AT(&s->accounts, np_account, *slot - 1);
}

static void np_event(void *state, win_ctx *c, const win_rec *r) {
    np_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || r->host == WIN_NONE) return;
    int64_t t = r->ev->time_ms;
    if (f->id == 4768 || f->id == 4769) u64map_put(&s->dcs, r->host, 1, NULL);
    if (f->id == 4624 || f->id == 4768) { /* a logon, or a TGT: the account at work */
        sv user = f->target_user;
        ptrdiff_t at = sv_find_char(user, '@');
        if (at > 0) user = sv_sub(user, 0, (size_t)at);
        if (win_is_system_account(user, f->target_domain)) return;
        if (f->id == 4768 && !win_status_ok(f->status)) return;
        uint32_t key = win_account_key(c, user);
        if (key == WIN_NONE) return;
        np_account *a = account_of(s, key, t);
        if (!a->privileged && a->plain < UINT32_MAX) a->plain++;
        return;
    }
    if (f->id != 4672 || win_is_system_account(f->subject_user, f->subject_domain)) return;
    uint32_t key = win_account_key(c, f->subject_user);
    if (key == WIN_NONE) return;
    np_account *a = account_of(s, key, t);
    if (a->privileged) return;
    a->privileged = true;
    /* a 4672 comes with the logon it belongs to, which may already be counted */
    uint32_t plain = a->plain ? a->plain - 1 : 0;
    if (plain < NP_MIN_PLAIN || t - a->first_ms < NP_MIN_AGE_MS) return;
    win_group *g = win_groups_get(&s->groups, key, 0);
    win_group_add(g, r, 0);
    g->flags = plain;
    win_group_host(&s->groups, g, r->host, t);
    win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    g->note2 = win_name(c, win_value(r->w, "PrivilegeList"));
    g->score = (int)(a->first_ms / 1000 / 86400); /* the day it was first seen, for the fact */
}

static void np_finish(void *state, win_ctx *c, finding_list *out) {
    np_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        uint32_t host = g->hosts.len ? VEC_AT(&g->hosts, win_seen, 0).id : WIN_NONE;
        bool dc = host != WIN_NONE && u64map_get(&s->dcs, host);
        sv who = g->accounts.len ? win_name_str(c, VEC_AT(&g->accounts, win_seen, 0).id) : SV("?");
        sv where = win_host_display(c, host), privs = win_name_str(c, g->note2);
        if (privs.n > 120) privs.n = 120;
        finding *f = win_finding(out, "privilege", "An ordinary account got administrator rights",
                                 "一般アカウントへの管理者権限の付与", dc ? 70 : 55, KC_LATERAL_MOVEMENT, "T1078.002",
                                 "T1068", (const char *)NULL);
        finding_fact(out, f, "%.*s got special privileges (4672) on %.*s for the first time, after %u logons without them",
                     "%.*s が %.*s で初めて特権 (4672) を得た (それまでの %u 回のログオンでは特権なし)", (int)who.n, who.p,
                     (int)where.n, where.p, g->flags);
        if (dc) win_fact_text(out, f, "on a domain controller", "ドメインコントローラ上");
        if (privs.n) finding_fact(out, f, "privileges: %.*s", "特権: %.*s", (int)privs.n, privs.p);
        win_finding_group(out, f, c, g);
    }
}

static void np_close(void *state) {
    np_state *s = state;
    u64map_free(&s->index);
    vec_free(&s->accounts);
    u64map_free(&s->dcs);
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_new_privilege = {
    "privilege", "an ordinary account that suddenly gets special privileges (4672), on a DC above all",
    "一般アカウントへの突然の特権付与 (4672)、特にドメインコントローラ上", np_open, np_event, np_finish, np_close};
