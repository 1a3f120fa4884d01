/* utf8.h - UTF-8 validation helpers for text that may be anything. */
#ifndef MITSUKE_UTF8_H
#define MITSUKE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length (1-4) of the valid UTF-8 sequence at p, or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are invalid). */
size_t utf8_valid_prefix(const char *p, size_t n);
bool utf8_valid(const char *p, size_t n);
/* Bytes to keep so that at most `max` bytes remain and no sequence is cut. */
size_t utf8_truncate(const char *p, size_t n, size_t max);
/* Columns the text takes in a terminal: 2 for East Asian wide and full-width
 * characters (kanji, kana, hangul, full-width forms), 1 for the rest; an
 * invalid byte or a control character counts 1 (it is shown as '?'). */
size_t utf8_display_width(const char *p, size_t n);
/* Bytes to keep so the text takes at most `cols` columns. */
size_t utf8_fit_width(const char *p, size_t n, size_t cols);
/* Writes code point `cp` as UTF-8 into out (room for 4 bytes) and returns
 * the length. Surrogates and values above U+10FFFF, which UTF-8 cannot
 * carry, are written as U+FFFD. */
size_t utf8_encode(char *out, uint32_t cp);

#endif
