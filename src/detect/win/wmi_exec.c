/* wmi_exec.c - commands run through WMI: a process whose parent is the WMI
 * provider host (WmiPrvSE.exe), as `wmic /node:HOST process call create`
 * and Impacket's wmiexec leave on the target; and wmic.exe naming another
 * node on the source.
 *
 * Reads process creations (Security 4688, whose parent is named by
 * ParentProcessName or, on older systems, only by its process id, looked up
 * among the host's earlier 4688s; Sysmon 1). Medium for any child of
 * WmiPrvSE.exe; high when it is a shell or a living-off-the-land binary, or
 * when a network logon to the host came just before (its source is added). */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

typedef struct wm_state {
    win_groups groups;             /* key: host; key2: 0 = children of WmiPrvSE, 1 = wmic /node */
} wm_state;

static void *wm_open(win_ctx *c) {
    wm_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

/* Images that WMI itself starts. */
static bool benign_child(sv img) {
    static const char *const names[] = {"WmiPrvSE.exe", "WerFault.exe", "WmiApSrv.exe", "mofcomp.exe", "wmiadap.exe",
                                        "conhost.exe"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sv_case_eq(img, sv_cstr(names[i]))) return true;
    return false;
}

static bool lolbin(sv img) {
    static const char *const names[] = {"cmd.exe", "powershell.exe", "pwsh.exe", "rundll32.exe", "mshta.exe",
                                        "regsvr32.exe", "cscript.exe", "wscript.exe", "certutil.exe", "calc.exe",
                                        "bitsadmin.exe", "net.exe", "net1.exe", "whoami.exe", "reg.exe", "vssadmin.exe"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (sv_case_eq(img, sv_cstr(names[i]))) return true;
    return false;
}

static void wm_event(void *state, win_ctx *c, const win_rec *r) {
    wm_state *s = state;
    const win_fields *f = r->f;
    if (!win_is_process_creation(f) || r->host == WIN_NONE) return;
    int64_t t = r->ev->time_ms;
    char parent[64];
    sv img = win_basename(f->process);
    if (sv_eq(win_parent_name(c->procs, c, r, parent), SV("wmiprvse.exe")) && !benign_child(img)) {
        const win_netlogon *n = win_recent_before(c->recent, r->host, t, c->set->correlate_ms);
        int score = lolbin(img) ? 65 : 50;
        if (n) score += 15;
        win_group *g = win_groups_get(&s->groups, r->host, 0);
        win_group_add(g, r, score);
        if (g->note == WIN_NONE || lolbin(img)) g->note = win_name(c, f->command_line.n ? f->command_line : f->process);
        win_group_host(&s->groups, g, r->host, t);
        if (n) {
            win_group_source(&s->groups, g, n->source, n->ms);
            win_group_account(&s->groups, g, n->account, n->ms);
            if (g->nrefs < WIN_GROUP_REFS) g->refs[g->nrefs++] = n->ref;
        }
        return;
    }
    if (sv_case_eq(img, SV("wmic.exe")) && win_contains(f->command_line, "/node:") &&
        win_contains(f->command_line, "create")) {
        sv cmd = f->command_line;
        ptrdiff_t at = sv_find(cmd, SV("/node:"));
        if (at < 0) at = sv_find(cmd, SV("/NODE:"));
        uint32_t dst = WIN_NONE;
        if (at >= 0) {
            sv rest = sv_sub(cmd, (size_t)at + 6, cmd.n), tok;
            if (rest.n && rest.p[0] == '"') rest = sv_sub(rest, 1, rest.n);
            size_t e = 0;
            while (e < rest.n && rest.p[e] != ' ' && rest.p[e] != '"') e++;
            tok = sv_sub(rest, 0, e);
            dst = win_host_id(c, tok);
        }
        win_group *g = win_groups_get(&s->groups, r->host, 1);
        win_group_add(g, r, 65);
        if (g->note == WIN_NONE) g->note = win_name(c, cmd);
        win_group_host(&s->groups, g, dst, t);
        win_group_source(&s->groups, g, r->host, t);
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    }
}

static void wm_finish(void *state, win_ctx *c, finding_list *out) {
    wm_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv host = win_host_display(c, g->key), cmd = win_name_str(c, g->note);
        if (cmd.n > 200) cmd.n = 200;
        finding *f;
        if (g->key2 == 0) {
            f = win_finding(out, "wmi", "Process started through WMI", "WMI 経由のプロセス起動", g->score,
                            KC_LATERAL_MOVEMENT, "T1047", (const char *)NULL);
            finding_fact(out, f, "WmiPrvSE.exe on %.*s started %u process(es), e.g. %.*s",
                         "%.*s の WmiPrvSE.exe が %u 個のプロセスを起動 (例: %.*s)", (int)host.n, host.p, g->count,
                         (int)cmd.n, cmd.p);
            if (g->sources.len) {
                sv src = win_host_display(c, VEC_AT(&g->sources, win_seen, 0).id);
                finding_fact(out, f, "just after a network logon from %.*s", "%.*s からのネットワークログオンの直後",
                             (int)src.n, src.p);
            }
        } else {
            f = win_finding(out, "wmi", "Remote process creation with wmic", "wmic による他端末でのプロセス作成", g->score,
                            KC_LATERAL_MOVEMENT, "T1047", (const char *)NULL);
            finding_fact(out, f, "%.*s ran: %.*s", "%.*s で実行: %.*s", (int)host.n, host.p, (int)cmd.n, cmd.p);
        }
        win_finding_group(out, f, c, g);
    }
}

static void wm_close(void *state) {
    wm_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_wmi = {"wmi", "processes started through WMI (WmiPrvSE.exe), wmic /node",
                                "WMI 経由のプロセス起動 (WmiPrvSE.exe)、wmic /node", wm_open, wm_event, wm_finish,
                                wm_close};
