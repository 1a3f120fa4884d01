/* scenario_webtamper.c - "web-tamper": a CMS web site tampered with twice
 * through a hidden backdoor, as NISC's review of critical-infrastructure
 * incidents describes it (seed 002, case 3).
 *
 * The report: a vulnerable CMS let the attacker plant a backdoor program;
 * about a month later it rewrote the site's JavaScript so that the top page
 * led visitors to a malicious site. The operator rebuilt the server, upgraded
 * the CMS and moved the pre-tampering data back - but the backdoor was an
 * invisible file (its name began with "."), was not detected by the virus
 * scan, and came back with the data; about three weeks later the site was
 * tampered with again. Lessons: check restored data for backdoors, keep the
 * CMS patched, watch for changed files.
 *
 * Here (day 0 is Monday 1 October 2012 by default), on the organisation's
 * public site www.kikou.example.jp:
 *   day 2, night   a scan for the CMS, ~150 guesses at the editor's password
 *                  (the last succeeds: it was weak), an upload through the
 *                  CMS's hole: cms/uploads/.cache.php appears; one test call.
 *   day 32, night  (a Friday) the backdoor is called; js/common.js gets an
 *                  invisible iframe to a malicious counter site. Every visitor
 *                  of the weekend loads it; staff who look at their own site
 *                  through the proxy fetch it too.
 *   day 35         a citizen reports it; the site is closed (503).
 *   day 38         rebuilt, CMS upgraded, pre-tampering data restored - with
 *                  the hidden backdoor; the site reopens.
 *   day 59, night  the backdoor is called again; the script is rewritten, now
 *                  to a raw address.
 *   day 60         detected again; the responders copy the webroot
 *                  (web/evidence-YYYYMMDD/), the backdoor is found and removed,
 *                  the site closed for a new build.
 * The daily integrity manifest shows the backdoor from day 3 and each change
 * of the script; the web log shows the guesses, the upload and every call to a
 * file whose name starts with a dot. */
#include "sim/attack.h"
#include "sim/names.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/truth.h"
#include "sim/web/web.h"
#include "core/mtime.h"

#include <stdio.h>
#include <string.h>

static const char *const visitor_uas[] = {
    "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; WOW64; Trident/5.0)",
    "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 5.1; Trident/4.0)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:16.0) Gecko/20100101 Firefox/16.0",
    "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/537.4 (KHTML, like Gecko) Chrome/22.0.1229.94 Safari/537.4",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 6_0 like Mac OS X) AppleWebKit/536.26 (KHTML, like Gecko) Version/6.0 "
    "Mobile/10A403 Safari/8536.25",
    "Mozilla/5.0 (Linux; U; Android 4.0.4; ja-jp; SC-06D Build/IMM76D) AppleWebKit/534.30 (KHTML, like Gecko) "
    "Version/4.0 Mobile Safari/534.30",
};
#define ATTACKER_UA "Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20100101 Firefox/15.0"

typedef struct tamper_plan {
    web_site site;
    c2_dest dest[2];
    uint32_t web_ip;
    uint32_t attacker[3];
    int64_t t_scan, t_plant, t_tamper1, t_detect1, t_reopen, t_tamper2, t_detect2;
    char evidence[32];
    int guesses;
} tamper_plan;

/* ---------------------------------------------------------- web traffic */

static const char *const pages[] = {"/", "/about/", "/news/", "/news/2012/1001.html", "/news/2012/1015.html",
                                    "/news/2012/1101.html", "/contact/"};
static const char *const assets[] = {"/css/style.css", "/js/jquery-1.8.2.min.js", "/js/common.js", "/images/logo.png"};

static int64_t asset_size(const tamper_plan *p, const char *path) {
    buf b = {0};
    web_file_content(&p->site, path + 1, &b);
    int64_t n = (int64_t)b.len;
    buf_free(&b);
    return n;
}

/* One visit: the page and, on a first visit, its assets. */
static void visit(sim *s, int64_t t, uint32_t ip, const char *ua, const char *page, const char *referer, bool fresh) {
    tamper_plan *p = s->plan;
    web_hit h = {.t = t, .client = ip, .method = "GET", .path = page, .referer = referer, .ua = ua};
    if (p->site.closed) {
        h.status = 503;
        h.bytes = 412;
        emit_web(s, &h);
        return;
    }
    h.status = 200;
    h.bytes = 2800 + (int64_t)(mix64(t) % 900);
    emit_web(s, &h);
    char ref[128];
    snprintf(ref, sizeof ref, "http://" WEB_HOST "%s", page);
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        web_hit a = {.t = t, .client = ip, .method = "GET", .path = assets[i], .referer = ref, .ua = ua};
        a.status = fresh ? 200 : 304;
        a.bytes = fresh ? asset_size(p, assets[i]) : 0;
        emit_web(s, &a);
    }
}

static void visitors_fire(sim *s, actor *a) {
    rng *r = &a->r;
    uint64_t who = rng_below(r, 5000);      /* repeat visitors come back */
    uint32_t ip = sites_addr(site_words[who % site_words_count]) ^ (uint32_t)(who << 3);
    if ((ip >> 24) == 10 || (ip >> 24) == 0 || (ip >> 24) >= 224) ip ^= 0x40000000u;
    const char *ua = visitor_uas[who % (sizeof visitor_uas / sizeof visitor_uas[0])];
    static const char *const refs[] = {"http://www.google.co.jp/search?q=%E6%A9%9F%E6%A7%8B", "http://search.yahoo.co.jp/",
                                       NULL, NULL};
    int views = (int)rng_range(r, 1, 4);
    for (int i = 0; i < views; i++)
        visit(s, a->t + i * 20 * SEC_MS, ip, ua, pages[rng_below(r, sizeof pages / sizeof pages[0])],
              i ? NULL : refs[rng_below(r, 4)], i == 0 && rng_chance(r, 0.7));
    int64_t local = (a->t + JST_OFF_MS) % DAY_MS;
    double mean = local > 8 * HOUR_MS && local < 22 * HOUR_MS ? 170.0 : 700.0;
    a->t += (int64_t)(rng_exp(r, mean) * 1000) + views * 20 * SEC_MS;
}

static void bot_fire(sim *s, actor *a) {
    tamper_plan *p = s->plan;
    web_hit h = {.t = a->t, .client = 66u << 24 | 249u << 16 | 73u << 8 | 135u, .method = "GET",
                 .path = rng_chance(&a->r, 0.1) ? "/robots.txt" : pages[rng_below(&a->r, 7)],
                 .ua = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"};
    h.status = p->site.closed ? 503 : (!strcmp(h.path, "/robots.txt") ? 404 : 200);
    h.bytes = h.status == 200 ? 3000 : 300;
    emit_web(s, &h);
    a->t += (int64_t)(rng_exp(&a->r, 1500.0) * 1000) + MIN_MS;
}

static int slot_for(sim *s, uint32_t term, int64_t t, const char *campaign) {
    truth *tr = s->truth;
    for (int i = 0; i < tr->nslots; i++)
        if (tr->slot[i].term == term) return i;
    return truth_add_slot(tr, term, campaign, "web", t);
}

/* A member of staff looks at the organisation's own site through the proxy
 * (the web server sees the NAT address); while the script is tampered with,
 * the browser follows the injected frame. */
static void staff_visit(sim *s, int64_t now, uint32_t t) {
    tamper_plan *p = s->plan;
    const terminal *tm = &s->w.term[t];
    const char *user = s->w.people[tm->staff].user;
    sim_http h = {.t = now, .client = tm->ip, .user = user, .method = "GET", .scheme = "http", .host = WEB_HOST,
                  .port = 80, .path = "/", .status = p->site.closed ? 503 : 200, .server_ip = p->web_ip,
                  .ctype = "text/html", .bytes_in = p->site.closed ? 412 : 3100, .bytes_out = 420, .duration_ms = 120,
                  .ua = browser_uas[tm->ua].ua, .category = "Government/Legal", .attack = -1, .dest = -1};
    emit_http(s, &h);
    visit(s, now, s->w.public_ip, browser_uas[tm->ua].ua, "/", NULL, true);
    if (p->site.js_version == 0 || p->site.closed) return;
    const c2_dest *d = &p->dest[p->site.js_version - 1];
    sim_http x = {.t = now, .client = tm->ip, .user = user, .method = "GET", .scheme = "http", .host = d->host,
                  .port = 80, .path = d->path, .query = "id=1", .status = 200, .server_ip = d->ip,
                  .ctype = "text/html", .bytes_in = 5400, .bytes_out = 480, .duration_ms = 300,
                  .ua = browser_uas[tm->ua].ua, .referer = "http://" WEB_HOST "/", .category = "Suspicious",
                  .dest = (int16_t)d->truth};
    x.attack = (int16_t)slot_for(s, t, now, p->site.js_version == 1 ? "tamper-1" : "tamper-2");
    if (x.attack >= 0) emit_http(s, &x);
}

static void staff_fire(sim *s, actor *a) {
    uint32_t t = (uint32_t)rng_below(&a->r, s->w.nterm);
    if (world_present(&s->w, t, a->t)) staff_visit(s, a->t, t);
    a->t += (int64_t)(rng_exp(&a->r, 40 * 60.0) * 1000) + MIN_MS;
}

static void fim_fire(sim *s, actor *a) {
    tamper_plan *p = s->plan;
    buf *b = sink_begin(&s->webfim, a->t);
    size_t before = b->len;
    web_manifest(&p->site, b);
    /* one record per file */
    for (size_t i = before; i < b->len; i++)
        if (b->p[i] == '\n') sink_end(&s->webfim);
    a->t += DAY_MS;
}

/* ---------------------------------------------------------- the attack */

typedef struct step_arg {
    int what;
} step_arg;

enum { ST_SCAN, ST_BRUTE, ST_PLANT, ST_TAMPER1, ST_DETECT1, ST_REOPEN, ST_TAMPER2, ST_DETECT2, ST_LOOK };

static void backdoor_call(sim *s, int64_t t, uint32_t ip) {
    tamper_plan *p = s->plan;
    char path[80];
    snprintf(path, sizeof path, "/%s", p->site.backdoor_path);
    web_hit h = {.t = t, .client = ip, .method = "POST", .path = path, .status = 200, .bytes = 5, .ua = ATTACKER_UA};
    emit_web(s, &h);
}

static void tamper_step(sim *s, const void *arg, int64_t t) {
    tamper_plan *p = s->plan;
    int what = ((const step_arg *)arg)->what;
    web_hit h = {.t = t, .client = p->attacker[0], .method = "GET", .ua = ATTACKER_UA};
    char msg[200];
    switch (what) {
    case ST_LOOK: {
        /* someone at work checks the site before the report comes in */
        uint32_t n = s->w.nterm, start = (uint32_t)(mix64((uint64_t)t) % n);
        for (uint32_t k = 0; k < n; k++)
            if (world_present(&s->w, (start + k) % n, t)) {
                staff_visit(s, t, (start + k) % n);
                break;
            }
        break;
    }
    case ST_SCAN: {
        static const char *const probes[] = {"/cms/", "/cms/version.txt", "/cms/readme.txt", "/admin/", "/wp-login.php",
                                             "/cms/login.php"};
        static const int codes[] = {200, 200, 404, 404, 404, 200};
        for (int i = 0; i < 6; i++) {
            h.path = probes[i];
            h.status = codes[i];
            h.bytes = codes[i] == 200 ? 1200 : 290;
            emit_web(s, &h);
        }
        truth_note_add(s->truth, t, "scan for the CMS from the attacker's address");
        break;
    }
    case ST_BRUTE:
        /* one guess at the editor's password; the last one is right */
        h.method = "POST";
        h.path = "/cms/login.php";
        h.referer = "http://" WEB_HOST "/cms/login.php";
        h.status = 200;
        h.bytes = 1850;
        emit_web(s, &h);
        break;
    case ST_PLANT: {
        h.method = "POST";
        h.path = "/cms/login.php";
        h.status = 302;
        h.bytes = 0;
        emit_web(s, &h);
        h.path = "/cms/admin.php?mode=upload&dir=uploads";
        h.status = 200;
        h.bytes = 960;
        emit_web(s, &h);
        p->site.backdoor = true;
        char path[80];
        snprintf(path, sizeof path, "/%s", p->site.backdoor_path);
        h.method = "GET";
        h.path = path;
        h.status = 200;
        h.bytes = 0;
        emit_web(s, &h);
        snprintf(msg, sizeof msg, "editor password guessed after %d tries; hidden backdoor %s uploaded through the CMS",
                 p->guesses, p->site.backdoor_path);
        truth_note_add(s->truth, t, msg);
        break;
    }
    case ST_TAMPER1:
    case ST_TAMPER2: {
        uint32_t ip = p->attacker[what == ST_TAMPER1 ? 1 : 2];
        for (int i = 0; i < 3; i++) backdoor_call(s, t + i * 9 * SEC_MS, ip);
        p->site.js_version = what == ST_TAMPER1 ? 1 : 2;
        snprintf(msg, sizeof msg, "backdoor called; js/common.js rewritten to load %s", p->site.bad_url[p->site.js_version - 1]);
        truth_note_add(s->truth, t, msg);
        break;
    }
    case ST_DETECT1:
        p->site.closed = true;
        truth_note_add(s->truth, t, "tampering reported by a visitor; site closed, police and NISC informed");
        break;
    case ST_REOPEN:
        p->site.closed = false;
        p->site.js_version = 0;
        p->site.cms_version = 1;
        truth_note_add(s->truth, t,
                       "server rebuilt, CMS upgraded, data restored from before the tampering (the hidden backdoor "
                       "came back with it); site reopened");
        break;
    case ST_DETECT2: {
        p->site.closed = true;
        char dir[700];
        snprintf(dir, sizeof dir, "%s/%s/webroot", s->dir[DIR_WEB], p->evidence);
        if (!web_write_tree(&p->site, dir) && !s->write_failed) {
            snprintf(s->write_error, sizeof s->write_error, "%s: cannot write the evidence copy", dir);
            s->write_failed = true;
        }
        p->site.backdoor = false;
        p->site.js_version = 0;
        snprintf(msg, sizeof msg, "tampered again; webroot copied to web/%s; backdoor found and removed", p->evidence);
        truth_note_add(s->truth, t, msg);
        break;
    }
    }
}

static void add_step(script *sc, int64_t t, int what) { script_add(sc, t, tamper_step, &(step_arg){what}, sizeof(step_arg)); }

static void make_dest(sim *s, tamper_plan *p, int i, const char *host, const char *path) {
    c2_dest *d = &p->dest[i];
    snprintf(d->host, sizeof d->host, "%s", host);
    snprintf(d->path, sizeof d->path, "%s", path);
    unsigned a, b, c, e;
    d->ip = sscanf(host, "%u.%u.%u.%u", &a, &b, &c, &e) == 4 ? a << 24 | b << 16 | c << 8 | e : sites_addr(host);
    d->port = 80;
    d->truth = truth_add_dest(s->truth, d->host, 80, d->ip, "redirect", i ? "tamper-2" : "tamper-1", "United States");
    snprintf(p->site.bad_url[i], sizeof p->site.bad_url[i], "http://%s%s?id=1", host, path);
}

static bool tamper_setup(sim *s, char *err, size_t errlen) {
    (void)err, (void)errlen;
    tamper_plan *p = arena_zalloc(&s->mem, sizeof *p);
    s->plan = p;
    rng r;
    rng_seed(&r, s->opt.seed, 0x7a3be);
    snprintf(p->site.backdoor_path, sizeof p->site.backdoor_path, "cms/uploads/.cache.php");
    p->web_ip = sites_addr(WEB_HOST);
    p->attacker[0] = 198u << 24 | 51u << 16 | 100u << 8 | (uint32_t)rng_range(&r, 2, 60);
    p->attacker[1] = 203u << 24 | 0u << 16 | 113u << 8 | (uint32_t)rng_range(&r, 2, 60);
    p->attacker[2] = 203u << 24 | 0u << 16 | 113u << 8 | (uint32_t)rng_range(&r, 61, 120);
    char host[64], label[9];
    rng_alnum(&r, label, 8);
    label[8] = 0;
    snprintf(host, sizeof host, "%s.%s-counter.info", label, site_words[rng_below(&r, site_words_count)]);
    make_dest(s, p, 0, host, "/cnt.php");
    snprintf(host, sizeof host, "198.51.100.%u", (unsigned)rng_range(&r, 150, 250));
    make_dest(s, p, 1, host, "/js/stat.php");

    script *sc = script_new(s);
    p->t_scan = world_at(&s->w, 2, 2, 10) + (int64_t)rng_below(&r, 20) * MIN_MS;
    add_step(sc, p->t_scan, ST_SCAN);
    int64_t t = p->t_scan + 5 * MIN_MS;
    p->guesses = (int)rng_range(&r, 120, 180);
    for (int i = 0; i < p->guesses - 1; i++) {
        add_step(sc, t, ST_BRUTE);
        t += (int64_t)rng_range(&r, 3, 12) * SEC_MS;
    }
    p->t_plant = t;
    add_step(sc, p->t_plant, ST_PLANT);
    p->t_tamper1 = world_at(&s->w, 32, 23, 30) + (int64_t)rng_below(&r, 30) * MIN_MS;
    add_step(sc, p->t_tamper1, ST_TAMPER1);
    p->t_detect1 = world_at(&s->w, 35, 9, 20) + (int64_t)rng_below(&r, 30) * MIN_MS;
    add_step(sc, p->t_detect1 - 25 * MIN_MS, ST_LOOK);
    add_step(sc, p->t_detect1, ST_DETECT1);
    p->t_reopen = world_at(&s->w, 38, 10, 0);
    add_step(sc, p->t_reopen, ST_REOPEN);
    p->t_tamper2 = world_at(&s->w, 59, 21, 0) + (int64_t)rng_below(&r, 40) * MIN_MS;
    add_step(sc, p->t_tamper2, ST_TAMPER2);
    p->t_detect2 = world_at(&s->w, 60, 10, 10) + (int64_t)rng_below(&r, 30) * MIN_MS;
    add_step(sc, p->t_detect2 - 25 * MIN_MS, ST_LOOK);
    add_step(sc, p->t_detect2, ST_DETECT2);
    char day[11];
    jst_date(p->t_detect2, day, false);
    snprintf(p->evidence, sizeof p->evidence, "evidence-%s", day);
    script_start(s, sc);
    int64_t start = s->w.start_ms;
    sim_actor(s, visitors_fire, UINT32_MAX, start + 5 * MIN_MS, 0x60000000001ull, 0);
    sim_actor(s, bot_fire, UINT32_MAX, start + 17 * MIN_MS, 0x60000000002ull, 0);
    sim_actor(s, staff_fire, UINT32_MAX, start + 8 * HOUR_MS, 0x60000000003ull, 0);
    sim_actor(s, fim_fire, UINT32_MAX, start + 2 * HOUR_MS, 0x60000000004ull, 0);
    return true;
}

static void tamper_readme(const sim *s, buf *b) {
    const tamper_plan *p = s->plan;
    char ip[16];
    readme_title(s, b, "");
    buf_puts(b,
             "> **ファシリテーター用** — この README と `truth.json` は正解を含みます。\n"
             "> **For the facilitator** — this README and `truth.json` hold the answers.\n\n"
             "## シナリオ\n\n"
             "CMS の脆弱性と推測されやすい編集者パスワードを突かれ、不可視ファイル (「.」で始まる名前) のバックドアを"
             "仕掛けられた Web サイトが、約1か月後に JavaScript を改ざんされて閲覧者を不正サイトへ誘導し、復旧時に"
             "バックアップから戻したデータにバックドアが残っていたため約3週間後に再び改ざんされた事例 (NISC「重要インフラに"
             "おける補完調査」事例3) を、架空の組織「機構」の公開サイト " WEB_HOST " で再現したものです。バックドアはコマンドを"
             "実行しない無害な代用品です。\n\n"
             "問い:\n\n1. バックドアはいつ、どこから、どうやって仕掛けられたか (web/ のアクセスログ)。\n"
             "2. 改ざんはいつ起き、閲覧者はどこへ誘導されたか。職員の端末で誘導先に接続したものはあるか (proxy/)。\n"
             "3. 1回目の復旧で何が見落とされたか (web/ の日次ハッシュ一覧、evidence/)。\n"
             "4. 2回目の改ざんを早く見つけるには何を監視すべきか。\n\n"
             "## Scenario\n\n"
             "A web site whose CMS was vulnerable and whose editor password was guessable got a backdoor hidden in a "
             "dot-file; a month later its JavaScript was rewritten to lead visitors to a malicious site; the restore "
             "brought the backdoor back with the data and the site was tampered with again three weeks later (NISC's "
             "review of critical-infrastructure incidents, case 3) - replayed on the fictional organisation's public "
             "site " WEB_HOST ". The backdoor is a harmless stand-in that runs no command.\n\n"
             "Questions:\n\n1. When, from where and how was the backdoor planted (web/ access log)?\n"
             "2. When was the site tampered with, where were visitors sent, did any staff terminal go there "
             "(proxy/)?\n"
             "3. What did the first restore miss (web/ daily hash lists, the evidence copy)?\n"
             "4. What should be watched to catch the second tampering sooner?\n\n"
             "## 経過 / Timeline (JST)\n\n| 時刻 / time | 出来事 / event |\n|---|---|\n");
    const readme_step rows[] = {
        {p->t_scan, "CMS の探索、編集者パスワードの総当たり / CMS scan, guessing the editor's password"},
        {p->t_plant, "ログイン成功、アップロード機能の脆弱性でバックドア設置 / login succeeds; backdoor uploaded"},
        {p->t_tamper1, "バックドア経由で js/common.js を改ざん (不可視 iframe) / backdoor called, common.js rewritten"},
        {p->t_detect1, "閲覧者からの通報、サイト閉鎖 / reported by a visitor, site closed"},
        {p->t_reopen, "再構築・CMS 更新・改ざん前データを復元 (バックドアも復元) して再開 / rebuilt, upgraded, restored "
                      "(with the backdoor), reopened"},
        {p->t_tamper2, "バックドア経由で再び改ざん / backdoor called again, script rewritten"},
        {p->t_detect2, "再検知、証拠保全、バックドア発見・削除 / detected again, evidence copied, backdoor removed"},
    };
    readme_steps(s, b, rows, sizeof rows / sizeof rows[0]);
    ip4_str(p->attacker[0], ip);
    buf_printf(b, "\nバックドア / backdoor: `%s`。攻撃元 / attacker: %s ほか / and others (truth.json)。\n\n",
               p->site.backdoor_path, ip);
    buf_puts(b, "| path | 内容 | contents |\n|---|---|---|\n"
                "| `web/www01-access_log-*` | 公開 Web サーバのアクセスログ (Apache combined) | public web server access log |\n"
                "| `web/www01-webroot.sha256-*` | 毎日 02:00 の webroot のハッシュ一覧 (sha256sum 形式) | daily sha256sum manifest "
                "of the webroot |\n"
                "| `web/evidence-*/webroot/` | 2回目の検知時の webroot の保全コピー | the responders' copy at the second "
                "detection |\n"
                "| `proxy/`, `firewall/`, `windows/`, `fileserver/`, `mail/` | 組織内のログ (pension-2015 と同じ構成) | the "
                "organisation's own logs (as in pension-2015) |\n");
}

static void tamper_truth(const sim *s, jw *w) {
    const tamper_plan *p = s->plan;
    char ip[16];
    char t[MTIME_BUFSZ];
    jw_key(w, "web");
    jw_obj_begin(w);
    jw_key(w, "site");
    jw_cstr(w, WEB_HOST);
    jw_key(w, "backdoor");
    jw_cstr(w, p->site.backdoor_path);
    jw_key(w, "planted");
    jw_cstr(w, p->t_plant < s->w.end_ms ? mtime_format_iso_off(p->t_plant, 540, false, t) : NULL);
    jw_key(w, "tampered");
    jw_arr_begin(w);
    if (p->t_tamper1 < s->w.end_ms) jw_cstr(w, mtime_format_iso_off(p->t_tamper1, 540, false, t));
    if (p->t_tamper2 < s->w.end_ms) jw_cstr(w, mtime_format_iso_off(p->t_tamper2, 540, false, t));
    jw_arr_end(w);
    jw_key(w, "attacker_addresses");
    jw_arr_begin(w);
    for (int i = 0; i < 3; i++) jw_cstr(w, ip4_str(p->attacker[i], ip));
    jw_arr_end(w);
    jw_key(w, "password_guesses");
    jw_int(w, p->guesses);
    jw_key(w, "redirect_urls");
    jw_arr_begin(w);
    for (int i = 0; i < 2; i++) jw_cstr(w, p->site.bad_url[i]);
    jw_arr_end(w);
    jw_key(w, "evidence");
    jw_cstr(w, p->t_detect2 < s->w.end_ms ? p->evidence : NULL);
    jw_obj_end(w);
}

const scenario scenario_web_tamper = {
    .name = "web-tamper",
    .summary_en = "CMS backdoor in a hidden dot-file, JS rewritten, restored from backup, tampered again (seed 002 case 3)",
    .summary_ja = "CMS の不可視ファイルのバックドア、JS 改ざん、バックアップから復元後に再改ざん (seed 002 事例3)",
    .start_y = 2012,
    .start_m = 10,
    .start_d = 1,
    .days = 62,
    .terminals = 20,
    .min_terminals = 5,
    .setup = tamper_setup,
    .readme = tamper_readme,
    .truth_extra = tamper_truth,
    .web = true,
};
