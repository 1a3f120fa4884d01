/* coverage_out.c - coverage as JSON objects and as a text table; see coverage_out.h. */
#include "report/coverage_out.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "io/sources.h"
#include "report/texttable.h"

#include <math.h>
#include <string.h>

static void json_gaps(jw *w, const vec *gaps) {
    jw_key(w, "gaps");
    jw_arr_begin(w);
    for (size_t i = 0; i < gaps->len; i++) {
        const gap *g = &VEC_AT(gaps, gap, i);
        jw_obj_begin(w);
        jw_key(w, "start");
        jw_time(w, g->start_ms);
        jw_key(w, "end");
        jw_time(w, g->end_ms);
        jw_key(w, "minutes");
        jw_int(w, (g->end_ms - g->start_ms) / 60000);
        jw_key(w, "expected");
        jw_int(w, (int64_t)llround(g->expected));
        jw_key(w, "basis");
        jw_cstr(w, gap_basis_name(g->basis));
        jw_obj_end(w);
    }
    jw_arr_end(w);
}

static void json_counts(jw *w, uint64_t records, uint64_t unparsed, uint64_t skipped, uint64_t too_long, int64_t first,
                        int64_t last) {
    jw_key(w, "records");
    jw_int(w, (int64_t)records);
    jw_key(w, "unparsed");
    jw_int(w, (int64_t)unparsed);
    jw_key(w, "skipped");
    jw_int(w, (int64_t)skipped);
    jw_key(w, "too_long");
    jw_int(w, (int64_t)too_long);
    jw_key(w, "first");
    jw_time(w, first);
    jw_key(w, "last");
    jw_time(w, last);
}

void coverage_json_source(jw *w, const coverage_source *cs) {
    const ingest_stats *st = &cs->st;
    jw_obj_begin(w);
    jw_key(w, "scope");
    jw_cstr(w, "source");
    jw_key(w, "source");
    jw_cstr(w, st->src->name);
    jw_key(w, "format");
    jw_cstr(w, st->fmt ? st->fmt->name : NULL);
    jw_key(w, "codec");
    jw_cstr(w, st->opened ? stream_codec_name(st->codec) : NULL);
    json_counts(w, st->records, st->unparsed, st->skipped, st->too_long, st->first_ms, st->last_ms);
    jw_key(w, "bytes");
    jw_int(w, (int64_t)st->bytes);
    jw_key(w, "unparsed_samples");
    jw_arr_begin(w);
    for (unsigned i = 0; i < st->bad_count; i++) {
        jw_obj_begin(w);
        jw_key(w, "line");
        jw_int(w, (int64_t)st->bad_lines[i]);
        jw_key(w, "offset");
        jw_int(w, (int64_t)st->bad_offsets[i]);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "complete");
    jw_bool(w, st->opened && !st->read_error);
    jw_key(w, "error");
    jw_cstr(w, st->error[0] ? st->error : NULL);
    json_gaps(w, &cs->gaps);
    jw_obj_end(w);
}

void coverage_json_all(jw *w, const coverage *c, unsigned paths_failed) {
    jw_obj_begin(w);
    jw_key(w, "scope");
    jw_cstr(w, "all");
    jw_key(w, "sources");
    jw_int(w, (int64_t)coverage_count(c));
    jw_key(w, "sources_failed");
    jw_int(w, c->failed);
    jw_key(w, "paths_failed");
    jw_int(w, paths_failed);
    json_counts(w, c->records, c->unparsed, c->skipped, c->too_long, c->first_ms, c->last_ms);
    jw_key(w, "histogram_complete");
    jw_bool(w, c->all.dropped == 0);
    json_gaps(w, &c->gaps);
    jw_obj_end(w);
}

/* ---- text ----------------------------------------------------------- */

/* "2015-05-10 20:01" in the display zone, or "-". */
static const char *short_time(int64_t ms, char *out) {
    if (ms == MTIME_NONE) return "-";
    char iso[MTIME_BUFSZ];
    mtime_format_iso(ms, false, iso);
    snprintf(out, MTIME_BUFSZ, "%.10s %.5s", iso, iso + 11);
    return out;
}

static const char *duration(int64_t ms, char *out, size_t len) {
    int64_t m = ms / 60000, d = m / 1440, h = m / 60 % 24, mi = m % 60;
    if (d)
        snprintf(out, len, L("%lldd%02lldh%02lldm", "%lld日%lld時間%lld分"), (long long)d, (long long)h, (long long)mi);
    else if (m >= 60)
        snprintf(out, len, L("%lldh%02lldm", "%lld時間%lld分"), (long long)h, (long long)mi);
    else
        snprintf(out, len, L("%lldm", "%lld分"), (long long)mi);
    return out;
}

static void count_cell(ttable *t, uint64_t v) {
    char b[32];
    tt_cell(t, fmt_count(v, b));
}

static void table_row(ttable *t, const char *num, const char *fmt, const char *codec, uint64_t records,
                      uint64_t unparsed, uint64_t skipped, uint64_t too_long, int64_t first, int64_t last,
                      const char *name) {
    char b[MTIME_BUFSZ];
    tt_cell(t, num);
    tt_cell(t, fmt);
    tt_cell(t, codec);
    count_cell(t, records);
    count_cell(t, unparsed);
    count_cell(t, skipped);
    count_cell(t, too_long);
    tt_cell(t, short_time(first, b));
    tt_cell(t, short_time(last, b));
    tt_cell(t, name);
}

static void print_sources(FILE *f, const coverage *c) {
    ttable t;
    tt_init(&t, 10);
    for (size_t col = 3; col <= 6; col++)
        tt_align_right(&t, col);
    tt_align_right(&t, 0);
    tt_cell(&t, "#");
    tt_cell(&t, L("format", "形式"));
    tt_cell(&t, L("codec", "圧縮"));
    tt_cell(&t, L("records", "レコード"));
    tt_cell(&t, L("unparsed", "解析不能"));
    tt_cell(&t, L("skipped", "読み飛ばし"));
    tt_cell(&t, L("too long", "長すぎる行"));
    tt_cell(&t, L("first", "最初"));
    tt_cell(&t, L("last", "最後"));
    tt_cell(&t, L("source", "ソース"));
    for (size_t i = 0; i < coverage_count(c); i++) {
        const ingest_stats *st = &coverage_at(c, i)->st;
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        table_row(&t, num, st->fmt ? st->fmt->name : "-", st->opened ? stream_codec_name(st->codec) : "-", st->records,
                  st->unparsed, st->skipped, st->too_long, st->first_ms, st->last_ms, st->src->name);
    }
    if (coverage_count(c) > 1)
        table_row(&t, "", L("all", "全体"), "", c->records, c->unparsed, c->skipped, c->too_long, c->first_ms,
                  c->last_ms, "");
    tt_print(&t, f, 2);
    tt_free(&t);
}

static void print_unparsed(FILE *f, const coverage *c) {
    bool any = false;
    for (size_t i = 0; i < coverage_count(c); i++) {
        const ingest_stats *st = &coverage_at(c, i)->st;
        if (!st->bad_count) continue;
        if (!any)
            fprintf(f, "\n%s\n",
                    L("Lines that could not be parsed (the first few of each source; all are counted above):",
                      "解析できなかった行 (各ソースの最初の数件。件数はすべて上の表に計上):"));
        any = true;
        fprintf(f, "  %zu  ", i + 1);
        for (unsigned k = 0; k < st->bad_count; k++)
            fprintf(f, L("%sline %llu (offset %llu)", "%s%llu 行目 (オフセット %llu)"), k ? L(", ", "、") : "",
                    (unsigned long long)st->bad_lines[k], (unsigned long long)st->bad_offsets[k]);
        if (st->unparsed > st->bad_count)
            fprintf(f, L(" and %llu more", " ほか %llu 件"), (unsigned long long)(st->unparsed - st->bad_count));
        fputc('\n', f);
    }
}

static void print_problems(FILE *f, const coverage *c, unsigned paths_failed) {
    bool any = false;
    const char *title = L("Problems:", "問題:");
    for (size_t i = 0; i < coverage_count(c); i++) {
        const coverage_source *cs = coverage_at(c, i);
        const ingest_stats *st = &cs->st;
        const char *what = NULL;
        char line[512];
        if (!st->opened) {
            snprintf(line, sizeof line, "%s", st->error);
            what = line;
        } else if (st->read_error && st->fmt && !strcmp(st->fmt->name, "evtx")) {
            /* .evtx damage does not stop the reading (formats.md, "EVTX") */
            char n[32];
            snprintf(line, sizeof line, L("%s (the first damage); the %s good records were used",
                                          "%s (最初の損傷箇所)。正常な %s 件は使用"),
                     st->error, fmt_count(st->records, n));
            what = line;
        } else if (st->read_error) {
            char n[32];
            snprintf(line, sizeof line, L("%s; the %s records before it were used", "%s (それ以前の %s 件は使用)"),
                     st->error, fmt_count(st->records, n));
            what = line;
        } else if (!st->fmt && st->unparsed) {
            what = L("log format not recognised; its lines are counted as unparsed (name it with --format)",
                     "ログ形式を判定できない。行はすべて解析不能として計上 (--format で指定可能)");
        } else if (st->error[0]) {
            what = st->error;
        }
        if (cs->dropped) {
            snprintf(line, sizeof line,
                     L("timestamps spread over too many minutes; %llu records left out of the gap analysis",
                       "時刻が広範囲に散らばりすぎ。%llu 件を欠損の判定から除外"),
                     (unsigned long long)cs->dropped);
            what = line;
        }
        if (!what) continue;
        if (!any) fprintf(f, "\n%s\n", title);
        any = true;
        fprintf(f, "  %zu  %s\n", i + 1, what);
    }
    if (paths_failed) {
        if (!any) fprintf(f, "\n%s\n", title);
        fprintf(f,
                L("  %u input path(s) could not be used (see the messages above)\n",
                  "  入力パス %u 件を使用できなかった (上のメッセージを参照)\n"),
                paths_failed);
    }
}

static void gap_row(ttable *t, const char *who, const gap *g) {
    char a[MTIME_BUFSZ], b[MTIME_BUFSZ], d[48], e[32];
    tt_cell(t, who);
    tt_cellf(t, "%s %s %s", short_time(g->start_ms, a), L("-", "〜"), short_time(g->end_ms, b));
    tt_cell(t, duration(g->end_ms - g->start_ms, d, sizeof d));
    fmt_count((uint64_t)llround(g->expected), e);
    if (g->basis == GAP_EDGES)
        tt_cellf(t,
                 L("about %s records expected (judged on the neighbouring hours only: no comparable day in "
                   "these logs)",
                   "約 %s 件のレコードが見込まれる (前後の時間帯のみで判定: 比較できる日がログにない)"),
                 e);
    else
        tt_cellf(t, L("about %s records expected", "約 %s 件のレコードが見込まれる"), e);
}

static void print_gaps(FILE *f, const coverage *c) {
    size_t total = c->gaps.len;
    for (size_t i = 0; i < coverage_count(c); i++)
        total += coverage_at(c, i)->gaps.len;
    if (!total) {
        fprintf(f, "\n%s\n",
                L("No gaps: no silence while the hours around it were busy (docs/coverage.md).",
                  "欠損なし: 前後が多忙な時間帯に記録が途切れた期間はない (docs/coverage.md)。"));
        return;
    }
    fprintf(f, "\n%s\n",
            L("Gaps: no records while the hours around them were busy (docs/coverage.md):",
              "欠損: 前後の時間帯は記録が多いのにレコードがない期間 (docs/coverage.md):"));
    ttable t;
    tt_init(&t, 4);
    tt_align_right(&t, 2);
    if (coverage_count(c) > 1)
        for (size_t k = 0; k < c->gaps.len; k++)
            gap_row(&t, L("all", "全体"), &VEC_AT(&c->gaps, gap, k));
    for (size_t i = 0; i < coverage_count(c); i++) {
        const vec *gs = &coverage_at(c, i)->gaps;
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        for (size_t k = 0; k < gs->len; k++)
            gap_row(&t, num, &VEC_AT(gs, gap, k));
    }
    tt_print(&t, f, 2);
    tt_free(&t);
}

void coverage_print_text(FILE *f, const coverage *c, unsigned paths_failed) {
    char n[32];
    fprintf(f,
            L("Coverage of %zu source(s), %s records; times in %s\n\n",
              "カバレッジ: ソース %zu 件、レコード %s 件、時刻は %s\n\n"),
            coverage_count(c), fmt_count(c->records, n), display_zone_name());
    print_sources(f, c);
    print_unparsed(f, c);
    print_problems(f, c, paths_failed);
    print_gaps(f, c);
}
