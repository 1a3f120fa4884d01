/* uaclass.c - classifying User-Agent strings; see uaclass.h for the rules. */
#include "detect/uaclass.h"

#include <string.h>

const char *ua_family_name(int family) {
    static const char *const names[] = {"", "Internet Explorer", "Edge", "Chrome", "Firefox", "Safari", "Opera"};
    return family >= 0 && family < UAF_COUNT ? names[family] : "";
}

const char *ua_class_name(int cls) {
    static const char *const names[] = {"empty", "browser", "browser-like", "agent", "tool", "other", "malformed"};
    return cls >= 0 && cls <= UA_MALFORMED ? names[cls] : "other";
}

static inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }

/* Edit distance between a short token and "mozilla", case-insensitive. */
static int distance_to_mozilla(sv tok) {
    static const char target[] = "mozilla";
    enum { T = sizeof target - 1 };
    if (tok.n > 16) return 99;
    int prev[T + 1], cur[T + 1];
    for (int j = 0; j <= T; j++) prev[j] = j;
    for (size_t i = 1; i <= tok.n; i++) {
        cur[0] = (int)i;
        for (int j = 1; j <= T; j++) {
            int cost = lower(tok.p[i - 1]) == target[j - 1] ? 0 : 1;
            int best = prev[j - 1] + cost;
            if (prev[j] + 1 < best) best = prev[j] + 1;
            if (cur[j - 1] + 1 < best) best = cur[j - 1] + 1;
            cur[j] = best;
        }
        memcpy(prev, cur, sizeof prev);
    }
    return prev[T];
}

static bool has_bad_bytes(sv s, bool *has_letter) {
    int depth = 0;
    *has_letter = false;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c < 0x20 || c == 0x7f) return true;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) *has_letter = true;
        if (c == '(') depth++;
        if (c == ')' && --depth < 0) return true;
    }
    return depth != 0;
}

/* The number after `key` in s ("Chrome/" -> 118), 0 if absent. */
static unsigned number_after(sv s, sv key) {
    ptrdiff_t at = sv_find(s, key);
    if (at < 0) return 0;
    unsigned v = 0;
    for (size_t i = (size_t)at + key.n; i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && v < 10000; i++)
        v = v * 10 + (unsigned)(s.p[i] - '0');
    return v;
}

/* "Windows NT 6.1" -> 61; "Windows NT 10.0" -> 100. */
static unsigned windows_nt(sv s) {
    ptrdiff_t at = sv_find(s, SV("Windows NT "));
    if (at < 0) return 0;
    size_t i = (size_t)at + 11;
    unsigned major = 0, minor = 0;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && major < 100) major = major * 10 + (unsigned)(s.p[i++] - '0');
    if (i < s.n && s.p[i] == '.' && i + 1 < s.n && s.p[i + 1] >= '0' && s.p[i + 1] <= '9')
        minor = (unsigned)(s.p[i + 1] - '0');
    return major ? major * 10 + minor : 0;
}

static void browser_family(sv s, obs_ua *out) {
    unsigned v;
    if ((v = number_after(s, SV("Edg/"))) || (v = number_after(s, SV("Edge/"))) ||
        (v = number_after(s, SV("EdgA/")))) {
        out->family = UAF_EDGE;
    } else if ((v = number_after(s, SV("OPR/")))) {
        out->family = UAF_OPERA;
    } else if ((v = number_after(s, SV("Chrome/"))) || (v = number_after(s, SV("CriOS/")))) {
        out->family = UAF_CHROME;
    } else if ((v = number_after(s, SV("Firefox/")))) {
        out->family = UAF_FIREFOX;
    } else if ((v = number_after(s, SV("MSIE ")))) {
        /* Trident/N is the engine: IE (N + 4). IE 11 in compatibility view
         * (intranet and listed sites) says "MSIE 7.0" but keeps Trident/7.0. */
        unsigned engine = number_after(s, SV("Trident/"));
        if (engine && engine + 4 > v) v = engine + 4;
        out->family = UAF_MSIE;
    } else if (sv_find(s, SV("Trident/")) >= 0 && (v = number_after(s, SV("rv:")))) {
        out->family = UAF_MSIE;
    } else if (sv_find(s, SV("Safari/")) >= 0 && (v = number_after(s, SV("Version/")))) {
        out->family = UAF_SAFARI;
    } else if (sv_starts_with(s, SV("Opera/"))) {
        v = number_after(s, SV("Version/"));
        if (!v) v = number_after(s, SV("Opera/"));
        out->family = UAF_OPERA;
    }
    out->version = (uint16_t)(v > 65535 ? 65535 : v);
}

/* The first product token "name/version" of a UA. */
static bool first_product(sv s, sv *name, sv *version) {
    sv rest = s, tok;
    if (!sv_next_token(&rest, &tok)) return false;
    ptrdiff_t slash = sv_find_char(tok, '/');
    if (slash <= 0) {
        *name = tok;
        *version = SV_NULL;
        return false;
    }
    *name = sv_sub(tok, 0, (size_t)slash);
    *version = sv_sub(tok, (size_t)slash + 1, tok.n);
    return true;
}

static bool version_ok(sv v) {
    if (!v.n || v.p[0] < '0' || v.p[0] > '9') return false;
    return true;
}

void ua_classify(sv ua, const config *cfg, obs_ua *out) {
    out->family = UAF_NONE;
    out->version = 0;
    out->os = 0;
    ua = sv_trim(ua);
    if (sv_is_dash(ua)) {
        out->cls = UA_EMPTY;
        return;
    }
    bool has_letter;
    if (has_bad_bytes(ua, &has_letter) || !has_letter) {
        out->cls = UA_MALFORMED;
        return;
    }
    unsigned os = windows_nt(ua);
    out->os = (uint8_t)(os > 255 ? 255 : os);
    if (cfg && strlist_match(&cfg->allow_agents, ua)) {
        out->cls = UA_AGENT;
        return;
    }
    if (cfg && strlist_match(&cfg->tool_agents, ua)) {
        out->cls = UA_TOOL;
        return;
    }
    sv name = SV_NULL, version = SV_NULL;
    bool product = first_product(ua, &name, &version);
    if (sv_eq(name, SV("Mozilla")) || sv_eq(name, SV("Opera"))) {
        if (!product || !version_ok(version)) {
            out->cls = UA_MALFORMED;
            return;
        }
        browser_family(ua, out);
        bool engine = sv_find(ua, SV("Gecko")) >= 0 || sv_find(ua, SV("AppleWebKit/")) >= 0 ||
                      sv_find(ua, SV("Trident/")) >= 0 || sv_find(ua, SV("Presto/")) >= 0;
        out->cls = (out->family != UAF_NONE || engine) ? UA_BROWSER : UA_BROWSER_LIKE;
        return;
    }
    int d = distance_to_mozilla(name);
    if (d > 0 && d <= 2) {
        out->cls = UA_MALFORMED; /* "Mozila", "Modzilla", "mozilla" */
        return;
    }
    out->cls = UA_OTHER;
}
