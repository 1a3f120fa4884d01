/* kerberos_forgery.c - signs of forged Kerberos tickets: golden tickets and
 * MS14-068 (a forged PAC that made a domain user a Domain Admin, seed 004).
 *
 * Reads on the domain controllers 4768 (TGT requested) and 4769 (service
 * ticket requested), and on every host 4624, 4634 and 4672:
 *   - a service ticket for an account that never asked for a TGT, while the
 *     same controller logs TGT requests for others: the TGT was made
 *     offline (golden ticket) - high;
 *   - one account name logged with two different domain SIDs: the PAC
 *     claims another identity (MS14-068) - high;
 *   - the account domain in 4624/4634/4672 written in lower case or empty
 *     for a person's account, where Windows writes the NetBIOS name or the
 *     upper-case FQDN (forging tools fill it from the command line) - medium;
 *   - RC4 (0x17, 0x18) tickets for an administrator account in a domain
 *     that otherwise uses AES - medium;
 *   - a person's service ticket for krbtgt itself (not a referral to a
 *     trusted domain): how MS14-068 exploit tools (PyKEK, Kekeo) hand the
 *     forged PAC to the controller - high (80) right after the account's
 *     own TGT (within `correlate`), else 65.
 * Machine accounts, system accounts and local accounts are not looked at. */
#include "detect/win/windetector.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KF_SID_MISMATCH = 1, KF_DOMAIN = 2, KF_RC4 = 3, KF_MS14068 = 4 };

typedef struct kf_state {
    win_groups groups;             /* key: account key; key2: KF_* */
    u64map tgt;                    /* account key -> 1: a 4768 was seen */
    u64map dc_tgts;                /* host -> 4768 count */
    u64map sid_of;                 /* account key -> SID name id + 1 */
    u64map admin;                  /* account key -> 1: got special privileges (4672) */
    u64map tgt_of;                 /* account key -> index + 1 in tgts: the account's latest TGT */
    vec tgts;                      /* kf_tgt */
    uint64_t aes_tickets, rc4_tickets;
    win_groups pending;            /* key: account key; its 4769s while it had no TGT */
} kf_state;

/* An account's latest TGT. */
typedef struct kf_tgt {
    uint32_t account, host;
    int64_t ms;
    win_ref ref;
} kf_tgt;

static void *kf_open(win_ctx *c) {
    kf_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    u64map_init(&s->tgt);
    u64map_init(&s->dc_tgts);
    u64map_init(&s->sid_of);
    u64map_init(&s->admin);
    win_groups_init(&s->pending);
    u64map_init(&s->tgt_of);
    vec_init(&s->tgts, sizeof(kf_tgt));
    return s;
}

/* "user@DOMAIN" -> "user" (4768/4769 write either). */
static sv bare_user(sv u) {
    ptrdiff_t at = sv_find_char(u, '@');
    return at > 0 ? sv_sub(u, 0, (size_t)at) : u;
}

static bool has_lower(sv s) {
    for (size_t i = 0; i < s.n; i++)
        if (islower((unsigned char)s.p[i])) return true;
    return false;
}

/* "krbtgt" or "krbtgt/DOMAIN" of the account's own domain (not a referral to a trusted one). */
static bool krbtgt_itself(sv service, sv domain) {
    if (sv_case_eq(service, SV("krbtgt"))) return true;
    if (!sv_case_starts_with(service, SV("krbtgt/"))) return false;
    sv realm = sv_sub(service, 7, service.n);
    ptrdiff_t d1 = sv_find_char(realm, '.'), d2 = sv_find_char(domain, '.');
    if (d1 > 0) realm = sv_sub(realm, 0, (size_t)d1);
    if (d2 > 0) domain = sv_sub(domain, 0, (size_t)d2);
    return sv_case_eq(realm, domain);
}

static win_group *add(kf_state *s, win_ctx *c, const win_rec *r, uint32_t key, uint32_t kind, int score, sv user,
                      sv domain) {
    win_group *g = win_groups_get(&s->groups, key, kind);
    win_group_add(g, r, score);
    win_group_host(&s->groups, g, r->host, r->ev->time_ms);
    win_group_account(&s->groups, g, win_account(c, domain, user), r->ev->time_ms);
    return g;
}

static void kf_event(void *state, win_ctx *c, const win_rec *r) {
    kf_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || r->host == WIN_NONE) return;
    int64_t t = r->ev->time_ms;
    if (f->id == 4768 || f->id == 4769 || f->id == 4770) {
        sv user = bare_user(f->target_user);
        if (win_is_system_account(user, SV_NULL)) return;
        uint32_t key = win_account_key(c, user);
        if (key == WIN_NONE) return;
        uint64_t enc = 0;
        bool rc4 = f->ticket_encryption.n && win_parse_number(f->ticket_encryption, &enc) && (enc == 0x17 || enc == 0x18);
        if (f->ticket_encryption.n && enc != 0xffffffff) {
            if (rc4) s->rc4_tickets++;
            else if (enc == 0x11 || enc == 0x12) s->aes_tickets++;
        }
        bool ok = win_status_ok(f->status);
        if ((f->id == 4768 || f->id == 4770) && ok) { /* 4770: a TGT renewed */
            u64map_put(&s->tgt, key, 1, NULL);
            (*u64map_put(&s->dc_tgts, r->host, 0, NULL))++;
        } else if (f->id == 4769 && ok && !u64map_get(&s->tgt, key)) {
            /* alone, a TGT from before the logs began looks the same: medium; with RC4 or an odd domain, high */
            bool odd = rc4 || has_lower(f->target_domain);
            win_group *g = win_groups_get(&s->pending, key, 0);
            win_group_add(g, r, odd ? 75 : 50);
            if (odd) g->flags = 1;
            win_group_host(&s->pending, g, r->host, t);
            win_group_account(&s->pending, g, win_account(c, f->target_domain, user), t);
        }
        /* MS14-068 (PyKEK, Kekeo): the forged PAC goes to the controller in a request for a
         * service ticket to krbtgt itself, right after the user's own TGT */
        if (ok && f->id == 4768) { /* one slot per account, the latest TGT */
            bool created;
            uint32_t *slot = u64map_put(&s->tgt_of, key, (uint32_t)s->tgts.len + 1, &created);
            kf_tgt *p = created ? vec_push(&s->tgts) : &VEC_AT(&s->tgts, kf_tgt, *slot - 1);
            *p = (kf_tgt){key, r->host, t, r->ref};
        }
        if (ok && f->id == 4769 && krbtgt_itself(f->service_name, f->target_domain)) {
            uint32_t *tgt = u64map_get(&s->tgt_of, key);
            const kf_tgt *p = tgt ? &VEC_AT(&s->tgts, kf_tgt, *tgt - 1) : NULL;
            bool right_after = p && t >= p->ms && t - p->ms <= c->set->correlate_ms;
            win_group *g = add(s, c, r, key, KF_MS14068, right_after ? 80 : 65, user, f->target_domain);
            if (right_after) {
                g->flags = 1;
                if (g->nrefs < WIN_GROUP_REFS) g->refs[g->nrefs++] = p->ref;
                if (p->ms < g->first_ms) g->first_ms = p->ms;
            }
        }
        if (rc4 && ok && (win_contains(user, "admin") || win_sid_rid(f->target_sid) == 500 || u64map_get(&s->admin, key)))
            add(s, c, r, key, KF_RC4, 45, user, f->target_domain);
        return;
    }
    if (f->id != 4624 && f->id != 4634 && f->id != 4672) return;
    sv user = f->id == 4672 ? f->subject_user : f->target_user;
    sv domain = f->id == 4672 ? f->subject_domain : f->target_domain;
    sv sid = f->id == 4672 ? f->subject_sid : f->target_sid;
    if (win_is_system_account(user, domain)) return;
    char dom[WIN_HOST_MAX];
    win_host_norm(domain, dom);
    if (dom[0] && !strcmp(dom, f->host)) return; /* a local account */
    uint32_t key = win_account_key(c, user);
    if (key == WIN_NONE) return;
    if (f->id == 4672) u64map_put(&s->admin, key, 1, NULL);
    if (!domain.n || has_lower(domain)) {
        win_group *g = add(s, c, r, key, KF_DOMAIN, 60, user, domain);
        if (g->note == WIN_NONE) g->note = win_name(c, domain.n ? domain : SV("(empty)"));
    }
    if (sv_case_starts_with(sid, SV("S-1-5-21-")) && dom[0]) {
        /* per domain (short name) and user: the same name in two domains is two accounts */
        char both[WIN_HOST_MAX + 160];
        int n = snprintf(both, sizeof both, "%s\\%.*s", dom, (int)(user.n < 150 ? user.n : 150), user.p);
        uint32_t who = win_account_key(c, sv_make(both, (size_t)n < sizeof both ? (size_t)n : sizeof both - 1));
        uint32_t sid_id = win_name(c, sid);
        bool created;
        uint32_t *known = u64map_put(&s->sid_of, who, sid_id + 1, &created);
        if (!created && *known != sid_id + 1) {
            win_group *g = add(s, c, r, key, KF_SID_MISMATCH, 75, user, domain);
            g->note = *known - 1;
            g->note2 = sid_id;
        }
    }
}

static void kf_finish(void *state, win_ctx *c, finding_list *out) {
    kf_state *s = state;
    /* TGS without TGT: only accounts that never got a TGT, on controllers that log TGTs */
    for (size_t i = 0; i < win_groups_count(&s->pending); i++) {
        win_group *g = win_groups_at(&s->pending, i);
        bool dc = false;
        for (size_t k = 0; k < g->hosts.len && !dc; k++) dc = u64map_get(&s->dc_tgts, VEC_AT(&g->hosts, win_seen, k).id);
        if (u64map_get(&s->tgt, g->key) || !dc) continue;
        sv who = g->accounts.len ? win_name_str(c, VEC_AT(&g->accounts, win_seen, 0).id) : SV("?");
        finding *f = win_finding(out, "kerberos", "Service tickets without a TGT (golden ticket?)",
                                 "TGT 要求のないサービスチケット要求 (ゴールデンチケットの疑い)", g->score, KC_LATERAL_MOVEMENT,
                                 "T1558.001", (const char *)NULL);
        finding_fact(out, f, "%.*s requested %u service ticket(s) (4769) but never a TGT (4768, 4770), while the controller logs TGTs",
                     "%.*s がサービスチケットを %u 回要求 (4769) したが TGT 要求 (4768、4770) がない (同じ DC は TGT 要求を記録している)",
                     (int)who.n, who.p, g->count);
        if (g->flags)
            win_fact_text(out, f, "the tickets are RC4 or name the domain in lower case, as forging tools write them",
                          "チケットが RC4 か、ドメイン名が小文字 (偽造ツールの書き方)");
        win_finding_group(out, f, c, g);
    }
    bool aes_domain = s->aes_tickets > s->rc4_tickets * 4;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv who = g->accounts.len ? win_name_str(c, VEC_AT(&g->accounts, win_seen, 0).id) : SV("?");
        finding *f;
        switch (g->key2) {
        case KF_SID_MISMATCH: {
            sv a = win_name_str(c, g->note), b = win_name_str(c, g->note2);
            f = win_finding(out, "kerberos", "One account name with two SIDs (forged PAC, MS14-068?)",
                            "同じアカウント名に 2 つの SID (PAC 偽造、MS14-068 の疑い)", g->score, KC_LATERAL_MOVEMENT,
                            "T1558", "T1068", (const char *)NULL);
            finding_fact(out, f, "%.*s was logged with SID %.*s and with SID %.*s", "%.*s が SID %.*s と SID %.*s で記録された",
                         (int)who.n, who.p, (int)a.n, a.p, (int)b.n, b.p);
            break;
        }
        case KF_DOMAIN: {
            sv d = win_name_str(c, g->note);
            f = win_finding(out, "kerberos", "Logon with an odd account domain (forged ticket?)",
                            "不自然なアカウントドメインでのログオン (偽造チケットの疑い)", g->score, KC_LATERAL_MOVEMENT,
                            "T1558.001", (const char *)NULL);
            finding_fact(out, f, "%.*s logged on with domain \"%.*s\" (%u events); Windows writes it upper case",
                         "%.*s がドメイン \"%.*s\" でログオン (%u 件)。Windows は大文字で記録する", (int)who.n, who.p,
                         (int)d.n, d.p, g->count);
            break;
        }
        case KF_MS14068:
            f = win_finding(out, "kerberos", "Service ticket for krbtgt itself (forged PAC, MS14-068?)",
                            "krbtgt 自身へのサービスチケット要求 (PAC 偽造、MS14-068 の疑い)", g->score,
                            KC_LATERAL_MOVEMENT, "T1068", "T1558", (const char *)NULL);
            finding_fact(out, f, "%.*s asked for a service ticket to krbtgt itself (%u time(s))",
                         "%.*s が krbtgt 自身へのサービスチケットを要求した (%u 回)", (int)who.n, who.p, g->count);
            if (g->flags)
                win_fact_text(out, f, "right after asking for its own TGT", "自身の TGT 要求の直後");
            win_fact_text(out, f, "this is how MS14-068 exploits (PyKEK, Kekeo) turn a user into a Domain Admin",
                          "MS14-068 の攻撃ツール (PyKEK、Kekeo) が一般ユーザを Domain Admins にする手順と一致する");
            break;
        default:
            if (!aes_domain) continue; /* RC4 everywhere: an old domain, not a sign */
            f = win_finding(out, "kerberos", "RC4 Kerberos tickets for an administrator", "管理者アカウントへの RC4 チケット",
                            g->score, KC_LATERAL_MOVEMENT, "T1558", (const char *)NULL);
            finding_fact(out, f, "%.*s got %u RC4 (0x17) ticket(s) in a domain that uses AES",
                         "AES を使うドメインで %.*s に RC4 (0x17) チケットが %u 件", (int)who.n, who.p, g->count);
        }
        win_finding_group(out, f, c, g);
    }
}

static void kf_close(void *state) {
    kf_state *s = state;
    win_groups_free(&s->groups);
    u64map_free(&s->tgt);
    u64map_free(&s->dc_tgts);
    u64map_free(&s->sid_of);
    u64map_free(&s->admin);
    win_groups_free(&s->pending);
    u64map_free(&s->tgt_of);
    vec_free(&s->tgts);
    free(s);
}

const windetector windet_kerberos = {
    "kerberos", "forged Kerberos tickets: TGS without TGT, one name with two SIDs, odd domains, RC4 for admins",
    "Kerberos チケット偽造の兆候: TGT なしの TGS、同名で別 SID、不自然なドメイン、管理者への RC4", kf_open, kf_event,
    kf_finish, kf_close};
