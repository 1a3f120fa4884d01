/* readiness_out.c - `mitsuke readiness` as JSON lines and as text; see
 * readiness_out.h. */
#include "report/readiness_out.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "report/texttable.h"

#include <stdlib.h>
#include <string.h>

/* The channels every computer is checked for, in the order shown. */
static const struct {
    rd_chan_kind kind, alt;     /* alt: a second kind that counts as the same (RDP has two logs) */
    const char *label;
} shown_channels[] = {
    {RD_CH_SECURITY, RD_CH_SECURITY, "Security"},
    {RD_CH_SYSTEM, RD_CH_SYSTEM, "System"},
    {RD_CH_SYSMON, RD_CH_SYSMON, "Sysmon"},
    {RD_CH_POWERSHELL, RD_CH_POWERSHELL, "PowerShell"},
    {RD_CH_TASKSCHEDULER, RD_CH_TASKSCHEDULER, "TaskScheduler"},
    {RD_CH_WINRM, RD_CH_WINRM, "WinRM"},
    {RD_CH_RDP_LSM, RD_CH_RDP_RCM, "RDP"},
};
#define NSHOWN (sizeof shown_channels / sizeof shown_channels[0])

static bool channel_present(const rd_computer *c, size_t i) {
    const rd_channel *a = rd_channel_of(c, shown_channels[i].kind), *b = rd_channel_of(c, shown_channels[i].alt);
    return (a && a->records) || (b && b->records);
}

static const char *computer_label(const rd_computer *c) { return c->name[0] ? c->name : "(unknown)"; }

/* "48 seconds", "20 hours", "3 days". */
static const char *human_span(int64_t ms, char *out, size_t len) {
    long long s = ms / 1000;
    if (s < 120) snprintf(out, len, s == 1 ? L("%lld second", "%lld 秒") : L("%lld seconds", "%lld 秒"), s);
    else if (s < 7200) snprintf(out, len, L("%lld minutes", "%lld 分"), s / 60);
    else if (s < 3 * 86400) snprintf(out, len, L("%lld hours", "%lld 時間"), s / 3600);
    else snprintf(out, len, L("%lld days", "%lld 日"), s / 86400);
    return out;
}

static const char *iso(int64_t ms, char *out) {
    if (ms == MTIME_NONE) return "-";
    return mtime_format_iso(ms, false, out);
}

/* Text from a log, made printable, into the buffer. */
static void put_safe(buf *b, const char *s) { tt_put_text(b, sv_cstr(s), 0, ""); }

static int64_t needed_megabytes(const rd_gap *g) { return (g->needed_bytes + (1 << 20) - 1) >> 20; }

void readiness_gap_why(buf *b, const readiness *r, const rd_gap *g) {
    const rd_need_info *ni = rd_need_info_of(g->need);
    const rd_computer *c = g->computer >= 0 ? rd_at(r, (size_t)g->computer) : NULL;
    char span[64], target[64], t0[MTIME_BUFSZ], t1[MTIME_BUFSZ];
    switch (g->need) {
    case RD_NEED_SECURITY_RETENTION:
        human_span(g->last_ms - g->first_ms, span, sizeof span);
        human_span(r->target_ms, target, sizeof target);
        if (g->first_record_id > 1)
            buf_printf(b,
                       L("Security log on %s holds only %s (from %s to %s); records before id %lld were overwritten "
                         "(unless the log was cleared or only part of it was exported): raise the maximum log size "
                         "to hold at least %s.",
                         "%s の Security ログは %sしか保持していない (%s から %s)。ID %lld より前のレコードは上書き"
                         "された (ログの消去や一部だけのエクスポートでなければ)。少なくとも %s保持できるよう最大"
                         "サイズを大きくする。"),
                       computer_label(c), span, iso(g->first_ms, t0), iso(g->last_ms, t1),
                       (long long)g->first_record_id, target);
        else
            buf_printf(b,
                       L("The Security log of %s in the input covers only %s (from %s to %s) and carries no record "
                         "ids, so whether older records were overwritten cannot be told; it should hold at least %s.",
                         "入力にある %s の Security ログは %sだけ (%s から %s) で、レコード ID がないため古い"
                         "レコードが上書きされたか判断できない。少なくとも %s保持すべき。"),
                       computer_label(c), span, iso(g->first_ms, t0), iso(g->last_ms, t1), target);
        return;
    case RD_NEED_LOG_CLEARED: {
        const rd_clear *cl = &VEC_AT(&c->clears, rd_clear, g->clear);
        buf_printf(b,
                   L("The %s log on %s was cleared at %s by %s (event %d): ",
                     "%2$s の %1$s ログは %3$s に %4$s によって消去された (イベント %5$d)。"),
                   cl->log, computer_label(c), iso(cl->time_ms, t0),
                   cl->user[0] ? cl->user : L("an account not logged", "記録のないアカウント"), (int)cl->event_id);
        buf_puts(b, L("the events before it are gone from this computer.",
                      "それより前のイベントはこのコンピューターから失われている。"));
        return;
    }
    case RD_NEED_COMMAND_LINE:
        buf_puts(b, L(ni->why_en, ni->why_ja));
        buf_printf(b,
                   L(" (%llu 4688 events, none with a command line)", " (4688 が %llu 件、コマンド ライン付きは 0 件)"),
                   (unsigned long long)g->count);
        return;
    case RD_NEED_DC_LOGS:
        buf_puts(b, L(ni->why_en, ni->why_ja));
        if (g->count)
            buf_printf(b,
                       L(" %llu computer(s) logged 4776 (NTLM credential validation), which member computers also "
                         "log for local accounts; if one is a domain controller, its Kerberos auditing is off.",
                         " %llu 台のコンピューターが 4776 (NTLM の資格情報の確認) を記録しているが、これはメンバー "
                         "コンピューターもローカル アカウントについて記録する。その中にドメイン コントローラーが"
                         "あれば、その Kerberos の監査は無効になっている。"),
                       (unsigned long long)g->count);
        return;
    default: buf_puts(b, L(ni->why_en, ni->why_ja)); return;
    }
}

static void gap_setting(buf *b, const readiness *r, const rd_gap *g) {
    const rd_need_info *ni = rd_need_info_of(g->need);
    buf_puts(b, L(ni->setting_en, ni->setting_ja));
    if (g->need == RD_NEED_SECURITY_RETENTION && g->needed_bytes > 0) {
        char target[64];
        buf_printf(b, L(" At this log's rate, %s need about %lld MB (about 1 KB a record).",
                        "このログの記録の速さでは、%s保持するには約 %lld MB 必要 (1 レコード約 1 KB)。"),
                   human_span(r->target_ms, target, sizeof target), (long long)needed_megabytes(g));
    }
}

/* The commands of a gap, called with each; the retention one is computed. */
static size_t gap_commands(const rd_gap *g, char dyn[128], const char *out[4]) {
    const rd_need_info *ni = rd_need_info_of(g->need);
    size_t n = 0;
    if (g->need == RD_NEED_SECURITY_RETENTION) {
        int64_t mb = g->needed_bytes > 0 ? needed_megabytes(g) : 1024;
        if (mb < 1024) mb = 1024; /* never advise less than 1 GB */
        snprintf(dyn, 128, "wevtutil sl Security /ms:%lld", (long long)mb << 20);
        out[n++] = dyn;
        return n;
    }
    for (size_t i = 0; i < 3 && ni->commands[i]; i++) out[n++] = ni->commands[i];
    return n;
}

/* ---- JSON ---------------------------------------------------------------- */

static void json_gap(jw *w, buf *b, const readiness *r, const rd_gap *g) {
    const rd_need_info *ni = rd_need_info_of(g->need);
    const rd_computer *c = g->computer >= 0 ? rd_at(r, (size_t)g->computer) : NULL;
    buf text = {0};
    jw_obj_begin(w);
    jw_key(w, "kind");
    jw_cstr(w, "gap");
    jw_key(w, "computer");
    jw_cstr(w, c ? c->name : NULL);
    jw_key(w, "need");
    jw_cstr(w, ni->name);
    jw_key(w, "severity");
    jw_cstr(w, rd_severity_name(g->severity));
    jw_key(w, "question");
    jw_cstr(w, ni->question < RD_Q_COUNT ? rd_question_name(ni->question) : NULL);
    jw_key(w, "why");
    readiness_gap_why(&text, r, g);
    jw_str(w, sv_make(text.p, text.len));
    buf_clear(&text);
    jw_key(w, "setting");
    gap_setting(&text, r, g);
    jw_str(w, sv_make(text.p, text.len));
    jw_key(w, "commands");
    jw_arr_begin(w);
    char dyn[128];
    const char *cmds[4];
    size_t n = gap_commands(g, dyn, cmds);
    for (size_t i = 0; i < n; i++) jw_cstr(w, cmds[i]);
    jw_arr_end(w);
    if (g->need == RD_NEED_SECURITY_RETENTION) {
        jw_key(w, "first");
        jw_time(w, g->first_ms);
        jw_key(w, "last");
        jw_time(w, g->last_ms);
        jw_key(w, "hours");
        jw_double(w, (double)(g->last_ms - g->first_ms) / 3600000.0);
        jw_key(w, "first_record_id");
        if (g->first_record_id >= 0) jw_int(w, g->first_record_id);
        else jw_null(w);
        jw_key(w, "needed_bytes");
        if (g->needed_bytes > 0) jw_int(w, g->needed_bytes);
        else jw_null(w);
    } else if (g->need == RD_NEED_LOG_CLEARED) {
        const rd_clear *cl = &VEC_AT(&c->clears, rd_clear, g->clear);
        jw_key(w, "time");
        jw_time(w, cl->time_ms);
        jw_key(w, "log");
        jw_cstr(w, cl->log);
        jw_key(w, "user");
        jw_cstr(w, cl->user[0] ? cl->user : NULL);
        jw_key(w, "event_id");
        jw_int(w, cl->event_id);
    } else if (g->need == RD_NEED_COMMAND_LINE) {
        jw_key(w, "events_4688");
        jw_int(w, (int64_t)g->count);
    } else if (g->need == RD_NEED_DC_LOGS) {
        jw_key(w, "computers_with_4776");
        jw_int(w, (int64_t)g->count);
    }
    jw_obj_end(w);
    buf_putc(b, '\n');
    buf_free(&text);
}

static void json_channel(jw *w, buf *b, const rd_computer *c, const rd_channel *ch) {
    jw_obj_begin(w);
    jw_key(w, "kind");
    jw_cstr(w, "channel");
    jw_key(w, "computer");
    jw_cstr(w, c->name);
    jw_key(w, "channel");
    jw_cstr(w, ch->name);
    jw_key(w, "channel_kind");
    jw_cstr(w, rd_chan_kind_name(ch->kind));
    jw_key(w, "records");
    jw_int(w, (int64_t)ch->records);
    jw_key(w, "first");
    jw_time(w, ch->first_ms);
    jw_key(w, "last");
    jw_time(w, ch->last_ms);
    jw_key(w, "hours");
    if (ch->first_ms != MTIME_NONE) jw_double(w, (double)(ch->last_ms - ch->first_ms) / 3600000.0);
    else jw_null(w);
    jw_key(w, "record_id_first");
    if (ch->first_record_id >= 0) jw_int(w, ch->first_record_id);
    else jw_null(w);
    jw_key(w, "record_id_last");
    if (ch->last_record_id >= 0) jw_int(w, ch->last_record_id);
    else jw_null(w);
    jw_key(w, "record_ids_not_in_input");
    if (ch->first_record_id >= 0) {
        int64_t span = ch->last_record_id - ch->first_record_id + 1;
        int64_t missing = span - (int64_t)ch->with_record_id;
        jw_int(w, missing > 0 ? missing : 0);
    } else {
        jw_null(w);
    }
    jw_key(w, "event_ids");
    jw_obj_begin(w);
    for (size_t i = 0; i < ch->ids.len; i++) {
        const rd_id_count *ic = &VEC_AT(&ch->ids, rd_id_count, i);
        char key[16];
        snprintf(key, sizeof key, "%d", (int)ic->id);
        jw_key(w, key);
        jw_int(w, (int64_t)ic->count);
    }
    jw_obj_end(w);
    jw_key(w, "event_ids_dropped");
    jw_int(w, (int64_t)ch->ids_dropped);
    jw_obj_end(w);
    buf_putc(b, '\n');
}

static void json_gap_counts(jw *w, const readiness *r, int computer) {
    uint64_t n[RD_CRITICAL + 1] = {0};
    for (size_t i = 0; i < rd_gap_count(r); i++) {
        const rd_gap *g = rd_gap_at(r, i);
        if (computer == -2 || g->computer == computer) n[g->severity]++;
    }
    jw_key(w, "gaps");
    jw_obj_begin(w);
    for (int s = RD_CRITICAL; s >= RD_INFO; s--) {
        jw_key(w, rd_severity_name((rd_severity)s));
        jw_int(w, (int64_t)n[s]);
    }
    jw_obj_end(w);
}

static void json_computer(jw *w, buf *b, const readiness *r, size_t i) {
    const rd_computer *c = rd_at(r, i);
    const rd_verdicts *v = rd_verdicts_of(r, i);
    jw_obj_begin(w);
    jw_key(w, "kind");
    jw_cstr(w, "computer");
    jw_key(w, "computer");
    jw_cstr(w, c->name);
    jw_key(w, "names");
    jw_arr_begin(w);
    jw_cstr(w, c->name);
    for (int k = 0; k < RD_MAX_ALIASES && c->aliases[k]; k++) jw_cstr(w, c->aliases[k]);
    jw_arr_end(w);
    jw_key(w, "records");
    jw_int(w, (int64_t)c->records);
    jw_key(w, "domain_controller");
    jw_bool(w, v->dc);
    jw_key(w, "declared_dc");
    jw_bool(w, c->declared_dc);
    jw_key(w, "channels");
    jw_obj_begin(w);
    for (size_t k = 0; k < NSHOWN; k++) {
        char key[32];
        snprintf(key, sizeof key, "%s", shown_channels[k].label);
        for (char *p = key; *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        jw_key(w, key);
        jw_bool(w, channel_present(c, k));
    }
    jw_obj_end(w);
    jw_key(w, "verdicts");
    jw_obj_begin(w);
    for (int q = 0; q < RD_Q_COUNT; q++) {
        jw_key(w, rd_question_name((rd_question)q));
        jw_cstr(w, rd_answer_name(v->answer[q]));
    }
    jw_obj_end(w);
    jw_key(w, "security_since");
    jw_time(w, v->since_ms);
    const rd_channel *sec = rd_channel_of(c, RD_CH_SECURITY);
    jw_key(w, "security_hours");
    if (sec && sec->records && sec->first_ms != MTIME_NONE)
        jw_double(w, (double)(sec->last_ms - sec->first_ms) / 3600000.0);
    else jw_null(w);
    jw_key(w, "clears");
    jw_int(w, (int64_t)c->clears_total);
    json_gap_counts(w, r, (int)i);
    jw_key(w, "records_dropped");
    jw_int(w, (int64_t)c->dropped);
    jw_obj_end(w);
    buf_putc(b, '\n');
}

void readiness_write_jsonl(buf *b, const readiness *r, const readiness_inputs *in) {
    jw w;
    jw_init(&w, b);
    size_t gi = 0, nchannels = 0, ndc = 0;
    for (size_t i = 0; i < rd_count(r); i++) {
        const rd_computer *c = rd_at(r, i);
        json_computer(&w, b, r, i);
        for (size_t k = 0; k < c->channels.len; k++) json_channel(&w, b, c, &VEC_AT(&c->channels, rd_channel, k));
        nchannels += c->channels.len;
        if (rd_verdicts_of(r, i)->dc) ndc++;
        for (size_t g = 0; g < rd_gap_count(r); g++)
            if (rd_gap_at(r, g)->computer == (int)i) json_gap(&w, b, r, rd_gap_at(r, g));
    }
    for (gi = 0; gi < rd_gap_count(r); gi++)
        if (rd_gap_at(r, gi)->computer < 0) json_gap(&w, b, r, rd_gap_at(r, gi));
    jw_obj_begin(&w);
    jw_key(&w, "kind");
    jw_cstr(&w, "summary");
    jw_key(&w, "computers");
    jw_int(&w, (int64_t)rd_count(r));
    jw_key(&w, "channels");
    jw_int(&w, (int64_t)nchannels);
    jw_key(&w, "records");
    jw_int(&w, (int64_t)r->records);
    jw_key(&w, "records_dropped");
    jw_int(&w, (int64_t)r->dropped);
    jw_key(&w, "domain_controllers");
    jw_int(&w, (int64_t)ndc);
    json_gap_counts(&w, r, -2);
    jw_key(&w, "verdicts");
    jw_obj_begin(&w);
    for (int q = 0; q < RD_Q_COUNT; q++) {
        jw_key(&w, rd_question_name((rd_question)q));
        jw_cstr(&w, rd_answer_name(rd_overall(r, (rd_question)q)));
    }
    jw_obj_end(&w);
    jw_key(&w, "security_span_warn_hours");
    jw_double(&w, (double)r->warn_ms / 3600000.0);
    jw_key(&w, "security_span_target_hours");
    jw_double(&w, (double)r->target_ms / 3600000.0);
    jw_key(&w, "sources");
    jw_int(&w, (int64_t)in->sources);
    jw_key(&w, "sources_failed");
    jw_int(&w, in->sources_failed);
    jw_key(&w, "paths_failed");
    jw_int(&w, in->paths_failed);
    jw_key(&w, "unparsed");
    jw_int(&w, (int64_t)in->unparsed);
    jw_key(&w, "sources_not_windows");
    jw_int(&w, in->not_windows);
    jw_obj_end(&w);
    buf_putc(b, '\n');
}

/* ---- text ---------------------------------------------------------------- */

static const char *answer_text(rd_answer a) {
    switch (a) {
    case RD_CAN: return L("can", "可");
    case RD_PARTLY: return L("partly", "一部");
    case RD_CANNOT: return L("cannot", "不可");
    default: return "-";
    }
}

static const char *severity_text(rd_severity s) {
    switch (s) {
    case RD_CRITICAL: return L("critical", "重大");
    case RD_HIGH: return L("high", "高");
    case RD_MEDIUM: return L("medium", "中");
    default: return L("info", "情報");
    }
}

/* "2019-03-18 14:23" in the display zone. */
static const char *short_time(int64_t ms, char *out) {
    if (ms == MTIME_NONE) return "-";
    char full[MTIME_BUFSZ];
    mtime_format_iso(ms, false, full);
    snprintf(out, MTIME_BUFSZ, "%.10s %.8s", full, full + 11);
    return out;
}

/* The table's text into the buffer (tt_print writes to a FILE). */
static void put_table(buf *b, const ttable *t, int indent) {
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) return;
    tt_print(t, mem, indent);
    fclose(mem);
    buf_put(b, text, len);
    free(text);
}

static void gap_counts(const readiness *r, int computer, uint64_t n[RD_CRITICAL + 1]) {
    memset(n, 0, sizeof(uint64_t) * (RD_CRITICAL + 1));
    for (size_t i = 0; i < rd_gap_count(r); i++)
        if (computer == -2 || rd_gap_at(r, i)->computer == computer) n[rd_gap_at(r, i)->severity]++;
}

static void verdict_table(buf *b, const readiness *r) {
    ttable t;
    tt_init(&t, 6);
    tt_cell(&t, L("computer", "コンピューター"));
    tt_cell(&t, L("who logged on", "ログオン"));
    tt_cell(&t, L("what ran", "実行"));
    tt_cell(&t, L("copied over shares", "共有でのコピー"));
    tt_cell(&t, L("DC attacked", "DC への攻撃"));
    tt_cell(&t, L("gaps (critical/high/medium/info)", "不足 (重大/高/中/情報)"));
    for (size_t i = 0; i < rd_count(r); i++) {
        const rd_verdicts *v = rd_verdicts_of(r, i);
        buf name = {0};
        tt_put_text(&name, sv_cstr(computer_label(rd_at(r, i))), 40, "…");
        tt_cell(&t, buf_cstr(&name));
        buf_free(&name);
        for (int q = 0; q < RD_Q_COUNT; q++) tt_cell(&t, answer_text(v->answer[q]));
        uint64_t n[RD_CRITICAL + 1];
        gap_counts(r, (int)i, n);
        tt_cellf(&t, "%llu/%llu/%llu/%llu", (unsigned long long)n[RD_CRITICAL], (unsigned long long)n[RD_HIGH],
                 (unsigned long long)n[RD_MEDIUM], (unsigned long long)n[RD_INFO]);
    }
    if (rd_count(r) > 1) {
        tt_cell(&t, L("all", "全体"));
        for (int q = 0; q < RD_Q_COUNT; q++) tt_cell(&t, answer_text(rd_overall(r, (rd_question)q)));
        uint64_t n[RD_CRITICAL + 1];
        gap_counts(r, -2, n);
        tt_cellf(&t, "%llu/%llu/%llu/%llu", (unsigned long long)n[RD_CRITICAL], (unsigned long long)n[RD_HIGH],
                 (unsigned long long)n[RD_MEDIUM], (unsigned long long)n[RD_INFO]);
    }
    put_table(b, &t, 2);
    tt_free(&t);
}

static int by_count_desc(const void *a, const void *b) {
    const rd_id_count *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* "5145×869 4624×6 ... (+3 more)": the most frequent ids first. */
static void event_id_list(buf *b, const rd_channel *ch) {
    enum { SHOW = 12 };
    size_t n = ch->ids.len;
    rd_id_count *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids) return;
    memcpy(ids, ch->ids.data, n * sizeof *ids);
    qsort(ids, n, sizeof *ids, by_count_desc);
    for (size_t i = 0; i < n && i < SHOW; i++)
        buf_printf(b, "%s%d×%llu", i ? " " : "", (int)ids[i].id, (unsigned long long)ids[i].count);
    if (n > SHOW) buf_printf(b, L(" (+%zu more)", " (ほか %zu 種)"), n - SHOW);
    free(ids);
}

static void channel_table(buf *b, const rd_computer *c) {
    ttable t;
    tt_init(&t, 6);
    tt_align_right(&t, 1);
    tt_cell(&t, L("channel", "チャネル"));
    tt_cell(&t, L("records", "レコード"));
    tt_cell(&t, L("first", "最初"));
    tt_cell(&t, L("last", "最後"));
    tt_cell(&t, L("record ids", "レコード ID"));
    tt_cell(&t, L("event ids (count)", "イベント ID (件数)"));
    for (size_t k = 0; k < c->channels.len; k++) {
        const rd_channel *ch = &VEC_AT(&c->channels, rd_channel, k);
        char n[32], a[MTIME_BUFSZ], z[MTIME_BUFSZ];
        buf name = {0};
        tt_put_text(&name, sv_cstr(ch->name), 80, "…");
        tt_cell(&t, buf_cstr(&name));
        buf_free(&name);
        tt_cell(&t, fmt_count(ch->records, n));
        tt_cell(&t, short_time(ch->first_ms, a));
        tt_cell(&t, short_time(ch->last_ms, z));
        if (ch->first_record_id >= 0)
            tt_cellf(&t, "%lld-%lld", (long long)ch->first_record_id, (long long)ch->last_record_id);
        else
            tt_cell(&t, "-");
        buf ids = {0};
        event_id_list(&ids, ch);
        tt_cell(&t, buf_cstr(&ids));
        buf_free(&ids);
    }
    put_table(b, &t, 4);
    tt_free(&t);
}

/* "Turn on:", or for a clearing (an action, not a setting) "Do:". */
static const char *setting_label(rd_need need) {
    return need == RD_NEED_LOG_CLEARED ? L("Do:", "対処:") : L("Turn on:", "設定:");
}

/* One gap: its severity and message; with `setting`, also what to turn on
 * and the commands. */
static void text_gap(buf *b, const readiness *r, const rd_gap *g, const char *indent, bool setting) {
    buf text = {0};
    readiness_gap_why(&text, r, g);
    buf_puts(b, indent);
    tt_put_padded(b, sv_cstr(severity_text(g->severity)), 9, false, "");
    buf_putc(b, ' ');
    put_safe(b, buf_cstr(&text));
    buf_putc(b, '\n');
    if (setting) {
        buf_clear(&text);
        gap_setting(&text, r, g);
        buf_printf(b, "%s          %s ", indent, setting_label(g->need));
        put_safe(b, buf_cstr(&text));
        buf_putc(b, '\n');
        char dyn[128];
        const char *cmds[4];
        size_t n = gap_commands(g, dyn, cmds);
        for (size_t i = 0; i < n; i++) buf_printf(b, "%s            %s\n", indent, cmds[i]);
    }
    buf_free(&text);
}

typedef struct need_total {
    rd_need need;
    rd_severity worst;
    size_t computers;
} need_total;

static int by_worst(const void *a, const void *b) {
    const need_total *x = a, *y = b;
    if (x->worst != y->worst) return x->worst > y->worst ? -1 : 1;
    return x->need < y->need ? -1 : x->need > y->need;
}

/* Each missing setting once, with the computers that need it: on a fleet the
 * same gap is on most computers, and the fix is one policy. */
static void settings_summary(buf *b, const readiness *r) {
    enum { NAMES = 6 };
    need_total t[RD_NEED_COUNT];
    size_t n = 0;
    for (int k = 0; k < RD_NEED_COUNT; k++) {
        need_total nt = {(rd_need)k, RD_INFO, 0};
        for (size_t i = 0; i < rd_gap_count(r); i++) {
            const rd_gap *g = rd_gap_at(r, i);
            if (g->need != (rd_need)k || g->computer < 0) continue;
            if (!nt.computers || g->severity > nt.worst) nt.worst = g->severity;
            /* a computer counts once (it may have several clearings) */
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = rd_gap_at(r, j)->need == g->need && rd_gap_at(r, j)->computer == g->computer;
            if (!seen) nt.computers++;
        }
        if (nt.computers) t[n++] = nt;
    }
    if (!n) return;
    qsort(t, n, sizeof t[0], by_worst);
    buf_printf(b, "\n%s\n", L("What to turn on (each setting once, with the computers that need it):",
                               "有効にする設定 (設定ごとに 1 回、必要なコンピューターとともに):"));
    for (size_t k = 0; k < n; k++) {
        const rd_need_info *ni = rd_need_info_of(t[k].need);
        buf_puts(b, "  ");
        tt_put_padded(b, sv_cstr(severity_text(t[k].worst)), 9, false, "");
        buf_printf(b, L(" %s: %zu computer(s): ", " %s: %zu 台: "), ni->name, t[k].computers);
        size_t shown = 0;
        for (size_t i = 0; i < rd_gap_count(r) && shown < NAMES; i++) {
            const rd_gap *g = rd_gap_at(r, i);
            if (g->need != t[k].need || g->computer < 0) continue;
            bool seen = false;
            for (size_t j = 0; j < i && !seen; j++)
                seen = rd_gap_at(r, j)->need == g->need && rd_gap_at(r, j)->computer == g->computer;
            if (seen) continue;
            if (shown++) buf_puts(b, ", ");
            tt_put_text(b, sv_cstr(computer_label(rd_at(r, (size_t)g->computer))), 40, "…");
        }
        if (t[k].computers > shown) buf_printf(b, L(" (+%zu more)", " (ほか %zu 台)"), t[k].computers - shown);
        buf_putc(b, '\n');
        buf_printf(b, "            %s\n", L(ni->why_en, ni->why_ja));
        buf_printf(b, "            %s %s\n", setting_label(t[k].need), L(ni->setting_en, ni->setting_ja));
        for (size_t i = 0; i < 3 && ni->commands[i]; i++) buf_printf(b, "              %s\n", ni->commands[i]);
    }
}

/* A Security log shorter than this gets a note that absence may be chance. */
#define THIN_MS (24 * 3600 * 1000LL)

static void text_computer(buf *b, const readiness *r, size_t i) {
    const rd_computer *c = rd_at(r, i);
    buf_putc(b, '\n');
    put_safe(b, computer_label(c));
    if (c->aliases[0]) {
        buf_puts(b, L(" (also ", " (別名 "));
        for (int k = 0; k < RD_MAX_ALIASES && c->aliases[k]; k++) {
            if (k) buf_puts(b, ", ");
            put_safe(b, c->aliases[k]);
        }
        buf_putc(b, ')');
    }
    if (rd_verdicts_of(r, i)->dc)
        buf_puts(b, c->declared_dc ? L(" - domain controller (--dc)", " - ドメイン コントローラー (--dc)")
                                   : L(" - domain controller (it logs Kerberos events)",
                                       " - ドメイン コントローラー (Kerberos のイベントを記録)"));
    buf_putc(b, '\n');
    if (c->channels.len) channel_table(b, c);
    buf_printf(b, "    %s", L("Channels present:", "あるチャネル:"));
    size_t shown = 0;
    for (size_t k = 0; k < NSHOWN; k++)
        if (channel_present(c, k)) buf_printf(b, "%s %s", shown++ ? "," : "", shown_channels[k].label);
    if (!shown) buf_printf(b, " %s", L("none", "なし"));
    buf_printf(b, "; %s", L("absent:", "ないチャネル:"));
    shown = 0;
    for (size_t k = 0; k < NSHOWN; k++)
        if (!channel_present(c, k)) buf_printf(b, "%s %s", shown++ ? "," : "", shown_channels[k].label);
    if (!shown) buf_printf(b, " %s", L("none", "なし"));
    buf_putc(b, '\n');
    if (c->dropped)
        buf_printf(b, L("    %llu records of further channels were counted but not kept (limit %d channels)\n",
                        "    それ以上のチャネルのレコード %llu 件は数えたが保持していない (上限 %d チャネル)\n"),
                   (unsigned long long)c->dropped, RD_MAX_CHANNELS);
    const rd_channel *sec = rd_channel_of(c, RD_CH_SECURITY);
    if (sec && sec->records && sec->first_ms != MTIME_NONE && sec->last_ms - sec->first_ms < THIN_MS) {
        char span[64];
        buf_printf(b,
                   L("    Note: the Security log here spans only %s; an event that is absent may simply not have "
                     "happened in that time.\n",
                     "    注: ここの Security ログは %sだけ。ないイベントは、その間に起きなかっただけかもしれない。\n"),
                   human_span(sec->last_ms - sec->first_ms, span, sizeof span));
    }
    bool any = false;
    buf info = {0};
    for (size_t g = 0; g < rd_gap_count(r); g++) {
        const rd_gap *gp = rd_gap_at(r, g);
        if (gp->computer != (int)i) continue;
        if (gp->severity == RD_INFO) {
            buf_printf(&info, "%s%s", info.len ? ", " : "", rd_need_info_of(gp->need)->name);
            continue;
        }
        if (!any) buf_printf(b, "  %s\n", L("Missing for an investigation:", "調査に足りないもの:"));
        any = true;
        text_gap(b, r, gp, "    ", gp->need == RD_NEED_SECURITY_RETENTION);
    }
    if (!any) buf_printf(b, "  %s\n", L("Nothing critical, high or medium is missing.", "重大・高・中の不足はない。"));
    if (info.len)
        buf_printf(b, L("  Also not seen (info; see the settings above): %s\n",
                        "  そのほか見られないもの (情報。設定は上を参照): %s\n"),
                   buf_cstr(&info));
    buf_free(&info);
}

void readiness_write_text(buf *b, const readiness *r, const readiness_inputs *in) {
    char n[32];
    buf_printf(b,
               L("Readiness of %zu computer(s): %s Windows records from %zu source(s); times in %s\n\n",
                 "調査への備え: コンピューター %zu 台、Windows のレコード %s 件 (ソース %zu 件)、時刻は %s\n\n"),
               rd_count(r), fmt_count(r->records, n), in->sources, display_zone_name());
    if (!rd_count(r)) {
        buf_printf(b, "%s\n", L("No Windows events in the input: nothing can be answered from Windows logs.",
                                "入力に Windows のイベントがない。Windows のログからは何も答えられない。"));
    } else {
        buf_printf(b, "%s\n", L("Can the logs answer these questions?", "ログで次の問いに答えられるか:"));
        verdict_table(b, r);
    }
    bool any_global = false;
    for (size_t g = 0; g < rd_gap_count(r); g++) {
        const rd_gap *gp = rd_gap_at(r, g);
        if (gp->computer >= 0) continue;
        if (!any_global) buf_printf(b, "\n%s\n", L("All computers:", "全コンピューター:"));
        any_global = true;
        text_gap(b, r, gp, "  ", true);
    }
    settings_summary(b, r);
    for (size_t i = 0; i < rd_count(r); i++) text_computer(b, r, i);
    if (r->dropped)
        buf_printf(b, L("\n%llu records of further computers were counted but not kept (limit %d computers).\n",
                        "\nそれ以上のコンピューターのレコード %llu 件は数えたが保持していない (上限 %d 台)。\n"),
                   (unsigned long long)r->dropped, RD_MAX_COMPUTERS);
    if (in->not_windows)
        buf_printf(b,
                   L("\n%u source(s) held records that are not Windows events (proxy, firewall, ...): not used here.\n",
                     "\nWindows のイベントではないレコード (プロキシ、ファイアウォールなど) のソース %u 件は"
                     "使っていない。\n"),
                   in->not_windows);
    if (in->sources_failed || in->paths_failed || in->unparsed)
        buf_printf(b,
                   L("\nInput problems: %u source(s) not read to the end, %u path(s) unusable, %llu record(s) "
                     "unparsed (see the messages above; `mitsuke coverage` shows details).\n",
                     "\n入力の問題: 最後まで読めなかったソース %u 件、使えなかったパス %u 件、解析できなかった"
                     "レコード %llu 件 (上のメッセージ参照。詳細は `mitsuke coverage`)。\n"),
                   in->sources_failed, in->paths_failed, (unsigned long long)in->unparsed);
    buf_printf(b, "\n%s\n",
               L("What each check means and why: docs/readiness.md. An event that is absent may also simply not "
                 "have happened in the span the logs cover.",
                 "各項目の意味と理由: docs/readiness.md。イベントがないのは、ログの期間中にそれが起きなかっただけの"
                 "こともある。"));
}
