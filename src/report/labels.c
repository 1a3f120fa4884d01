/* labels.c - report wording in English and Japanese; see labels.h. */
#include "report/labels.h"
#include "core/lang.h"

static const char *const stage_tokens[KILL_CHAIN_STAGES] = {
    "reconnaissance", "delivery", "exploitation", "installation",
    "command-and-control", "lateral-movement", "actions-on-objectives",
};

const char *kill_chain_token(int i) { return i >= 0 && i < KILL_CHAIN_STAGES ? stage_tokens[i] : NULL; }

int kill_chain_index(sv token) {
    for (int i = 0; i < KILL_CHAIN_STAGES; i++)
        if (sv_eq_cstr(token, stage_tokens[i])) return i;
    return -1;
}

const char *kill_chain_label(int i) {
    switch (i) {
    case 0: return L("Reconnaissance", "偵察");
    case 1: return L("Delivery", "配送");
    case 2: return L("Exploitation", "攻撃");
    case 3: return L("Installation", "インストール");
    case 4: return L("Command and control", "遠隔操作 (C&C)");
    case 5: return L("Lateral movement", "侵入拡大");
    case 6: return L("Actions on objectives", "目的達成");
    }
    return L("Other", "その他");
}

static const char *const severity_tokens[] = {"info", "low", "medium", "high", "critical"};

int severity_rank(sv severity) {
    for (int i = 0; i < 5; i++)
        if (sv_eq_cstr(severity, severity_tokens[i])) return i;
    return -1;
}

const char *severity_label(sv severity) {
    switch (severity_rank(severity)) {
    case 0: return L("info", "情報");
    case 1: return L("low", "低");
    case 2: return L("medium", "中");
    case 3: return L("high", "高");
    case 4: return L("critical", "緊急");
    }
    return NULL;
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
    put_label(w, "nolog", L("no log records in this period (coverage gap)", "この時間帯のログなし (欠損)"));
    put_label(w, "unknown", L("log coverage unknown", "ログの有無は不明"));
    jw_obj_end(w);
}
