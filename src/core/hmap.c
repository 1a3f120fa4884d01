/* hmap.c - open-addressing hash map; see hmap.h. */
#include "core/hmap.h"
#include "core/util.h"

#include <stdlib.h>

#define HMAP_SEED 0x6d697473756b65ull /* "mitsuke" */

void hmap_init(hmap *m) {
    m->slots = NULL;
    m->cap = m->len = 0;
    m->order = NULL;
    arena_init(&m->keys, 256 * 1024);
}

void hmap_free(hmap *m) {
    free(m->slots);
    free(m->order);
    arena_free(&m->keys);
    m->slots = NULL;
    m->order = NULL;
    m->cap = m->len = 0;
}

static uint64_t key_hash(sv key) {
    uint64_t h = hash_bytes(key.p, key.n, HMAP_SEED);
    return h ? h : 1;
}

static hmap_slot *find(hmap_slot *slots, size_t cap, sv key, uint64_t h) {
    size_t mask = cap - 1, i = h & mask;
    for (;;) {
        hmap_slot *s = &slots[i];
        if (!s->hash) return s;
        if (s->hash == h && s->klen == key.n && (key.n == 0 || memcmp(s->key, key.p, key.n) == 0)) return s;
        i = (i + 1) & mask;
    }
}

static void grow(hmap *m) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    hmap_slot *slots = xcalloc(cap, sizeof *slots);
    hmap_slot **order = xmalloc(cap / 2 * sizeof *order + sizeof *order);
    for (size_t i = 0; i < m->len; i++) {
        hmap_slot *old = m->order[i];
        hmap_slot *s = find(slots, cap, (sv){old->key, old->klen}, old->hash);
        *s = *old;
        order[i] = s;
    }
    free(m->slots);
    free(m->order);
    m->slots = slots;
    m->order = order;
    m->cap = cap;
}

hmap_slot *hmap_get(const hmap *m, sv key) {
    if (!m->len) return NULL;
    hmap_slot *s = find(m->slots, m->cap, key, key_hash(key));
    return s->hash ? s : NULL;
}

hmap_slot *hmap_put(hmap *m, sv key, bool *created) {
    if ((m->len + 1) * 2 > m->cap) grow(m); /* load factor <= 0.5 */
    uint64_t h = key_hash(key);
    hmap_slot *s = find(m->slots, m->cap, key, h);
    if (s->hash) {
        if (created) *created = false;
        return s;
    }
    s->hash = h;
    s->key = arena_strndup(&m->keys, key.p, key.n);
    s->klen = (uint32_t)key.n;
    s->index = (uint32_t)m->len;
    s->val.u64 = 0;
    m->order[m->len++] = s;
    if (created) *created = true;
    return s;
}

hmap_slot *hmap_at(const hmap *m, size_t i) { return i < m->len ? m->order[i] : NULL; }
