/* winrm_exec.c - commands run through WinRM / PowerShell remoting: processes
 * whose parent is wsmprovhost.exe (the remote session's host process) on the
 * target, the WinRM service creating a shell (WinRM 91), and a client
 * opening a session to another host (WinRM 6, on the source).
 *
 * Reads process creations (4688, Sysmon 1), WinRM/Operational 6 and 91.
 * Medium for a remote session alone; high for commands in it or when a
 * network logon to the host came just before (its source is added). */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { WR_CHILD = 1, WR_SHELL = 2, WR_CLIENT = 4 };

typedef struct wr_state {
    win_groups groups;             /* key: host; key2: 0 target side, target host id for the client side */
} wr_state;

static void *wr_open(win_ctx *c) {
    wr_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

/* The host of "http://HOST:5985/wsman" or "HOST". */
static uint32_t host_of_connection(win_ctx *c, sv conn) {
    ptrdiff_t at = sv_find(conn, SV("://"));
    if (at >= 0) conn = sv_sub(conn, (size_t)at + 3, conn.n);
    size_t e = 0;
    while (e < conn.n && conn.p[e] != ':' && conn.p[e] != '/' && conn.p[e] != ' ') e++;
    return win_host_id(c, sv_sub(conn, 0, e));
}

static void target_side(wr_state *s, win_ctx *c, const win_rec *r, int score, unsigned flag, sv what) {
    int64_t t = r->ev->time_ms;
    const win_netlogon *n = win_recent_before(c->recent, r->host, t, c->set->correlate_ms);
    win_group *g = win_groups_get(&s->groups, r->host, 0);
    win_group_add(g, r, score + (n ? 15 : 0));
    g->flags |= flag;
    if (what.n && (g->note == WIN_NONE || flag == WR_CHILD)) g->note = win_name(c, what);
    win_group_host(&s->groups, g, r->host, t);
    const win_fields *f = r->f;
    if (f->subject_user.n && !win_is_system_account(f->subject_user, f->subject_domain))
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    if (n) {
        win_group_source(&s->groups, g, n->source, n->ms);
        win_group_account(&s->groups, g, n->account, n->ms);
    }
}

static void wr_event(void *state, win_ctx *c, const win_rec *r) {
    wr_state *s = state;
    const win_fields *f = r->f;
    if (r->host == WIN_NONE) return;
    if (win_is_process_creation(f)) {
        char parent[64];
        if (!sv_eq(win_parent_name(c->procs, c, r, parent), SV("wsmprovhost.exe"))) return;
        if (sv_case_eq(win_basename(f->process), SV("conhost.exe"))) return;
        target_side(s, c, r, 65, WR_CHILD, f->command_line.n ? f->command_line : f->process);
    } else if (f->channel == WCH_WINRM && f->id == 91) {
        target_side(s, c, r, 50, WR_SHELL, SV_NULL);
    } else if (f->channel == WCH_WINRM && f->id == 6) {
        uint32_t dst = host_of_connection(c, f->target_server);
        if (dst == WIN_NONE || dst == r->host) return;
        win_group *g = win_groups_get(&s->groups, r->host, dst);
        win_group_add(g, r, 45);
        g->flags |= WR_CLIENT;
        win_group_host(&s->groups, g, dst, r->ev->time_ms);
        win_group_source(&s->groups, g, r->host, r->ev->time_ms);
    }
}

static void wr_finish(void *state, win_ctx *c, finding_list *out) {
    wr_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv host = win_host_display(c, g->key), what = win_name_str(c, g->note);
        if (what.n > 200) what.n = 200;
        finding *f;
        if (g->flags & WR_CLIENT) {
            sv dst = win_host_display(c, g->key2);
            f = win_finding(out, "winrm", "WinRM session opened to another host", "他の端末への WinRM セッション", g->score,
                            KC_LATERAL_MOVEMENT, "T1021.006", (const char *)NULL);
            finding_fact(out, f, "%.*s opened %u WinRM session(s) to %.*s", "%.*s が WinRM セッションを %u 回開いた (接続先 %.*s)",
                         (int)host.n, host.p, g->count, (int)dst.n, dst.p);
        } else {
            f = win_finding(out, "winrm",
                            (g->flags & WR_CHILD) ? "Commands run through WinRM" : "Remote WinRM shell created",
                            (g->flags & WR_CHILD) ? "WinRM 経由のコマンド実行" : "WinRM のリモートシェル作成", g->score,
                            KC_LATERAL_MOVEMENT, "T1021.006", (const char *)NULL);
            if (g->flags & WR_CHILD)
                finding_fact(out, f, "wsmprovhost.exe on %.*s started %.*s", "%.*s の wsmprovhost.exe が %.*s を起動",
                             (int)host.n, host.p, (int)what.n, what.p);
            else
                finding_fact(out, f, "the WinRM service on %.*s created a remote shell (WinRM 91)",
                             "%.*s の WinRM サービスがリモートシェルを作成 (WinRM 91)", (int)host.n, host.p);
            if (g->sources.len) {
                sv src = win_host_display(c, VEC_AT(&g->sources, win_seen, 0).id);
                finding_fact(out, f, "just after a network logon from %.*s", "%.*s からのネットワークログオンの直後",
                             (int)src.n, src.p);
            }
        }
        win_finding_group(out, f, c, g);
    }
}

static void wr_close(void *state) {
    wr_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_winrm = {"winrm", "commands run through WinRM / PowerShell remoting (wsmprovhost.exe)",
                                  "WinRM / PowerShell リモーティングによるコマンド実行 (wsmprovhost.exe)", wr_open,
                                  wr_event, wr_finish, wr_close};
