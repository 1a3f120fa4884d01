/* business.c - the ordinary mail the organisation receives: partners,
 * other agencies, seminar announcements, newsletters. It arrives on working
 * days in office hours (a few in the evening and at weekends), at a rate of
 * about one per four terminals per working day, addressed to staff by name.
 * Some carry a PDF-like document or a ZIP of a spreadsheet in CSV, some a
 * link; none is malicious. Bodies use the three encodings of mail.h. */
#include "sim/mail/mail.h"
#include "sim/names.h"
#include "sim/sites.h"

#include <stdio.h>
#include <string.h>

typedef struct partner {
    const char *company, *domain;
} partner;

static const partner partners[] = {
    {"株式会社みなと商事", "minato-shoji.example.co.jp"},
    {"東和システム株式会社", "towa-sys.example.co.jp"},
    {"社会保険研究会", "shaho-ken.example.or.jp"},
    {"株式会社さくら印刷", "sakura-print.example.co.jp"},
    {"関東年金協議会", "kanto-nenkin.example.or.jp"},
    {"日本データサービス株式会社", "nds.example.co.jp"},
    {"株式会社ひかり総研", "hikari-soken.example.co.jp"},
    {"公益財団法人福祉情報センター", "fukushi-info.example.or.jp"},
};

static const char *const subjects[] = {
    "打合せ資料の送付について", "会議日程のご連絡", "見積書送付のご案内", "研修会開催のお知らせ",
    "お問い合わせの件", "請求書送付のご案内", "議事録の送付", "【ご案内】説明会の開催について",
    "システム保守作業のお知らせ", "年次報告書の提出について", "来週の訪問日程について", "契約更新のご案内",
};

static const char *const topics[] = {
    ("先日の打合せでお話しした資料を送付いたします。\n"
     "ご確認のほど、よろしくお願いいたします。"),
    ("次回の会議日程について、下記の候補からご都合のよい日時をお知らせください。\n"
     "・5月27日(水) 14時から\n・5月29日(金) 10時から"),
    ("ご依頼いただきました件につきまして、見積書を添付いたします。\n"
     "ご不明な点がございましたらお問い合わせください。"),
    ("標記の研修会を下記のとおり開催いたしますので、ご案内申し上げます。\n"
     "詳細は当会ウェブサイトをご覧ください。"),
    ("先日お問い合わせいただいた件について、担当部署に確認いたしました。\n"
     "回答は追ってご連絡いたします。"),
    ("定期保守作業を実施いたします。作業中は一部のサービスがご利用いただけません。\n"
     "ご迷惑をおかけしますが、ご理解のほどお願いいたします。"),
};

typedef struct mail_bg_state {
    bool started;
} mail_bg_state;

static int64_t next_arrival(sim *s, actor *a) {
    rng *r = &a->r;
    double per_day = s->w.nterm / 4.0;
    if (per_day < 12) per_day = 12;
    int64_t t = a->t + (int64_t)(rng_exp(r, 9.5 * 3600.0 / per_day) * 1000) + 1000;
    for (int i = 0; i < 14; i++) {
        int64_t day = world_day(&s->w, t);
        int wd = world_wday(&s->w, day);
        int64_t local = (t + JST_OFF_MS) % DAY_MS;
        bool office = wd >= 1 && wd <= 5 && local >= 8 * HOUR_MS + 30 * MIN_MS && local < 18 * HOUR_MS;
        if (office || rng_chance(r, 0.03)) return t;
        /* skip to the next working morning */
        t = world_at(&s->w, local < 8 * HOUR_MS + 30 * MIN_MS ? day : day + 1, 8, 30) +
            (int64_t)rng_below(r, 90 * MIN_MS);
    }
    return t;
}

static void mail_bg_fire(sim *s, actor *a) {
    mail_bg_state *st = a->data;
    rng *r = &a->r;
    if (!st->started) {
        st->started = true;
        a->t = next_arrival(s, a);
        return;
    }
    const partner *p = &partners[rng_below(r, sizeof partners / sizeof partners[0])];
    const staff *to = &s->w.people[rng_below(r, s->w.nstaff)];
    const jname *sender_f = &family_names[rng_below(r, family_names_count)];
    const jname *sender_g = &given_names[rng_below(r, given_names_count)];
    char from_name[96], from_addr[128], to_addr[96], to_name[48], body[2048], relay[96];
    snprintf(from_name, sizeof from_name, "%s %s", sender_f->kanji, sender_g->kanji);
    snprintf(from_addr, sizeof from_addr, "%s.%s@%s", sender_g->romaji, sender_f->romaji, p->domain);
    snprintf(to_addr, sizeof to_addr, "%s@" ORG_DOMAIN, to->user);
    snprintf(to_name, sizeof to_name, "%s", to->kanji);
    snprintf(relay, sizeof relay, "mail.%s", p->domain);
    const char *topic = topics[rng_below(r, sizeof topics / sizeof topics[0])];
    snprintf(body, sizeof body,
             "%s 様\n\nいつもお世話になっております。\n%sの%sです。\n\n%s\n\n以上、よろしくお願いいたします。\n\n"
             "--------------------------------\n%s\n%s\nTEL 03-%04u-%04u\n--------------------------------\n",
             to->kanji, p->company, sender_f->kanji, topic, p->company, from_name, (unsigned)rng_range(r, 1000, 9999),
             (unsigned)rng_range(r, 1000, 9999));
    mail_spec m = {
        .t = a->t,
        .from_name = from_name,
        .from_addr = from_addr,
        .to_name = to_name,
        .to_addr = to_addr,
        .subject = subjects[rng_below(r, sizeof subjects / sizeof subjects[0])],
        .body = body,
        .charset = (mail_charset)rng_weighted(r, (const double[]){0.6, 0.15, 0.25}, 3),
        .relay_ip = sites_addr(relay),
        .relay_name = relay,
        .mailer = rng_chance(r, 0.5) ? "Microsoft Outlook 14.0" : NULL,
    };
    buf doc = {0}, zip = {0};
    mail_attachment att;
    double u = rng_unit(r);
    if (u < 0.2) {
        /* a small PDF-like document */
        buf_puts(&doc, "%PDF-1.4\n% mitsuke simulated document\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        att = (mail_attachment){"資料.pdf", "application/pdf", (const uint8_t *)doc.p, doc.len};
        m.att = &att;
        m.natt = 1;
    } else if (u < 0.3) {
        buf_puts(&doc, "No,件名,担当,期限\r\n1,資料作成,総務,5月29日\r\n2,確認,経理,6月3日\r\n");
        buf csv = {0};
        utf8_to_charset(doc.p, doc.len, "CP932", &csv);
        archive_member mem = {"作業一覧.csv", (const uint8_t *)csv.p, csv.len, a->t - DAY_MS};
        zip_write(&zip, &mem, 1);
        buf_free(&csv);
        att = (mail_attachment){"作業一覧.zip", "application/x-zip-compressed", (const uint8_t *)zip.p, zip.len};
        m.att = &att;
        m.natt = 1;
    }
    char file[128];
    mail_write(s, &m, file, sizeof file);
    buf_free(&doc);
    buf_free(&zip);
    a->t = next_arrival(s, a);
}

void mail_background_start(sim *s) {
    sim_actor(s, mail_bg_fire, UINT32_MAX, s->w.start_ms, 0x20000000002ull, sizeof(mail_bg_state));
}
