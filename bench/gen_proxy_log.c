/* gen_proxy_log.c - writes a large, realistic web-proxy log for benchmarks.
 *
 *   gen_proxy_log squid|elff BYTES [SEED] > file
 *
 * squid: Squid native access.log lines (ten fields).
 * elff:  Blue Coat ProxySG ELFF (W3C extended) with the SGOS "main" #Fields
 *        header, repeated every million lines as concatenated uploads do.
 *
 * The mix is what a proxy in front of a few hundred office PCs logs: clients
 * and destinations with skewed popularity, about a third CONNECT tunnels,
 * caching results, redirects, 404s, 407 authentication challenges, policy
 * denials and upstream failures, query strings of varying length, the common
 * browser and updater User-Agents, times advancing through the days. It is
 * deterministic for a given seed. Standalone: not part of mitsuke's build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t next(void) { /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned below(unsigned n) { return (unsigned)((next() >> 32) * n >> 32); }
/* Skewed pick: small indexes much more often (popular hosts, busy clients). */
static unsigned skewed(unsigned n) {
    double u = (double)(next() >> 11) / 9007199254740992.0;
    return (unsigned)(u * u * u * n);
}

static const char *const words[] = {
    "news",     "mail",    "portal", "search",  "login",  "static",   "assets",  "images", "video",   "docs",
    "support",  "account", "shop",   "cart",    "api",    "v1",       "v2",      "user",   "profile", "settings",
    "download", "update",  "files",  "content", "media",  "js",       "css",     "img",    "blog",    "article",
    "2015",     "05",      "index",  "top",     "sports", "weather",  "economy", "it",     "tech",    "finance",
    "travel",   "health",  "cloud",  "storage", "share",  "calendar", "meeting",
};
static const char *const tlds[] = {".com",   ".jp",    ".co.jp", ".net", ".org",
                                   ".go.jp", ".ne.jp", ".or.jp", ".io",  ".info"};
static const char *const subs[] = {"www", "api", "cdn", "static", "img", "update", "login", "mail", "s", "ad", "m"};
static const char *const exts[] = {".html", ".js", ".css", ".png", ".jpg", ".gif", ".php", ".json", "", "/", ".aspx"};
static const char *const ctypes[] = {
    "text/html", "application/javascript", "text/css",  "image/png", "image/jpeg", "image/gif",
    "text/html", "application/json",       "text/html", "text/html", "text/html"};
static const char *const agents[] = {
    "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:37.0) Gecko/20100101 Firefox/37.0",
    "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; .NET CLR 2.0.50727)",
    "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; Touch; rv:11.0) like Gecko",
    "Microsoft-CryptoAPI/6.1",
    "Windows-Update-Agent/7.6.7600.320 Client-Protocol/1.21",
    "Microsoft BITS/7.5",
    "Java/1.8.0_45",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 8_3 like Mac OS X) AppleWebKit/600.1.4 (KHTML, like Gecko) Version/8.0 "
    "Mobile/12F70 Safari/600.1.4",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_3) AppleWebKit/600.5.17 (KHTML, like Gecko) Version/8.0.5 "
    "Safari/600.5.17",
    "Adobe Update Manager 9.0",
    "Microsoft Office/15.0 (Windows NT 6.1; Microsoft Outlook 15.0.4711; Pro)",
};
static const char *const categories[] = {
    "Technology/Internet", "News/Media",       "Business/Economy",  "Search Engines/Portals", "Web Ads/Analytics",
    "Software Downloads",  "Government/Legal", "Social Networking", "Uncategorized",          "Content Servers"};

#define NHOSTS 3000
#define NCLIENTS 800
static char hosts[NHOSTS][64];
static unsigned host_ip[NHOSTS];

static void make_hosts(void) {
    for (unsigned i = 0; i < NHOSTS; i++) {
        if (i % 97 == 96) { /* some requests go to bare addresses */
            snprintf(hosts[i], sizeof hosts[i], "%u.%u.%u.%u", 1 + below(222), below(256), below(256), 1 + below(254));
        } else {
            snprintf(hosts[i], sizeof hosts[i], "%s.%s%s%s", subs[below(sizeof subs / sizeof *subs)],
                     words[below(sizeof words / sizeof *words)], words[below(sizeof words / sizeof *words)],
                     tlds[below(sizeof tlds / sizeof *tlds)]);
        }
        host_ip[i] = (unsigned)next();
    }
}

typedef struct request {
    unsigned client, host, port, status, elapsed;
    long long bytes_in, bytes_out;
    const char *method, *action, *scheme, *ctype, *agent, *bc_action, *filter;
    char path[512], query[512];
    char user[16];
    int hier; /* 0 direct, 1 none, 2 parent */
} request;

static void make_path(request *r) {
    size_t o = 0;
    unsigned depth = 1 + below(4);
    for (unsigned d = 0; d < depth; d++)
        o += (size_t)snprintf(r->path + o, sizeof r->path - o, "/%s", words[skewed(sizeof words / sizeof *words)]);
    unsigned e = below(sizeof exts / sizeof *exts);
    snprintf(r->path + o, sizeof r->path - o, "%s", exts[e]);
    r->ctype = ctypes[e];
    r->query[0] = 0;
    if (below(100) < 30) {
        size_t q = 0;
        unsigned params = 1 + skewed(8);
        for (unsigned k = 0; k < params && q < sizeof r->query - 64; k++)
            q += (size_t)snprintf(r->query + q, sizeof r->query - q, "%s%s=%llx", k ? "&" : "",
                                  words[below(sizeof words / sizeof *words)],
                                  (unsigned long long)(next() >> (below(48))));
    }
}

static void make_request(request *r) {
    r->client = skewed(NCLIENTS);
    r->host = skewed(NHOSTS);
    r->agent = agents[skewed(sizeof agents / sizeof *agents)];
    r->elapsed = 1 + skewed(3000) + (below(100) < 2 ? below(60000) : 0);
    r->bytes_out = 300 + below(900);
    r->hier = 0;
    r->filter = "OBSERVED";
    r->user[0] = 0;
    if (below(100) < 20) snprintf(r->user, sizeof r->user, "u%05u", r->client * 7 % 10000);
    unsigned kind = below(1000);
    if (kind < 340) { /* CONNECT tunnel */
        r->method = "CONNECT";
        r->scheme = "tcp";
        r->port = 443;
        r->path[0] = r->query[0] = 0;
        r->status = 200;
        r->action = "TCP_TUNNEL";
        r->bc_action = "TCP_TUNNELED";
        r->ctype = "-";
        r->bytes_in = 2000 + (long long)skewed(5000000);
        r->bytes_out = 500 + (long long)skewed(200000);
        r->elapsed += below(120000);
        if (kind < 12) { /* proxy authentication challenge */
            r->status = 407, r->action = "TCP_DENIED", r->bc_action = "TCP_DENIED", r->filter = "DENIED";
            r->bytes_in = 3900, r->hier = 1, r->user[0] = 0;
        }
        return;
    }
    r->method = kind < 900 ? "GET" : kind < 985 ? "POST" : "HEAD";
    r->scheme = "http";
    r->port = 80;
    make_path(r);
    r->bytes_in = 200 + (long long)skewed(300000);
    unsigned s = below(1000);
    if (s < 640)
        r->status = 200, r->action = "TCP_MISS", r->bc_action = "TCP_NC_MISS";
    else if (s < 740)
        r->status = 200, r->action = "TCP_HIT", r->bc_action = "TCP_HIT";
    else if (s < 820)
        r->status = 304, r->action = "TCP_REFRESH_UNMODIFIED", r->bc_action = "TCP_HIT", r->bytes_in = 250;
    else if (s < 870)
        r->status = 302, r->action = "TCP_MISS", r->bc_action = "TCP_NC_MISS", r->bytes_in = 420;
    else if (s < 910)
        r->status = 404, r->action = "TCP_MISS", r->bc_action = "TCP_NC_MISS", r->bytes_in = 1200;
    else if (s < 950) {
        r->status = 407, r->action = "TCP_DENIED", r->bc_action = "TCP_DENIED", r->filter = "DENIED";
        r->bytes_in = 3900, r->hier = 1, r->user[0] = 0;
    } else if (s < 975) {
        r->status = 403, r->action = "TCP_DENIED", r->bc_action = "TCP_DENIED", r->filter = "DENIED";
        r->bytes_in = 3500, r->hier = 1;
    } else if (s < 990)
        r->status = 503, r->action = "TCP_MISS", r->bc_action = "TCP_ERR_MISS", r->bytes_in = 4000, r->hier = 1;
    else
        r->status = 200, r->action = "TCP_MISS", r->bc_action = "TCP_NC_MISS", r->hier = 2;
    if (r->action[4] == 'H') r->hier = 1;
}

static int write_squid(FILE *out, double t, const request *r) {
    const char *h = hosts[r->host];
    unsigned ip = host_ip[r->host];
    char url[1200], hier[64];
    if (r->port == 443)
        snprintf(url, sizeof url, "%s:443", h);
    else
        snprintf(url, sizeof url, "http://%s%s%s%s", h, r->path, r->query[0] ? "?" : "", r->query);
    if (r->hier == 1)
        snprintf(hier, sizeof hier, "HIER_NONE/-");
    else if (r->hier == 2)
        snprintf(hier, sizeof hier, "FIRSTUP_PARENT/10.0.0.1");
    else
        snprintf(hier, sizeof hier, "HIER_DIRECT/%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
    return fprintf(out, "%.3f %6u 10.%u.%u.%u %s/%03u %lld %s %s %s %s %s\n", t, r->elapsed, 10 + r->client / 256 % 4,
                   r->client % 256, 1 + r->client * 31 % 254, r->action, r->status, r->bytes_in, r->method, url,
                   r->user[0] ? r->user : "-", hier, r->ctype);
}

static int elff_header(FILE *out, double t) {
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    char d[32];
    strftime(d, sizeof d, "%Y-%m-%d %H:%M:%S", &tm);
    return fprintf(out,
                   "#Software: SGOS 6.5.7.6\n#Version: 1.0\n#Start-Date: %s\n#Date: %s\n"
                   "#Fields: date time time-taken c-ip sc-status s-action sc-bytes cs-bytes cs-method cs-uri-scheme "
                   "cs-host cs-uri-port cs-uri-path cs-uri-query cs-username cs-auth-group s-hierarchy s-supplier-name "
                   "rs(Content-Type) cs(Referer) cs(User-Agent) sc-filter-result cs-categories x-virus-id s-ip\n"
                   "#Remark: 4912345678 \"proxysg01\" \"10.0.0.2\" \"main\"\n",
                   d, d);
}

static int write_elff(FILE *out, double t, const request *r) {
    time_t s = (time_t)t;
    struct tm tm;
    gmtime_r(&s, &tm);
    unsigned ip = host_ip[r->host];
    char supplier[32] = "-", referer[600] = "-";
    if (r->hier != 1)
        snprintf(supplier, sizeof supplier, "%u.%u.%u.%u", ip >> 24, ip >> 16 & 255, ip >> 8 & 255, ip & 255);
    if (r->port == 80 && below(100) < 60) snprintf(referer, sizeof referer, "http://%s/", hosts[skewed(NHOSTS)]);
    return fprintf(out,
                   "%04d-%02d-%02d %02d:%02d:%02d %u 10.%u.%u.%u %u %s %lld %lld %s %s %s %u %s %s%s %s - %s %s %s %s "
                   "\"%s\" %s \"%s\" - 10.0.0.2\n",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, r->elapsed,
                   10 + r->client / 256 % 4, r->client % 256, 1 + r->client * 31 % 254, r->status, r->bc_action,
                   r->bytes_in, r->bytes_out, r->method, r->scheme, hosts[r->host], r->port, r->path[0] ? r->path : "/",
                   r->query[0] ? "?" : "-", r->query, r->user[0] ? r->user : "-",
                   r->hier == 1   ? "-"
                   : r->hier == 2 ? "FIRSTUP_PARENT"
                                  : "DIRECT",
                   supplier, r->ctype, referer, r->agent, r->filter,
                   categories[skewed(sizeof categories / sizeof *categories)]);
}

int main(int argc, char **argv) {
    if (argc < 3 || (strcmp(argv[1], "squid") && strcmp(argv[1], "elff"))) {
        fprintf(stderr, "usage: gen_proxy_log squid|elff BYTES [SEED] > file\n");
        return 2;
    }
    int elff = !strcmp(argv[1], "elff");
    unsigned long long want = strtoull(argv[2], NULL, 10);
    if (argc > 3) { /* splitmix64 of the seed: never the all-zero state xorshift cannot leave */
        uint64_t z = strtoull(argv[3], NULL, 10) + 0x9e3779b97f4a7c15ull;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        rng_state = (z ^ (z >> 31)) | 1;
    }
    make_hosts();
    static char obuf[1 << 20];
    setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
    double t = 1431043200.0; /* 2015-05-08 00:00 UTC */
    request r;
    unsigned long long lines = 0, pos = 0;
    while (pos < want) {
        if (elff && lines % 1000000 == 0) pos += (unsigned)elff_header(stdout, t);
        make_request(&r);
        /* about 50 requests a second by day, 5 at night (UTC+9) */
        int hour = (int)((long long)(t + 9 * 3600) / 3600 % 24);
        double rate = hour >= 8 && hour < 20 ? 50.0 : 5.0;
        t += (double)(next() >> 11) / 9007199254740992.0 * 2.0 / rate;
        int n = elff ? write_elff(stdout, t, &r) : write_squid(stdout, t, &r);
        if (n < 0) return 1;
        pos += (unsigned)n;
        lines++;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
