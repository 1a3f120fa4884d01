/* mime.c - MIME encoding of simulated mail; see mail.h. */
#include "sim/mail/mail.h"
#include "sim/firewall/firewall.h"
#include "sim/textfmt.h"

#include <errno.h>
#include <iconv.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

bool utf8_to_charset(const char *utf8, size_t n, const char *charset, buf *out) {
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1) return false;
    char *in = (char *)utf8;
    size_t left = n;
    bool ok = true;
    while (left) {
        buf_reserve(out, left * 4 + 16);
        char *o = out->p + out->len;
        size_t room = out->cap - out->len;
        size_t r = iconv(cd, &in, &left, &o, &room);
        out->len = (size_t)(o - out->p);
        if (r == (size_t)-1 && errno != E2BIG) {
            ok = false;
            break;
        }
    }
    if (ok) {
        /* flush the shift state: ISO-2022-JP must end in ASCII */
        buf_reserve(out, 16);
        char *o = out->p + out->len;
        size_t room = out->cap - out->len;
        iconv(cd, NULL, NULL, &o, &room);
        out->len = (size_t)(o - out->p);
    }
    iconv_close(cd);
    return ok;
}

void put_base64_lines(buf *b, const uint8_t *data, size_t len) {
    char line[80];
    for (size_t i = 0; i < len; i += 57) {
        size_t n = len - i < 57 ? len - i : 57;
        sodium_bin2base64(line, sizeof line, data + i, n, sodium_base64_VARIANT_ORIGINAL);
        buf_puts(b, line);
        buf_puts(b, "\r\n");
    }
}

static bool ascii_only(const char *s) {
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return false;
    return true;
}

static size_t utf8_char_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4; }

/* One encoded-word per chunk of at most ~40 bytes of ISO-2022-JP, each chunk
 * starting and ending in ASCII as RFC 1468 requires; words are separated by
 * CRLF SP so header lines stay under 78 characters. */
void put_encoded_words(buf *b, const char *utf8) {
    if (ascii_only(utf8)) {
        buf_puts(b, utf8);
        return;
    }
    size_t n = strlen(utf8), i = 0;
    bool first = true;
    while (i < n) {
        size_t end = i, last_ok = i;
        buf chunk = {0};
        /* grow the chunk while its encoding stays short */
        while (end < n) {
            size_t next = end + utf8_char_len((unsigned char)utf8[end]);
            if (next > n) next = n;
            chunk.len = 0;
            if (!utf8_to_charset(utf8 + i, next - i, "ISO-2022-JP", &chunk)) break;
            if (chunk.len > 40 && last_ok > i) break;
            last_ok = next;
            end = next;
        }
        if (last_ok == i) last_ok = end > i ? end : i + utf8_char_len((unsigned char)utf8[i]);
        chunk.len = 0;
        bool ok = utf8_to_charset(utf8 + i, last_ok - i, "ISO-2022-JP", &chunk);
        char b64[128];
        if (!first) buf_puts(b, "\r\n ");
        if (ok) {
            sodium_bin2base64(b64, sizeof b64, (const unsigned char *)chunk.p, chunk.len,
                              sodium_base64_VARIANT_ORIGINAL);
            buf_puts(b, "=?ISO-2022-JP?B?");
        } else {
            /* a character ISO-2022-JP cannot hold: fall back to UTF-8 for this word */
            sodium_bin2base64(b64, sizeof b64, (const unsigned char *)utf8 + i, last_ok - i,
                              sodium_base64_VARIANT_ORIGINAL);
            buf_puts(b, "=?UTF-8?B?");
        }
        buf_puts(b, b64);
        buf_puts(b, "?=");
        buf_free(&chunk);
        first = false;
        i = last_ok;
    }
}

static void header_addr(buf *b, const char *field, const char *name, const char *addr) {
    buf_puts(b, field);
    buf_puts(b, ": ");
    if (name && *name) {
        put_encoded_words(b, name);
        buf_putc(b, ' ');
    }
    buf_putc(b, '<');
    buf_puts(b, addr);
    buf_puts(b, ">\r\n");
}

static void put_crlf_text(buf *b, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) buf_putc(b, '\r');
        buf_putc(b, s[i]);
    }
}

static void body_part(buf *b, const mail_spec *m) {
    size_t n = strlen(m->body);
    buf enc = {0};
    mail_charset cs = m->charset;
    if (cs == CS_ISO2022JP && !utf8_to_charset(m->body, n, "ISO-2022-JP", &enc)) cs = CS_UTF8;
    if (cs == CS_SJIS) {
        enc.len = 0;
        if (!utf8_to_charset(m->body, n, "SHIFT_JIS", &enc)) cs = CS_UTF8;
    }
    if (cs == CS_ISO2022JP) {
        buf_puts(b, "Content-Type: text/plain; charset=\"ISO-2022-JP\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n");
        put_crlf_text(b, enc.p, enc.len);
    } else {
        buf crlf = {0};
        if (cs == CS_SJIS) {
            buf_puts(b, "Content-Type: text/plain; charset=\"Shift_JIS\"\r\n");
            put_crlf_text(&crlf, enc.p, enc.len);
        } else {
            buf_puts(b, "Content-Type: text/plain; charset=\"UTF-8\"\r\n");
            put_crlf_text(&crlf, m->body, n);
        }
        buf_puts(b, "Content-Transfer-Encoding: base64\r\n\r\n");
        put_base64_lines(b, (const uint8_t *)crlf.p, crlf.len);
        buf_free(&crlf);
    }
    if (b->len < 2 || b->p[b->len - 1] != '\n') buf_puts(b, "\r\n");
    buf_free(&enc);
}

void mail_build(buf *b, const mail_spec *m, uint64_t seq) {
    char boundary[64], ip[16];
    uint64_t h = mix64(seq ^ (uint64_t)m->t);
    snprintf(boundary, sizeof boundary, "----=_NextPart_%03x_%04X_%08llX", (unsigned)(h & 0xfff),
             (unsigned)((h >> 12) & 0xffff), (unsigned long long)((h >> 28) & 0xffffffffull));
    ip4_str(m->relay_ip, ip);
    buf_puts(b, "Return-Path: <");
    buf_puts(b, m->from_addr);
    buf_puts(b, ">\r\nReceived: from mgw01." ORG_DOMAIN " (mgw01." ORG_DOMAIN " [10.10.0.25])\r\n\tby mbx01."
                ORG_DOMAIN " with ESMTP id ");
    put_u64(b, 100000 + seq);
    buf_puts(b, "; ");
    put_rfc5322(b, m->t + 2000, 540);
    buf_puts(b, "\r\nReceived: from ");
    buf_puts(b, m->relay_name);
    buf_puts(b, " (");
    buf_puts(b, m->relay_name);
    buf_puts(b, " [");
    buf_puts(b, ip);
    buf_puts(b, "])\r\n\tby mgw01." ORG_DOMAIN " with ESMTP id ");
    put_u64(b, 900000 + seq);
    buf_puts(b, "\r\n\tfor <");
    buf_puts(b, m->to_addr);
    buf_puts(b, ">; ");
    put_rfc5322(b, m->t, 540);
    if (m->origin_name) {
        char oip[16];
        ip4_str(m->origin_ip, oip);
        buf_puts(b, "\r\nReceived: from ");
        buf_puts(b, m->origin_name);
        buf_puts(b, " (unknown [");
        buf_puts(b, oip);
        buf_puts(b, "])\r\n\tby ");
        buf_puts(b, m->relay_name);
        buf_puts(b, " with SMTP; ");
        put_rfc5322(b, m->t - 3000 - (int64_t)(h % 20000), 0);
    }
    buf_puts(b, "\r\nDate: ");
    put_rfc5322(b, m->t - 4000 - (int64_t)(h % 50000), 540);
    buf_puts(b, "\r\n");
    header_addr(b, "From", m->from_name, m->from_addr);
    header_addr(b, "To", m->to_name, m->to_addr);
    buf_puts(b, "Subject: ");
    put_encoded_words(b, m->subject);
    buf_puts(b, "\r\nMessage-ID: <");
    put_u64(b, (uint64_t)(m->t / 1000));
    buf_putc(b, '.');
    put_u64(b, h % 1000000);
    buf_putc(b, '@');
    const char *at = strchr(m->from_addr, '@');
    buf_puts(b, at ? at + 1 : "localhost");
    buf_puts(b, ">\r\nMIME-Version: 1.0\r\n");
    if (m->mailer) {
        buf_puts(b, "X-Mailer: ");
        buf_puts(b, m->mailer);
        buf_puts(b, "\r\n");
    }
    if (!m->natt) {
        body_part(b, m);
        return;
    }
    buf_puts(b, "Content-Type: multipart/mixed;\r\n\tboundary=\"");
    buf_puts(b, boundary);
    buf_puts(b, "\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--");
    buf_puts(b, boundary);
    buf_puts(b, "\r\n");
    body_part(b, m);
    for (int i = 0; i < m->natt; i++) {
        const mail_attachment *a = &m->att[i];
        buf_puts(b, "\r\n--");
        buf_puts(b, boundary);
        buf_puts(b, "\r\nContent-Type: ");
        buf_puts(b, a->ctype);
        buf_puts(b, ";\r\n\tname=\"");
        put_encoded_words(b, a->name);
        buf_puts(b, "\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment;\r\n\tfilename=\"");
        put_encoded_words(b, a->name);
        buf_puts(b, "\"\r\n\r\n");
        put_base64_lines(b, a->data, a->len);
    }
    buf_puts(b, "\r\n--");
    buf_puts(b, boundary);
    buf_puts(b, "--\r\n");
}

bool mail_write(sim *s, const mail_spec *m, char *file, size_t file_len) {
    char date[11], path[900];
    jst_date(m->t, date, false);
    int64_t local = (m->t + JST_OFF_MS) % DAY_MS;
    uint64_t seq = ++s->mails_written;
    snprintf(file, file_len, "mail/%s-%02d%02d%02d-%05llu.eml", date, (int)(local / HOUR_MS),
             (int)(local / MIN_MS % 60), (int)(local / 1000 % 60), (unsigned long long)seq);
    snprintf(path, sizeof path, "%s/%s", s->dir[DIR_ROOT], file);
    buf b = {0};
    mail_build(&b, m, seq);
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(b.p, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0) ok = false;
    if (!ok && !s->write_failed) {
        snprintf(s->write_error, sizeof s->write_error, "%s: %s", path, strerror(errno ? errno : EIO));
        s->write_failed = true;
    }
    s->mail_bytes += b.len;
    sim_conn c = {.t = m->t, .src = m->relay_ip, .dst = s->w.mail_ip, .sport = (uint16_t)(30000 + seq % 30000),
                  .dport = 25, .proto = 6, .allowed = true, .sent = (int64_t)b.len + 900, .rcvd = 1400,
                  .duration_ms = 800 + (int64_t)(b.len / 50), .service = "SMTP", .policy = 7};
    emit_edge(s, &c);
    buf_free(&b);
    return ok;
}
