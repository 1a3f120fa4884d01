/* admin_share.c - remote use of the administrative shares (C$, ADMIN$, D$...):
 * files copied to another host and commands like `net use \\host\c$`.
 *
 * Reads Security 5140 (share opened) and 5145 (object in a share checked)
 * on the target, with the client's IpAddress, and process creations (4688,
 * Sysmon 1) whose command line mounts an administrative share of another
 * host. Writing an executable or script into the share (5145 with WriteData
 * or AppendData on a .exe, .dll, .bat, .ps1...) is high: that is how PsExec
 * and most lateral movement tools start (JPCERT/CC's "Detecting Lateral
 * Movement through Tracking Event Logs"). Access without writes is medium:
 * administrators and software distribution use C$ too. The same source and
 * account writing the same file on AS_ROUTINE_DAYS different days is a
 * helpdesk's routine: at most 40. IPC$ alone is not reported (every SMB
 * session opens it). */
#include "detect/win/windetector.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { AS_WRITE_EXE = 1, AS_NET_USE = 2 };

typedef struct as_state {
    win_groups groups;             /* key: target host; key2: source host (net use: the mounting host) */
} as_state;

static void *as_open(win_ctx *c) {
    as_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

/* "\\*\C$", "\\*\ADMIN$", "C$": an administrative share. */
static bool admin_share(sv share) {
    sv b = win_basename(share);
    if (sv_case_eq(b, SV("ADMIN$"))) return true;
    return b.n == 2 && isalpha((unsigned char)b.p[0]) && b.p[1] == '$';
}

/* In a command line: "\\HOST\c$" or "\\HOST\admin$"; the host into out. */
static bool mounts_admin_share(sv cmd, char *host) {
    for (size_t i = 0; i + 2 < cmd.n; i++) {
        if (cmd.p[i] != '\\' || cmd.p[i + 1] != '\\') continue;
        size_t h = i + 2, e = h;
        while (e < cmd.n && cmd.p[e] != '\\' && cmd.p[e] != ' ' && cmd.p[e] != '"') e++;
        if (e >= cmd.n || cmd.p[e] != '\\' || e == h) continue;
        size_t s = e + 1, t = s;
        while (t < cmd.n && cmd.p[t] != '\\' && cmd.p[t] != ' ' && cmd.p[t] != '"') t++;
        if (admin_share(sv_make(cmd.p + s, t - s))) {
            win_host_norm(sv_make(cmd.p + h, e - h), host);
            return host[0] != 0;
        }
    }
    return false;
}

static void as_event(void *state, win_ctx *c, const win_rec *r) {
    as_state *s = state;
    const win_fields *f = r->f;
    int64_t t = r->ev->time_ms;
    if (f->channel == WCH_SECURITY && (f->id == 5140 || f->id == 5145)) {
        if (!admin_share(f->share) || win_is_system_account(f->subject_user, f->subject_domain)) return;
        uint32_t src = win_logon_source(c, f);
        if (src == WIN_NONE || src == r->host) return;
        win_group *g = win_groups_get(&s->groups, r->host, src);
        bool write = f->id == 5145 && f->have_access_mask && (f->access_mask & 0x6) &&
                     win_is_executable_name(f->relative_target);
        win_group_add(g, r, write ? 75 : 40);
        if (write) {
            g->flags |= AS_WRITE_EXE;
            if (g->note == WIN_NONE) g->note = win_name(c, f->relative_target);
        }
        if (g->note2 == WIN_NONE) g->note2 = win_name(c, win_basename(f->share));
        win_group_host(&s->groups, g, r->host, t);
        win_group_source(&s->groups, g, src, t);
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
        return;
    }
    if (win_is_process_creation(f) && f->command_line.n) {
        char host[WIN_HOST_MAX];
        if (!mounts_admin_share(f->command_line, host) || !strcmp(host, f->host)) return;
        uint32_t dst = win_name(c, sv_cstr(host));
        win_group *g = win_groups_get(&s->groups, dst, r->host);
        win_group_add(g, r, 50);
        g->flags |= AS_NET_USE;
        if (g->note2 == WIN_NONE) g->note2 = win_name(c, f->command_line);
        win_group_host(&s->groups, g, dst, t);
        win_group_source(&s->groups, g, r->host, t);
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    }
}

/* The same source and account writing the same file on this many days is routine (a helpdesk's PsExec). */
#define AS_ROUTINE_DAYS 3

static uint64_t routine_key(const win_group *g) {
    uint32_t acc = g->accounts.len ? VEC_AT(&g->accounts, win_seen, 0).id : WIN_NONE;
    return ((uint64_t)g->key2 * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)acc << 21) ^ g->note;
}

static void as_finish(void *state, win_ctx *c, finding_list *out) {
    as_state *s = state;
    win_days days;
    win_days_init(&days);
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        if (g->flags & AS_WRITE_EXE) win_days_note(&days, routine_key(g), g->first_ms);
    }
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        uint32_t nd = (g->flags & AS_WRITE_EXE) ? win_days_count(&days, routine_key(g)) : 0;
        bool routine = nd >= AS_ROUTINE_DAYS;
        if (routine && g->score > 40) g->score = 40;
        sv dst = win_host_display(c, g->key), src = win_host_display(c, g->key2);
        finding *f;
        if (g->flags & AS_WRITE_EXE) {
            f = win_finding(out, "admin-share", "Executable copied to an administrative share",
                            "管理共有への実行ファイルのコピー", g->score, KC_LATERAL_MOVEMENT, "T1021.002", "T1570",
                            (const char *)NULL);
            sv file = win_name_str(c, g->note);
            finding_fact(out, f, "%.*s wrote %.*s into an administrative share of %.*s",
                         "%.*s が %.*s を %.*s の管理共有に書き込んだ", (int)src.n, src.p, (int)file.n, file.p, (int)dst.n,
                         dst.p);
        } else if (g->flags & AS_NET_USE) {
            f = win_finding(out, "admin-share", "Administrative share of another host mounted",
                            "他端末の管理共有のマウント", g->score, KC_LATERAL_MOVEMENT, "T1021.002", (const char *)NULL);
            sv cmd = win_name_str(c, g->note2);
            finding_fact(out, f, "%.*s ran: %.*s", "%.*s で実行: %.*s", (int)src.n, src.p, (int)(cmd.n > 200 ? 200 : cmd.n),
                         cmd.p);
        } else {
            f = win_finding(out, "admin-share", "Administrative share accessed over the network",
                            "管理共有へのネットワーク経由のアクセス", g->score, KC_LATERAL_MOVEMENT, "T1021.002",
                            (const char *)NULL);
            sv share = win_name_str(c, g->note2);
            finding_fact(out, f, "%.*s opened %.*s on %.*s (%u events)", "%.*s が共有 %.*s (%.*s 上) を開いた (%u 件)",
                         (int)src.n, src.p, (int)share.n, share.p, (int)dst.n, dst.p, g->count);
        }
        if (routine)
            finding_fact(out, f, "routine: the same source and account wrote it on %u different days (remote administration)",
                         "定常的: 同じ接続元とアカウントが %u 日にわたり書き込んでいる (リモート管理)", nd);
        win_finding_group(out, f, c, g);
    }
    win_days_free(&days);
}

static void as_close(void *state) {
    as_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_admin_share = {
    "admin-share", "administrative shares (C$, ADMIN$) used from another host; executables written into them",
    "他端末からの管理共有 (C$、ADMIN$) の利用と実行ファイルの書き込み", as_open, as_event, as_finish, as_close};
