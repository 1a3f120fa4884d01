/* winscan.c - the Windows detectors' engine; see winscan.h. */
#include "detect/win/winscan.h"
#include "core/mtime.h"
#include "core/ipaddr.h"
#include "core/util.h"
#include "io/sources.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


bool win_scan_knows(const char *name) { return windetector_find(name) != NULL; }

bool win_scan_init(win_scan *s, const config *cfg, const char *only, bool strict, char *err, size_t errlen) {
    memset(s, 0, sizeof *s);
    if (only && strict) {
        sv item;
        for (const char *p = only; (p = sv_list_item(p, &item)) != NULL;) {
            char name[48];
            sv_to_buf(item, name, sizeof name);
            if (!windetector_find(name)) {
                snprintf(err, errlen, "unknown detector '%s'", name);
                return false;
            }
        }
    }
    s->ctx.cfg = cfg;
    s->ctx.set = &cfg->win;
    intern_init(&s->ctx.names);
    vec_init(&s->ctx.host_display, sizeof(uint32_t));
    u64map_init(&s->ctx.ip_name);
    u64map_init(&s->ctx.shown);
    vec_init(&s->ctx.shown_names, sizeof(sv));
    arena_init(&s->ctx.shown_mem, 4096);
    finding_list_init(&s->findings);
    win_recent_init(&s->recent);
    win_procs_init(&s->procs);
    s->ctx.recent = &s->recent;
    s->ctx.procs = &s->procs;
    s->first_ms = s->last_ms = MTIME_NONE;
    for (size_t i = 0; i < windetector_count() && s->ndet < WIN_MAX_DETECTORS; i++) {
        const windetector *d = windetector_at(i);
        if (!sv_list_has(only, d->name)) continue;
        s->det[s->ndet].d = d;
        s->det[s->ndet].state = d->open(&s->ctx);
        s->ndet++;
    }
    return true;
}

/* The host id of the event's computer; remembers its FQDN for display. */
static uint32_t name_host(win_scan *s, const win_fields *f) {
    if (!f->host[0]) return WIN_NONE;
    uint32_t id = win_name(&s->ctx, sv_cstr(f->host));
    if (id == WIN_NONE) return id;
    vec *d = &s->ctx.host_display;
    while (d->len <= id) *(uint32_t *)vec_push(d) = WIN_NONE;
    if (VEC_AT(d, uint32_t, id) == WIN_NONE) {
        s->hosts++;
        VEC_AT(d, uint32_t, id) = win_name(&s->ctx, f->computer);
    }
    return id;
}

/* Which machine used an address: a logon that names both (4624's IpAddress
 * and WorkstationName, Sysmon 3's SourceIp and SourceHostname). The latest
 * wins (DHCP hands addresses on). */
static void learn_address(win_scan *s, const win_fields *f) {
    if (!f->ip.n || !f->workstation.n || win_is_local_address(f->ip)) return;
    if (!((f->channel == WCH_SECURITY && f->id == 4624) || (f->channel == WCH_SYSMON && f->id == 3))) return;
    ipaddr ip;
    char a[WIN_HOST_MAX], n[WIN_HOST_MAX];
    win_host_norm(f->ip, a);
    win_host_norm(f->workstation, n);
    if (!a[0] || !n[0] || !ip_parse(sv_cstr(a), &ip) || ip_parse(sv_cstr(n), &ip)) return;
    uint32_t aid = win_name(&s->ctx, sv_cstr(a)), nid = win_name(&s->ctx, sv_cstr(n));
    if (aid != WIN_NONE && nid != WIN_NONE) *u64map_put(&s->ctx.ip_name, aid, 0, NULL) = nid + 1;
}

void win_scan_event(win_scan *s, const event *ev) {
    if (ev->kind != EV_WIN || s->finished) return;
    win_fields f;
    win_fields_read(&f, &ev->u.win);
    s->events++;
    s->by_channel[f.channel]++;
    if (s->first_ms == MTIME_NONE || ev->time_ms < s->first_ms) s->first_ms = ev->time_ms;
    if (s->last_ms == MTIME_NONE || ev->time_ms > s->last_ms) s->last_ms = ev->time_ms;
    learn_address(s, &f);
    win_rec r = {.ev = ev, .w = &ev->u.win, .f = &f};
    r.host = name_host(s, &f);
    r.ref = (win_ref){.src = ev->src, .line = ev->line, .offset = ev->offset, .record_id = ev->u.win.record_id,
                      .time_ms = ev->time_ms, .event_id = f.id, .host = win_name(&s->ctx, f.computer)};
    win_recent_note(&s->recent, &s->ctx, &r);
    win_procs_note(&s->procs, &s->ctx, &r);
    for (int i = 0; i < s->ndet; i++) s->det[i].d->on_event(s->det[i].state, &s->ctx, &r);
}

static int cmp_str(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : ""); }

/* Severity, score (both high first), first time, detector, title, first host. */
static int cmp_finding(const void *a, const void *b) {
    const finding *x = *(finding *const *)a, *y = *(finding *const *)b;
    if (x->severity != y->severity) return y->severity - x->severity;
    if (x->score != y->score) return y->score - x->score;
    if (x->first_ms != y->first_ms) return x->first_ms < y->first_ms ? -1 : 1;
    int c = cmp_str(x->detector, y->detector);
    if (c) return c;
    if ((c = cmp_str(x->title_en, y->title_en))) return c;
    if ((c = cmp_str(x->nhosts ? x->hosts[0] : NULL, y->nhosts ? y->hosts[0] : NULL))) return c;
    if ((c = cmp_str(x->naccounts ? x->accounts[0] : NULL, y->naccounts ? y->accounts[0] : NULL))) return c;
    return cmp_str(x->nfacts ? x->facts_en[0] : NULL, y->nfacts ? y->facts_en[0] : NULL);
}

void win_scan_finish(win_scan *s) {
    if (s->finished) return;
    s->finished = true;
    for (int i = 0; i < s->ndet; i++) s->det[i].d->finish(s->det[i].state, &s->ctx, &s->findings);
    if (s->findings.items.len > 1)
        qsort(s->findings.items.data, s->findings.items.len, sizeof(finding *), cmp_finding);
}

int win_scan_max_severity(const win_scan *s) {
    int m = -1;
    for (size_t i = 0; i < finding_count(&s->findings); i++)
        if (finding_at(&s->findings, i)->severity > m) m = finding_at(&s->findings, i)->severity;
    return m;
}

void win_scan_free(win_scan *s) {
    for (int i = 0; i < s->ndet; i++) s->det[i].d->close(s->det[i].state);
    finding_list_free(&s->findings);
    win_recent_free(&s->recent);
    win_procs_free(&s->procs);
    intern_free(&s->ctx.names);
    vec_free(&s->ctx.host_display);
    u64map_free(&s->ctx.ip_name);
    u64map_free(&s->ctx.shown);
    vec_free(&s->ctx.shown_names);
    arena_free(&s->ctx.shown_mem);
    memset(s, 0, sizeof *s);
}
