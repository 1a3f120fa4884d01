/* explicit_creds.c - explicit credentials used toward other hosts (4648):
 * `net use \\host /user:X`, `runas /netonly`, PsExec -u, and tools that log
 * on to host after host with a harvested password.
 *
 * Reads Security 4648 on the source: the account logged on (Subject), the
 * credentials given (Target), and the server (TargetServerName,
 * TargetInfo). Logons to the host itself and by system accounts are not
 * counted. High when one account gave explicit credentials toward
 * explicit_min_hosts or more other hosts; medium for one host with
 * credentials of another account than the user's own; others are not
 * reported (Windows itself does this for the user's own account). */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { EC_OTHER_ACCOUNT = 1, EC_SMB = 2 };

typedef struct ec_state {
    win_groups groups;             /* key: source host; key2: subject account */
} ec_state;

static void *ec_open(win_ctx *c) {
    ec_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

static void ec_event(void *state, win_ctx *c, const win_rec *r) {
    ec_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || f->id != 4648 || r->host == WIN_NONE) return;
    if (win_is_system_account(f->subject_user, f->subject_domain) || !f->target_server.n) return;
    if (win_is_local_address(f->target_server) || sv_case_eq(f->target_server, SV("localhost"))) return;
    uint32_t dst = win_host_id(c, f->target_server);
    if (dst == WIN_NONE || dst == r->host) return;
    uint32_t subject = win_account(c, f->subject_domain, f->subject_user);
    uint32_t target = win_account(c, f->target_domain, f->target_user);
    win_group *g = win_groups_get(&s->groups, r->host, subject);
    win_group_add(g, r, 0);
    if (!sv_case_eq(f->subject_user, f->target_user)) g->flags |= EC_OTHER_ACCOUNT;
    if (sv_case_starts_with(f->target_info, SV("cifs/"))) g->flags |= EC_SMB;
    int64_t t = r->ev->time_ms;
    win_group_host(&s->groups, g, dst, t);
    win_group_source(&s->groups, g, r->host, t);
    win_group_account(&s->groups, g, subject, t);
    win_group_account(&s->groups, g, target, t);
}

static void ec_finish(void *state, win_ctx *c, finding_list *out) {
    ec_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        size_t n = g->hosts.len;
        bool many = n >= c->set->explicit_min_hosts && c->set->explicit_min_hosts > 1;
        if (!many && !(g->flags & EC_OTHER_ACCOUNT)) continue;
        int score = many ? 65 + (int)(n - c->set->explicit_min_hosts) * 3 : 45;
        if (score > 90) score = 90;
        sv src = win_host_display(c, g->key), who = win_name_str(c, g->key2);
        finding *f = win_finding(out, "explicit-cred",
                                 many ? "Explicit credentials used toward many hosts" : "Another account's credentials used toward a host",
                                 many ? "多数の端末への明示的な資格情報の使用" : "他のアカウントの資格情報による他端末への接続",
                                 score, KC_LATERAL_MOVEMENT, "T1078", (const char *)NULL);
        if (g->flags & EC_SMB) finding_attack(f, "T1021.002");
        finding_fact(out, f, "%.*s on %.*s gave explicit credentials (4648) toward %zu other host(s)",
                     "%.*s が %.*s から %zu 台の他端末へ明示的な資格情報を使用 (4648)", (int)who.n, who.p, (int)src.n,
                     src.p, n);
        if (g->flags & EC_OTHER_ACCOUNT)
            win_fact_text(out, f, "the credentials were of another account than the user's own",
                          "使われた資格情報はログオン中のユーザ自身のものではない");
        if (g->flags & EC_SMB) win_fact_text(out, f, "for file sharing (cifs/): net use or a copy", "ファイル共有 (cifs/) 向け: net use やコピー");
        win_finding_group(out, f, c, g);
    }
}

static void ec_close(void *state) {
    ec_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_explicit_creds = {
    "explicit-cred", "explicit credentials (4648) toward many hosts, or another account's toward one",
    "明示的な資格情報 (4648) による多数の端末への接続、他アカウントの資格情報の使用", ec_open, ec_event, ec_finish,
    ec_close};
