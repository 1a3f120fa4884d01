/* texttable.c - aligned text tables; see texttable.h. */
#include "report/texttable.h"
#include "core/diag.h"
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

static void pad(FILE *f, size_t n) {
    while (n--) fputc(' ', f);
}

void tt_print(const ttable *t, FILE *f, int indent) {
    size_t width[TT_MAX_COLS] = {0};
    const char *const *cell = t->cells.data;
    size_t n = t->cells.len;
    for (size_t i = 0; i < n; i++) {
        size_t w = utf8_width(cell[i], strlen(cell[i]));
        if (w > width[i % t->ncols]) width[i % t->ncols] = w;
    }
    for (size_t i = 0; i < n; i++) {
        size_t col = i % t->ncols;
        bool last = col == t->ncols - 1 || i == n - 1;
        size_t w = utf8_width(cell[i], strlen(cell[i]));
        if (col == 0) pad(f, (size_t)(indent > 0 ? indent : 0));
        if (t->right[col]) pad(f, width[col] - w);
        fputs(cell[i], f);
        if (!last && !t->right[col]) pad(f, width[col] - w);
        fputs(last ? "\n" : "  ", f);
    }
}

void tt_free(ttable *t) {
    vec_free(&t->cells);
    arena_free(&t->mem);
}

char *fmt_count(uint64_t v, char *buf) {
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    size_t o = 0;
    for (int i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = 0;
    return buf;
}
