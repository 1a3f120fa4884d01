/* cidrset.h - which of many CIDR ranges contain an address.
 *
 * A set of (range, value) entries, IPv4 and IPv6 together (IPv4 lives in the
 * ::ffff:0:0/96 part of the 128-bit space, as in ipaddr.h). After
 * cidrset_build, a lookup costs one binary search plus a walk up a chain of
 * enclosing ranges, whatever the number of entries.
 *
 * How: CIDR ranges never partly overlap - two ranges are either disjoint or
 * one holds the other - so the entries form a forest. Sorted by start address
 * (wider first on ties), each entry's parent is the nearest earlier entry that
 * holds it (found with a stack). For an address, the last entry starting at or
 * before it is either the innermost range holding it, or a range whose
 * ancestors include every range that holds it; walking up the parents from
 * there finds them all, innermost first. The same range added twice (two
 * indicators naming one network) simply nests in itself. */
#ifndef MITSUKE_CIDRSET_H
#define MITSUKE_CIDRSET_H

#include "core/ipaddr.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cidrset {
    vec nodes;      /* of cidrset_node (private), sorted by cidrset_build */
    bool built;
} cidrset;

void cidrset_init(cidrset *s);
void cidrset_add(cidrset *s, const cidr *c, uint32_t value);
void cidrset_build(cidrset *s);           /* call after the last add, before lookups */
static inline size_t cidrset_len(const cidrset *s) { return s->nodes.len; }
/* Values of the entries holding `ip`, innermost first; at most `max` are
 * written to `out`. Returns how many entries hold it (may exceed max). */
size_t cidrset_lookup(const cidrset *s, const ipaddr *ip, uint32_t *out, size_t max);
void cidrset_free(cidrset *s);

#endif
