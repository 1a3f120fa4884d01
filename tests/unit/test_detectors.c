/* test_detectors.c - each detector on synthetic event streams: what it must
 * find, and what it must leave alone.
 *
 * An office of 20 terminals browses a few sites in working hours for four
 * days (Monday 2015-05-18 to Thursday, JST); each test adds the traffic of
 * one pattern on top and runs the whole scan (observe, detectors, scoring). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config/config.h"
#include "core/mtime.h"
#include "detect/scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IE11 "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko"
#define HOUR_MS INT64_C(3600000)
#define DAY_MS (24 * HOUR_MS)

static int64_t day0;          /* 2015-05-18 00:00 JST in UTC ms */
static uint64_t seed;

static double rnd(void) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(seed >> 11) / 9007199254740992.0;
}

static int64_t at(int day, double hour) { return day0 + day * DAY_MS + (int64_t)(hour * HOUR_MS); }

typedef struct req {
    const char *client, *method, *host, *ua;
    const char *path, *query, *referer;   /* default "/", none, none */
    int port, status;
    proxy_result result;
    int64_t out, in, duration;
} req;

/* Requests are collected, then fed in time order as a proxy log has them. */
typedef struct timed {
    int64_t ms;
    size_t seq;
    req r;
} timed;

static timed *queue;
static size_t queued, queue_cap;

static void feed(scan_engine *s, int64_t ms, const req *r) {
    (void)s;
    if (queued == queue_cap) {
        queue_cap = queue_cap ? queue_cap * 2 : 4096;
        queue = realloc(queue, queue_cap * sizeof *queue);
    }
    queue[queued] = (timed){ms, queued, *r};
    queued++;
}

static int by_time(const void *a, const void *b) {
    const timed *x = a, *y = b;
    if (x->ms != y->ms) return x->ms < y->ms ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

static void send(scan_engine *s, int64_t ms, const req *r) {
    event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = EV_HTTP;
    ev.time_ms = ms;
    http_event *h = &ev.u.http;
    http_event_clear(h);
    h->client = sv_cstr(r->client);
    ip_parse(h->client, &h->client_ip);
    h->method = sv_cstr(r->method ? r->method : "GET");
    h->host = sv_cstr(r->host);
    h->port = r->port ? r->port : 80;
    h->scheme = SV("http");
    h->path = sv_cstr(r->path ? r->path : "/");
    h->query = sv_cstr(r->query ? r->query : "");
    h->referer = sv_cstr(r->referer ? r->referer : "");
    h->status = r->status ? r->status : 200;
    h->result = r->result ? r->result : PR_ALLOWED;
    h->user_agent = sv_cstr(r->ua ? r->ua : IE11);
    h->bytes_out = r->out ? r->out : 500;
    h->bytes_in = r->in ? r->in : 20000;
    h->duration_ms = r->duration ? r->duration : 200;
    scan_event(s, &ev);
}

static const char *desk(int i) {
    static char names[32][16];
    snprintf(names[i], sizeof names[i], "10.0.0.%d", 10 + i);
    return names[i];
}

/* The office: 20 desks browsing six sites, 09:00-18:00 JST, Monday-Thursday. */
static void office(scan_engine *s) {
    static const char *sites[] = {"www.yahoo.co.jp", "www.google.co.jp", "www.nikkei.com",
                                  "www.mhlw.go.jp",  "ja.wikipedia.org", "www.amazon.co.jp"};
    seed = 42;
    for (int day = 0; day < 4; day++)
        for (int d = 0; d < 20; d++)
            for (double h = 9 + rnd(); h < 18; h += 0.05 + rnd() * 0.4)
                feed(s, at(day, h), &(req){.client = desk(d), .host = sites[(int)(rnd() * 6)]});
}

static config cfg;

static int setup(void **state) {
    (void)state;
    day0 = (days_from_civil(2015, 5, 18) * 86400 - 9 * 3600) * 1000;
    config_defaults(&cfg);
    workhours_set_zone(&cfg.work, "JST");
    return 0;
}

static int teardown(void **state) {
    (void)state;
    config_free(&cfg);
    free(queue);
    return 0;
}

static const finding *find(const scan_engine *s, const char *det, const char *dest) {
    for (size_t i = 0; i < finding_count(&s->findings); i++) {
        const finding *f = finding_at(&s->findings, i);
        if (!strcmp(f->detector, det) && f->destination && !strcmp(f->destination, dest)) return f;
    }
    return NULL;
}

static const dest_result *result_for(const scan_engine *s, const char *dest) {
    for (size_t i = 0; i < s->result.dests.len; i++) {
        const dest_result *d = &VEC_AT(&s->result.dests, dest_result, i);
        if (sv_eq_cstr(obs_dest_name(&s->obs, d->dest), dest)) return d;
    }
    return NULL;
}

static bool has_fact(const finding *f, const char *text) {
    for (int i = 0; i < f->nfacts; i++)
        if (strstr(f->facts_en[i], text)) return true;
    return false;
}

static void start(scan_engine *s) {
    char err[200];
    assert_true(scan_init(s, &cfg, NULL, err, sizeof err));
    queued = 0;
    office(s);
}

static void finish(scan_engine *s) {
    qsort(queue, queued, sizeof *queue, by_time);
    for (size_t i = 0; i < queued; i++) send(s, queue[i].ms, &queue[i].r);
    scan_finish(s);
}

static void test_beacon(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    /* Every 5 min +-20% while the desk is on (09:00-18:00): nights are gaps. */
    for (int day = 0; day < 4; day++)
        for (double h = 9; h < 18; h += (300 + (rnd() - 0.5) * 120) / 3600.0)
            feed(&s, at(day, h), &(req){.client = desk(3), .host = "cdn-check.example.net"});
    /* A person reading news at random moments (Poisson): not periodic. */
    for (int day = 0; day < 4; day++)
        for (double h = 9; h < 18; h += -0.25 * __builtin_log(1 - rnd() * 0.999))
            feed(&s, at(day, h), &(req){.client = desk(4), .host = "news.example.jp"});
    finish(&s);
    const finding *f = find(&s, "beacon", "cdn-check.example.net");
    assert_non_null(f);
    /* The period is the median of a sample of intervals: about 5 min. */
    assert_true(has_fact(f, "every 5") || has_fact(f, "every 4.9") || has_fact(f, "every 4.8"));
    assert_int_equal(f->stage, KC_COMMAND_AND_CONTROL);
    assert_string_equal(f->attack[0], "T1071.001");
    assert_true(f->score >= 40 && f->score <= 62); /* a beacon alone stays medium */
    assert_null(find(&s, "beacon", "news.example.jp"));
    assert_null(find(&s, "beacon", "www.yahoo.co.jp"));
    scan_free(&s);
}

static void test_useragent(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    for (int i = 0; i < 30; i++) {
        feed(&s, at(1, 10 + i * 0.1), &(req){.client = desk(5), .host = "odd.example.org", .ua = "Mozila/4.0 (compatible)"});
        /* A backdoor borrowing an old browser's name on a desk whose browser is IE 11. */
        feed(&s, at(2, 10 + i * 0.1), &(req){.client = desk(6), .host = "img.example.biz",
                                             .ua = "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 6.1)"});
    }
    finish(&s);
    const finding *f = find(&s, "useragent", "odd.example.org");
    assert_non_null(f);
    assert_true(has_fact(f, "malformed"));
    f = find(&s, "useragent", "img.example.biz");
    assert_non_null(f);
    assert_true(has_fact(f, "other than the terminal's own browser"));
    assert_true(has_fact(f, "outdated"));
    assert_null(find(&s, "useragent", "www.nikkei.com"));
    scan_free(&s);
}

/* The terminal's own browser is the one that reaches the most destinations,
 * not the busiest one: an implant sending hundreds of requests to its one
 * server with an IE 8 string does not become the desk's browser. */
static void test_useragent_own_browser(void **state) {
    (void)state;
    static const char *ie8 = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)";
    static const char *chrome = "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                "Chrome/42.0.2311.135 Safari/537.36";
    static const char *chrome_new = "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
                                    "Chrome/43.0.2357.65 Safari/537.36";
    scan_engine s;
    start(&s);
    char host[64];
    for (int k = 0; k < 12; k++) {
        /* desk 6 browses twelve sites with IE 11 (its real browser)... */
        snprintf(host, sizeof host, "site%d.example.jp", k);
        feed(&s, at(1, 9.5 + k * 0.1), &(req){.client = desk(6), .host = finding_strdup(&s.findings, host, strlen(host))});
        /* ...and desk 7 with Chrome 42. */
        feed(&s, at(1, 9.5 + k * 0.1), &(req){.client = desk(7), .host = finding_strdup(&s.findings, host, strlen(host)),
                                             .ua = chrome});
    }
    /* An implant on desk 6: 500 requests to one server with an IE 8 string.
     * The same implant on desks 8 and 9 talks to four other servers, so the
     * string is neither rare nor confined to few destinations org-wide: only
     * the terminal's own view tells it apart. */
    for (int i = 0; i < 500; i++)
        feed(&s, at(2, 10 + i * 0.006), &(req){.client = desk(6), .host = "c2.example.biz", .ua = ie8});
    static const char *others[] = {"c2b.example.biz", "c2c.example.biz", "c2d.example.biz", "c2e.example.biz"};
    for (int i = 0; i < 40; i++)
        feed(&s, at(2, 11 + i * 0.05), &(req){.client = desk(8 + i % 2), .host = others[i % 4], .ua = ie8});
    /* Desk 7's Chrome updates on the last afternoon: the new string reaches
     * two sites only, but it is the same browser, newer. */
    feed(&s, at(3, 15), &(req){.client = desk(7), .host = "site1.example.jp", .ua = chrome_new});
    feed(&s, at(3, 15.5), &(req){.client = desk(7), .host = "upd.example.net", .ua = chrome_new});
    /* Desk 11 browses with Chrome and keeps an old IE for a legacy site: its
     * requests follow pages (Referer), so it is a second browser, not an
     * impostor. */
    for (int k = 0; k < 12; k++) {
        snprintf(host, sizeof host, "site%d.example.jp", k);
        feed(&s, at(1, 9.5 + k * 0.1), &(req){.client = desk(11), .host = finding_strdup(&s.findings, host, strlen(host)),
                                              .ua = chrome, .referer = "http://portal.example.jp/"});
    }
    for (int i = 0; i < 60; i++)
        feed(&s, at(2, 13 + i * 0.02), &(req){.client = desk(11), .host = "legacy.example.go.jp", .ua = ie8,
                                              .path = "/app/form.asp", .referer = "http://legacy.example.go.jp/app/"});
    finish(&s);
    const finding *f = find(&s, "useragent", "c2.example.biz");
    assert_non_null(f);
    assert_true(has_fact(f, "other than the terminal's own browser"));
    assert_true(has_fact(f, "used it for 1 destination; its own browser \"" IE11 "\" reached"));
    f = find(&s, "useragent", "upd.example.net");
    assert_true(f == NULL || !has_fact(f, "other than the terminal's own browser"));
    f = find(&s, "useragent", "legacy.example.go.jp");
    assert_true(f == NULL || !has_fact(f, "other than the terminal's own browser"));
    scan_free(&s);
}

static void test_destination(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    for (int i = 0; i < 5; i++) {
        feed(&s, at(1, 11 + i * 0.2), &(req){.client = desk(7), .method = "CONNECT", .host = "198.51.100.7", .port = 8443});
        feed(&s, at(1, 11 + i * 0.2), &(req){.client = desk(7), .method = "CONNECT", .host = "www.example.com", .port = 443});
    }
    finish(&s);
    const finding *f = find(&s, "destination", "198.51.100.7");
    assert_non_null(f);
    assert_true(has_fact(f, "CONNECT requests to port 8443"));
    assert_true(has_fact(f, "IP address"));
    bool t1571 = false;
    for (int i = 0; i < f->nattack; i++) t1571 |= !strcmp(f->attack[i], "T1571");
    assert_true(t1571);
    assert_null(find(&s, "destination", "www.example.com"));
    scan_free(&s);
}

static void test_failures(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    for (int i = 0; i < 30; i++) {
        double h = 10 + i * 0.2;
        feed(&s, at(2, h), &(req){.client = desk(8), .host = "auth.example.net", .status = 407, .result = PR_AUTH_REQUIRED});
        /* A browser answers the challenge: 407, then through. */
        feed(&s, at(2, h), &(req){.client = desk(9), .host = "login.example.org", .status = 407, .result = PR_AUTH_REQUIRED});
        feed(&s, at(2, h + 0.001), &(req){.client = desk(9), .host = "login.example.org"});
        /* A server that answers 404 was reached: not a failure. */
        feed(&s, at(2, h), &(req){.client = desk(10), .host = "notfound.example.com", .status = 404});
        feed(&s, at(2, h), &(req){.client = desk(11), .host = "gone.example.net", .status = 503, .result = PR_ERROR});
    }
    finish(&s);
    const finding *f = find(&s, "failures", "auth.example.net");
    assert_non_null(f);
    assert_true(has_fact(f, "never authenticated"));
    assert_non_null(find(&s, "failures", "gone.example.net"));
    assert_null(find(&s, "failures", "login.example.org"));
    assert_null(find(&s, "failures", "notfound.example.com"));
    /* The terminal list marks failure-only terminals. */
    bool listed = false;
    for (size_t i = 0; i < s.result.terms.len; i++) {
        const term_result *t = &VEC_AT(&s.result.terms, term_result, i);
        if (sv_eq_cstr(obs_term_name(&s.obs, t->term), desk(8))) listed = true, assert_int_equal(t->ok, 0);
    }
    assert_true(listed);
    scan_free(&s);
}

static void test_offhours(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    for (int day = 0; day < 3; day++)
        for (int i = 0; i < 30; i++) {
            /* An office desk that wakes at night... */
            feed(&s, at(day, 2 + i * 0.05), &(req){.client = desk(12), .host = "night.example.net"});
            /* ...and a server whose whole life is at night. */
            feed(&s, at(day, 1 + i * 0.1), &(req){.client = "10.9.0.1", .host = "backup.example.net"});
            feed(&s, at(day, 3 + i * 0.1), &(req){.client = "10.9.0.1", .host = "mirror.example.net"});
        }
    finish(&s);
    const finding *f = find(&s, "offhours", "night.example.net");
    assert_non_null(f);
    assert_true(has_fact(f, "outside working hours"));
    assert_null(find(&s, "offhours", "backup.example.net"));
    assert_null(find(&s, "offhours", "www.yahoo.co.jp"));
    scan_free(&s);
}

static void test_exfil(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    /* Three desks send archives to a server first seen on day 3. */
    for (int d = 13; d < 16; d++)
        for (int i = 0; i < 30; i++)
            feed(&s, at(3, 10 + d * 0.3 + i * 0.02), &(req){.client = desk(d), .method = "POST", .host = "drop.example.org",
                                                            .out = 2000000});
    /* Small form posts are ordinary. */
    for (int i = 0; i < 40; i++)
        feed(&s, at(1, 10 + i * 0.1), &(req){.client = desk(16), .method = "POST", .host = "forum.example.jp", .out = 900});
    finish(&s);
    const finding *f = find(&s, "exfil", "drop.example.org");
    assert_non_null(f);
    assert_int_equal(f->stage, KC_ACTIONS_ON_OBJECTIVES);
    assert_string_equal(f->attack[0], "T1041");
    assert_true(has_fact(f, "3 terminals started uploading"));
    assert_true(f->severity >= SEV_HIGH);
    assert_null(find(&s, "exfil", "forum.example.jp"));
    scan_free(&s);
}

/* An operator driving a backdoor through one script of a compromised site:
 * fresh GET queries for commands, POSTs of results, 200 and 404 answers,
 * every 5-25 s for two hours. */
static void c2_session(scan_engine *s, const char *client, const char *host, int day, double hour, const char *ua) {
    static char queries[400][16];
    double h = hour;
    for (int i = 0; i < 400 && h < hour + 2; i++, h += (5 + rnd() * 20) / 3600.0) {
        snprintf(queries[i], sizeof queries[i], "q=%08x", (unsigned)(rnd() * 4e9));
        bool post = rnd() < 0.4;
        feed(s, at(day, h), &(req){.client = client, .host = host, .ua = ua, .path = "/old/cgi/log.php",
                                   .method = post ? "POST" : "GET", .query = post ? NULL : queries[i],
                                   .status = rnd() < 0.3 ? 404 : 200, .out = post ? 8000 + (int64_t)(rnd() * 20000) : 400,
                                   .in = 2000 + (int64_t)(rnd() * 10000)});
    }
}

static void test_session(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    /* Referers in the log: the office's browsing carries them. */
    for (int day = 0; day < 4; day++)
        for (double h = 9.2; h < 17; h += 0.5)
            feed(&s, at(day, h), &(req){.client = desk(1), .host = "www.yahoo.co.jp", .path = "/news/a.html",
                                        .referer = "http://www.yahoo.co.jp/"});
    c2_session(&s, desk(2), "www.kanko-sakura.example.jp", 1, 10, NULL);
    c2_session(&s, desk(3), "www.kanko-sakura.example.jp", 2, 14, NULL);
    /* A web application's long-polling (socket.io style), driven by its
     * page: GET and POST on one path, fresh cache-busters, small messages
     * both ways, all day - but every request has its page as Referer. */
    static char polls[3000][40];
    int m = 0;
    for (double h = 9; h < 17 && m < 3000; h += 10 / 3600.0, m++) {
        snprintf(polls[m], sizeof polls[m], "EIO=3&transport=polling&t=%d", m);
        bool post = rnd() < 0.3;
        feed(&s, at(1, h), &(req){.client = desk(4), .host = "chat.partner.example.com", .path = "/socket.io/",
                                  .method = post ? "POST" : "GET", .query = post ? NULL : polls[m], .out = 450,
                                  .in = 150, .referer = "https://chat.partner.example.com/room/12"});
    }
    /* Telemetry: POSTs only, every 30 s all day; a poller: GETs only with
     * a cache-buster; neither fetches and reports. */
    static char busters[2000][16];
    int k = 0;
    for (double h = 8; h < 18; h += 30 / 3600.0, k++) {
        feed(&s, at(2, h), &(req){.client = desk(5), .host = "telemetry.vendor.example.net", .path = "/v1/events",
                                  .method = "POST", .out = 3000, .in = 100, .ua = "VendorApp/2.1"});
        snprintf(busters[k % 2000], sizeof busters[0], "t=%d", k);
        feed(&s, at(2, h), &(req){.client = desk(6), .host = "quotes.example.org", .path = "/ticker.json",
                                  .query = busters[k % 2000], .ua = "TickerWidget/1.0"});
    }
    /* A person reading a site all morning: many pages, a broken link or two. */
    static char pages[300][24];
    for (int i = 0; i < 300; i++) {
        snprintf(pages[i], sizeof pages[i], "/article/%d.html", i);
        feed(&s, at(3, 9 + i * 0.01), &(req){.client = desk(7), .host = "blog.example.jp", .path = pages[i],
                                             .status = i % 40 == 0 ? 404 : 200});
    }
    finish(&s);
    const finding *f = find(&s, "session", "www.kanko-sakura.example.jp");
    assert_non_null(f);
    assert_true(has_fact(f, "fetch and report"));
    assert_true(has_fact(f, "% went to one or two paths"));
    assert_true(has_fact(f, "2xx") && has_fact(f, "404"));
    assert_true(has_fact(f, "\"/old/cgi/log.php\""));
    assert_true(has_fact(f, "from 2 terminals"));
    assert_int_equal(f->terminals, 2);
    assert_int_equal(f->stage, KC_COMMAND_AND_CONTROL);
    assert_true(f->severity == SEV_MEDIUM);
    assert_null(find(&s, "session", "chat.partner.example.com"));
    assert_null(find(&s, "session", "telemetry.vendor.example.net"));
    assert_null(find(&s, "session", "quotes.example.org"));
    assert_null(find(&s, "session", "blog.example.jp"));
    scan_free(&s);
}

/* Upload-heavy without a baseline: the logs begin the day the terminal
 * starts sending (nothing to compare with, the destination cannot be "new"). */
static void test_exfil_heavy(void **state) {
    (void)state;
    scan_engine s;
    start(&s);
    for (int i = 0; i < 200; i++) {
        /* HTTPS tunnels to a rare host carrying more out than in. */
        feed(&s, at(0, 9.5 + i * 0.01), &(req){.client = desk(8), .method = "CONNECT", .host = "cdn-sync.example.info",
                                               .port = 443, .out = 40000, .in = 20000});
        /* Downloads: far more in than out. */
        feed(&s, at(0, 9.5 + i * 0.01), &(req){.client = desk(9), .host = "files.example.com", .out = 600, .in = 400000});
    }
    /* One large form upload is one request, not a stream of them. */
    feed(&s, at(0, 11), &(req){.client = desk(10), .method = "POST", .host = "apply.example.go.jp", .out = 5000000});
    finish(&s);
    const finding *f = find(&s, "exfil", "cdn-sync.example.info");
    assert_non_null(f);
    assert_true(has_fact(f, "more out than in"));
    assert_true(f->score >= 25 && f->score < 40); /* alone it is worth a look, not an incident */
    assert_null(find(&s, "exfil", "files.example.com"));
    assert_null(find(&s, "exfil", "apply.example.go.jp"));
    scan_free(&s);
}

static void test_scoring_context(void **state) {
    (void)state;
    const char *why;
    assert_true(hostset_add(&cfg.allow_destinations, SV("allowed.example.com"), "test:1", &why));
    scan_engine s;
    start(&s);
    for (int day = 0; day < 4; day++)
        for (double h = 9.1; h < 17.5; h += 0.1) {
            /* Every desk polls the same service from the first day: a service. */
            for (int d = 0; d < 20; d++)
                feed(&s, at(day, h + d * 0.001), &(req){.client = desk(d), .host = "poll.example.com", .ua = "Poller/1.0"});
            feed(&s, at(day, h), &(req){.client = desk(17), .host = "sub.allowed.example.com", .ua = "Updater/2.0"});
        }
    finish(&s);
    const dest_result *d = result_for(&s, "poll.example.com");
    assert_non_null(d);
    assert_true(d->severity < SEV_MEDIUM);
    d = result_for(&s, "sub.allowed.example.com");
    assert_non_null(d);
    assert_true(d->score <= 10);
    assert_non_null(find(&s, "beacon", "sub.allowed.example.com")); /* still found, only capped */
    scan_free(&s);
    config_free(&cfg);
    setup(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_beacon),      cmocka_unit_test(test_useragent), cmocka_unit_test(test_useragent_own_browser),
        cmocka_unit_test(test_destination),
        cmocka_unit_test(test_failures),    cmocka_unit_test(test_offhours),  cmocka_unit_test(test_exfil),
        cmocka_unit_test(test_session),     cmocka_unit_test(test_exfil_heavy),
        cmocka_unit_test(test_scoring_context),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
