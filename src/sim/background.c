/* background.c - see background.h.
 *
 * Per terminal: a browsing actor (page views with their sub-resources, 407
 * challenges of the NTLM-authenticating proxy, URL-filter denials), a session
 * actor (boot, logon, logoff, shutdown; Kerberos on the DC; SMB and LDAP
 * through the core firewall), a file-work actor (documents on the
 * department share), and one actor per periodic service. The services are
 * the false-positive traps of beacon detection: an asset agent polling every
 * five minutes day and night with a non-browser User-Agent, an antivirus
 * updater with an outdated IE6 User-Agent, Windows Update and certificate
 * list downloads, a chat client's long-poll every ~55 s, a weather/news widget
 * every 30 minutes. Global: a helpdesk that installs PSEXESVC on a few
 * terminals a week with a domain account (lateral movement that is not an
 * attack), and the business mail of the day (mail/business.c). */
#include "sim/background.h"
#include "core/util.h"
#include "sim/mail/mail.h"
#include "sim/names.h"
#include "sim/sites.h"
#include "sim/windows/events.h"

#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

static bool ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

const char *category_for(const char *host) {
    if (ends_with(host, ".go.jp") || ends_with(host, ".lg.jp")) return "Government/Legal";
    if (strstr(host, "google") || strstr(host, "search") || strstr(host, "bing")) return "Search Engines/Portals";
    if (strstr(host, "yahoo") || strstr(host, "msn") || strstr(host, "goo.ne")) return "Search Engines/Portals";
    if (strstr(host, "news") || strstr(host, "nikkei") || strstr(host, "asahi") || strstr(host, "yomiuri") ||
        strstr(host, "mainichi") || strstr(host, "nhk") || strstr(host, "sankei") || strstr(host, "jiji"))
        return "News/Media";
    if (strstr(host, "facebook") || strstr(host, "twitter")) return "Social Networking";
    if (strstr(host, "mail.")) return "Web Email";
    if (strstr(host, "doubleclick") || strstr(host, "analytics") || strstr(host, "ads") ||
        strstr(host, "syndication"))
        return "Web Ads/Analytics";
    if (strstr(host, "microsoft") || strstr(host, "windowsupdate") || strstr(host, "trendmicro") ||
        strstr(host, "adobe") || strstr(host, "java"))
        return "Software Downloads";
    if (strstr(host, "yimg") || strstr(host, "gstatic") || strstr(host, "googleapis") || strstr(host, "jquery") ||
        strstr(host, "twimg") || strstr(host, "st-hatena"))
        return "Content Servers";
    return "Business/Economy";
}

static const char *user_of(const sim *s, uint32_t t) { return s->w.people[s->w.term[t].staff].user; }

static int64_t dur_ms(rng *r, double median_ms) {
    double d = median_ms * (0.35 + rng_exp(r, 0.8));
    return d < 3 ? 3 : (int64_t)d;
}

/* ------------------------------------------------------------- browsing */

typedef struct browse_state {
    const site *page;
    char page_url[400];
    uint8_t subs_left;
    bool auth_retry;        /* the next record is the retry after a 407 */
    uint32_t fav[6];
} browse_state;

static void page_request(sim *s, actor *a, browse_state *b, const site *st, bool after_407) {
    rng *r = &a->r;
    const terminal *tm = &s->w.term[a->term];
    char path[160], query[80];
    sim_http h = {
        .t = a->t,
        .client = tm->ip,
        .user = user_of(s, a->term),
        .host = st->host,
        .server_ip = st->ip,
        .ua = browser_uas[tm->ua].ua,
        .category = category_for(st->host),
        .attack = -1,
        .dest = -1,
    };
    (void)after_407;
    if (st->https) {
        h.method = "CONNECT";
        h.connect = true;
        h.port = 443;
        h.status = 200;
        h.duration_ms = (int64_t)(rng_exp(r, 40000) + 300);
        h.bytes_in = 3000 + (int64_t)rng_exp(r, 90000);
        h.bytes_out = 700 + (int64_t)rng_exp(r, 4000);
        b->page_url[0] = 0;
    } else {
        sites_page_path(st, r, a->t, path, query);
        h.method = "GET";
        h.scheme = "http";
        h.port = 80;
        h.path = path;
        h.query = query[0] ? query : NULL;
        double u = rng_unit(r);
        h.status = u < 0.93 ? 200 : u < 0.975 ? 302 : 404;
        h.ctype = "text/html";
        h.duration_ms = dur_ms(r, 180);
        h.bytes_in = h.status == 200 ? 4000 + (int64_t)rng_exp(r, 40000) : 350 + (int64_t)rng_below(r, 400);
        h.bytes_out = 350 + (int64_t)rng_below(r, 600);
        snprintf(b->page_url, sizeof b->page_url, "http://%s%s%s%s", st->host, path, query[0] ? "?" : "", query);
    }
    if (st->blocked) {
        h.verdict = SV_DENIED;
        h.status = 403;
        h.server_ip = 0;
        h.ctype = "text/html";
        h.bytes_in = 3680 + (int64_t)rng_below(r, 60);
        h.duration_ms = 1 + (int64_t)rng_below(r, 4);
    }
    emit_http(s, &h);
}

static void auth_challenge(sim *s, actor *a, const site *st) {
    const terminal *tm = &s->w.term[a->term];
    sim_http h = {
        .t = a->t,
        .client = tm->ip,
        .method = st->https ? "CONNECT" : "GET",
        .connect = st->https,
        .scheme = "http",
        .host = st->host,
        .port = st->https ? 443 : 80,
        .path = "/",
        .status = 407,
        .verdict = SV_AUTH,
        .ctype = "text/html",
        .bytes_in = 3890 + (int64_t)rng_below(&a->r, 40),
        .bytes_out = 300 + (int64_t)rng_below(&a->r, 200),
        .duration_ms = (int64_t)rng_below(&a->r, 3),
        .ua = browser_uas[tm->ua].ua,
        .category = category_for(st->host),
        .attack = -1,
        .dest = -1,
    };
    emit_http(s, &h);
}

static void sub_request(sim *s, actor *a, browse_state *b) {
    rng *r = &a->r;
    const terminal *tm = &s->w.term[a->term];
    const site *st = b->page;
    bool https = st->https;
    const site *cdn = NULL;
    if (https || rng_chance(r, 0.4)) cdn = sites_cdn(s->sites, r);
    char path[160];
    const char *ctype = NULL;
    sites_resource_path(r, path, &ctype);
    sim_http h = {
        .t = a->t,
        .client = tm->ip,
        .user = user_of(s, a->term),
        .ua = browser_uas[tm->ua].ua,
        .attack = -1,
        .dest = -1,
    };
    if (cdn) {
        h.host = cdn->host;
        h.server_ip = sites_addr(cdn->host);
        https = cdn->https || https;
    } else {
        h.host = st->host;
        h.server_ip = st->ip;
    }
    h.category = category_for(h.host);
    if (https) {
        h.method = "CONNECT";
        h.connect = true;
        h.port = 443;
        h.status = 200;
        h.duration_ms = (int64_t)rng_exp(r, 15000) + 100;
        h.bytes_in = 1500 + (int64_t)rng_exp(r, 25000);
        h.bytes_out = 600 + (int64_t)rng_exp(r, 1500);
    } else {
        h.method = "GET";
        h.scheme = "http";
        h.port = 80;
        h.path = path;
        h.ctype = ctype;
        h.referer = b->page_url[0] ? b->page_url : NULL;
        double u = rng_unit(r);
        h.bytes_out = 300 + (int64_t)rng_below(r, 500);
        if (u < 0.12) {
            h.verdict = SV_HIT;
            h.status = 200;
            h.server_ip = 0;
            h.duration_ms = (int64_t)rng_below(r, 3);
            h.bytes_in = 800 + (int64_t)rng_exp(r, 15000);
        } else if (u < 0.22) {
            h.status = 304;
            h.duration_ms = dur_ms(r, 60);
            h.bytes_in = 250 + (int64_t)rng_below(r, 100);
            h.ctype = NULL;
        } else {
            h.status = u < 0.985 ? 200 : 404;
            h.duration_ms = dur_ms(r, 90);
            h.bytes_in = 500 + (int64_t)rng_exp(r, 20000);
        }
    }
    emit_http(s, &h);
}

static int64_t think_time(const sim *s, actor *a) {
    rng *r = &a->r;
    const terminal *tm = &s->w.term[a->term];
    int64_t local = (a->t + JST_OFF_MS) % DAY_MS;
    if (local >= 12 * HOUR_MS && local < 13 * HOUR_MS && rng_chance(r, 0.4))
        return 13 * HOUR_MS - local + (int64_t)rng_below(r, 20 * MIN_MS);
    if (rng_chance(r, 0.04)) return (int64_t)(rng_exp(r, 45 * 60.0) * 1000);  /* a meeting */
    return (int64_t)(rng_exp(r, tm->think_s) * 1000) + 2000;
}

static void browse_fire(sim *s, actor *a) {
    browse_state *b = a->data;
    rng *r = &a->r;
    if (!world_present(&s->w, a->term, a->t)) {
        b->subs_left = 0;
        b->auth_retry = false;
        int64_t next = world_next_present(&s->w, a->term, a->t);
        a->t = next == SIM_NEVER ? SIM_NEVER : next + (int64_t)rng_range(r, 2, 15) * MIN_MS;
        return;
    }
    if (b->auth_retry) {
        b->auth_retry = false;
        page_request(s, a, b, b->page, true);
        b->subs_left = (uint8_t)(b->page->blocked ? 0 : b->page->https ? (int64_t)rng_below(r, 3) : rng_range(r, 2, 8));
        a->t += 200 + (int64_t)rng_exp(r, 400);
        return;
    }
    if (b->subs_left) {
        sub_request(s, a, b);
        b->subs_left--;
        a->t += b->subs_left ? 20 + (int64_t)rng_exp(r, 300) : think_time(s, a);
        return;
    }
    const site *st = rng_chance(r, 0.2) ? sites_at(s->sites, b->fav[rng_below(r, 6)]) : sites_pick(s->sites, r);
    b->page = st;
    if (rng_chance(r, 0.03)) {
        auth_challenge(s, a, st);
        b->auth_retry = true;
        a->t += 4 + (int64_t)rng_below(r, 40);
        return;
    }
    page_request(s, a, b, st, false);
    b->subs_left = (uint8_t)(st->blocked ? 0 : st->https ? (int64_t)rng_below(r, 3) : rng_range(r, 2, 8));
    a->t += b->subs_left ? 150 + (int64_t)rng_exp(r, 400) : think_time(s, a);
}

/* ------------------------------------------------------------- services */

typedef enum { NEED_POWERED, NEED_PRESENT } need;

typedef struct service_def {
    const char *name;
    need when;
    uint8_t habit;          /* 0: every terminal */
    double period_s, jitter;
    void (*request)(sim *s, actor *a, sim_http *h, char *path, char *query);
} service_def;

static void monitor_req(sim *s, actor *a, sim_http *h, char *path, char *query) {
    (void)query;
    snprintf(path, 160, "/v2/agents/%08x/heartbeat", (unsigned)mix64(a->term + s->opt.seed) & 0x7fffffff);
    h->method = "POST";
    h->host = "api.assetwatch-cloud.com";
    h->ua = "AssetWatchAgent/3.4.1 (Windows NT 6.1; x64)";
    h->ctype = "application/json";
    h->bytes_out = 640 + (int64_t)rng_below(&a->r, 90);
    h->bytes_in = 180 + (int64_t)rng_below(&a->r, 30);
    h->duration_ms = dur_ms(&a->r, 140);
}

static void av_req(sim *s, actor *a, sim_http *h, char *path, char *query) {
    (void)s, (void)query;
    bool pattern = rng_chance(&a->r, 0.15);
    if (pattern)
        snprintf(path, 160, "/activeupdate/pattern/lpt$vpn.%u", 11500 + (unsigned)((a->t / DAY_MS) % 300) * 2);
    else strcpy(path, "/activeupdate/server.ini");
    h->method = "GET";
    h->host = "osce11-p.activeupdate.trendmicro.com";
    h->ua = "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)";
    h->ctype = pattern ? "application/octet-stream" : "text/plain";
    h->bytes_out = 260;
    h->bytes_in = pattern ? 400000 + (int64_t)rng_below(&a->r, 900000) : 31000 + (int64_t)rng_below(&a->r, 800);
    h->duration_ms = pattern ? dur_ms(&a->r, 2500) : dur_ms(&a->r, 120);
}

static void wu_req(sim *s, actor *a, sim_http *h, char *path, char *query) {
    (void)s;
    if (rng_chance(&a->r, 0.5)) {
        h->method = "CONNECT";
        h->connect = true;
        h->host = "fe2.update.microsoft.com";
        h->port = 443;
        h->ua = "Windows-Update-Agent/7.6.7601.18847 Client-Protocol/1.21";
        h->bytes_out = 9000 + (int64_t)rng_below(&a->r, 6000);
        h->bytes_in = 20000 + (int64_t)rng_exp(&a->r, 60000);
        h->duration_ms = 2000 + (int64_t)rng_exp(&a->r, 8000);
        return;
    }
    strcpy(path, "/msdownload/update/v3/static/trustedr/en/disallowedcertstl.cab");
    char hex[17];
    rng_hex(&a->r, hex, 16);
    hex[16] = 0;
    snprintf(query, 80, "%s", hex);
    h->method = "GET";
    h->host = "ctldl.windowsupdate.com";
    h->ua = "Microsoft-CryptoAPI/6.1";
    h->ctype = "application/vnd.ms-cab-compressed";
    h->bytes_out = 220;
    h->bytes_in = 7200;
    h->duration_ms = dur_ms(&a->r, 90);
}

static void chat_req(sim *s, actor *a, sim_http *h, char *path, char *query) {
    (void)s;
    strcpy(path, "/api/poll");
    snprintf(query, 80, "uid=%u&seq=%llu", 100000 + a->term, (unsigned long long)(a->t / 55000 % 100000));
    h->method = "GET";
    h->host = "push.im-cloud.jp";
    h->user = user_of(s, a->term);
    h->ua = browser_uas[s->w.term[a->term].ua].ua;
    h->ctype = "application/json";
    h->bytes_out = 520;
    h->bytes_in = rng_chance(&a->r, 0.1) ? 600 + (int64_t)rng_below(&a->r, 2000) : 60;
    h->duration_ms = 50000 + (int64_t)rng_below(&a->r, 900);
}

static void widget_req(sim *s, actor *a, sim_http *h, char *path, char *query) {
    (void)s;
    strcpy(path, "/forecast/webservice/json/v1");
    strcpy(query, "city=130010");
    h->method = "GET";
    h->host = "weather.livedoor.com";
    h->ua = "Mozilla/4.0 (compatible; Win32; WinHttp.WinHttpRequest.5)";
    h->ctype = "application/json; charset=utf-8";
    h->bytes_out = 180;
    h->bytes_in = 4200 + (int64_t)rng_below(&a->r, 300);
    h->duration_ms = dur_ms(&a->r, 110);
}

static const service_def services[] = {
    {"monitor", NEED_POWERED, 0, 300, 0.03, monitor_req},
    {"antivirus", NEED_POWERED, 0, 3600, 0.1, av_req},
    {"windows-update", NEED_POWERED, 0, 79200, 0.15, wu_req},
    {"chat", NEED_PRESENT, HABIT_CHAT, 55, 0.03, chat_req},
    {"widget", NEED_PRESENT, HABIT_WIDGET, 1800, 0.02, widget_req},
};

typedef struct service_state {
    const service_def *def;
} service_state;

static void service_fire(sim *s, actor *a) {
    service_state *st = a->data;
    const service_def *d = st->def;
    bool ok = d->when == NEED_POWERED ? world_powered(&s->w, a->term, a->t) : world_present(&s->w, a->term, a->t);
    if (!ok) {
        int64_t next = d->when == NEED_POWERED ? world_next_powered(&s->w, a->term, a->t)
                                               : world_next_present(&s->w, a->term, a->t);
        a->t = next == SIM_NEVER ? SIM_NEVER : next + (int64_t)(rng_unit(&a->r) * d->period_s * 1000 * 0.5) + 1000;
        return;
    }
    char path[160] = "/", query[80] = "";
    sim_http h = {
        .t = a->t,
        .client = s->w.term[a->term].ip,
        .scheme = "http",
        .port = 80,
        .status = 200,
        .attack = -1,
        .dest = -1,
    };
    d->request(s, a, &h, path, query);
    h.path = path;
    h.query = query[0] ? query : NULL;
    h.server_ip = sites_addr(h.host);
    h.category = category_for(h.host);
    emit_http(s, &h);
    a->t += (int64_t)(rng_jitter(&a->r, d->period_s, d->jitter) * 1000);
}

/* ------------------------------------------------------------- sessions */

enum { PH_WAIT, PH_BOOT, PH_LOGON, PH_LOGOFF, PH_SHUTDOWN };

typedef struct session_state {
    int phase;
    int64_t arrive, logon_t;
} session_state;

static void logon_traffic(sim *s, actor *a, int64_t t) {
    const terminal *tm = &s->w.term[a->term];
    sim_conn c = {.t = t, .src = tm->ip, .proto = 6, .allowed = true, .sent = -1, .rcvd = -1};
    static const uint16_t dc_ports[] = {88, 389, 445, 135};
    for (size_t i = 0; i < sizeof dc_ports / sizeof dc_ports[0]; i++) {
        c.dst = s->w.dc_ip;
        c.dport = dc_ports[i];
        c.sport = (uint16_t)(49152 + rng_below(&a->r, 16000));
        emit_core(s, &c);
    }
    c.dst = s->w.fs_ip;
    c.dport = 445;
    c.sport = (uint16_t)(49152 + rng_below(&a->r, 16000));
    emit_core(s, &c);
    /* a few terminals still map a drive on the business segment: dropped */
    if (mix64(a->term ^ 0xb12) % 40 == 0) {
        c.dst = (10u << 24) | (30u << 16) | (uint32_t)(1 + a->term % 200);
        c.dport = 445;
        c.allowed = false;
        emit_core(s, &c);
    }
}

static void direct_attempts(sim *s, actor *a, int64_t t) {
    /* some software ignores the proxy: NTP and public DNS are denied at the edge */
    uint64_t h = mix64(a->term ^ 0xd1ec7);
    const terminal *tm = &s->w.term[a->term];
    sim_conn c = {.t = t, .src = tm->ip, .sport = (uint16_t)(49152 + rng_below(&a->r, 16000)), .sent = 0,
                  .rcvd = 0, .policy = 0};
    if (h % 9 == 0) {
        c.dst = (40u << 24) | (119u << 16) | (6u << 8) | 228u;   /* time.windows.com */
        c.dport = 123;
        c.proto = 17;
        c.service = "NTP";
        emit_edge(s, &c);
    }
    if (h % 23 == 1) {
        c.dst = (8u << 24) | (8u << 16) | (8u << 8) | 8u;
        c.dport = 53;
        c.proto = 17;
        c.service = "DNS";
        emit_edge(s, &c);
    }
}

static void session_fire(sim *s, actor *a) {
    session_state *st = a->data;
    const world *w = &s->w;
    uint32_t t = a->term;
    const terminal *tm = &w->term[t];
    const staff *p = &w->people[tm->staff];
    char sid[64], ip[16], machine[16];
    user_sid(tm->staff, sid);
    ip4_str(tm->ip, ip);
    snprintf(machine, sizeof machine, "%s", tm->host);
    for (char *c = machine; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    win_account who = {p->user, NETBIOS_DOMAIN, sid};
    const char *share = departments[tm->dept].share;
    switch (st->phase) {
    case PH_WAIT: {
        int64_t arrive = world_next_present(w, t, a->t);
        if (arrive == SIM_NEVER) {
            a->t = SIM_NEVER;
            return;
        }
        st->arrive = arrive;
        bool was_on = arrive - 5 * MIN_MS >= a->t && world_powered(w, t, arrive - 5 * MIN_MS);
        if (was_on) {
            st->phase = PH_LOGON;
            a->t = arrive;
        } else {
            st->phase = PH_BOOT;
            a->t = arrive - 2 * MIN_MS > a->t ? arrive - 2 * MIN_MS : a->t;
        }
        return;
    }
    case PH_BOOT: {
        winev_eventlog(s, a->t, (int32_t)t, true);
        sim_http h = {.t = a->t, .client = tm->ip, .method = "GET", .scheme = "http",
                      .host = "www.msftncsi.com", .port = 80, .path = "/ncsi.txt", .status = 200,
                      .server_ip = sites_addr("www.msftncsi.com"), .ctype = "text/plain", .bytes_in = 226,
                      .bytes_out = 120, .duration_ms = dur_ms(&a->r, 40), .ua = "Microsoft NCSI",
                      .category = "Computers/Internet", .attack = -1, .dest = -1};
        emit_http(s, &h);
        direct_attempts(s, a, a->t);
        st->phase = PH_LOGON;
        a->t = st->arrive;
        return;
    }
    case PH_LOGON:
        if (rng_chance(&a->r, 0.04))
            winev_logon_failed(s, a->t, (int32_t)t, 2, p->user, NETBIOS_DOMAIN, "127.0.0.1", tm->host,
                               "0xc000006a");
        winev_tgt(s, a->t, &who, ip, false);
        winev_logon(s, a->t, (int32_t)t, 2, &who, "127.0.0.1", tm->host, false);
        winev_service_ticket(s, a->t, &who, "cifs/fs01." AD_DOMAIN, ip);
        logon_traffic(s, a, a->t);
        emit_fop(s, &(sim_fop){.t = a->t, .user = p->user, .client = tm->ip, .machine = machine, .share = share,
                               .op = "connect", .ok = true, .path = share});
        st->logon_t = a->t;
        st->phase = PH_LOGOFF;
        a->t = world_present_until(w, t, a->t);
        return;
    case PH_LOGOFF:
        winev_logoff(s, a->t, (int32_t)t, 2, &who, st->logon_t);
        emit_fop(s, &(sim_fop){.t = a->t, .user = p->user, .client = tm->ip, .machine = machine, .share = share,
                               .op = "disconnect", .ok = true, .path = share});
        st->phase = world_powered(w, t, a->t + MIN_MS) ? PH_WAIT : PH_SHUTDOWN;
        a->t += MIN_MS;
        return;
    case PH_SHUTDOWN:
        winev_eventlog(s, a->t, (int32_t)t, false);
        st->phase = PH_WAIT;
        a->t += MIN_MS;
        return;
    }
}

/* ------------------------------------------------------------ file work */

static void file_fire(sim *s, actor *a) {
    uint32_t t = a->term;
    rng *r = &a->r;
    if (!world_present(&s->w, t, a->t)) {
        int64_t next = world_next_present(&s->w, t, a->t);
        a->t = next == SIM_NEVER ? SIM_NEVER : next + (int64_t)rng_range(r, 5, 40) * MIN_MS;
        return;
    }
    const terminal *tm = &s->w.term[t];
    const staff *p = &s->w.people[tm->staff];
    char machine[16], path[200];
    snprintf(machine, sizeof machine, "%s", tm->host);
    for (char *c = machine; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
    const char *word = doc_words[rng_below(r, doc_words_count)];
    const char *ext = doc_exts[rng_below(r, doc_exts_count)];
    snprintf(path, sizeof path, "2015/%02u/%s_%03u%s", (unsigned)rng_range(r, 1, 5), word,
             (unsigned)rng_below(r, 120), ext);
    sim_fop f = {.t = a->t, .user = p->user, .client = tm->ip, .machine = machine,
                 .share = departments[tm->dept].share, .ok = true, .path = path};
    bool write = rng_chance(r, 0.3);
    if (rng_chance(r, 0.02)) {
        f.op = "openat";
        f.ok = false;
        f.flag = "r";
        emit_fop(s, &f);   /* a folder of another department */
    } else {
        f.op = "openat";
        f.flag = write ? "w" : "r";
        emit_fop(s, &f);
        f.op = write ? "pwrite" : "pread";
        f.flag = NULL;
        emit_fop(s, &f);
        f.op = "close";
        emit_fop(s, &f);
        if (write && rng_chance(r, 0.1)) {
            char to[200];
            snprintf(to, sizeof to, "%.150s.bak", path);
            f.op = "renameat";
            f.path2 = to;
            emit_fop(s, &f);
        }
    }
    a->t += (int64_t)(rng_exp(r, 22 * 60.0) * 1000) + 20 * SEC_MS;
}

/* --------------------------------------------------------- helpdesk admin */

static void helpdesk_fire(sim *s, actor *a) {
    rng *r = &a->r;
    uint32_t t = (uint32_t)rng_below(r, s->w.nterm);
    if (world_present(&s->w, t, a->t) && world_present(&s->w, t, a->t + 20 * MIN_MS)) {
        const terminal *tm = &s->w.term[t];
        char sid[64], spn[64], admin_ip[16];
        snprintf(sid, sizeof sid, DOMAIN_SID "-1103");
        win_account hd = {"helpdesk01", NETBIOS_DOMAIN, sid};
        ip4_str(s->w.admin_ip, admin_ip);
        snprintf(spn, sizeof spn, "cifs/%s.%s", tm->host, AD_DOMAIN);
        winev_service_ticket(s, a->t, &hd, spn, admin_ip);
        emit_core(s, &(sim_conn){.t = a->t, .src = s->w.admin_ip, .dst = tm->ip, .dport = 445,
                                 .sport = (uint16_t)(49152 + rng_below(r, 16000)), .proto = 6, .allowed = true});
        winev_logon(s, a->t, (int32_t)t, 3, &hd, admin_ip, "ADMIN-PC01", false);
        winev_special(s, a->t, (int32_t)t, &hd);
        winev_service_installed(s, a->t, (int32_t)t, &hd, "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe");
        winev_service_state(s, a->t, (int32_t)t, "PSEXESVC", "running");
    }
    /* a few times a week, in office hours */
    int64_t next = a->t + (int64_t)(rng_exp(r, 14 * 3600.0) * 1000);
    int64_t local = (next + JST_OFF_MS) % DAY_MS;
    if (local < 9 * HOUR_MS) next += 9 * HOUR_MS - local + (int64_t)rng_below(r, 3 * HOUR_MS);
    if (local > 18 * HOUR_MS) next += DAY_MS - local + 9 * HOUR_MS + (int64_t)rng_below(r, 3 * HOUR_MS);
    a->t = next;
}

/* ---------------------------------------------------------------- start */

void background_start(sim *s) {
    int64_t start = s->w.start_ms;
    for (uint32_t t = 0; t < s->w.nterm; t++) {
        uint64_t base = (uint64_t)t << 8;
        actor *a = sim_actor(s, browse_fire, t, start, 0x10000000000ull + base, sizeof(browse_state));
        browse_state *b = a->data;
        for (int i = 0; i < 6; i++) b->fav[i] = (uint32_t)(mix4(s->opt.seed, t, (uint64_t)i, 0xfa7) % 400);
        sim_actor(s, session_fire, t, start, 0x10000000000ull + base + 1, sizeof(session_state));
        sim_actor(s, file_fire, t, start, 0x10000000000ull + base + 2, 0);
        for (size_t i = 0; i < sizeof services / sizeof services[0]; i++) {
            const service_def *d = &services[i];
            if (d->habit && !(s->w.term[t].habits & d->habit)) continue;
            actor *sa = sim_actor(s, service_fire, t, start + (int64_t)(unit_from(mix4(s->opt.seed, t, i, 1)) *
                                                                         d->period_s * 1000),
                                  0x10000000000ull + base + 16 + i, sizeof(service_state));
            ((service_state *)sa->data)->def = d;
        }
    }
    sim_actor(s, helpdesk_fire, UINT32_MAX, start + 10 * HOUR_MS, 0x20000000001ull, 0);
    mail_background_start(s);
}
