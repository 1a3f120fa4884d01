/* html.h - putting text from logs into an HTML page safely.
 *
 * Every host name, URL, User-Agent and finding text in a report came from a
 * log an attacker could write to. html_escape makes any byte string inert in
 * HTML text and in double-quoted attribute values (the only two contexts the
 * report puts data in: never href, src, style or on* attributes, and never a
 * <script> body, which gets JSON from core/json.c in html-safe mode instead):
 *   & < > " '               become entities;
 *   invalid UTF-8, C0 controls other than tab and newline, DEL, and the
 *   bidirectional overrides (U+202A-U+202E, U+2066-U+2069, which could make a
 *   host name read backwards) become U+FFFD.
 * html_escape_max also bounds the length, cutting at a character boundary and
 * adding an ellipsis, so a 1 MB URL cannot swamp the page.
 *
 * text_clean does the same replacements and bounding without the entities,
 * for text that goes into the page's JSON data block (the JSON writer's
 * html-safe mode escapes < > & there) and is shown by the script through
 * textContent. */
#ifndef MITSUKE_HTML_H
#define MITSUKE_HTML_H

#include "core/buf.h"
#include "core/sv.h"

void html_escape(buf *b, sv s);
void html_escape_max(buf *b, sv s, size_t max_bytes);
void text_clean(buf *b, sv s, size_t max_bytes);
static inline void html_escape_cstr(buf *b, const char *s) { html_escape(b, sv_cstr(s)); }

#endif
