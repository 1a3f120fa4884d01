/* ipaddr.c - address parsing and CIDR tests; see ipaddr.h. */
#include "core/ipaddr.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

/* The first 12 bytes of an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
static const uint8_t v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static void set_v4(ipaddr *ip, uint32_t v) {
    memcpy(ip->b, v4_mapped, 12);
    ip->b[12] = (uint8_t)(v >> 24);
    ip->b[13] = (uint8_t)(v >> 16);
    ip->b[14] = (uint8_t)(v >> 8);
    ip->b[15] = (uint8_t)v;
    ip->family = 4;
}

/* Hand-written because it runs for every record of every log (twice for a
 * proxy record): four parts of one to three digits, each at most 255,
 * separated by dots, read part by part with the digits unrolled, so a byte
 * costs a compare and a multiply-add and nothing is looked at twice. */
static bool parse_v4(sv s, uint32_t *out) {
    if (s.n < 7 || s.n > 15) return false;
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n;
    uint32_t v = 0;
    for (int part = 0;; part++) {
        unsigned d;
        if (p == end || (d = (unsigned)*p - '0') > 9) return false;
        unsigned x = d;
        p++;
        if (p < end && (d = (unsigned)*p - '0') <= 9) {
            x = x * 10 + d;
            p++;
            if (p < end && (d = (unsigned)*p - '0') <= 9) {
                x = x * 10 + d;
                p++;
            }
        }
        if (x > 255) return false;
        v = v << 8 | x;
        if (part == 3) break;
        if (p == end || *p != '.') return false;
        p++;
    }
    if (p != end) return false;
    *out = v;
    return true;
}

bool ip_parse(sv s, ipaddr *out) {
    out->family = 0;
    if (s.n >= 2 && s.p[0] == '[' && s.p[s.n - 1] == ']') s = sv_sub(s, 1, s.n - 1);
    if (s.n == 0 || s.n >= IP_STRLEN) return false;
    uint32_t v4;
    if (parse_v4(s, &v4)) {
        set_v4(out, v4);
        return true;
    }
    if (!memchr(s.p, ':', s.n)) return false;
    char tmp[IP_STRLEN];
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = 0;
    char *pct = strchr(tmp, '%'); /* zone id, e.g. fe80::1%eth0 */
    if (pct) *pct = 0;
    if (inet_pton(AF_INET6, tmp, out->b) != 1) return false;
    out->family = memcmp(out->b, v4_mapped, 12) == 0 ? 4 : 6;
    return true;
}

uint32_t ip_v4(const ipaddr *ip) {
    return (uint32_t)ip->b[12] << 24 | (uint32_t)ip->b[13] << 16 | (uint32_t)ip->b[14] << 8 | ip->b[15];
}

char *ip_format(const ipaddr *ip, char *buf) {
    if (ip->family == 4) {
        snprintf(buf, IP_STRLEN, "%u.%u.%u.%u", ip->b[12], ip->b[13], ip->b[14], ip->b[15]);
    } else if (ip->family == 6) {
        if (!inet_ntop(AF_INET6, ip->b, buf, IP_STRLEN)) buf[0] = 0;
    } else {
        buf[0] = 0;
    }
    return buf;
}

bool ip_equal(const ipaddr *a, const ipaddr *b) {
    return a->family == b->family && memcmp(a->b, b->b, 16) == 0;
}

static void mask_bits(uint8_t *b, unsigned prefix) {
    for (unsigned i = 0; i < 16; i++) {
        unsigned keep = prefix >= 8 * (i + 1) ? 8 : prefix > 8 * i ? prefix - 8 * i : 0;
        b[i] &= (uint8_t)(keep ? 0xff << (8 - keep) : 0);
    }
}

bool cidr_parse(sv s, cidr *out) {
    ptrdiff_t slash = sv_find_char(s, '/');
    sv addr = slash < 0 ? s : sv_sub(s, 0, (size_t)slash);
    if (!ip_parse(addr, &out->addr)) return false;
    unsigned max = out->addr.family == 4 ? 32 : 128, prefix = max;
    if (slash >= 0) {
        uint64_t p;
        if (!sv_to_u64(sv_sub(s, (size_t)slash + 1, s.n), &p) || p > max) return false;
        prefix = (unsigned)p;
    }
    out->prefix = (uint8_t)(out->addr.family == 4 ? prefix + 96 : prefix);
    mask_bits(out->addr.b, out->prefix);
    return true;
}

bool cidr_contains(const cidr *c, const ipaddr *ip) {
    if (!ip->family) return false;
    unsigned full = c->prefix / 8, rest = c->prefix % 8;
    if (memcmp(c->addr.b, ip->b, full) != 0) return false;
    if (!rest) return true;
    uint8_t mask = (uint8_t)(0xff << (8 - rest));
    return (ip->b[full] & mask) == c->addr.b[full];
}

char *cidr_format(const cidr *c, char *buf) {
    char ip[IP_STRLEN];
    ip_format(&c->addr, ip);
    snprintf(buf, IP_STRLEN + 5, "%s/%u", ip, c->addr.family == 4 ? c->prefix - 96u : c->prefix);
    return buf;
}

bool ip_is_private(const ipaddr *ip) {
    static const char *const ranges[] = {"10.0.0.0/8",   "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                                         "169.254.0.0/16", "100.64.0.0/10", "::1/128",       "fc00::/7",
                                         "fe80::/10"};
    static cidr parsed[sizeof ranges / sizeof ranges[0]];
    static int ready;
    if (!ready) { /* parsed once; the values are constants so a race only repeats the work */
        for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) cidr_parse(sv_cstr(ranges[i]), &parsed[i]);
        ready = 1;
    }
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (cidr_contains(&parsed[i], ip)) return true;
    return false;
}
