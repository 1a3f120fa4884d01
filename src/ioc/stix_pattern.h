/* stix_pattern.h - reading STIX 2.1 indicator patterns into simple tests.
 *
 * A STIX pattern is a boolean expression over observations:
 *   [domain-name:value = 'evil.com' OR url:value = 'http://evil.com/x'] OR [ipv4-addr:value ISSUBSET '198.51.100.0/24']
 * The IOC sweep can use the part of the language that says "any of these
 * values": comparisons joined by OR (inside and between brackets), each with
 * = , IN (...) or ISSUBSET. An AND inside one bracket is kept as a
 * conjunction, so the caller can accept the few that still name one thing
 * (network-traffic dst_ref.value AND dst_port = N: an address and its port).
 * Anything else - AND or FOLLOWEDBY between observations, NOT, LIKE,
 * MATCHES, comparisons of numbers - parses, but is reported back as
 * unsupported with the reason. Qualifiers (WITHIN, REPEATS, START/STOP) are
 * read and ignored: for a sweep of past logs they only narrow a match.
 *
 * The whole grammar is parsed (so a malformed pattern is told apart from an
 * unsupported one), with limits on nesting and size. */
#ifndef MITSUKE_STIX_PATTERN_H
#define MITSUKE_STIX_PATTERN_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum { STIX_OP_EQ, STIX_OP_IN, STIX_OP_ISSUBSET, STIX_OP_OTHER } stix_op;

typedef struct stix_cmp {
    const char *path;        /* "domain-name:value", "network-traffic:extensions.http-request-ext.request_header.User-Agent" */
    stix_op op;
    const char *op_text;     /* as written, for messages ("LIKE", "!=", "NOT =") */
    const char **values;     /* strings (numbers as their text) */
    size_t n_values;
    bool numeric;            /* the constants were numbers, not strings */
} stix_cmp;

typedef struct stix_conj {   /* comparisons joined by AND (one observation) */
    stix_cmp *cmp;
    size_t n;
} stix_conj;

typedef struct stix_pattern {
    stix_conj *any;          /* conjunctions joined by OR */
    size_t n;
    const char *unsupported; /* set when the pattern as a whole cannot be used */
} stix_pattern;

#define STIX_MAX_DEPTH 32
#define STIX_MAX_TERMS 10000
/* Comparisons copied while distributing AND over OR, all told. Each AND
 * copies the conjunctions it joins, so a chain of n ANDs copies about n*n/2
 * comparisons: without this bound a 150 KB pattern took 400 MB. */
#define STIX_MAX_CELLS 200000

/* Parses `text` with allocations in `a`. Returns false with *err set when the
 * pattern is not valid STIX patterning. */
bool stix_pattern_parse(const char *text, size_t len, arena *a, stix_pattern *out, const char **err);

#endif
