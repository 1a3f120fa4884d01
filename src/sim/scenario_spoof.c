/* scenario_spoof.c - "mass-spoof-mail": the flood of mails that impersonated
 * government officials in FY2012, as NISC's review of critical-infrastructure
 * incidents describes it (seed 002, case 1).
 *
 * The report: two kinds of suspicious mail using government officials'
 * addresses were sent in bulk - 39,842 in all, a few to about a thousand per
 * organisation; an organisation's server had been taken over and was used,
 * through servers abroad, as the stepping stone; opening the attachment made
 * the terminal try to reach a suspicious IP address and infected it; many
 * target addresses were the ones published for opinions and enquiries.
 * Responses: warn the public, refuse the spoofed sender addresses, report to
 * NISC; lessons: know your published addresses, expect the list to be reused.
 *
 * Here, on the simulated organisation (day 0 is Monday 4 February 2013 by
 * default; the campaign starts on day 1):
 *   day 1 morning    wave A, over about four hours: 60% of the mails, "information security"
 *                    lure with a .zip, from a spoofed ministry address, relayed
 *                    by a hijacked server of a Japanese association which
 *                    received them from a host abroad; mostly to the published
 *                    addresses (info@, iken@, toiawase@...), a few to staff
 *                    whose addresses are on the web site. One reader of a
 *                    public mailbox opens it: the implant first tries the
 *                    suspicious address directly (denied at the edge), then
 *                    through the proxy with the user's credentials (success).
 *   day 1 late morning  the sender address of wave A is refused at the mail
 *                    gateway: later wave-A mails are rejected (the firewall
 *                    still shows their SMTP sessions, no .eml is stored);
 *                    the infected terminal is isolated.
 *   day 1 afternoon  wave B, over about three hours: the rest, "budget summary" lure with an .lzh,
 *                    another spoofed address, same relay. One reader opens
 *                    it; this implant is not proxy-aware: direct attempts
 *                    denied, 407 at the proxy, never succeeds. Its sender is
 *                    refused an hour later.
 *   day 3            the list is reused: 20 more wave-A mails from a new
 *                    spoofed address; nobody opens them.
 * Counts: N = 3 x terminals mails (at least 30, at most 1000), 2
 * destinations, 2 terminals (1 failure-only). */
#include "sim/attack.h"
#include "sim/mail/mail.h"
#include "sim/names.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/truth.h"
#include "core/mtime.h"

#include <stdio.h>
#include <string.h>

static const char *const boxes[] = {"info", "iken", "toiawase", "kouhou", "soudan", "saiyo",
                                    "press", "webmaster", "kikaku", "somu", "jinji", "keiri"};
#define NBOXES (sizeof boxes / sizeof boxes[0])

typedef struct spoof_plan {
    c2_dest dest[2];
    uint32_t relay_ip, origin_ip;
    char relay[64], origin[64];
    int64_t t_a, t_block_a, t_b, t_block_b, t_reuse, t_open_a, t_open_b;
    int n_a, n_b, n_reuse, rejected;
    uint32_t opener_a, opener_b;
} spoof_plan;

typedef struct spoof_mail {
    char id[16];
    char wave;                  /* 'A', 'B', 'C' (the reused list) */
    int box;                    /* index in boxes, or -1 */
    int32_t staff;              /* or a staff member */
    bool rejected;
    int32_t opener;             /* terminal that opens it, -1 */
} spoof_mail;

static const char SUBJ_A[] = "情報セキュリティ対策の徹底について(依頼)";
static const char SUBJ_B[] = "平成25年度予算概要の送付について";
#define SPACES "　　　　　　　　　　　　　　　"

static void spoof_mail_fn(sim *s, const void *arg, int64_t t) {
    const spoof_mail *sm = arg;
    const spoof_plan *p = s->plan;
    char to[96];
    const staff *st = sm->staff >= 0 ? &s->w.people[sm->staff] : NULL;
    if (st) snprintf(to, sizeof to, "%s@" ORG_DOMAIN, st->user);
    else snprintf(to, sizeof to, "%s@" ORG_DOMAIN, boxes[sm->box]);
    if (sm->rejected) {
        /* refused at the gateway: the session is short and nothing is stored */
        sim_conn c = {.t = t, .src = p->relay_ip, .dst = s->w.mail_ip, .sport = (uint16_t)(20000 + t % 30000),
                      .dport = 25, .proto = 6, .allowed = true, .sent = 820, .rcvd = 610, .duration_ms = 400,
                      .service = "SMTP", .policy = 7};
        emit_edge(s, &c);
        return;
    }
    bool a = sm->wave != 'B';
    const char *from = sm->wave == 'A'   ? "anzen-taisaku@soumu.example.go.jp"
                       : sm->wave == 'B' ? "yosan-tanto@zaimu.example.go.jp"
                                         : "joho-anzen@soumu.example.go.jp";
    const char *from_name = a ? "総務省 情報セキュリティ対策室" : "財務局 予算担当";
    char body[1500];
    if (a)
        snprintf(body, sizeof body,
                 "%s\n\n関係各位\n\n標記の件について、政府機関における情報セキュリティ対策の徹底をお願いいたします。\n"
                 "具体的な対策の内容は添付ファイルをご確認ください。\n\n総務省 情報セキュリティ対策室\n",
                 st ? st->kanji : "ご担当者様");
    else
        snprintf(body, sizeof body,
                 "ご担当者様\n\n平成25年度予算概要を送付いたします。\n内容をご確認のうえ、関係部署へ周知願います。\n\n"
                 "財務局 予算担当\n");
    buf exe = {0}, arc = {0};
    stub_exe(&exe, a ? 0xa5a5 : 0xb5b5);
    archive_member m = {a ? "情報セキュリティ対策について" SPACES ".exe" : "平成25年度予算概要" SPACES ".exe",
                        (const uint8_t *)exe.p, exe.len, t - 2 * DAY_MS};
    if (a) zip_write(&arc, &m, 1);
    else lha_write(&arc, &m, 1);
    mail_attachment att = {a ? "情報セキュリティ対策について.zip" : "平成25年度予算概要.lzh",
                           a ? "application/x-zip-compressed" : "application/octet-stream",
                           (const uint8_t *)arc.p, arc.len};
    mail_spec spec = {
        .t = t,
        .from_name = from_name,
        .from_addr = from,
        .to_name = st ? st->kanji : NULL,
        .to_addr = to,
        .subject = a ? SUBJ_A : SUBJ_B,
        .body = body,
        .charset = a ? CS_ISO2022JP : CS_SJIS,
        .att = &att,
        .natt = 1,
        .relay_ip = p->relay_ip,
        .relay_name = p->relay,
        .origin_name = p->origin,
        .origin_ip = p->origin_ip,
    };
    truth_mail *tm = vec_push(&s->truth->mails);
    mail_write(s, &spec, tm->file, sizeof tm->file);
    snprintf(tm->id, sizeof tm->id, "%s", sm->id);
    tm->campaign = sm->wave == 'A' ? "A" : sm->wave == 'B' ? "B" : "A-reuse";
    snprintf(tm->subject, sizeof tm->subject, "%s", spec.subject);
    tm->t = t;
    snprintf(tm->recipient, sizeof tm->recipient, "%s", to);
    tm->public_address = !st;
    tm->delivery = "attachment";
    snprintf(tm->attachment, sizeof tm->attachment, "%s", att.name);
    if (sm->opener >= 0) tm->terms[tm->nterms++] = (uint32_t)sm->opener;
    buf_free(&exe);
    buf_free(&arc);
}

typedef struct note_arg {
    char what[200];
} note_arg;

static void note_fn(sim *s, const void *arg, int64_t t) { truth_note_add(s->truth, t, ((const note_arg *)arg)->what); }

static void note(script *sc, int64_t t, const char *what) {
    note_arg n;
    snprintf(n.what, sizeof n.what, "%s", what);
    script_add(sc, t, note_fn, &n, sizeof n);
}

/* A terminal whose user reads the public mailboxes and is at work then. */
static uint32_t reader(sim *s, rng *r, int64_t t, uint32_t not) {
    uint32_t n = s->w.nterm, start = (uint32_t)rng_below(r, n);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t c = (start + k) % n;
        if (c != not && world_present(&s->w, c, t) && world_present(&s->w, c, t + HOUR_MS)) return c;
    }
    uint32_t c = (start == not) ? (start + 1) % n : start;
    world_force(&s->w, c, t - 10 * MIN_MS, t + 2 * HOUR_MS, FORCE_PRESENT);
    return c;
}

static int plan_wave(sim *s, script *sc, rng *r, char wave, int64_t from, int64_t span, int n, int64_t block_at,
                     int *rejected, int opener_at, uint32_t opener) {
    int64_t t = from;
    double gap_s = (double)span / 1000.0 / n;
    for (int i = 0; i < n; i++) {
        spoof_mail m = {.wave = wave, .box = -1, .staff = -1, .opener = -1};
        snprintf(m.id, sizeof m.id, "%c-%04d", wave, i + 1);
        if (rng_chance(r, 0.06)) m.staff = (int32_t)rng_below(r, s->w.nstaff);
        else m.box = (int)rng_weighted(r, (const double[]){30, 14, 12, 10, 8, 5, 5, 4, 4, 3, 2, 2}, NBOXES);
        m.rejected = t >= block_at;
        if (m.rejected) (*rejected)++;
        if (i == opener_at && !m.rejected) {
            m.opener = (int32_t)opener;
            m.box = 0;
            m.staff = -1;
        }
        script_add(sc, t, spoof_mail_fn, &m, sizeof m);
        t += (int64_t)(rng_exp(r, gap_s) * 1000) + 200;
    }
    return n;
}

static void make_dest(sim *s, spoof_plan *p, int i, const char *ip, uint16_t port, const char *campaign) {
    c2_dest *d = &p->dest[i];
    snprintf(d->host, sizeof d->host, "%s", ip);
    unsigned a, b, c, e;
    sscanf(ip, "%u.%u.%u.%u", &a, &b, &c, &e);
    d->ip = a << 24 | b << 16 | c << 8 | e;
    d->port = port;
    d->style = C2_CONNECT;
    d->category = "Unrated";
    d->truth = truth_add_dest(s->truth, d->host, port, d->ip, "c2", campaign, "United States");
}

static bool spoof_setup(sim *s, char *err, size_t errlen) {
    (void)err, (void)errlen;
    spoof_plan *p = arena_zalloc(&s->mem, sizeof *p);
    s->plan = p;
    rng r;
    rng_seed(&r, s->opt.seed, 0x5b00f);
    script *sc = script_new(s);
    int n = (int)(s->w.nterm * 3);
    if (n < 30) n = 30;
    if (n > 1000) n = 1000;
    p->n_a = n * 6 / 10;
    p->n_b = n - p->n_a;
    p->n_reuse = 20;
    /* the stepping stone and the host abroad (documentation addresses) */
    snprintf(p->relay, sizeof p->relay, "mail.%s-kyokai.example.or.jp", site_words[rng_below(&r, site_words_count)]);
    p->relay_ip = 198u << 24 | 51u << 16 | 100u << 8 | (uint32_t)rng_range(&r, 10, 99);
    snprintf(p->origin, sizeof p->origin, "vps%u.hosting.example.net", (unsigned)rng_range(&r, 100, 999));
    p->origin_ip = 203u << 24 | 0u << 16 | 113u << 8 | (uint32_t)rng_range(&r, 100, 199);
    char ipa[16], ipb[16];
    snprintf(ipa, sizeof ipa, "203.0.113.%u", (unsigned)rng_range(&r, 200, 250));
    snprintf(ipb, sizeof ipb, "198.51.100.%u", (unsigned)rng_range(&r, 150, 250));
    make_dest(s, p, 0, ipa, 443, "A");
    make_dest(s, p, 1, ipb, 443, "B");

    p->t_a = world_at(&s->w, 1, 9, 5) + (int64_t)rng_below(&r, 20) * MIN_MS;
    p->t_open_a = p->t_a + 35 * MIN_MS;
    p->opener_a = reader(s, &r, p->t_open_a, UINT32_MAX);
    p->t_block_a = world_at(&s->w, 1, 11, 10) + (int64_t)rng_below(&r, 20) * MIN_MS;
    /* the opener reads the mail that arrives about half an hour into the wave */
    plan_wave(s, sc, &r, 'A', p->t_a, 4 * HOUR_MS, p->n_a, p->t_block_a, &p->rejected, p->n_a / 8 > 0 ? p->n_a / 8 : 0, p->opener_a);
    int64_t open_a = p->t_a + 40 * MIN_MS;
    int slot_a = truth_add_slot(s->truth, p->opener_a, "A", "mail", open_a);
    int64_t isolate_a = p->t_block_a + 40 * MIN_MS;
    implant_start(s, &(implant_spec){.slot = slot_a, .term = p->opener_a, .start = open_a, .stop = isolate_a,
                                     .dest = {&p->dest[0]}, .ndest = 1,
                                     .ua = "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1)", .proxy_auth = true,
                                     .idle_s = 120, .busy_p = 0.05, .direct_first = true});
    world_force(&s->w, p->opener_a, isolate_a, world_at(&s->w, 2, 8, 0), FORCE_OFF);
    int rejected_a = p->rejected;
    char what[200];
    snprintf(what, sizeof what,
             "the spoofed sender address of wave A is refused at the mail gateway (%d of its %d mails refused); "
             "report to NISC",
             rejected_a, p->n_a);
    note(sc, p->t_block_a, what);
    note(sc, isolate_a, "the terminal that opened wave A is taken off the network");

    p->t_b = world_at(&s->w, 1, 14, 0) + (int64_t)rng_below(&r, 20) * MIN_MS;
    p->t_block_b = p->t_b + 70 * MIN_MS;
    p->t_open_b = p->t_b + 25 * MIN_MS;
    p->opener_b = reader(s, &r, p->t_open_b, p->opener_a);
    plan_wave(s, sc, &r, 'B', p->t_b, 3 * HOUR_MS, p->n_b, p->t_block_b, &p->rejected, p->n_b / 10, p->opener_b);
    int64_t open_b = p->t_b + 30 * MIN_MS;
    int slot_b = truth_add_slot(s->truth, p->opener_b, "B", "mail", open_b);
    p->dest[1].fail = FAIL_AUTH;   /* not proxy-aware: the proxy answers 407 */
    implant_start(s, &(implant_spec){.slot = slot_b, .term = p->opener_b, .start = open_b,
                                     .stop = world_at(&s->w, 2, 12, 0), .dest = {&p->dest[1]}, .ndest = 1,
                                     .ua = NULL, .proxy_auth = false, .idle_s = 300, .direct_first = true});
    snprintf(what, sizeof what, "the spoofed sender address of wave B is refused at the mail gateway (%d of its %d mails refused)",
             p->rejected - rejected_a, p->n_b);
    note(sc, p->t_block_b, what);
    note(sc, world_at(&s->w, 1, 17, 0), "public warning posted on the web site; staff told not to open the attachments");

    p->t_reuse = world_at(&s->w, 3, 10, 30) + (int64_t)rng_below(&r, 60) * MIN_MS;
    plan_wave(s, sc, &r, 'C', p->t_reuse, HOUR_MS, p->n_reuse, SIM_NEVER, &p->rejected, -1, 0);
    note(sc, p->t_reuse, "the same address list is used again from a new spoofed address (wave A reused)");
    script_start(s, sc);
    return true;
}

static void spoof_readme(const sim *s, buf *b) {
    const spoof_plan *p = s->plan;
    readme_title(s, b, "");
    buf_puts(b,
             "> **ファシリテーター用** — この README と `truth.json` は正解を含みます。\n"
             "> **For the facilitator** — this README and `truth.json` hold the answers.\n\n"
             "## シナリオ\n\n"
             "2012年度に政府機関職員を詐称した不審メール (2種類、計39,842通) が大量に送信された事例 (NISC「重要インフラにおける"
             "補完調査」事例1) を、架空の組織「機構」で再現したものです。ある組織のサーバが乗っ取られ、海外のサーバ経由で"
             "踏み台として使われ、宛先の多くはホームページで公開されている意見募集・問い合わせ用のアドレスでした。"
             "添付ファイルを開くと不審な IP アドレスへの通信が試みられます。添付の実行ファイルはコードを含まない無害な代用品です。\n\n"
             "問い:\n\n1. 何通の不審メールが、どのアドレスに届いたか。公開アドレスはどれか。\n"
             "2. 送信元は誰を詐称し、実際はどこから来たか (Received ヘッダ、ファイアウォールの SMTP セッション)。\n"
             "3. 添付を開いた端末はどれか。通信先はどこで、通信は成功したか。\n"
             "4. 送信元アドレスの拒否設定はいつ効いたか。その後も届いたメールはあるか。\n\n"
             "## Scenario\n\n"
             "The FY2012 flood of suspicious mails impersonating government officials (two kinds, 39,842 in all; "
             "NISC's review of critical-infrastructure incidents, case 1), replayed on a fictional organisation. A "
             "hijacked server of another organisation relayed them, fed from a server abroad; most targets were "
             "addresses published for opinions and enquiries. Opening the attachment makes the terminal try a "
             "suspicious IP address. The executables are harmless stand-ins with no code.\n\n"
             "Questions:\n\n1. How many suspicious mails arrived, to which addresses? Which are published addresses?\n"
             "2. Whom did the sender impersonate, and where did the mail really come from (Received headers, the "
             "firewall's SMTP sessions)?\n"
             "3. Which terminals opened an attachment? Which destination did they try, did it succeed?\n"
             "4. When did refusing the sender address take effect? Did mail still arrive afterwards?\n\n"
             "## 経過 / Timeline (JST)\n\n| 時刻 / time | 出来事 / event |\n|---|---|\n");
    const readme_step rows[] = {
        {p->t_a, "波A開始: 「情報セキュリティ対策の徹底について(依頼)」(.zip) / wave A starts (.zip)"},
        {p->t_a + 40 * MIN_MS, "1台が添付を開き、不審なIPへ通信 (直接は拒否、プロキシ経由で成功) / one terminal opens it: "
                               "direct attempts denied, through the proxy it succeeds"},
        {p->t_block_a, "波Aの送信元アドレスを拒否設定、NISCへ報告 / wave A's sender refused at the gateway, NISC told"},
        {p->t_b, "波B開始: 「平成25年度予算概要の送付について」(.lzh) / wave B starts (.lzh)"},
        {p->t_b + 30 * MIN_MS, "1台が添付を開くが通信はすべて失敗 (407) / one terminal opens it; every attempt fails (407)"},
        {p->t_block_b, "波Bの送信元アドレスを拒否設定 / wave B's sender refused"},
        {p->t_reuse, "同じ宛先リストが新しい詐称アドレスで再利用 (20通、開封なし) / the list is reused from a new "
                     "spoofed address (20 mails, none opened)"},
    };
    readme_steps(s, b, rows, sizeof rows / sizeof rows[0]);
    buf_printf(b,
               "\n送信: 波A %d 通、波B %d 通、再利用 %d 通 (うち拒否 %d 通は .eml として保存されず、ファイアウォールの SMTP "
               "セッションのみ残る)。踏み台: %s、その手前: %s。\n\n"
               "Sent: wave A %d, wave B %d, reuse %d (%d refused at the gateway: no .eml, only the firewall's SMTP "
               "session). Relay: %s, fed by %s.\n\n",
               p->n_a, p->n_b, p->n_reuse, p->rejected, p->relay, p->origin, p->n_a, p->n_b, p->n_reuse, p->rejected,
               p->relay, p->origin);
    buf_puts(b, "ファイルの構成は pension-2015 と同じです (proxy/, firewall/, windows/, fileserver/, mail/, truth.json)。\n"
                "The files are laid out as for pension-2015 (see docs/simulate.md).\n");
}

const scenario scenario_mass_spoof_mail = {
    .name = "mass-spoof-mail",
    .summary_en = "spoofed government mails in bulk to published addresses (seed 002 case 1)",
    .summary_ja = "政府機関職員を詐称した不審メールの大量送付 (seed 002 事例1)",
    .start_y = 2013,
    .start_m = 2,
    .start_d = 4,
    .days = 5,
    .terminals = 100,
    .min_terminals = 10,
    .setup = spoof_setup,
    .readme = spoof_readme,
};
