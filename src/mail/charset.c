/* charset.c - labels, sniffing and decoding to UTF-8; see charset.h.
 *
 * Decoding is iconv (through a small cache of open descriptors, since opening
 * one costs more than converting a short body) except for ISO-2022-JP, which
 * is turned into CP932 bytes here and decoded as CP932. */
#include "mail/charset.h"
#include "core/utf8.h"
#include "core/util.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define ISO2022JP "ISO-2022-JP"

/* ---- label canonicalisation ---- */

typedef struct alias {
    const char *label, *canonical;
} alias;

static const alias aliases[] = {
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
    {"us-ascii", "UTF-8"}, {"ascii", "UTF-8"}, {"ansi_x3.4-1968", "UTF-8"},
    {"iso-2022-jp", ISO2022JP}, {"csiso2022jp", ISO2022JP}, {"iso2022jp", ISO2022JP},
    {"iso-2022-jp-1", ISO2022JP}, {"iso-2022-jp-3", ISO2022JP}, {"iso-2022-jp-2", "ISO-2022-JP-2"},
    {"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"}, {"x-sjis", "CP932"},
    {"ms_kanji", "CP932"}, {"csshiftjis", "CP932"}, {"windows-31j", "CP932"}, {"cp932", "CP932"},
    {"ms932", "CP932"}, {"x-ms-cp932", "CP932"}, {"shift_jisx0213", "CP932"},
    {"euc-jp", "EUC-JP-MS"}, {"x-euc-jp", "EUC-JP-MS"}, {"eucjp", "EUC-JP-MS"}, {"eucjp-ms", "EUC-JP-MS"},
    {"cseucpkdfmtjapanese", "EUC-JP-MS"},
    /* as browsers do: Latin-1 labels mean Windows-1252 */
    {"iso-8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"}, {"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
    {"ks_c_5601-1987", "CP949"}, {"euc-kr", "CP949"}, {"gb2312", "GB18030"}, {"gbk", "GB18030"},
    {"gb18030", "GB18030"}, {"big5", "BIG5-HKSCS"},
};

/* A label salvaged from junk around it: the first of these it contains. */
static const alias salvage[] = {
    {"2022-jp", ISO2022JP}, {"2022jp", ISO2022JP}, {"shift_jis", "CP932"}, {"shift-jis", "CP932"},
    {"sjis", "CP932"}, {"euc-jp", "EUC-JP-MS"}, {"eucjp", "EUC-JP-MS"}, {"utf-8", "UTF-8"}, {"utf8", "UTF-8"},
};

/* ---- iconv descriptors, opened once ---- */

typedef struct cached_cd {
    char name[40];
    iconv_t cd;   /* (iconv_t)-1 when the charset is unknown to iconv */
} cached_cd;

static cached_cd cd_cache[24];
static size_t cd_count;

static iconv_t open_cd(const char *name) {
    for (size_t i = 0; i < cd_count; i++)
        if (!strcmp(cd_cache[i].name, name)) {
            if (cd_cache[i].cd != (iconv_t)-1) iconv(cd_cache[i].cd, NULL, NULL, NULL, NULL);
            return cd_cache[i].cd;
        }
    /* a full cache (many odd labels in one run) reuses its slots in turn */
    static size_t next_evict;
    size_t slot = cd_count < ARRAY_LEN(cd_cache) ? cd_count++ : next_evict++ % ARRAY_LEN(cd_cache);
    if (slot < cd_count && cd_cache[slot].name[0] && cd_cache[slot].cd != (iconv_t)-1) iconv_close(cd_cache[slot].cd);
    snprintf(cd_cache[slot].name, sizeof cd_cache[slot].name, "%s", name);
    cd_cache[slot].cd = iconv_open("UTF-8", name);
    return cd_cache[slot].cd;
}

static bool label_char_ok(char c) {
    return isalnum((unsigned char)c) || c == '-' || c == '_' || c == '.' || c == ':';
}

/* The canonical name mitsuke uses for a label ("CP932" for shift_jis), or NULL
 * when the label names no charset it knows. *salvaged is set when the label was
 * malformed but plainly meant a charset. */
static const char *charset_canonical(sv label, bool *salvaged) {
    char low[48];
    if (salvaged) *salvaged = false;
    label = sv_trim(label);
    while (label.n && (label.p[0] == '"' || label.p[0] == '\'')) label = sv_sub(label, 1, label.n);
    while (label.n && (label.p[label.n - 1] == '"' || label.p[label.n - 1] == '\'')) label.n--;
    if (!label.n || label.n >= sizeof low) return NULL;
    bool clean = true;
    for (size_t i = 0; i < label.n; i++) {
        low[i] = (char)tolower((unsigned char)label.p[i]);
        if (!label_char_ok(label.p[i])) clean = false;
    }
    low[label.n] = 0;
    if (clean) {
        for (size_t i = 0; i < ARRAY_LEN(aliases); i++)
            if (!strcmp(low, aliases[i].label)) return aliases[i].canonical;
        /* anything else iconv knows, under the name given */
        static char known[48];
        if (open_cd(low) != (iconv_t)-1) {
            snprintf(known, sizeof known, "%s", low);
            return known;
        }
    }
    for (size_t i = 0; i < ARRAY_LEN(salvage); i++)
        if (strstr(low, salvage[i].label)) {
            if (salvaged) *salvaged = true;
            return salvage[i].canonical;
        }
    return NULL;
}

/* ---- conversion ---- */

static void put_replacement(buf *out) { buf_put(out, "\xEF\xBF\xBD", 3); }

/* Converts with iconv. Strict: returns false at the first invalid byte (the
 * caller discards the output). Lenient: invalid bytes become U+FFFD and the
 * function returns false if any did. */
static bool convert(iconv_t cd, const char *p, size_t n, buf *out, bool strict) {
    bool clean = true;
    char *in = (char *)p;
    size_t inleft = n;
    while (inleft) {
        buf_reserve(out, inleft * 3 + 16);
        char *o = out->p + out->len;
        size_t oleft = out->cap - out->len;
        size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->p);
        if (rc != (size_t)-1) break;
        if (errno == E2BIG) continue;
        /* EILSEQ or EINVAL (truncated sequence at the end) */
        clean = false;
        if (strict) return false;
        put_replacement(out);
        in++;
        inleft--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    /* flush the shift state */
    buf_reserve(out, 16);
    char *o = out->p + out->len;
    size_t oleft = out->cap - out->len;
    iconv(cd, NULL, NULL, &o, &oleft);
    out->len = (size_t)(o - out->p);
    return clean;
}

/* Valid UTF-8 is copied; invalid bytes become U+FFFD. Returns false if any did. */
static bool copy_utf8(const char *p, size_t n, buf *out) {
    bool clean = true;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_valid_prefix(p + i, n - i);
        if (k) {
            size_t start = i;
            while (i < n && (k = utf8_valid_prefix(p + i, n - i)) != 0) i += k;
            buf_put(out, p + start, i - start);
        } else {
            put_replacement(out);
            clean = false;
            i++;
        }
    }
    return clean;
}

/* ISO-2022-JP to CP932 bytes. Returns false if the input holds 8-bit bytes or
 * a character set mitsuke cannot map (JIS X 0212), which mark it as not really
 * ISO-2022-JP; the unmappable pairs are written as '?'. */
static bool iso2022jp_to_cp932(const char *p, size_t n, buf *out) {
    enum { ASCII, KANJI, KANA, UNMAPPED } mode = ASCII;
    bool clean = true;
    buf_reserve(out, n);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0x1b) {
            if (i + 2 < n && p[i + 1] == '(' && (p[i + 2] == 'B' || p[i + 2] == 'J')) mode = ASCII, i += 2;
            else if (i + 2 < n && p[i + 1] == '(' && p[i + 2] == 'I') mode = KANA, i += 2;
            else if (i + 2 < n && p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@')) mode = KANJI, i += 2;
            else if (i + 3 < n && p[i + 1] == '$' && p[i + 2] == '(' && (p[i + 3] == 'Q' || p[i + 3] == 'O'))
                mode = KANJI, i += 3;
            else if (i + 3 < n && p[i + 1] == '$' && p[i + 2] == '(' && p[i + 3] == 'D')
                mode = UNMAPPED, i += 3, clean = false;
            else clean = false; /* unknown escape: keep the byte out, go on */
            continue;
        }
        if (c == 0x0e) { mode = KANA; continue; }   /* SO */
        if (c == 0x0f) { mode = ASCII; continue; }  /* SI */
        if (c >= 0x80) {
            clean = false;
            buf_putc(out, '?');
            continue;
        }
        if (c == '\n' || c == '\r') {
            buf_putc(out, (char)c);
            continue;
        }
        switch (mode) {
        case ASCII: buf_putc(out, (char)c); break;
        case KANA:
            if (c >= 0x21 && c <= 0x5f) buf_putc(out, (char)(c + 0x80));
            else buf_putc(out, (char)c);
            break;
        case KANJI:
        case UNMAPPED:
            if (c < 0x21 || c > 0x7e || i + 1 >= n) {
                buf_putc(out, (char)c);
                break;
            }
            unsigned j1 = c, j2 = (unsigned char)p[++i];
            if (j2 < 0x21 || j2 > 0x7e || mode == UNMAPPED) {
                buf_putc(out, '?');
                clean = false;
                break;
            }
            unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
            unsigned s2 = j2 + ((j1 & 1) ? (j2 >= 0x60 ? 0x20 : 0x1f) : 0x7e);
            buf_putc(out, (char)s1);
            buf_putc(out, (char)s2);
            break;
        }
    }
    return clean;
}

static bool has_iso2022jp_escape(const char *p, size_t n) {
    for (size_t i = 0; i + 2 < n; i++)
        if (p[i] == 0x1b && ((p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@' || p[i + 2] == '(')) ||
                             (p[i + 1] == '(' && (p[i + 2] == 'J' || p[i + 2] == 'I'))))
            return true;
    return false;
}

static bool all_7bit(const char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80) return false;
    return true;
}

/* How Japanese a UTF-8 text looks: kana and kanji count, half-width kana
 * (what EUC-JP bytes turn into when read as CP932) count against. */
static long japanese_score(const char *p, size_t n) {
    long score = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c != 0xe3 && c != 0xe4 && c != 0xe5 && c != 0xe6 && c != 0xe7 && c != 0xe8 && c != 0xe9 && c != 0xef)
            continue;
        unsigned cp = ((c & 0x0fu) << 12) | (((unsigned char)p[i + 1] & 0x3fu) << 6) | ((unsigned char)p[i + 2] & 0x3fu);
        if (cp >= 0x3040 && cp <= 0x30ff) score += 3;       /* kana */
        else if (cp >= 0x3000 && cp <= 0x303f) score += 2;  /* punctuation */
        else if (cp >= 0x4e00 && cp <= 0x9fff) score += 1;  /* kanji */
        else if (cp >= 0xff61 && cp <= 0xff9f) score -= 2;  /* half-width kana */
        i += 2;
    }
    return score;
}

static bool decode_as(const char *name, const char *p, size_t n, buf *out, bool strict) {
    if (!strcmp(name, ISO2022JP)) {
        buf sj = {0};
        bool ok = iso2022jp_to_cp932(p, n, &sj);
        if (!ok && strict) {
            buf_free(&sj);
            return false;
        }
        iconv_t cd = open_cd("CP932");
        bool conv_ok = cd != (iconv_t)-1 && convert(cd, sj.p ? sj.p : "", sj.len, out, strict);
        buf_free(&sj);
        return ok && conv_ok;
    }
    if (!strcmp(name, "UTF-8")) {
        if (strict && !utf8_valid(p, n)) return false;
        return copy_utf8(p, n, out);
    }
    iconv_t cd = open_cd(name);
    if (cd == (iconv_t)-1) return false;
    return convert(cd, p, n, out, strict);
}

/* Tries a strict decode; on failure rolls `out` back and returns false. */
static bool try_strict(const char *name, const char *p, size_t n, buf *out) {
    size_t mark = out->len;
    if (decode_as(name, p, n, out, true)) return true;
    out->len = mark;
    return false;
}

/* No usable label, or the label lied: find the charset from the bytes. */
static const char *sniff_and_decode(const char *p, size_t n, buf *out, const char *fallback, bool *lossy) {
    *lossy = false;
    bool seven = all_7bit(p, n);
    if (seven && has_iso2022jp_escape(p, n) && try_strict(ISO2022JP, p, n, out)) return ISO2022JP;
    if (utf8_valid(p, n)) {
        buf_put(out, p, n);
        return "UTF-8";
    }
    size_t mark = out->len;
    bool sj = try_strict("CP932", p, n, out);
    size_t sj_end = out->len;
    long sj_score = sj ? japanese_score(out->p + mark, sj_end - mark) : 0;
    buf euc = {0};
    bool eu = decode_as("EUC-JP-MS", p, n, &euc, true);
    long eu_score = eu ? japanese_score(euc.p, euc.len) : 0;
    if (eu && (!sj || eu_score > sj_score)) {
        out->len = mark;
        buf_put(out, euc.p, euc.len);
        buf_free(&euc);
        return "EUC-JP-MS";
    }
    buf_free(&euc);
    if (sj) return "CP932";
    out->len = mark;
    const char *use = fallback ? fallback : "WINDOWS-1252";
    if (!decode_as(use, p, n, out, false)) {
        *lossy = true;
        if (out->len == mark) copy_utf8(p, n, out), use = "UTF-8";
    }
    return use;
}

void charset_decode(const char *p, size_t n, const char *label, buf *out, charset_result *res) {
    charset_result dummy;
    if (!res) res = &dummy;
    memset(res, 0, sizeof *res);
    if (!p) p = "";
    bool salvaged = false;
    const char *canon = NULL;
    if (label && *label) {
        canon = charset_canonical(sv_cstr(label), &salvaged);
        res->label_malformed = !canon || salvaged;
    }
    if (canon && try_strict(canon, p, n, out)) {
        res->used = canon;
        return;
    }
    /* US-ASCII labels on 8-bit text, Shift_JIS labels on EUC-JP text and the
     * like: the label was wrong (or missing); look at the bytes instead. */
    if (canon) res->label_wrong = true;
    res->used = sniff_and_decode(p, n, out, canon, &res->lossy);
}

/* ---- headers ---- */

void header_unfold(sv raw, buf *out) {
    for (size_t i = 0; i < raw.n; i++)
        if (raw.p[i] != '\r' && raw.p[i] != '\n') buf_putc(out, raw.p[i]);
}

static int b64_value(unsigned char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

static void b64_decode(sv s, buf *out) {
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < s.n; i++) {
        int v = b64_value((unsigned char)s.p[i]);
        if (v < 0) continue; /* padding, spaces, junk */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf_putc(out, (char)((acc >> bits) & 0xff));
        }
    }
}

static int hex_value(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static void q_decode(sv s, buf *out) {
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == '_') buf_putc(out, ' ');
        else if (c == '=' && i + 2 < s.n && hex_value((unsigned char)s.p[i + 1]) >= 0 &&
                 hex_value((unsigned char)s.p[i + 2]) >= 0) {
            buf_putc(out, (char)(hex_value((unsigned char)s.p[i + 1]) * 16 + hex_value((unsigned char)s.p[i + 2])));
            i += 2;
        } else buf_putc(out, c);
    }
}

/* Parses "=?charset?E?text?=" at s.p; returns its length, or 0 if it is not one. */
static size_t parse_encoded_word(sv s, sv *charset, char *enc, sv *text) {
    if (s.n < 8 || s.p[0] != '=' || s.p[1] != '?') return 0;
    size_t i = 2;
    while (i < s.n && i < 2 + 64 && s.p[i] != '?' && s.p[i] > ' ') i++;
    if (i >= s.n || s.p[i] != '?' || i == 2) return 0;
    *charset = sv_sub(s, 2, i);
    ptrdiff_t star = sv_find_char(*charset, '*'); /* RFC 2231 language suffix */
    if (star >= 0) charset->n = (size_t)star;
    if (i + 2 >= s.n || s.p[i + 2] != '?') return 0;
    char e = (char)toupper((unsigned char)s.p[i + 1]);
    if (e != 'B' && e != 'Q') return 0;
    *enc = e;
    size_t start = i + 3, j = start;
    /* text ends at "?="; real words are short, but some mailers exceed 75 */
    while (j + 1 < s.n && j - start < 4096 && !(s.p[j] == '?' && s.p[j + 1] == '=')) {
        if (s.p[j] == ' ' && e == 'Q') return 0;
        j++;
    }
    if (j + 1 >= s.n || s.p[j] != '?' || s.p[j + 1] != '=') return 0;
    *text = sv_sub(s, start, j);
    return j + 2;
}

static void flush_pending(buf *pending, const char *label, buf *out) {
    if (!pending->len) return;
    charset_decode(pending->p, pending->len, label, out, NULL);
    buf_clear(pending);
}

static void put_plain(sv s, buf *out) {
    if (all_7bit(s.p, s.n)) buf_put(out, s.p, s.n);
    else charset_decode(s.p, s.n, NULL, out, NULL);
}

void rfc2047_decode(sv raw, buf *out) {
    buf unfolded = {0}, pending = {0};
    header_unfold(raw, &unfolded);
    sv s = sv_make(unfolded.p ? unfolded.p : "", unfolded.len);
    char pending_label[72] = "";
    size_t i = 0, plain_start = 0;
    bool last_was_word = false;
    while (i < s.n) {
        if (s.p[i] == '=' && i + 1 < s.n && s.p[i + 1] == '?') {
            sv charset, text;
            char enc;
            size_t len = parse_encoded_word(sv_sub(s, i, s.n), &charset, &enc, &text);
            if (len) {
                sv between = sv_sub(s, plain_start, i);
                bool only_space = true;
                for (size_t k = 0; k < between.n; k++)
                    if (between.p[k] != ' ' && between.p[k] != '\t') only_space = false;
                char label[72];
                sv_to_buf(charset, label, sizeof label);
                /* whitespace between two encoded words is not part of the text */
                if (!(last_was_word && only_space)) {
                    flush_pending(&pending, pending_label, out);
                    put_plain(between, out);
                } else if (strcasecmp(label, pending_label) != 0) {
                    flush_pending(&pending, pending_label, out);
                }
                snprintf(pending_label, sizeof pending_label, "%s", label);
                if (enc == 'B') b64_decode(text, &pending);
                else q_decode(text, &pending);
                i += len;
                plain_start = i;
                last_was_word = true;
                continue;
            }
        }
        i++;
    }
    flush_pending(&pending, pending_label, out);
    put_plain(sv_sub(s, plain_start, s.n), out);
    buf_free(&pending);
    buf_free(&unfolded);
}
