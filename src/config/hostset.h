/* hostset.h - sets of destinations given by name or address: allow-lists,
 * the organisation's own domains, dynamic-DNS and online-storage lists.
 *
 * A pattern is a domain ("example.com", also written "*.example.com" or
 * ".example.com"), which matches the domain and every name under it; or an
 * address or CIDR range ("203.0.113.5", "10.0.0.0/8"). Matching a host walks
 * its labels from the full name up (a.b.example.com, b.example.com,
 * example.com, com), one hash probe each, so the cost does not depend on the
 * size of the list. Each pattern remembers where it came from ("file:line")
 * so a finding can say which list entry silenced it. */
#ifndef MITSUKE_HOSTSET_H
#define MITSUKE_HOSTSET_H

#include "core/arena.h"
#include "core/intern.h"
#include "core/ipaddr.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct hostset {
    intern names;        /* lower-case domains */
    vec name_origin;     /* const char * per name id */
    vec nets;            /* cidr */
    vec net_origin;
    vec globs;             /* of const char *: shell patterns on the whole host ("s3.*.amazonaws.com") */
    vec glob_origin;      /* const char * per net */
    arena mem;
} hostset;

void hostset_init(hostset *s);
void hostset_free(hostset *s);
static inline size_t hostset_size(const hostset *s) { return intern_count(&s->names) + s->nets.len + s->globs.len; }
/* Adds one pattern; false (with *why) when it is neither a domain nor an address. */
bool hostset_add(hostset *s, sv pattern, const char *origin, const char **why);
/* Where the matching pattern came from, or NULL. `host` may be any case. */
const char *hostset_match(const hostset *s, sv host);
/* Reads one pattern per line ('#' starts a comment). Returns the number of
 * patterns read, or -1 with a message naming the file (and line) in err. */
long hostset_load_file(hostset *s, const char *path, char *err, size_t errlen);

/* A list of case-insensitive substrings (User-Agent lists), one per line. */
typedef struct strlist {
    vec items;           /* const char * (lower-case) */
    vec origin;          /* const char * */
    arena mem;
} strlist;

void strlist_init(strlist *l);
void strlist_free(strlist *l);
void strlist_add(strlist *l, sv item, const char *origin);
/* Origin of the first item contained in `s`, or NULL. */
const char *strlist_match(const strlist *l, sv s);
long strlist_load_file(strlist *l, const char *path, char *err, size_t errlen);

/* Lower-cases a host name into buf (size >= 256), dropping a trailing dot
 * and cutting at 255 bytes. */
sv host_normalize(sv host, char *buf);

#endif
