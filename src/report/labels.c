/* labels.c - report wording in English and Japanese; see labels.h. */
#include "report/labels.h"
#include "core/lang.h"
#include "detect/finding.h"

/* The stages and severities themselves, and their words, belong to the
 * findings (detect/finding.h); the report only maps the tokens stored in the
 * SQLite file back to them. Stage i here is kill_chain_stage i + 1. */

const char *kill_chain_token(int i) {
    return i >= 0 && i < KILL_CHAIN_STAGES ? kill_chain_name((kill_chain_stage)(i + 1)) : NULL;
}

int kill_chain_index(sv token) {
    for (int i = 0; i < KILL_CHAIN_STAGES; i++)
        if (sv_eq_cstr(token, kill_chain_token(i))) return i;
    return -1;
}

const char *kill_chain_stage_label(int i) {
    return i >= 0 && i < KILL_CHAIN_STAGES ? kill_chain_label((kill_chain_stage)(i + 1)) : L("Other", "その他");
}

int severity_rank(sv severity) {
    char tmp[16];
    return severity.n < sizeof tmp ? severity_parse(sv_to_buf(severity, tmp, sizeof tmp)) : -1;
}

const char *severity_text(sv severity) {
    int r = severity_rank(severity);
    return r < 0 ? NULL : severity_label(r);
}

const char *weekday_label(int wday) {
    static const char *const en[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const ja[] = {"日", "月", "火", "水", "木", "金", "土"};
    if (wday < 0 || wday > 6) return "";
    return L(en[wday], ja[wday]);
}

static void put_label(jw *w, const char *key, const char *text) {
    jw_key(w, key);
    jw_cstr(w, text);
}

void labels_write_js(jw *w) {
    jw_obj_begin(w);
    put_label(w, "ok", L("ok", "成功"));
    put_label(w, "failed", L("failed", "失敗"));
    put_label(w, "out", L("out", "送信"));
    put_label(w, "in", L("in", "受信"));
    put_label(w, "none", L("no request to a suspicious destination", "不審な接続先への通信なし"));
    put_label(w, "records", L("log records in this period", "この時間帯のログ件数"));
    put_label(w, "records_hour", L("log records in this hour", "この1時間のログ件数"));
    put_label(w, "zoom", L("click: 10-minute columns", "クリック: 10分単位で表示"));
    jw_key(w, "wd");
    jw_arr_begin(w);
    for (int d = 0; d < 7; d++) jw_cstr(w, weekday_label(d));
    jw_arr_end(w);
    put_label(w, "nolog", L("no log records in this period (coverage gap)", "この時間帯のログなし (欠損)"));
    put_label(w, "unknown", L("log coverage unknown", "ログの有無は不明"));
    jw_obj_end(w);
}
