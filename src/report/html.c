/* html.c - HTML escaping of untrusted text; see html.h.
 *
 * One pass over the bytes: runs of plain ASCII and valid UTF-8 are copied in
 * one buf_put, and only the bytes that need a replacement break the run. */
#include "report/html.h"
#include "core/utf8.h"

#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* True for the bidirectional embedding/override/isolate controls. */
static bool is_bidi_control(const unsigned char *p, size_t len) {
    if (len != 3 || p[0] != 0xe2) return false;
    if (p[1] == 0x80) return p[2] >= 0xaa && p[2] <= 0xae; /* U+202A..U+202E */
    if (p[1] == 0x81) return p[2] >= 0xa6 && p[2] <= 0xa9; /* U+2066..U+2069 */
    return false;
}

static const char *ascii_replacement(unsigned char c, bool entities) {
    if (c == '\t' || c == '\n') return NULL;
    if (c < 0x20 || c == 0x7f) return REPLACEMENT;
    if (!entities) return NULL;
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    }
    return NULL;
}

static void clean(buf *b, sv s, bool entities) {
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0, plain = 0;
    buf_reserve(b, s.n);
    while (i < s.n) {
        const char *rep = NULL;
        size_t len = 1;
        if (p[i] < 0x80) {
            rep = ascii_replacement(p[i], entities);
        } else {
            len = utf8_valid_prefix(s.p + i, s.n - i);
            if (!len) len = 1, rep = REPLACEMENT;
            else if (is_bidi_control(p + i, len)) rep = REPLACEMENT;
        }
        if (rep) {
            buf_put(b, s.p + plain, i - plain);
            buf_puts(b, rep);
            plain = i + len;
        }
        i += len;
    }
    buf_put(b, s.p + plain, s.n - plain);
}

void html_escape(buf *b, sv s) { clean(b, s, true); }

void text_clean(buf *b, sv s, size_t max_bytes) {
    size_t n = utf8_truncate(s.p, s.n, max_bytes);
    clean(b, sv_make(s.p, n), false);
    if (n < s.n) buf_puts(b, "\xe2\x80\xa6");
}

void html_escape_max(buf *b, sv s, size_t max_bytes) {
    if (s.n <= max_bytes) {
        html_escape(b, s);
        return;
    }
    html_escape(b, sv_make(s.p, utf8_truncate(s.p, s.n, max_bytes)));
    buf_puts(b, "\xe2\x80\xa6"); /* … */
}

