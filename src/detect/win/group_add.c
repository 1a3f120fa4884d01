/* group_add.c - accounts added to privileged groups: Domain Admins,
 * Enterprise Admins, Schema Admins, a computer's Administrators, and the
 * operator groups.
 *
 * Reads Security 4728 (global group), 4732 (local group), 4756 (universal
 * group): the group (TargetUserName, TargetSid), the member (MemberName,
 * MemberSid) and who did it (Subject). The group is told by its SID's RID
 * (512, 518, 519, 544...) or its name, so renamed and localised groups are
 * found too. High for the domain-wide admin groups, medium for a local
 * Administrators group and the operator groups; other groups are not
 * reported. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

typedef struct ga_state {
    win_groups groups;             /* key: host; key2: group name */
} ga_state;

static void *ga_open(win_ctx *c) {
    ga_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

/* How privileged the group is: a score, 0 for an ordinary group. */
static int group_score(sv name, sv sid) {
    int64_t rid = win_sid_rid(sid);
    if (rid == 512 || rid == 518 || rid == 519) return 80;                 /* Domain, Schema, Enterprise Admins */
    if (sv_case_starts_with(sid, SV("S-1-5-32-")) && rid == 544) return 65; /* BUILTIN\Administrators */
    if (sv_case_starts_with(sid, SV("S-1-5-32-")) && (rid == 548 || rid == 549 || rid == 551 || rid == 555))
        return 50; /* Account, Server, Backup Operators; Remote Desktop Users */
    static const struct {
        const char *name;
        int score;
    } names[] = {{"Domain Admins", 80},         {"Enterprise Admins", 80}, {"Schema Admins", 80},
                 {"Administrators", 65},        {"Account Operators", 50}, {"Backup Operators", 50},
                 {"Server Operators", 50},      {"DnsAdmins", 50},         {"Group Policy Creator Owners", 50},
                 {"Remote Desktop Users", 45},  {"Remote Management Users", 45}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sv_case_eq(name, sv_cstr(names[i].name))) return names[i].score;
    return 0;
}

static void ga_event(void *state, win_ctx *c, const win_rec *r) {
    ga_state *s = state;
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || (f->id != 4728 && f->id != 4732 && f->id != 4756) || r->host == WIN_NONE)
        return;
    int score = group_score(f->target_user, f->target_sid);
    if (!score) return;
    uint32_t group = win_account(c, f->target_domain, f->target_user);
    win_group *g = win_groups_get(&s->groups, r->host, group == WIN_NONE ? 0 : group);
    win_group_add(g, r, score);
    int64_t t = r->ev->time_ms;
    win_group_host(&s->groups, g, r->host, t);
    /* the member: its name (a DN "CN=x,OU=..." -> x) or SID */
    sv m = f->member_name;
    if (sv_case_starts_with(m, SV("CN="))) {
        m = sv_sub(m, 3, m.n);
        ptrdiff_t comma = sv_find_char(m, ',');
        if (comma >= 0) m = sv_sub(m, 0, (size_t)comma);
    }
    if (!m.n) m = f->member_sid;
    win_group_account(&s->groups, g, win_name(c, m), t);
    if (!win_is_system_account(f->subject_user, f->subject_domain))
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    if (g->note == WIN_NONE) g->note = win_name(c, m);
    if (g->note2 == WIN_NONE) g->note2 = win_account(c, f->subject_domain, f->subject_user);
}

static void ga_finish(void *state, win_ctx *c, finding_list *out) {
    ga_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv group = win_name_str(c, g->key2), member = win_name_str(c, g->note), by = win_name_str(c, g->note2);
        sv host = win_host_display(c, g->key);
        finding *f = win_finding(out, "group-add", "Account added to a privileged group", "特権グループへのアカウント追加",
                                 g->score, KC_LATERAL_MOVEMENT, "T1098", "T1078.002", (const char *)NULL);
        finding_fact(out, f, "%.*s added to %.*s by %.*s on %.*s (%u change(s))",
                     "%.*s を %.*s に追加 (実行者 %.*s、%.*s、%u 件)", (int)member.n, member.p, (int)group.n, group.p,
                     (int)by.n, by.p, (int)host.n, host.p, g->count);
        win_finding_group(out, f, c, g);
    }
}

static void ga_close(void *state) {
    ga_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_group_add = {
    "group-add", "accounts added to Domain/Enterprise Admins, Administrators and operator groups",
    "Domain Admins、Enterprise Admins、Administrators などの特権グループへの追加", ga_open, ga_event, ga_finish,
    ga_close};
