/* mime.c - reading one message into a mail_report (C1).
 *
 * GMime splits the message into headers and a tree of MIME parts and undoes
 * the transfer encodings (base64, quoted-printable, uuencode). Everything
 * that depends on charsets - Subject, display names, file names, body text -
 * is decoded here from the raw bytes with charset.c, because GMime's own
 * decoding goes through iconv's ISO-2022-JP, which garbles the NEC and IBM
 * characters Japanese Windows mailers use, and trusts labels that lie.
 *
 * The part tree is walked without recursion, with bounds on depth and part
 * count (GMime itself stops at 1024 levels); bodies go into the report's text
 * and links, anything with a file name or a disposition of "attachment" or a
 * non-text type goes to the attachment checks. */
#include "mail/mime.h"
#include "core/mtime.h"
#include "core/utf8.h"
#include "core/util.h"
#include "mail/charset.h"
#include "mail/links.h"
#include "mail/trace.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_RECEIVED 64
#define MAX_RECIPIENTS 5000
#define MAX_FIELD 1000
#define MAX_PARAM_PIECES 64

/* ---- headers ---- */

static const char *bounded_copy(arena *a, const char *p, size_t n, size_t max) {
    return arena_strndup(a, p, utf8_truncate(p, n, max));
}

/* Decoded (RFC 2047 and raw 8-bit), single-line, bounded text of a header. */
static const char *decoded_text(arena *a, const char *raw) {
    buf dec = {0};
    rfc2047_decode(sv_cstr(raw), &dec);
    for (size_t i = 0; i < dec.len; i++)
        if (dec.p[i] == '\t' || dec.p[i] == '\r' || dec.p[i] == '\n') dec.p[i] = ' ';
    sv t = sv_trim(sv_make(dec.p ? dec.p : "", dec.len));
    const char *r = bounded_copy(a, t.p, t.n, MAX_FIELD);
    buf_free(&dec);
    return r;
}

static const char *unfolded_trimmed(arena *a, const char *raw, size_t max) {
    buf u = {0};
    header_unfold(sv_cstr(raw), &u);
    sv t = sv_trim(sv_make(u.p ? u.p : "", u.len));
    const char *r = bounded_copy(a, t.p, t.n, max);
    buf_free(&u);
    return r;
}

static bool first_address(arena *a, const char *raw, mail_address *out) {
    mail_address tmp[1];
    if (address_parse_list(sv_cstr(raw), a, tmp, 1) == 0) return false;
    *out = tmp[0];
    return true;
}

static void add_recipients(mail_report *r, const char *raw, bool unless_known) {
    mail_address tmp[256];
    size_t n = address_parse_list(sv_cstr(raw), &r->mem, tmp, ARRAY_LEN(tmp));
    for (size_t i = 0; i < n && r->recipients.len < MAX_RECIPIENTS; i++) {
        if (!*tmp[i].addr) continue;
        if (unless_known) {
            bool known = false;
            for (size_t k = 0; k < r->recipients.len && !known; k++)
                known = !strcasecmp(VEC_AT(&r->recipients, mail_address, k).addr, tmp[i].addr);
            if (known) continue;
        }
        *(mail_address *)vec_push(&r->recipients) = tmp[i];
    }
}

static void read_headers(mail_analyzer *an, GMimeObject *msg, mail_report *r) {
    GMimeHeaderList *hl = g_mime_object_get_header_list(msg);
    int count = g_mime_header_list_get_count(hl);
    char trusted_authserv[128] = "";
    bool authres_seen = false;
    vec late_recipients = VEC_INIT(const char *);
    for (int i = 0; i < count; i++) {
        GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
        const char *name = g_mime_header_get_name(h), *raw = g_mime_header_get_raw_value(h);
        if (!name || !raw) continue;
        if (!strcasecmp(name, "Subject") && !*r->subject) r->subject = decoded_text(&r->mem, raw);
        else if (!strcasecmp(name, "From") && !r->has_from) r->has_from = first_address(&r->mem, raw, &r->from);
        else if (!strcasecmp(name, "Reply-To") && !r->has_reply_to)
            r->has_reply_to = first_address(&r->mem, raw, &r->reply_to);
        else if (!strcasecmp(name, "Sender") && !r->has_sender) r->has_sender = first_address(&r->mem, raw, &r->sender);
        else if (!strcasecmp(name, "Return-Path") && !r->has_return_path)
            r->has_return_path = first_address(&r->mem, raw, &r->return_path) && *r->return_path.addr;
        else if (!strcasecmp(name, "To") || !strcasecmp(name, "Cc")) add_recipients(r, raw, false);
        else if (!strcasecmp(name, "Delivered-To") || !strcasecmp(name, "X-Original-To") ||
                 !strcasecmp(name, "Envelope-To"))
            *(const char **)vec_push(&late_recipients) = raw;
        else if (!strcasecmp(name, "Message-ID") && !*r->message_id)
            r->message_id = unfolded_trimmed(&r->mem, raw, 500);
        else if ((!strcasecmp(name, "X-Mailer") || !strcasecmp(name, "User-Agent")) && !*r->x_mailer)
            r->x_mailer = decoded_text(&r->mem, raw);
        else if (!strcasecmp(name, "Date") && r->date_ms == MTIME_NONE) {
            buf u = {0};
            header_unfold(sv_cstr(raw), &u);
            r->date_ms = mail_date_parse(sv_make(u.p ? u.p : "", u.len));
            buf_free(&u);
        } else if (!strcasecmp(name, "Received") && r->hops.len < MAX_RECEIVED) {
            buf u = {0};
            header_unfold(sv_cstr(raw), &u);
            mail_hop hop;
            received_parse(sv_make(u.p ? u.p : "", u.len), &r->mem, &hop);
            *(mail_hop *)vec_push(&r->hops) = hop;
            buf_free(&u);
        } else if (!strcasecmp(name, "Authentication-Results")) {
            /* trust the topmost one (added by the receiving side) and the
             * others from the same server; a sender's own are ignored */
            buf u = {0};
            header_unfold(sv_cstr(raw), &u);
            authres ar;
            authres_parse(sv_make(u.p ? u.p : "", u.len), &ar);
            buf_free(&u);
            if (!authres_seen) snprintf(trusted_authserv, sizeof trusted_authserv, "%s", ar.authserv);
            if (authres_seen && strcasecmp(trusted_authserv, ar.authserv)) continue;
            authres_seen = true;
            r->spf = auth_result_merge(r->spf, ar.spf);
            r->dkim = auth_result_merge(r->dkim, ar.dkim);
            r->dmarc = auth_result_merge(r->dmarc, ar.dmarc);
            if (ar.spf_domain[0] && !*r->auth_domain) r->auth_domain = arena_strdup(&r->mem, ar.spf_domain);
        }
    }
    for (size_t i = 0; i < late_recipients.len; i++) add_recipients(r, VEC_AT(&late_recipients, const char *, i), true);
    vec_free(&late_recipients);

    /* countries, and the origin: the earliest hop with a public address */
    for (size_t i = 0; i < r->hops.len; i++) {
        mail_hop *hop = &VEC_AT(&r->hops, mail_hop, i);
        if (!hop->ip.family || ip_is_private(&hop->ip)) continue;
        geoip_country(an->geo, &hop->ip, hop->country);
        r->origin_hop = (int)i;
    }
}

/* ---- parameters (RFC 2045, 2231, and RFC 2047 where mailers put it) ---- */

typedef struct param_piece {
    int index;
    bool encoded;
    sv value;
} param_piece;

static int hexv(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void pct_decode(sv s, buf *out) {
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '%' && i + 2 < s.n && hexv(s.p[i + 1]) >= 0 && hexv(s.p[i + 2]) >= 0) {
            buf_putc(out, (char)(hexv(s.p[i + 1]) * 16 + hexv(s.p[i + 2])));
            i += 2;
        } else buf_putc(out, s.p[i]);
    }
}

/* Splits the next ';'-separated parameter off `s` (quotes respected). */
static bool next_param(sv *s, sv *name, sv *value, buf *unquoted) {
    while (s->n && (s->p[0] == ';' || s->p[0] == ' ' || s->p[0] == '\t')) *s = sv_sub(*s, 1, s->n);
    if (!s->n) return false;
    size_t i = 0;
    while (i < s->n && s->p[i] != '=' && s->p[i] != ';') i++;
    *name = sv_trim(sv_sub(*s, 0, i));
    buf_clear(unquoted);
    if (i >= s->n || s->p[i] == ';') {
        *value = SV("");
        *s = sv_sub(*s, i, s->n);
        return true;
    }
    i++;
    while (i < s->n && (s->p[i] == ' ' || s->p[i] == '\t')) i++;
    if (i < s->n && s->p[i] == '"') {
        for (i++; i < s->n && s->p[i] != '"'; i++) {
            if (s->p[i] == '\\' && i + 1 < s->n) i++;
            buf_putc(unquoted, s->p[i]);
        }
        if (i < s->n) i++;
        while (i < s->n && s->p[i] != ';') i++;
    } else {
        size_t st = i;
        while (i < s->n && s->p[i] != ';') i++;
        sv v = sv_trim(sv_sub(*s, st, i));
        buf_put(unquoted, v.p, v.n);
    }
    *value = sv_make(unquoted->p ? unquoted->p : "", unquoted->len);
    *s = sv_sub(*s, i, s->n);
    return true;
}

/* The value of parameter `want` ("filename", "name") in a raw header value,
 * decoded to UTF-8, or NULL when absent. */
static const char *param_value(arena *a, const char *raw, const char *want) {
    buf unfolded = {0}, tmp = {0}, plain = {0}, joined = {0};
    header_unfold(sv_cstr(raw), &unfolded);
    sv s = sv_make(unfolded.p ? unfolded.p : "", unfolded.len);
    /* skip the type or disposition itself */
    ptrdiff_t semi = sv_find_char(s, ';');
    s = semi >= 0 ? sv_sub(s, (size_t)semi, s.n) : SV("");
    size_t wl = strlen(want);
    param_piece pieces[MAX_PARAM_PIECES];
    size_t npieces = 0;
    bool have_plain = false;
    arena scratch;
    arena_init(&scratch, 1024);
    sv name, value;
    while (next_param(&s, &name, &value, &tmp)) {
        if (name.n < wl || strncasecmp(name.p, want, wl)) continue;
        sv rest = sv_sub(name, wl, name.n);
        if (!rest.n) { /* name=value */
            if (!have_plain) buf_put(&plain, value.p, value.n);
            have_plain = true;
            continue;
        }
        if (rest.p[0] != '*' || npieces >= MAX_PARAM_PIECES) continue;
        param_piece pc = {0, false, sv_make(arena_strndup(&scratch, value.p, value.n), value.n)};
        rest = sv_sub(rest, 1, rest.n);
        if (!rest.n) pc.encoded = true; /* name*=charset'lang'value */
        else {
            uint64_t idx;
            bool enc = rest.p[rest.n - 1] == '*';
            if (enc) rest.n--;
            if (!sv_to_u64(rest, &idx) || idx >= MAX_PARAM_PIECES) continue;
            pc.index = (int)idx;
            pc.encoded = enc;
        }
        pieces[npieces++] = pc;
    }
    const char *result = NULL;
    buf out = {0};
    if (npieces) {
        /* RFC 2231: join the pieces in index order; the first encoded piece
         * names the charset */
        char charset[64] = "";
        for (int want_idx = 0; want_idx < MAX_PARAM_PIECES; want_idx++) {
            bool found = false;
            for (size_t k = 0; k < npieces && !found; k++) {
                if (pieces[k].index != want_idx) continue;
                found = true;
                sv v = pieces[k].value;
                if (pieces[k].encoded) {
                    if (want_idx == 0) {
                        ptrdiff_t q1 = sv_find_char(v, '\'');
                        if (q1 >= 0) {
                            sv_to_buf(sv_sub(v, 0, (size_t)q1), charset, sizeof charset);
                            sv after = sv_sub(v, (size_t)q1 + 1, v.n);
                            ptrdiff_t q2 = sv_find_char(after, '\'');
                            v = q2 >= 0 ? sv_sub(after, (size_t)q2 + 1, after.n) : after;
                        }
                    }
                    pct_decode(v, &joined);
                } else buf_put(&joined, v.p, v.n);
            }
            if (!found) break;
        }
        if (charset[0]) charset_decode(joined.p ? joined.p : "", joined.len, charset, &out, NULL);
        else rfc2047_decode(sv_make(joined.p ? joined.p : "", joined.len), &out);
    } else if (have_plain) {
        rfc2047_decode(sv_make(plain.p ? plain.p : "", plain.len), &out);
    }
    if (npieces || have_plain) {
        for (size_t i = 0; i < out.len; i++)
            if ((unsigned char)out.p[i] < 0x20) out.p[i] = ' ';
        result = bounded_copy(a, out.p ? out.p : "", out.len, 512);
    }
    buf_free(&out);
    buf_free(&unfolded);
    buf_free(&tmp);
    buf_free(&plain);
    buf_free(&joined);
    arena_free(&scratch);
    return result;
}

static const char *part_header(GMimeObject *o, const char *name) {
    GMimeHeaderList *hl = g_mime_object_get_header_list(o);
    int count = g_mime_header_list_get_count(hl);
    for (int i = 0; i < count; i++) {
        GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
        const char *n = g_mime_header_get_name(h);
        if (n && !strcasecmp(n, name)) return g_mime_header_get_raw_value(h);
    }
    return NULL;
}

/* ---- parts ---- */

typedef struct walk_item {
    GMimeObject *obj;
    unsigned depth;
} walk_item;

static GByteArray *part_bytes(GMimePart *part, GMimeStream **keep) {
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    GMimeStream *mem = g_mime_stream_mem_new();
    if (w) g_mime_data_wrapper_write_to_stream(w, mem);
    *keep = mem;
    return g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
}

static void note_charset(mail_report *r, const char *label, const charset_result *cr) {
    if (!label || !(cr->label_malformed || cr->label_wrong)) return;
    if (mail_has_reason(r, R_MAIL_CHARSET_LABEL)) return;
    char shown[64];
    size_t k = 0;
    for (const char *p = label; *p && k + 1 < sizeof shown; p++) shown[k++] = (*p < 0x20 || *p == 0x7f) ? '?' : *p;
    shown[k] = 0;
    mail_add_reason(r, R_MAIL_CHARSET_LABEL, -1, shown, NULL);
}

static void append_text(mail_report *r, const char *p, size_t n, size_t max) {
    if (r->text.len >= max) return;
    if (r->text.len) buf_putc(&r->text, '\n');
    size_t room = max > r->text.len ? max - r->text.len : 0;
    buf_put(&r->text, p, utf8_truncate(p, n, room));
}

static void read_body(mail_analyzer *an, mail_report *r, GMimePart *part, const char *subtype, const char *label) {
    GMimeStream *keep;
    GByteArray *bytes = part_bytes(part, &keep);
    size_t max = an->opt.limits.max_text_bytes;
    bool html = !strcasecmp(subtype, "html");
    /* only what the checks will look at is decoded (a cut multi-byte
     * character at the end becomes one U+FFFD) */
    size_t keep_bytes = html ? HTML_MAX_BYTES : max;
    buf text = {0};
    charset_result cr;
    charset_decode((const char *)bytes->data, bytes->len < keep_bytes ? bytes->len : keep_bytes, label, &text, &cr);
    note_charset(r, label, &cr);
    if (html) {
        html_facts facts;
        buf visible = {0};
        html_inspect(text.p ? text.p : "", text.len, &r->mem, &r->links, &visible, max, &facts);
        append_text(r, visible.p ? visible.p : "", visible.len, max);
        buf_free(&visible);
        if (facts.password_input) r->body_password_form = true;
        if (facts.hidden_sample && !r->body_hidden_sample) r->body_hidden_sample = facts.hidden_sample;
    } else {
        size_t before = r->text.len;
        append_text(r, text.p ? text.p : "", text.len, max);
        if (r->text.len > before) text_links(r->text.p + before, r->text.len - before, &r->mem, &r->links);
    }
    buf_free(&text);
    g_object_unref(keep);
}

static void read_attachment(mail_analyzer *an, mail_report *r, scan_budget *b, GMimeObject *obj,
                            const char *mime_type) {
    const char *disp = part_header(obj, "Content-Disposition");
    const char *ctype = part_header(obj, "Content-Type");
    const char *name = disp ? param_value(&r->mem, disp, "filename") : NULL;
    if (!name && ctype) name = param_value(&r->mem, ctype, "name");
    GMimeStream *keep;
    GByteArray *bytes = part_bytes(GMIME_PART(obj), &keep);
    const uint8_t *data = bytes->data ? bytes->data : (const uint8_t *)"";
    attachment_check(an, r, b, name ? name : "", mime_type, data, bytes->len, bytes->len, -1, 0, false);
    g_object_unref(keep);
}

static bool is_attachment(GMimeObject *obj, const char *type, const char *subtype) {
    const char *disp = g_mime_object_get_disposition(obj);
    if (disp && !strcasecmp(disp, "attachment")) return true;
    const char *dh = part_header(obj, "Content-Disposition");
    const char *ch = part_header(obj, "Content-Type");
    if ((dh && strcasestr(dh, "filename")) || (ch && strcasestr(ch, "name="))) return true;
    if (ch && strcasestr(ch, "name*")) return true;
    if (strcasecmp(type, "text")) return true;
    return strcasecmp(subtype, "plain") && strcasecmp(subtype, "html") && strcasecmp(subtype, "enriched") &&
           strcasecmp(subtype, "calendar") && strcasecmp(subtype, "rfc822-headers");
}

static void walk_parts(mail_analyzer *an, mail_report *r, scan_budget *b, GMimeObject *root) {
    const mail_limits *lim = &an->opt.limits;
    vec stack = VEC_INIT(walk_item);
    *(walk_item *)vec_push(&stack) = (walk_item){root, 0};
    while (stack.len) {
        walk_item it = VEC_AT(&stack, walk_item, --stack.len);
        if (!it.obj) continue;
        if (++b->parts > lim->max_parts) {
            char n[32];
            snprintf(n, sizeof n, "%u", lim->max_parts);
            mail_add_reason(r, R_MAIL_TOO_MANY_PARTS, -1, n, NULL);
            break;
        }
        if (it.depth > lim->max_mime_depth) {
            if (!mail_has_reason(r, R_MAIL_MIME_TOO_DEEP)) {
                char n[32];
                snprintf(n, sizeof n, "%u", lim->max_mime_depth);
                mail_add_reason(r, R_MAIL_MIME_TOO_DEEP, -1, n, NULL);
            }
            continue;
        }
        if (GMIME_IS_MULTIPART(it.obj)) {
            GMimeMultipart *mp = GMIME_MULTIPART(it.obj);
            int n = g_mime_multipart_get_count(mp);
            for (int i = n; i > 0; i--)
                *(walk_item *)vec_push(&stack) = (walk_item){g_mime_multipart_get_part(mp, i - 1), it.depth + 1};
            continue;
        }
        if (GMIME_IS_MESSAGE_PART(it.obj)) {
            /* a forwarded mail: its bodies and attachments are checked as this one's */
            GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(it.obj));
            if (inner) *(walk_item *)vec_push(&stack) = (walk_item){g_mime_message_get_mime_part(inner), it.depth + 1};
            continue;
        }
        if (!GMIME_IS_PART(it.obj)) continue;
        GMimeContentType *ct = g_mime_object_get_content_type(it.obj);
        const char *type = ct ? g_mime_content_type_get_media_type(ct) : "text";
        const char *subtype = ct ? g_mime_content_type_get_media_subtype(ct) : "plain";
        if (!type) type = "text";
        if (!subtype) subtype = "plain";
        char mime_type[128];
        snprintf(mime_type, sizeof mime_type, "%s/%s", type, subtype);
        for (char *p = mime_type; *p; p++) *p = (char)tolower((unsigned char)*p);
        if (is_attachment(it.obj, type, subtype)) read_attachment(an, r, b, it.obj, mime_type);
        else read_body(an, r, GMIME_PART(it.obj), subtype, ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL);
    }
    vec_free(&stack);
}

/* Unreadable as MIME: keep what can be read as text, for the body checks. */
static void read_raw(mail_analyzer *an, mail_report *r, const char *data, size_t n) {
    buf text = {0};
    charset_decode(data, n < an->opt.limits.max_text_bytes ? n : an->opt.limits.max_text_bytes, NULL, &text, NULL);
    append_text(r, text.p ? text.p : "", text.len, an->opt.limits.max_text_bytes);
    text_links(r->text.p ? r->text.p : "", r->text.len, &r->mem, &r->links);
    buf_free(&text);
}

void mime_read(mail_analyzer *an, const char *data, size_t n, mail_report *r, scan_budget *b) {
    GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, n);
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, an->gmime_options);
    if (!msg || !g_mime_header_list_get_count(g_mime_object_get_header_list(GMIME_OBJECT(msg)))) {
        mail_add_reason(r, R_MAIL_UNREADABLE, -1, NULL, NULL);
        read_raw(an, r, data, n);
    } else {
        read_headers(an, GMIME_OBJECT(msg), r);
        walk_parts(an, r, b, g_mime_message_get_mime_part(msg));
    }
    if (msg) g_object_unref(msg);
    g_object_unref(parser);
    g_object_unref(stream);
}
