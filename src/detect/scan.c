/* scan.c - running the detectors over a stream of events; see scan.h.
 *
 * With millions of destinations the shared tables are hundreds of megabytes,
 * and every record would wait for memory five times in a row (the
 * destination's hash slot, its name, its record, the pair's slot, the
 * pair's record), each wait as long as parsing a whole line. So records are
 * kept back in batches of SCAN_BATCH: each is copied (the parser's views die
 * with the next line) and prepared (names normalised and hashed once); then
 * the batch goes through observe's hint steps, each over all its records,
 * so the waits of the whole batch overlap; then the records are observed
 * and shown to the detectors one by one, in order, exactly as before. The
 * hints only prefetch: what a record finds does not depend on them. */
#include "detect/scan.h"
#include "core/util.h"
#include "io/sources.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool check_names(const char *only, char *err, size_t errlen) {
    sv item;
    for (const char *p = only; (p = sv_list_item(p, &item)) != NULL;) {
        char name[32];
        sv_to_buf(item, name, sizeof name);
        if (!detector_find(name) && !win_scan_knows(name)) {
            snprintf(err, errlen, "unknown detector '%s'", name);
            return false;
        }
    }
    return true;
}

/* The text fields of an http event, copied with it. */
static const size_t text_fields[] = {
    offsetof(http_event, client), offsetof(http_event, user),         offsetof(http_event, method),
    offsetof(http_event, url),    offsetof(http_event, scheme),       offsetof(http_event, host),
    offsetof(http_event, path),   offsetof(http_event, query),        offsetof(http_event, action),
    offsetof(http_event, user_agent), offsetof(http_event, referer), offsetof(http_event, content_type),
    offsetof(http_event, server),
};

static inline sv *field(http_event *h, size_t k) { return (sv *)(void *)((char *)h + text_fields[k]); }

/* Whether view `s` lies inside `in` (compared as addresses: they may be
 * different buffers). */
static inline bool inside(sv s, sv in) {
    uintptr_t a = (uintptr_t)s.p, lo = (uintptr_t)in.p;
    return a >= lo && a + s.n <= lo + in.n;
}

/* Copies an http event and its strings into a batch slot: the raw line once
 * when every string lies inside it (a Squid record), else string by string
 * (fields decoded into a parser's own buffer, events made by hand, or a
 * long line of which only a little is in the fields). */
static void keep_event(scan_pending *p, const event *ev) {
    memcpy(&p->ev, ev, offsetof(event, u) + sizeof(http_event));
    http_event *h = &p->ev.u.http;
    sv raw = ev->raw;
    bool whole = raw.p != NULL;
    size_t need = 0;
    for (size_t k = 0; k < ARRAY_LEN(text_fields); k++) {
        sv f = *field(h, k);
        if (!f.p) continue;
        need += f.n;
        if (whole && !inside(f, raw)) whole = false;
    }
    if (whole && raw.n > 2 * need + 1024) whole = false; /* a long line of which little is used */
    if (whole) need = raw.n;
    if (need + 1 > p->cap) {
        p->cap = need + 1 > 512 ? need + 1 : 512;
        free(p->text);
        p->text = xmalloc(p->cap);
    }
    if (whole) {
        memcpy(p->text, raw.p, raw.n);
        for (size_t k = 0; k < ARRAY_LEN(text_fields); k++) {
            sv *f = field(h, k);
            if (f->p) f->p = p->text + ((uintptr_t)f->p - (uintptr_t)raw.p);
        }
        p->ev.raw = sv_make(p->text, raw.n);
        return;
    }
    size_t at = 0;
    for (size_t k = 0; k < ARRAY_LEN(text_fields); k++) {
        sv *f = field(h, k);
        if (!f->p) continue;
        if (f->n) memcpy(p->text + at, f->p, f->n);
        f->p = p->text + at;
        at += f->n;
    }
    p->ev.raw = SV_NULL;
}

bool scan_init(scan_engine *s, const config *cfg, const char *only, char *err, size_t errlen) {
    unsigned words = 0;
    memset(s, 0, sizeof *s);
    if (!check_names(only, err, errlen)) return false;
    s->cfg = cfg;
    s->work = cfg->work;
    observe_init(&s->obs, cfg);
    cells_init(&s->cells, cfg->scan.hourly_max_terminals);
    cells_init(&s->cells10, cfg->scan.hourly_max_terminals);
    cells_set_budget(&s->cells10, cfg->scan.cells10_memory, &s->obs);
    vec_init(&s->sources, sizeof(const source *));
    finding_list_init(&s->findings);
    s->ctx.cfg = cfg;
    s->ctx.obs = &s->obs;
    s->batch = xcalloc(SCAN_BATCH, sizeof *s->batch);
    win_scan_init(&s->win, cfg, only, false, err, errlen);
    for (size_t i = 0; i < detector_count() && s->ndet < SCAN_MAX_DETECTORS; i++) {
        const detector *d = detector_at(i);
        if (!sv_list_has(only, d->name)) continue;
        if (words + d->pair_words > OBS_PAIR_WORDS) {
            snprintf(err, errlen, "detector '%s' needs more per-pair words than OBS_PAIR_WORDS", d->name);
            scan_free(s);
            return false;
        }
        s->ctx.pair_word = words;
        words += d->pair_words;
        s->det[s->ndet].d = d;
        s->det[s->ndet].state = d->open(&s->ctx);
        s->ndet++;
    }
    return true;
}

static void note_source(scan_engine *s, const source *src) {
    if (!src) return;
    while (s->sources.len <= src->id) *(const source **)vec_push(&s->sources) = NULL;
    VEC_AT(&s->sources, const source *, src->id) = src;
    s->ctx.sources = s->sources.data;
    s->ctx.nsources = s->sources.len;
}

void scan_skip_cells(scan_engine *s) {
    cells_marks_only(&s->cells);
    cells_marks_only(&s->cells10);
}

/* One record, in order: working hours, observe, chart cells, detectors. */
static void process(scan_engine *s, const event *ev, const obs_prep *prep) {
    bool off = workhours_is_off(&s->work, ev->time_ms);
    det_event de;
    if (!observe_event(&s->obs, ev, prep, off, &de)) return;
    uint64_t out = ev->u.http.bytes_out > 0 ? (uint64_t)ev->u.http.bytes_out : 0;
    uint64_t in = ev->u.http.bytes_in > 0 ? (uint64_t)ev->u.http.bytes_in : 0;
    cells_add(&s->cells, de.pair, de.dest, de.d->terminals, de.hour, de.ok, out, in);
    cells_add(&s->cells10, de.pair, de.dest, de.d->terminals, de.sec / CELLS10_SECONDS, de.ok, out, in);
    for (int i = 0; i < s->ndet; i++)
        if (s->det[i].d->on_event && (s->det[i].d->kinds & DET_KIND(ev->kind))) s->det[i].d->on_event(s->det[i].state, &de);
}

void scan_flush(scan_engine *s) {
    scan_pending *b = s->batch;
    int n = s->nbatch;
    for (int i = 0; i < n; i++) {
        observe_ahead_names(&s->obs, &b[i].prep);
        for (int k = 0; k < s->ndet; k++)
            if (s->det[k].d->ahead) s->det[k].d->ahead(s->det[k].state, &b[i].prep);
    }
    for (int i = 0; i < n; i++) observe_ahead_records(&s->obs, &b[i].prep);
    for (int i = 0; i < n; i++) observe_ahead_pair(&s->obs, &b[i].prep);
    for (int i = 0; i < n; i++) process(s, &b[i].ev, &b[i].prep);
    s->nbatch = 0;
}

void scan_event(scan_engine *s, const event *ev) {
    if (ev->kind == EV_WIN) {
        win_scan_event(&s->win, ev);
        return;
    }
    if (ev->kind != EV_HTTP) return;
    if (ev->src && (ev->src->id >= s->sources.len || !VEC_AT(&s->sources, const source *, ev->src->id)))
        note_source(s, ev->src);
    scan_pending *p = &s->batch[s->nbatch++];
    keep_event(p, ev);
    observe_prepare(&s->obs, &p->ev, &p->prep);
    observe_ahead_slots(&s->obs, &p->prep);
    if (s->nbatch == SCAN_BATCH) scan_flush(s);
}

void scan_finish(scan_engine *s) {
    if (s->finished) return;
    s->finished = true;
    scan_flush(s);
    observe_end(&s->obs);
    for (int i = 0; i < s->ndet; i++) s->det[i].d->finish(s->det[i].state, &s->ctx, &s->findings);
    score_destinations(&s->obs, s->cfg, &s->findings, &s->result);
    win_scan_finish(&s->win);
}

void scan_free(scan_engine *s) {
    for (int i = 0; s->batch && i < SCAN_BATCH; i++) free(s->batch[i].text);
    free(s->batch);
    for (int i = 0; i < s->ndet; i++) s->det[i].d->close(s->det[i].state);
    if (s->win.ctx.cfg) win_scan_free(&s->win);
    if (s->finished) scan_result_free(&s->result);
    finding_list_free(&s->findings);
    cells_free(&s->cells);
    cells_free(&s->cells10);
    observe_free(&s->obs);
    vec_free(&s->sources);
    memset(s, 0, sizeof *s);
}

size_t scan_bytes(const scan_engine *s) {
    return observe_bytes(&s->obs) + cells_bytes(&s->cells) + cells_bytes(&s->cells10);
}
