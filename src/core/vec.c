/* vec.c - growable array; see vec.h. */
#include "core/vec.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

void vec_init(vec *v, size_t esz) {
    v->data = NULL;
    v->len = v->cap = 0;
    v->esz = esz;
}

void vec_reserve(vec *v, size_t n) {
    if (n <= v->cap) return;
    size_t cap = v->cap ? v->cap : 8;
    while (cap < n) cap *= 2;
    v->data = xrealloc(v->data, cap * v->esz);
    v->cap = cap;
}

void *vec_push(vec *v) {
    vec_reserve(v, v->len + 1);
    void *p = (char *)v->data + v->len * v->esz;
    memset(p, 0, v->esz);
    v->len++;
    return p;
}

void vec_sort(vec *v, int (*cmp)(const void *, const void *)) {
    if (v->len > 1) qsort(v->data, v->len, v->esz, cmp);
}

void vec_free(vec *v) {
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}
