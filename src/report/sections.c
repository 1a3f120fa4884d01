/* sections.c - the report's text sections; see sections.h.
 *
 * Each section_* function appends one <section> to the page buffer. Lists
 * that can grow with the input (evidence strings, findings, terminals) are
 * bounded by the SECTION_* limits and say how many were left out, so a store
 * with a million findings still gives a page a browser can open. */
#include "report/sections.h"
#include "core/hmap.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/util.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/when.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- helpers ------------------------------------------------------------- */

static void more_items(buf *b, size_t left_out) {
    if (!left_out) return;
    buf_printf(b, "<li class=\"more\">%s ", L("and", "ほか"));
    when_count(b, (int64_t)left_out);
    buf_printf(b, "%s</li>", L(" more", " 件"));
}

/* A JSON column parsed, or NULL when it is NULL, empty or not JSON. */
static json_t *parse_json(sv s) {
    if (!s.p || !s.n) return NULL;
    return json_loadb(s.p, s.n, JSON_DECODE_ANY, NULL);
}

static sv json_sv(const json_t *s) { return sv_make(json_string_value(s), json_string_length(s)); }

/* A JSON array of strings as <ul class="cls">; raw text when it is not one. */
static void string_list(buf *b, sv column, const char *cls) {
    if (!column.p || !column.n) return;
    json_t *arr = parse_json(column);
    if (!json_is_array(arr)) {
        buf_printf(b, "<p class=\"%s raw\">", cls);
        html_escape_max(b, column, SECTION_TEXT_BYTES);
        buf_puts(b, "</p>");
        json_decref(arr);
        return;
    }
    size_t n = json_array_size(arr), shown = 0;
    if (!n) {
        json_decref(arr);
        return;
    }
    buf_printf(b, "<ul class=\"%s\">", cls);
    for (size_t i = 0; i < n && shown < SECTION_LIST_ITEMS; i++) {
        json_t *item = json_array_get(arr, i);
        buf_puts(b, "<li>");
        if (json_is_string(item)) {
            html_escape_max(b, json_sv(item), SECTION_TEXT_BYTES);
        } else {
            char *dump = json_dumps(item, JSON_COMPACT | JSON_ENCODE_ANY);
            if (dump) html_escape_max(b, sv_cstr(dump), SECTION_TEXT_BYTES);
            free(dump);
        }
        buf_puts(b, "</li>");
        shown++;
    }
    more_items(b, n - shown);
    buf_puts(b, "</ul>");
    json_decref(arr);
}

/* ATT&CK IDs (a JSON array of strings) inline: "T1071.001 T1041". */
static void attack_ids(buf *b, sv column) {
    json_t *arr = parse_json(column);
    if (json_is_array(arr)) {
        size_t n = json_array_size(arr);
        for (size_t i = 0; i < n && i < SECTION_LIST_ITEMS; i++) {
            json_t *id = json_array_get(arr, i);
            if (!json_is_string(id)) continue;
            buf_puts(b, "<span class=\"attack\">");
            html_escape_max(b, json_sv(id), 32);
            buf_puts(b, "</span> ");
        }
    } else if (column.p && column.n) {
        buf_puts(b, "<span class=\"attack raw\">");
        html_escape_max(b, column, 120);
        buf_puts(b, "</span>");
    }
    json_decref(arr);
}

/* Finding evidence: a JSON array of {"source":..., "line":..., "offset":...}. */
static void citations(buf *b, sv column) {
    json_t *arr = parse_json(column);
    if (!json_is_array(arr) || !json_array_size(arr)) {
        json_decref(arr);
        return;
    }
    size_t n = json_array_size(arr), shown = MIN(n, (size_t)5);
    buf_printf(b, "<p class=\"cite\">%s ", L("Evidence:", "根拠:"));
    for (size_t i = 0; i < shown; i++) {
        json_t *e = json_array_get(arr, i), *src = json_object_get(e, "source");
        json_t *line = json_object_get(e, "line"), *off = json_object_get(e, "offset");
        if (i) buf_puts(b, "; ");
        buf_puts(b, "<code>");
        if (json_is_string(src)) html_escape_max(b, json_sv(src), 200);
        if (json_is_integer(line)) buf_printf(b, ":%lld", (long long)json_integer_value(line));
        buf_puts(b, "</code>");
        if (json_is_integer(off)) buf_printf(b, " (%s %lld)", L("offset", "オフセット"), (long long)json_integer_value(off));
    }
    if (n > shown) {
        buf_printf(b, "; %s ", L("and", "ほか"));
        when_count(b, (int64_t)(n - shown));
        buf_puts(b, L(" more", " 件"));
    }
    buf_puts(b, "</p>");
    json_decref(arr);
}

/* "label: a, b, c (and N more)" of a JSON array of names. */
static void name_list(buf *b, const char *label, sv column, int64_t total) {
    json_t *arr = parse_json(column);
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    if (!n) {
        json_decref(arr);
        return;
    }
    buf_printf(b, " <span class=\"lbl\">%s</span> ", label);
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < 12; i++) {
        json_t *item = json_array_get(arr, i);
        if (!json_is_string(item)) continue;
        if (shown++) buf_puts(b, ", ");
        buf_puts(b, "<span class=\"host\">");
        html_escape_max(b, json_sv(item), 200);
        buf_puts(b, "</span>");
    }
    if (total > (int64_t)shown) {
        buf_printf(b, " %s ", L("and", "ほか"));
        when_count(b, total - (int64_t)shown);
        buf_puts(b, L(" more", " 件"));
    }
    json_decref(arr);
}

static void severity_badge(buf *b, sv severity) {
    const char *label = severity_text(severity);
    buf_printf(b, "<span class=\"sev s%d\">", severity_rank(severity));
    if (label) buf_puts(b, label);
    else html_escape_max(b, severity, 20);
    buf_puts(b, "</span>");
}

static void stage_name(buf *b, sv token) {
    int i = kill_chain_index(token);
    if (i >= 0) html_escape_cstr(b, kill_chain_stage_label(i));
    else if (token.p && token.n) html_escape_max(b, token, 60);
    else buf_putc(b, '-');
}

static void swatch(buf *b, int colour) {
    if (colour >= 0) buf_printf(b, "<span class=\"sw d%d\"></span><span class=\"num\">%d</span> ", colour, colour + 1);
}

static void th_cells(buf *b, const char *const *heads, size_t n) {
    for (size_t i = 0; i < n; i++) {
        buf_puts(b, "<th>");
        html_escape_cstr(b, heads[i]);
        buf_puts(b, "</th>");
    }
}

static void th_row(buf *b, const char *const *heads, size_t n) {
    buf_puts(b, "<thead><tr>");
    th_cells(b, heads, n);
    buf_puts(b, "</tr></thead>\n");
}

static void td_count(buf *b, int64_t n) {
    buf_puts(b, "<td class=\"n\">");
    when_count(b, n);
    buf_puts(b, "</td>");
}

static void td_bytes(buf *b, int64_t n) {
    buf_puts(b, "<td class=\"n\">");
    when_bytes(b, n);
    buf_puts(b, "</td>");
}

/* ---- summary ------------------------------------------------------------- */

static void stat_card(buf *b, const char *cls, int64_t n, const char *label) {
    buf_printf(b, "<div class=\"card %s\"><span class=\"big\">", cls);
    when_count(b, n);
    buf_printf(b, "</span><span class=\"what\">%s</span></div>", label);
}

static int64_t all_source_gap_ms(const report_model *m, size_t *count) {
    int64_t total = 0;
    *count = 0;
    for (size_t i = 0; i < m->gaps.len; i++)
        if (RM_GAP(m, i).source == -1) total += RM_GAP(m, i).end_ms - RM_GAP(m, i).start_ms, (*count)++;
    return total;
}

void section_summary(buf *b, const report_model *m) {
    int64_t suspicious = 0, by_rank[5] = {0}, infected = 0, failed_only = 0, records = 0, unparsed = 0;
    int64_t log_first = MTIME_NONE, log_last = MTIME_NONE, act_first = MTIME_NONE, act_last = MTIME_NONE;
    for (size_t i = 0; i < m->destinations.len; i++) {
        const rm_destination *d = &RM_DEST(m, i);
        if (!d->suspicious) continue;
        suspicious++;
        int r = severity_rank(d->severity);
        if (r >= 0) by_rank[r]++;
    }
    for (size_t i = 0; i < m->terminals.len; i++) {
        const rm_terminal *t = &RM_TERM(m, i);
        if (t->success) infected++;
        else failed_only++;
        if (t->first_ms != MTIME_NONE && (act_first == MTIME_NONE || t->first_ms < act_first)) act_first = t->first_ms;
        if (t->last_ms != MTIME_NONE && (act_last == MTIME_NONE || t->last_ms > act_last)) act_last = t->last_ms;
    }
    for (size_t i = 0; i < m->sources.len; i++) {
        const rm_source *s = &RM_SOURCE(m, i);
        records += s->records, unparsed += s->unparsed;
        if (s->first_ms != MTIME_NONE && (log_first == MTIME_NONE || s->first_ms < log_first)) log_first = s->first_ms;
        if (s->last_ms != MTIME_NONE && (log_last == MTIME_NONE || s->last_ms > log_last)) log_last = s->last_ms;
    }
    size_t ngaps;
    int64_t gap_ms = all_source_gap_ms(m, &ngaps);

    buf_printf(b, "<section id=\"summary\">\n<h2>%s</h2>\n<div class=\"cards\">", L("Summary", "概要"));
    stat_card(b, "dest", suspicious, L("suspicious destinations", "不審な接続先"));
    stat_card(b, "inf", infected, L("infected terminals (got through)", "感染端末 (通信成功あり)"));
    stat_card(b, "fo", failed_only, L("terminals whose attempts all failed", "通信がすべて失敗した端末"));
    stat_card(b, "gap", (int64_t)ngaps, L("coverage gaps in the logs", "ログの欠損"));
    buf_puts(b, "</div>\n<dl class=\"facts\">\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Logs analysed", "解析したログ"));
    when_range(b, log_first, log_last);
    buf_puts(b, " (");
    when_count(b, (int64_t)m->sources.len);
    buf_printf(b, "%s", L(" sources, ", " ソース、"));
    when_count(b, records);
    buf_printf(b, "%s", L(" records", " 件"));
    if (unparsed) {
        buf_puts(b, L(", ", "、"));
        when_count(b, unparsed);
        buf_puts(b, L(" not understood", " 件は解析不能"));
    }
    buf_puts(b, ")</dd>\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Coverage gaps", "ログの欠損"));
    if (!ngaps) {
        buf_puts(b, L("none found", "なし"));
    } else {
        size_t shown = 0;
        for (size_t i = 0; i < m->gaps.len && shown < 3; i++) {
            const rm_gap *g = &RM_GAP(m, i);
            if (g->source != -1) continue;
            if (shown++) buf_puts(b, L("; ", "、"));
            when_range(b, g->start_ms, g->end_ms);
        }
        if (ngaps > shown) buf_printf(b, " %s", L("...", "…"));
        buf_printf(b, " (%s ", L("total", "合計"));
        when_duration(b, gap_ms);
        buf_printf(b, ") <a href=\"#coverage\">%s</a>", L("details", "詳細"));
    }
    buf_puts(b, "</dd>\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Suspicious activity", "不審な通信の期間"));
    when_range(b, act_first, act_last);
    buf_puts(b, "</dd>\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Destinations by severity", "重要度別の接続先"));
    for (int r = 4; r >= 2; r--) {
        buf_printf(b, "<span class=\"sev s%d\">%s</span> ", r, severity_text(sv_cstr(r == 4 ? "critical" : r == 3 ? "high" : "medium")));
        when_count(b, by_rank[r]);
        buf_puts(b, " ");
    }
    buf_puts(b, "</dd>\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Terminals", "端末"));
    when_count(b, (int64_t)m->terminals.len);
    buf_puts(b, L(" talked to a suspicious destination: ", " 台が不審な接続先と通信: "));
    when_count(b, infected);
    buf_puts(b, L(" got through at least once, ", " 台は成功あり、"));
    when_count(b, failed_only);
    buf_puts(b, L(" only failed.", " 台はすべて失敗。"));
    buf_puts(b, "</dd>\n");

    buf_printf(b, "<dt>%s</dt><dd>", L("Findings", "検知"));
    when_count(b, (int64_t)m->findings.len);
    buf_puts(b, "</dd>\n");
    if (m->cells_orphaned) {
        buf_printf(b, "<dt>%s</dt><dd>", L("Store problems", "ストアの不整合"));
        when_count(b, (int64_t)m->cells_orphaned);
        buf_puts(b, L(" hourly cells name a terminal or destination the store does not list; they are not drawn.",
                      " 件の時間別セルが未登録の端末または接続先を指しているため描画していません。"));
        buf_puts(b, "</dd>\n");
    }
    buf_puts(b, "</dl>\n</section>\n");
}

/* ---- destinations -------------------------------------------------------- */

static int cmp_dest_score(const void *a, const void *b, void *model) {
    const report_model *m = model;
    const rm_destination *x = &RM_DEST(m, *(const size_t *)a), *y = &RM_DEST(m, *(const size_t *)b);
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    int64_t fx = x->first_ms, fy = y->first_ms;
    if (fx != fy) return fx < fy ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

void section_destinations(buf *b, const report_model *m) {
    size_t n = m->destinations.len, nsusp = 0;
    size_t *order = xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) order[i] = i;
    qsort_r(order, n, sizeof *order, cmp_dest_score, (void *)m);
    for (size_t i = 0; i < n; i++) nsusp += RM_DEST(m, i).suspicious;

    buf_printf(b, "<section id=\"destinations\">\n<h2>%s</h2>\n", L("Suspicious destinations", "不審な接続先"));
    if (!nsusp) buf_printf(b, "<p>%s</p>\n", L("None.", "なし。"));
    const char *heads[] = {L("Destination", "接続先"), L("Severity", "重要度"), L("Score", "スコア"),
                           L("First – last", "最初 – 最後"), L("OK", "成功"), L("Failed", "失敗"),
                           L("Terminals", "端末"), L("Out", "送信"), L("In", "受信"), L("Stage / ATT&CK", "段階 / ATT&CK"),
                           L("Evidence", "根拠")};
    if (nsusp) {
        buf_puts(b, "<table class=\"dests\">");
        th_row(b, heads, ARRAY_LEN(heads));
        buf_puts(b, "<tbody>\n");
    }
    size_t below = 0;
    for (size_t k = 0; k < n; k++) {
        const rm_destination *d = &RM_DEST(m, order[k]);
        if (!d->suspicious) {
            below++;
            continue;
        }
        buf_puts(b, "<tr><td class=\"name\">");
        swatch(b, d->colour);
        buf_puts(b, "<span class=\"host\">");
        html_escape_max(b, d->name, 300);
        buf_puts(b, "</span></td><td>");
        severity_badge(b, d->severity);
        buf_printf(b, "</td><td class=\"n\">%lld</td><td class=\"t\">", (long long)d->score);
        when_range(b, d->first_ms, d->last_ms);
        buf_puts(b, "</td>");
        td_count(b, d->ok_requests);
        td_count(b, d->failed_requests);
        td_count(b, d->terminals);
        td_bytes(b, d->bytes_out);
        td_bytes(b, d->bytes_in);
        buf_puts(b, "<td>");
        stage_name(b, d->kill_chain);
        buf_puts(b, "<br>");
        attack_ids(b, d->attack);
        buf_puts(b, "</td><td>");
        string_list(b, d->evidence, "evidence");
        buf_puts(b, "</td></tr>\n");
    }
    if (nsusp) buf_puts(b, "</tbody></table>\n");
    if (below) {
        buf_puts(b, "<details class=\"below\"><summary>");
        when_count(b, (int64_t)below);
        buf_printf(b, "%s</summary>\n<table class=\"dests\">",
                   L(" more destinations scored below the suspicious threshold",
                     " 件の接続先は不審の閾値未満のスコアでした"));
        const char *h2[] = {L("Destination", "接続先"), L("Severity", "重要度"), L("Score", "スコア"),
                            L("Evidence", "根拠")};
        th_row(b, h2, ARRAY_LEN(h2));
        buf_puts(b, "<tbody>\n");
        size_t shown = 0;
        for (size_t k = 0; k < n && shown < SECTION_TABLE_ROWS; k++) {
            const rm_destination *d = &RM_DEST(m, order[k]);
            if (d->suspicious) continue;
            shown++;
            buf_puts(b, "<tr><td class=\"name\">");
            html_escape_max(b, d->name, 300);
            buf_puts(b, "</td><td>");
            severity_badge(b, d->severity);
            buf_printf(b, "</td><td class=\"n\">%lld</td><td>", (long long)d->score);
            string_list(b, d->evidence, "evidence");
            buf_puts(b, "</td></tr>\n");
        }
        buf_puts(b, "</tbody></table>\n");
        if (below > shown) {
            buf_puts(b, "<ul>");
            more_items(b, below - shown);
            buf_puts(b, "</ul>");
        }
        buf_puts(b, "</details>\n");
    }
    buf_puts(b, "</section>\n");
    free(order);
}

/* ---- findings grouped by terminal and stage ------------------------------- */

static int stage_of(const rm_finding *f) {
    int i = kill_chain_index(f->kill_chain);
    return i >= 0 ? i : KILL_CHAIN_STAGES; /* unknown stages last */
}

static int cmp_sv(sv a, sv b) {
    if (!a.p || !b.p) return (a.p != NULL) - (b.p != NULL);
    size_t n = MIN(a.n, b.n);
    int c = n ? memcmp(a.p, b.p, n) : 0;
    if (c) return c;
    return (a.n > b.n) - (a.n < b.n);
}

/* Findings by (terminal, stage, first time). */
static int cmp_finding_terminal(const void *a, const void *b, void *model) {
    const report_model *m = model;
    const rm_finding *x = &RM_FINDING(m, *(const size_t *)a), *y = &RM_FINDING(m, *(const size_t *)b);
    int c = cmp_sv(x->terminal, y->terminal);
    if (c) return c;
    bool wx = x->hosts.n > 0, wy = y->hosts.n > 0; /* Windows event findings after the others */
    if (wx != wy) return wx ? 1 : -1;
    int sx = stage_of(x), sy = stage_of(y);
    if (sx != sy) return sx - sy;
    if (x->first_ms != y->first_ms) return x->first_ms < y->first_ms ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

typedef struct by_terminal {
    size_t *idx; /* finding indices, sorted */
    size_t n;
} by_terminal;

static by_terminal findings_by_terminal(const report_model *m) {
    by_terminal bt = {xmalloc((m->findings.len ? m->findings.len : 1) * sizeof(size_t)), m->findings.len};
    for (size_t i = 0; i < bt.n; i++) bt.idx[i] = i;
    qsort_r(bt.idx, bt.n, sizeof(size_t), cmp_finding_terminal, (void *)m);
    return bt;
}

/* The range [*from, *to) of bt.idx whose terminal is `name` (SV_NULL: none). */
static void terminal_range(const report_model *m, const by_terminal *bt, sv name, size_t *from, size_t *to) {
    size_t lo = 0, hi = bt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_sv(RM_FINDING(m, bt->idx[mid]).terminal, name) < 0) lo = mid + 1;
        else hi = mid;
    }
    *from = lo;
    while (lo < bt->n && cmp_sv(RM_FINDING(m, bt->idx[lo]).terminal, name) == 0) lo++;
    *to = lo;
}

/* Seven small boxes, filled for the stages that have findings; the table's
 * heading names the stages in order. */
static void stage_strip(buf *b, const report_model *m, const by_terminal *bt, size_t from, size_t to) {
    bool on[KILL_CHAIN_STAGES + 1] = {false};
    for (size_t i = from; i < to; i++) on[stage_of(&RM_FINDING(m, bt->idx[i]))] = true;
    buf_puts(b, "<span class=\"kcm\">");
    for (int s = 0; s < KILL_CHAIN_STAGES; s++) buf_puts(b, on[s] ? "<i class=\"on\"></i>" : "<i></i>");
    buf_puts(b, "</span>");
}

static void finding_item(buf *b, const rm_finding *f, bool with_terminal) {
    buf_printf(b, "<li class=\"finding\">");
    severity_badge(b, f->severity);
    buf_puts(b, " <strong>");
    html_escape_max(b, f->title, 300);
    buf_puts(b, "</strong> <span class=\"t\">");
    when_range(b, f->first_ms, f->last_ms);
    buf_puts(b, "</span>");
    if (with_terminal && f->terminal.p) {
        buf_printf(b, " <span class=\"lbl\">%s</span> ", L("terminal", "端末"));
        html_escape_max(b, f->terminal, 200);
    }
    if (f->destination.p) {
        buf_printf(b, " <span class=\"lbl\">%s</span> <span class=\"host\">", L("destination", "接続先"));
        html_escape_max(b, f->destination, 300);
        buf_puts(b, "</span>");
    }
    name_list(b, L("hosts", "ホスト"), f->hosts, f->host_count);
    name_list(b, L("accounts", "アカウント"), f->accounts, f->account_count);
    buf_puts(b, " ");
    attack_ids(b, f->attack);
    buf_puts(b, " <span class=\"det\">");
    html_escape_max(b, f->detector, 60);
    buf_puts(b, "</span>");
    string_list(b, f->facts, "facts");
    citations(b, f->evidence);
    buf_puts(b, "</li>\n");
}

/* The findings [from, to) of bt, already sorted by stage, as an <ol> of stages. */
static void kill_chain_list(buf *b, const report_model *m, const by_terminal *bt, size_t from, size_t to,
                            bool with_terminal) {
    buf_puts(b, "<ol class=\"kc\">\n");
    int stage = -1;
    for (size_t i = from; i < to; i++) {
        const rm_finding *f = &RM_FINDING(m, bt->idx[i]);
        int s = stage_of(f);
        if (s != stage) {
            if (stage >= 0) buf_puts(b, "</ul></li>\n");
            buf_printf(b, "<li class=\"stage st%d\"><span class=\"stage-name\">", s);
            if (s < KILL_CHAIN_STAGES) html_escape_cstr(b, kill_chain_stage_label(s));
            else stage_name(b, f->kill_chain);
            buf_puts(b, "</span><ul>\n");
            stage = s;
        }
        finding_item(b, f, with_terminal);
    }
    if (stage >= 0) buf_puts(b, "</ul></li>\n");
    buf_puts(b, "</ol>\n");
}

/* A terminal's destinations (JSON array of names) with their chart colours. */
static void terminal_destinations(buf *b, const hmap *colour_of, sv column) {
    json_t *arr = parse_json(column);
    if (!json_is_array(arr)) {
        if (column.p) html_escape_max(b, column, 300);
        json_decref(arr);
        return;
    }
    size_t n = json_array_size(arr), shown = MIN(n, (size_t)SECTION_LIST_ITEMS);
    for (size_t i = 0; i < shown; i++) {
        json_t *name = json_array_get(arr, i);
        if (!json_is_string(name)) continue;
        hmap_slot *slot = hmap_get(colour_of, json_sv(name));
        if (i) buf_puts(b, ", ");
        if (slot) swatch(b, (int)slot->val.u64 - 1);
        buf_puts(b, "<span class=\"host\">");
        html_escape_max(b, json_sv(name), 200);
        buf_puts(b, "</span>");
    }
    if (n > shown) {
        buf_puts(b, ", ");
        when_count(b, (int64_t)(n - shown));
        buf_puts(b, L(" more", " 件ほか"));
    }
    json_decref(arr);
}

static void terminal_table(buf *b, const report_model *m, const by_terminal *bt, const hmap *colour_of) {
    const char *heads[] = {"#", L("Terminal", "端末"), L("Status", "状態"), L("First – last suspicious", "不審な通信の最初 – 最後"),
                           L("Requests", "通信数"), L("Out", "送信"), L("In", "受信")};
    buf_puts(b, "<table class=\"terms\"><thead><tr>");
    th_cells(b, heads, ARRAY_LEN(heads));
    buf_puts(b, "<th>"); /* the kill-chain strip: name its seven boxes */
    html_escape_cstr(b, L("Kill chain", "キルチェーン"));
    buf_puts(b, "<span class=\"kcnames\">");
    for (int s = 0; s < KILL_CHAIN_STAGES; s++) {
        buf_puts(b, s ? " \xe2\x80\xba " : "");
        html_escape_cstr(b, kill_chain_stage_label(s));
    }
    buf_printf(b, "</span></th><th>%s</th></tr></thead>\n<tbody>\n", L("Destinations", "接続先"));
    size_t n = MIN(m->terminals.len, (size_t)SECTION_TABLE_ROWS);
    for (size_t r = 0; r < n; r++) {
        const rm_terminal *t = &RM_TERM(m, r);
        size_t from, to;
        terminal_range(m, bt, t->name, &from, &to);
        buf_printf(b, "<tr><td class=\"n\">%zu</td><td class=\"name\">", r + 1);
        if (r < SECTION_TERMINAL_DETAILS && from < to) buf_printf(b, "<a href=\"#t%zu\">", r + 1);
        html_escape_max(b, t->name, 200);
        if (r < SECTION_TERMINAL_DETAILS && from < to) buf_puts(b, "</a>");
        buf_printf(b, "</td><td>%s</td><td class=\"t\">",
                   t->success ? L("<span class=\"st-inf\">got through</span>", "<span class=\"st-inf\">成功あり</span>")
                              : L("<span class=\"st-fo\">failed only</span>", "<span class=\"st-fo\">失敗のみ</span>"));
        when_range(b, t->first_ms, t->last_ms);
        buf_puts(b, "</td>");
        td_count(b, t->requests);
        td_bytes(b, t->bytes_out);
        td_bytes(b, t->bytes_in);
        buf_puts(b, "<td>");
        stage_strip(b, m, bt, from, to);
        buf_puts(b, "</td><td>");
        terminal_destinations(b, colour_of, t->destinations);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</tbody></table>\n");
    if (m->terminals.len > n) {
        buf_puts(b, "<ul>");
        more_items(b, m->terminals.len - n);
        buf_puts(b, "</ul>\n");
    }
}

void section_terminals(buf *b, const report_model *m) {
    by_terminal bt = findings_by_terminal(m);
    hmap colour_of; /* destination name -> colour + 1 */
    hmap_init(&colour_of);
    for (size_t i = 0; i < m->destinations.len; i++)
        hmap_put(&colour_of, RM_DEST(m, i).name, NULL)->val.u64 = (uint64_t)(RM_DEST(m, i).colour + 1);

    buf_printf(b, "<section id=\"terminals\">\n<h2>%s</h2>\n", L("Terminals", "端末"));
    buf_printf(b, "<p>%s</p>\n",
               L("Every terminal that sent a request to a suspicious destination, in the chart's order "
                 "(first suspicious request first).",
                 "不審な接続先に通信した全端末 (図と同じく、最初の不審な通信が早い順)。"));
    if (!m->terminals.len) buf_printf(b, "<p>%s</p>\n", L("None.", "なし。"));
    else terminal_table(b, m, &bt, &colour_of);

    buf_printf(b, "<h3>%s</h3>\n", L("Findings along the kill chain, per terminal", "端末ごとの検知 (キルチェーン順)"));
    size_t detailed = 0, with_findings = 0;
    for (size_t r = 0; r < m->terminals.len; r++) {
        const rm_terminal *t = &RM_TERM(m, r);
        size_t from, to;
        terminal_range(m, &bt, t->name, &from, &to);
        if (from == to) continue;
        with_findings++;
        if (r >= SECTION_TERMINAL_DETAILS) continue;
        detailed++;
        buf_printf(b, "<article class=\"term\" id=\"t%zu\"><h4><span class=\"rownum\">#%zu</span> ", r + 1, r + 1);
        html_escape_max(b, t->name, 200);
        buf_printf(b, " <span class=\"%s\">%s</span></h4>\n", t->success ? "st-inf" : "st-fo",
                   t->success ? L("got through", "成功あり") : L("failed only", "失敗のみ"));
        kill_chain_list(b, m, &bt, from, to, false);
        buf_puts(b, "</article>\n");
    }
    if (with_findings > detailed) {
        buf_printf(b, "<p class=\"note\">");
        when_count(b, (int64_t)(with_findings - detailed));
        buf_printf(b, "%s</p>\n",
                   L(" later terminals with findings are listed in the table only; "
                     "the store holds all their findings.",
                     " 台の後続端末は表のみに記載しています。検知の全件はストアにあります。"));
    }
    size_t from, to;
    terminal_range(m, &bt, SV_NULL, &from, &to);
    size_t win_from = from; /* the Windows event findings end the range (cmp_finding_terminal) */
    while (win_from < to && !RM_FINDING(m, bt.idx[win_from]).hosts.n) win_from++;
    if (from < win_from) {
        buf_printf(b, "<h3>%s</h3>\n", L("Findings not tied to one terminal", "特定の端末に結び付かない検知"));
        kill_chain_list(b, m, &bt, from, win_from, false);
    }
    if (win_from < to) {
        buf_printf(b, "<h3>%s</h3>\n", L("Findings in Windows event logs", "Windows イベントログの検知"));
        buf_printf(b, "<p>%s</p>\n",
                   L("Lateral movement and privilege abuse (mitsuke winlog's detectors), with every host and account "
                     "involved.",
                     "侵入拡大と権限の悪用 (mitsuke winlog の検知器)。関係するホストとアカウントをすべて示す。"));
        kill_chain_list(b, m, &bt, win_from, to, false);
    }
    if (!m->findings.len) buf_printf(b, "<p>%s</p>\n", L("No findings.", "検知なし。"));
    buf_puts(b, "</section>\n");
    hmap_free(&colour_of);
    free(bt.idx);
}

/* ---- kill-chain overview ------------------------------------------------- */

void section_killchain(buf *b, const report_model *m) {
    buf_printf(b, "<section id=\"killchain\">\n<h2>%s</h2>\n", L("Kill chain", "キルチェーン"));
    buf_printf(b, "<p>%s</p>\n",
               L("Findings per stage of the cyber kill chain, with the MITRE ATT&amp;CK techniques they were tagged with.",
                 "サイバーキルチェーンの段階ごとの検知数と、付与された MITRE ATT&amp;CK の技術 ID。"));
    const char *heads[] = {L("Stage", "段階"), L("Findings", "検知"), L("Terminals", "端末"),
                           L("First", "最初"), L("ATT&CK", "ATT&CK")};
    buf_puts(b, "<table class=\"kctable\">");
    th_row(b, heads, ARRAY_LEN(heads));
    buf_puts(b, "<tbody>\n");
    for (int s = 0; s <= KILL_CHAIN_STAGES; s++) {
        size_t count = 0;
        int64_t first = MTIME_NONE;
        hmap terms, ids;
        hmap_init(&terms);
        hmap_init(&ids);
        for (size_t i = 0; i < m->findings.len; i++) {
            const rm_finding *f = &RM_FINDING(m, i);
            if (stage_of(f) != s) continue;
            count++;
            if (f->first_ms != MTIME_NONE && (first == MTIME_NONE || f->first_ms < first)) first = f->first_ms;
            if (f->terminal.p) hmap_put(&terms, f->terminal, NULL);
            json_t *arr = parse_json(f->attack);
            for (size_t k = 0; json_is_array(arr) && k < json_array_size(arr); k++)
                if (json_is_string(json_array_get(arr, k)) && hmap_len(&ids) < 64)
                    hmap_put(&ids, json_sv(json_array_get(arr, k)), NULL);
            json_decref(arr);
        }
        if (s < KILL_CHAIN_STAGES || count) {
            buf_printf(b, "<tr class=\"%s\"><td class=\"stage-name\">", count ? "on" : "off");
            html_escape_cstr(b, kill_chain_stage_label(s));
            buf_puts(b, "</td>");
            td_count(b, (int64_t)count);
            td_count(b, (int64_t)hmap_len(&terms));
            buf_puts(b, "<td class=\"t\">");
            when_time(b, first);
            buf_puts(b, "</td><td>");
            for (size_t k = 0; k < hmap_len(&ids); k++) {
                hmap_slot *id = hmap_at(&ids, k);
                buf_puts(b, "<span class=\"attack\">");
                html_escape_max(b, sv_make(id->key, id->klen), 32);
                buf_puts(b, "</span> ");
            }
            buf_puts(b, "</td></tr>\n");
        }
        hmap_free(&terms);
        hmap_free(&ids);
    }
    buf_puts(b, "</tbody></table>\n</section>\n");
}

/* ---- coverage ------------------------------------------------------------ */

void section_coverage(buf *b, const report_model *m) {
    buf_printf(b, "<section id=\"coverage\">\n<h2>%s</h2>\n", L("Log coverage", "ログの範囲と欠損"));
    const char *heads[] = {L("Source", "ソース"), L("Format", "形式"), L("Records", "件数"),
                           L("Not understood", "解析不能"), L("Skipped", "読み飛ばし"), L("First – last", "最初 – 最後"),
                           L("Error", "エラー")};
    buf_puts(b, "<table class=\"sources\">");
    th_row(b, heads, ARRAY_LEN(heads));
    buf_puts(b, "<tbody>\n");
    for (size_t i = 0; i < m->sources.len; i++) {
        const rm_source *s = &RM_SOURCE(m, i);
        buf_puts(b, "<tr><td class=\"name\"><code>");
        html_escape_max(b, s->path, 300);
        buf_puts(b, "</code></td><td>");
        html_escape_max(b, s->format, 40);
        if (s->codec.p && s->codec.n && !sv_eq_cstr(s->codec, "plain")) {
            buf_puts(b, " (");
            html_escape_max(b, s->codec, 20);
            buf_puts(b, ")");
        }
        buf_puts(b, "</td>");
        td_count(b, s->records);
        td_count(b, s->unparsed);
        td_count(b, s->skipped);
        buf_puts(b, "<td class=\"t\">");
        when_range(b, s->first_ms, s->last_ms);
        buf_puts(b, "</td><td>");
        html_escape_max(b, s->error, 300);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</tbody></table>\n");

    buf_printf(b, "<h3>%s</h3>\n", L("Coverage gaps", "欠損"));
    if (!m->gaps.len) {
        buf_printf(b, "<p>%s</p>\n", L("No gap found.", "欠損は見つかりませんでした。"));
    } else {
        const char *h2[] = {L("Where", "範囲"), L("From – to", "開始 – 終了"), L("Length", "長さ")};
        buf_puts(b, "<table class=\"gaps\">");
        th_row(b, h2, ARRAY_LEN(h2));
        buf_puts(b, "<tbody>\n");
        for (size_t i = 0; i < m->gaps.len; i++) {
            const rm_gap *g = &RM_GAP(m, i);
            buf_printf(b, "<tr%s><td>", g->source == -1 ? " class=\"all\"" : "");
            if (g->source == -1) buf_puts(b, L("all sources (no log at all)", "全ソース (ログなし)"));
            else if (g->source >= 0) {
                buf_puts(b, "<code>");
                html_escape_max(b, RM_SOURCE(m, (size_t)g->source).path, 300);
                buf_puts(b, "</code>");
            } else buf_puts(b, L("a source not listed in the store", "ストアに記録のないソース"));
            buf_puts(b, "</td><td class=\"t\">");
            when_range(b, g->start_ms, g->end_ms);
            buf_puts(b, "</td><td class=\"n\">");
            when_duration(b, g->end_ms - g->start_ms);
            buf_puts(b, "</td></tr>\n");
        }
        buf_puts(b, "</tbody></table>\n");
    }
    buf_puts(b, "</section>\n");
}

/* ---- events -------------------------------------------------------------- */

void section_events(buf *b, const report_events *ev) {
    if (!ev || !ev->items.len) return;
    buf_printf(b, "<section id=\"events\">\n<h2>%s</h2>\n<table class=\"events\">", L("Known events", "既知の出来事"));
    const char *heads[] = {L("Time", "時刻"), L("Event", "出来事"), L("Kind", "種別")};
    th_row(b, heads, ARRAY_LEN(heads));
    buf_puts(b, "<tbody>\n");
    for (size_t i = 0; i < ev->items.len; i++) {
        const report_event *e = &REPORT_EVENT(ev, i);
        buf_puts(b, "<tr><td class=\"t\">");
        when_time(b, e->ms);
        buf_puts(b, "</td><td>");
        html_escape(b, e->label);
        buf_puts(b, "</td><td>");
        html_escape(b, e->kind);
        buf_puts(b, "</td></tr>\n");
    }
    buf_puts(b, "</tbody></table>\n</section>\n");
}
