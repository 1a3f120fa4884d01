/* cidrset.c - containment lookups over many CIDR ranges; see cidrset.h. */
#include "core/cidrset.h"
#include "core/util.h"

#include <stdlib.h>

typedef struct u128 {
    uint64_t hi, lo;
} u128;

typedef struct cidrset_node {
    u128 first, last;     /* the range, inclusive */
    uint32_t value;
    uint32_t parent;      /* index + 1 of the nearest enclosing entry; 0 = none */
    uint32_t order;       /* insertion order, for a stable sort */
    uint8_t prefix;
} cidrset_node;

static u128 load_u128(const uint8_t b[16]) {
    u128 v = {0, 0};
    for (int i = 0; i < 8; i++) v.hi = v.hi << 8 | b[i];
    for (int i = 8; i < 16; i++) v.lo = v.lo << 8 | b[i];
    return v;
}

static int cmp_u128(u128 a, u128 b) {
    if (a.hi != b.hi) return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo) return a.lo < b.lo ? -1 : 1;
    return 0;
}

static bool holds(const cidrset_node *n, u128 v) { return cmp_u128(n->first, v) <= 0 && cmp_u128(v, n->last) <= 0; }

void cidrset_init(cidrset *s) {
    vec_init(&s->nodes, sizeof(cidrset_node));
    s->built = false;
}

void cidrset_add(cidrset *s, const cidr *c, uint32_t value) {
    cidrset_node *n = vec_push(&s->nodes);
    n->first = load_u128(c->addr.b);
    unsigned p = c->prefix > 128 ? 128 : c->prefix;
    /* host bits: the low 128 - p bits */
    uint64_t host_hi = p >= 64 ? 0 : (p == 0 ? UINT64_MAX : UINT64_MAX >> p);
    uint64_t host_lo = p >= 128 ? 0 : (p <= 64 ? UINT64_MAX : UINT64_MAX >> (p - 64));
    n->first.hi &= ~host_hi;
    n->first.lo &= ~host_lo;
    n->last.hi = n->first.hi | host_hi;
    n->last.lo = n->first.lo | host_lo;
    n->value = value;
    n->prefix = (uint8_t)p;
    n->order = (uint32_t)(s->nodes.len - 1);
    n->parent = 0;
    s->built = false;
}

static int cmp_nodes(const void *pa, const void *pb) {
    const cidrset_node *a = pa, *b = pb;
    int c = cmp_u128(a->first, b->first);
    if (c) return c;
    if (a->prefix != b->prefix) return a->prefix < b->prefix ? -1 : 1; /* wider first */
    return a->order < b->order ? -1 : a->order > b->order;
}

void cidrset_build(cidrset *s) {
    vec_sort(&s->nodes, cmp_nodes);
    size_t n = s->nodes.len;
    uint32_t *stack = xmalloc((n ? n : 1) * sizeof *stack);
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        cidrset_node *node = &VEC_AT(&s->nodes, cidrset_node, i);
        while (depth && !holds(&VEC_AT(&s->nodes, cidrset_node, stack[depth - 1]), node->first)) depth--;
        node->parent = depth ? stack[depth - 1] + 1 : 0;
        stack[depth++] = (uint32_t)i;
    }
    free(stack);
    s->built = true;
}

size_t cidrset_lookup(const cidrset *s, const ipaddr *ip, uint32_t *out, size_t max) {
    if (!s->built || !s->nodes.len || !ip->family) return 0;
    u128 v = load_u128(ip->b);
    const cidrset_node *nodes = s->nodes.data;
    /* last node whose first address is <= v */
    size_t lo = 0, hi = s->nodes.len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_u128(nodes[mid].first, v) <= 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return 0;
    size_t found = 0;
    uint32_t at = (uint32_t)lo; /* index + 1 */
    while (at && !holds(&nodes[at - 1], v)) at = nodes[at - 1].parent;
    for (; at; at = nodes[at - 1].parent) {
        if (found < max) out[found] = nodes[at - 1].value;
        found++;
    }
    return found;
}

void cidrset_free(cidrset *s) {
    vec_free(&s->nodes);
    s->built = false;
}
