/* hmap.h - hash map from byte-string keys to pointer-sized values.
 *
 * Open addressing with linear probing and the full 64-bit hash kept per slot,
 * so a miss rarely touches the key bytes. Keys are copied into the map's own
 * arena (the caller's view may die after the call); values are a uint64 or a
 * pointer the caller owns (usually into its arena). No deletion: every user of
 * this map only ever adds (hosts seen, pairs seen), which keeps it simple.
 *
 * The key copy is what makes the "per pair state must be compact" budget
 * visible: a slot is 24 bytes plus the key bytes. */
#ifndef MITSUKE_HMAP_H
#define MITSUKE_HMAP_H

#include "core/arena.h"
#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct hmap_slot {
    uint64_t hash;       /* 0 = empty (a real hash of 0 is stored as 1) */
    const char *key;
    uint32_t klen;
    uint32_t index;      /* insertion order, 0-based */
    union {
        void *ptr;
        uint64_t u64;
    } val;
} hmap_slot;

typedef struct hmap {
    hmap_slot *slots;
    size_t cap, len;
    hmap_slot **order;   /* slots by insertion index */
    arena keys;
} hmap;

void hmap_init(hmap *m);
void hmap_free(hmap *m);
/* Finds the slot for `key`, adding it (value zeroed) when absent. *created is
 * set to true for a new key when `created` is not NULL. */
hmap_slot *hmap_put(hmap *m, sv key, bool *created);
hmap_slot *hmap_get(const hmap *m, sv key);
static inline size_t hmap_len(const hmap *m) { return m->len; }
/* The i-th key added (0 <= i < len). Insertion order makes output stable. */
hmap_slot *hmap_at(const hmap *m, size_t i);

#endif
