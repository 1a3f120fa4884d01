/* cells.c - hourly chart cells; see cells.h. */
#include "detect/cells.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define CELLS_CHUNK (1u << 20)
#define CELLS_OPEN_MAX (1u << 18)   /* close everything past this many open cells */

void cells_init(cells *c, uint32_t max_terminals) {
    memset(c, 0, sizeof *c);
    c->max_terminals = max_terminals;
    u64map_init(&c->open_index);
    vec_init(&c->open, sizeof(cell));
    vec_init(&c->chunks, sizeof(unsigned char *));
}

void cells_marks_only(cells *c) { c->marks_only = true; }

void cells_free(cells *c) {
    u64map_free(&c->open_index);
    vec_free(&c->open);
    for (size_t i = 0; i < c->chunks.len; i++) free(VEC_AT(&c->chunks, unsigned char *, i));
    vec_free(&c->chunks);
    free(c->incomplete);
    memset(c, 0, sizeof *c);
}

static void put_varint(cells *c, uint64_t v) {
    unsigned char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    if (c->chunks.len && c->chunk_used + n <= CELLS_CHUNK) { /* the usual case: room in this chunk */
        memcpy(VEC_AT(&c->chunks, unsigned char *, c->chunks.len - 1) + c->chunk_used, tmp, n);
        c->chunk_used += n;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!c->chunks.len || c->chunk_used == CELLS_CHUNK) {
            *(unsigned char **)vec_push(&c->chunks) = xmalloc(CELLS_CHUNK);
            c->chunk_used = 0;
        }
        VEC_AT(&c->chunks, unsigned char *, c->chunks.len - 1)[c->chunk_used++] = tmp[i];
    }
}

static void close_cell(cells *c, const cell *x) {
    put_varint(c, x->pair);
    put_varint(c, x->hour);
    put_varint(c, x->requests);
    put_varint(c, x->ok);
    put_varint(c, x->bytes_out);
    put_varint(c, x->bytes_in);
    c->closed++;
}

/* Closes the open cells of hours before `keep_from` (UINT32_MAX: all of
 * them) and rebuilds the index of the rest. */
static void close_before(cells *c, uint32_t keep_from) {
    vec kept = VEC_INIT(cell);
    for (size_t i = 0; i < c->open.len; i++) {
        cell *x = &VEC_AT(&c->open, cell, i);
        if (x->hour < keep_from) close_cell(c, x);
        else *(cell *)vec_push(&kept) = *x;
    }
    vec_free(&c->open);
    c->open = kept;
    u64map_clear(&c->open_index); /* keeps its size: the next hour needs about as many */
    for (size_t i = 0; i < c->open.len; i++) {
        cell *x = &VEC_AT(&c->open, cell, i);
        *u64map_put(&c->open_index, u64_pair(x->pair, x->hour), 0, NULL) = (uint32_t)i;
    }
}

static void mark_incomplete(cells *c, uint32_t dest) {
    if (dest >= c->incomplete_cap) {
        uint32_t cap = c->incomplete_cap ? c->incomplete_cap : 8192;
        while (cap <= dest) cap *= 2;
        c->incomplete = xrealloc(c->incomplete, cap / 8);
        memset(c->incomplete + c->incomplete_cap / 8, 0, (cap - c->incomplete_cap) / 8);
        c->incomplete_cap = cap;
    }
    c->incomplete[dest / 8] |= (uint8_t)(1u << (dest % 8));
}

bool cells_incomplete(const cells *c, uint32_t dest) {
    return dest < c->incomplete_cap && (c->incomplete[dest / 8] >> (dest % 8) & 1);
}

void cells_add(cells *c, uint32_t pair, uint32_t dest, uint32_t dest_terminals, uint32_t hour, bool ok,
               uint64_t bytes_out, uint64_t bytes_in) {
    if (dest_terminals > c->max_terminals) {
        mark_incomplete(c, dest);
        return;
    }
    if (c->marks_only) return;
    if (hour > c->max_hour) {
        uint32_t old = c->max_hour;
        c->max_hour = hour;
        if (old) close_before(c, hour - 1);
    }
    if (c->open.len >= CELLS_OPEN_MAX) close_before(c, UINT32_MAX);
    bool created;
    uint32_t *idx = u64map_put(&c->open_index, u64_pair(pair, hour), (uint32_t)c->open.len, &created);
    if (created) {
        cell *x = vec_push(&c->open);
        x->pair = pair;
        x->hour = hour;
    }
    cell *x = &VEC_AT(&c->open, cell, *idx);
    x->requests++;
    x->ok += ok;
    x->bytes_out += bytes_out;
    x->bytes_in += bytes_in;
}

static int cmp_cell(const void *a, const void *b) {
    const cell *x = a, *y = b;
    if (x->pair != y->pair) return x->pair < y->pair ? -1 : 1;
    return (x->hour > y->hour) - (x->hour < y->hour);
}

void cells_collect(cells *c, const uint8_t *wanted, uint32_t npairs, vec *out) {
    close_before(c, UINT32_MAX);
    size_t start = out->len;
    uint64_t v[6];
    int k = 0;
    uint64_t acc = 0;
    unsigned shift = 0;
    for (size_t ch = 0; ch < c->chunks.len; ch++) {
        const unsigned char *p = VEC_AT(&c->chunks, unsigned char *, ch);
        size_t n = ch + 1 == c->chunks.len ? c->chunk_used : CELLS_CHUNK;
        for (size_t i = 0; i < n; i++) {
            acc |= (uint64_t)(p[i] & 0x7f) << shift;
            shift += 7;
            if (p[i] & 0x80) continue;
            v[k++] = acc;
            acc = 0, shift = 0;
            if (k < 6) continue;
            k = 0;
            uint32_t pair = (uint32_t)v[0];
            if (pair >= npairs || !(wanted[pair / 8] >> (pair % 8) & 1)) continue;
            cell *x = vec_push(out);
            *x = (cell){pair, (uint32_t)v[1], (uint32_t)v[2], (uint32_t)v[3], v[4], v[5]};
        }
    }
    /* Sort the new cells and merge duplicates of the same pair and hour. */
    cell *base = (cell *)out->data + start;
    size_t n = out->len - start;
    if (n > 1) qsort(base, n, sizeof *base, cmp_cell);
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        if (w && base[w - 1].pair == base[i].pair && base[w - 1].hour == base[i].hour) {
            base[w - 1].requests += base[i].requests;
            base[w - 1].ok += base[i].ok;
            base[w - 1].bytes_out += base[i].bytes_out;
            base[w - 1].bytes_in += base[i].bytes_in;
        } else {
            base[w++] = base[i];
        }
    }
    out->len = start + w;
}

size_t cells_bytes(const cells *c) {
    return c->chunks.len * (size_t)CELLS_CHUNK + c->open.cap * sizeof(cell) + u64map_bytes(&c->open_index) +
           c->incomplete_cap / 8;
}
