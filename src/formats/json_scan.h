/* json_scan.h - reading one JSON object per line without building a tree.
 *
 * The JSON-lines formats (jsonl, zeek-json) run this once per record, so it
 * is a thin layer over jsmn, a zero-copy tokenizer: a line becomes an array
 * of tokens (type and byte range), and values are found by walking that
 * array. Strings are returned as views into the line when they hold no
 * escapes, and decoded into the caller's scratch area when they do.
 *
 * The token array has a limit chosen at creation, so a hostile line cannot
 * make it grow without bound: a line with more tokens is refused with "too
 * many JSON tokens". Up to JSON_SCAN_MAX_TOKENS it is allocated at once;
 * a larger limit (whole Windows events written over many lines) is reached
 * by doubling when a record needs it. Token 0 is the root object. */
#ifndef MITSUKE_JSON_SCAN_H
#define MITSUKE_JSON_SCAN_H

#include "core/sv.h"
#include "formats/scratch.h"

#include <stdbool.h>
#include <stdint.h>

#define JSON_SCAN_MAX_TOKENS 4096

typedef enum json_type {
    JT_NONE = 0,   /* no such value, or a primitive that is not valid JSON */
    JT_OBJECT,
    JT_ARRAY,
    JT_STRING,
    JT_NUMBER,
    JT_TRUE,
    JT_FALSE,
    JT_NULL,
} json_type;

typedef struct json_scan json_scan;

json_scan *json_scan_new(unsigned max_tokens);
void json_scan_free(json_scan *j);

/* Tokenizes `line`, which must be exactly one JSON object (surrounding
 * blanks allowed). Returns NULL on success, else a short reason. The line
 * must stay alive while its tokens are used. */
const char *json_scan_parse(json_scan *j, sv line);

json_type json_type_of(const json_scan *j, int tok);
/* The text of a token: a string's contents without quotes and with escapes
 * as written; a number or literal as written. */
sv json_raw(const json_scan *j, int tok);

/* Object members: iterate keys with first/next (-1 at the end); the value of
 * a key is json_value(key) (-1 when the key has none). */
int json_first_key(const json_scan *j, int obj);
int json_next_key(const json_scan *j, int key);
int json_value(const json_scan *j, int key);
/* Array elements: first/next, -1 at the end. */
int json_first_elem(const json_scan *j, int arr);
int json_next_elem(const json_scan *j, int elem);

/* The value of `key` in object `obj` (keys compared as written), or -1. */
int json_get(const json_scan *j, int obj, sv key);
/* The value at a dotted path such as "url.full": a literal key "url.full"
 * matches, and so does "full" inside an object under "url" (ECS logs mix the
 * two). -1 when absent. */
int json_path(const json_scan *j, int obj, sv path);

/* A string token decoded (escapes, \uXXXX and surrogate pairs to UTF-8; a
 * lone surrogate becomes U+FFFD). A view into the line when there is nothing
 * to decode, else into `s`; the raw text if `s` has no room. Numbers and
 * literals come back as written. */
sv json_string(const json_scan *j, int tok, scratch *s);

#endif
