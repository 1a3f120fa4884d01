/* pass_the_hash.c - logons made with a password hash instead of a password.
 *
 * Reads Security 4624 on the target. A network logon (type 3) with
 * AuthenticationPackageName NTLM, LogonProcessName NtLmSsp and KeyLength 0
 * from another machine, for a person's account, is how pass-the-hash tools
 * (Mimikatz sekurlsa::pth over SMB, Impacket, Metasploit psexec) show up:
 * a real interactive NTLM logon negotiates a session key. Medium; high for a
 * local account (the shared local administrator of seed 004). A type-9
 * (NewCredentials) logon through seclogo on the source is `sekurlsa::pth`
 * or `runas /netonly` itself: high. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { PTH_NETWORK = 0, PTH_NEWCRED = 1 };

typedef struct pth_state {
    win_groups groups;             /* key: account key; key2: PTH_* */
} pth_state;

static void *pth_open(win_ctx *c) {
    pth_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

static void pth_event(void *state, win_ctx *c, const win_rec *r) {
    pth_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || f->id != 4624 || r->host == WIN_NONE) return;
    int64_t t = r->ev->time_ms;
    if (f->logon_type == 3 && sv_case_eq(f->auth_package, SV("NTLM")) &&
        sv_case_eq(sv_trim(f->logon_process), SV("NtLmSsp")) && f->key_length == 0) {
        if (win_is_system_account(f->target_user, f->target_domain)) return;
        uint32_t src = win_logon_source(c, f);
        if (src == WIN_NONE || src == r->host) return;
        char dom[WIN_HOST_MAX];
        win_host_norm(f->target_domain, dom);
        bool local = (dom[0] && !strcmp(dom, f->host)) || win_sid_rid(f->target_sid) == 500;
        win_group *g = win_groups_get(&s->groups, win_account_key(c, f->target_user), PTH_NETWORK);
        win_group_add(g, r, local ? 70 : 55);
        win_group_host(&s->groups, g, r->host, t);
        win_group_source(&s->groups, g, src, t);
        win_group_account(&s->groups, g, win_account(c, f->target_domain, f->target_user), t);
    } else if (f->logon_type == 9 && sv_case_eq(sv_trim(f->logon_process), SV("seclogo"))) {
        if (win_is_system_account(f->subject_user, f->subject_domain)) return;
        win_group *g = win_groups_get(&s->groups, win_account_key(c, f->subject_user), PTH_NEWCRED);
        win_group_add(g, r, 65);
        win_group_host(&s->groups, g, r->host, t);
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
        win_group_account(&s->groups, g, win_account(c, f->target_domain, f->target_user), t);
    }
}

static void pth_finish(void *state, win_ctx *c, finding_list *out) {
    pth_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv who = g->accounts.len ? win_name_str(c, VEC_AT(&g->accounts, win_seen, 0).id) : SV("?");
        finding *f;
        if (g->key2 == PTH_NETWORK) {
            f = win_finding(out, "pass-the-hash", "NTLM network logon without a session key (pass-the-hash)",
                            "セッション鍵のない NTLM ネットワークログオン (pass-the-hash)", g->score, KC_LATERAL_MOVEMENT,
                            "T1550.002", (const char *)NULL);
            finding_fact(out, f, "%.*s logged on to %zu host(s) over NTLM with NtLmSsp and KeyLength 0 (%u logons)",
                         "%.*s が NTLM (NtLmSsp、KeyLength 0) で %zu 台にログオン (%u 回)", (int)who.n, who.p,
                         g->hosts.len, g->count);
        } else {
            f = win_finding(out, "pass-the-hash", "Logon with new credentials (seclogo, type 9)",
                            "新しい資格情報でのログオン (seclogo、タイプ 9)", g->score, KC_LATERAL_MOVEMENT, "T1550.002",
                            (const char *)NULL);
            finding_fact(out, f, "%.*s started a process with other network credentials (sekurlsa::pth, runas /netonly)",
                         "%.*s が別のネットワーク資格情報でプロセスを起動 (sekurlsa::pth、runas /netonly)", (int)who.n,
                         who.p);
        }
        win_finding_group(out, f, c, g);
    }
}

static void pth_close(void *state) {
    pth_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_pass_the_hash = {
    "pass-the-hash", "NTLM network logons without a session key; seclogo new-credential logons",
    "セッション鍵のない NTLM ネットワークログオン、seclogo による新資格情報ログオン", pth_open, pth_event, pth_finish,
    pth_close};
