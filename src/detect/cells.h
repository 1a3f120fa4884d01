/* cells.h - hourly terminal x destination aggregates for the A6 chart.
 *
 * The chart (and the store's `hourly` table) needs, for every terminal that
 * talked to a suspicious destination, each hour's requests, successes and
 * bytes. Which destinations are suspicious is only known at the end of the
 * scan, and keeping every hour of every pair would cost gigabytes for a
 * month of a large organisation. So cells are kept for destinations that,
 * when the record arrives, have been contacted by at most
 * hourly_max_terminals terminals: suspicious destinations are rare ones, the
 * popular ones that make most of the volume are left out. A destination that
 * crosses the limit is marked incomplete (hourly_complete), and its earlier
 * cells are still kept.
 *
 * The cells of the current and previous hour stay open in a small hash map;
 * older ones are closed into a compact log (varint-coded, about 12 bytes a
 * cell, in 1 MiB chunks). Records out of time order open a second cell for
 * the same hour; cells_collect merges them. */
#ifndef MITSUKE_CELLS_H
#define MITSUKE_CELLS_H

#include "core/u64map.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct cell {
    uint32_t pair, hour;          /* hour: hours since OBS_EPOCH (observe.h) */
    uint32_t requests, ok;
    uint64_t bytes_out, bytes_in;
} cell;

typedef struct cells {
    uint32_t max_terminals;
    u64map open_index;            /* (pair, hour) -> index in open */
    vec open;                     /* cell */
    vec chunks;                   /* unsigned char *, CELLS_CHUNK bytes each */
    size_t chunk_used;            /* bytes used in the last chunk */
    uint32_t max_hour;
    uint8_t *incomplete;          /* bitmap by destination id */
    uint32_t incomplete_cap;      /* in destinations */
    uint64_t closed;              /* cells in the log */
    bool marks_only;              /* cells_marks_only: no cells, only the incomplete marks */
} cells;

void cells_init(cells *c, uint32_t max_terminals);
void cells_free(cells *c);
void cells_add(cells *c, uint32_t pair, uint32_t dest, uint32_t dest_terminals, uint32_t hour, bool ok,
               uint64_t bytes_out, uint64_t bytes_in);
/* From now on keeps no cells, only the incomplete marks: for a scan whose
 * results go to no store and no report (cells_collect then finds none). */
void cells_marks_only(cells *c);
/* True when some records of the destination were not kept. */
bool cells_incomplete(const cells *c, uint32_t dest);
/* Closes every open cell, then appends to `out` (a vec of cell) the cells of
 * the pairs whose bit is set in `wanted`, merged and sorted by pair and hour. */
void cells_collect(cells *c, const uint8_t *wanted, uint32_t npairs, vec *out);
size_t cells_bytes(const cells *c);

#endif
