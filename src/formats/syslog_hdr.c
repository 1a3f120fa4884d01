/* syslog_hdr.c - see syslog_hdr.h. */
#include "formats/syslog_hdr.h"
#include "core/mtime.h"

#include <time.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int64_t bsd_year_for(sv s, int off_min, int64_t *ms) {
    /* the current year, unless that is more than a day ahead of now */
    int64_t now_ms = (int64_t)time(NULL) * 1000;
    int64_t y;
    unsigned m, d;
    civil_from_days(now_ms / 86400000, &y, &m, &d);
    size_t used = 0;
    if (!mtime_parse_syslog(s, y, off_min, ms, &used)) {
        /* 29 Feb in a year that has none: try the previous leap years */
        if (!mtime_parse_syslog(s, y - 1, off_min, ms, &used)) return 0;
        return (int64_t)used;
    }
    if (*ms > now_ms + 86400000) mtime_parse_syslog(s, y - 1, off_min, ms, &used);
    return (int64_t)used;
}

/* The token at the front of *s (up to a space), consumed with the spaces after it. */
static sv take_token(sv *s) {
    size_t i = 0;
    while (i < s->n && s->p[i] != ' ') i++;
    sv tok = sv_sub(*s, 0, i);
    while (i < s->n && s->p[i] == ' ') i++;
    *s = sv_sub(*s, i, s->n);
    return tok;
}

bool syslog_parse(sv line, int default_off_min, syslog_hdr *h) {
    sv s = line;
    h->host = SV_NULL;
    h->off_min = default_off_min;
    if (s.n && s.p[0] == '<') {
        size_t i = 1;
        while (i < s.n && i < 5 && is_digit(s.p[i])) i++;
        if (i > 1 && i < s.n && s.p[i] == '>') s = sv_sub(s, i + 1, s.n);
    }
    /* RFC 5424: a version number, then an RFC 3339 time */
    if (s.n > 2 && s.p[0] == '1' && s.p[1] == ' ') {
        sv rest = sv_sub(s, 2, s.n), ts = take_token(&rest);
        int off;
        if (mtime_parse_iso8601(ts, &h->time_ms, &off, default_off_min)) {
            h->off_min = off;
            h->host = take_token(&rest);
            take_token(&rest);     /* app */
            take_token(&rest);     /* procid */
            take_token(&rest);     /* msgid */
            if (rest.n && rest.p[0] == '[') {
                /* structured data: skip to the closing bracket of the last element */
                size_t i = 0;
                bool quoted = false;
                while (i < rest.n) {
                    char c = rest.p[i];
                    if (c == '\\' && quoted) i++;
                    else if (c == '"') quoted = !quoted;
                    else if (c == ']' && !quoted && (i + 1 >= rest.n || rest.p[i + 1] != '[')) break;
                    i++;
                }
                rest = sv_sub(rest, i + 1, rest.n);
                while (rest.n && rest.p[0] == ' ') rest = sv_sub(rest, 1, rest.n);
            } else {
                take_token(&rest);  /* "-" */
            }
            h->msg = rest;
            return true;
        }
    }
    if (s.n >= 19 && is_digit(s.p[0]) && s.p[4] == '-') {
        sv rest = s, ts = take_token(&rest);
        int off;
        if (!mtime_parse_iso8601(ts, &h->time_ms, &off, default_off_min)) return false;
        h->off_min = off;
        h->host = take_token(&rest);
        h->msg = rest;
        return true;
    }
    int64_t used = bsd_year_for(s, default_off_min, &h->time_ms);
    if (!used) return false;
    sv rest = sv_sub(s, (size_t)used, s.n);
    while (rest.n && rest.p[0] == ' ') rest = sv_sub(rest, 1, rest.n);
    /* the host is absent when the next token is already the tag */
    size_t i = 0;
    while (i < rest.n && rest.p[i] != ' ') i++;
    if (i && rest.p[i - 1] != ':' && sv_find_char(sv_sub(rest, 0, i), '[') < 0) h->host = take_token(&rest);
    h->msg = rest;
    return true;
}

bool syslog_tag(sv *msg, sv *tag) {
    size_t i = 0;
    while (i < msg->n && i < 64) {
        char c = msg->p[i];
        if (c == ':' || c == '[' || c == ' ') break;
        i++;
    }
    if (!i || i >= msg->n) return false;
    size_t end = i;
    if (msg->p[i] == '[') {
        while (i < msg->n && msg->p[i] != ']') i++;
        if (i >= msg->n) return false;
        i++;
    }
    if (i >= msg->n || msg->p[i] != ':') return false;
    *tag = sv_sub(*msg, 0, end);
    i++;
    while (i < msg->n && msg->p[i] == ' ') i++;
    *msg = sv_sub(*msg, i, msg->n);
    return true;
}
