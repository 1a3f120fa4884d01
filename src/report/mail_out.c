/* mail_out.c - human and JSON output of mails and campaigns; see mail_out.h. */
#include "report/mail_out.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/utf8.h"

#include <stdio.h>
#include <string.h>

#define HUMAN_MAX_RECIPIENTS 5
#define HUMAN_MAX_MEMBERS 10
#define HUMAN_MAX_FEATURES 12
#define JSON_MAX_LINKS 200
#define JSON_MAX_RECIPIENTS 1000

void terminal_safe(buf *out, const char *s) {
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_valid_prefix((const char *)p + i, n - i);
        if (!k) {
            buf_putc(out, '?');
            i++;
            continue;
        }
        if (k == 1) {
            unsigned char c = p[i];
            buf_putc(out, c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : (char)c);
        } else if (k == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0) {
            buf_putc(out, '?'); /* C1 controls */
        } else if (k == 3 && p[i] == 0xe2 &&
                   ((p[i + 1] == 0x80 && (p[i + 2] == 0x8e || p[i + 2] == 0x8f || (p[i + 2] >= 0xaa && p[i + 2] <= 0xae))) ||
                    (p[i + 1] == 0x81 && p[i + 2] >= 0xa6 && p[i + 2] <= 0xa9))) {
            unsigned cp = ((p[i] & 0x0fu) << 12) | ((p[i + 1] & 0x3fu) << 6) | (p[i + 2] & 0x3fu);
            buf_printf(out, "[U+%04X]", cp);
        } else buf_put(out, p + i, k);
        i += k;
    }
}

void mail_location(buf *out, const char *file, uint32_t index) {
    terminal_safe(out, file);
    if (index) buf_printf(out, " #%u", index);
}

static void put_address(buf *out, const mail_address *a) {
    if (*a->name) {
        buf_putc(out, '"');
        terminal_safe(out, a->name);
        buf_puts(out, "\" ");
    }
    buf_putc(out, '<');
    terminal_safe(out, a->addr);
    buf_putc(out, '>');
}

static void put_label(buf *out, const char *en, const char *ja) {
    /* labels padded to one column width in both languages */
    const char *l = L(en, ja);
    buf_printf(out, "  %s", l);
    for (size_t w = utf8_display_width(l, strlen(l)); w < 12; w++) buf_putc(out, ' ');
}

/* Attachments are always listed; archive members only when something was
 * found in them or they are among the first few of their archive. */
static bool shown_in_human(const mail_report *r, size_t i) {
    const mail_file *f = &VEC_AT(&r->files, mail_file, i);
    if (f->parent < 0 || f->score > 0) return true;
    size_t rank = 0;
    for (size_t k = 0; k < i; k++)
        if (VEC_AT(&r->files, mail_file, k).parent == f->parent) rank++;
    return rank < HUMAN_MAX_MEMBERS;
}

static const char *verdict_upper(mail_verdict v) {
    switch (v) {
    case MAIL_MALICIOUS: return L("MALICIOUS", "悪性");
    case MAIL_SUSPICIOUS: return L("SUSPICIOUS", "不審");
    default: return L("no sign of attack", "問題なし");
    }
}

void mail_write_human(buf *out, const mail_report *r) {
    char t[MTIME_BUFSZ];
    buf_puts(out, "== ");
    mail_location(out, r->file, r->index);
    buf_putc(out, '\n');
    put_label(out, "Subject:", "件名:");
    terminal_safe(out, r->subject);
    buf_putc(out, '\n');
    put_label(out, "From:", "差出人:");
    if (r->has_from) put_address(out, &r->from);
    buf_putc(out, '\n');
    if (r->recipients.len) {
        put_label(out, "To:", "宛先:");
        for (size_t i = 0; i < r->recipients.len && i < HUMAN_MAX_RECIPIENTS; i++) {
            if (i) buf_puts(out, ", ");
            terminal_safe(out, VEC_AT(&r->recipients, mail_address, i).addr);
        }
        if (r->recipients.len > HUMAN_MAX_RECIPIENTS)
            buf_printf(out, " %s %zu %s", L("and", "ほか"), r->recipients.len - HUMAN_MAX_RECIPIENTS, L("more", "件"));
        buf_putc(out, '\n');
    }
    if (r->date_ms != MTIME_NONE) {
        put_label(out, "Date:", "日時:");
        buf_printf(out, "%s\n", mtime_format_human(r->date_ms, t));
    }
    if (r->origin_hop >= 0) {
        const mail_hop *h = &VEC_AT(&r->hops, mail_hop, (size_t)r->origin_hop);
        char ip[IP_STRLEN];
        put_label(out, "Sent from:", "送信元:");
        buf_printf(out, "%s%s%s%s\n", ip_format(&h->ip, ip), h->country[0] ? " (" : "", h->country,
                   h->country[0] ? ")" : "");
    }
    put_label(out, "Verdict:", "判定:");
    buf_printf(out, "%s (%s %d)\n", verdict_upper(r->verdict), L("score", "スコア"), r->score);
    if (r->reasons.len) {
        buf_printf(out, "  %s\n", L("Why:", "理由:"));
        for (size_t i = 0; i < r->reasons.len; i++) {
            const mail_reason *m = &VEC_AT(&r->reasons, mail_reason, i);
            buf text = {0};
            mail_reason_text(m, &text);
            buf_printf(out, "    - [%d] ", m->weight);
            terminal_safe(out, buf_cstr(&text));
            buf_putc(out, '\n');
            buf_free(&text);
        }
    }
    if (r->files.len) {
        buf_printf(out, "  %s\n", L("Attachments:", "添付ファイル:"));
        size_t hidden = 0;
        for (size_t i = 0; i < r->files.len; i++) {
            const mail_file *f = &VEC_AT(&r->files, mail_file, i);
            if (!shown_in_human(r, i)) {
                hidden++;
                continue;
            }
            buf_puts(out, "    ");
            for (int d = 0; d < f->depth && d < 8; d++) buf_puts(out, "  ");
            buf_puts(out, f->depth ? "> " : "- ");
            terminal_safe(out, *f->name ? f->name : L("(no name)", "(名前なし)"));
            buf_printf(out, "  [%s, %llu %s%s]  %s\n", f->type, (unsigned long long)f->size, L("bytes", "バイト"),
                       f->encrypted ? L(", encrypted", ", 暗号化") : "", mail_verdict_label(mail_verdict_of_score(f->score)));
            if (f->sha256[0]) {
                buf_puts(out, "      ");
                for (int d = 0; d < f->depth && d < 8; d++) buf_puts(out, "  ");
                buf_printf(out, "sha256 %s\n", f->sha256);
            }
        }
        if (hidden)
            buf_printf(out, "    (%zu %s)\n", hidden,
                       L("more archive members with nothing found; see --output jsonl",
                         "個のアーカイブ内ファイルは問題がないため省略 (--output jsonl で全件)"));
    }
    buf_putc(out, '\n');
}

static void json_address(jw *w, const char *key, const mail_address *a, bool present) {
    jw_key(w, key);
    if (present) jw_cstr(w, a->addr);
    else jw_null(w);
}

void mail_write_json(jw *w, const mail_report *r) {
    jw_obj_begin(w);
    jw_key(w, "kind"), jw_cstr(w, "mail");
    jw_key(w, "file"), jw_cstr(w, r->file);
    jw_key(w, "index"), jw_int(w, r->index);
    jw_key(w, "offset"), jw_int(w, (int64_t)r->offset);
    jw_key(w, "size"), jw_int(w, (int64_t)r->size);
    jw_key(w, "message_id"), jw_cstr(w, r->message_id);
    jw_key(w, "date"), jw_time(w, r->date_ms);
    jw_key(w, "subject"), jw_cstr(w, r->subject);
    json_address(w, "from", &r->from, r->has_from);
    jw_key(w, "from_name"), jw_cstr(w, r->has_from ? r->from.name : NULL);
    json_address(w, "reply_to", &r->reply_to, r->has_reply_to);
    json_address(w, "return_path", &r->return_path, r->has_return_path);
    jw_key(w, "to");
    jw_arr_begin(w);
    for (size_t i = 0; i < r->recipients.len && i < JSON_MAX_RECIPIENTS; i++)
        jw_cstr(w, VEC_AT(&r->recipients, mail_address, i).addr);
    jw_arr_end(w);
    jw_key(w, "recipients"), jw_int(w, (int64_t)r->recipients.len);
    jw_key(w, "x_mailer"), jw_cstr(w, r->x_mailer);
    jw_key(w, "origin_ip");
    if (r->origin_hop >= 0) {
        char ip[IP_STRLEN];
        const mail_hop *h = &VEC_AT(&r->hops, mail_hop, (size_t)r->origin_hop);
        jw_cstr(w, ip_format(&h->ip, ip));
        jw_key(w, "origin_country"), jw_cstr(w, h->country[0] ? h->country : NULL);
    } else {
        jw_null(w);
        jw_key(w, "origin_country"), jw_null(w);
    }
    jw_key(w, "hops");
    jw_arr_begin(w);
    for (size_t i = 0; i < r->hops.len; i++) {
        const mail_hop *h = &VEC_AT(&r->hops, mail_hop, i);
        char ip[IP_STRLEN];
        jw_obj_begin(w);
        jw_key(w, "ip"), jw_cstr(w, h->ip.family ? ip_format(&h->ip, ip) : NULL);
        jw_key(w, "country"), jw_cstr(w, h->country[0] ? h->country : NULL);
        jw_key(w, "from"), jw_cstr(w, h->from_name);
        jw_key(w, "by"), jw_cstr(w, h->by);
        jw_key(w, "authenticated"), jw_bool(w, h->authenticated);
        jw_key(w, "time"), jw_time(w, h->time_ms);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "spf"), jw_cstr(w, auth_result_name(r->spf));
    jw_key(w, "dkim"), jw_cstr(w, auth_result_name(r->dkim));
    jw_key(w, "dmarc"), jw_cstr(w, auth_result_name(r->dmarc));
    jw_key(w, "verdict"), jw_cstr(w, mail_verdict_name(r->verdict));
    jw_key(w, "score"), jw_int(w, r->score);
    jw_key(w, "reasons");
    jw_arr_begin(w);
    for (size_t i = 0; i < r->reasons.len; i++) {
        const mail_reason *m = &VEC_AT(&r->reasons, mail_reason, i);
        buf text = {0};
        mail_reason_text(m, &text);
        jw_obj_begin(w);
        jw_key(w, "code"), jw_cstr(w, m->def->code);
        jw_key(w, "weight"), jw_int(w, m->weight);
        jw_key(w, "message"), jw_str(w, sv_make(text.p ? text.p : "", text.len));
        jw_key(w, "file");
        if (m->file >= 0) jw_cstr(w, VEC_AT(&r->files, mail_file, (size_t)m->file).path);
        else jw_null(w);
        jw_obj_end(w);
        buf_free(&text);
    }
    jw_arr_end(w);
    jw_key(w, "attachments");
    jw_arr_begin(w);
    for (size_t i = 0; i < r->files.len; i++) {
        const mail_file *f = &VEC_AT(&r->files, mail_file, i);
        jw_obj_begin(w);
        jw_key(w, "name"), jw_cstr(w, f->name);
        jw_key(w, "path"), jw_cstr(w, f->path);
        jw_key(w, "depth"), jw_int(w, f->depth);
        jw_key(w, "type"), jw_cstr(w, f->type);
        jw_key(w, "kind"), jw_cstr(w, file_kind_name(f->kind));
        jw_key(w, "declared"), jw_cstr(w, *f->declared ? f->declared : NULL);
        jw_key(w, "size"), jw_int(w, (int64_t)f->size);
        jw_key(w, "sha256"), jw_cstr(w, f->sha256[0] ? f->sha256 : NULL);
        jw_key(w, "encrypted"), jw_bool(w, f->encrypted);
        jw_key(w, "score"), jw_int(w, f->score);
        jw_key(w, "verdict"), jw_cstr(w, mail_verdict_name(mail_verdict_of_score(f->score)));
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "links");
    jw_arr_begin(w);
    for (size_t i = 0; i < r->links.len && i < JSON_MAX_LINKS; i++) {
        const mail_link *l = &VEC_AT(&r->links, mail_link, i);
        jw_obj_begin(w);
        jw_key(w, "url"), jw_cstr(w, l->url);
        jw_key(w, "host"), jw_cstr(w, l->host);
        jw_key(w, "domain"), jw_cstr(w, l->domain);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}

static const char *feature_label(const char *type) {
    if (!strcmp(type, "ip")) return L("sending IP", "送信元 IP");
    if (!strcmp(type, "sha256")) return L("same file (SHA-256)", "同一ファイル (SHA-256)");
    if (!strcmp(type, "pe-shape")) return L("same program structure (PE)", "同じ構造のプログラム (PE)");
    if (!strcmp(type, "link-domain")) return L("link domain", "リンク先ドメイン");
    if (!strcmp(type, "url")) return L("same link", "同一リンク");
    if (!strcmp(type, "subject")) return L("subject pattern", "件名のパターン");
    if (!strcmp(type, "sender")) return L("sender address", "差出人アドレス");
    if (!strcmp(type, "mailer")) return L("mailer and Message-ID shape", "メーラーと Message-ID の形");
    return type;
}

void campaign_write_human(buf *out, const campaign_set *cs, const campaign *c) {
    char t1[MTIME_BUFSZ], t2[MTIME_BUFSZ];
    if (lang_get() == LANG_JA)
        buf_printf(out, "キャンペーン %u: メール %zu 通、宛先 %u 件", c->id, c->mails.len, c->recipients);
    else buf_printf(out, "Campaign %u: %zu mails to %u recipients", c->id, c->mails.len, c->recipients);
    if (c->first_ms != MTIME_NONE)
        buf_printf(out, ", %s .. %s", mtime_format_human(c->first_ms, t1), mtime_format_human(c->last_ms, t2));
    buf_printf(out, " (%s %s)\n", L("worst:", "最悪の判定:"), mail_verdict_label(c->worst));
    buf_printf(out, "  %s\n", L("Joined by:", "共通点:"));
    for (size_t i = 0; i < c->features.len && i < HUMAN_MAX_FEATURES; i++) {
        const campaign_feature *f = &VEC_AT(&cs->features, campaign_feature, VEC_AT(&c->features, uint32_t, i));
        buf_printf(out, "    - %s: ", feature_label(f->type));
        terminal_safe(out, f->value);
        buf_printf(out, " (%zu %s)\n", f->mails.len, L("mails", "通"));
    }
    if (c->features.len > HUMAN_MAX_FEATURES)
        buf_printf(out, "    (%zu %s)\n", c->features.len - HUMAN_MAX_FEATURES,
                   L("more shared features; see --output jsonl", "件のほかの共通点は --output jsonl で表示"));
    buf_printf(out, "  %s\n", L("Mails:", "メール:"));
    for (size_t i = 0; i < c->mails.len; i++) {
        const campaign_mail *m = &VEC_AT(&cs->mails, campaign_mail, VEC_AT(&c->mails, uint32_t, i));
        buf_printf(out, "    - %s  %-10s  ", m->date_ms != MTIME_NONE ? mtime_format_human(m->date_ms, t1) : "-",
                   mail_verdict_name(m->verdict));
        terminal_safe(out, m->subject);
        buf_puts(out, "  <");
        terminal_safe(out, m->from);
        buf_puts(out, ">  ");
        mail_location(out, m->file, m->index);
        buf_putc(out, '\n');
    }
    buf_putc(out, '\n');
}

void campaign_write_json(jw *w, const campaign_set *cs, const campaign *c) {
    jw_obj_begin(w);
    jw_key(w, "kind"), jw_cstr(w, "campaign");
    jw_key(w, "id"), jw_int(w, c->id);
    jw_key(w, "mails"), jw_int(w, (int64_t)c->mails.len);
    jw_key(w, "recipients"), jw_int(w, c->recipients);
    jw_key(w, "first"), jw_time(w, c->first_ms);
    jw_key(w, "last"), jw_time(w, c->last_ms);
    jw_key(w, "verdict"), jw_cstr(w, mail_verdict_name(c->worst));
    jw_key(w, "features");
    jw_arr_begin(w);
    for (size_t i = 0; i < c->features.len; i++) {
        const campaign_feature *f = &VEC_AT(&cs->features, campaign_feature, VEC_AT(&c->features, uint32_t, i));
        jw_obj_begin(w);
        jw_key(w, "type"), jw_cstr(w, f->type);
        jw_key(w, "value"), jw_cstr(w, f->value);
        jw_key(w, "mails"), jw_int(w, (int64_t)f->mails.len);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_key(w, "members");
    jw_arr_begin(w);
    for (size_t i = 0; i < c->mails.len; i++) {
        const campaign_mail *m = &VEC_AT(&cs->mails, campaign_mail, VEC_AT(&c->mails, uint32_t, i));
        jw_obj_begin(w);
        jw_key(w, "file"), jw_cstr(w, m->file);
        jw_key(w, "index"), jw_int(w, m->index);
        jw_key(w, "offset"), jw_int(w, (int64_t)m->offset);
        jw_key(w, "message_id"), jw_cstr(w, m->message_id);
        jw_key(w, "date"), jw_time(w, m->date_ms);
        jw_key(w, "subject"), jw_cstr(w, m->subject);
        jw_key(w, "from"), jw_cstr(w, m->from);
        jw_key(w, "verdict"), jw_cstr(w, mail_verdict_name(m->verdict));
        jw_key(w, "score"), jw_int(w, m->score);
        jw_obj_end(w);
    }
    jw_arr_end(w);
    jw_obj_end(w);
}
