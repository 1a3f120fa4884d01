/* sites.c - the browsing catalogue; see sites.h. */
#include "sim/sites.h"
#include "core/util.h"
#include "sim/names.h"
#include "sim/sink.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct known_site {
    const char *host;
    bool https, blocked, search;
} known_site;

/* The head of the distribution, most visited first. */
static const known_site known[] = {
    {"www.yahoo.co.jp", false, false, false},    {"www.google.co.jp", true, false, true},
    {"search.yahoo.co.jp", false, false, true},  {"www.google.com", true, false, true},
    {"headlines.yahoo.co.jp", false, false, false}, {"www.nenkin.go.jp", false, false, false},
    {"www.mhlw.go.jp", false, false, false},     {"ja.wikipedia.org", true, false, false},
    {"www.nikkei.com", false, false, false},     {"www.asahi.com", false, false, false},
    {"www.yomiuri.co.jp", false, false, false},  {"mainichi.jp", false, false, false},
    {"www3.nhk.or.jp", false, false, false},     {"www.sankei.com", false, false, false},
    {"www.jma.go.jp", false, false, false},      {"tenki.jp", false, false, false},
    {"www.e-gov.go.jp", false, false, false},    {"www.kantei.go.jp", false, false, false},
    {"www.soumu.go.jp", false, false, false},    {"www.mof.go.jp", false, false, false},
    {"www.amazon.co.jp", true, false, false},    {"www.rakuten.co.jp", false, false, false},
    {"www.weblio.jp", false, false, false},      {"kotobank.jp", false, false, false},
    {"www.jorudan.co.jp", false, false, false},  {"www.navitime.co.jp", false, false, false},
    {"transit.yahoo.co.jp", false, false, false}, {"map.yahoo.co.jp", false, false, false},
    {"www.bing.com", false, false, true},        {"www.msn.com", false, false, false},
    {"www.microsoft.com", true, false, false},   {"support.microsoft.com", true, false, false},
    {"www.youtube.com", true, false, false},     {"tabelog.com", false, false, false},
    {"www.hatena.ne.jp", false, false, false},   {"b.hatena.ne.jp", false, false, false},
    {"www.itmedia.co.jp", false, false, false},  {"www.impress.co.jp", false, false, false},
    {"www.ipa.go.jp", false, false, false},      {"www.nisc.go.jp", false, false, false},
    {"www.jpcert.or.jp", false, false, false},   {"www.meti.go.jp", false, false, false},
    {"www.cas.go.jp", false, false, false},      {"www.city.chiyoda.lg.jp", false, false, false},
    {"www.adobe.com", true, false, false},       {"get.adobe.com", true, false, false},
    {"www.java.com", false, false, false},       {"www.mozilla.org", true, false, false},
    {"www.apple.com", false, false, false},      {"weather.yahoo.co.jp", false, false, false},
    {"www.jiji.com", false, false, false},       {"www.47news.jp", false, false, false},
    {"news.livedoor.com", false, false, false},  {"www.goo.ne.jp", false, false, false},
    {"www.excite.co.jp", false, false, false},   {"www.kakaku.com", false, false, false},
    {"www.jreast.co.jp", false, false, false},   {"www.ana.co.jp", true, false, false},
    {"www.jal.co.jp", true, false, false},       {"www.japanpost.jp", false, false, false},
    /* the URL filter blocks social networks, web mail and video sites */
    {"www.facebook.com", true, true, false},     {"twitter.com", true, true, false},
    {"mail.google.com", true, true, false},      {"www.nicovideo.jp", false, true, false},
    {"www.2ch.net", false, true, false},         {"www.dmm.com", false, true, false},
    {"www.pixiv.net", false, true, false},       {"mail.yahoo.co.jp", false, true, false},
};

static const site cdn_hosts[] = {
    {"s.yimg.jp", 0, false, false, false},
    {"i.yimg.jp", 0, false, false, false},
    {"www.google-analytics.com", 0, false, false, false},
    {"ajax.googleapis.com", 0, false, false, false},
    {"pagead2.googlesyndication.com", 0, false, false, false},
    {"googleads.g.doubleclick.net", 0, false, false, false},
    {"yads.yahoo.co.jp", 0, false, false, false},
    {"b.st-hatena.com", 0, false, false, false},
    {"platform.twitter.com", 0, true, false, false},
    {"connect.facebook.net", 0, true, false, false},
    {"fonts.googleapis.com", 0, true, false, false},
    {"code.jquery.com", 0, false, false, false},
    {"ssl.gstatic.com", 0, true, false, false},
    {"www.googletagservices.com", 0, false, false, false},
    {"cdn.syndication.twimg.com", 0, true, false, false},
};

uint32_t sites_addr(const char *host) {
    static const uint8_t first[] = {23, 31, 43, 49, 52, 54, 59, 60, 61, 101, 103, 104, 106, 110, 112, 113, 114,
                                    117, 118, 119, 121, 122, 124, 125, 126, 133, 150, 153, 157, 160, 163, 175,
                                    180, 182, 183, 202, 210, 211, 218, 219, 220, 221, 222};
    uint64_t h = mix64(hash_bytes(host, strlen(host), 0x51735));
    uint32_t a = first[h % sizeof first];
    return a << 24 | (uint32_t)((h >> 8) & 0xffff) << 8 | (uint32_t)(1 + (h >> 32) % 253);
}

static char *make_tail_name(arena *a, rng *r) {
    char name[96];
    const char *w1 = site_words[rng_below(r, site_words_count)];
    const char *w2 = site_words[rng_below(r, site_words_count)];
    const char *tld = site_tlds[rng_below(r, site_tlds_count)];
    int form = (int)rng_below(r, 5);
    if (form == 0) snprintf(name, sizeof name, "www.%s-%s%s", w1, w2, tld);
    else if (form == 1) snprintf(name, sizeof name, "%s%s%s", w1, w2, tld);
    else if (form == 2) snprintf(name, sizeof name, "www.%s%u%s", w1, (unsigned)rng_below(r, 100), tld);
    else if (form == 3) snprintf(name, sizeof name, "%s.%s-%s%s", w2, w1, w2, tld);
    else snprintf(name, sizeof name, "www.%s%s%s", w1, w2, tld);
    return arena_strdup(a, name);
}

void sites_init(sites *s, uint64_t seed, uint32_t terminals) {
    memset(s, 0, sizeof *s);
    arena_init(&s->mem, 64 * 1024);
    uint64_t tail = 2500 + (uint64_t)terminals * 4;
    if (tail > 60000) tail = 60000;
    size_t nk = sizeof known / sizeof known[0];
    s->n = (uint32_t)(nk + tail);
    s->v = xcalloc(s->n, sizeof *s->v);
    s->cdf = xcalloc(s->n, sizeof *s->cdf);
    for (size_t i = 0; i < nk; i++) {
        s->v[i].host = known[i].host;
        s->v[i].https = known[i].https;
        s->v[i].blocked = known[i].blocked;
        s->v[i].search = known[i].search;
    }
    rng r;
    rng_seed(&r, seed, 0x517e5);
    for (uint32_t i = (uint32_t)nk; i < s->n; i++) {
        s->v[i].host = make_tail_name(&s->mem, &r);
        s->v[i].https = rng_chance(&r, 0.25);
    }
    double total = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        s->v[i].ip = sites_addr(s->v[i].host);
        /* the blocked sites are popular but sit a little lower in the ranking */
        double w = 1.0 / pow((double)i + 2.0, 1.05);
        if (s->v[i].blocked) w *= 0.15;
        total += w;
        s->cdf[i] = total;
    }
    for (uint32_t i = 0; i < s->n; i++) s->cdf[i] /= total;
    s->cdf[s->n - 1] = 1.0;
    s->cdn = cdn_hosts;
    s->ncdn = sizeof cdn_hosts / sizeof cdn_hosts[0];
}

void sites_free(sites *s) {
    free(s->v);
    free(s->cdf);
    arena_free(&s->mem);
}

const site *sites_pick(const sites *s, rng *r) {
    double x = rng_unit(r);
    uint32_t lo = 0, hi = s->n - 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->cdf[mid] > x) hi = mid;
        else lo = mid + 1;
    }
    return &s->v[lo];
}

const site *sites_at(const sites *s, uint32_t i) { return &s->v[i % s->n]; }

const site *sites_cdn(const sites *s, rng *r) { return &s->cdn[rng_below(r, s->ncdn)]; }

static const char *const queries[] = {
    /* percent-encoded UTF-8, as browsers send them */
    "%E5%B9%B4%E9%87%91",                                   /* 年金 */
    "%E5%8E%9A%E7%94%9F%E5%B9%B4%E9%87%91",                 /* 厚生年金 */
    "%E5%A4%A9%E6%B0%97",                                   /* 天気 */
    "%E4%B9%97%E6%8F%9B%E6%A1%88%E5%86%85",                 /* 乗換案内 */
    "%E9%83%B5%E4%BE%BF%E7%95%AA%E5%8F%B7",                 /* 郵便番号 */
    "excel+vlookup", "windows+update+%E3%82%A8%E3%83%A9%E3%83%BC", "pdf+%E5%A4%89%E6%8F%9B",
    "%E7%A5%9D%E6%97%A5", "%E3%83%8B%E3%83%A5%E3%83%BC%E3%82%B9",
};

void sites_page_path(const site *st, rng *r, int64_t t, char *out, char *query) {
    query[0] = 0;
    if (st->search) {
        strcpy(out, "/search");
        snprintf(query, 80, "q=%s&ie=UTF-8", queries[rng_below(r, sizeof queries / sizeof queries[0])]);
        return;
    }
    int form = (int)rng_below(r, 6);
    const char *w = site_words[rng_below(r, site_words_count)];
    switch (form) {
    case 0: strcpy(out, "/"); break;
    case 1: snprintf(out, 160, "/%s/", w); break;
    case 2: snprintf(out, 160, "/%s/%u.html", w, (unsigned)rng_range(r, 1000, 99999)); break;
    case 3: {
        char day[11];
        jst_date(t - (int64_t)rng_below(r, 20) * 86400000LL, day, false);
        snprintf(out, 160, "/news/%s/k1%09llu.html", day, (unsigned long long)rng_below(r, 1000000000));
        break;
    }
    case 4: snprintf(out, 160, "/article/%llu", (unsigned long long)rng_range(r, 100000, 9999999)); break;
    default:
        snprintf(out, 160, "/%s/index.php", w);
        snprintf(query, 80, "id=%u", (unsigned)rng_range(r, 1, 50000));
        break;
    }
}

void sites_resource_path(rng *r, char *out, const char **ctype) {
    char hex[9];
    rng_hex(r, hex, 8);
    hex[8] = 0;
    const char *w = site_words[rng_below(r, site_words_count)];
    switch (rng_below(r, 7)) {
    case 0: snprintf(out, 160, "/images/%s.jpg", hex), *ctype = "image/jpeg"; break;
    case 1: snprintf(out, 160, "/img/%s/%s.png", w, hex), *ctype = "image/png"; break;
    case 2: snprintf(out, 160, "/js/%s.js", w), *ctype = "application/javascript"; break;
    case 3: snprintf(out, 160, "/css/%s.css", w), *ctype = "text/css"; break;
    case 4: snprintf(out, 160, "/common/img/%s.gif", w), *ctype = "image/gif"; break;
    case 5: strcpy(out, "/favicon.ico"), *ctype = "image/x-icon"; break;
    default: snprintf(out, 160, "/images/%s_%s.jpg", w, hex), *ctype = "image/jpeg"; break;
    }
}
