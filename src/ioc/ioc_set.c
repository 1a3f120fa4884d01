/* ioc_set.c - checking, normalising and storing indicators; see ioc.h.
 *
 * Each type has an add_* function that takes the raw value, refangs it where
 * that makes sense (host names and URLs, not paths or User-Agents), checks it
 * and builds the canonical value and the matcher's key. ioc_add_named maps the
 * type vocabularies of MISP, OTX, abuse.ch and STIX onto these functions. */
#include "ioc/ioc.h"
#include "core/utf8.h"
#include "formats/url.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const type_names[IOC_NTYPES] = {"domain", "ip", "cidr", "url", "path", "user-agent",
                                                   "user-agent-part"};

const char *ioc_type_name(ioc_type t) { return t >= 0 && t < IOC_NTYPES ? type_names[t] : "unknown"; }

void ioc_set_init(ioc_set *s) {
    vec_init(&s->items, sizeof(ioc));
    hmap_init(&s->seen);
    hmap_init(&s->unsupported_types);
    arena_init(&s->mem, 256 * 1024);
    memset(s->loaded, 0, sizeof s->loaded);
    s->bad = s->duplicates = s->unsupported = s->excluded = 0;
}

void ioc_set_free(ioc_set *s) {
    vec_free(&s->items);
    hmap_free(&s->seen);
    hmap_free(&s->unsupported_types);
    arena_free(&s->mem);
}

/* ---- small text helpers ---- */

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

long ioc_refang(sv in, char *out, size_t cap) {
    static const struct {
        const char *from, *to;
    } subs[] = {{"[.]", "."}, {"(.)", "."}, {"{.}", "."}, {"[dot]", "."}, {"(dot)", "."},
                {"[:]", ":"}, {"[/]", "/"}, {"[://]", "://"}, {"[@]", "@"}};
    size_t o = 0, i = 0;
    if (sv_case_starts_with(in, SV("hxxp"))) { /* hxxp://, hxxps:// */
        if (cap < 5) return -1;
        memcpy(out, in.p[0] == 'H' ? "HTTP" : "http", 4);
        o = i = 4;
    }
    while (i < in.n) {
        bool replaced = false;
        if (in.p[i] == '[' || in.p[i] == '(' || in.p[i] == '{') {
            for (size_t k = 0; k < sizeof subs / sizeof subs[0]; k++) {
                sv from = sv_cstr(subs[k].from);
                if (sv_case_starts_with(sv_sub(in, i, in.n), from)) {
                    size_t tl = strlen(subs[k].to);
                    if (o + tl >= cap) return -1;
                    memcpy(out + o, subs[k].to, tl);
                    o += tl, i += from.n;
                    replaced = true;
                    break;
                }
            }
        }
        if (replaced) continue;
        if (o + 1 >= cap) return -1;
        out[o++] = in.p[i++];
    }
    out[o] = 0;
    return (long)o;
}

long ioc_canonical_host(sv host, char *out, size_t cap) {
    if (host.n >= 2 && host.p[0] == '[' && host.p[host.n - 1] == ']') host = sv_sub(host, 1, host.n - 1);
    if (host.n && host.p[host.n - 1] == '.') host.n--;
    if (memchr(host.p ? host.p : "", ':', host.n)) { /* IPv6 literal */
        ipaddr ip;
        if (ip_parse(host, &ip) && ip.family == 6) {
            char tmp[IP_STRLEN];
            ip_format(&ip, tmp);
            size_t n = strlen(tmp);
            if (n >= cap) return -1;
            memcpy(out, tmp, n + 1);
            return (long)n;
        }
    }
    if (host.n >= cap) return -1;
    for (size_t i = 0; i < host.n; i++) out[i] = lower(host.p[i]);
    out[host.n] = 0;
    return (long)host.n;
}

static bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Checks a lowercase host name. need_dot: reject single-label names. */
static const char *check_domain(sv d, bool need_dot) {
    if (!d.n) return "empty host name";
    if (d.n > 253) return "host name longer than 253 characters";
    size_t label = 0, last_start = 0;
    bool dot = false;
    for (size_t i = 0; i < d.n; i++) {
        char c = d.p[i];
        if (c == '.') {
            if (!label) return "empty label in host name";
            label = 0, dot = true, last_start = i + 1;
            continue;
        }
        if ((unsigned char)c >= 0x80) return "non-ASCII host name: give its xn-- (punycode) form";
        if (!is_host_char(c)) return "character not allowed in a host name";
        if (++label > 63) return "label longer than 63 characters in host name";
    }
    if (!label) return "empty label in host name";
    if (need_dot && !dot) return "a domain needs a dot (write domain:NAME for a one-label name)";
    bool digits = true;
    for (size_t i = last_start; i < d.n; i++)
        if (!isdigit((unsigned char)d.p[i])) digits = false;
    if (dot && digits) return "not a host name (ends in a number) nor an IP address";
    return NULL;
}

/* A plausible top-level label: two or more letters, or an xn-- name. */
static bool plausible_tld(sv d) {
    ptrdiff_t dot = sv_rfind_char(d, '.');
    sv tld = dot < 0 ? d : sv_sub(d, (size_t)dot + 1, d.n);
    if (sv_case_starts_with(tld, SV("xn--"))) return true;
    if (tld.n < 2) return false;
    for (size_t i = 0; i < tld.n; i++)
        if (!isalpha((unsigned char)tld.p[i])) return false;
    return true;
}

static bool has_space_or_ctl(sv s) {
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] <= 0x20 || s.p[i] == 0x7f) return true;
    return false;
}

/* ---- storing ---- */

static ioc_add_result store(ioc_set *s, ioc *tmpl, const char *origin, sv label) {
    char dkey[2 * IOC_MAX_VALUE];
    size_t vlen = strlen(tmpl->value);
    if (vlen + 1 >= sizeof dkey) {
        s->bad++;
        return IOC_BAD;
    }
    dkey[0] = (char)('0' + tmpl->type);
    memcpy(dkey + 1, tmpl->value, vlen);
    bool created;
    hmap_slot *slot = hmap_put(&s->seen, sv_make(dkey, vlen + 1), &created);
    if (!created) {
        s->duplicates++;
        return IOC_DUPLICATE;
    }
    slot->val.u64 = s->items.len;
    ioc *it = vec_push(&s->items);
    *it = *tmpl;
    it->value = arena_strdup(&s->mem, tmpl->value);
    it->key = arena_strndup(&s->mem, tmpl->key, tmpl->key_len);
    it->origin = arena_strdup(&s->mem, origin ? origin : "");
    label = sv_trim(label);
    it->label = label.n ? arena_strndup(&s->mem, label.p, utf8_truncate(label.p, label.n, IOC_MAX_LABEL)) : NULL;
    s->loaded[tmpl->type]++;
    return IOC_ADDED;
}

static ioc_add_result bad(ioc_set *s, const char **why, const char *reason) {
    s->bad++;
    if (why) *why = reason;
    return IOC_BAD;
}

/* ip, ip:port, [v6]:port, CIDR. */
static ioc_add_result add_ip(ioc_set *s, sv v, const char *origin, sv label, const char **why) {
    char buf[IOC_MAX_VALUE];
    long n = ioc_refang(v, buf, sizeof buf);
    if (n < 0) return bad(s, why, "value too long");
    sv t = sv_trim(sv_make(buf, (size_t)n));
    ioc it = {0};
    char value[IP_STRLEN + 16];
    if (sv_find_char(t, '/') >= 0) {
        if (!cidr_parse(t, &it.net)) return bad(s, why, "not an IP address or CIDR range");
        bool full = it.net.prefix == 128;
        it.type = full ? IOC_IP : IOC_CIDR;
        if (full) ip_format(&it.net.addr, value);
        else cidr_format(&it.net, value);
    } else {
        sv host = t;
        int32_t port = 0;
        if (!ip_parse(t, &it.net.addr)) {
            host_port_split(t, &host, &port);
            if (!port || !ip_parse(host, &it.net.addr)) return bad(s, why, "not an IP address");
        }
        it.net.prefix = 128;
        it.type = IOC_IP;
        it.port = (uint16_t)port;
        char ip[IP_STRLEN];
        ip_format(&it.net.addr, ip);
        if (!port) snprintf(value, sizeof value, "%s", ip);
        else if (it.net.addr.family == 6) snprintf(value, sizeof value, "[%s]:%d", ip, (int)port);
        else snprintf(value, sizeof value, "%s:%d", ip, (int)port);
    }
    it.value = value;
    it.key = (const char *)it.net.addr.b;
    it.key_len = 16;
    return store(s, &it, origin, label);
}

/* name or name:port; an IP address given as a domain goes to add_ip. */
static ioc_add_result add_domain(ioc_set *s, sv v, const char *origin, sv label, const char **why) {
    char buf[IOC_MAX_VALUE];
    long n = ioc_refang(v, buf, sizeof buf);
    if (n < 0) return bad(s, why, "value too long");
    sv t = sv_trim(sv_make(buf, (size_t)n));
    if (sv_starts_with(t, SV("*."))) t = sv_sub(t, 2, t.n);
    ipaddr ip;
    sv host;
    int32_t port;
    host_port_split(t, &host, &port);
    if (ip_parse(host, &ip)) return add_ip(s, t, origin, label, why);
    char name[256];
    long hn = ioc_canonical_host(host, name, sizeof name);
    if (hn < 0) return bad(s, why, "host name longer than 253 characters");
    const char *err = check_domain(sv_make(name, (size_t)hn), false);
    if (err) return bad(s, why, err);
    char value[300];
    if (port) snprintf(value, sizeof value, "%s:%d", name, (int)port);
    else snprintf(value, sizeof value, "%s", name);
    ioc it = {.type = IOC_DOMAIN, .port = (uint16_t)port, .value = value, .key = name, .key_len = (uint32_t)hn};
    return store(s, &it, origin, label);
}

/* Appends path [+ "?" query] in canonical form to out. */
static size_t canonical_path(sv path, sv query, char *out, size_t cap) {
    size_t o = 0;
    if (!path.n || path.p[0] != '/') out[o++] = '/';
    if (path.n > 1 && path.p[path.n - 1] == '/' && !query.n) path.n--;
    if (o + path.n + query.n + 2 > cap) return 0;
    memcpy(out + o, path.p, path.n);
    o += path.n;
    if (query.n) {
        out[o++] = '?';
        memcpy(out + o, query.p, query.n);
        o += query.n;
    }
    out[o] = 0;
    return o;
}

/* scheme://[user@]host[:port][/path][?query][#frag], or host[:port]/path. */
static ioc_add_result add_url(ioc_set *s, sv v, const char *origin, sv label, const char **why) {
    char buf[IOC_MAX_VALUE];
    long n = ioc_refang(v, buf, sizeof buf);
    if (n < 0) return bad(s, why, "value too long");
    sv t = sv_trim(sv_make(buf, (size_t)n)), scheme = SV_NULL, rest = t;
    if (has_space_or_ctl(t)) return bad(s, why, "a URL cannot contain spaces");
    ptrdiff_t sep = sv_find(t, SV("://"));
    if (sep == 0) return bad(s, why, "URL without a scheme before ://");
    if (sep > 0) {
        scheme = sv_sub(t, 0, (size_t)sep);
        rest = sv_sub(t, (size_t)sep + 3, t.n);
        if (!default_port_for_scheme(scheme))
            return bad(s, why, "only http, https, ftp, ws and wss URLs can be seen in proxy logs");
    }
    size_t end = 0;
    while (end < rest.n && rest.p[end] != '/' && rest.p[end] != '?' && rest.p[end] != '#') end++;
    sv authority = sv_sub(rest, 0, end), tail = sv_sub(rest, end, rest.n);
    ptrdiff_t at = sv_rfind_char(authority, '@');
    if (at >= 0) authority = sv_sub(authority, (size_t)at + 1, authority.n);
    sv host;
    int32_t port;
    host_port_split(authority, &host, &port);
    if (!port && scheme.n) port = default_port_for_scheme(scheme);
    char name[256];
    long hn = ioc_canonical_host(host, name, sizeof name);
    if (hn <= 0) return bad(s, why, hn < 0 ? "host name longer than 253 characters" : "URL without a host");
    ipaddr ip;
    bool is_ip = ip_parse(sv_make(name, (size_t)hn), &ip);
    if (!is_ip) {
        const char *err = check_domain(sv_make(name, (size_t)hn), false);
        if (err) return bad(s, why, err);
    }
    ptrdiff_t hash = sv_find_char(tail, '#');
    if (hash >= 0) tail = sv_sub(tail, 0, (size_t)hash);
    sv path = tail, query = SV_NULL;
    ptrdiff_t q = sv_find_char(tail, '?');
    if (q >= 0) path = sv_sub(tail, 0, (size_t)q), query = sv_sub(tail, (size_t)q + 1, tail.n);
    char key[IOC_MAX_VALUE + 8];
    memcpy(key, name, (size_t)hn);
    size_t pl = canonical_path(path, query, key + hn, sizeof key - (size_t)hn);
    if (!pl) return bad(s, why, "value too long");
    char value[2 * IOC_MAX_VALUE];
    char scheme_lc[8] = ""; /* the scheme is one default_port_for_scheme knows: at most "https" */
    for (size_t i = 0; i < scheme.n && i + 1 < sizeof scheme_lc; i++) scheme_lc[i] = lower(scheme.p[i]);
    bool v6 = is_ip && ip.family == 6;
    char portbuf[16] = "";
    if (port && port != default_port_for_scheme(scheme)) snprintf(portbuf, sizeof portbuf, ":%d", (int)port);
    snprintf(value, sizeof value, "%s%s%s%s%s%s%s", scheme_lc, scheme.n ? "://" : "", v6 ? "[" : "", name,
             v6 ? "]" : "", portbuf, key + hn);
    ioc it = {.type = IOC_URL,
              .port = (uint16_t)port,
              .value = value,
              .key = key,
              .key_len = (uint32_t)((size_t)hn + pl),
              .host_len = (uint32_t)hn};
    return store(s, &it, origin, label);
}

static ioc_add_result add_path(ioc_set *s, sv v, const char *origin, sv label, const char **why) {
    sv t = sv_trim(v);
    if (has_space_or_ctl(t)) return bad(s, why, "a URL path cannot contain spaces");
    ptrdiff_t hash = sv_find_char(t, '#');
    if (hash >= 0) t = sv_sub(t, 0, (size_t)hash);
    sv path = t, query = SV_NULL;
    ptrdiff_t q = sv_find_char(t, '?');
    if (q >= 0) path = sv_sub(t, 0, (size_t)q), query = sv_sub(t, (size_t)q + 1, t.n);
    char key[IOC_MAX_VALUE + 8];
    size_t n = canonical_path(path, query, key, sizeof key);
    if (!n) return bad(s, why, "value too long");
    if (n < 2) return bad(s, why, "the path / would match every request");
    ioc it = {.type = IOC_PATH, .value = key, .key = key, .key_len = (uint32_t)n};
    return store(s, &it, origin, label);
}

static ioc_add_result add_ua(ioc_set *s, sv v, bool part, const char *origin, sv label, const char **why) {
    sv t = sv_trim(v);
    if (!t.n) return bad(s, why, "empty User-Agent");
    if (t.n >= IOC_MAX_VALUE) return bad(s, why, "value too long");
    if (part && t.n < IOC_MIN_UA_PART) return bad(s, why, "a User-Agent part this short would match almost anything");
    char value[IOC_MAX_VALUE];
    memcpy(value, t.p, t.n);
    value[t.n] = 0;
    ioc it = {.type = part ? IOC_UA_PART : IOC_UA, .value = value, .key = value, .key_len = (uint32_t)t.n};
    return store(s, &it, origin, label);
}

/* ---- guessing and dispatch ---- */

static bool all_hex(sv s) {
    for (size_t i = 0; i < s.n; i++)
        if (!isxdigit((unsigned char)s.p[i])) return false;
    return s.n > 0;
}

/* Only digits and dots, like a version number "1.0" or "7.64.1". */
static bool version_like(sv s) {
    if (!s.n || !isdigit((unsigned char)s.p[0])) return false;
    for (size_t i = 0; i < s.n; i++)
        if (!isdigit((unsigned char)s.p[i]) && s.p[i] != '.') return false;
    return true;
}

/* "evil.com", "evil.com:8080", "1.2.3.4" (lowercased copy checked). */
static bool hostish(sv h, bool need_tld) {
    sv host;
    int32_t port;
    host_port_split(h, &host, &port);
    ipaddr ip;
    if (ip_parse(host, &ip)) return true;
    char name[256];
    long n = ioc_canonical_host(host, name, sizeof name);
    if (n <= 0) return false;
    sv d = sv_make(name, (size_t)n);
    return !check_domain(d, true) && (!need_tld || plausible_tld(d));
}

ioc_type ioc_guess_type(sv value, const char **unsupported) {
    char buf[IOC_MAX_VALUE];
    if (unsupported) *unsupported = NULL;
    long n = ioc_refang(value, buf, sizeof buf);
    if (n < 0) return IOC_AUTO;
    sv t = sv_trim(sv_make(buf, (size_t)n));
    if (!t.n) return IOC_AUTO;
    if (sv_find(t, SV("://")) > 0) return IOC_URL;
    if (t.p[0] == '/') return IOC_PATH;
    bool spaces = has_space_or_ctl(t);
    if (!spaces && all_hex(t) && (t.n == 32 || t.n == 40 || t.n == 64 || t.n == 128)) {
        if (unsupported) *unsupported = "hash";
        return IOC_AUTO;
    }
    if (!spaces && sv_find_char(t, '@') > 0 && sv_find_char(t, '/') < 0) {
        if (unsupported) *unsupported = "email";
        return IOC_AUTO;
    }
    ipaddr ip;
    cidr net;
    if (sv_find_char(t, '/') > 0 && cidr_parse(t, &net)) return net.prefix == 128 ? IOC_IP : IOC_CIDR;
    if (ip_parse(t, &ip)) return IOC_IP;
    if (!spaces) {
        sv d = sv_starts_with(t, SV("*.")) ? sv_sub(t, 2, t.n) : t;
        sv host;
        int32_t port;
        host_port_split(d, &host, &port);
        if (ip_parse(host, &ip) && port) return IOC_IP;
        if (hostish(d, false)) return IOC_DOMAIN;
        ptrdiff_t slash = sv_find_char(t, '/');
        if (slash > 0 && !version_like(sv_sub(t, (size_t)slash + 1, t.n)) &&
            hostish(sv_sub(t, 0, (size_t)slash), true))
            return IOC_URL;
    }
    if (spaces || sv_find_char(t, '/') > 0 || sv_find_char(t, '(') >= 0) return IOC_UA;
    return IOC_AUTO;
}

ioc_add_result ioc_add(ioc_set *s, ioc_type type, sv value, const char *origin, sv label, const char **why) {
    if (type == IOC_AUTO) {
        const char *kind;
        type = ioc_guess_type(value, &kind);
        if (type == IOC_AUTO) {
            if (kind) {
                ioc_count_unsupported(s, kind);
                if (why) *why = "cannot be seen in proxy logs";
                return IOC_UNSUPPORTED;
            }
            return bad(s, why,
                       "cannot tell what kind of indicator this is; write it as TYPE:VALUE "
                       "(domain:, ip:, cidr:, url:, path:, ua:, ua-part:)");
        }
    }
    switch (type) {
    case IOC_DOMAIN: return add_domain(s, value, origin, label, why);
    case IOC_IP:
    case IOC_CIDR: return add_ip(s, value, origin, label, why);
    case IOC_URL: return add_url(s, value, origin, label, why);
    case IOC_PATH: return add_path(s, value, origin, label, why);
    case IOC_UA: return add_ua(s, value, false, origin, label, why);
    case IOC_UA_PART: return add_ua(s, value, true, origin, label, why);
    default: return bad(s, why, "unknown indicator type");
    }
}

/* ---- type vocabularies ---- */

typedef enum {
    V_AUTO, V_DOMAIN, V_IP, V_URL, V_URI, V_PATH, V_UA, V_UA_PART, V_WITH_PORT, V_DOMAIN_IP, V_UNSUPPORTED
} vocab_kind;

static const struct {
    const char *name;
    vocab_kind kind;
} vocab[] = {
    {"auto", V_AUTO},
    {"domain", V_DOMAIN}, {"hostname", V_DOMAIN}, {"host", V_DOMAIN}, {"fqdn", V_DOMAIN},
    {"domain-name", V_DOMAIN}, {"dns", V_DOMAIN},
    {"ip", V_IP}, {"ipv4", V_IP}, {"ipv6", V_IP}, {"ip-dst", V_IP}, {"ip-src", V_IP}, {"ipv4-addr", V_IP},
    {"ipv6-addr", V_IP}, {"ip-address", V_IP}, {"ip-addr", V_IP}, {"ip:port", V_IP}, {"dst-ip", V_IP},
    {"cidr", V_IP}, {"netblock", V_IP}, {"network", V_IP}, {"subnet", V_IP}, {"ip-range", V_IP},
    {"url", V_URL}, {"uri", V_URI},
    {"path", V_PATH}, {"url-path", V_PATH}, {"uri-path", V_PATH},
    {"ua", V_UA}, {"user-agent", V_UA}, {"useragent", V_UA}, {"http-user-agent", V_UA},
    {"ua-part", V_UA_PART}, {"user-agent-part", V_UA_PART}, {"ua-contains", V_UA_PART},
    {"user-agent-contains", V_UA_PART},
    {"ip-dst|port", V_WITH_PORT}, {"ip-src|port", V_WITH_PORT}, {"hostname|port", V_WITH_PORT},
    {"domain|port", V_WITH_PORT},
    {"domain|ip", V_DOMAIN_IP}, {"hostname|ip", V_DOMAIN_IP},
    /* Recognised, but not something a proxy log shows. */
    {"md5", V_UNSUPPORTED}, {"sha1", V_UNSUPPORTED}, {"sha256", V_UNSUPPORTED}, {"sha512", V_UNSUPPORTED},
    {"hash", V_UNSUPPORTED}, {"email", V_UNSUPPORTED}, {"email-src", V_UNSUPPORTED},
    {"email-dst", V_UNSUPPORTED}, {"filename", V_UNSUPPORTED}, {"mutex", V_UNSUPPORTED},
    {"regkey", V_UNSUPPORTED}, {"ja3", V_UNSUPPORTED}, {"asn", V_UNSUPPORTED}, {"as", V_UNSUPPORTED},
    {"link", V_UNSUPPORTED}, {"cve", V_UNSUPPORTED},
};

/* Lowercase, '_' as '-', into out; false if too long. */
static bool vocab_norm(sv name, char *out, size_t cap) {
    name = sv_trim(name);
    if (name.n >= cap) return false;
    for (size_t i = 0; i < name.n; i++) out[i] = name.p[i] == '_' ? '-' : lower(name.p[i]);
    out[name.n] = 0;
    return true;
}

static int vocab_find(sv name) {
    char n[48];
    if (!vocab_norm(name, n, sizeof n)) return -1;
    for (size_t i = 0; i < sizeof vocab / sizeof vocab[0]; i++)
        if (!strcmp(vocab[i].name, n)) return (int)i;
    return -1;
}

bool ioc_type_name_known(sv name) { return vocab_find(name) >= 0; }

void ioc_count_unsupported(ioc_set *s, const char *type_name) {
    hmap_put(&s->unsupported_types, sv_cstr(type_name), NULL)->val.u64++;
    s->unsupported++;
}

static ioc_add_result unsupported_name(ioc_set *s, sv name, const char **why) {
    char n[48];
    if (!vocab_norm(name, n, sizeof n)) {
        size_t k = utf8_truncate(name.p, name.n, 40);
        memcpy(n, name.p, k), n[k] = 0;
    }
    ioc_count_unsupported(s, n);
    if (why) *why = "a type that cannot be seen in proxy logs";
    return IOC_UNSUPPORTED;
}

/* "uri": an absolute URL, host/path, or a path. */
static ioc_add_result add_uri(ioc_set *s, sv v, const char *origin, sv label, const char **why) {
    ioc_type t = ioc_guess_type(v, NULL);
    if (t == IOC_URL) return add_url(s, v, origin, label, why);
    return add_path(s, v, origin, label, why);
}

/* "a|b" pairs: a bad part is reported (the good part is still added). */
static ioc_add_result both(ioc_add_result a, ioc_add_result b) {
    if (a == IOC_BAD || b == IOC_BAD) return IOC_BAD;
    return a == IOC_ADDED || b == IOC_ADDED ? IOC_ADDED : a;
}

ioc_add_result ioc_add_named(ioc_set *s, sv type_name, sv value, const char *origin, sv label, const char **why) {
    if (!sv_trim(type_name).n) return ioc_add(s, IOC_AUTO, value, origin, label, why);
    int k = vocab_find(type_name);
    if (k < 0 || vocab[k].kind == V_UNSUPPORTED) return unsupported_name(s, type_name, why);
    sv left = value, right = SV_NULL;
    ptrdiff_t bar = sv_find_char(value, '|');
    if (bar >= 0) left = sv_sub(value, 0, (size_t)bar), right = sv_sub(value, (size_t)bar + 1, value.n);
    switch (vocab[k].kind) {
    case V_AUTO: return ioc_add(s, IOC_AUTO, value, origin, label, why);
    case V_DOMAIN: return add_domain(s, value, origin, label, why);
    case V_IP: return add_ip(s, value, origin, label, why);
    case V_URL: return add_url(s, value, origin, label, why);
    case V_URI: return add_uri(s, value, origin, label, why);
    case V_PATH: return add_path(s, value, origin, label, why);
    case V_UA: return add_ua(s, value, false, origin, label, why);
    case V_UA_PART: return add_ua(s, value, true, origin, label, why);
    case V_WITH_PORT: {
        uint64_t port;
        if (bar < 0 || !sv_to_u64(sv_trim(right), &port) || port == 0 || port > 65535)
            return bad(s, why, "expected VALUE|PORT");
        char hp[300];
        sv host = sv_trim(left);
        bool v6 = sv_find_char(host, ':') >= 0 && host.p[0] != '[';
        if (host.n > 253) return bad(s, why, "host name longer than 253 characters");
        snprintf(hp, sizeof hp, "%s%.*s%s:%u", v6 ? "[" : "", (int)host.n, host.p, v6 ? "]" : "", (unsigned)port);
        return add_domain(s, sv_cstr(hp), origin, label, why);
    }
    case V_DOMAIN_IP: {
        if (bar < 0) return bad(s, why, "expected DOMAIN|IP");
        ioc_add_result a = add_domain(s, left, origin, label, why);
        ioc_add_result b = add_ip(s, right, origin, label, why);
        return both(a, b);
    }
    case V_UNSUPPORTED: break;
    }
    return unsupported_name(s, type_name, why);
}
