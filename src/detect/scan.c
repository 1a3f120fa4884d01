/* scan.c - running the detectors over a stream of events; see scan.h. */
#include "detect/scan.h"
#include "core/util.h"
#include "io/sources.h"

#include <stdio.h>
#include <string.h>

static bool wanted(const char *only, const char *name) {
    if (!only) return true;
    size_t n = strlen(name);
    for (const char *p = only; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        if (len == n && !strncmp(p, name, n)) return true;
        if (!comma) break;
        p = comma + 1;
    }
    return false;
}

static bool check_names(const char *only, char *err, size_t errlen) {
    if (!only) return true;
    for (const char *p = only; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char name[32];
        if (len >= sizeof name) len = sizeof name - 1;
        memcpy(name, p, len);
        name[len] = 0;
        if (!detector_find(name)) {
            snprintf(err, errlen, "unknown detector '%s'", name);
            return false;
        }
        if (!comma) break;
        p = comma + 1;
    }
    return true;
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
    for (size_t i = 0; i < detector_count() && s->ndet < SCAN_MAX_DETECTORS; i++) {
        const detector *d = detector_at(i);
        if (!wanted(only, d->name)) continue;
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

void scan_event(scan_engine *s, const event *ev) {
    if (ev->kind != EV_HTTP) return;
    if (ev->src && (ev->src->id >= s->sources.len || !VEC_AT(&s->sources, const source *, ev->src->id)))
        note_source(s, ev->src);
    bool off = workhours_is_off(&s->work, ev->time_ms);
    det_event de;
    if (!observe_event(&s->obs, ev, off, &de)) return;
    uint64_t out = ev->u.http.bytes_out > 0 ? (uint64_t)ev->u.http.bytes_out : 0;
    uint64_t in = ev->u.http.bytes_in > 0 ? (uint64_t)ev->u.http.bytes_in : 0;
    cells_add(&s->cells, de.pair, de.dest, de.d->terminals, de.hour, de.ok, out, in);
    cells_add(&s->cells10, de.pair, de.dest, de.d->terminals, de.sec / CELLS10_SECONDS, de.ok, out, in);
    for (int i = 0; i < s->ndet; i++)
        if (s->det[i].d->on_event && (s->det[i].d->kinds & DET_KIND(ev->kind))) s->det[i].d->on_event(s->det[i].state, &de);
}

void scan_finish(scan_engine *s) {
    if (s->finished) return;
    s->finished = true;
    observe_end(&s->obs);
    for (int i = 0; i < s->ndet; i++) s->det[i].d->finish(s->det[i].state, &s->ctx, &s->findings);
    score_destinations(&s->obs, s->cfg, &s->findings, &s->result);
}

void scan_free(scan_engine *s) {
    for (int i = 0; i < s->ndet; i++) s->det[i].d->close(s->det[i].state);
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
