/* intern.h - a compact string table: each distinct string gets a dense id.
 *
 * A scan meets millions of host names and must keep each one once. hmap
 * spends about 100 bytes per key (a 32-byte slot at load <= 0.5, an order
 * pointer, a 16-byte aligned key copy); this table spends about 22: strings
 * are packed end to end in one growing byte area (the id, a one- or two-byte
 * length, the bytes, a NUL), an id maps to its offset through a uint32 array,
 * and the hash slots hold only the offset and 32 bits of the hash (8 bytes,
 * load <= 0.75), so a lookup reads one slot and one string.
 *
 * Ids are 0, 1, 2... in order of first appearance, so callers keep per-string
 * records in plain arrays indexed by id. No deletion. Strings longer than
 * INTERN_MAX_LEN are cut to that length before interning (callers bound what
 * they keep; host names are at most 253 bytes). The table holds at most
 * 2^32 - 2 strings and 4 GiB of text; intern_put returns INTERN_NONE beyond.
 */
#ifndef MITSUKE_INTERN_H
#define MITSUKE_INTERN_H

#include "core/sv.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INTERN_NONE UINT32_MAX
#define INTERN_MAX_LEN 4096

typedef struct intern {
    uint64_t *slots;     /* (hash32 << 32) | (text offset + 1); 0 = empty */
    size_t cap;          /* power of two */
    uint32_t *offs;      /* id -> offset in text */
    uint32_t len, offs_cap;
    char *text;
    size_t text_len, text_cap;
    bool frozen;         /* intern_freeze was called */
} intern;

void intern_init(intern *t);
void intern_free(intern *t);
/* The id of `s`, adding it when absent (*created says which, if not NULL). */
uint32_t intern_put(intern *t, sv s, bool *created);
/* The id of `s`, or INTERN_NONE. */
uint32_t intern_get(const intern *t, sv s);
/* The same with the string's hash given (intern_hash), for callers that
 * hash a record's names once and use the hash several times. */
uint32_t intern_hash(sv s);
uint32_t intern_put_hashed(intern *t, sv s, uint32_t hash, bool *created);
uint32_t intern_get_hashed(const intern *t, sv s, uint32_t hash);
/* Hints for a lookup coming soon, so that several records' lookups wait
 * for memory at once instead of one after the other: the first fetches the
 * hash slot, the second (once the slot is in the cache) the text of the
 * string the slot points to, which holds its id. Neither changes anything. */
void intern_prefetch_slot(const intern *t, uint32_t hash);
void intern_prefetch_text(const intern *t, uint32_t hash);
/* The string of an id (NUL-terminated; valid until the next intern_put). */
sv intern_str(const intern *t, uint32_t id);
static inline uint32_t intern_count(const intern *t) { return t->len; }
/* Drops the hash slots: ids and strings stay readable (intern_str), but no
 * string can be looked up or added any more. For tables whose lookups are
 * over (a scan after its last record), to give the memory back. */
void intern_freeze(intern *t);
/* Bytes held, for memory reports. */
size_t intern_bytes(const intern *t);

#endif
