/* winlog_out.c - table and JSON lines of Windows event findings; see
 * winlog_out.h. Every string from a log goes through tt_put_* (made
 * printable, cut to its width) or the JSON writer (escaped). */
#include "report/winlog_out.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "detect/facts.h"
#include "io/sources.h"
#include "report/texttable.h"

#include <stdio.h>
#include <string.h>

static void cell(buf *b, const char *s, size_t width) { tt_put_padded(b, sv_cstr(s), width, false, "..."); }

/* "A, B, C (+4)" of a bounded list. */
static void names(buf *b, const char *const *v, uint16_t n, uint32_t total, size_t cols) {
    buf tmp = {0};
    for (uint16_t i = 0; i < n && i < 3; i++) {
        if (i) buf_puts(&tmp, ", ");
        buf_puts(&tmp, v[i]);
    }
    if (total > 3) buf_printf(&tmp, " (+%u)", total - 3);
    if (!tmp.len) buf_puts(&tmp, "-");
    tt_put_padded(b, sv_make(tmp.p, tmp.len), cols, false, "...");
    buf_free(&tmp);
}

void winlog_write_table(buf *b, const win_scan *s, const winlog_out_options *o) {
    bool ja = lang_get() == LANG_JA;
    char t1[FACT_BUFSZ], t2[FACT_BUFSZ];
    if (s->events)
        tt_say(b, "%llu Windows events from %u host(s), %s - %s\n\n", "Windows イベント %llu 件 (ホスト %u 台)、%s - %s\n\n",
                   (unsigned long long)s->events, s->hosts, fact_time(s->first_ms, t1), fact_time(s->last_ms, t2));
    else
        buf_puts(b, L("No Windows events were read.\n\n", "Windows イベントがありません。\n\n"));
    size_t listed = 0, below = 0, shown = 0;
    for (size_t i = 0; i < finding_count(&s->findings); i++) {
        if (finding_at(&s->findings, i)->severity >= o->min_severity) listed++;
        else below++;
    }
    buf_printf(b, "%s %zu\n\n", L("Windows event findings:", "Windows イベントの検知:"), listed);
    if (listed) {
        buf_puts(b, "   #  ");
        cell(b, L("severity", "深刻度"), 9);
        cell(b, L("detector", "検知器"), 14);
        cell(b, L("technique", "技術"), 11);
        cell(b, L("hosts", "ホスト"), 36);
        cell(b, L("accounts", "アカウント"), 28);
        cell(b, L("first seen", "初回"), 22);
        cell(b, L("last seen", "最終"), 22);
        buf_puts(b, L("title", "概要"));
        buf_putc(b, '\n');
    }
    size_t hidden = 0;
    for (size_t i = 0; i < finding_count(&s->findings); i++) {
        const finding *f = finding_at(&s->findings, i);
        if (f->severity < o->min_severity) continue;
        if (o->limit && shown >= o->limit) {
            hidden++;
            continue;
        }
        shown++;
        buf_printf(b, "%4zu  ", shown);
        cell(b, severity_label(f->severity), 9);
        cell(b, f->detector, 14);
        cell(b, f->nattack ? f->attack[0] : "-", 11);
        names(b, f->hosts, f->nhosts, f->hosts_total, 36);
        names(b, f->accounts, f->naccounts, f->accounts_total, 28);
        cell(b, fact_time(f->first_ms, t1), 22);
        cell(b, fact_time(f->last_ms, t2), 22);
        tt_put_text(b, sv_cstr(ja ? f->title_ja : f->title_en), 0, "...");
        buf_putc(b, '\n');
        for (int k = 0; k < f->nfacts; k++) {
            buf_puts(b, "        - ");
            tt_put_text(b, sv_cstr(finding_fact_text(f, k, ja)), 0, "...");
            buf_putc(b, '\n');
        }
        buf_printf(b, "        %s %d", L("score", "スコア"), f->score);
        if (f->stage) buf_printf(b, "   %s %s", L("kill chain:", "キルチェーン:"), kill_chain_label(f->stage));
        if (f->nattack) {
            buf_puts(b, "   ATT&CK: ");
            for (int k = 0; k < f->nattack; k++) buf_printf(b, "%s%s", k ? ", " : "", f->attack[k]);
        }
        buf_putc(b, '\n');
        for (int k = 0; k < f->nrefs; k++) {
            const evidence_ref *r = &f->refs[k];
            buf_printf(b, "        %s ", L("evidence:", "根拠:"));
            tt_put_text(b, sv_cstr(r->src->name), 60, "...");
            buf_printf(b, ":%llu", (unsigned long long)r->line);
            if (r->event_id > 0) buf_printf(b, " %s %d", L("event", "イベント"), r->event_id);
            if (r->record_id >= 0) buf_printf(b, " %s %lld", L("record", "レコード"), (long long)r->record_id);
            if (r->computer) {
                buf_putc(b, ' ');
                tt_put_text(b, sv_cstr(r->computer), 60, "...");
            }
            buf_putc(b, '\n');
        }
        buf_putc(b, '\n');
    }
    if (hidden)
        tt_say(b, "%zu more findings not shown (--limit).\n\n", "ほかに %zu 件の検知 (--limit で表示数を変更)。\n\n", hidden);
    if (below)
        tt_say(b, "%zu findings of lower severity are not listed (see --min-severity).\n\n", "深刻度の低い検知 %zu 件は表示していません (--min-severity を参照)。\n\n",
                   below);
}

static void strings(jw *w, const char *key, const char *const *v, int n) {
    jw_key(w, key);
    jw_arr_begin(w);
    for (int i = 0; i < n; i++) jw_cstr(w, v[i]);
    jw_arr_end(w);
}

void winlog_json_finding(jw *w, const finding *f, bool ja) {
    jw_obj_begin(w);
    jw_key(w, "kind");
    jw_cstr(w, "finding");
    jw_key(w, "detector");
    jw_cstr(w, f->detector);
    jw_key(w, "technique");
    jw_cstr(w, f->nattack ? f->attack[0] : NULL);
    strings(w, "techniques", f->attack, f->nattack);
    jw_key(w, "stage");
    jw_cstr(w, kill_chain_name(f->stage));
    jw_key(w, "severity");
    jw_cstr(w, severity_name(f->severity));
    jw_key(w, "score");
    jw_int(w, f->score);
    jw_key(w, "title");
    jw_cstr(w, ja ? f->title_ja : f->title_en);
    strings(w, "hosts", f->hosts, f->nhosts);
    jw_key(w, "host_count");
    jw_int(w, f->hosts_total);
    strings(w, "accounts", f->accounts, f->naccounts);
    jw_key(w, "account_count");
    jw_int(w, f->accounts_total);
    jw_key(w, "first_seen");
    jw_time(w, f->first_ms);
    jw_key(w, "last_seen");
    jw_time(w, f->last_ms);
    strings(w, "facts", ja ? f->facts_ja : f->facts_en, f->nfacts);
    jw_key(w, "evidence");
    jw_arr_begin(w);
    for (int i = 0; i < f->nrefs; i++) {
        const evidence_ref *r = &f->refs[i];
        jw_obj_begin(w);
        jw_key(w, "source");
        jw_cstr(w, r->src->name);
        jw_key(w, "record_id");
        if (r->record_id >= 0) jw_int(w, r->record_id);
        else jw_null(w);
        jw_key(w, "event_id");
        if (r->event_id > 0) jw_int(w, r->event_id);
        else jw_null(w);
        jw_key(w, "computer");
        jw_cstr(w, r->computer);
        jw_key(w, "time");
        jw_time(w, r->event_id ? r->time_ms : MTIME_NONE);
        jw_key(w, "line");
        jw_int(w, (int64_t)r->line);
        jw_key(w, "offset");
        jw_int(w, (int64_t)r->offset);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}

void winlog_write_findings_jsonl(buf *b, const win_scan *s, const winlog_out_options *o) {
    bool ja = lang_get() == LANG_JA;
    jw w;
    jw_init(&w, b);
    for (size_t i = 0; i < finding_count(&s->findings); i++) {
        const finding *f = finding_at(&s->findings, i);
        if (f->severity < o->min_severity) continue;
        winlog_json_finding(&w, f, ja);
        buf_putc(b, '\n');
    }
}

void winlog_write_summary_jsonl(buf *b, const win_scan *s, const winlog_out_options *o) {
    jw w;
    jw_init(&w, b);
    size_t listed = 0;
    for (size_t i = 0; i < finding_count(&s->findings); i++)
        if (finding_at(&s->findings, i)->severity >= o->min_severity) listed++;
    int max = win_scan_max_severity(s);
    jw_obj_begin(&w);
    jw_key(&w, "kind");
    jw_cstr(&w, "summary");
    jw_key(&w, "records");
    jw_int(&w, (int64_t)o->records);
    jw_key(&w, "unparsed");
    jw_int(&w, (int64_t)o->unparsed);
    jw_key(&w, "sources");
    jw_int(&w, (int64_t)o->nsources);
    jw_key(&w, "windows_events");
    jw_int(&w, (int64_t)s->events);
    jw_key(&w, "hosts");
    jw_int(&w, s->hosts);
    jw_key(&w, "events_by_channel");
    jw_obj_begin(&w);
    for (int c = 0; c < WCH_COUNT; c++) {
        if (!s->by_channel[c]) continue;
        jw_key(&w, win_channel_canonical((win_channel)c));
        jw_int(&w, (int64_t)s->by_channel[c]);
    }
    jw_obj_end(&w);
    jw_key(&w, "first_seen");
    jw_time(&w, s->first_ms);
    jw_key(&w, "last_seen");
    jw_time(&w, s->last_ms);
    jw_key(&w, "findings");
    jw_int(&w, (int64_t)listed);
    jw_key(&w, "max_severity");
    jw_cstr(&w, max >= 0 ? severity_name(max) : NULL);
    jw_obj_end(&w);
    buf_putc(b, '\n');
}
