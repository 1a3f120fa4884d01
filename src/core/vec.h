/* vec.h - growable array of fixed-size elements.
 *
 * Typed access goes through VEC_AT(v, type, i); vec_push returns a pointer to a
 * new zeroed element. Elements move when the array grows, so keep indices, not
 * pointers, across pushes. */
#ifndef MITSUKE_VEC_H
#define MITSUKE_VEC_H

#include <stddef.h>

typedef struct vec {
    void *data;
    size_t len, cap, esz;
} vec;

#define VEC_INIT(type) ((vec){NULL, 0, 0, sizeof(type)})
#define VEC_AT(v, type, i) (((type *)(v)->data)[i])

void vec_init(vec *v, size_t esz);
void *vec_push(vec *v);
void vec_reserve(vec *v, size_t n);
void vec_sort(vec *v, int (*cmp)(const void *, const void *));
void vec_free(vec *v);

#endif
