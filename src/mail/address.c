/* address.c - reading address lists; see address.h.
 *
 * The value is cut into entries at top-level commas (outside quotes, angle
 * brackets and comments). In each entry the text inside <...> is the address
 * and the text before it the display name; without brackets the entry itself
 * is the address and a comment, if any, the name. */
#include "mail/address.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "mail/charset.h"

#include <ctype.h>
#include <string.h>

#define ADDRESS_MAX_INPUT (64 * 1024)
#define ADDRESS_MAX_FIELD 512

typedef struct entry_parts {
    buf name, comment, addr, bare;
    bool angle;
} entry_parts;

static void trim_buf(buf *b) {
    size_t s = 0, e = b->len;
    while (s < e && (b->p[s] == ' ' || b->p[s] == '\t')) s++;
    while (e > s && (b->p[e - 1] == ' ' || b->p[e - 1] == '\t')) e--;
    if (s) memmove(b->p, b->p + s, e - s);
    b->len = e - s;
}

/* Decoded, trimmed, single-spaced, bounded copy of a display name. */
static const char *finish_name(buf *raw, arena *a) {
    trim_buf(raw);
    buf dec = {0};
    rfc2047_decode(sv_make(raw->p ? raw->p : "", raw->len), &dec);
    buf clean = {0};
    bool space = false;
    for (size_t i = 0; i < dec.len; i++) {
        unsigned char c = (unsigned char)dec.p[i];
        if (c < 0x20 || c == 0x7f || c == ' ') {
            space = clean.len > 0;
            continue;
        }
        if (space) buf_putc(&clean, ' ');
        space = false;
        buf_putc(&clean, (char)c);
    }
    size_t n = utf8_truncate(clean.p ? clean.p : "", clean.len, ADDRESS_MAX_FIELD);
    const char *r = arena_strndup(a, clean.p ? clean.p : "", n);
    buf_free(&dec);
    buf_free(&clean);
    return r;
}

const char *address_domain(const char *addr, arena *a) {
    const char *at = strrchr(addr, '@');
    if (!at) return "";
    size_t n = strlen(at + 1);
    while (n && at[n] == '.') n--;
    char *d = arena_strndup(a, at + 1, n);
    for (char *p = d; *p; p++) *p = (char)tolower((unsigned char)*p);
    return d;
}

/* Address text without spaces, quotes kept in the local part, domain lower-cased;
 * a source route ("@a,@b:user@c") is dropped. */
static const char *finish_addr(buf *raw, arena *a) {
    buf out = {0};
    size_t start = 0;
    for (size_t i = 0; i < raw->len; i++)
        if (raw->p[i] == ':') start = i + 1;
    for (size_t i = start; i < raw->len; i++) {
        unsigned char c = (unsigned char)raw->p[i];
        if (c <= ' ' || c == 0x7f) continue;
        buf_putc(&out, (char)c);
    }
    /* cut whole characters only (raw is bounded by ADDRESS_MAX_INPUT) */
    char *r = arena_strndup(a, out.p ? out.p : "", utf8_truncate(out.p ? out.p : "", out.len, ADDRESS_MAX_FIELD));
    buf_free(&out);
    /* only the part after the last '@' is the domain */
    char *at = strrchr(r, '@');
    if (at)
        for (char *q = at + 1; *q; q++) *q = (char)tolower((unsigned char)*q);
    return r;
}

static void entry_reset(entry_parts *e) {
    buf_clear(&e->name);
    buf_clear(&e->comment);
    buf_clear(&e->addr);
    buf_clear(&e->bare);
    e->angle = false;
}

static size_t entry_emit(entry_parts *e, arena *a, mail_address *out, size_t n, size_t max) {
    if (n >= max) return n;
    buf *addr = e->angle ? &e->addr : &e->bare;
    trim_buf(addr);
    buf *name = e->angle ? &e->name : &e->comment;
    if (!addr->len && !name->len) return n;
    /* "Name only" entries without '@' are not addresses (a bare word is a
     * local mailbox, kept so the recipient count stays right) */
    mail_address *m = &out[n];
    m->addr = finish_addr(addr, a);
    m->name = finish_name(e->angle ? name : &e->comment, a);
    if (!*m->addr && !*m->name) return n;
    m->domain = address_domain(m->addr, a);
    return n + 1;
}

size_t address_parse_list(sv raw, arena *a, mail_address *out, size_t max) {
    if (raw.n > ADDRESS_MAX_INPUT) raw.n = utf8_truncate(raw.p, raw.n, ADDRESS_MAX_INPUT);
    entry_parts e = {0};
    size_t n = 0;
    int comment_depth = 0;
    bool in_quote = false, in_angle = false;
    for (size_t i = 0; i < raw.n && n < max; i++) {
        char c = raw.p[i];
        if (c == '\r' || c == '\n') continue;
        if (comment_depth) {
            if (c == '\\' && i + 1 < raw.n) buf_putc(&e.comment, raw.p[++i]);
            else if (c == '(' && comment_depth < 16) comment_depth++, buf_putc(&e.comment, c);
            else if (c == ')') {
                if (--comment_depth) buf_putc(&e.comment, c);
            } else buf_putc(&e.comment, c);
            continue;
        }
        if (in_quote) {
            if (c == '\\' && i + 1 < raw.n) buf_putc(in_angle ? &e.addr : &e.name, raw.p[++i]);
            else if (c == '"') in_quote = false;
            else buf_putc(in_angle ? &e.addr : &e.name, c);
            if (!in_angle && c != '"') buf_putc(&e.bare, c);
            continue;
        }
        if (in_angle) {
            if (c == '>') in_angle = false;
            else if (c == '"') in_quote = true;
            else buf_putc(&e.addr, c);
            continue;
        }
        switch (c) {
        case '(': comment_depth = 1; break;
        case '"': in_quote = true; break;
        case '<':
            in_angle = true;
            e.angle = true;
            buf_clear(&e.addr);
            break;
        case ',':
        case ';':
            n = entry_emit(&e, a, out, n, max);
            entry_reset(&e);
            break;
        case ':':
            /* a group name ("Undisclosed recipients:") is not an address, but
             * ':' inside a bare address (source route) is left to finish_addr */
            if (!e.angle && !memchr(e.bare.p ? e.bare.p : "", '@', e.bare.len)) entry_reset(&e);
            else buf_putc(&e.bare, c);
            break;
        default:
            buf_putc(&e.name, c);
            buf_putc(&e.bare, c);
        }
    }
    n = entry_emit(&e, a, out, n, max);
    buf_free(&e.name);
    buf_free(&e.comment);
    buf_free(&e.addr);
    buf_free(&e.bare);
    return n;
}
