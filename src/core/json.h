/* json.h - writing JSON (objects, arrays, escaped strings) into a buf.
 *
 * Every string from a log is attacker-controlled: the writer escapes control
 * characters, replaces invalid UTF-8 with U+FFFD (the raw bytes stay citable
 * through the record's source and offset), and in html-safe mode also escapes
 * < > & so JSON can sit inside an HTML <script> block. */
#ifndef MITSUKE_JSON_H
#define MITSUKE_JSON_H

#include "core/buf.h"
#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

void json_escape(buf *b, sv s, bool html_safe);   /* with the surrounding quotes */

#define JW_MAX_DEPTH 32

typedef struct jw {
    buf *b;
    int depth;
    bool html_safe;
    bool after_key;                 /* a key was written: the next value needs no comma */
    bool has_items[JW_MAX_DEPTH];   /* per open object/array: something was written in it */
} jw;

void jw_init(jw *w, buf *b);
void jw_obj_begin(jw *w);
void jw_obj_end(jw *w);
void jw_arr_begin(jw *w);
void jw_arr_end(jw *w);
void jw_key(jw *w, const char *key);
void jw_key_sv(jw *w, sv key);                   /* a key from data (escaped like a string) */
void jw_str(jw *w, sv s);
void jw_cstr(jw *w, const char *s);              /* NULL writes null */
void jw_int(jw *w, int64_t v);
void jw_double(jw *w, double v);
void jw_bool(jw *w, bool v);
void jw_null(jw *w);
void jw_time(jw *w, int64_t ms);                 /* ISO 8601 in the display zone; null for MTIME_NONE */
void jw_raw(jw *w, const char *json);            /* pre-built JSON value */

/* CSV field per RFC 4180. A field starting with = + - @ (and not a number) gets
 * a leading apostrophe so a spreadsheet never evaluates log text as a formula. */
void csv_field(buf *b, sv s);

#endif
