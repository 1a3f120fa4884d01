/* report.c - assembling the HTML page; see report.h.
 *
 * The page is built in memory first: the stylesheet (fixed rules plus one
 * colour rule per destination) and the script must be hashed for the
 * Content-Security-Policy, which has to come before them in <head>. Then it is
 * written out in one go:
 *
 *   <head>  charset, CSP, referrer policy, title, <style>
 *   <body>  header, table of contents, the sections (sections.h) with the
 *           chart (chart.h), the tooltip element, the JSON data block
 *           (html-safe JSON: no '<' can end the block), the <script>. */
#include "report/report.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "report/assets.h"
#include "report/chart.h"
#include "report/html.h"
#include "report/labels.h"
#include "report/model.h"
#include "report/sections.h"
#include "report/when.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* "'sha256-BASE64'" for a CSP source list. */
static void csp_hash(buf *b, const char *text, size_t n) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    crypto_hash_sha256(digest, (const unsigned char *)text, n);
    sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL);
    buf_printf(b, "'sha256-%s'", b64);
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void write_header(buf *b, const report_model *m, const report_options *opts) {
    buf_printf(b, "<header class=\"top\"><h1>%s</h1>\n<p class=\"sub\">",
               L("Investigation report: suspicious communication", "調査報告: 不審な通信"));
    buf_puts(b, L("Store: ", "ストア: "));
    buf_puts(b, "<code>");
    html_escape_max(b, sv_cstr(opts->store_label ? opts->store_label : "-"), 300);
    buf_puts(b, "</code> &middot; ");
    buf_puts(b, L("written ", "作成 "));
    when_time(b, now_ms());
    buf_puts(b, " &middot; ");
    buf_puts(b, L("times in ", "時刻の表示: "));
    html_escape_cstr(b, display_zone_name());
    buf_printf(b, " &middot; mitsuke %s", MITSUKE_VERSION);
    buf_puts(b, "</p>\n");
    if (m->command.p) {
        buf_printf(b, "<p class=\"sub\">%s <code>", L("Scan:", "スキャン:"));
        html_escape_max(b, m->command, 400);
        buf_puts(b, "</code>");
        if (m->created_ms != MTIME_NONE) {
            buf_puts(b, " (");
            when_time(b, m->created_ms);
            buf_puts(b, ")");
        }
        buf_puts(b, "</p>\n");
    }
    buf_puts(b, "</header>\n");
}

static void write_toc(buf *b, const report_options *opts) {
    struct {
        const char *id, *label;
    } items[] = {
        {"summary", L("Summary", "概要")},
        {"timeline", L("Timeline", "通信状況図")},
        {"destinations", L("Destinations", "接続先")},
        {"terminals", L("Terminals", "端末")},
        {"killchain", L("Kill chain", "キルチェーン")},
        {"coverage", L("Log coverage", "ログの範囲")},
        {"events", L("Known events", "既知の出来事")},
    };
    buf_puts(b, "<nav class=\"toc\">");
    for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
        if (!strcmp(items[i].id, "events") && !(opts->events && opts->events->items.len)) continue;
        buf_printf(b, "<a href=\"#%s\">%s</a>", items[i].id, items[i].label);
    }
    buf_puts(b, "</nav>\n");
}

static void write_timeline_section(buf *b, const chart *c) {
    buf_printf(b, "<section id=\"timeline\">\n<h2>%s</h2>\n<p>%s",
               L("Terminals and suspicious communication over time", "感染端末と不審な通信"),
               L("One row per terminal (earliest first suspicious request at the top), one column per 10 minutes, "
                 "hour or day. A coloured cell: a request to that destination got through in that period; grey: "
                 "requests, none of which got through; shaded: no log records. Hover over a cell for the counts.",
                 "1行が1台の端末 (最初の不審な通信が早い順)、1列が10分・1時間・1日。色付き: その時間帯に接続先との通信が"
                 "成功、灰色: 通信はあったがすべて失敗、網掛け: ログなし。セルにマウスを置くと件数を表示します。"));
    if (c->present[VIEW_10MIN])
        buf_printf(b, " %s", L("Click a cell of the hourly or daily view to see its time in 10-minute columns.",
                               "1時間・1日単位の図のセルをクリックすると、その時刻を10分単位で表示します。"));
    buf_puts(b, "</p>\n");
    chart_write_html(b, c);
    buf_puts(b, "</section>\n");
}

static void write_data(buf *b, const chart *c) {
    jw w;
    jw_init(&w, b);
    w.html_safe = true;
    jw_obj_begin(&w);
    jw_key(&w, "lang");
    jw_cstr(&w, lang_get() == LANG_JA ? "ja" : "en");
    jw_key(&w, "zone");
    jw_cstr(&w, display_zone_name());
    jw_key(&w, "labels");
    labels_write_js(&w);
    jw_key(&w, "chart");
    chart_write_data(&w, c);
    jw_obj_end(&w);
}

static void fill_stats(report_stats *st, const report_model *m, const chart *c) {
    memset(st, 0, sizeof *st);
    st->terminals = m->terminals.len;
    for (size_t i = 0; i < m->terminals.len; i++) st->failed_only += !RM_TERM(m, i).success;
    for (size_t i = 0; i < m->destinations.len; i++) st->suspicious_destinations += RM_DEST(m, i).suspicious;
    for (size_t i = 0; i < m->gaps.len; i++) st->gaps += RM_GAP(m, i).source == -1;
    st->findings = m->findings.len;
    st->rows_drawn = c->rows;
    st->hour_view = c->present[VIEW_HOUR];
    st->tenmin_view = c->present[VIEW_10MIN];
    if (st->tenmin_view) {
        st->tenmin_from_ms = c->views[VIEW_10MIN].col_start[0];
        st->tenmin_to_ms = c->views[VIEW_10MIN].col_start[c->views[VIEW_10MIN].ncols];
    }
    st->initial_view = c->initial == VIEW_10MIN ? "10min" : c->initial == VIEW_HOUR ? "hour" : "day";
}

int report_write_html(sqlite3 *db, const report_options *opts, FILE *out, char *err, size_t errsz) {
    report_model m;
    if (!report_model_load(db, &m, err, errsz)) return -1;
    tenmin_plan plan;
    if (!chart_load_10min(db, &m, opts->focus_day, &plan, err, errsz)) {
        report_model_free(&m);
        return -1;
    }
    chart c;
    if (!chart_init(&c, &m, opts->events, opts->bucket, &plan, err, errsz)) {
        report_model_free(&m);
        return -3;
    }
    if (sodium_init() < 0) {
        snprintf(err, errsz, "libsodium failed to initialise");
        chart_free(&c);
        report_model_free(&m);
        return -1;
    }
    buf style = {0}, page = {0};
    buf_puts(&style, report_css);
    chart_write_css(&style, &c);

    buf_puts(&page, "<!DOCTYPE html>\n<html lang=\"");
    buf_puts(&page, lang_get() == LANG_JA ? "ja" : "en");
    buf_puts(&page, "\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src ");
    csp_hash(&page, report_js, strlen(report_js));
    buf_puts(&page, "; style-src ");
    csp_hash(&page, style.p, style.len);
    buf_puts(&page, "; img-src 'none'; base-uri 'none'; form-action 'none'\">\n"
                    "<meta name=\"referrer\" content=\"no-referrer\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    buf_printf(&page, "<meta name=\"generator\" content=\"mitsuke %s\">\n<title>mitsuke: %s</title>\n<style>",
               MITSUKE_VERSION, L("investigation report", "調査報告"));
    buf_put(&page, style.p, style.len);
    buf_puts(&page, "</style>\n</head>\n<body>\n");
    write_header(&page, &m, opts);
    write_toc(&page, opts);
    buf_puts(&page, "<main>\n");
    section_summary(&page, &m);
    write_timeline_section(&page, &c);
    section_destinations(&page, &m);
    section_terminals(&page, &m);
    section_killchain(&page, &m);
    section_coverage(&page, &m);
    section_events(&page, opts->events);
    buf_puts(&page, "</main>\n<footer>");
    buf_printf(&page, "%s mitsuke %s. %s", L("Written by", "作成:"), MITSUKE_VERSION,
               L("This file loads nothing from the network and can be read offline and printed.",
                 "このファイルはネットワークから何も読み込まず、オフラインで閲覧・印刷できます。"));
    buf_puts(&page, "</footer>\n<div id=\"tip\" role=\"tooltip\" hidden></div>\n"
                    "<script type=\"application/json\" id=\"mitsuke-data\">");
    write_data(&page, &c);
    buf_puts(&page, "</script>\n<script>");
    buf_puts(&page, report_js);
    buf_puts(&page, "</script>\n</body>\n</html>\n");

    if (opts->stats) {
        fill_stats(opts->stats, &m, &c);
        opts->stats->day_outside = plan.day_outside;
    }
    int rc = 0;
    if (buf_flush(&page, out) < 0 || fflush(out) != 0) {
        snprintf(err, errsz, "write error");
        rc = -2;
    }
    buf_free(&page);
    buf_free(&style);
    chart_free(&c);
    report_model_free(&m);
    return rc;
}
