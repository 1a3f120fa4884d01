/* utf8.h - UTF-8 validation helpers for text that may be anything. */
#ifndef MITSUKE_UTF8_H
#define MITSUKE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Length (1-4) of the valid UTF-8 sequence at p, or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
size_t utf8_valid_prefix(const char *p, size_t n);
bool utf8_valid(const char *p, size_t n);
/* Bytes to keep so that at most `max` bytes remain and no sequence is cut. */
size_t utf8_truncate(const char *p, size_t n, size_t max);
/* Terminal columns the text takes: East Asian wide and fullwidth characters
 * (kana, kanji, hangul, fullwidth forms) count two, others one; an invalid
 * byte counts one (it is shown as one replacement character). */
size_t utf8_width(const char *p, size_t n);

#endif
