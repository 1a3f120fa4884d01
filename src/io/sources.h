/* sources.h - turning the paths a user typed into an ordered list of inputs.
 *
 * A path may be a file, a directory (walked recursively, in name order), a
 * glob (such as *.gz in a folder, expanded by mitsuke so it also works quoted), or "-"
 * for stdin. Rotated sets are put in time order: for access.log,
 * access.log.1, access.log.2.gz the oldest (highest number) comes first and the
 * live file last; date-stamped rotations (access.log-20150520.gz) sort by date
 * before the live file. Paths that cannot be used are reported and counted,
 * and the rest still run. */
#ifndef MITSUKE_SOURCES_H
#define MITSUKE_SOURCES_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct source {
    uint32_t id;          /* position in the list, 0-based */
    const char *path;     /* as opened ("-" for stdin) */
    const char *name;     /* as shown to the user ("(stdin)" for "-") */
    uint64_t size;        /* on-disk size, 0 when unknown */
} source;

typedef struct source_list {
    vec items;            /* of source* */
    arena mem;
    hmap seen;            /* device:inode of the files added */
    unsigned errors;      /* paths that could not be used */
} source_list;

void sources_init(source_list *l);
/* Adds the inputs for one user-typed path; problems are printed and counted. */
void sources_add(source_list *l, const char *path);
/* Orders rotated sets oldest first and numbers the sources. Call once. */
void sources_finish(source_list *l);
static inline size_t sources_count(const source_list *l) { return l->items.len; }
static inline source *sources_at(const source_list *l, size_t i) { return VEC_AT(&l->items, source *, i); }
void sources_free(source_list *l);

/* Exposed for tests: the rotation set of a file name (the name without its
 * rotation number, date and compression suffix), its number (access.log.3:
 * 3) and its date as YYYYMMDDHH (access.log-20150520: 2015052000). */
void rotation_key(const char *path, char *set, size_t setlen, long *index, long *date);

#endif
