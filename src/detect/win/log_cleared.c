/* log_cleared.c - event logs cleared: an intruder removing its traces.
 *
 * Reads Security 1102 (the audit log was cleared; UserData names who) and
 * System 104 (a log was cleared; which one). High: administrators rarely
 * clear logs, and a cleared log is a gap every other detector falls into. */
#include "detect/win/windetector.h"

#include <stdlib.h>
#include <string.h>

typedef struct lc_state {
    win_groups groups;             /* key: host; key2: 0 Security 1102, 1 System 104 */
} lc_state;

static void *lc_open(win_ctx *c) {
    lc_state *s = calloc(1, sizeof *s);
    win_groups_init(&s->groups);
    return s;
}

static void lc_event(void *state, win_ctx *c, const win_rec *r) {
    lc_state *s = state;
    const win_fields *f = r->f;
    uint32_t kind;
    if (f->id == 1102 && (f->channel == WCH_SECURITY || win_contains(r->w->provider, "Eventlog"))) kind = 0;
    else if (f->id == 104 && (f->channel == WCH_SYSTEM || win_contains(r->w->provider, "Eventlog")) &&
             (win_contains(r->w->provider, "Eventlog") || !r->w->provider.n))
        kind = 1;
    else return;
    if (r->host == WIN_NONE) return;
    win_group *g = win_groups_get(&s->groups, r->host, kind);
    win_group_add(g, r, 80);
    int64_t t = r->ev->time_ms;
    win_group_host(&s->groups, g, r->host, t);
    sv user = f->subject_user.n ? f->subject_user : win_value(r->w, "SubjectUserName");
    sv domain = f->subject_domain.n ? f->subject_domain : win_value(r->w, "SubjectDomainName");
    if (user.n) win_group_account(&s->groups, g, win_account(c, domain, user), t);
    sv channel = win_value(r->w, "Channel");
    if (kind == 1 && channel.n && g->note == WIN_NONE) g->note = win_name(c, channel);
}

static void lc_finish(void *state, win_ctx *c, finding_list *out) {
    lc_state *s = state;
    for (size_t i = 0; i < win_groups_count(&s->groups); i++) {
        win_group *g = win_groups_at(&s->groups, i);
        sv host = win_host_display(c, g->key), log = g->key2 ? win_name_str(c, g->note) : SV("Security");
        if (!log.n) log = SV("an event log");
        finding *f = win_finding(out, "log-clear", "Event log cleared", "イベントログの消去", g->score,
                                 KC_ACTIONS_ON_OBJECTIVES, "T1070.001", (const char *)NULL);
        finding_fact(out, f, "the %.*s log of %.*s was cleared (%u time(s), event %d)",
                     "%.*s ログ (%.*s) が消去された (%u 回、イベント %d)", (int)log.n, log.p, (int)host.n, host.p, g->count,
                     g->key2 ? 104 : 1102);
        win_finding_group(out, f, c, g);
    }
}

static void lc_close(void *state) {
    lc_state *s = state;
    win_groups_free(&s->groups);
    free(s);
}

const windetector windet_log_clear = {"log-clear", "event logs cleared (Security 1102, System 104)",
                                      "イベントログの消去 (Security 1102、System 104)", lc_open, lc_event, lc_finish,
                                      lc_close};
