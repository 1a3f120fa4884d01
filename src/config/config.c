/* config.c - reading mitsuke.conf and the shipped lists; see config.h.
 *
 * The parser is deliberately small: sections in brackets, `key = value`
 * lines, '#' comments on their own lines. Each key has one handler that
 * checks its value and says what is wrong with it; the caller gets
 * "FILE:LINE: message" and the run stops before reading any log, so a typo
 * never silently changes what a scan reports. */
#include "config/config.h"
#include "core/rules.h"
#include "core/util.h"
#include "detect/finding.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void default_scan_settings(scan_settings *s) {
    s->suspicious_severity = SEV_MEDIUM;
    s->beacon_min_requests = 12;
    s->beacon_min_strength = 0.6;
    s->auth_required_min = 5;
    s->denied_min = 10;
    s->errors_min = 10;
    s->exfil_min_bytes = 10ull * 1000 * 1000;
    s->exfil_baseline_factor = 20.0;
    s->exfil_group_terminals = 3;
    s->exfil_window_ms = 48ll * 3600 * 1000;
    s->service_min_terminals = 3;
    s->service_share = 0.3;
    s->new_after_ms = 24ll * 3600 * 1000;
    s->rare_terminals = 2;
    s->few_terminals = 10;
    s->session_min_requests = 50;
    s->offhours_min_requests = 20;
    s->longlived_hours = 12;
    s->hourly_max_terminals = 200;
    s->cells10_memory = 128ull * 1000 * 1000;
}

static void default_win_settings(win_settings *w) {
    w->spread_min_hosts = 5;
    w->spread_window_ms = 24ll * 3600 * 1000;
    w->fanout_min_hosts = 8;
    w->fanout_window_ms = 24ll * 3600 * 1000;
    w->fanout_server_sources = 10;
    w->explicit_min_hosts = 3;
    w->spray_min_accounts = 10;
    w->spray_window_ms = 3600ll * 1000;
    w->guess_min_failures = 20;
    w->guess_window_ms = 3600ll * 1000;
    w->correlate_ms = 300ll * 1000;
}

void config_defaults(config *c) {
    memset(c, 0, sizeof *c);
    vec_init(&c->internal, sizeof(cidr));
    vec_init(&c->proxies, sizeof(cidr));
    hostset_init(&c->org_domains);
    hostset_init(&c->allow_destinations);
    hostset_init(&c->dynamic_dns);
    hostset_init(&c->online_storage);
    strlist_init(&c->allow_agents);
    strlist_init(&c->tool_agents);
    arena_init(&c->mem, 4096);
    workhours_default(&c->work);
    default_scan_settings(&c->scan);
    c->readiness.security_span_warn_ms = 7ll * 24 * 3600 * 1000;
    c->readiness.security_span_target_ms = 90ll * 24 * 3600 * 1000;
    default_win_settings(&c->win);
    c->use_shipped_rules = true;
}

void config_free(config *c) {
    vec_free(&c->internal);
    vec_free(&c->proxies);
    hostset_free(&c->org_domains);
    hostset_free(&c->allow_destinations);
    hostset_free(&c->dynamic_dns);
    hostset_free(&c->online_storage);
    strlist_free(&c->allow_agents);
    strlist_free(&c->tool_agents);
    arena_free(&c->mem);
}

bool config_is_internal(const config *c, const ipaddr *ip) {
    if (!c || !c->internal_given) return true;
    for (size_t i = 0; i < c->internal.len; i++)
        if (cidr_contains(&VEC_AT(&c->internal, cidr, i), ip)) return true;
    return false;
}

bool config_is_proxy(const config *c, const ipaddr *ip) {
    if (!c) return false;
    for (size_t i = 0; i < c->proxies.len; i++)
        if (cidr_contains(&VEC_AT(&c->proxies, cidr, i), ip)) return true;
    return false;
}

/* ---- values ------------------------------------------------------------ */

static bool parse_scaled(sv s, double *out, char *unit) {
    char buf[64];
    s = sv_trim(s);
    if (!s.n || s.n >= sizeof buf) return false;
    sv_to_buf(s, buf, sizeof buf);
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || errno || !isfinite(v) || v < 0) return false;
    while (*end == ' ') end++;
    *unit = *end;
    if (*end) {
        const char *tail = end + 1; /* "10M", "10MB", "10MiB" */
        if (*tail && strcmp(tail, "B") && strcmp(tail, "iB")) return false;
    }
    *out = v;
    return true;
}

bool parse_bytes(sv s, uint64_t *out) {
    double v;
    char unit;
    if (!parse_scaled(s, &v, &unit)) return false;
    switch (unit) {
    case 0: case 'B': case 'b': break;
    case 'k': case 'K': v *= 1e3; break;
    case 'm': case 'M': v *= 1e6; break;
    case 'g': case 'G': v *= 1e9; break;
    case 't': case 'T': v *= 1e12; break;
    default: return false;
    }
    if (v > 1.8e19) return false;
    *out = (uint64_t)v;
    return true;
}

bool parse_duration_ms(sv s, int64_t *out) {
    double v;
    char unit;
    if (!parse_scaled(s, &v, &unit)) return false;
    switch (unit) {
    case 's': v *= 1e3; break;
    case 'm': v *= 60e3; break;
    case 'h': v *= 3600e3; break;
    case 'd': v *= 86400e3; break;
    default: return false;
    }
    if (v > 9e15) return false;
    *out = (int64_t)v;
    return true;
}

/* ---- the file ------------------------------------------------------------ */

typedef struct reader {
    config *c;
    const char *path;
    char dir[512];      /* the file's folder, for relative list paths */
    long line;
    char *err;
    size_t errlen;
} reader;

static bool fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool fail(reader *r, const char *fmt, ...) {
    int n = snprintf(r->err, r->errlen, "%s:%ld: ", r->path, r->line);
    if (n < 0 || (size_t)n >= r->errlen) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
    va_end(ap);
    return false;
}

/* Items of a list value, separated by commas and/or spaces. */
static bool next_item(sv *rest, sv *item) {
    size_t i = 0;
    while (i < rest->n && (rest->p[i] == ',' || rest->p[i] == ' ' || rest->p[i] == '\t')) i++;
    size_t j = i;
    while (j < rest->n && rest->p[j] != ',' && rest->p[j] != ' ' && rest->p[j] != '\t') j++;
    if (i == j) return false;
    *item = sv_sub(*rest, i, j);
    *rest = sv_sub(*rest, j, rest->n);
    return true;
}

static bool cidr_list(reader *r, vec *out, sv value) {
    sv item;
    while (next_item(&value, &item)) {
        cidr c;
        if (!cidr_parse(item, &c)) return fail(r, "'%.*s' is not an address or CIDR range", SV_ARG(item));
        *(cidr *)vec_push(out) = c;
    }
    return true;
}

static bool host_list(reader *r, hostset *out, sv value) {
    sv item;
    char origin[600];
    snprintf(origin, sizeof origin, "%s:%ld", r->path, r->line);
    while (next_item(&value, &item)) {
        const char *why = NULL;
        if (!hostset_add(out, item, origin, &why)) return fail(r, "'%.*s': %s", SV_ARG(item), why);
    }
    return true;
}

/* A path relative to the config file's folder. Returns false (after saying
 * so) when the result would not fit: a cut path could name another file. */
static bool resolve_path(reader *r, sv value, char *buf, size_t size) {
    int n = value.n && value.p[0] == '/' ? snprintf(buf, size, "%.*s", SV_ARG(value))
            : r->dir[0]                  ? snprintf(buf, size, "%s/%.*s", r->dir, SV_ARG(value))
                                         : snprintf(buf, size, "%.*s", SV_ARG(value));
    if (n < 0 || (size_t)n >= size) return fail(r, "path too long: '%.*s'", SV_ARG(value));
    return true;
}

static bool yes_no(reader *r, sv value, bool *out) {
    if (sv_eq(value, SV("yes")) || sv_eq(value, SV("true")) || sv_eq(value, SV("on")) || sv_eq(value, SV("1")))
        return *out = true, true;
    if (sv_eq(value, SV("no")) || sv_eq(value, SV("false")) || sv_eq(value, SV("off")) || sv_eq(value, SV("0")))
        return *out = false, true;
    return fail(r, "'%.*s': use yes or no", SV_ARG(value));
}

static bool count_value(reader *r, sv value, uint32_t *out, uint32_t min) {
    uint64_t v;
    if (!sv_to_u64(value, &v) || v < min || v > UINT32_MAX)
        return fail(r, "'%.*s': give a whole number of at least %u", SV_ARG(value), min);
    *out = (uint32_t)v;
    return true;
}

static bool fraction_value(reader *r, sv value, double *out) {
    double v;
    if (!sv_to_double(value, &v) || !(v >= 0 && v <= 1))
        return fail(r, "'%.*s': give a number between 0 and 1", SV_ARG(value));
    *out = v;
    return true;
}

static bool section_network(reader *r, sv key, sv value) {
    config *c = r->c;
    if (sv_eq(key, SV("internal"))) {
        c->internal_given = true;
        return cidr_list(r, &c->internal, value);
    }
    if (sv_eq(key, SV("proxies")) || sv_eq(key, SV("proxy"))) return cidr_list(r, &c->proxies, value);
    return fail(r, "unknown key '%.*s' in [network] (internal, proxies)", SV_ARG(key));
}

static bool section_organisation(reader *r, sv key, sv value) {
    if (sv_eq(key, SV("domains")) || sv_eq(key, SV("domain"))) return host_list(r, &r->c->org_domains, value);
    return fail(r, "unknown key '%.*s' in [organisation] (domains)", SV_ARG(key));
}

static bool section_time(reader *r, sv key, sv value) {
    workhours *w = &r->c->work;
    if (sv_eq(key, SV("timezone")) || sv_eq(key, SV("zone"))) {
        char z[64];
        if (value.n >= sizeof z || !workhours_set_zone(w, sv_to_buf(value, z, sizeof z)))
            return fail(r, "unknown time zone '%.*s' (use UTC, JST, +09:00 or a name like Asia/Tokyo)", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("working_hours"))) {
        if (!workhours_set_hours(w, value)) return fail(r, "'%.*s': write hours as 08:30-18:30", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("working_days"))) {
        if (!workhours_set_days(w, value))
            return fail(r, "'%.*s': write days as mon-fri or mon,tue,wed", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("holidays"))) {
        sv item;
        while (next_item(&value, &item))
            if (!workhours_add_holiday(w, item))
                return fail(r, "'%.*s': write dates as 2015-05-06 (at most %d holidays)", SV_ARG(item),
                            WORKHOURS_MAX_HOLIDAYS);
        return true;
    }
    return fail(r, "unknown key '%.*s' in [time] (timezone, working_hours, working_days, holidays)", SV_ARG(key));
}

static bool section_allow(reader *r, sv key, sv value) {
    config *c = r->c;
    char path[1024], err[700];
    if (sv_eq(key, SV("destinations")) || sv_eq(key, SV("destination")))
        return host_list(r, &c->allow_destinations, value);
    if (sv_eq(key, SV("destinations_file"))) {
        if (!resolve_path(r, value, path, sizeof path)) return false;
        if (hostset_load_file(&c->allow_destinations, path, err, sizeof err) < 0)
            return fail(r, "%s", err);
        return true;
    }
    if (sv_eq(key, SV("user_agent"))) {
        char origin[600];
        snprintf(origin, sizeof origin, "%s:%ld", r->path, r->line);
        strlist_add(&c->allow_agents, value, origin);
        return true;
    }
    if (sv_eq(key, SV("user_agents_file"))) {
        if (!resolve_path(r, value, path, sizeof path)) return false;
        if (strlist_load_file(&c->allow_agents, path, err, sizeof err) < 0)
            return fail(r, "%s", err);
        return true;
    }
    return fail(r, "unknown key '%.*s' in [allow] (destinations, destinations_file, user_agent, user_agents_file)",
                SV_ARG(key));
}

static bool section_rules(reader *r, sv key, sv value) {
    if (sv_eq(key, SV("shipped"))) return yes_no(r, value, &r->c->use_shipped_rules);
    if (sv_eq(key, SV("dir"))) {
        char path[sizeof r->c->rules_dir];
        if (!resolve_path(r, value, path, sizeof path)) return false;
        memcpy(r->c->rules_dir, path, sizeof path);
        return true;
    }
    return fail(r, "unknown key '%.*s' in [rules] (shipped, dir)", SV_ARG(key));
}

static bool section_scan(reader *r, sv key, sv value) {
    scan_settings *s = &r->c->scan;
    if (sv_eq(key, SV("suspicious"))) {
        char v[16];
        int sev = value.n < sizeof v ? severity_parse(sv_to_buf(value, v, sizeof v)) : -1;
        if (sev < SEV_LOW) return fail(r, "'%.*s': use low, medium, high or critical", SV_ARG(value));
        s->suspicious_severity = sev;
        return true;
    }
    if (sv_eq(key, SV("beacon_min_requests"))) return count_value(r, value, &s->beacon_min_requests, 4);
    if (sv_eq(key, SV("beacon_min_strength"))) return fraction_value(r, value, &s->beacon_min_strength);
    if (sv_eq(key, SV("auth_required_min"))) return count_value(r, value, &s->auth_required_min, 1);
    if (sv_eq(key, SV("denied_min"))) return count_value(r, value, &s->denied_min, 1);
    if (sv_eq(key, SV("errors_min"))) return count_value(r, value, &s->errors_min, 1);
    if (sv_eq(key, SV("exfil_min_bytes"))) {
        if (!parse_bytes(value, &s->exfil_min_bytes)) return fail(r, "'%.*s': give a size like 10M", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("exfil_baseline_factor"))) {
        if (!sv_to_double(value, &s->exfil_baseline_factor) || !(s->exfil_baseline_factor >= 1))
            return fail(r, "'%.*s': give a number of at least 1", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("exfil_group_terminals"))) return count_value(r, value, &s->exfil_group_terminals, 2);
    if (sv_eq(key, SV("exfil_window"))) {
        if (!parse_duration_ms(value, &s->exfil_window_ms) || s->exfil_window_ms <= 0)
            return fail(r, "'%.*s': give a duration like 48h", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("service_min_terminals"))) return count_value(r, value, &s->service_min_terminals, 2);
    if (sv_eq(key, SV("service_share"))) return fraction_value(r, value, &s->service_share);
    if (sv_eq(key, SV("new_after"))) {
        if (!parse_duration_ms(value, &s->new_after_ms)) return fail(r, "'%.*s': give a duration like 24h or 7d", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("rare_terminals"))) return count_value(r, value, &s->rare_terminals, 1);
    if (sv_eq(key, SV("few_terminals"))) return count_value(r, value, &s->few_terminals, 1);
    if (sv_eq(key, SV("session_min_requests"))) return count_value(r, value, &s->session_min_requests, 10);
    if (sv_eq(key, SV("offhours_min_requests"))) return count_value(r, value, &s->offhours_min_requests, 1);
    if (sv_eq(key, SV("longlived_hours"))) {
        if (!count_value(r, value, &s->longlived_hours, 2)) return false;
        if (s->longlived_hours > 255) return fail(r, "'%.*s': at most 255 hours", SV_ARG(value));
        return true;
    }
    if (sv_eq(key, SV("hourly_max_terminals"))) return count_value(r, value, &s->hourly_max_terminals, 1);
    if (sv_eq(key, SV("cells10_memory"))) {
        if (!parse_bytes(value, &s->cells10_memory)) return fail(r, "'%.*s': give a size like 128M", SV_ARG(value));
        return true;
    }
    return fail(r, "unknown key '%.*s' in [scan] (see docs/config.md)", SV_ARG(key));
}

static bool duration_value(reader *r, sv value, int64_t *out) {
    if (!parse_duration_ms(value, out) || *out <= 0) return fail(r, "'%.*s': give a duration like 24h or 7d", SV_ARG(value));
    return true;
}

static bool section_winlog(reader *r, sv key, sv value) {
    win_settings *w = &r->c->win;
    if (sv_eq(key, SV("spread_min_hosts"))) return count_value(r, value, &w->spread_min_hosts, 2);
    if (sv_eq(key, SV("spread_window"))) return duration_value(r, value, &w->spread_window_ms);
    if (sv_eq(key, SV("fanout_min_hosts"))) return count_value(r, value, &w->fanout_min_hosts, 2);
    if (sv_eq(key, SV("fanout_window"))) return duration_value(r, value, &w->fanout_window_ms);
    if (sv_eq(key, SV("fanout_server_sources"))) return count_value(r, value, &w->fanout_server_sources, 2);
    if (sv_eq(key, SV("explicit_min_hosts"))) return count_value(r, value, &w->explicit_min_hosts, 1);
    if (sv_eq(key, SV("spray_min_accounts"))) return count_value(r, value, &w->spray_min_accounts, 2);
    if (sv_eq(key, SV("spray_window"))) return duration_value(r, value, &w->spray_window_ms);
    if (sv_eq(key, SV("guess_min_failures"))) return count_value(r, value, &w->guess_min_failures, 3);
    if (sv_eq(key, SV("guess_window"))) return duration_value(r, value, &w->guess_window_ms);
    if (sv_eq(key, SV("correlate"))) return duration_value(r, value, &w->correlate_ms);
    return fail(r, "unknown key '%.*s' in [winlog] (see docs/config.md)", SV_ARG(key));
}

static bool section_readiness(reader *r, sv key, sv value) {
    readiness_settings *s = &r->c->readiness;
    int64_t *out = sv_eq(key, SV("security_span_warn"))     ? &s->security_span_warn_ms
                   : sv_eq(key, SV("security_span_target")) ? &s->security_span_target_ms
                                                            : NULL;
    if (!out)
        return fail(r, "unknown key '%.*s' in [readiness] (security_span_warn, security_span_target)", SV_ARG(key));
    return duration_value(r, value, out);
}

static bool read_file(reader *r, FILE *f) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    char section[32] = "";
    bool ok = true;
    while (ok && (got = getline(&line, &cap, f)) >= 0) {
        r->line++;
        sv l = sv_trim(sv_make(line, (size_t)got));
        if (r->line == 1 && sv_starts_with(l, SV("\xef\xbb\xbf"))) l = sv_trim(sv_sub(l, 3, l.n)); /* BOM */
        if (!l.n || l.p[0] == '#' || l.p[0] == ';') continue;
        if (l.p[0] == '[') {
            if (l.p[l.n - 1] != ']' || l.n < 3 || l.n - 2 >= sizeof section) {
                ok = fail(r, "a section is written [name]");
                break;
            }
            sv_to_buf(sv_trim(sv_sub(l, 1, l.n - 1)), section, sizeof section);
            if (strcmp(section, "network") && strcmp(section, "organisation") && strcmp(section, "organization") &&
                strcmp(section, "time") && strcmp(section, "allow") && strcmp(section, "rules") &&
                strcmp(section, "scan") && strcmp(section, "winlog") && strcmp(section, "readiness")) {
                ok = fail(r, "unknown section [%s] (network, organisation, time, allow, rules, scan, winlog, readiness)",
                          section);
                break;
            }
            continue;
        }
        ptrdiff_t eq = sv_find_char(l, '=');
        if (eq <= 0) {
            ok = fail(r, "expected `key = value`");
            break;
        }
        sv key = sv_trim(sv_sub(l, 0, (size_t)eq)), value = sv_trim(sv_sub(l, (size_t)eq + 1, l.n));
        if (value.n >= 2 && value.p[0] == '"' && value.p[value.n - 1] == '"') value = sv_sub(value, 1, value.n - 1);
        if (!section[0]) ok = fail(r, "'%.*s' comes before any [section]", SV_ARG(key));
        else if (!value.n) ok = fail(r, "'%.*s' has no value", SV_ARG(key));
        else if (!strcmp(section, "network")) ok = section_network(r, key, value);
        else if (!strcmp(section, "organisation") || !strcmp(section, "organization"))
            ok = section_organisation(r, key, value);
        else if (!strcmp(section, "time")) ok = section_time(r, key, value);
        else if (!strcmp(section, "allow")) ok = section_allow(r, key, value);
        else if (!strcmp(section, "rules")) ok = section_rules(r, key, value);
        else if (!strcmp(section, "readiness")) ok = section_readiness(r, key, value);
        else if (!strcmp(section, "winlog")) ok = section_winlog(r, key, value);
        else ok = section_scan(r, key, value);
    }
    free(line);
    return ok;
}

static bool is_dir(const char *p) {
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the shipped lists: [rules] dir, $MITSUKE_RULES, the installed
 * data folder, then the source tree (running from a build folder). */
static void find_rules_dir(config *c) {
    if (c->rules_dir[0]) return;
    const char *dir = rules_dir(NULL);
    if (is_dir(dir)) snprintf(c->rules_dir, sizeof c->rules_dir, "%s", dir);
}

static bool load_shipped(config *c, char *err, size_t errlen) {
    find_rules_dir(c);
    if (!c->rules_dir[0]) return true; /* nothing shipped here: defaults only */
    struct {
        const char *name;
        hostset *hosts;
        strlist *strs;
    } lists[] = {
        {"allow-destinations.txt", &c->allow_destinations, NULL},
        {"dynamic-dns.txt", &c->dynamic_dns, NULL},
        {"online-storage.txt", &c->online_storage, NULL},
        {"agents-benign.txt", NULL, &c->allow_agents},
        {"agents-tools.txt", NULL, &c->tool_agents},
    };
    for (size_t i = 0; i < ARRAY_LEN(lists); i++) {
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", c->rules_dir, lists[i].name);
        FILE *probe = fopen(path, "r");
        if (!probe) continue; /* a list may be left out on purpose */
        fclose(probe);
        long n = lists[i].hosts ? hostset_load_file(lists[i].hosts, path, err, errlen)
                                : strlist_load_file(lists[i].strs, path, err, errlen);
        if (n < 0) return false;
    }
    return true;
}

static bool read_named(config *c, const char *path, FILE *f, char *err, size_t errlen) {
    reader r = {.c = c, .path = path, .err = err, .errlen = errlen};
    snprintf(c->path, sizeof c->path, "%s", path);
    const char *slash = strrchr(path, '/');
    if (slash) snprintf(r.dir, sizeof r.dir, "%.*s", (int)(slash - path), path);
    return read_file(&r, f);
}

bool config_load_text(config *c, const char *name, const char *text, size_t len, char *err, size_t errlen) {
    if (!len) return true;
    FILE *f = fmemopen((void *)text, len, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        return false;
    }
    bool ok = read_named(c, name, f, err, errlen);
    fclose(f);
    return ok;
}

bool config_load(config *c, const char *path, char *err, size_t errlen) {
    char home[600] = "";
    const char *h = getenv("HOME");
    if (h && *h) snprintf(home, sizeof home, "%s/.config/mitsuke/mitsuke.conf", h);
    const char *defaults[] = {"mitsuke.conf", home, "/etc/mitsuke/mitsuke.conf"};
    FILE *f = NULL;
    if (path) {
        f = fopen(path, "r");
        if (!f) {
            snprintf(err, errlen, "%s: %s", path, strerror(errno));
            return false;
        }
    } else {
        for (size_t i = 0; i < ARRAY_LEN(defaults) && !f; i++)
            if (defaults[i][0] && (f = fopen(defaults[i], "r"))) path = defaults[i];
    }
    if (f) {
        bool ok = read_named(c, path, f, err, errlen);
        fclose(f);
        if (!ok) return false;
    }
    return !c->use_shipped_rules || load_shipped(c, err, errlen);
}
