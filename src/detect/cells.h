/* cells.h - terminal x destination aggregates per time bucket for the A6 chart.
 *
 * The chart (and the store's `hourly` and `cells10` tables) needs, for every
 * terminal that talked to a suspicious destination, each bucket's requests,
 * successes and bytes. The scan keeps two of these: hourly cells and
 * 10-minute cells (CELLS10_SECONDS); the bucket is just a number here
 * (seconds since OBS_EPOCH divided by the bucket's length).
 *
 * Which destinations are suspicious is only known at the end of the scan, and
 * keeping every bucket of every pair would cost gigabytes for a month of a
 * large organisation. So cells are kept for destinations that, when the
 * record arrives, have been contacted by at most `max_terminals` terminals
 * (hourly_max_terminals): suspicious destinations are rare ones, the popular
 * ones that make most of the volume are left out. A destination that crosses
 * the limit is marked incomplete (hourly_complete, cells10_complete), and its
 * earlier cells are still kept.
 *
 * A memory budget (cells_set_budget, used for the 10-minute cells) bounds the
 * closed log. When the log would grow past it, it is compacted in place,
 * dropping the cells of the destinations with fewer than `min_requests`
 * requests so far (marked incomplete): the long tail of sites visited once or
 * twice, which is most of a large organisation's destinations and none of
 * what the chart is for (command and control, repeated failures, uploads are
 * many requests). min_requests starts at 2 and doubles while a compaction
 * leaves the log above three quarters of the budget. If it passes
 * CELLS_MIN_REQUESTS_MAX, the log is full: it keeps what it has and every
 * later cell is dropped (its destination marked incomplete). Cells are still
 * added for every destination after a compaction; the next one judges them.
 *
 * The cells of the current and previous bucket stay open in a small hash map;
 * older ones are closed into a compact log (varint-coded, about 12 bytes a
 * cell, in 1 MiB chunks). Records out of time order open a second cell for
 * the same bucket; cells_collect merges them. */
#ifndef MITSUKE_CELLS_H
#define MITSUKE_CELLS_H

#include "core/u64map.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CELLS10_SECONDS 600 /* the 10-minute cells' bucket */

struct observe;

typedef struct cell {
    uint32_t pair, hour;          /* hour: the bucket, in bucket lengths since OBS_EPOCH (observe.h) */
    uint32_t requests, ok;
    uint64_t bytes_out, bytes_in;
} cell;

/* A place in the closed log: chunk index and byte offset in it. */
typedef struct cells_pos {
    size_t chunk, off;
} cells_pos;

#define CELLS_MIN_REQUESTS_MAX (1u << 20)

typedef struct cells {
    uint32_t max_terminals;
    uint32_t min_requests;        /* under a budget: what a destination needs to keep its cells */
    size_t max_bytes;             /* budget of the closed log; 0 = none */
    const struct observe *obs;    /* with a budget: a pair's destination and its terminals */
    bool full;                    /* the budget is spent: later cells are dropped */
    u64map open_index;            /* (pair, bucket) -> index in open */
    vec open;                     /* cell */
    vec chunks;                   /* unsigned char *, CELLS_CHUNK bytes each */
    cells_pos end;                /* where the next byte of the log goes */
    uint32_t max_hour;
    uint8_t *incomplete;          /* bitmap by destination id */
    uint32_t incomplete_cap;      /* in destinations */
    uint64_t closed;              /* cells in the log */
    uint64_t dropped;             /* cells the budget dropped (compacted away or refused) */
    bool marks_only;              /* cells_marks_only: no cells, only the incomplete marks */
} cells;

void cells_init(cells *c, uint32_t max_terminals);
/* Bounds the closed log to about max_bytes (rounded down to whole 1 MiB
 * chunks; 0 keeps no cell at all). `o` tells a pair's destination and its
 * requests so far; it must outlive the cells. */
void cells_set_budget(cells *c, size_t max_bytes, const struct observe *o);
void cells_free(cells *c);
void cells_add(cells *c, uint32_t pair, uint32_t dest, uint32_t dest_terminals, uint32_t hour, bool ok,
               uint64_t bytes_out, uint64_t bytes_in);
/* From now on keeps no cells, only the incomplete marks: for a scan whose
 * results go to no store and no report (cells_collect then finds none). */
void cells_marks_only(cells *c);
/* True when some records of the destination were not kept. */
bool cells_incomplete(const cells *c, uint32_t dest);
/* Closes every open cell, then appends to `out` (a vec of cell) the cells of
 * the pairs whose bit is set in `wanted`, merged and sorted by pair and bucket. */
void cells_collect(cells *c, const uint8_t *wanted, uint32_t npairs, vec *out);
size_t cells_bytes(const cells *c);

#endif
