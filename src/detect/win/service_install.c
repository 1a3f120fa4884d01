/* service_install.c - services installed to run a command, the way PsExec,
 * its clones (RemCom, PAExec, csexec) and Metasploit's psexec start code on
 * another host.
 *
 * Reads System 7045 and Security 4697 (a service was installed: name and
 * image path), Sysmon 13 (a service's ImagePath written in the registry),
 * Sysmon 17/18 and Security 5145 on IPC$ (the named pipes of the remote
 * execution tools: \PSEXESVC, \RemCom_communicaton, \paexec...), process
 * creations whose parent is services.exe running a shell, and Sysmon 3
 * inbound SMB (port 445) to tell where it came from. Every installed service
 * is at least low; a shell command line (cmd /c, %COMSPEC%, powershell -enc,
 * \\127.0.0.1\ADMIN$), a bare shell as the image, an image outside the usual
 * folders, or a random-looking name raise it; a known remote-execution
 * service or pipe (PsExec) is medium, as administrators use it too. A
 * network logon to the host just before adds the source (+10, not for
 * PsExec, which is always remote), a local account behind it +15 (seed
 * 004). The same source, account and service on SV_ROUTINE_DAYS different
 * days is routine administration: at most 40. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { SV_PIPE = 1, SV_CHILD = 2, SV_INSTALL = 4, SV_LOCAL_ACCOUNT = 8, SV_TOOL = 16 };

/* The same source, account and service on this many different days is routine administration. */
#define SV_ROUTINE_DAYS 3

typedef struct sv_smb {
    uint32_t host, source;
    int64_t ms;
} sv_smb;

typedef struct sv_state {
    win_groups groups;             /* key: host; key2: service name (lower case) */
    vec smb;                       /* sv_smb: inbound SMB connections (Sysmon 3 to port 445) */
} sv_state;

static void *sv_open(win_ctx *c) {
    sv_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    vec_init(&s->smb, sizeof(sv_smb));
    return s;
}

static const char *const tool_names[] = {"PSEXESVC", "RemCom", "PAExec", "csexec", "winexesvc", "BTOBTO", "smbexec"};

static bool tool_name(sv name) {
    for (size_t i = 0; i < sizeof tool_names / sizeof tool_names[0]; i++)
        if (win_contains(name, tool_names[i])) return true;
    return false;
}

/* How suspicious an image path is, and why (a fact in both languages). */
static int path_score(sv path, const char **why_en, const char **why_ja) {
    static const struct {
        const char *needle;
        int score;
        const char *en, *ja;
    } marks[] = {
        {"%COMSPEC%", 80, "the image runs a shell (%COMSPEC%)", "イメージがシェルを実行 (%COMSPEC%)"},
        {"cmd /c", 80, "the image runs a command (cmd /c)", "イメージがコマンドを実行 (cmd /c)"},
        {"cmd.exe /c", 80, "the image runs a command (cmd.exe /c)", "イメージがコマンドを実行 (cmd.exe /c)"},
        {"/c echo", 80, "the image runs a command (/c echo)", "イメージがコマンドを実行 (/c echo)"},
        {"powershell", 80, "the image runs PowerShell", "イメージが PowerShell を実行"},
        {"\\\\127.0.0.1\\", 80, "the image is on a loopback share (\\\\127.0.0.1\\...)", "イメージがループバック共有上にある"},
        {"\\\\localhost\\", 80, "the image is on a loopback share", "イメージがループバック共有上にある"},
        {"mshta", 75, "the image runs mshta", "イメージが mshta を実行"},
        {"rundll32", 70, "the image runs rundll32", "イメージが rundll32 を実行"},
        {"regsvr32", 70, "the image runs regsvr32", "イメージが regsvr32 を実行"},
        {"\\ADMIN$\\", 75, "the image is on ADMIN$", "イメージが ADMIN$ 上にある"},
        {"\\Temp\\", 55, "the image is in a Temp folder", "イメージが Temp フォルダにある"},
        {"\\AppData\\", 55, "the image is in a user's AppData", "イメージがユーザの AppData にある"},
        {"\\Users\\Public\\", 55, "the image is in Users\\Public", "イメージが Users\\Public にある"},
        {"\\ProgramData\\", 45, "the image is in ProgramData", "イメージが ProgramData にある"},
    };
    int best = 0;
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (marks[i].score > best && win_contains(path, marks[i].needle)) {
            best = marks[i].score;
            *why_en = marks[i].en;
            *why_ja = marks[i].ja;
        }
    sv base = win_basename(sv_trim(path));
    if (best < 70 && (sv_case_eq(base, SV("cmd.exe")) || sv_case_eq(base, SV("powershell.exe")))) {
        best = 70;
        *why_en = "the image is a bare shell";
        *why_ja = "イメージがシェルそのもの";
    }
    if (best < 55 && path.n && sv_find_char(path, '\\') < 0) {
        best = 55;
        *why_en = "the image has no folder";
        *why_ja = "イメージにフォルダの指定がない";
    }
    return best;
}

static sv service_of_registry(sv key) {
    /* HKLM\System\CurrentControlSet\Services\NAME\ImagePath */
    if (!sv_case_ends_with(key, SV("\\ImagePath"))) return SV_NULL;
    sv rest = sv_sub(key, 0, key.n - 10);
    ptrdiff_t at = sv_rfind_char(rest, '\\');
    if (at < 0) return SV_NULL;
    sv parent = sv_sub(rest, 0, (size_t)at);
    if (!sv_case_ends_with(parent, SV("\\Services"))) return SV_NULL;
    return sv_sub(rest, (size_t)at + 1, rest.n);
}

static uint32_t lower_id(win_ctx *c, sv s) { return win_account_key(c, s); }

static void note(sv_state *s, win_ctx *c, const win_rec *r, sv name, sv path, int score, unsigned flag) {
    uint32_t key2 = lower_id(c, name);
    if (key2 == WIN_NONE) return;
    win_group *g = win_groups_get(&s->groups, r->host, key2);
    win_group_add(g, r, score);
    g->flags |= flag;
    int64_t t = r->ev->time_ms;
    if (g->note == WIN_NONE) g->note = win_name(c, name);
    if (path.n && (g->note2 == WIN_NONE || score >= g->score)) g->note2 = win_name(c, path);
    win_group_host(&s->groups, g, r->host, t);
    const win_fields *f = r->f;
    if (f->subject_user.n && !win_is_system_account(f->subject_user, f->subject_domain))
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    const win_netlogon *n = win_recent_before(c->recent, r->host, t, c->set->correlate_ms);
    if (n) {
        win_group_source(&s->groups, g, n->source, n->ms);
        win_group_account(&s->groups, g, n->account, n->ms);
        /* "PC01\Administrator" on PC01: a local account, used from another machine */
        sv acc = win_name_str(c, n->account);
        size_t hl = strlen(f->host);
        if (hl && acc.n > hl && acc.p[hl] == '\\' && !memcmp(acc.p, f->host, hl)) g->flags |= SV_LOCAL_ACCOUNT;
    }
}

static void sv_event(void *state, win_ctx *c, const win_rec *r) {
    sv_state *s = state;
    const win_fields *f = r->f;
    if (r->host == WIN_NONE) return;
    const char *en = NULL, *ja = NULL;
    if ((f->channel == WCH_SYSTEM && f->id == 7045) || (f->channel == WCH_SECURITY && f->id == 4697)) {
        int score = path_score(f->service_path, &en, &ja);
        unsigned flags = SV_INSTALL;
        if (tool_name(f->service_name) || tool_name(win_basename(f->service_path))) {
            score = score > 55 ? score : 55; /* PsExec: administrators' tool as much as intruders' */
            flags |= SV_TOOL;
        }
        if (score < 50 && win_is_random_name(f->service_name)) score = 50;
        if (score < 25) score = 25;
        note(s, c, r, f->service_name, f->service_path, score, flags);
    } else if (f->channel == WCH_SYSMON && f->id == 13) {
        sv name = service_of_registry(f->object_name);
        if (!name.n) return;
        int score = path_score(f->details, &en, &ja);
        unsigned flags = SV_INSTALL;
        if (tool_name(name)) {
            score = score > 55 ? score : 55;
            flags |= SV_TOOL;
        }
        if (score < 50) return; /* ordinary service updates write ImagePath too */
        note(s, c, r, name, f->details, score, flags);
    } else if ((f->channel == WCH_SYSMON && (f->id == 17 || f->id == 18) && tool_name(f->pipe)) ||
               (f->channel == WCH_SECURITY && f->id == 5145 && sv_case_ends_with(f->share, SV("IPC$")) &&
                tool_name(f->relative_target))) {
        sv pipe = f->id == 5145 ? f->relative_target : f->pipe;
        while (pipe.n && pipe.p[0] == '\\') pipe = sv_sub(pipe, 1, pipe.n);
        ptrdiff_t dash = sv_find_char(pipe, '-'); /* PSEXESVC-HOST-1234-stdin: one pipe family */
        if (dash > 0) pipe = sv_sub(pipe, 0, (size_t)dash);
        note(s, c, r, pipe, SV_NULL, 55, SV_PIPE | SV_TOOL);
        if (f->id == 5145) {
            uint32_t src = win_logon_source(c, f);
            win_group *g = win_groups_get(&s->groups, r->host, lower_id(c, pipe));
            win_group_source(&s->groups, g, src, r->ev->time_ms);
        }
    } else if (f->channel == WCH_SYSMON && f->id == 3 && !f->initiated &&
               (sv_eq(f->dest_port, SV("445")) || sv_eq(f->src_port, SV("445")))) {
        /* an accepted connection: Sysmon may write either side first; the remote is the side not on 445 */
        uint32_t src = win_host_id(c, sv_eq(f->src_port, SV("445")) ? f->dest_ip : f->ip);
        if (src != WIN_NONE && src != r->host && s->smb.len < 100000)
            *(sv_smb *)vec_push(&s->smb) = (sv_smb){r->host, src, r->ev->time_ms};
    } else if (win_is_process_creation(f) && sv_case_eq(win_basename(f->parent), SV("services.exe"))) {
        sv img = win_basename(f->process);
        if (!sv_case_eq(img, SV("cmd.exe")) && !sv_case_eq(img, SV("powershell.exe"))) return;
        int score = path_score(f->command_line, &en, &ja);
        if (score < 70) score = 70;
        note(s, c, r, SV("services.exe"), f->command_line, score, SV_CHILD);
    }
}

/* The routine key of a group: its first source and account, and the service name. */
static uint64_t routine_key(const win_group *g) {
    uint32_t src = g->sources.len ? VEC_AT(&g->sources, win_seen, 0).id : WIN_NONE;
    uint32_t acc = g->accounts.len ? VEC_AT(&g->accounts, win_seen, 0).id : WIN_NONE;
    return ((uint64_t)src * 0x9e3779b97f4a7c15ull) ^ ((uint64_t)acc << 20) ^ g->key2;
}

static void sv_finish(void *state, win_ctx *c, finding_list *out) {
    sv_state *s = state;
    /* days on which each (source, account, service) installed: a helpdesk running PsExec
     * on a terminal or two a week is routine, an intruder's spread is a burst */
    win_days days;
    win_days_init(&days);
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        for (size_t k = 0; k < s->smb.len; k++) { /* inbound SMB around the time (Sysmon logs it late) */
            const sv_smb *m = &VEC_AT(&s->smb, sv_smb, k);
            if (m->host == g->key && m->ms >= g->first_ms - c->set->correlate_ms && m->ms <= g->last_ms + c->set->correlate_ms)
                win_group_source(&s->groups, g, m->source, m->ms);
        }
        if (g->sources.len && (g->flags & SV_INSTALL)) win_days_note(&days, routine_key(g), g->first_ms);
    }
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv name = win_name_str(c, g->note), path = win_name_str(c, g->note2), host = win_host_display(c, g->key);
        const char *en = NULL, *ja = NULL;
        path_score(path, &en, &ja);
        int score = g->score;
        /* from another host: says more of a shell command than of PsExec, which is always remote */
        if (g->sources.len && !(g->flags & SV_TOOL)) score += 10;
        if (g->flags & SV_LOCAL_ACCOUNT) score += 15; /* seed 004: the shared local administrator */
        if (score > 95) score = 95;
        uint32_t nd = g->sources.len && (g->flags & SV_INSTALL) ? win_days_count(&days, routine_key(g)) : 0;
        bool routine = nd >= SV_ROUTINE_DAYS && !(g->flags & SV_LOCAL_ACCOUNT);
        if (routine && score > 40) score = 40;
        finding *f;
        if (g->flags & SV_CHILD) {
            f = win_finding(out, "service", "Shell started by the service manager", "サービスマネージャが起動したシェル", score,
                            KC_LATERAL_MOVEMENT, "T1569.002", (const char *)NULL);
            finding_fact(out, f, "services.exe on %.*s started: %.*s", "%.*s の services.exe が起動: %.*s", (int)host.n,
                         host.p, (int)(path.n > 200 ? 200 : path.n), path.p);
        } else if ((g->flags & SV_PIPE) && !(g->flags & SV_INSTALL)) {
            f = win_finding(out, "service", "Named pipe of a remote execution tool", "リモート実行ツールの名前付きパイプ", score,
                            KC_LATERAL_MOVEMENT, "T1569.002", "T1021.002", (const char *)NULL);
            finding_fact(out, f, "pipe \\%.*s on %.*s (PsExec and its clones use it to run commands)",
                         "パイプ \\%.*s (%.*s 上。PsExec 系ツールがコマンド実行に使う)", (int)name.n, name.p, (int)host.n,
                         host.p);
        } else {
            f = win_finding(out, "service", score >= 65 ? "Suspicious service installed" : "Service installed",
                            score >= 65 ? "不審なサービスのインストール" : "サービスのインストール", score, KC_LATERAL_MOVEMENT,
                            "T1569.002", "T1543.003", (const char *)NULL);
            finding_fact(out, f, "service %.*s installed on %.*s: %.*s", "サービス %.*s を %.*s にインストール: %.*s",
                         (int)name.n, name.p, (int)host.n, host.p, (int)(path.n > 200 ? 200 : path.n), path.p);
            if (tool_name(name) || tool_name(win_basename(path)))
                finding_fact(out, f, "the name is a remote execution tool's (PsExec and its clones)",
                             "リモート実行ツール (PsExec 系) の名前");
            if (win_is_random_name(name)) finding_fact(out, f, "the name looks random", "名前がランダムに見える");
            if (g->flags & SV_PIPE)
                finding_fact(out, f, "its named pipe was used too", "同じツールの名前付きパイプも使われた");
        }
        if (en) win_fact_text(out, f, en, ja);
        if (g->sources.len) {
            finding_attack(f, "T1021.002");
            finding_fact(out, f, "a network logon or SMB connection from another host came just before",
                         "直前に他の端末からのネットワークログオンまたは SMB 接続があった");
        }
        if (g->flags & SV_LOCAL_ACCOUNT)
            win_fact_text(out, f, "installed through a network logon of the host's own local account",
                          "その端末自身のローカルアカウントによるネットワークログオンで導入された");
        if (routine)
            finding_fact(out, f, "routine: the same source and account installed it on %u different days (remote administration)",
                         "定常的: 同じ接続元とアカウントが %u 日にわたり導入している (リモート管理)", nd);
        win_finding_group(out, f, c, g);
    }
    win_days_free(&days);
}

static void sv_close(void *state) {
    sv_state *s = state;
    win_groups_free(&s->groups);
    vec_free(&s->smb);
    free(s);
}

const windetector windet_service = {
    "service", "services installed to run commands (PsExec and its clones, Metasploit psexec); their named pipes",
    "コマンド実行のためのサービスのインストール (PsExec 系、Metasploit psexec) と名前付きパイプ", sv_open, sv_event,
    sv_finish, sv_close};
