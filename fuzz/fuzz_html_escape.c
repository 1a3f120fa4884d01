/* fuzz_html_escape.c - escaping log text for the HTML report: whatever the
 * input, the output is valid UTF-8 with no markup character, no control
 * character but tab and newline, and no bidirectional override; the bounded
 * form never exceeds its limit plus the ellipsis. */
#include "core/utf8.h"
#include "report/html.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool entity_at(const char *p, size_t n) {
    static const char *const entities[] = {"&lt;", "&gt;", "&amp;", "&quot;", "&#39;"};
    for (size_t k = 0; k < sizeof entities / sizeof entities[0]; k++) {
        size_t len = strlen(entities[k]);
        if (n >= len && !memcmp(p, entities[k], len)) return true;
    }
    return false;
}

static bool bidi_at(const unsigned char *p, size_t n) {
    return n >= 3 && p[0] == 0xe2 &&
           ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) || (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9));
}

static void check(const buf *b) {
    if (!utf8_valid(b->p, b->len)) abort();
    for (size_t i = 0; i < b->len; i++) {
        unsigned char c = (unsigned char)b->p[i];
        if (c == '<' || c == '>' || c == '"' || c == '\'' || c == 0x7f || (c < 0x20 && c != '\t' && c != '\n'))
            abort();
        if (c == '&' && !entity_at(b->p + i, b->len - i)) abort();
        if (bidi_at((const unsigned char *)b->p + i, b->len - i)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sv s = sv_make((const char *)data, size);
    buf b = {0};
    html_escape(&b, s);
    check(&b);
    buf_clear(&b);
    size_t max = size ? data[0] : 0;
    html_escape_max(&b, s, max);
    check(&b);
    buf_clear(&b);
    text_clean(&b, s, max);
    if (!utf8_valid(b.p, b.len) || b.len > max * 3 + 3 + 3) abort();
    buf_free(&b);
    return 0;
}
