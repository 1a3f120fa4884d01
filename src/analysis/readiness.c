/* readiness.c - the readiness model: per computer and channel, what the logs
 * hold (times, counts, record ids, event ids, clearings); see readiness.h.
 * The checks over it are in readiness_checks.c. */
#include "analysis/readiness.h"
#include "core/mtime.h"
#include "core/utf8.h"

#include <string.h>

static const struct {
    const char *name;
    rd_chan_kind kind;
} known_channels[] = {
    {"Security", RD_CH_SECURITY},
    {"System", RD_CH_SYSTEM},
    {"Microsoft-Windows-Sysmon/Operational", RD_CH_SYSMON},
    {"Microsoft-Windows-PowerShell/Operational", RD_CH_POWERSHELL},
    {"Windows PowerShell", RD_CH_POWERSHELL_OLD},
    {"Microsoft-Windows-TaskScheduler/Operational", RD_CH_TASKSCHEDULER},
    {"Microsoft-Windows-WinRM/Operational", RD_CH_WINRM},
    {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational", RD_CH_RDP_LSM},
    {"Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", RD_CH_RDP_RCM},
};

static const char *const kind_names[RD_CH_COUNT] = {
    [RD_CH_OTHER] = "other",           [RD_CH_SECURITY] = "security",  [RD_CH_SYSTEM] = "system",
    [RD_CH_SYSMON] = "sysmon",         [RD_CH_POWERSHELL] = "powershell",
    [RD_CH_POWERSHELL_OLD] = "windows-powershell",
    [RD_CH_TASKSCHEDULER] = "taskscheduler", [RD_CH_WINRM] = "winrm",
    [RD_CH_RDP_LSM] = "rdp-localsessionmanager", [RD_CH_RDP_RCM] = "rdp-remoteconnectionmanager",
};

const char *rd_chan_kind_name(rd_chan_kind k) { return k < RD_CH_COUNT ? kind_names[k] : "other"; }

static rd_chan_kind kind_of(sv channel) {
    for (size_t i = 0; i < sizeof known_channels / sizeof known_channels[0]; i++)
        if (sv_case_eq(channel, sv_cstr(known_channels[i].name))) return known_channels[i].kind;
    return RD_CH_OTHER;
}

void readiness_init(readiness *r) {
    memset(r, 0, sizeof *r);
    vec_init(&r->computers, sizeof(rd_computer));
    vec_init(&r->gaps, sizeof(rd_gap));
    vec_init(&r->verdicts, sizeof(rd_verdicts));
    hmap_init(&r->by_key);
    arena_init(&r->mem, 16 * 1024);
}

/* A bounded, NUL-free copy of a name from a log (NUL bytes become '?'; the
 * output layers escape everything else). */
static char *copy_name(readiness *r, sv s) {
    size_t n = utf8_truncate(s.p, s.n, RD_NAME_MAX);
    char *out = arena_strndup(&r->mem, s.p ? s.p : "", n);
    for (size_t i = 0; i < n; i++)
        if (!out[i]) out[i] = '?';
    return out;
}

static bool is_ipv4(sv s) {
    if (!s.n) return false;
    for (size_t i = 0; i < s.n; i++)
        if (!(s.p[i] == '.' || (s.p[i] >= '0' && s.p[i] <= '9'))) return false;
    return true;
}

/* Copies at most RD_NAME_MAX bytes of s (never cutting a UTF-8 sequence),
 * lower-casing ASCII and turning NUL into '?'; returns the length. */
static size_t lower_name(sv s, char *out) {
    size_t n = utf8_truncate(s.p, s.n, RD_NAME_MAX);
    for (size_t i = 0; i < n; i++) {
        char c = s.p[i];
        out[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c == 0 ? '?' : c;
    }
    out[n] = 0;
    return n;
}

size_t rd_computer_key(sv name, char *out) {
    sv t = sv_trim(name);
    if (!is_ipv4(t)) {
        ptrdiff_t dot = sv_find_char(t, '.');
        if (dot > 0) t = sv_sub(t, 0, (size_t)dot);
    }
    return lower_name(t, out);
}

/* Notes another spelling of the computer's name; the longest becomes its name. */
static void add_spelling(readiness *r, rd_computer *c, sv name) {
    char low[RD_NAME_MAX + 1];
    lower_name(sv_trim(name), low);
    if (!strcmp(low, c->name)) return;
    int free_slot = -1;
    for (int i = 0; i < RD_MAX_ALIASES; i++) {
        if (!c->aliases[i]) {
            free_slot = i;
            break;
        }
        if (!strcmp(low, c->aliases[i])) return;
    }
    if (free_slot < 0) return; /* enough spellings kept */
    char *copy = arena_strdup(&r->mem, low);
    if (strlen(copy) > strlen(c->name)) { /* the FQDN is the better name */
        c->aliases[free_slot] = c->name;
        c->name = copy;
    } else {
        c->aliases[free_slot] = copy;
    }
}

/* The computer of that name, added when new; NULL beyond RD_MAX_COMPUTERS. */
static rd_computer *computer_for(readiness *r, sv name) {
    char key[RD_NAME_MAX + 1];
    size_t n = rd_computer_key(name, key);
    hmap_slot *s = hmap_get(&r->by_key, sv_make(key, n));
    if (s) {
        rd_computer *c = rd_at(r, s->val.u64 - 1);
        add_spelling(r, c, name);
        return c;
    }
    if (r->computers.len >= RD_MAX_COMPUTERS) return NULL;
    s = hmap_put(&r->by_key, sv_make(key, n), NULL);
    s->val.u64 = r->computers.len + 1;
    rd_computer *c = vec_push(&r->computers);
    char low[RD_NAME_MAX + 1];
    lower_name(sv_trim(name), low);
    c->key = arena_strndup(&r->mem, key, n);
    c->name = arena_strdup(&r->mem, low);
    vec_init(&c->channels, sizeof(rd_channel));
    vec_init(&c->clears, sizeof(rd_clear));
    return c;
}

static rd_channel *channel_for(readiness *r, rd_computer *c, sv name) {
    for (size_t i = c->channels.len; i-- > 0;) {
        rd_channel *ch = &VEC_AT(&c->channels, rd_channel, i);
        if (sv_case_eq(sv_cstr(ch->name), name)) return ch;
    }
    rd_chan_kind kind = kind_of(name);
    if (kind == RD_CH_OTHER && c->channels.len >= RD_MAX_CHANNELS) return NULL;
    rd_channel *ch = vec_push(&c->channels);
    ch->name = copy_name(r, name);
    ch->kind = kind;
    ch->first_ms = ch->last_ms = MTIME_NONE;
    ch->first_record_id = ch->last_record_id = -1;
    vec_init(&ch->ids, sizeof(rd_id_count));
    u64map_init(&ch->id_index);
    return ch;
}

static void count_id(rd_channel *ch, int32_t id) {
    uint64_t key = (uint32_t)id;
    uint32_t *ix = u64map_get(&ch->id_index, key);
    if (!ix) {
        if (ch->ids.len >= RD_MAX_IDS) {
            ch->ids_dropped++;
            return;
        }
        ix = u64map_put(&ch->id_index, key, (uint32_t)ch->ids.len, NULL);
        rd_id_count *ic = vec_push(&ch->ids);
        ic->id = id;
    }
    VEC_AT(&ch->ids, rd_id_count, *ix).count++;
}

/* DOMAIN\user of a clearing event, "" when not logged. */
static char *clearing_user(readiness *r, const win_event *w) {
    sv user = win_data_get(w, "SubjectUserName"), dom = win_data_get(w, "SubjectDomainName");
    char tmp[2 * RD_NAME_MAX + 2];
    size_t un = utf8_truncate(user.p, user.n, RD_NAME_MAX), dn = utf8_truncate(dom.p, dom.n, RD_NAME_MAX);
    size_t n = 0;
    if (dn && un) {
        memcpy(tmp, dom.p, dn);
        tmp[dn] = '\\';
        n = dn + 1;
    }
    if (un) memcpy(tmp + n, user.p, un);
    n += un;
    return copy_name(r, sv_make(tmp, n));
}

static bool eventlog_provider(sv provider) {
    return !provider.n || sv_case_eq(provider, SV("Microsoft-Windows-Eventlog")) ||
           sv_case_eq(provider, SV("Eventlog"));
}

static void note_clearing(readiness *r, rd_computer *c, const rd_channel *ch, const event *ev) {
    const win_event *w = &ev->u.win;
    bool security_clear = ch->kind == RD_CH_SECURITY && w->event_id == 1102;
    bool other_clear = ch->kind == RD_CH_SYSTEM && w->event_id == 104;
    if (!(security_clear || other_clear) || !eventlog_provider(w->provider)) return;
    c->clears_total++;
    if (c->clears.len >= RD_MAX_CLEARS) return;
    rd_clear *cl = vec_push(&c->clears);
    cl->time_ms = ev->time_ms;
    cl->event_id = w->event_id;
    sv log = security_clear ? SV("Security") : win_data_get(w, "Channel");
    cl->log = copy_name(r, log.n ? log : SV("?"));
    cl->user = clearing_user(r, w);
}

void readiness_add(readiness *r, const event *ev) {
    if (ev->kind != EV_WIN) return;
    const win_event *w = &ev->u.win;
    r->records++;
    rd_computer *c;
    if (r->last_index && sv_eq(w->computer, sv_make(r->last_name, r->last_name_len))) {
        c = rd_at(r, r->last_index - 1); /* a log holds one computer's records in a row */
    } else {
        c = computer_for(r, w->computer);
        if (c && w->computer.n <= RD_NAME_MAX) {
            memcpy(r->last_name, w->computer.p ? w->computer.p : "", w->computer.n);
            r->last_name_len = w->computer.n;
            r->last_index = (size_t)(c - rd_at(r, 0)) + 1;
        }
    }
    if (!c) {
        r->dropped++;
        return;
    }
    c->records++;
    rd_channel *ch = channel_for(r, c, w->channel);
    if (!ch) {
        c->dropped++;
        return;
    }
    ch->records++;
    if (ev->time_ms != MTIME_NONE) {
        if (ch->first_ms == MTIME_NONE || ev->time_ms < ch->first_ms) ch->first_ms = ev->time_ms;
        if (ch->last_ms == MTIME_NONE || ev->time_ms > ch->last_ms) ch->last_ms = ev->time_ms;
    }
    if (w->record_id >= 0) {
        ch->with_record_id++;
        if (ch->first_record_id < 0 || w->record_id < ch->first_record_id) ch->first_record_id = w->record_id;
        if (w->record_id > ch->last_record_id) ch->last_record_id = w->record_id;
    }
    count_id(ch, w->event_id);
    if (ch->kind == RD_CH_SECURITY && w->event_id == 4688 && sv_trim(win_data_get(w, "CommandLine")).n)
        c->cmdline_4688++;
    note_clearing(r, c, ch, ev);
}

void readiness_declare_dc(readiness *r, sv name) {
    rd_computer *c = computer_for(r, name);
    if (c) c->declared_dc = true;
}

const rd_channel *rd_channel_of(const rd_computer *c, rd_chan_kind kind) {
    for (size_t i = 0; i < c->channels.len; i++)
        if (VEC_AT(&c->channels, rd_channel, i).kind == kind) return &VEC_AT(&c->channels, rd_channel, i);
    return NULL;
}

uint64_t rd_id_count_of(const rd_channel *ch, int32_t id) {
    if (!ch) return 0;
    uint32_t *ix = u64map_get(&ch->id_index, (uint32_t)id);
    return ix ? VEC_AT(&ch->ids, rd_id_count, *ix).count : 0;
}

uint64_t rd_events(const rd_computer *c, rd_chan_kind kind, int32_t id) {
    uint64_t n = 0;
    for (size_t i = 0; i < c->channels.len; i++) {
        const rd_channel *ch = &VEC_AT(&c->channels, rd_channel, i);
        if (ch->kind == kind) n += rd_id_count_of(ch, id);
    }
    return n;
}

void readiness_free(readiness *r) {
    for (size_t i = 0; i < r->computers.len; i++) {
        rd_computer *c = rd_at(r, i);
        for (size_t k = 0; k < c->channels.len; k++) {
            rd_channel *ch = &VEC_AT(&c->channels, rd_channel, k);
            vec_free(&ch->ids);
            u64map_free(&ch->id_index);
        }
        vec_free(&c->channels);
        vec_free(&c->clears);
    }
    vec_free(&r->computers);
    vec_free(&r->gaps);
    vec_free(&r->verdicts);
    hmap_free(&r->by_key);
    arena_free(&r->mem);
}
