/* texttable.h - aligned plain-text tables for the human output of commands.
 *
 * Cells are added row by row; tt_print pads each column to its widest cell,
 * measured in terminal columns (Japanese text counts two per character), and
 * leaves the last column unpadded so long file names do not push the table
 * wide. Cell text is copied and made printable (control characters and
 * invalid UTF-8 become '?'), so a cell may safely hold a file name or a
 * string from a log. */
#ifndef MITSUKE_TEXTTABLE_H
#define MITSUKE_TEXTTABLE_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/sv.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define TT_MAX_COLS 16

typedef struct ttable {
    size_t ncols;
    bool right[TT_MAX_COLS];   /* right-aligned (numbers) */
    vec cells;                 /* of const char*, row-major */
    arena mem;
} ttable;

void tt_init(ttable *t, size_t ncols);
void tt_align_right(ttable *t, size_t col);
void tt_cell(ttable *t, const char *text);
void tt_cellf(ttable *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes the table, each line starting with `indent` spaces. */
void tt_print(const ttable *t, FILE *f, int indent);
void tt_free(ttable *t);

/* "1,234,567" into out (at least 32 bytes); returns out. */
char *fmt_count(uint64_t v, char *out);

/* printf into `b` in the output language (--lang); the two formats take the
 * same arguments. A line longer than 511 bytes is cut. */
void tt_say(buf *b, const char *en, const char *ja, ...) __attribute__((format(printf, 2, 4), format(printf, 3, 4)));

/* For tables with fixed column widths (scan, hunt): appends `s` made
 * printable as tt_cell makes it (control characters and invalid UTF-8
 * become '?'); when it is wider than `cols` terminal columns (0: no limit)
 * it is cut at a character boundary and ends in `ellipsis`, the two taking
 * at most `cols`. Returns the columns written. */
size_t tt_put_text(buf *b, sv s, size_t cols, const char *ellipsis);
/* The same, then filled with spaces to `cols`: after the text, or before it
 * when `right` (numbers). */
void tt_put_padded(buf *b, sv s, size_t cols, bool right, const char *ellipsis);

#endif
