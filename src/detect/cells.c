/* cells.c - chart cells per time bucket; see cells.h.
 *
 * The closed log is a byte sequence cut into 1 MiB chunks; a cell is six
 * varints (pair, bucket, requests, ok, bytes out, bytes in). A cells_pos
 * walks it: reading stops at `end`, writing at a position past the last chunk
 * allocates one. Compaction reads and writes the same log with the write
 * position never ahead of the read one (a cell is written back with the bytes
 * it was read from), so it needs no second copy. */
#include "detect/cells.h"
#include "core/util.h"
#include "detect/observe.h"

#include <stdlib.h>
#include <string.h>

#define CELLS_CHUNK (1u << 20)
#define CELLS_OPEN_MAX (1u << 18)   /* close everything past this many open cells */
#define CELL_FIELDS 6
#define CELL_MAX_BYTES (CELL_FIELDS * 10)

void cells_init(cells *c, uint32_t max_terminals) {
    memset(c, 0, sizeof *c);
    c->max_terminals = max_terminals;
    u64map_init(&c->open_index);
    vec_init(&c->open, sizeof(cell));
    vec_init(&c->chunks, sizeof(unsigned char *));
}

void cells_set_budget(cells *c, size_t max_bytes, const observe *o) {
    c->max_bytes = max_bytes / CELLS_CHUNK * CELLS_CHUNK;
    c->obs = o;
    c->full = c->max_bytes == 0;
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

/* ---- the log ------------------------------------------------------------ */

static inline bool pos_before(cells_pos a, cells_pos b) {
    return a.chunk < b.chunk || (a.chunk == b.chunk && a.off < b.off);
}

static inline void log_put(cells *c, cells_pos *p, uint64_t v) {
    do {
        if (p->off == CELLS_CHUNK) p->chunk++, p->off = 0;
        if (p->chunk == c->chunks.len) *(unsigned char **)vec_push(&c->chunks) = xmalloc(CELLS_CHUNK);
        VEC_AT(&c->chunks, unsigned char *, p->chunk)[p->off++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
}

/* One varint at p; false at the end of the log. */
static inline bool log_get(const cells *c, cells_pos *p, uint64_t *v) {
    uint64_t acc = 0;
    unsigned shift = 0;
    for (;;) {
        if (p->off == CELLS_CHUNK) p->chunk++, p->off = 0;
        if (!pos_before(*p, c->end)) return false;
        unsigned char b = VEC_AT(&c->chunks, unsigned char *, p->chunk)[p->off++];
        if (shift < 64) acc |= (uint64_t)(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
    }
    *v = acc;
    return true;
}

static void log_put_cell(cells *c, cells_pos *p, const cell *x) {
    const uint64_t v[CELL_FIELDS] = {x->pair, x->hour, x->requests, x->ok, x->bytes_out, x->bytes_in};
    if (p->chunk < c->chunks.len && p->off + CELL_MAX_BYTES <= CELLS_CHUNK) { /* the usual case: room in this chunk */
        unsigned char *b = VEC_AT(&c->chunks, unsigned char *, p->chunk) + p->off, *start = b;
        for (int k = 0; k < CELL_FIELDS; k++) {
            uint64_t u = v[k];
            while (u > 0x7f) *b++ = (unsigned char)(u | 0x80), u >>= 7;
            *b++ = (unsigned char)u;
        }
        p->off += (size_t)(b - start);
        return;
    }
    for (int k = 0; k < CELL_FIELDS; k++) log_put(c, p, v[k]);
}

static bool log_get_cell(const cells *c, cells_pos *p, cell *x) {
    uint64_t v[CELL_FIELDS];
    for (int k = 0; k < CELL_FIELDS; k++)
        if (!log_get(c, p, &v[k])) return false;
    *x = (cell){(uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2], (uint32_t)v[3], v[4], v[5]};
    return true;
}

static size_t log_bytes(const cells *c) { return c->chunks.len * (size_t)CELLS_CHUNK; }

/* ---- completeness and the budget ----------------------------------------- */

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

static uint32_t dest_of(const cells *c, uint32_t pair) { return c->obs->pairs[pair].dest; }

static bool too_quiet(const cells *c, uint32_t dest) { return c->obs->dests[dest].requests < c->min_requests; }

/* Rewrites the log without the cells of destinations now with fewer than
 * min_requests requests. */
static void compact(cells *c) {
    cells_pos r = {0, 0}, w = {0, 0};
    cell x;
    uint64_t kept = 0;
    while (log_get_cell(c, &r, &x)) {
        uint32_t dest = dest_of(c, x.pair);
        if (too_quiet(c, dest)) {
            mark_incomplete(c, dest);
            c->dropped++;
            continue;
        }
        log_put_cell(c, &w, &x);
        kept++;
    }
    size_t keep = w.off ? w.chunk + 1 : w.chunk;
    for (size_t i = keep; i < c->chunks.len; i++) free(VEC_AT(&c->chunks, unsigned char *, i));
    c->chunks.len = keep;
    c->end = w;
    c->closed = kept;
}

/* Called when the log needs another chunk the budget has no room for. */
static void make_room(cells *c) {
    if (c->min_requests < 2) c->min_requests = 2;
    for (;;) {
        compact(c);
        if (log_bytes(c) <= c->max_bytes / 4 * 3) break;
        if (c->min_requests >= CELLS_MIN_REQUESTS_MAX) break;
        c->min_requests *= 2;
    }
    if (log_bytes(c) + CELLS_CHUNK > c->max_bytes) c->full = true;
}

static bool needs_chunk(const cells *c) {
    return c->end.chunk >= c->chunks.len || c->end.off + CELL_MAX_BYTES > CELLS_CHUNK;
}

static void close_cell(cells *c, const cell *x) {
    if (c->obs) { /* under a budget */
        uint32_t dest = dest_of(c, x->pair);
        if (!c->full && needs_chunk(c) && log_bytes(c) + CELLS_CHUNK > c->max_bytes) make_room(c);
        if (c->full) {
            mark_incomplete(c, dest);
            c->dropped++;
            return;
        }
    }
    log_put_cell(c, &c->end, x);
    c->closed++;
}

/* ---- open cells ---------------------------------------------------------- */

/* Closes the open cells of buckets before `keep_from` (UINT32_MAX: all of
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
    u64map_clear(&c->open_index); /* keeps its size: the next bucket needs about as many */
    for (size_t i = 0; i < c->open.len; i++) {
        cell *x = &VEC_AT(&c->open, cell, i);
        *u64map_put(&c->open_index, u64_pair(x->pair, x->hour), 0, NULL) = (uint32_t)i;
    }
}

void cells_add(cells *c, uint32_t pair, uint32_t dest, uint32_t dest_terminals, uint32_t hour, bool ok,
               uint64_t bytes_out, uint64_t bytes_in) {
    if (dest_terminals > c->max_terminals || c->full) {
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
    cells_pos p = {0, 0};
    cell x;
    while (log_get_cell(c, &p, &x))
        if (x.pair < npairs && (wanted[x.pair / 8] >> (x.pair % 8) & 1)) *(cell *)vec_push(out) = x;
    /* Sort the new cells and merge duplicates of the same pair and bucket. */
    size_t n = out->len - start;
    if (!n) return;
    cell *base = (cell *)out->data + start;
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
    return log_bytes(c) + c->open.cap * sizeof(cell) + u64map_bytes(&c->open_index) + c->incomplete_cap / 8;
}
