/* truth.c - see truth.h. */
#include "sim/truth.h"
#include "core/json.h"
#include "core/mtime.h"
#include "sim/scenario.h"
#include "sim/sim.h"

#include <stdio.h>
#include <string.h>

void truth_init(truth *t) {
    memset(t, 0, sizeof *t);
    t->exfil_dest = -1;
    vec_init(&t->edges, sizeof(truth_edge));
    vec_init(&t->mails, sizeof(truth_mail));
    vec_init(&t->notes, sizeof(truth_note));
}

void truth_free(truth *t) {
    vec_free(&t->edges);
    vec_free(&t->mails);
    vec_free(&t->notes);
}

int truth_add_slot(truth *t, uint32_t term, const char *campaign, const char *via, int64_t infected) {
    if (t->nslots >= TRUTH_MAX_SLOTS) return -1;
    truth_slot *s = &t->slot[t->nslots];
    memset(s, 0, sizeof *s);
    s->term = term;
    s->campaign = campaign;
    s->via = via;
    s->infected = infected;
    s->first = s->last = MTIME_NONE;
    return t->nslots++;
}

int truth_add_dest(truth *t, const char *host, uint16_t port, uint32_t ip, const char *role, const char *campaign,
                   const char *country) {
    if (t->ndests >= TRUTH_MAX_DESTS) return -1;
    truth_dest *d = &t->dest[t->ndests];
    memset(d, 0, sizeof *d);
    snprintf(d->host, sizeof d->host, "%s", host);
    d->port = port;
    d->ip = ip;
    d->role = role;
    d->campaign = campaign;
    d->country = country;
    d->first = d->last = MTIME_NONE;
    if (!strcmp(role, "exfiltration")) t->exfil_dest = t->ndests;
    return t->ndests++;
}

void truth_http(truth *t, const sim_http *h) {
    if (h->attack < 0 || h->attack >= t->nslots) return;
    truth_slot *s = &t->slot[h->attack];
    bool ok = h->verdict == SV_ALLOWED;
    if (s->first == MTIME_NONE) s->first = h->t;
    s->last = h->t;
    s->records++;
    if (ok) s->success = true;
    if (h->dest >= 0 && h->dest < t->ndests) {
        truth_dest *d = &t->dest[h->dest];
        d->seen = true;
        d->records++;
        if (d->first == MTIME_NONE) d->first = h->t;
        d->last = h->t;
        if (ok) d->success = true;
        s->dests |= 1u << h->dest;
        if (ok && h->dest == t->exfil_dest) {
            s->exfil = true;
            s->exfil_bytes += (uint64_t)h->bytes_out;
        }
    }
}

void truth_note_add(truth *t, int64_t when, const char *what) {
    truth_note *n = vec_push(&t->notes);
    n->t = when;
    snprintf(n->what, sizeof n->what, "%s", what);
}

static void jst(jw *w, int64_t ms) {
    char b[MTIME_BUFSZ];
    if (ms == MTIME_NONE) jw_null(w);
    else jw_cstr(w, mtime_format_iso_off(ms, 540, false, b));
}

static void ip_str(jw *w, uint32_t ip) {
    char b[16];
    jw_cstr(w, ip4_str(ip, b));
}

static int slots_with_records(const truth *t, bool failure_only) {
    int n = 0;
    for (int i = 0; i < t->nslots; i++)
        if (t->slot[i].records && (!failure_only || !t->slot[i].success)) n++;
    return n;
}

static void write_counts(jw *w, const truth *t) {
    int dests = 0, exfil = 0;
    for (int i = 0; i < t->ndests; i++) dests += t->dest[i].seen;
    for (int i = 0; i < t->nslots; i++) exfil += t->slot[i].exfil;
    jw_key(w, "counts");
    jw_obj_begin(w);
    jw_key(w, "destinations");
    jw_int(w, dests);
    jw_key(w, "terminals");
    jw_int(w, slots_with_records(t, false));
    jw_key(w, "failure_only_terminals");
    jw_int(w, slots_with_records(t, true));
    jw_key(w, "exfiltration_terminals");
    jw_int(w, exfil);
    jw_key(w, "mails");
    jw_int(w, (int64_t)t->mails.len);
    jw_key(w, "lateral");
    jw_int(w, (int64_t)t->edges.len);
    jw_obj_end(w);
}

static void write_dests(jw *w, const truth *t) {
    jw_key(w, "destinations");
    jw_arr_begin(w);
    for (int i = 0; i < t->ndests; i++)
        if (t->dest[i].seen) jw_cstr(w, t->dest[i].host);
    jw_arr_end(w);
    jw_key(w, "destination_details");
    jw_arr_begin(w);
    for (int i = 0; i < t->ndests; i++) {
        const truth_dest *d = &t->dest[i];
        if (!d->seen) continue;
        jw_obj_begin(w);
        jw_key(w, "host");
        jw_cstr(w, d->host);
        jw_key(w, "port");
        jw_int(w, d->port);
        jw_key(w, "address");
        ip_str(w, d->ip);
        jw_key(w, "role");
        jw_cstr(w, d->role);
        jw_key(w, "campaign");
        jw_cstr(w, d->campaign);
        jw_key(w, "country");
        jw_cstr(w, d->country);
        jw_key(w, "success");
        jw_bool(w, d->success);
        jw_key(w, "records");
        jw_int(w, (int64_t)d->records);
        jw_key(w, "first");
        jst(w, d->first);
        jw_key(w, "last");
        jst(w, d->last);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void write_terminals(jw *w, const sim *s, const truth *t) {
    jw_key(w, "terminals");
    jw_arr_begin(w);
    for (int i = 0; i < t->nslots; i++) {
        const truth_slot *sl = &t->slot[i];
        if (!sl->records) continue;
        const terminal *tm = &s->w.term[sl->term];
        jw_obj_begin(w);
        jw_key(w, "terminal");
        ip_str(w, tm->ip);
        jw_key(w, "host");
        jw_cstr(w, tm->host);
        jw_key(w, "user");
        jw_cstr(w, s->w.people[tm->staff].user);
        jw_key(w, "first_suspicious");
        jst(w, sl->first);
        jw_key(w, "last_suspicious");
        jst(w, sl->last);
        jw_key(w, "success");
        jw_bool(w, sl->success);
        jw_key(w, "campaign");
        jw_cstr(w, sl->campaign);
        jw_key(w, "infected_via");
        jw_cstr(w, sl->via);
        jw_key(w, "infected");
        jst(w, sl->infected);
        jw_key(w, "exfiltration");
        jw_bool(w, sl->exfil);
        jw_key(w, "records");
        jw_int(w, (int64_t)sl->records);
        jw_key(w, "destinations");
        jw_arr_begin(w);
        for (int d = 0; d < t->ndests; d++)
            if (sl->dests & (1u << d)) jw_cstr(w, t->dest[d].host);
        jw_arr_end(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void write_exfil(jw *w, const sim *s, const truth *t) {
    jw_key(w, "exfiltration");
    if (t->exfil_dest < 0 || !t->dest[t->exfil_dest].seen) {
        jw_null(w);
        return;
    }
    uint64_t bytes = 0;
    jw_obj_begin(w);
    jw_key(w, "destination");
    jw_cstr(w, t->dest[t->exfil_dest].host);
    jw_key(w, "terminals");
    jw_arr_begin(w);
    for (int i = 0; i < t->nslots; i++)
        if (t->slot[i].exfil) {
            ip_str(w, s->w.term[t->slot[i].term].ip);
            bytes += t->slot[i].exfil_bytes;
        }
    jw_arr_end(w);
    jw_key(w, "bytes_out");
    jw_int(w, (int64_t)bytes);
    jw_obj_end(w);
}

static void write_mails(jw *w, const sim *s, const truth *t) {
    jw_key(w, "mails");
    jw_arr_begin(w);
    for (size_t i = 0; i < t->mails.len; i++) {
        const truth_mail *m = &VEC_AT(&t->mails, truth_mail, i);
        jw_obj_begin(w);
        jw_key(w, "id");
        jw_cstr(w, m->id);
        jw_key(w, "campaign");
        jw_cstr(w, m->campaign);
        jw_key(w, "file");
        jw_cstr(w, m->file);
        jw_key(w, "time");
        jst(w, m->t);
        jw_key(w, "subject");
        jw_cstr(w, m->subject);
        jw_key(w, "recipients");
        jw_arr_begin(w);
        jw_cstr(w, m->recipient);
        jw_arr_end(w);
        jw_key(w, "public_address");
        jw_bool(w, m->public_address);
        jw_key(w, "delivery");
        jw_cstr(w, m->delivery);
        jw_key(w, m->delivery && !strcmp(m->delivery, "link") ? "link" : "attachment");
        jw_cstr(w, m->attachment);
        jw_key(w, "terminals");
        jw_arr_begin(w);
        for (int k = 0; k < m->nterms; k++) ip_str(w, s->w.term[m->terms[k]].ip);
        jw_arr_end(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void write_lateral(jw *w, const sim *s, const truth *t) {
    jw_key(w, "lateral");
    jw_arr_begin(w);
    for (size_t i = 0; i < t->edges.len; i++) {
        const truth_edge *e = &VEC_AT(&t->edges, truth_edge, i);
        const terminal *a = &s->w.term[e->src_term], *b = &s->w.term[e->dst_term];
        jw_obj_begin(w);
        jw_key(w, "source");
        ip_str(w, a->ip);
        jw_key(w, "source_host");
        jw_cstr(w, a->host);
        jw_key(w, "target");
        ip_str(w, b->ip);
        jw_key(w, "target_host");
        jw_cstr(w, b->host);
        jw_key(w, "account");
        jw_cstr(w, e->account);
        jw_key(w, "time");
        jst(w, e->t);
        jw_key(w, "success");
        jw_bool(w, e->ok);
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

void truth_write(const sim *s, buf *b) {
    const truth *t = s->truth;
    jw w;
    jw_init(&w, b);
    jw_obj_begin(&w);
    jw_key(&w, "scenario");
    jw_cstr(&w, s->opt.scenario);
    jw_key(&w, "seed");
    jw_int(&w, (int64_t)s->opt.seed);
    jw_key(&w, "start");
    jst(&w, s->w.start_ms);
    jw_key(&w, "end");
    jst(&w, s->w.end_ms);
    jw_key(&w, "days");
    jw_int(&w, s->w.days);
    jw_key(&w, "terminals_total");
    jw_int(&w, s->w.nterm);
    jw_key(&w, "proxy_format");
    jw_cstr(&w, s->opt.proxy_format);
    jw_key(&w, "timezone");
    jw_cstr(&w, "+09:00");
    write_counts(&w, t);
    write_dests(&w, t);
    write_terminals(&w, s, t);
    write_exfil(&w, s, t);
    write_mails(&w, s, t);
    write_lateral(&w, s, t);
    jw_key(&w, "events");
    jw_arr_begin(&w);
    for (size_t i = 0; i < t->notes.len; i++) {
        const truth_note *n = &VEC_AT(&t->notes, truth_note, i);
        jw_obj_begin(&w);
        jw_key(&w, "time");
        jst(&w, n->t);
        jw_key(&w, "what");
        jw_cstr(&w, n->what);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    jw_key(&w, "gaps");
    jw_arr_begin(&w);
    if (s->opt.has_gap) {
        jw_obj_begin(&w);
        jw_key(&w, "log");
        jw_cstr(&w, "proxy");
        jw_key(&w, "start");
        jst(&w, s->opt.gap_from);
        jw_key(&w, "end");
        jst(&w, s->opt.gap_to);
        jw_obj_end(&w);
    }
    jw_arr_end(&w);
    if (s->sc && s->sc->truth_extra) s->sc->truth_extra(s, &w);
    jw_obj_end(&w);
    buf_putc(b, '\n');
}
