/* texttable.c - aligned text tables; see texttable.h. */
#include "report/texttable.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/utf8.h"

#include <stdarg.h>
#include <string.h>

void tt_init(ttable *t, size_t ncols) {
    memset(t, 0, sizeof *t);
    t->ncols = ncols < 1 ? 1 : ncols > TT_MAX_COLS ? TT_MAX_COLS : ncols;
    vec_init(&t->cells, sizeof(const char *));
    arena_init(&t->mem, 16 * 1024);
}

void tt_align_right(ttable *t, size_t col) {
    if (col < TT_MAX_COLS) t->right[col] = true;
}

void tt_cell(ttable *t, const char *text) {
    *(const char **)vec_push(&t->cells) = arena_strdup(&t->mem, diag_safe(text ? text : ""));
}

void tt_cellf(ttable *t, const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    tt_cell(t, tmp);
}

static void pad(buf *b, size_t n) {
    while (n--)
        buf_putc(b, ' ');
}

void tt_print(const ttable *t, FILE *f, int indent) {
    size_t width[TT_MAX_COLS] = {0};
    const char *const *cell = t->cells.data;
    size_t n = t->cells.len;
    for (size_t i = 0; i < n; i++) {
        size_t w = utf8_display_width(cell[i], strlen(cell[i]));
        if (w > width[i % t->ncols]) width[i % t->ncols] = w;
    }
    buf line = {0};
    for (size_t i = 0; i < n; i++) {
        size_t col = i % t->ncols;
        size_t w = utf8_display_width(cell[i], strlen(cell[i]));
        if (col == 0)
            pad(&line, (size_t)(indent > 0 ? indent : 0));
        else
            buf_puts(&line, "  ");
        if (t->right[col]) pad(&line, width[col] - w);
        buf_puts(&line, cell[i]);
        if (!t->right[col]) pad(&line, width[col] - w);
        if (col == t->ncols - 1 || i == n - 1) {
            while (line.len && line.p[line.len - 1] == ' ')
                line.len--;
            buf_putc(&line, '\n');
            buf_flush(&line, f);
        }
    }
    buf_free(&line);
}

void tt_free(ttable *t) {
    vec_free(&t->cells);
    arena_free(&t->mem);
}

char *fmt_count(uint64_t v, char *out) {
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = 0;
    return out;
}

size_t tt_put_text(buf *b, sv s, size_t cols, const char *ellipsis) {
    size_t keep = s.n, width = utf8_display_width(s.p, s.n), ell = 0;
    bool cut = cols && width > cols;
    if (cut) {
        ell = utf8_display_width(ellipsis, strlen(ellipsis));
        keep = utf8_fit_width(s.p, s.n, cols > ell ? cols - ell : 0);
        width = utf8_display_width(s.p, keep) + ell;
    }
    for (size_t i = 0; i < keep;) {
        size_t k = utf8_valid_prefix(s.p + i, keep - i);
        unsigned char c = (unsigned char)s.p[i];
        if (!k || c < 0x20 || c == 0x7f) {
            buf_putc(b, '?');
            i++;
        } else {
            buf_put(b, s.p + i, k);
            i += k;
        }
    }
    if (cut) buf_puts(b, ellipsis);
    return width;
}

void tt_put_padded(buf *b, sv s, size_t cols, bool right, const char *ellipsis) {
    size_t at = b->len, width = tt_put_text(b, s, cols, ellipsis);
    if (width >= cols) return;
    size_t fill = cols - width;
    buf_reserve(b, fill);
    if (right) memmove(b->p + at + fill, b->p + at, b->len - at);
    memset(b->p + (right ? at : b->len), ' ', fill);
    b->len += fill;
}

void tt_say(buf *b, const char *en, const char *ja, ...) {
    va_list ap;
    va_start(ap, ja);
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, lang_get() == LANG_JA ? ja : en, ap);
    va_end(ap);
    buf_puts(b, tmp);
}
