/* scan_out.c - table and JSON lines of scan results; see scan_out.h. */
#include "report/scan_out.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"
#include "detect/facts.h"
#include "io/sources.h"
#include "report/texttable.h"
#include "report/winlog_out.h"

#include <stdlib.h>
#include <string.h>

#define JSON_MAX_TERMINALS 1000   /* names listed per destination; "terminal_count" has them all */

/* ---- the table ----------------------------------------------------------- */

/* Text cells: made printable, cut with "..." to their width, padded. */
static void cell_left(buf *b, const char *s, size_t width) { tt_put_padded(b, sv_cstr(s), width, false, "..."); }
static void cell_right(buf *b, const char *s, size_t width) { tt_put_padded(b, sv_cstr(s), width, true, "..."); }

static const char *human_time(uint32_t s, char *buf_) { return fact_time(obs_ms(s), buf_); }

static void write_destinations(buf *b, const scan_engine *s, const scan_out_options *o, size_t *hidden) {
    const observe *obs = &s->obs;
    const scan_result *r = &s->result;
    bool ja = lang_get() == LANG_JA;
    size_t shown = 0, listed = 0;
    for (size_t i = 0; i < r->dests.len; i++)
        if (VEC_AT(&r->dests, dest_result, i).severity >= o->min_severity) listed++;
    buf_printf(b, "%s %zu\n\n", L("Destinations by score:", "スコア順の通信先:"), listed);
    if (!listed) return;
    buf_puts(b, "   #  ");
    cell_left(b, L("score", "スコア"), 7);
    cell_left(b, L("severity", "深刻度"), 9);
    cell_left(b, L("destination", "通信先"), 40);
    cell_right(b, L("terminals", "端末数"), 9);
    cell_right(b, L("requests", "通信数"), 10);
    buf_puts(b, "  ");
    cell_left(b, L("first seen", "初回観測"), 22);
    cell_left(b, L("last seen", "最終観測"), 20);
    buf_putc(b, '\n');
    for (size_t i = 0; i < r->dests.len; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        if (d->severity < o->min_severity) continue;
        if (o->limit && shown >= o->limit) {
            (*hidden)++;
            continue;
        }
        shown++;
        const obs_dest *od = &obs->dests[d->dest];
        char num[32], t1[FACT_BUFSZ], t2[FACT_BUFSZ];
        buf_printf(b, "%4zu  ", shown);
        snprintf(num, sizeof num, "%d", d->score);
        cell_right(b, num, 5);
        buf_puts(b, "  ");
        cell_left(b, severity_label(d->severity), 9);
        tt_put_padded(b, obs_dest_name(obs, d->dest), 40, false, "...");
        snprintf(num, sizeof num, "%u", od->terminals);
        cell_right(b, num, 9);
        snprintf(num, sizeof num, "%u", od->requests);
        cell_right(b, num, 10);
        buf_puts(b, "  ");
        cell_left(b, human_time(od->first_s, t1), 22);
        buf_puts(b, human_time(od->last_s, t2));
        buf_putc(b, '\n');
        for (int k = 0; k < d->nevidence; k++) {
            buf_puts(b, "        - ");
            tt_put_text(b, sv_cstr(dest_evidence(d, k, ja)), 0, "...");
            buf_putc(b, '\n');
        }
        buf_printf(b, "        %s ", L("detectors:", "検知:"));
        for (int k = 0; k < d->ndetectors; k++) buf_printf(b, "%s%s", k ? ", " : "", d->detectors[k]);
        if (d->stage) buf_printf(b, "   %s %s", L("kill chain:", "キルチェーン:"), kill_chain_label(d->stage));
        if (d->nattack) {
            buf_puts(b, "   ATT&CK: ");
            for (int k = 0; k < d->nattack; k++) buf_printf(b, "%s%s", k ? ", " : "", d->attack[k]);
        }
        buf_puts(b, "\n\n");
    }
}

static void write_terminals(buf *b, const scan_engine *s) {
    const observe *obs = &s->obs;
    const scan_result *r = &s->result;
    buf_printf(b, "%s %zu\n\n",
               L("Terminals that talked to a suspicious destination:", "不審な通信先と通信した端末:"), r->terms.len);
    if (!r->terms.len) return;
    buf_puts(b, "  ");
    cell_left(b, L("terminal", "端末"), 24);
    cell_left(b, L("result", "結果"), 14);
    cell_left(b, L("first seen", "初回"), 22);
    cell_left(b, L("last seen", "最終"), 22);
    cell_right(b, L("requests", "通信数"), 9);
    cell_right(b, L("out", "送信"), 10);
    cell_right(b, L("in", "受信"), 10);
    buf_puts(b, "  ");
    buf_puts(b, L("destinations", "通信先"));
    buf_putc(b, '\n');
    for (size_t i = 0; i < r->terms.len; i++) {
        const term_result *t = &VEC_AT(&r->terms, term_result, i);
        char num[32], t1[FACT_BUFSZ], t2[FACT_BUFSZ];
        buf_puts(b, "  ");
        tt_put_padded(b, obs_term_name(obs, t->term), 24, false, "...");
        cell_left(b, t->ok ? L("success", "成功あり") : L("failed only", "失敗のみ"), 14);
        cell_left(b, human_time(t->first_s, t1), 22);
        cell_left(b, human_time(t->last_s, t2), 22);
        snprintf(num, sizeof num, "%llu", (unsigned long long)t->requests);
        cell_right(b, num, 9);
        cell_right(b, fact_bytes(t->bytes_out, t1), 10);
        cell_right(b, fact_bytes(t->bytes_in, t2), 10);
        buf_puts(b, "  ");
        const uint32_t *ds = t->dests.data;
        for (size_t k = 0; k < t->dests.len && k < 5; k++) {
            if (k) buf_puts(b, ", ");
            tt_put_text(b, obs_dest_name(obs, ds[k]), 60, "...");
        }
        if (t->dests.len > 5) tt_say(b, ", and %zu more", " ほか %zu 件", t->dests.len - 5);
        buf_putc(b, '\n');
    }
    buf_putc(b, '\n');
}

void scan_write_table(buf *b, const scan_engine *s, const scan_out_options *o) {
    const observe *obs = &s->obs;
    char t1[FACT_BUFSZ], t2[FACT_BUFSZ];
    if (obs->records)
        tt_say(b, "%llu records from %zu source(s), %s - %s; terminals: %u, destinations: %u\n\n",
            "%llu 件のレコード (%zu ソース)、%s - %s、端末 %u 台、通信先 %u 件\n\n", (unsigned long long)o->records, o->nsources, human_time(obs->first_s, t1),
                   human_time(obs->last_s, t2), obs->nterms, obs->ndests);
    else if (!s->win.events)
        buf_puts(b, L("No proxy records were read.\n\n", "プロキシのレコードがありません。\n\n"));
    winlog_out_options wo = {.min_severity = o->min_severity, .limit = o->limit, .records = o->records,
                             .unparsed = o->unparsed, .nsources = o->nsources};
    if (!obs->records && s->win.events) { /* Windows logs only */
        winlog_write_table(b, &s->win, &wo);
        return;
    }
    size_t hidden = 0;
    write_destinations(b, s, o, &hidden);
    if (hidden)
        tt_say(b, "%zu more destinations not shown (--limit).\n\n", "ほかに %zu 件の通信先 (--limit で表示数を変更)。\n\n", hidden);
    size_t below = 0;
    for (size_t i = 0; i < s->result.dests.len; i++)
        if (VEC_AT(&s->result.dests, dest_result, i).severity < o->min_severity) below++;
    if (below)
        tt_say(b, "%zu destinations of lower severity are not listed (see --min-severity).\n\n",
            "深刻度の低い通信先 %zu 件は表示していません (--min-severity を参照)。\n\n", below);
    write_terminals(b, s);
    if (s->win.events) winlog_write_table(b, &s->win, &wo);
}

/* ---- JSON lines ---------------------------------------------------------- */

static void json_time(jw *w, const char *key, uint32_t s) {
    jw_key(w, key);
    jw_time(w, obs_ms(s));
}

static void json_strings(jw *w, const char *key, const char *const *v, int n) {
    jw_key(w, key);
    jw_arr_begin(w);
    for (int i = 0; i < n; i++) jw_cstr(w, v[i]);
    jw_arr_end(w);
}

static void json_finding(jw *w, const finding *f, bool ja) {
    jw_obj_begin(w);
    jw_key(w, "detector");
    jw_cstr(w, f->detector);
    jw_key(w, "title");
    jw_cstr(w, ja ? f->title_ja : f->title_en);
    jw_key(w, "score");
    jw_int(w, f->score);
    jw_key(w, "severity");
    jw_cstr(w, severity_name(f->severity));
    jw_key(w, "first_seen");
    jw_time(w, f->first_ms);
    jw_key(w, "last_seen");
    jw_time(w, f->last_ms);
    jw_key(w, "terminal");
    jw_cstr(w, f->terminal);
    jw_key(w, "terminal_count");
    jw_int(w, f->terminals);
    json_strings(w, "facts", ja ? f->facts_ja : f->facts_en, f->nfacts);
    jw_key(w, "references");
    jw_arr_begin(w);
    for (int i = 0; i < f->nrefs; i++) {
        jw_obj_begin(w);
        jw_key(w, "source");
        jw_cstr(w, f->refs[i].src->name);
        jw_key(w, "line");
        jw_int(w, (int64_t)f->refs[i].line);
        jw_key(w, "offset");
        jw_int(w, (int64_t)f->refs[i].offset);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "kill_chain");
    jw_cstr(w, kill_chain_name(f->stage));
    json_strings(w, "attack", f->attack, f->nattack);
    jw_obj_end(w);
}

/* Terminal ids per listed destination, from one pass over the pairs. */
static vec *terminals_by_destination(const scan_engine *s, const scan_out_options *o, uint32_t **slot_out) {
    const observe *obs = &s->obs;
    const scan_result *r = &s->result;
    uint32_t *slot = xmalloc(((size_t)obs->ndests + 1) * sizeof *slot);
    memset(slot, 0xff, ((size_t)obs->ndests + 1) * sizeof *slot);
    vec *lists = xcalloc(r->dests.len + 1, sizeof *lists);
    for (size_t i = 0; i < r->dests.len; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        vec_init(&lists[i], sizeof(uint32_t));
        if (d->severity >= o->min_severity) slot[d->dest] = (uint32_t)i;
    }
    for (uint32_t i = 0; i < obs->npairs; i++) {
        const obs_pair *p = &obs->pairs[i];
        uint32_t k = slot[p->dest];
        if (k == UINT32_MAX || !obs->terms[p->term].internal || lists[k].len >= JSON_MAX_TERMINALS) continue;
        *(uint32_t *)vec_push(&lists[k]) = p->term;
    }
    *slot_out = slot;
    return lists;
}

void scan_write_jsonl(buf *b, const scan_engine *s, const scan_out_options *o) {
    const observe *obs = &s->obs;
    const scan_result *r = &s->result;
    bool ja = lang_get() == LANG_JA;
    jw w;
    jw_init(&w, b);
    uint32_t *slot;
    vec *lists = terminals_by_destination(s, o, &slot);
    for (size_t i = 0; i < r->dests.len; i++) {
        const dest_result *d = &VEC_AT(&r->dests, dest_result, i);
        if (d->severity < o->min_severity) continue;
        const obs_dest *od = &obs->dests[d->dest];
        jw_obj_begin(&w);
        jw_key(&w, "kind");
        jw_cstr(&w, "destination");
        jw_key(&w, "destination");
        jw_str(&w, obs_dest_name(obs, d->dest));
        jw_key(&w, "registrable");
        jw_cstr(&w, d->registrable);
        jw_key(&w, "score");
        jw_int(&w, d->score);
        jw_key(&w, "severity");
        jw_cstr(&w, severity_name(d->severity));
        jw_key(&w, "suspicious");
        jw_bool(&w, d->suspicious);
        jw_key(&w, "terminals");
        jw_arr_begin(&w);
        const uint32_t *ts = lists[i].data;
        for (size_t k = 0; k < lists[i].len; k++) jw_str(&w, obs_term_name(obs, ts[k]));
        jw_arr_end(&w);
        jw_key(&w, "terminal_count");
        jw_int(&w, od->terminals);
        json_time(&w, "first_seen", od->first_s);
        json_time(&w, "last_seen", od->last_s);
        jw_key(&w, "requests");
        jw_int(&w, od->requests);
        jw_key(&w, "ok_requests");
        jw_int(&w, od->ok);
        jw_key(&w, "failed_requests");
        jw_int(&w, (int64_t)od->requests - od->ok);
        jw_key(&w, "bytes_out");
        jw_int(&w, (int64_t)od->bytes_out);
        jw_key(&w, "bytes_in");
        jw_int(&w, (int64_t)od->bytes_in);
        jw_key(&w, "evidence");
        jw_arr_begin(&w);
        for (int k = 0; k < d->nevidence; k++) jw_cstr(&w, dest_evidence(d, k, ja));
        jw_arr_end(&w);
        json_strings(&w, "detectors", d->detectors, d->ndetectors);
        jw_key(&w, "kill_chain");
        jw_cstr(&w, kill_chain_name(d->stage));
        json_strings(&w, "attack", d->attack, d->nattack);
        jw_key(&w, "hourly_complete");
        jw_bool(&w, !cells_incomplete(&s->cells, d->dest));
        jw_key(&w, "findings");
        jw_arr_begin(&w);
        for (size_t k = 0; k < d->findings.len; k++) json_finding(&w, VEC_AT(&d->findings, finding *, k), ja);
        jw_arr_end(&w);
        jw_obj_end(&w);
        buf_putc(b, '\n');
    }
    for (size_t i = 0; i < r->dests.len; i++) vec_free(&lists[i]);
    free(lists);
    free(slot);
    for (size_t i = 0; i < r->terms.len; i++) {
        const term_result *t = &VEC_AT(&r->terms, term_result, i);
        jw_obj_begin(&w);
        jw_key(&w, "kind");
        jw_cstr(&w, "terminal");
        jw_key(&w, "terminal");
        jw_str(&w, obs_term_name(obs, t->term));
        json_time(&w, "first_seen", t->first_s);
        json_time(&w, "last_seen", t->last_s);
        jw_key(&w, "success");
        jw_bool(&w, t->ok > 0);
        jw_key(&w, "requests");
        jw_int(&w, (int64_t)t->requests);
        jw_key(&w, "ok_requests");
        jw_int(&w, (int64_t)t->ok);
        jw_key(&w, "failed_requests");
        jw_int(&w, (int64_t)(t->requests - t->ok));
        jw_key(&w, "bytes_out");
        jw_int(&w, (int64_t)t->bytes_out);
        jw_key(&w, "bytes_in");
        jw_int(&w, (int64_t)t->bytes_in);
        jw_key(&w, "destinations");
        jw_arr_begin(&w);
        const uint32_t *ds = t->dests.data;
        for (size_t k = 0; k < t->dests.len; k++) jw_str(&w, obs_dest_name(obs, ds[k]));
        jw_arr_end(&w);
        jw_obj_end(&w);
        buf_putc(b, '\n');
    }
    winlog_out_options wo = {.min_severity = o->min_severity};
    winlog_write_findings_jsonl(b, &s->win, &wo);
    jw_obj_begin(&w);
    jw_key(&w, "kind");
    jw_cstr(&w, "summary");
    jw_key(&w, "records");
    jw_int(&w, (int64_t)o->records);
    jw_key(&w, "unparsed");
    jw_int(&w, (int64_t)o->unparsed);
    jw_key(&w, "sources");
    jw_int(&w, (int64_t)o->nsources);
    jw_key(&w, "first_seen");
    jw_time(&w, obs->records ? obs_ms(obs->first_s) : MTIME_NONE);
    jw_key(&w, "last_seen");
    jw_time(&w, obs->records ? obs_ms(obs->last_s) : MTIME_NONE);
    jw_key(&w, "terminals");
    jw_int(&w, obs->nterms);
    jw_key(&w, "destinations");
    jw_int(&w, obs->ndests);
    jw_key(&w, "suspicious_destinations");
    jw_int(&w, r->suspicious_dests);
    jw_key(&w, "suspicious_terminals");
    jw_int(&w, (int64_t)r->terms.len);
    jw_key(&w, "windows_events");
    jw_int(&w, (int64_t)s->win.events);
    int win_max = win_scan_max_severity(&s->win);
    size_t win_listed = 0;
    for (size_t i = 0; i < finding_count(&s->win.findings); i++)
        if (finding_at(&s->win.findings, i)->severity >= o->min_severity) win_listed++;
    jw_key(&w, "windows_findings");
    jw_int(&w, (int64_t)win_listed);
    int max = r->max_severity > win_max ? r->max_severity : win_max;
    jw_key(&w, "max_severity");
    jw_cstr(&w, max >= 0 ? severity_name(max) : NULL);
    jw_obj_end(&w);
    buf_putc(b, '\n');
}
