/* trace.c - Received, Authentication-Results and dates; see trace.h. */
#include "mail/trace.h"
#include "core/ipaddr.h"
#include "core/mtime.h"
#include "core/util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---- dates ---- */

static bool next_word(sv *s, sv *w) {
    size_t i = 0;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t' || s->p[i] == ',')) i++;
    size_t st = i;
    while (i < s->n && s->p[i] != ' ' && s->p[i] != '\t' && s->p[i] != ',') i++;
    *w = sv_sub(*s, st, i);
    *s = sv_sub(*s, i, s->n);
    return w->n > 0;
}

static int month_of(sv w) {
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    if (w.n < 3) return 0;
    for (int m = 0; m < 12; m++)
        if (!strncasecmp(w.p, months[m], 3)) return m + 1;
    return 0;
}

static bool parse_digits(sv s, size_t *i, int maxd, int *out) {
    int v = 0, d = 0;
    while (*i < s.n && d < maxd && isdigit((unsigned char)s.p[*i])) v = v * 10 + (s.p[(*i)++] - '0'), d++;
    *out = v;
    return d > 0;
}

static bool zone_offset(sv w, int *off_min) {
    if (w.n == 5 && (w.p[0] == '+' || w.p[0] == '-')) {
        for (size_t i = 1; i < 5; i++)
            if (!isdigit((unsigned char)w.p[i])) return false;
        int h = (w.p[1] - '0') * 10 + (w.p[2] - '0'), m = (w.p[3] - '0') * 10 + (w.p[4] - '0');
        *off_min = (w.p[0] == '-' ? -1 : 1) * (h * 60 + m);
        return true;
    }
    static const struct {
        const char *name;
        int off;
    } zones[] = {{"UT", 0}, {"UTC", 0}, {"GMT", 0}, {"Z", 0}, {"JST", 540}, {"KST", 540},
                 {"EST", -300}, {"EDT", -240}, {"CST", -360}, {"CDT", -300}, {"MST", -420},
                 {"MDT", -360}, {"PST", -480}, {"PDT", -420}, {"CET", 60}, {"CEST", 120}};
    for (size_t i = 0; i < ARRAY_LEN(zones); i++)
        if (w.n == strlen(zones[i].name) && !strncasecmp(w.p, zones[i].name, w.n)) {
            *off_min = zones[i].off;
            return true;
        }
    return false;
}

int64_t mail_date_parse(sv s) {
    if (s.n > 200) s.n = 200;
    sv w;
    if (!next_word(&s, &w)) return MTIME_NONE;
    if (!isdigit((unsigned char)w.p[0]) && !next_word(&s, &w)) return MTIME_NONE; /* day name */
    int day = 0, month = 0, year = 0, hh = 0, mm = 0, ss = 0, off = 0;
    size_t i = 0;
    if (!parse_digits(w, &i, 2, &day) || i != w.n) return MTIME_NONE;
    if (!next_word(&s, &w) || !(month = month_of(w))) return MTIME_NONE;
    if (!next_word(&s, &w)) return MTIME_NONE;
    i = 0;
    if (!parse_digits(w, &i, 4, &year) || i != w.n) return MTIME_NONE;
    if (w.n == 2) year += year < 50 ? 2000 : 1900;
    else if (w.n == 3) year += 1900;
    if (!next_word(&s, &w)) return MTIME_NONE;
    i = 0;
    if (!parse_digits(w, &i, 2, &hh) || i >= w.n || w.p[i++] != ':' || !parse_digits(w, &i, 2, &mm))
        return MTIME_NONE;
    if (i < w.n && w.p[i] == ':') {
        i++;
        if (!parse_digits(w, &i, 2, &ss)) return MTIME_NONE;
    }
    if (next_word(&s, &w) && !zone_offset(w, &off)) off = 0; /* unknown zone: RFC 5322 says treat as +0000 */
    if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return MTIME_NONE;
    int64_t days = days_from_civil(year, (unsigned)month, (unsigned)day);
    return ((days * 86400 + hh * 3600 + mm * 60 + ss) - (int64_t)off * 60) * 1000;
}

/* ---- Received ---- */

static bool is_word_at(sv s, size_t i, const char *word) {
    size_t k = strlen(word);
    if (i + k > s.n || strncasecmp(s.p + i, word, k)) return false;
    bool before = i == 0 || s.p[i - 1] == ' ' || s.p[i - 1] == '\t' || s.p[i - 1] == ')';
    bool after = i + k == s.n || s.p[i + k] == ' ' || s.p[i + k] == '\t';
    return before && after;
}

/* Position of a clause keyword at the top level (outside comments), or s.n. */
static size_t find_keyword(sv s, size_t from, const char *word) {
    int depth = 0;
    for (size_t i = from; i < s.n; i++) {
        if (s.p[i] == '(') depth++;
        else if (s.p[i] == ')' && depth) depth--;
        else if (!depth && is_word_at(s, i, word)) return i;
    }
    return s.n;
}

static sv token_after(sv s, size_t kw, size_t kwlen) {
    size_t i = kw + kwlen;
    while (i < s.n && (s.p[i] == ' ' || s.p[i] == '\t')) i++;
    size_t st = i;
    while (i < s.n && s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != ';' && s.p[i] != '(') i++;
    return sv_sub(s, st, i);
}

static bool literal_ip(sv t, ipaddr *ip) {
    t = sv_trim(t);
    if (t.n > 5 && !strncasecmp(t.p, "IPv6:", 5)) t = sv_sub(t, 5, t.n);
    return t.n && t.n < 64 && ip_parse(t, ip);
}

/* The connecting address in a from clause: "[a.b.c.d]" wins (Postfix,
 * Sendmail, Exim write the real peer there), then "(a.b.c.d)" or any
 * parenthesised word that is an address, then the HELO if it is one. */
static bool clause_ip(sv clause, sv helo, ipaddr *ip) {
    for (size_t i = 0; i < clause.n; i++)
        if (clause.p[i] == '[') {
            ptrdiff_t close = sv_find_char(sv_sub(clause, i, clause.n), ']');
            if (close > 0 && literal_ip(sv_sub(clause, i + 1, i + (size_t)close), ip)) return true;
        }
    for (size_t i = 0; i < clause.n; i++) {
        if (clause.p[i] != '(' && clause.p[i] != ' ') continue;
        size_t j = i + 1;
        while (j < clause.n && clause.p[j] != ')' && clause.p[j] != ' ' && clause.p[j] != '(') j++;
        if (literal_ip(sv_sub(clause, i + 1, j), ip)) return true;
    }
    if (helo.n && helo.p[0] == '[' && helo.n > 2) return literal_ip(sv_sub(helo, 1, helo.n - 1), ip);
    return literal_ip(helo, ip);
}

bool received_parse(sv value, arena *a, mail_hop *hop) {
    memset(hop, 0, sizeof *hop);
    hop->from_name = hop->by = "";
    hop->time_ms = MTIME_NONE;
    if (value.n > TRACE_MAX_VALUE) value.n = TRACE_MAX_VALUE;
    ptrdiff_t semi = sv_rfind_char(value, ';');
    sv body = semi >= 0 ? sv_sub(value, 0, (size_t)semi) : value;
    if (semi >= 0) hop->time_ms = mail_date_parse(sv_sub(value, (size_t)semi + 1, value.n));
    size_t from = find_keyword(body, 0, "from");
    size_t by = find_keyword(body, from < body.n ? from : 0, "by");
    if (by < body.n) {
        sv b = token_after(body, by, 2);
        hop->by = arena_strndup(a, b.p, b.n > 255 ? 255 : b.n);
    }
    /* "with ESMTPA", "with MailEnable ESMTPA", "with ESMTPSA (TLS...)": the
     * protocol is among the words of the with clause */
    size_t with = find_keyword(body, 0, "with");
    sv rest = sv_sub(body, with < body.n ? with + 4 : body.n, body.n);
    sv word;
    for (int k = 0; k < 4 && rest.n && sv_next_token(&rest, &word); k++) {
        if (sv_case_eq(word, SV("id")) || sv_case_eq(word, SV("for")) || sv_case_eq(word, SV("via"))) break;
        if (sv_case_starts_with(word, SV("ESMTPA")) || sv_case_starts_with(word, SV("ESMTPSA")) ||
            sv_case_starts_with(word, SV("LMTPA")) || sv_case_starts_with(word, SV("UTF8SMTPA")))
            hop->authenticated = true;
    }
    if (from >= body.n) return false;
    size_t end = by > from ? by : body.n;
    sv clause = sv_sub(body, from + 4, end);
    sv helo = token_after(body, from, 4);
    hop->from_name = arena_strndup(a, helo.p, helo.n > 255 ? 255 : helo.n);
    clause_ip(clause, helo, &hop->ip);
    return true;
}

/* ---- Authentication-Results ---- */

static auth_result result_of(sv w) {
    static const struct {
        const char *name;
        auth_result r;
    } map[] = {{"pass", AUTH_PASS}, {"bestguesspass", AUTH_PASS}, {"fail", AUTH_FAIL}, {"hardfail", AUTH_FAIL},
               {"softfail", AUTH_SOFTFAIL}, {"neutral", AUTH_NEUTRAL}, {"none", AUTH_NONE},
               {"temperror", AUTH_TEMPERROR}, {"permerror", AUTH_PERMERROR}, {"policy", AUTH_POLICY}};
    for (size_t i = 0; i < ARRAY_LEN(map); i++)
        if (w.n == strlen(map[i].name) && !strncasecmp(w.p, map[i].name, w.n)) return map[i].r;
    return AUTH_ABSENT;
}

static int rank(auth_result r) {
    switch (r) {
    case AUTH_PASS: return 8;
    case AUTH_FAIL: return 7;
    case AUTH_SOFTFAIL: return 6;
    case AUTH_POLICY: return 5;
    case AUTH_PERMERROR: return 4;
    case AUTH_TEMPERROR: return 3;
    case AUTH_NEUTRAL: return 2;
    case AUTH_NONE: return 1;
    default: return 0;
    }
}

auth_result auth_result_merge(auth_result a, auth_result b) { return rank(b) > rank(a) ? b : a; }

void authres_parse(sv value, authres *out) {
    memset(out, 0, sizeof *out);
    if (value.n > TRACE_MAX_VALUE) value.n = TRACE_MAX_VALUE;
    /* split at top-level ';' (comments may hold anything) */
    size_t start = 0;
    int depth = 0;
    bool first = true;
    for (size_t i = 0; i <= value.n; i++) {
        char c = i < value.n ? value.p[i] : ';';
        if (c == '(') depth++;
        else if (c == ')' && depth) depth--;
        if (c != ';' || (depth && i < value.n)) continue;
        sv seg = sv_trim(sv_sub(value, start, i));
        start = i + 1;
        ptrdiff_t eq = sv_find_char(seg, '=');
        ptrdiff_t sp = sv_find_char(seg, ' ');
        if (first && (eq < 0 || (sp >= 0 && sp < eq))) {
            /* "authserv-id [version]" */
            sv id = seg;
            if (sp >= 0) id = sv_sub(seg, 0, (size_t)sp);
            sv_to_buf(id, out->authserv, sizeof out->authserv);
            first = false;
            continue;
        }
        first = false;
        if (eq <= 0) continue;
        sv method = sv_trim(sv_sub(seg, 0, (size_t)eq));
        sv rest = sv_sub(seg, (size_t)eq + 1, seg.n);
        size_t k = 0;
        while (k < rest.n && rest.p[k] != ' ' && rest.p[k] != '\t' && rest.p[k] != '(' && rest.p[k] != ';') k++;
        auth_result r = result_of(sv_sub(rest, 0, k));
        if (sv_case_eq(method, SV("spf"))) {
            out->spf = auth_result_merge(out->spf, r);
            ptrdiff_t mf = sv_find(rest, SV("smtp.mailfrom="));
            if (mf >= 0) {
                sv d = sv_sub(rest, (size_t)mf + 14, rest.n);
                size_t e = 0;
                while (e < d.n && d.p[e] != ' ' && d.p[e] != ';' && d.p[e] != '\t') e++;
                d = sv_sub(d, 0, e);
                ptrdiff_t at = sv_rfind_char(d, '@');
                if (at >= 0) d = sv_sub(d, (size_t)at + 1, d.n);
                sv_to_buf(d, out->spf_domain, sizeof out->spf_domain);
            }
        } else if (sv_case_eq(method, SV("dkim"))) out->dkim = auth_result_merge(out->dkim, r);
        else if (sv_case_eq(method, SV("dmarc"))) out->dmarc = auth_result_merge(out->dmarc, r);
    }
}
