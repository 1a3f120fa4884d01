/* remote_task.c - scheduled tasks made from another host (schtasks /s, at
 * \\host, the Task Scheduler RPC interface), and tasks that run shells.
 *
 * Reads Security 4698/4702 (task created/updated: its name, content and the
 * creator's logon id), TaskScheduler 106 (registered), 200/201 (action
 * started/completed), and process creations of schtasks.exe or at.exe naming
 * another host. A task is remote when its creator's logon id is a network
 * logon (4624 type 3) on that host, or when 106 follows a network logon to
 * the host within `correlate`: high. A local task is reported (medium) only
 * when its action runs a shell or lives in a user-writable folder. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

enum { RT_REMOTE = 1, RT_COMMAND = 2, RT_RAN = 4, RT_LOGON = 8 };

typedef struct rt_state {
    win_groups groups;             /* key: host; key2: task name (lower case) */
} rt_state;

static void *rt_open(win_ctx *c) {
    rt_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

static bool suspicious_action(sv content) {
    static const char *const marks[] = {"cmd.exe", "cmd /c", "powershell", "%COMSPEC%", "mshta", "rundll32",
                                        "regsvr32", "\\AppData\\", "\\Temp\\", "\\Users\\Public\\", "certutil",
                                        "wscript", "cscript", "bitsadmin"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (win_contains(content, marks[i])) return true;
    return false;
}

/* "/s HOST" or "/S HOST" of schtasks, "\\HOST" of at: the host into out. */
static bool remote_of_command(sv cmd, char *out) {
    sv tok, rest = cmd;
    bool next = false;
    while (sv_next_token(&rest, &tok)) {
        if (next) {
            win_host_norm(tok, out);
            return out[0] != 0;
        }
        if (sv_case_eq(tok, SV("/s")) || sv_case_eq(tok, SV("-s"))) next = true;
        else if (tok.n > 2 && tok.p[0] == '\\' && tok.p[1] == '\\') {
            win_host_norm(tok, out);
            return out[0] != 0;
        }
    }
    return false;
}

/* The /tn NAME of a schtasks command line (quoted or not), else the line. */
static sv task_of_command(sv cmd) {
    sv rest = cmd, tok;
    bool was_quoted, next = false;
    while (sv_next_quoted_token(&rest, &tok, &was_quoted)) {
        if (next) return tok;
        if (sv_case_eq(tok, SV("/tn")) || sv_case_eq(tok, SV("-tn"))) next = true;
    }
    return cmd;
}

static win_group *task_group(rt_state *s, win_ctx *c, uint32_t host, sv name) {
    uint32_t key2 = win_account_key(c, name.n ? name : SV("(unnamed)"));
    win_group *g = win_groups_get(&s->groups, host, key2);
    if (g->note == WIN_NONE) g->note = win_name(c, name);
    return g;
}

static void rt_event(void *state, win_ctx *c, const win_rec *r) {
    rt_state *s = state;
    const win_fields *f = r->f;
    if (r->host == WIN_NONE) return;
    int64_t t = r->ev->time_ms;
    const win_netlogon *n = NULL;
    bool created = false;
    if (f->channel == WCH_SECURITY && (f->id == 4698 || f->id == 4702)) {
        n = win_recent_session(c->recent, r->host, f->subject_logon_id);
        created = true;
    } else if (f->channel == WCH_TASKSCHEDULER && f->id == 106) {
        n = win_recent_before(c->recent, r->host, t, c->set->correlate_ms);
        created = true;
    } else if (f->channel == WCH_TASKSCHEDULER && (f->id == 200 || f->id == 201)) {
        uint32_t key2 = win_account_key(c, f->task_name);
        uint32_t *known = key2 == WIN_NONE ? NULL : u64map_get(&s->groups.index, u64_pair(r->host, key2));
        if (known) {
            win_group *g = win_groups_at(&s->groups, *known - 1);
            g->flags |= RT_RAN;
            win_group_add(g, r, 0);
        }
        return;
    } else if (win_is_process_creation(f)) {
        sv img = win_basename(f->process);
        char host[WIN_HOST_MAX];
        if (!(sv_case_eq(img, SV("schtasks.exe")) && win_contains(f->command_line, "/create")) &&
            !sv_case_eq(img, SV("at.exe")))
            return;
        if (!remote_of_command(f->command_line, host) || !strcmp(host, f->host)) return;
        uint32_t dst = win_name(c, sv_cstr(host));
        win_group *g = task_group(s, c, dst, task_of_command(f->command_line));
        win_group_add(g, r, 70);
        g->flags |= RT_REMOTE | RT_COMMAND;
        if (g->note2 == WIN_NONE || !(g->flags & RT_LOGON)) g->note2 = win_name(c, f->command_line);
        g->flags |= RT_COMMAND;
        win_group_host(&s->groups, g, dst, t);
        win_group_source(&s->groups, g, r->host, t);
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
        return;
    }
    if (!created) return;
    bool bad = suspicious_action(f->task_content);
    if (!n && !bad) return;
    win_group *g = task_group(s, c, r->host, f->task_name);
    win_group_add(g, r, n ? 70 : 45);
    if (n) g->flags |= RT_REMOTE | RT_LOGON;
    if (bad && g->note2 == WIN_NONE) {
        /* the <Command> of the task's XML, else its start */
        sv cmd = f->task_content;
        ptrdiff_t at = sv_find(cmd, SV("<Command>"));
        if (at >= 0) {
            cmd = sv_sub(cmd, (size_t)at + 9, cmd.n);
            ptrdiff_t end = sv_find(cmd, SV("</Command>"));
            if (end >= 0) cmd = sv_sub(cmd, 0, (size_t)end);
        }
        g->note2 = win_name(c, sv_sub(cmd, 0, cmd.n > 200 ? 200 : cmd.n));
    }
    win_group_host(&s->groups, g, r->host, t);
    if (!win_is_system_account(f->subject_user, f->subject_domain))
        win_group_account(&s->groups, g, win_account(c, f->subject_domain, f->subject_user), t);
    if (n) {
        win_group_source(&s->groups, g, n->source, n->ms);
        win_group_account(&s->groups, g, n->account, n->ms);
        if (g->nrefs < WIN_GROUP_REFS) g->refs[g->nrefs++] = n->ref;
        if (n->ms < g->first_ms) g->first_ms = n->ms;
    }
}

static void rt_finish(void *state, win_ctx *c, finding_list *out) {
    rt_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        if (!g->score) continue; /* only 200/201 seen */
        sv name = win_name_str(c, g->note), cmd = win_name_str(c, g->note2), host = win_host_display(c, g->key);
        bool remote = g->flags & RT_REMOTE;
        int score = g->score + ((g->flags & RT_LOGON) && (g->flags & RT_COMMAND) ? 10 : 0) +
                    ((g->flags & RT_LOGON) && cmd.n && !(g->flags & RT_COMMAND) ? 10 : 0);
        finding *f = win_finding(out, "remote-task",
                                 remote ? "Scheduled task created from another host" : "Scheduled task runs a shell",
                                 remote ? "他の端末からのタスク登録" : "シェルを実行するタスクの登録", score,
                                 KC_LATERAL_MOVEMENT, "T1053.005", (const char *)NULL);
        finding_fact(out, f, "task %.*s on %.*s", "タスク %.*s (%.*s)", (int)name.n, name.p, (int)host.n, host.p);
        for (size_t k = 0; k < g->sources.len && remote; k++) {
            sv src = win_host_display(c, VEC_AT(&g->sources, win_seen, k).id);
            finding_fact(out, f, "made from %.*s", "作成元 %.*s", (int)src.n, src.p);
            if (k == 2) break;
        }
        if (g->flags & RT_COMMAND)
            win_fact_text(out, f, "by schtasks /create /s (or at \\\\host) on the source", "接続元での schtasks /create /s (または at \\\\host) による");
        if (g->flags & RT_LOGON)
            win_fact_text(out, f, "by the account of a network logon (type 3) to the host", "ホストへのネットワークログオン (タイプ 3) のアカウントによる");
        if (cmd.n) finding_fact(out, f, "command: %.*s", "コマンド: %.*s", (int)cmd.n, cmd.p);
        if (g->flags & RT_RAN) win_fact_text(out, f, "the task ran (TaskScheduler 200/201)", "タスクは実行された (TaskScheduler 200/201)");
        win_finding_group(out, f, c, g);
    }
}

static void rt_close(void *state) {
    rt_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_remote_task = {
    "remote-task", "scheduled tasks created from another host, or running shells",
    "他の端末からのタスク登録、シェルを実行するタスク", rt_open, rt_event, rt_finish, rt_close};
