/* u64map.h - hash map from 64-bit keys to 32-bit values.
 *
 * The scan keeps millions of (terminal id, destination id) pairs; a pair key
 * is two uint32 ids packed into one uint64, and the value is the index of the
 * pair's record in an array. Keys and values sit in two parallel arrays (12
 * bytes a slot, load <= 0.7), probed linearly from a mixed hash of the key.
 * UINT64_MAX marks an empty slot and cannot be a key. No deletion. */
#ifndef MITSUKE_U64MAP_H
#define MITSUKE_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define U64MAP_EMPTY UINT64_MAX

typedef struct u64map {
    uint64_t *keys;
    uint32_t *vals;
    size_t cap, len;
} u64map;

void u64map_init(u64map *m);
void u64map_free(u64map *m);
/* Pointer to the value of `key`, inserting it with value `init` when absent;
 * *created tells which (if not NULL). Valid until the next insertion. */
uint32_t *u64map_put(u64map *m, uint64_t key, uint32_t init, bool *created);
/* Removes every key, keeping the slots allocated (no regrowth when the map
 * fills again to the same size). */
void u64map_clear(u64map *m);
/* Pointer to the value, or NULL when absent. */
uint32_t *u64map_get(const u64map *m, uint64_t key);
static inline size_t u64map_len(const u64map *m) { return m->len; }
size_t u64map_bytes(const u64map *m);
/* Iteration: for (size_t i = 0; i < m->cap; i++) if (m->keys[i] != U64MAP_EMPTY) ... */

static inline uint64_t u64_pair(uint32_t a, uint32_t b) { return ((uint64_t)a << 32) | b; }

#endif
