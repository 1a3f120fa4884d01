/* winsupport.c - names, groups and finding helpers shared by the Windows
 * detectors; see windetector.h. */
#include "detect/win/windetector.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIN_NAME_MAX 512

/* ---- names ---------------------------------------------------------------- */

uint32_t win_name(win_ctx *c, sv s) {
    if (!s.n) return WIN_NONE;
    if (s.n > WIN_NAME_MAX) s.n = WIN_NAME_MAX;
    uint32_t id = intern_put(&c->names, s, NULL);
    return id == INTERN_NONE ? WIN_NONE : id;
}

sv win_name_str(const win_ctx *c, uint32_t id) {
    return id == WIN_NONE || id >= intern_count(&c->names) ? SV_NULL : intern_str(&c->names, id);
}

uint32_t win_account(win_ctx *c, sv domain, sv user) {
    char tmp[300];
    size_t n = 0;
    user = sv_trim(user);
    domain = sv_trim(domain);
    if (!user.n) return WIN_NONE;
    ptrdiff_t dot = sv_find_char(domain, '.'); /* OFFSEC.LAN -> OFFSEC: one account, however it was written */
    if (dot > 0) domain = sv_sub(domain, 0, (size_t)dot);
    if (domain.n && domain.n < 128) {
        for (size_t i = 0; i < domain.n; i++) tmp[n++] = (char)toupper((unsigned char)domain.p[i]);
        tmp[n++] = '\\';
    }
    size_t u = user.n < 160 ? user.n : 160;
    memcpy(tmp + n, user.p, u);
    n += u;
    return win_name(c, sv_make(tmp, n));
}

uint32_t win_account_key(win_ctx *c, sv user) {
    char tmp[160];
    user = sv_trim(user);
    size_t n = user.n < sizeof tmp ? user.n : sizeof tmp;
    for (size_t i = 0; i < n; i++) tmp[i] = (char)tolower((unsigned char)user.p[i]);
    return win_name(c, sv_make(tmp, n));
}

sv win_host_display(win_ctx *c, uint32_t host) {
    if (host != WIN_NONE && host < c->host_display.len) {
        uint32_t d = VEC_AT(&c->host_display, uint32_t, host);
        if (d != WIN_NONE) return win_name_str(c, d);
    }
    uint32_t *name = host != WIN_NONE ? u64map_get(&c->ip_name, host) : NULL;
    if (name) { /* made once, in memory of its own: the names table must not grow here */
        bool created;
        uint32_t *slot = u64map_put(&c->shown, host, (uint32_t)c->shown_names.len + 1, &created);
        if (created) {
            sv ip = win_name_str(c, host), n = win_name_str(c, *name - 1);
            char *p = arena_printf(&c->shown_mem, "%.*s (%.*s)", (int)ip.n, ip.p, (int)n.n, n.p);
            *(sv *)vec_push(&c->shown_names) = sv_cstr(p);
        }
        return VEC_AT(&c->shown_names, sv, *slot - 1);
    }
    return win_name_str(c, host);
}

uint32_t win_host_id(win_ctx *c, sv name) {
    char h[WIN_HOST_MAX];
    win_host_norm(name, h);
    return h[0] ? win_name(c, sv_cstr(h)) : WIN_NONE;
}

/* ---- groups --------------------------------------------------------------- */

void win_groups_init(win_groups *g) {
    vec_init(&g->items, sizeof(win_group));
    u64map_init(&g->index);
    u64map_init(&g->seen);
}

void win_days_init(win_days *d) {
    u64map_init(&d->seen);
    u64map_init(&d->count);
}

void win_days_free(win_days *d) {
    u64map_free(&d->seen);
    u64map_free(&d->count);
}

void win_days_note(win_days *d, uint64_t key, int64_t ms) {
    uint64_t day = (uint64_t)(ms / 86400000);
    bool created;
    u64map_put(&d->seen, key ^ (day * 0xff51afd7ed558ccdull), 1, &created);
    if (created) (*u64map_put(&d->count, key, 0, NULL))++;
}

uint32_t win_days_count(const win_days *d, uint64_t key) {
    const uint32_t *n = u64map_get(&d->count, key);
    return n ? *n : 0;
}

void win_groups_free(win_groups *g) {
    for (size_t i = 0; i < g->items.len; i++) {
        win_group *grp = win_groups_at(g, i);
        vec_free(&grp->hosts);
        vec_free(&grp->accounts);
        vec_free(&grp->sources);
    }
    vec_free(&g->items);
    u64map_free(&g->index);
    u64map_free(&g->seen);
}

win_group *win_groups_get(win_groups *g, uint32_t key, uint32_t key2) {
    if (key == WIN_NONE && key2 == WIN_NONE) key2 = 0; /* never the map's empty key */
    bool created;
    uint32_t *slot = u64map_put(&g->index, u64_pair(key, key2), 0, &created);
    if (!created) return win_groups_at(g, *slot - 1);
    *slot = (uint32_t)g->items.len + 1;
    win_group *grp = vec_push(&g->items);
    memset(grp, 0, sizeof *grp);
    grp->key = key;
    grp->key2 = key2;
    grp->first_ms = grp->last_ms = MTIME_NONE;
    grp->note = grp->note2 = WIN_NONE;
    vec_init(&grp->hosts, sizeof(win_seen));
    vec_init(&grp->accounts, sizeof(win_seen));
    vec_init(&grp->sources, sizeof(win_seen));
    return grp;
}

void win_group_add(win_group *grp, const win_rec *r, int score) {
    int64_t t = r->ev->time_ms;
    if (grp->first_ms == MTIME_NONE || t < grp->first_ms) grp->first_ms = t;
    if (grp->last_ms == MTIME_NONE || t > grp->last_ms) grp->last_ms = t;
    if (grp->count < UINT32_MAX) grp->count++;
    if (score > grp->score) grp->score = score;
    if (grp->nrefs < WIN_GROUP_REFS) grp->refs[grp->nrefs++] = r->ref;
    else grp->refs[WIN_GROUP_REFS - 1] = r->ref;
}

static void seen_add(win_groups *g, win_group *grp, vec *v, uint32_t kind, uint32_t id, int64_t ms) {
    if (id == WIN_NONE) return;
    uint32_t gi = (uint32_t)(grp - (win_group *)g->items.data);
    bool created;
    uint32_t *slot = u64map_put(&g->seen, u64_pair(gi << 2 | kind, id), 0, &created);
    if (created) {
        *slot = (uint32_t)v->len;
        *(win_seen *)vec_push(v) = (win_seen){id, ms};
    } else {
        win_seen *s = &VEC_AT(v, win_seen, *slot);
        if (ms < s->first_ms) s->first_ms = ms;
    }
}

void win_group_host(win_groups *g, win_group *grp, uint32_t host, int64_t ms) {
    seen_add(g, grp, &grp->hosts, 0, host, ms);
}

void win_group_account(win_groups *g, win_group *grp, uint32_t account, int64_t ms) {
    seen_add(g, grp, &grp->accounts, 1, account, ms);
}

void win_group_source(win_groups *g, win_group *grp, uint32_t host, int64_t ms) {
    seen_add(g, grp, &grp->sources, 2, host, ms);
}

static int cmp_time(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

uint32_t win_group_max_window(const vec *seen, int64_t window_ms, int64_t *from, int64_t *to) {
    size_t n = seen->len;
    *from = *to = MTIME_NONE;
    if (!n) return 0;
    int64_t *t = xmalloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++) t[i] = VEC_AT(seen, win_seen, i).first_ms;
    qsort(t, n, sizeof *t, cmp_time);
    size_t best = 0, lo = 0;
    for (size_t hi = 0; hi < n; hi++) {
        while (t[hi] - t[lo] > window_ms) lo++;
        if (hi - lo + 1 > best) {
            best = hi - lo + 1;
            *from = t[lo];
            *to = t[hi];
        }
    }
    free(t);
    return (uint32_t)best;
}

/* ---- network logons ------------------------------------------------------- */

void win_recent_init(win_recent *w) {
    u64map_init(&w->last_index);
    vec_init(&w->last, sizeof(win_netlogon));
    u64map_init(&w->by_logon_id);
    w->ring = xcalloc(WIN_RECENT_RING, sizeof *w->ring);
    w->next = 0;
    w->wrapped = false;
}

void win_recent_free(win_recent *w) {
    u64map_free(&w->last_index);
    vec_free(&w->last);
    u64map_free(&w->by_logon_id);
    free(w->ring);
}

uint32_t win_logon_source(win_ctx *c, const win_fields *f) {
    if (f->ip.n && !win_is_local_address(f->ip)) return win_host_id(c, f->ip);
    if (f->workstation.n && !f->ip.n) {
        char h[WIN_HOST_MAX];
        win_host_norm(f->workstation, h);
        if (h[0] && strcmp(h, f->host)) return win_name(c, sv_cstr(h));
    }
    return WIN_NONE;
}

static uint32_t logon_id_of(sv s) {
    uint64_t v;
    return s.n && win_parse_number(s, &v) ? (uint32_t)(v ^ (v >> 32)) : 0;
}

void win_recent_note(win_recent *w, win_ctx *c, const win_rec *r) {
    const win_fields *f = r->f;
    if (f->channel != WCH_SECURITY || f->id != 4624 || f->logon_type != 3 || r->host == WIN_NONE) return;
    if (win_is_system_account(f->target_user, f->target_domain)) return;
    uint32_t src = win_logon_source(c, f);
    if (src == WIN_NONE || src == r->host) return;
    uint32_t lid = logon_id_of(f->target_logon_id);
    win_netlogon n = {.ms = r->ev->time_ms, .source = src, .account = win_account(c, f->target_domain, f->target_user),
                      .key = u64_pair(r->host, lid), .ref = r->ref};
    bool created;
    uint32_t *slot = u64map_put(&w->last_index, r->host, (uint32_t)w->last.len + 1, &created);
    if (created) vec_push(&w->last);
    VEC_AT(&w->last, win_netlogon, *slot - 1) = n;
    if (!lid) return;
    if (u64map_len(&w->by_logon_id) >= 4 * (size_t)WIN_RECENT_RING) { /* refile only what the ring still holds */
        u64map_clear(&w->by_logon_id);
        uint32_t held = w->wrapped ? WIN_RECENT_RING : w->next;
        for (uint32_t i = 0; i < held; i++) *u64map_put(&w->by_logon_id, w->ring[i].key, 0, NULL) = i + 1;
    }
    w->ring[w->next] = n;
    *u64map_put(&w->by_logon_id, n.key, 0, NULL) = w->next + 1;
    if (++w->next == WIN_RECENT_RING) {
        w->next = 0;
        w->wrapped = true;
    }
}

const win_netlogon *win_recent_before(const win_recent *w, uint32_t host, int64_t ms, int64_t within) {
    if (host == WIN_NONE) return NULL;
    uint32_t *i = u64map_get(&w->last_index, host);
    if (!i) return NULL;
    const win_netlogon *n = &VEC_AT(&w->last, win_netlogon, *i - 1);
    return n->ms <= ms + 1000 && ms - n->ms <= within ? n : NULL;
}

const win_netlogon *win_recent_session(const win_recent *w, uint32_t host, sv logon_id) {
    uint32_t lid = logon_id_of(logon_id);
    if (!lid || host == WIN_NONE) return NULL;
    uint64_t key = u64_pair(host, lid);
    uint32_t *i = u64map_get(&w->by_logon_id, key);
    return i && w->ring[*i - 1].key == key ? &w->ring[*i - 1] : NULL; /* the slot may hold a later logon now */
}

/* ---- processes ------------------------------------------------------------ */

void win_procs_init(win_procs *p) { u64map_init(&p->by_pid); }
void win_procs_free(win_procs *p) { u64map_free(&p->by_pid); }

bool win_is_process_creation(const win_fields *f) {
    return (f->channel == WCH_SECURITY && f->id == 4688) || (f->channel == WCH_SYSMON && f->id == 1);
}

static sv lower_base(sv path, char *out) {
    sv b = win_basename(path);
    size_t n = b.n < 63 ? b.n : 63;
    for (size_t i = 0; i < n; i++) out[i] = (char)tolower((unsigned char)b.p[i]);
    out[n] = 0;
    return sv_make(out, n);
}

void win_procs_note(win_procs *p, win_ctx *c, const win_rec *r) {
    const win_fields *f = r->f;
    if (!win_is_process_creation(f) || r->host == WIN_NONE || !f->process.n) return;
    uint64_t pid;
    if (!f->process_id.n || !win_parse_number(f->process_id, &pid)) return;
    char tmp[64];
    uint32_t id = win_name(c, lower_base(f->process, tmp));
    if (id == WIN_NONE) return;
    if (u64map_len(&p->by_pid) >= WIN_PROCS_MAX) u64map_clear(&p->by_pid);
    *u64map_put(&p->by_pid, u64_pair(r->host, (uint32_t)pid), 0, NULL) = id;
}

sv win_parent_name(const win_procs *p, const win_ctx *c, const win_rec *r, char *out) {
    const win_fields *f = r->f;
    if (f->parent.n) return lower_base(f->parent, out);
    uint64_t pid;
    out[0] = 0;
    if (!f->parent_process_id.n || !win_parse_number(f->parent_process_id, &pid)) return sv_make(out, 0);
    uint32_t *id = u64map_get(&p->by_pid, u64_pair(r->host, (uint32_t)pid));
    if (!id) return sv_make(out, 0);
    sv s = win_name_str(c, *id);
    size_t n = s.n < 63 ? s.n : 63;
    memcpy(out, s.p, n);
    out[n] = 0;
    return sv_make(out, n);
}

/* ---- findings ------------------------------------------------------------- */

finding *win_finding(finding_list *out, const char *detector, const char *title_en, const char *title_ja, int score,
                     kill_chain_stage stage, ...) {
    finding *f = finding_new(out, detector, title_en, title_ja);
    finding_set_score(f, score);
    f->stage = stage;
    va_list ap;
    va_start(ap, stage);
    for (const char *t; (t = va_arg(ap, const char *));) finding_attack(f, t);
    va_end(ap);
    return f;
}

void win_fact_text(finding_list *out, finding *f, const char *en, const char *ja) {
    finding_fact(out, f, "%s%.0s", "%.0s%s", en, ja);
}

void win_finding_ref(finding_list *out, finding *f, const win_ctx *c, const win_ref *ref) {
    sv comp = win_name_str(c, ref->host);
    evidence_ref e = {.src = ref->src, .line = ref->line, .offset = ref->offset, .event_id = ref->event_id,
                      .record_id = ref->record_id, .time_ms = ref->time_ms, .computer = comp.p};
    if (!e.event_id) e.event_id = -1;
    finding_ref_event(out, f, &e);
}

void win_finding_host(finding_list *out, finding *f, win_ctx *c, uint32_t host) {
    sv s = win_host_display(c, host);
    finding_host(out, f, s.p, s.n);
}

void win_finding_account(finding_list *out, finding *f, const win_ctx *c, uint32_t account) {
    sv s = win_name_str(c, account);
    finding_account(out, f, s.p, s.n);
}

const char *win_duration(int64_t ms, char *buf, size_t size) {
    int64_t s = ms / 1000;
    if (s % 86400 == 0 && s >= 86400 * 2) snprintf(buf, size, "%lldd", (long long)(s / 86400));
    else if (s % 3600 == 0 && s >= 3600) snprintf(buf, size, "%lldh", (long long)(s / 3600));
    else if (s % 60 == 0 && s >= 60) snprintf(buf, size, "%lldm", (long long)(s / 60));
    else snprintf(buf, size, "%llds", (long long)s);
    return buf;
}

void win_finding_group(finding_list *out, finding *f, win_ctx *c, const win_group *grp) {
    finding_span(f, grp->first_ms, grp->last_ms);
    for (size_t i = 0; i < grp->hosts.len; i++) win_finding_host(out, f, c, VEC_AT(&grp->hosts, win_seen, i).id);
    for (size_t i = 0; i < grp->sources.len; i++) win_finding_host(out, f, c, VEC_AT(&grp->sources, win_seen, i).id);
    for (size_t i = 0; i < grp->accounts.len; i++)
        win_finding_account(out, f, c, VEC_AT(&grp->accounts, win_seen, i).id);
    for (int i = 0; i < grp->nrefs; i++) win_finding_ref(out, f, c, &grp->refs[i]);
}

/* ---- small tests ---------------------------------------------------------- */

bool win_contains(sv s, const char *needle) {
    size_t n = strlen(needle);
    if (n > s.n) return false;
    for (size_t i = 0; i + n <= s.n; i++)
        if (sv_case_eq(sv_make(s.p + i, n), sv_make(needle, n))) return true;
    return false;
}

bool win_is_executable_name(sv name) {
    static const char *const ext[] = {".exe", ".dll", ".bat", ".cmd", ".ps1", ".vbs", ".js", ".hta", ".scr", ".sys"};
    name = sv_trim(name);
    for (size_t i = 0; i < ARRAY_LEN(ext); i++)
        if (sv_case_ends_with(name, sv_cstr(ext[i]))) return true;
    return false;
}

bool win_is_random_name(sv name) {
    name = sv_trim(name);
    if (name.n < 8 || name.n > 64) return false;
    size_t digits = 0, upper = 0, lower = 0, hex = 0, transitions = 0;
    for (size_t i = 0; i < name.n; i++) {
        unsigned char c = (unsigned char)name.p[i];
        if (!isalnum(c)) return false;
        if (isdigit(c)) digits++;
        else if (isupper(c)) upper++;
        else lower++;
        if (isxdigit(c)) hex++;
        if (i && (isupper(c) != 0) != (isupper((unsigned char)name.p[i - 1]) != 0)) transitions++;
    }
    if (hex == name.n && digits >= 2 && digits < name.n) return true; /* hex string */
    if (digits >= 2 && upper && lower) return true;                   /* mixed letters and digits */
    return upper && lower && transitions * 2 >= name.n;               /* aBcDeFgH */
}
