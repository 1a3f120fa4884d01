/* u64map.c - open-addressing map of uint64 keys; see u64map.h. */
#include "core/u64map.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

void u64map_init(u64map *m) { memset(m, 0, sizeof *m); }

void u64map_free(u64map *m) {
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* A strong 64-bit finaliser (from SplitMix64): pair keys differ only in a
 * few low bits of each half, which plain masking would cluster. */
static inline uint64_t mix(uint64_t x) {
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static size_t find(const u64map *m, uint64_t key) {
    size_t mask = m->cap - 1, i = mix(key) & mask;
    while (m->keys[i] != U64MAP_EMPTY && m->keys[i] != key) i = (i + 1) & mask;
    return i;
}

static void grow(u64map *m) {
    u64map n;
    n.cap = m->cap ? m->cap * 2 : 1024;
    n.len = m->len;
    n.keys = xmalloc(n.cap * sizeof *n.keys);
    memset(n.keys, 0xff, n.cap * sizeof *n.keys);
    n.vals = xmalloc(n.cap * sizeof *n.vals);
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] == U64MAP_EMPTY) continue;
        size_t j = find(&n, m->keys[i]);
        n.keys[j] = m->keys[i];
        n.vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    *m = n;
}

void u64map_clear(u64map *m) {
    if (m->cap) memset(m->keys, 0xff, m->cap * sizeof *m->keys);
    m->len = 0;
}

uint32_t *u64map_get(const u64map *m, uint64_t key) {
    if (!m->len) return NULL;
    size_t i = find(m, key);
    return m->keys[i] == U64MAP_EMPTY ? NULL : &m->vals[i];
}

uint32_t *u64map_put(u64map *m, uint64_t key, uint32_t init, bool *created) {
    if ((m->len + 1) * 10 > m->cap * 7) grow(m);
    size_t i = find(m, key);
    if (created) *created = m->keys[i] == U64MAP_EMPTY;
    if (m->keys[i] == U64MAP_EMPTY) {
        m->keys[i] = key;
        m->vals[i] = init;
        m->len++;
    }
    return &m->vals[i];
}

size_t u64map_bytes(const u64map *m) { return m->cap * (sizeof *m->keys + sizeof *m->vals); }
