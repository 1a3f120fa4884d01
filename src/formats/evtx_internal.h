/* evtx_internal.h - what the parts of the .evtx reader share (see evtx.h):
 * the record text buffer, value rendering (evtx_values.c) and the binary XML
 * decoder (evtx_binxml.c) that evtx_file.c drives chunk by chunk.
 *
 * All offsets are relative to the start of the chunk, as in the format: a
 * record may name a template or a string anywhere earlier in its chunk. Every
 * read is checked against the chunk's length before it is made. */
#ifndef MITSUKE_EVTX_INTERNAL_H
#define MITSUKE_EVTX_INTERNAL_H

#include "event.h"
#include "formats/winpairs.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A record's rendered text may not grow past this (nested templates could
 * otherwise multiply it); the record is then reported and skipped. */
#define EVTX_TEXT_MAX (1u << 20)
/* Templates and BinXml values inside each other, and elements inside each
 * other, at most this deep; tokens per record at most EVTX_STEPS_MAX. */
#define EVTX_NEST_MAX 12
#define EVTX_DEPTH_MAX 32
#define EVTX_STEPS_MAX (1u << 18)
/* and the records of one chunk at most this many together: a hostile chunk
 * of tiny records that all name one huge template costs little */
#define EVTX_CHUNK_STEPS_MAX (1u << 24)
#define EVTX_VALUES_MAX 4096

static inline uint16_t evtx_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t evtx_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t evtx_u64(const uint8_t *p) { return evtx_u32(p) | (uint64_t)evtx_u32(p + 4) << 32; }

/* The text of one record. It may move when it grows, so the decoder keeps
 * offsets into it and makes views only when the record is complete. */
typedef struct evtx_text {
    char *p;
    size_t len, cap;
    bool full;             /* EVTX_TEXT_MAX was reached */
} evtx_text;

bool evtx_text_grow(evtx_text *t, size_t more);
static inline char *evtx_text_room(evtx_text *t, size_t n) {
    if ((!t->p || n > t->cap - t->len) && !evtx_text_grow(t, n ? n : 1)) return NULL;
    return t->p + t->len;
}
void evtx_text_put(evtx_text *t, const char *s, size_t n);
void evtx_text_free(evtx_text *t);

/* How text is written: as it is (a data value), or escaped for XML element
 * text or an attribute value (when a value holds nested elements). */
typedef enum { EVTX_RAW = 0, EVTX_ESC_TEXT, EVTX_ESC_ATTR } evtx_escape;

/* Value types of substitutions (the 0x80 bit marks an array). */
enum {
    EVTX_T_NULL = 0x00, EVTX_T_STRING = 0x01, EVTX_T_ANSI = 0x02, EVTX_T_INT8 = 0x03, EVTX_T_UINT8 = 0x04,
    EVTX_T_INT16 = 0x05, EVTX_T_UINT16 = 0x06, EVTX_T_INT32 = 0x07, EVTX_T_UINT32 = 0x08, EVTX_T_INT64 = 0x09,
    EVTX_T_UINT64 = 0x0a, EVTX_T_REAL32 = 0x0b, EVTX_T_REAL64 = 0x0c, EVTX_T_BOOL = 0x0d, EVTX_T_BINARY = 0x0e,
    EVTX_T_GUID = 0x0f, EVTX_T_SIZET = 0x10, EVTX_T_FILETIME = 0x11, EVTX_T_SYSTIME = 0x12, EVTX_T_SID = 0x13,
    EVTX_T_HEX32 = 0x14, EVTX_T_HEX64 = 0x15, EVTX_T_BINXML = 0x21, EVTX_T_ARRAY = 0x80,
};

/* UTF-16LE (n bytes) as UTF-8, up to the first NUL; a lone surrogate becomes
 * U+FFFD. */
void evtx_put_utf16(evtx_text *t, const uint8_t *p, size_t n, evtx_escape esc);
/* The same into out, which has room for 3 bytes per unit (6 when escaping);
 * returns the bytes written. */
size_t evtx_utf16_to_utf8(char *out, const uint8_t *p, size_t units, evtx_escape esc);
/* One value of a scalar type (not an array, not BinXml) as evtxexport writes it. */
void evtx_render_value(evtx_text *t, uint8_t type, const uint8_t *p, size_t n, evtx_escape esc);
/* The items of an array value: call with *at = 0, then again while it
 * returns true; each call gives the next item's bytes. */
bool evtx_array_next(uint8_t type, const uint8_t *p, size_t n, size_t *at, const uint8_t **item, size_t *item_n);
/* FILETIME (100 ns since 1601) as Unix milliseconds; false when out of range. */
bool evtx_filetime_ms(uint64_t ft, int64_t *ms);

/* A name (element, attribute) decoded once per chunk. */
typedef struct evtx_name_slot {
    uint32_t off, gen;
    uint32_t at;
    uint16_t len;
} evtx_name_slot;

#define EVTX_NAME_SLOTS 8192
#define EVTX_NAME_PROBES 64
/* every distinct name of a chunk fits: a name takes at least 10 bytes of the
 * chunk and its UTF-8 at most 1.5 times its UTF-16 */
#define EVTX_NAME_BYTES (EVTX_CHUNK_BYTES / 2 * 3 + 1024)
#define EVTX_CHUNK_BYTES 65536

typedef struct evtx_decoder evtx_decoder;

evtx_decoder *evtx_decoder_new(void);
void evtx_decoder_free(evtx_decoder *d);
/* A new chunk: forgets the names of the previous one. */
void evtx_decoder_chunk(evtx_decoder *d, const uint8_t *chunk, size_t n);
/* Decodes the binary XML at [at, end) of the current chunk into ev (kind,
 * Windows fields, data pairs, time_ms when TimeCreated is there). Returns
 * false with *why when the record cannot be decoded. *have_time says whether
 * TimeCreated was found. The views stay valid until the next call. */
bool evtx_decode_record(evtx_decoder *d, uint32_t at, uint32_t end, event *ev, bool *have_time, const char **why);

#endif
