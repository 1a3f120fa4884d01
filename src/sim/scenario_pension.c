/* scenario_pension.c - "pension-2015": the targeted attack on the Japan
 * Pension Service in May 2015, as NISC's investigation report (seed 004,
 * sections 2.2-2.5) describes it, replayed on a simulated organisation.
 *
 * Timeline (day 0 is the first simulated day, Friday 8 May 2015 by default;
 * every time gets a few minutes of seeded jitter):
 *   day 0  (5/8 Fri)  mail I to two public addresses, with a link to online
 *                     storage; one terminal clicks, talks to its C2 for about
 *                     four hours, then its LAN cable is pulled (replaced on
 *                     Monday by a substitute with the same name and address).
 *   day 10 (5/18 Mon) a mail with mail I's subject to a non-public address
 *                     (footnote 9; no infection); mail II to 98 personal
 *                     addresses with an .lzh: three terminals run it and every
 *                     attempt to reach their C2 fails (407, 403, DNS error),
 *                     until they are cleaned on the morning of day 12;
 *                     mail III a few hours later: 16 with an .lzh and, into
 *                     day 11, 4 with a storage link; nothing happens.
 *   day 12 (5/20 Wed) afternoon: mail IV to three public addresses; one
 *                     terminal is infected; 30 minutes later the attacker has
 *                     its local Administrator and, within two hours, uses the
 *                     same password (shared by all terminals) to infect six
 *                     more: three come under control, three only fail.
 *   day 13 (5/21 Thu) one more terminal in the morning; bulk reads on the
 *                     file share and uploads to one domestic server X from
 *                     two of the first terminals and the new one; from the
 *                     evening into the night 17 more terminals, two of them
 *                     left on overnight, each reading the share and uploading
 *                     to X.
 *   day 14 (5/22 Fri) 23 terminals under control, 20 of them have uploaded to
 *                     X; by noon only six still upload. Afternoon: domain
 *                     administrator taken on the DC (a normal user gets
 *                     special privileges, creates an account and adds it to
 *                     Domain Admins). Evening: the substitute of the day-0
 *                     terminal and one new terminal run day 0's malware type.
 *   day 15 (5/23 Sat) one new terminal, uploading to X; four terminals show
 *                     suspicious traffic that day; from the evening, nothing
 *                     (outbound traffic blocked per site).
 * Totals with the default dates: 23 destinations, 31 terminals of which 6 only
 * ever failed, 21 terminals uploading to X. */
#include "sim/attack.h"
#include "sim/mail/mail.h"
#include "sim/names.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/truth.h"
#include "sim/windows/events.h"
#include "core/mtime.h"

#include <stdio.h>
#include <string.h>

enum {
    D_I_A, D_I_B, D_I_C,            /* mail I's implant; the same type on day 14 */
    D_II_A, D_II_B, D_II_C,         /* mail II: all fail */
    D_IV_A, D_IV_B, D_IV_C, D_IV_D, /* mail IV and the three controlled on day 12 */
    D_IV_E, D_IV_F,                 /* the three that only fail on day 12 */
    D_M21,                          /* day 13 morning */
    D_EVE0,                         /* eight C2s of the day-13 evening spread */
    D_X = D_EVE0 + 8,               /* the domestic upload server */
    D_M23,                          /* day 15 */
    D_COUNT
};

typedef enum { H_SITE, H_ODD, H_IP } host_kind;

typedef struct dest_plan {
    host_kind kind;
    uint16_t port;
    c2_style style;
    fail_mode fail;
    const char *campaign, *country;
} dest_plan;

static const dest_plan dplan[D_COUNT] = {
    [D_I_A] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "I", "Japan"},
    [D_I_B] = {H_IP, 443, C2_CONNECT, FAIL_NONE, "I", "United States"},
    [D_I_C] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "I", "Japan"},
    [D_II_A] = {H_SITE, 80, C2_HTTP, FAIL_AUTH, "II", "Japan"},
    [D_II_B] = {H_ODD, 80, C2_HTTP, FAIL_DNS, "II", "Reserved"},
    [D_II_C] = {H_IP, 8443, C2_CONNECT, FAIL_DENIED, "II", "Hong Kong"},
    [D_IV_A] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "IV", "Japan"},
    [D_IV_B] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "IV", "Japan"},
    [D_IV_C] = {H_IP, 8080, C2_HTTP, FAIL_NONE, "IV", "United States"},
    [D_IV_D] = {H_ODD, 443, C2_CONNECT, FAIL_NONE, "IV", "United States"},
    [D_IV_E] = {H_SITE, 80, C2_HTTP, FAIL_AUTH, "IV", "Japan"},
    [D_IV_F] = {H_IP, 8443, C2_CONNECT, FAIL_DENIED, "IV", "China"},
    [D_M21] = {H_ODD, 80, C2_HTTP, FAIL_NONE, "IV", "United States"},
    [D_EVE0 + 0] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "IV", "Japan"},
    [D_EVE0 + 1] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "IV", "Japan"},
    [D_EVE0 + 2] = {H_SITE, 80, C2_HTTP, FAIL_NONE, "IV", "Japan"},
    [D_EVE0 + 3] = {H_ODD, 80, C2_HTTP, FAIL_NONE, "IV", "United States"},
    [D_EVE0 + 4] = {H_ODD, 80, C2_HTTP, FAIL_NONE, "IV", "Taiwan"},
    [D_EVE0 + 5] = {H_IP, 8080, C2_HTTP, FAIL_NONE, "IV", "United States"},
    [D_EVE0 + 6] = {H_IP, 53, C2_HTTP, FAIL_NONE, "IV", "Korea, Republic of"},
    [D_EVE0 + 7] = {H_ODD, 443, C2_CONNECT, FAIL_NONE, "IV", "United States"},
    [D_X] = {H_IP, 80, C2_UPLOAD, FAIL_NONE, "IV", "Japan"},
    [D_M23] = {H_ODD, 80, C2_HTTP, FAIL_NONE, "IV", "United States"},
};

/* User-Agents of the implants: an old IE8 string on IE11 terminals, older
 * fakes, none at all, and the terminal's own browser string. */
#define UA_EMDIVI                                                                                     \
    "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; .NET " \
    "CLR 3.5.30729; .NET CLR 3.0.30729; Media Center PC 6.0)"
#define UA_IE6 "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)"
#define UA_IE6_SV1 "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)"
#define UA_IE7 "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1; Trident/4.0)"
#define UA_BARE "Mozilla/5.0"

typedef struct pension_plan {
    c2_dest dest[D_COUNT];
    uint8_t *used;                      /* per terminal */
    char sender_i[64], sender_ii[64], sender_iii[64], sender_iv[64];
    /* for the README */
    int64_t t_mail1, t_click, t_first_lateral, t_bulk, t_pull, t_foot, t_mail2, t_mail3, t_mail4, t_admin, t_m21, t_eve_first, t_eve_last, t_da,
        t_e22, t_sat, t_cutoff;
    uint32_t t1, t_iv1, t_m23;
    int ii_slot[3];
} pension_plan;

/* ----------------------------------------------------------- planning */

static bool host_taken(const pension_plan *p, int upto, const char *host) {
    for (int i = 0; i < upto; i++)
        if (!strcmp(p->dest[i].host, host)) return true;
    return false;
}

static void make_destinations(sim *s, pension_plan *p, rng *r) {
    static const char *const site_dirs[] = {"/wp-content/plugins/", "/cgi-bin/", "/_include/css/", "/images/",
                                            "/old/"};
    static const char *const site_files[] = {"/index.php", "/bbs.cgi", "/style.php", "/top.php", "/log.php"};
    static const char *const odd_paths[] = {"/index.php", "/news/list.asp", "/cgi/info.cgi", "/bin/read.php"};
    static const char *const odd_roots[] = {"ddns", "srv", "cloud", "dyn", "host", "box"};
    static const char *const odd_tlds[] = {".com", ".net", ".info", ".biz", ".org"};
    static const char *const site_tlds_jp[] = {".jp", ".co.jp", ".or.jp", ".com", ".ne.jp"};
    for (int i = 0; i < D_COUNT; i++) {
        const dest_plan *dp = &dplan[i];
        c2_dest *d = &p->dest[i];
        do {
            const char *w1 = site_words[rng_below(r, site_words_count)];
            const char *w2 = site_words[rng_below(r, site_words_count)];
            if (dp->kind == H_SITE) {
                snprintf(d->host, sizeof d->host, "www.%s-%s%02u%s", w1, w2, (unsigned)rng_below(r, 100),
                         site_tlds_jp[rng_below(r, 5)]);
                uint64_t k = rng_below(r, 5);
                snprintf(d->path, sizeof d->path, "%s%s%s", site_dirs[k], w2, site_files[k]);
            } else if (dp->kind == H_ODD) {
                char label[11];
                rng_alnum(r, label, 10);
                label[10] = 0;
                snprintf(d->host, sizeof d->host, "%s.%s%s%s", label, w1, odd_roots[rng_below(r, 6)],
                         odd_tlds[rng_below(r, 5)]);
                snprintf(d->path, sizeof d->path, "%s", odd_paths[rng_below(r, 4)]);
            } else {
                /* documentation ranges (RFC 5737): never a real server */
                uint32_t net = rng_chance(r, 0.5) ? (203u << 24 | 0u << 16 | 113u << 8) : (198u << 24 | 51u << 16 | 100u << 8);
                uint32_t ip = net | (uint32_t)rng_range(r, 2, 250);
                ip4_str(ip, d->host);
                snprintf(d->path, sizeof d->path, "%s", i == D_X ? "/upload/" : "/");
            }
        } while (host_taken(p, i, d->host));
        d->port = dp->port;
        d->style = dp->style;
        d->fail = dp->fail;
        d->ip = dp->kind == H_IP ? 0 : sites_addr(d->host);
        if (dp->kind == H_IP) {
            unsigned a, b, c, e;
            sscanf(d->host, "%u.%u.%u.%u", &a, &b, &c, &e);
            d->ip = a << 24 | b << 16 | c << 8 | e;
        }
        d->category = dp->kind == H_SITE ? "Business/Economy" : dp->kind == H_ODD ? "Suspicious" : "Unrated";
        d->truth = truth_add_dest(s->truth, d->host, d->port, d->ip, i == D_X ? "exfiltration" : "c2",
                                  dp->campaign, dp->country);
    }
}

static int64_t at(const sim *s, rng *r, int64_t day, int hh, int mm, int jitter_min) {
    return world_at(&s->w, day, hh, mm) + (int64_t)rng_below(r, (uint64_t)jitter_min + 1) * MIN_MS +
           (int64_t)rng_below(r, 60) * SEC_MS;
}

/* An unused terminal whose user is at it from `from` to `to`; if nobody is,
 * one is made to stay (a forced presence window). */
static uint32_t pick(sim *s, pension_plan *p, rng *r, int64_t from, int64_t to) {
    uint32_t n = s->w.nterm, start = (uint32_t)rng_below(r, n);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t t = (start + k) % n;
        if (p->used[t]) continue;
        if (world_present(&s->w, t, from) && world_present(&s->w, t, (from + to) / 2) &&
            world_present(&s->w, t, to - 1)) {
            p->used[t] = 1;
            return t;
        }
    }
    for (uint32_t k = 0; k < n; k++) {
        uint32_t t = (start + k) % n;
        if (p->used[t]) continue;
        p->used[t] = 1;
        world_force(&s->w, t, from - 10 * MIN_MS, to + 30 * MIN_MS, FORCE_PRESENT);
        return t;
    }
    return 0;   /* unreachable: min_terminals leaves room */
}

/* A terminal of `list` that is switched on at t, the most recent first;
 * if none is, the last one is kept on for a while. */
static uint32_t powered_source(sim *s, const uint32_t *list, int n, int64_t t) {
    for (int i = n - 1; i >= 0; i--)
        if (world_powered(&s->w, list[i], t) && world_powered(&s->w, list[i], t - MIN_MS)) return list[i];
    world_force(&s->w, list[n - 1], t - 10 * MIN_MS, t + 10 * MIN_MS, FORCE_POWERED);
    return list[n - 1];
}

/* ----------------------------------------------------------- the steps */

typedef enum { MK_I, MK_I_FOOT, MK_II, MK_III_ATT, MK_III_LINK, MK_IV } mail_kind;

typedef struct mail_step {
    mail_kind kind;
    char id[16];
    const char *campaign;
    int32_t staff;              /* recipient, -1 for a public address */
    const char *public_box;
    uint32_t terms[2];
    int nterms;
    uint64_t variant;
} mail_step;

static const char SUBJ_I[] = "厚生年金基金制度の見直しについて(試案)に関する意見";
static const char SUBJ_II[] = "給付研究委員会オープンセミナーのご案内";
static const char SUBJ_III[] = "厚生年金徴収関係研修資料";
static const char SUBJ_IV[] = "【医療費通知】";
#define FW_SPACES "　　　　　　　　　　　　　　　　"   /* full-width spaces push ".exe" out of sight */

static void storage_link(char *out, size_t n, uint64_t v, const char *file) {
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char id[16];
    for (int i = 0; i < 15; i++) id[i] = set[mix64(v + (uint64_t)i) % 36];
    id[15] = 0;
    snprintf(out, n, "https://www.dropbox.com/s/%s/%s?dl=1", id, file);
}

static void attack_mail_fn(sim *s, const void *arg, int64_t t) {
    const mail_step *ms = arg;
    const pension_plan *p = s->plan;
    char to_addr[96], body[3000], link[200], relay[64];
    const char *to_name = NULL, *subject = SUBJ_I, *from = p->sender_i, *from_name = NULL, *mailer = NULL;
    const staff *st = ms->staff >= 0 ? &s->w.people[ms->staff] : NULL;
    if (st) {
        snprintf(to_addr, sizeof to_addr, "%s@" ORG_DOMAIN, st->user);
        to_name = st->kanji;
    } else {
        snprintf(to_addr, sizeof to_addr, "%s@" ORG_DOMAIN, ms->public_box);
    }
    buf arc = {0}, exe = {0};
    mail_attachment att = {0};
    const char *arc_name = NULL, *exe_name = NULL;
    bool use_zip = false, with_link = false;
    mail_charset cs = CS_ISO2022JP;
    link[0] = 0;
    switch (ms->kind) {
    case MK_I:
        from_name = "年金制度研究会";
        storage_link(link, sizeof link, ms->variant, "%E6%84%8F%E8%A6%8B%E6%9B%B8.lzh");
        with_link = true;
        snprintf(body, sizeof body,
                 "ご担当者様\n\n突然のご連絡失礼いたします。\n"
                 "厚生年金基金制度の見直しについて(試案)に関する意見を取りまとめましたので、\n"
                 "下記よりご確認いただけますと幸いです。\n\n%s\n\n"
                 "ご多忙のところ恐縮ですが、よろしくお願いいたします。\n",
                 link);
        break;
    case MK_I_FOOT:
        from_name = "年金制度研究会";
        arc_name = "意見書(試案).zip";
        exe_name = "意見書(試案)" FW_SPACES ".exe";
        use_zip = true;
        snprintf(body, sizeof body,
                 "%s 様\n\n厚生年金基金制度の見直しについて(試案)に関する意見書を添付いたします。\n"
                 "ご確認ください。\n",
                 st ? st->kanji : "ご担当者");
        break;
    case MK_II:
        subject = SUBJ_II;
        from = p->sender_ii;
        from_name = "給付研究委員会事務局";
        mailer = "Microsoft Outlook Express 6.00.2900.5512";
        arc_name = "給付研究委員会オープンセミナーのご案内.lzh";
        exe_name = "給付研究委員会オープンセミナーのご案内" FW_SPACES ".exe";
        snprintf(body, sizeof body,
                 "%s 様\n\n平素より大変お世話になっております。\n給付研究委員会事務局でございます。\n\n"
                 "このたび、給付研究委員会ではオープンセミナーを開催する運びとなりました。\n"
                 "開催要領を添付いたしますので、ご確認のうえ、ぜひご参加ください。\n\n"
                 "日時　平成27年6月12日(金)　14時00分から16時30分\n会場　東京都千代田区内\n\n"
                 "ご不明な点は事務局までお問い合わせください。\n\n給付研究委員会事務局\n",
                 st ? st->kanji : "ご担当者");
        break;
    case MK_III_ATT:
    case MK_III_LINK:
        subject = SUBJ_III;
        from = p->sender_iii;
        from_name = "厚生年金徴収支援G";
        mailer = "Microsoft Outlook Express 6.00.2900.5512";
        if (ms->kind == MK_III_ATT) {
            arc_name = "厚生年金徴収関係研修資料(150331厚生年金徴収支援G).lzh";
            exe_name = "厚生年金徴収関係研修資料(150331厚生年金徴収支援G)" FW_SPACES ".exe";
            snprintf(body, sizeof body,
                     "各位\n\nお疲れ様です。\n厚生年金徴収関係の研修資料を送付いたします。\n"
                     "添付ファイルをご確認ください。\n\n厚生年金徴収支援G\n");
        } else {
            storage_link(link, sizeof link, ms->variant, "%E7%A0%94%E4%BF%AE%E8%B3%87%E6%96%99.lzh");
            with_link = true;
            snprintf(body, sizeof body,
                     "各位\n\nお疲れ様です。\n厚生年金徴収関係の研修資料は容量が大きいため、\n"
                     "下記からダウンロードしてください。\n\n%s\n\n厚生年金徴収支援G\n",
                     link);
        }
        break;
    case MK_IV:
        subject = SUBJ_IV;
        from = p->sender_iv;
        cs = CS_UTF8;
        arc_name = "医療費通知のお知らせ.lzh";
        exe_name = "医療費通知のお知らせ" FW_SPACES ".exe";
        snprintf(body, sizeof body, "医療費通知のお知らせを送付いたします。\n添付ファイルをご確認ください。\n");
        break;
    }
    if (arc_name) {
        stub_exe(&exe, ms->variant);
        archive_member m = {exe_name, (const uint8_t *)exe.p, exe.len, t - 3 * DAY_MS};
        if (use_zip) zip_write(&arc, &m, 1);
        else lha_write(&arc, &m, 1);
        att = (mail_attachment){arc_name, use_zip ? "application/x-zip-compressed" : "application/octet-stream",
                                (const uint8_t *)arc.p, arc.len};
    }
    const char *at_sign = strchr(from, '@');
    snprintf(relay, sizeof relay, "smtp%u.%s", (unsigned)(ms->variant % 20 + 1), at_sign ? at_sign + 1 : "mail");
    mail_spec m = {
        .t = t,
        .from_name = from_name,
        .from_addr = from,
        .to_name = to_name,
        .to_addr = to_addr,
        .subject = subject,
        .body = body,
        .charset = cs,
        .att = arc_name ? &att : NULL,
        .natt = arc_name ? 1 : 0,
        .relay_ip = sites_addr(relay),
        .relay_name = relay,
        .mailer = mailer,
    };
    truth_mail *tm = vec_push(&s->truth->mails);
    mail_write(s, &m, tm->file, sizeof tm->file);
    snprintf(tm->id, sizeof tm->id, "%s", ms->id);
    tm->campaign = ms->campaign;
    snprintf(tm->subject, sizeof tm->subject, "%s", subject);
    tm->t = t;
    snprintf(tm->recipient, sizeof tm->recipient, "%s", to_addr);
    tm->public_address = !st;
    tm->delivery = with_link ? "link" : "attachment";
    snprintf(tm->attachment, sizeof tm->attachment, "%s", with_link ? link : arc_name);
    for (int i = 0; i < ms->nterms; i++) tm->terms[i] = ms->terms[i];
    tm->nterms = ms->nterms;
    buf_free(&arc);
    buf_free(&exe);
}

typedef struct term_step {
    uint32_t term;
} term_step;

/* The click on mail I's link: the download from online storage. */
static void download_fn(sim *s, const void *arg, int64_t t) {
    const term_step *ts = arg;
    const terminal *tm = &s->w.term[ts->term];
    static const char *const hosts[] = {"www.dropbox.com", "dl.dropboxusercontent.com"};
    for (int i = 0; i < 2; i++) {
        sim_http h = {.t = t, .client = tm->ip, .user = s->w.people[tm->staff].user, .method = "CONNECT",
                      .connect = true, .host = hosts[i], .port = 443, .status = 200,
                      .server_ip = sites_addr(hosts[i]), .bytes_in = i ? 412000 : 38000, .bytes_out = 2100,
                      .duration_ms = i ? 5200 : 1400, .ua = browser_uas[tm->ua].ua,
                      .category = "Online Storage", .attack = -1, .dest = -1};
        emit_http(s, &h);
    }
}

typedef struct note_step {
    char what[200];
} note_step;

static void note_fn(sim *s, const void *arg, int64_t t) { truth_note_add(s->truth, t, ((const note_step *)arg)->what); }

static void note(script *sc, int64_t t, const char *what) {
    note_step n;
    snprintf(n.what, sizeof n.what, "%s", what);
    script_add(sc, t, note_fn, &n, sizeof n);
}

typedef struct lateral_step {
    uint32_t src, dst;
    bool guess;
    uint64_t stream;
} lateral_step;

static void lateral_fn(sim *s, const void *arg, int64_t t) {
    const lateral_step *l = arg;
    rng r;
    rng_seed(&r, s->opt.seed, 0x1a7e0000ull + l->stream);
    lateral_emit(s, t, l->src, l->dst, l->guess, &r);
}

typedef struct domain_admin_step {
    uint32_t src;
    int phase;              /* 0 logon with privileges, 1 account created, 2 and 3 group changes */
} domain_admin_step;

/* Domain administrator taken through the DC's Kerberos flaw: the normal
 * user of a controlled terminal logs on to the DC with special privileges,
 * creates an account and puts it in Domain Admins and Administrators. Each
 * phase is its own step so records stay in time order. */
static void domain_admin_fn(sim *s, const void *arg, int64_t t) {
    const domain_admin_step *d = arg;
    const terminal *tm = &s->w.term[d->src];
    const staff *p = &s->w.people[tm->staff];
    char ip[16], sid[64], new_sid[64];
    const char *dn = "CN=sup_adm01,CN=Users,DC=kikou,DC=local";
    ip4_str(tm->ip, ip);
    win_account who = {p->user, NETBIOS_DOMAIN, user_sid(tm->staff, sid)};
    snprintf(new_sid, sizeof new_sid, DOMAIN_SID "-%u", 5201u);
    switch (d->phase) {
    case 0:
        emit_core(s, &(sim_conn){.t = t, .src = tm->ip, .dst = s->w.dc_ip, .sport = 50112, .dport = 88,
                                 .proto = 6, .allowed = true});
        winev_tgt(s, t, &who, ip, false);
        winev_service_ticket(s, t, &who, "krbtgt", ip);
        emit_core(s, &(sim_conn){.t = t, .src = tm->ip, .dst = s->w.dc_ip, .sport = 50113, .dport = 445,
                                 .proto = 6, .allowed = true});
        winev_logon(s, t, HOST_DC, 3, &who, ip, tm->host, false);
        winev_special(s, t, HOST_DC, &who);
        break;
    case 1: winev_user_created(s, t, &who, "sup_adm01", new_sid); break;
    case 2: winev_group_member_added(s, t, 4728, &who, dn, new_sid, "Domain Admins", DOMAIN_SID "-512"); break;
    default: winev_group_member_added(s, t, 4732, &who, dn, new_sid, "Administrators", "S-1-5-32-544"); break;
    }
}

/* ----------------------------------------------------------- setup */

static void add_mail(script *sc, int64_t t, mail_kind kind, const char *campaign, const char *id, int32_t who,
                     const char *box, const uint32_t *terms, int nterms, uint64_t variant) {
    mail_step m = {.kind = kind, .campaign = campaign, .staff = who, .public_box = box, .nterms = nterms,
                   .variant = variant};
    snprintf(m.id, sizeof m.id, "%s", id);
    for (int i = 0; i < nterms && i < 2; i++) m.terms[i] = terms[i];
    script_add(sc, t, attack_mail_fn, &m, sizeof m);
}

static void add_lateral(script *sc, int64_t t, uint32_t src, uint32_t dst, bool guess, uint64_t stream) {
    lateral_step l = {src, dst, guess, stream};
    script_add(sc, t, lateral_fn, &l, sizeof l);
}

static void free_sender(rng *r, char *out, size_t n, const char *word, const char *domain) {
    snprintf(out, n, "%s%u@%s", word, (unsigned)rng_range(r, 1000, 9999), domain);
}

/* Distinct staff for a mass mailing, the openers first. */
static void choose_recipients(sim *s, rng *r, int32_t *out, int n, const uint32_t *openers, int nopen) {
    uint8_t *taken = arena_zalloc(&s->mem, s->w.nstaff);
    int k = 0;
    for (int i = 0; i < nopen; i++) {
        out[k++] = (int32_t)s->w.term[openers[i]].staff;
        taken[s->w.term[openers[i]].staff] = 1;
    }
    while (k < n) {
        uint32_t c = (uint32_t)rng_below(r, s->w.nstaff);
        if (taken[c]) continue;
        taken[c] = 1;
        out[k++] = (int32_t)c;
    }
}

static bool pension_setup(sim *s, char *err, size_t errlen) {
    (void)err, (void)errlen;
    world *w = &s->w;
    pension_plan *p = arena_zalloc(&s->mem, sizeof *p);
    p->used = arena_zalloc(&s->mem, w->nterm);
    s->plan = p;
    truth *tr = s->truth;
    rng r;
    rng_seed(&r, s->opt.seed, 0x9e45100ull);
    make_destinations(s, p, &r);
    free_sender(&r, p->sender_i, sizeof p->sender_i, "nenkin.kenkyu", "yahoo.co.jp");
    free_sender(&r, p->sender_ii, sizeof p->sender_ii, "kyufu.seminar", "yahoo.co.jp");
    free_sender(&r, p->sender_iii, sizeof p->sender_iii, "choshu.shien", "yahoo.co.jp");
    free_sender(&r, p->sender_iv, sizeof p->sender_iv, "iryouhi.tsuchi", "gmail.com");
    script *sc = script_new(s);
    char ida[16], what[200];
    const c2_dest *D = p->dest;

    /* --- day 0: mail I ------------------------------------------------- */
    p->t_mail1 = at(s, &r, 0, 10, 18, 10);
    p->t1 = pick(s, p, &r, p->t_mail1 + 15 * MIN_MS, p->t_mail1 + 5 * HOUR_MS);
    int64_t click = p->t_mail1 + (int64_t)rng_range(&r, 12, 25) * MIN_MS;
    p->t_click = click;
    int64_t infect1 = click + (int64_t)rng_range(&r, 60, 150) * SEC_MS;
    p->t_pull = infect1 + 4 * HOUR_MS + (int64_t)rng_range(&r, -10, 10) * MIN_MS;
    add_mail(sc, p->t_mail1, MK_I, "I", "I-1", -1, "iken", &p->t1, 1, mix64(s->opt.seed ^ 1));
    add_mail(sc, p->t_mail1 + 2 * MIN_MS + 13 * SEC_MS, MK_I, "I", "I-2", -1, "kouhou", NULL, 0,
             mix64(s->opt.seed ^ 1));
    script_add(sc, click, download_fn, &(term_step){p->t1}, sizeof(term_step));
    int slot_t1 = truth_add_slot(tr, p->t1, "I", "mail", infect1);
    implant_start(s, &(implant_spec){.slot = slot_t1, .term = p->t1, .start = infect1, .stop = p->t_pull,
                                     .dest = {&D[D_I_A], &D[D_I_B]}, .ndest = 2, .ua = UA_EMDIVI,
                                     .proxy_auth = true, .idle_s = 60, .busy_p = 0.05});
    world_force(w, p->t1, p->t_pull, world_at(w, 3, 8, 25), FORCE_OFF);
    snprintf(what, sizeof what, "LAN cable of %s pulled after NISC's notice (terminal replaced on day 3)",
             w->term[p->t1].host);
    note(sc, p->t_pull, what);

    /* --- day 10: footnote 9, mail II, mail III --------------------------- */
    p->t_foot = at(s, &r, 10, 8, 5, 20);
    add_mail(sc, p->t_foot, MK_I_FOOT, "I", "I-3", (int32_t)rng_below(&r, w->nstaff), NULL, NULL, 0,
             mix64(s->opt.seed ^ 3));
    p->t_mail2 = at(s, &r, 10, 9, 48, 6);
    uint32_t ii_term[3];
    int64_t ii_open[3];
    int32_t rcpt[98];
    for (int k = 0; k < 3; k++) ii_term[k] = pick(s, p, &r, p->t_mail2 + 20 * MIN_MS, p->t_mail2 + 2 * HOUR_MS);
    choose_recipients(s, &r, rcpt, 98, ii_term, 3);
    int64_t mt = p->t_mail2;
    int64_t ii_stop = at(s, &r, 12, 9, 0, 30);
    for (int i = 0; i < 98; i++) {
        snprintf(ida, sizeof ida, "II-%02d", i + 1);
        add_mail(sc, mt, MK_II, "II", ida, rcpt[i], NULL, i < 3 ? &ii_term[i] : NULL, i < 3 ? 1 : 0,
                 mix64(s->opt.seed ^ 2));
        if (i < 3) ii_open[i] = mt + (int64_t)rng_range(&r, 5, 80) * MIN_MS;
        mt += (int64_t)rng_range(&r, 4, 10) * SEC_MS;
    }
    static const char *const ii_ua[3] = {UA_IE6, NULL, UA_BARE};
    static const int ii_dest[3] = {D_II_A, D_II_B, D_II_C};
    for (int k = 0; k < 3; k++) {
        p->ii_slot[k] = truth_add_slot(tr, ii_term[k], "II", "mail", ii_open[k]);
        implant_start(s, &(implant_spec){.slot = p->ii_slot[k], .term = ii_term[k], .start = ii_open[k],
                                         .stop = ii_stop, .dest = {&D[ii_dest[k]]}, .ndest = 1, .ua = ii_ua[k],
                                         .idle_s = 600, .direct_first = true});
    }
    p->t_mail3 = at(s, &r, 10, 13, 5, 40);
    int32_t rcpt3[20];
    choose_recipients(s, &r, rcpt3, 20, NULL, 0);
    mt = p->t_mail3;
    for (int i = 0; i < 16; i++) {
        snprintf(ida, sizeof ida, "III-%02d", i + 1);
        add_mail(sc, mt, MK_III_ATT, "III", ida, rcpt3[i], NULL, NULL, 0, mix64(s->opt.seed ^ 4));
        mt += (int64_t)rng_range(&r, 20, 90) * SEC_MS;
    }
    int64_t link_times[4] = {at(s, &r, 10, 17, 40, 20), at(s, &r, 10, 19, 10, 30), at(s, &r, 11, 8, 10, 20),
                             at(s, &r, 11, 9, 5, 20)};
    for (int i = 0; i < 4; i++) {
        snprintf(ida, sizeof ida, "III-%02d", 17 + i);
        add_mail(sc, link_times[i], MK_III_LINK, "III", ida, rcpt3[16 + i], NULL, NULL, 0, mix64(s->opt.seed ^ 5));
    }
    note(sc, at(s, &r, 11, 21, 0, 30), "NISC sends its analysis of mails II and III to the ministry (C2 addresses included)");

    /* --- day 12: mail IV and the first spread -------------------------- */
    p->t_cutoff = at(s, &r, 15, 16, 30, 20);
    p->t_mail4 = at(s, &r, 12, 13, 18, 8);
    p->t_iv1 = pick(s, p, &r, p->t_mail4 + 10 * MIN_MS, p->t_mail4 + 4 * HOUR_MS);
    int64_t infect_iv1 = p->t_mail4 + (int64_t)rng_range(&r, 6, 15) * MIN_MS;
    static const char *const boxes[3] = {"info", "soudan", "kikaku"};
    for (int i = 0; i < 3; i++) {
        snprintf(ida, sizeof ida, "IV-%d", i + 1);
        add_mail(sc, p->t_mail4 + i * 41 * SEC_MS, MK_IV, "IV", ida, -1, boxes[i], i == 0 ? &p->t_iv1 : NULL,
                 i == 0 ? 1 : 0, mix64(s->opt.seed ^ 6));
    }
    int slot_iv1 = truth_add_slot(tr, p->t_iv1, "IV", "mail", infect_iv1);
    implant_start(s, &(implant_spec){.slot = slot_iv1, .term = p->t_iv1, .start = infect_iv1, .stop = p->t_cutoff,
                                     .dest = {&D[D_IV_A]}, .ndest = 1, .ua = UA_EMDIVI, .proxy_auth = true,
                                     .idle_s = 180, .busy_p = 0.04});
    p->t_admin = infect_iv1 + 30 * MIN_MS;
    snprintf(what, sizeof what, "local Administrator of %s taken; the same password is set on every terminal",
             w->term[p->t_iv1].host);
    note(sc, p->t_admin, what);
    uint32_t controlled[40];
    int nctl = 0;
    controlled[nctl++] = p->t_iv1;
    uint32_t infected[40];      /* every terminal of the mail IV chain */
    int ninf = 0;
    infected[ninf++] = p->t_iv1;
    static const int iv_dest[6] = {D_IV_B, D_IV_E, D_IV_C, D_IV_F, D_IV_D, D_IV_E};
    int64_t lt = p->t_admin + (int64_t)rng_range(&r, 8, 15) * MIN_MS;
    p->t_first_lateral = lt;
    uint32_t ctl20[3];
    int nctl20 = 0;
    for (int k = 0; k < 6; k++) {
        uint32_t dst = pick(s, p, &r, lt, lt + 2 * HOUR_MS);
        add_lateral(sc, lt, p->t_iv1, dst, k == 1, (uint64_t)k);
        int64_t start = lt + (int64_t)rng_range(&r, 60, 180) * SEC_MS;
        bool ok = k % 2 == 0;
        int slot = truth_add_slot(tr, dst, "IV", "lateral", start);
        const char *ua = k == 0 ? UA_EMDIVI : k == 2 ? browser_uas[w->term[dst].ua].ua : k == 4 ? UA_IE7 : UA_IE6_SV1;
        implant_start(s, &(implant_spec){.slot = slot, .term = dst, .start = start, .stop = p->t_cutoff,
                                         .dest = {&D[iv_dest[k]]}, .ndest = 1, .ua = ua, .proxy_auth = ok,
                                         .idle_s = ok ? 240 : 300, .busy_p = ok ? 0.03 : 0, .direct_first = !ok});
        infected[ninf++] = dst;
        if (ok) controlled[nctl++] = ctl20[nctl20++] = dst;
        lt += (int64_t)rng_range(&r, 10, 17) * MIN_MS;
    }

    /* --- day 13: one more, then the evening spread ---------------------- */
    p->t_m21 = at(s, &r, 13, 10, 5, 40);
    uint32_t src = powered_source(s, controlled, nctl, p->t_m21);
    uint32_t m21 = pick(s, p, &r, p->t_m21, p->t_m21 + 7 * HOUR_MS);
    add_lateral(sc, p->t_m21, src, m21, false, 10);
    int64_t m21_start = p->t_m21 + 2 * MIN_MS;
    int slot_m21 = truth_add_slot(tr, m21, "IV", "lateral", m21_start);
    implant_start(s, &(implant_spec){.slot = slot_m21, .term = m21, .start = m21_start, .stop = p->t_cutoff,
                                     .dest = {&D[D_M21]}, .ndest = 1, .ua = UA_EMDIVI, .proxy_auth = true,
                                     .idle_s = 200, .busy_p = 0.03});
    controlled[nctl++] = m21;
    infected[ninf++] = m21;
    /* X group: two of day 12's controlled terminals and this one */
    uint32_t xterm[24];
    int xslot[24], nx = 0;
    int64_t xstart[24];
    uint32_t first3[3] = {ctl20[0], ctl20[1], m21};
    int first3_slot[3] = {0, 0, slot_m21};
    for (int i = 0; i < tr->nslots; i++) {
        if (tr->slot[i].term == ctl20[0]) first3_slot[0] = i;
        if (tr->slot[i].term == ctl20[1]) first3_slot[1] = i;
    }
    int64_t bulk_at = at(s, &r, 13, 15, 50, 40);
    p->t_bulk = bulk_at;
    for (int i = 0; i < 3; i++) {
        /* make sure they are at work for the afternoon upload */
        if (!world_present(w, first3[i], bulk_at) || !world_present(w, first3[i], bulk_at + HOUR_MS))
            world_force(w, first3[i], bulk_at - 10 * MIN_MS, bulk_at + 90 * MIN_MS, FORCE_PRESENT);
        bulk_read_start(s, first3[i], bulk_at + i * 7 * MIN_MS, (int)rng_range(&r, 60, 180), 100 + (uint64_t)i);
        xterm[nx] = first3[i];
        xslot[nx] = first3_slot[i];
        xstart[nx] = bulk_at + i * 7 * MIN_MS + (int64_t)rng_range(&r, 8, 15) * MIN_MS;
        nx++;
    }
    uint32_t overnight[2];
    int64_t t = at(s, &r, 13, 17, 0, 10);
    p->t_eve_first = t;
    for (int k = 0; k < 17; k++) {
        if (k == 15) t = at(s, &r, 13, 22, 10, 25);
        if (k == 16) t = at(s, &r, 13, 23, 0, 25);
        uint32_t from = powered_source(s, controlled, nctl, t);
        uint32_t dst = pick(s, p, &r, t, t + (k >= 15 ? 20 : 35) * MIN_MS);
        if (k >= 15) {
            /* left on overnight, until the Saturday cut-off */
            world_force(w, dst, t - 5 * MIN_MS, p->t_cutoff + 15 * MIN_MS, FORCE_POWERED);
            overnight[k - 15] = dst;
        }
        add_lateral(sc, t, from, dst, k % 5 == 2, 20 + (uint64_t)k);
        int64_t start = t + (int64_t)rng_range(&r, 50, 150) * SEC_MS;
        int slot = truth_add_slot(tr, dst, "IV", "lateral", start);
        const c2_dest *d = &D[D_EVE0 + k % 8];
        const char *ua = k % 3 == 0 ? UA_EMDIVI : k % 3 == 1 ? browser_uas[w->term[dst].ua].ua : UA_IE7;
        implant_start(s, &(implant_spec){.slot = slot, .term = dst, .start = start, .stop = p->t_cutoff,
                                         .dest = {d, &D[D_EVE0 + (k + 3) % 8]}, .ndest = 2, .ua = ua,
                                         .proxy_auth = true, .idle_s = (double)rng_range(&r, 150, 300),
                                         .busy_p = 0.02});
        bulk_read_start(s, dst, t + (int64_t)rng_range(&r, 3, 8) * MIN_MS, (int)rng_range(&r, 40, 160),
                        200 + (uint64_t)k);
        xterm[nx] = dst;
        xslot[nx] = slot;
        xstart[nx] = t + (int64_t)rng_range(&r, 12, 20) * MIN_MS;
        nx++;
        controlled[nctl++] = dst;
        infected[ninf++] = dst;
        p->t_eve_last = t;
        t += (int64_t)rng_range(&r, 13, 18) * MIN_MS;
    }

    /* --- day 14: X narrowed to six, domain admin, day-0 type again ------ */
    bool keeper[24] = {false};
    for (int i = 0; i < nx; i++)
        if (xterm[i] == overnight[0] || xterm[i] == overnight[1]) keeper[i] = true;
    for (int kept = 2; kept < 6;) {
        int i = (int)rng_below(&r, (uint64_t)nx);
        if (!keeper[i]) keeper[i] = true, kept++;
    }
    for (int i = 0; i < nx; i++) {
        int64_t stop = keeper[i] ? p->t_cutoff : at(s, &r, 14, 9, 0, 180);
        exfil_start(s, &(exfil_spec){.slot = xslot[i], .term = xterm[i], .start = xstart[i], .stop = stop,
                                     .dest = &D[D_X], .ua = UA_IE7});
    }
    p->t_da = at(s, &r, 14, 14, 15, 40);
    uint32_t da_src = powered_source(s, controlled, nctl, p->t_da);
    static const int da_offset_s[4] = {0, 40, 70, 75};
    for (int ph = 0; ph < 4; ph++)
        script_add(sc, p->t_da + da_offset_s[ph] * SEC_MS, domain_admin_fn, &(domain_admin_step){da_src, ph},
                   sizeof(domain_admin_step));
    snprintf(what, sizeof what, "domain administrator rights taken from %s through the DC's Kerberos flaw",
             w->term[da_src].host);
    note(sc, p->t_da, what);
    p->t_e22 = at(s, &r, 14, 17, 45, 25);
    if (!world_present(w, p->t1, p->t_e22) || !world_present(w, p->t1, p->t_e22 + HOUR_MS))
        world_force(w, p->t1, p->t_e22 - 20 * MIN_MS, p->t_e22 + 100 * MIN_MS, FORCE_PRESENT);
    add_lateral(sc, p->t_e22, overnight[0], p->t1, false, 40);
    implant_start(s, &(implant_spec){.slot = slot_t1, .term = p->t1, .start = p->t_e22 + 2 * MIN_MS,
                                     .stop = p->t_cutoff, .dest = {&D[D_I_C]}, .ndest = 1, .ua = UA_EMDIVI,
                                     .proxy_auth = true, .idle_s = 60, .busy_p = 0.02});
    infected[ninf++] = p->t1;
    int64_t t_new = p->t_e22 + (int64_t)rng_range(&r, 8, 20) * MIN_MS;
    uint32_t new22 = pick(s, p, &r, t_new, t_new + 90 * MIN_MS);
    add_lateral(sc, t_new, overnight[0], new22, false, 41);
    int slot22 = truth_add_slot(tr, new22, "IV", "lateral", t_new + 2 * MIN_MS);
    implant_start(s, &(implant_spec){.slot = slot22, .term = new22, .start = t_new + 2 * MIN_MS,
                                     .stop = p->t_cutoff, .dest = {&D[D_I_C]}, .ndest = 1, .ua = UA_EMDIVI,
                                     .proxy_auth = true, .idle_s = 60, .busy_p = 0.02});
    infected[ninf++] = new22;
    controlled[nctl++] = new22;
    snprintf(what, sizeof what, "NISC detects traffic of the day-0 malware type from %s and %s",
             w->term[p->t1].host, w->term[new22].host);
    note(sc, t_new + 20 * MIN_MS, what);

    /* --- day 15 (Saturday): one more, four terminals active, cut-off ---- */
    int64_t sat0 = world_at(w, 15, 0, 0);
    uint32_t t_sat = xterm[3];
    for (int i = 0; i < ninf; i++)
        if (infected[i] != overnight[0] && infected[i] != overnight[1] && infected[i] != t_sat)
            world_force(w, infected[i], sat0, sat0 + DAY_MS, FORCE_OFF);
    for (int k = 0; k < 3; k++) world_force(w, ii_term[k], sat0, sat0 + DAY_MS, FORCE_OFF);
    world_force(w, t_sat, at(s, &r, 15, 9, 0, 20), at(s, &r, 15, 12, 30, 20), FORCE_PRESENT);
    p->t_sat = at(s, &r, 15, 10, 0, 30);
    p->t_m23 = pick(s, p, &r, p->t_sat, p->t_sat + 5 * HOUR_MS);
    world_force(w, p->t_m23, p->t_sat - 20 * MIN_MS, p->t_cutoff + 15 * MIN_MS, FORCE_PRESENT);
    add_lateral(sc, p->t_sat, overnight[1], p->t_m23, false, 50);
    int slot23 = truth_add_slot(tr, p->t_m23, "IV", "lateral", p->t_sat + 2 * MIN_MS);
    implant_start(s, &(implant_spec){.slot = slot23, .term = p->t_m23, .start = p->t_sat + 2 * MIN_MS,
                                     .stop = p->t_cutoff, .dest = {&D[D_M23]}, .ndest = 1, .ua = UA_EMDIVI,
                                     .proxy_auth = true, .idle_s = 120, .busy_p = 0.05});
    bulk_read_start(s, p->t_m23, p->t_sat + 6 * MIN_MS, (int)rng_range(&r, 60, 120), 300);
    exfil_start(s, &(exfil_spec){.slot = slot23, .term = p->t_m23, .start = p->t_sat + 20 * MIN_MS,
                                 .stop = p->t_cutoff, .dest = &D[D_X], .ua = UA_IE7});
    note(sc, p->t_cutoff, "outbound traffic blocked per site and LAN cables pulled; no suspicious traffic after this");
    script_start(s, sc);
    return true;
}

/* ----------------------------------------------------------- README */

static void row(buf *b, int64_t t, const char *ja, const char *en) {
    buf_puts(b, "| ");
    readme_time(b, t);
    buf_printf(b, " | %s | %s |\n", ja, en);
}

static void pension_readme(const sim *s, buf *b) {
    const pension_plan *p = s->plan;
    const world *w = &s->w;
    char extra[64];
    snprintf(extra, sizeof extra, " --proxy-format %s%s", s->opt.proxy_format,
             s->opt.windows_evtx ? " --windows-format evtx" : "");
    readme_title(s, b, extra);
    buf_puts(b,
             "> **ファシリテーター用** — この README と `truth.json` は正解を含みます。参加者には渡さないでください。\n"
             "> **For the facilitator** — this README and `truth.json` hold the answers; do not hand them to the "
             "participants.\n\n");
    buf_puts(b,
             "## シナリオ\n\n"
             "2015年5月に日本年金機構で起きた標的型攻撃 (NISC「日本年金機構における個人情報流出事案に関する原因究明調査結果」"
             "2.2〜2.5) を、架空の組織「機構」(ドメイン " ORG_DOMAIN ") の上で再現したものです。"
             "端末・利用者・通信先・添付ファイルはすべて架空で、添付ファイル内の実行ファイルはコードを含まない無害な"
             "代用品です。\n\n"
             "ある日、「御機構の端末が外部の不審なサーバと通信している」と外部から連絡が入った、という想定で、"
             "参加者はログから次の問いに答えます。\n\n"
             "1. 不審な通信先はどこか。いつからか。\n"
             "2. 感染した端末はどれか。それぞれいつから不審な通信をしているか。通信は成功しているか。\n"
             "3. 何通の不審メールが、誰に届いたか。どのメールがどの感染につながったか。\n"
             "4. 感染はどのように広がったか (どの端末からどの端末へ、どのアカウントで)。\n"
             "5. 何が外部に送られたか。どこへ、どの端末から、どれくらい。\n"
             "6. ドメイン管理者権限は奪われたか。\n\n"
             "## Scenario\n\n"
             "The targeted attack on the Japan Pension Service in May 2015 (NISC's investigation report, sections "
             "2.2-2.5), replayed on a fictional organisation (domain " ORG_DOMAIN "). Terminals, people, "
             "destinations and attachments are invented; the executables inside the attachments are harmless "
             "stand-ins that contain no code.\n\n"
             "The drill starts with a call: \"a terminal of yours is talking to a suspicious server\". From the "
             "logs, the participants answer:\n\n"
             "1. Which destinations are suspicious, and since when?\n"
             "2. Which terminals are infected, since when did each talk to them, and did the traffic succeed?\n"
             "3. How many suspicious mails arrived, to whom, and which one led to which infection?\n"
             "4. How did the infection spread (from which terminal to which, with which account)?\n"
             "5. What left the organisation: to where, from which terminals, how much?\n"
             "6. Were domain administrator rights taken?\n\n");
    buf_puts(b, "## 経過 / Timeline (JST)\n\n| 時刻 / time | 出来事 | event |\n|---|---|---|\n");
    int64_t end_ms = w->end_ms;
#define ROW(t, ja, en) \
    if ((t) < end_ms) row(b, t, ja, en)
    ROW(p->t_mail1, "不審メールI (2通、公開アドレス宛、オンラインストレージへのリンク)",
        "mail I (2, to public addresses, link to online storage)");
    ROW(p->t_click, "1台がリンクを開き感染、C2へ通信開始", "one terminal follows the link and beacons to its C2");
    ROW(p->t_pull, "NISCからの通報を受けLANケーブル抜線 (約4時間後)", "LAN cable pulled after NISC's notice (about 4 h later)");
    ROW(p->t_foot, "Iと同じ件名のメール1通 (非公開アドレス宛、感染なし)", "one mail with mail I's subject (non-public address; no infection)");
    ROW(p->t_mail2, "不審メールII (98通、個人宛、.lzh添付) — 3台が感染するが通信はすべて失敗",
        "mail II (98, personal addresses, .lzh) — three terminals run it, every attempt fails");
    ROW(p->t_mail3, "不審メールIII (16通 .lzh添付、翌日にかけて4通リンク) — 感染なし",
        "mail III (16 with .lzh, 4 with a link into the next day) — no infection");
    ROW(p->t_mail4, "不審メールIV (3通、公開アドレス宛、.lzh添付) — 1台が感染",
        "mail IV (3, public addresses, .lzh) — one terminal infected");
    ROW(p->t_admin, "ローカル管理者権限を奪取 (全端末で同一パスワード)", "local Administrator taken (same password on every terminal)");
    ROW(p->t_first_lateral, "2時間以内に6台へ横展開 (3台を制御下に、3台は通信失敗のみ)",
        "within two hours, six more terminals (three controlled, three only fail)");
    ROW(p->t_m21, "さらに1台を制御下に", "one more terminal under control");
    ROW(p->t_bulk, "ファイルサーバから大量読み出し、国内サーバXへの送信開始 (3台)",
        "bulk reads on the file share, uploads to domestic server X begin (three terminals)");
    ROW(p->t_eve_first, "夕刻から深夜にかけて17台へ横展開、各端末がXへ送信 (うち2台は夜通し電源オン)",
        "evening to night: 17 more terminals, each uploading to X (two left on overnight)");
    ROW(world_at(w, 14, 9, 0), "朝の時点で23台を制御、20台がXへの送信に成功。昼までにXへの送信を6台に絞る",
        "morning: 23 terminals controlled, 20 have uploaded to X; by noon only six still upload");
    ROW(p->t_da, "ドメイン管理者権限を奪取 (DCのイベントログ)", "domain administrator taken (DC event log)");
    ROW(p->t_e22, "5/8と同型の不正プログラムが2台で動作 (うち1台は5/8の端末の代替機)、NISCが検知",
        "day 0's malware type runs on two terminals (one is the substitute of day 0's terminal); NISC detects it");
    ROW(p->t_sat, "土曜日: 新たに1台感染しXへ送信。この日不審な通信をした端末は4台",
        "Saturday: one more terminal, uploading to X; four terminals show suspicious traffic that day");
    ROW(p->t_cutoff, "拠点単位で外部通信を遮断、以後不審な通信なし", "outbound traffic blocked per site; nothing suspicious afterwards");
#undef ROW
    buf_puts(b,
             "\n既定の期間では: 不審な通信先 23、感染端末 31 (うち6台は通信失敗のみ)、接続先Xへ送信した端末 21。"
             "正確な値・時刻は `truth.json` を参照。\n\n"
             "With the default period: 23 suspicious destinations, 31 infected terminals (6 of them only ever "
             "failed), 21 terminals uploading to X. Exact values and times are in `truth.json`.\n\n");
    buf_puts(b,
             "## ファイル / Files\n\n"
             "| path | 内容 | contents |\n|---|---|---|\n"
             "| `proxy/` | プロキシのアクセスログ (日次) | proxy access log, one file per day |\n"
             "| `firewall/fgt-edge01-*.log` | インターネット境界 FortiGate (プロキシの外向き通信、端末からの直接通信の拒否、受信メール) | "
             "edge FortiGate: the proxy's outbound sessions, denied direct connections, inbound mail |\n"
             "| `firewall/corefw01-kern.log-*` | 内部セグメント間の iptables (端末→サーバ、端末間 SMB 445、業務系への拒否) | "
             "internal iptables router: terminals to servers, SMB 445 between terminals, drops to the business segment |\n");
    if (s->opt.windows_evtx)
        buf_puts(b, "| `windows/HOST/Security.evtx`, `System.evtx` | 各コンピュータのセキュリティ/システムログ (EVTX) | "
                    "each computer's Security/System logs (.evtx) |\n");
    else
        buf_puts(b, "| `windows/winlogbeat-*.ndjson` | 端末のセキュリティ/システムログ (Winlogbeat JSON) | "
                    "terminals' Security/System logs (Winlogbeat JSON lines) |\n"
                    "| `windows/DC01-*.xml` | ドメインコントローラのログ (Windows Event XML) | domain controller's logs "
                    "(Windows Event XML) |\n");
    buf_puts(b,
             "| `fileserver/` | ファイルサーバ (Samba full_audit) のアクセスログ | file server access log (Samba full_audit) |\n"
             "| `mail/` | 受信メール (.eml) — 業務メールと不審メール | received mail (.eml): business and suspicious |\n"
             "| `truth.json` | 正解 (ファシリテーター用) | the answers (facilitator only) |\n\n");
    if (s->opt.has_gap) {
        buf_puts(b, "プロキシログには欠損があります / The proxy log has a gap: ");
        readme_time(b, s->opt.gap_from);
        buf_puts(b, " - ");
        readme_time(b, s->opt.gap_to);
        buf_puts(b, " (JST). 実際の事案でも 5/10 20:01〜23:58 のログが欠損していた / the real case lost "
                    "5/10 20:01-23:58.\n\n");
    }
    buf_puts(b, "時刻はすべて JST (+09:00)。プロキシログ (squid/elff/zeek) は UTC またはエポック秒で記録される点に注意。\n"
                "All times are JST (+09:00); note that the proxy log itself records UTC or epoch seconds.\n");
}

const scenario scenario_pension_2015 = {
    .name = "pension-2015",
    .summary_en = "Japan Pension Service 2015 (seed 004): mails I-IV, spread by a shared local admin password, "
                  "uploads to one domestic server",
    .summary_ja = "日本年金機構 2015 (seed 004): 不審メールI〜IV、共通ローカル管理者パスワードによる横展開、国内サーバへの送信",
    .start_y = 2015,
    .start_m = 5,
    .start_d = 8,
    .days = 28,
    .terminals = 100,
    .min_terminals = 60,
    .setup = pension_setup,
    .readme = pension_readme,
};
