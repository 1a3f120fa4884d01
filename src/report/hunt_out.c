/* hunt_out.c - table and JSON lines for `mitsuke hunt`; see hunt_out.h. */
#include "report/hunt_out.h"
#include "core/hmap.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "report/texttable.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* buf_printf with the format in the output language; both formats are
 * string literals, so the compiler checks their arguments. */
#define LPRINTF(b, en, ja, ...) (lang_get() == LANG_JA ? buf_printf(b, ja, __VA_ARGS__) : buf_printf(b, en, __VA_ARGS__))

static const char *const result_keys[5] = {"unknown", "allowed", "denied", "auth-required", "error"};

static const ioc_hit *hit_at(const hunt_report *r, size_t i) { return VEC_AT(r->sorted, const ioc_hit *, i); }

typedef struct totals {
    size_t indicators_hit, terminals, terminals_success;
} totals;

static totals count_totals(const hunt_report *r) {
    totals t = {0, 0, 0};
    hmap terms; /* terminal -> 1 (seen), 2 (seen with a success) */
    hmap_init(&terms);
    for (size_t i = 0; i < r->sorted->len; i++) {
        const ioc_hit *h = hit_at(r, i);
        if (i == 0 || hit_at(r, i - 1)->ioc != h->ioc) t.indicators_hit++;
        hmap_slot *s = hmap_put(&terms, sv_cstr(h->terminal), NULL);
        if (ioc_hit_success(h)) s->val.u64 = 2;
        else if (!s->val.u64) s->val.u64 = 1;
    }
    for (size_t i = 0; i < hmap_len(&terms); i++) {
        t.terminals++;
        if (hmap_at(&terms, i)->val.u64 == 2) t.terminals_success++;
    }
    hmap_free(&terms);
    return t;
}

/* ---- JSON lines ---- */

static void write_hit(jw *w, const hunt_report *r, const ioc_hit *h) {
    const ioc *it = ioc_at(r->set, h->ioc);
    char t[MTIME_BUFSZ];
    jw_obj_begin(w);
    jw_key(w, "kind"), jw_cstr(w, "ioc_hit");
    jw_key(w, "indicator"), jw_cstr(w, it->value);
    jw_key(w, "type"), jw_cstr(w, ioc_type_name(it->type));
    jw_key(w, "ioc_origin"), jw_cstr(w, it->origin);
    jw_key(w, "label"), jw_cstr(w, it->label);
    jw_key(w, "match");
    jw_arr_begin(w);
    for (int k = 0; k < IOC_HOW_COUNT; k++)
        if (h->how & (1u << k)) jw_cstr(w, ioc_how_name((ioc_how)k));
    jw_arr_end(w);
    jw_key(w, "terminal"), jw_cstr(w, h->terminal);
    jw_key(w, "first_seen"), jw_cstr(w, mtime_format_iso(h->first_ms, false, t));
    jw_key(w, "last_seen"), jw_cstr(w, mtime_format_iso(h->last_ms, false, t));
    jw_key(w, "requests"), jw_int(w, (int64_t)h->requests);
    jw_key(w, "success"), jw_bool(w, ioc_hit_success(h));
    jw_key(w, "results");
    jw_obj_begin(w);
    for (int k = 0; k < 5; k++) jw_key(w, result_keys[k]), jw_int(w, (int64_t)h->by_result[k]);
    jw_obj_end(w);
    jw_key(w, "destinations");
    jw_arr_begin(w);
    for (unsigned k = 0; k < h->n_hosts; k++) jw_cstr(w, h->hosts[k]);
    jw_arr_end(w);
    jw_key(w, "destinations_truncated"), jw_bool(w, h->hosts_more);
    jw_key(w, "evidence");
    jw_arr_begin(w);
    for (unsigned k = 0; k < h->n_evidence; k++) {
        const ioc_evidence *e = &h->evidence[k];
        jw_obj_begin(w);
        jw_key(w, "source"), jw_cstr(w, e->source);
        jw_key(w, "line"), jw_int(w, (int64_t)e->line);
        jw_key(w, "offset"), jw_int(w, (int64_t)e->offset);
        jw_key(w, "time"), jw_cstr(w, mtime_format_iso(e->time_ms, e->time_ms % 1000 != 0, t));
        jw_key(w, "url"), jw_cstr(w, e->url);
        jw_key(w, "result"), jw_cstr(w, proxy_result_name(e->result));
        jw_key(w, "status");
        if (e->status) jw_int(w, e->status);
        else jw_null(w);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
    buf_putc(w->b, '\n');
}

void hunt_write_jsonl(buf *out, const hunt_report *r) {
    jw w;
    jw_init(&w, out);
    for (size_t i = 0; i < r->sorted->len; i++) write_hit(&w, r, hit_at(r, i));
    totals t = count_totals(r);
    const ioc_set *s = r->set;
    jw_obj_begin(&w);
    jw_key(&w, "kind"), jw_cstr(&w, "ioc_summary");
    jw_key(&w, "indicators");
    jw_obj_begin(&w);
    for (int k = 0; k < IOC_NTYPES; k++) jw_key(&w, ioc_type_name((ioc_type)k)), jw_int(&w, (int64_t)s->loaded[k]);
    jw_key(&w, "total"), jw_int(&w, (int64_t)ioc_count(s));
    jw_obj_end(&w);
    jw_key(&w, "skipped");
    jw_obj_begin(&w);
    jw_key(&w, "bad"), jw_int(&w, (int64_t)s->bad);
    jw_key(&w, "unsupported"), jw_int(&w, (int64_t)s->unsupported);
    jw_key(&w, "duplicates"), jw_int(&w, (int64_t)s->duplicates);
    jw_key(&w, "excluded"), jw_int(&w, (int64_t)s->excluded);
    jw_obj_end(&w);
    jw_key(&w, "unsupported_types");
    jw_obj_begin(&w);
    for (size_t i = 0; i < hmap_len(&s->unsupported_types); i++) {
        const hmap_slot *slot = hmap_at(&s->unsupported_types, i);
        char name[64];
        sv_to_buf(sv_make(slot->key, slot->klen), name, sizeof name);
        jw_key(&w, name), jw_int(&w, (int64_t)slot->val.u64);
    }
    jw_obj_end(&w);
    jw_key(&w, "records"), jw_int(&w, (int64_t)r->records);
    jw_key(&w, "unparsed"), jw_int(&w, (int64_t)r->unparsed);
    jw_key(&w, "sources"), jw_int(&w, r->sources);
    jw_key(&w, "sources_failed"), jw_int(&w, r->sources_failed);
    jw_key(&w, "matched_requests"), jw_int(&w, (int64_t)r->hits->matched_requests);
    jw_key(&w, "hits"), jw_int(&w, (int64_t)r->sorted->len);
    jw_key(&w, "indicators_hit"), jw_int(&w, (int64_t)t.indicators_hit);
    jw_key(&w, "terminals"), jw_int(&w, (int64_t)t.terminals);
    jw_key(&w, "terminals_success"), jw_int(&w, (int64_t)t.terminals_success);
    jw_obj_end(&w);
    buf_putc(out, '\n');
}

/* ---- table ---- */

/* A table cell: made printable, cut to `cols` with "…", padded. */
static void put_cell(buf *b, const char *s, size_t cols, bool right) { tt_put_padded(b, sv_cstr(s), cols, right, "…"); }
static void put_text(buf *b, const char *s, size_t cols) { tt_put_text(b, sv_cstr(s), cols, "…"); }

static void result_text(const ioc_hit *h, char *out, size_t cap) {
    if (ioc_hit_success(h)) {
        snprintf(out, cap, "%s", L("reached", "到達"));
        return;
    }
    static const char *const en[5] = {"unknown", "allowed", "denied", "auth", "error"};
    static const char *const ja[5] = {"不明", "許可", "拒否", "認証要求", "エラー"};
    size_t o = (size_t)snprintf(out, cap, "%s (", L("failed only", "失敗のみ"));
    bool first = true;
    for (int k = 0; k < 5 && o < cap; k++) {
        if (!h->by_result[k]) continue;
        o += (size_t)snprintf(out + o, cap - o, "%s%s %llu", first ? "" : L(", ", "、"), L(en[k], ja[k]),
                              (unsigned long long)h->by_result[k]);
        first = false;
    }
    if (o < cap) snprintf(out + o, cap - o, ")");
}

static void table_header(buf *b) {
    buf_puts(b, "  ");
    put_cell(b, L("terminal", "端末"), 18, false), buf_putc(b, ' ');
    put_cell(b, L("first seen", "初回"), 21, false), buf_putc(b, ' ');
    put_cell(b, L("last seen", "最終"), 21, false), buf_putc(b, ' ');
    put_cell(b, L("requests", "件数"), 9, true), buf_puts(b, "  ");
    put_cell(b, L("result", "結果"), 30, false), buf_putc(b, ' ');
    buf_puts(b, L("hosts", "接続先"));
    buf_putc(b, '\n');
}

static void table_row(buf *b, const hunt_report *r, const ioc_hit *h) {
    const ioc *it = ioc_at(r->set, h->ioc);
    char t1[MTIME_BUFSZ], t2[MTIME_BUFSZ], n[24], res[160];
    buf_puts(b, "  ");
    put_cell(b, h->terminal[0] ? h->terminal : "-", 18, false), buf_putc(b, ' ');
    put_cell(b, mtime_format_human(h->first_ms, t1), 21, false), buf_putc(b, ' ');
    put_cell(b, mtime_format_human(h->last_ms, t2), 21, false), buf_putc(b, ' ');
    snprintf(n, sizeof n, "%llu", (unsigned long long)h->requests);
    put_cell(b, n, 9, true), buf_puts(b, "  ");
    result_text(h, res, sizeof res);
    put_cell(b, res, 30, false), buf_putc(b, ' ');
    /* The hosts, when they say more than the indicator does. */
    bool same = h->n_hosts == 1 && (!strcasecmp(h->hosts[0], it->value) ||
                                     (it->type == IOC_DOMAIN && !strcasecmp(h->hosts[0], it->key)));
    for (unsigned k = 0; k < h->n_hosts && !same; k++) {
        if (k) buf_puts(b, ", ");
        put_text(b, h->hosts[k], 60);
    }
    if (h->hosts_more) buf_puts(b, ", …");
    while (b->len && b->p[b->len - 1] == ' ') b->len--;
    buf_putc(b, '\n');
}

void hunt_write_table(buf *out, const hunt_report *r) {
    totals t = count_totals(r);
    const ioc_set *s = r->set;
    if (!r->logs_read) {
        /* --check: nothing was swept */
    } else if (!r->sorted->len) {
        LPRINTF(out, "No indicator matched: %zu indicators checked against %llu records.\n",
                          "一致した指標はありません (指標 %zu 件、レコード %llu 件を照合)。\n",
                   ioc_count(s), (unsigned long long)r->records);
    } else {
        LPRINTF(out, "IOC sweep: %zu of %zu indicators matched. Terminals that touched them: %zu, of which %zu got through.\n",
                     "IOC 照合: 指標 %2$zu 件中 %1$zu 件が一致。該当端末 %3$zu 台、うち接続に成功 %4$zu 台。\n",
                   t.indicators_hit, ioc_count(s), t.terminals, t.terminals_success);
    }
    for (size_t i = 0; i < r->sorted->len; i++) {
        const ioc_hit *h = hit_at(r, i);
        if (i == 0 || hit_at(r, i - 1)->ioc != h->ioc) {
            const ioc *it = ioc_at(s, h->ioc);
            buf_putc(out, '\n');
            put_text(out, it->value, 100);
            buf_printf(out, "  (%s, ", ioc_type_name(it->type));
            put_text(out, it->origin, 60);
            buf_puts(out, ")");
            if (it->label) {
                buf_puts(out, "  ");
                put_text(out, it->label, 60);
            }
            buf_putc(out, '\n');
            table_header(out);
        }
        table_row(out, r, h);
    }
    if (r->logs_read) buf_putc(out, '\n');
    LPRINTF(out, "Indicators: %zu loaded (", "指標: %zu 件を読み込み (", ioc_count(s));
    bool first = true;
    for (int k = 0; k < IOC_NTYPES; k++) {
        if (!s->loaded[k]) continue;
        buf_printf(out, "%s%s %llu", first ? "" : ", ", ioc_type_name((ioc_type)k), (unsigned long long)s->loaded[k]);
        first = false;
    }
    LPRINTF(out, "); skipped: %llu bad, %llu unsupported, %llu duplicates, %llu excluded.\n",
                 ")。除外: 不正 %llu、非対応 %llu、重複 %llu、対象外 %llu。\n",
               (unsigned long long)s->bad, (unsigned long long)s->unsupported, (unsigned long long)s->duplicates,
               (unsigned long long)s->excluded);
    if (!r->logs_read) return;
    LPRINTF(out, "Logs: %llu records from %u sources", "ログ: %2$u ソースから %1$llu レコード",
               (unsigned long long)r->records, r->sources);
    if (r->unparsed) LPRINTF(out, ", %llu unparsable lines", "、解析できない行 %llu", (unsigned long long)r->unparsed);
    if (r->sources_failed) LPRINTF(out, ", %u sources could not be read", "、読めないソース %u", r->sources_failed);
    buf_puts(out, L(".\n", "。\n"));
}
