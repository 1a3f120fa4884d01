/* arena.h - bump allocation for things that live as long as a run or a source.
 *
 * An arena hands out memory from large chunks and frees it all at once. Detectors
 * intern the strings they keep (host names, User-Agents) into an arena, so a run
 * makes few malloc calls and never frees strings one by one. */
#ifndef MITSUKE_ARENA_H
#define MITSUKE_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;   /* chunk being filled */
    size_t chunk_size;   /* default size of a new chunk */
    size_t used;         /* bytes handed out, for memory reports */
} arena;

void arena_init(arena *a, size_t chunk_size);
void *arena_alloc(arena *a, size_t n);           /* 16-byte aligned, never NULL */
void *arena_zalloc(arena *a, size_t n);          /* zero-filled */
char *arena_strndup(arena *a, const char *s, size_t n); /* NUL-terminated copy */
char *arena_strdup(arena *a, const char *s);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(arena *a);                       /* releases every chunk */

#endif
