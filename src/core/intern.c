/* intern.c - the compact string table; see intern.h.
 *
 * Layout of one string in `text`: its id (4 bytes, host order, unaligned),
 * its length in one byte (< 128) or two bytes (high bit of the first set, 15
 * bits in all), then the bytes, then a NUL. A slot holds 32 bits of the hash
 * and the string's offset in `text` + 1, so a lookup that finds its string
 * touches two places in memory: the slot and the string (which carries the
 * id). The slot's hash bits are compared first, so a probe rarely reads the
 * text of another string. `offs` maps ids back to strings for intern_str. */
#include "core/intern.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define INTERN_SEED 0x696e7465726eull /* "intern" */

void intern_init(intern *t) { memset(t, 0, sizeof *t); }

void intern_free(intern *t) {
    free(t->slots);
    free(t->offs);
    free(t->text);
    memset(t, 0, sizeof *t);
}

static sv clip(sv s) {
    if (s.n > INTERN_MAX_LEN) s.n = INTERN_MAX_LEN;
    return s;
}

static uint32_t hash32(sv s) { return (uint32_t)(hash_bytes(s.p, s.n, INTERN_SEED) >> 32); }

uint32_t intern_hash(sv s) { return hash32(clip(s)); }

/* The string stored at a text offset, and its id. */
static sv text_at(const intern *t, uint32_t off, uint32_t *id) {
    const unsigned char *p = (const unsigned char *)t->text + off;
    if (id) memcpy(id, p, 4);
    p += 4;
    size_t n = p[0];
    if (n & 0x80) {
        n = ((n & 0x7f) << 8) | p[1];
        p += 2;
    } else {
        p += 1;
    }
    return sv_make((const char *)p, n);
}

sv intern_str(const intern *t, uint32_t id) {
    if (id >= t->len) return SV_NULL;
    return text_at(t, t->offs[id], NULL);
}

/* The slot for `s`: either the one holding it (its id in *id) or the empty
 * one to fill. */
static uint64_t *find(const intern *t, sv s, uint32_t h, uint32_t *id) {
    size_t mask = t->cap - 1, i = h & mask;
    for (;;) {
        uint64_t *slot = &t->slots[i];
        if (!*slot) return slot;
        if ((uint32_t)(*slot >> 32) == h && sv_eq(text_at(t, (uint32_t)*slot - 1, id), s)) return slot;
        i = (i + 1) & mask;
    }
}

static void grow_slots(intern *t) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    uint64_t *slots = xcalloc(cap, sizeof *slots);
    size_t mask = cap - 1;
    for (size_t k = 0; k < t->cap; k++) {
        uint64_t v = t->slots[k];
        if (!v) continue;
        size_t i = (uint32_t)(v >> 32) & mask;
        while (slots[i]) i = (i + 1) & mask;
        slots[i] = v;
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
}

void intern_freeze(intern *t) {
    free(t->slots);
    t->slots = NULL;
    t->cap = 0;
    t->frozen = true;
}

uint32_t intern_get_hashed(const intern *t, sv s, uint32_t h) {
    if (!t->len || t->frozen) return INTERN_NONE;
    s = clip(s);
    uint32_t id;
    uint64_t *slot = find(t, s, h, &id);
    return *slot ? id : INTERN_NONE;
}

uint32_t intern_get(const intern *t, sv s) { return intern_get_hashed(t, s, intern_hash(s)); }

uint32_t intern_put_hashed(intern *t, sv s, uint32_t h, bool *created) {
    s = clip(s);
    if (created) *created = false;
    if (t->frozen) return INTERN_NONE;
    if ((size_t)(t->len + 1) * 4 > t->cap * 3) grow_slots(t); /* load <= 0.75 */
    uint32_t id;
    uint64_t *slot = find(t, s, h, &id);
    if (*slot) return id;
    size_t need = s.n + 7;
    if (t->len >= UINT32_MAX - 1 || t->text_len + need >= UINT32_MAX) return INTERN_NONE;
    if (t->text_len + need > t->text_cap) {
        size_t cap = t->text_cap ? t->text_cap * 2 : 64 * 1024;
        while (cap < t->text_len + need) cap *= 2;
        if (cap > UINT32_MAX) cap = UINT32_MAX;
        t->text = xrealloc(t->text, cap);
        t->text_cap = cap;
    }
    if (t->len == t->offs_cap) {
        t->offs_cap = t->offs_cap ? t->offs_cap * 2 : 1024;
        t->offs = xrealloc(t->offs, (size_t)t->offs_cap * sizeof *t->offs);
    }
    id = t->len++;
    uint32_t off = (uint32_t)t->text_len;
    t->offs[id] = off;
    unsigned char *p = (unsigned char *)t->text + off;
    memcpy(p, &id, 4);
    p += 4;
    if (s.n < 0x80) {
        *p++ = (unsigned char)s.n;
    } else {
        *p++ = (unsigned char)(0x80 | (s.n >> 8));
        *p++ = (unsigned char)(s.n & 0xff);
    }
    if (s.n) memcpy(p, s.p, s.n);
    p[s.n] = 0;
    t->text_len = (size_t)(p + s.n + 1 - (unsigned char *)t->text);
    *slot = ((uint64_t)h << 32) | ((uint64_t)off + 1);
    if (created) *created = true;
    return id;
}

uint32_t intern_put(intern *t, sv s, bool *created) { return intern_put_hashed(t, s, intern_hash(s), created); }

void intern_prefetch_slot(const intern *t, uint32_t h) {
    if (t->cap) __builtin_prefetch(&t->slots[h & (t->cap - 1)]);
}

void intern_prefetch_text(const intern *t, uint32_t h) {
    if (!t->cap) return;
    size_t mask = t->cap - 1;
    for (size_t i = h & mask, probes = 0; t->slots[i] && probes < 8; i = (i + 1) & mask, probes++)
        if ((uint32_t)(t->slots[i] >> 32) == h) {
            __builtin_prefetch(t->text + (uint32_t)t->slots[i] - 1);
            return;
        }
}

size_t intern_bytes(const intern *t) {
    return t->cap * sizeof *t->slots + (size_t)t->offs_cap * sizeof *t->offs + t->text_cap;
}
