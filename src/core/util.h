/* util.h - allocation that never returns NULL, and small helpers used everywhere. */
#ifndef MITSUKE_UTIL_H
#define MITSUKE_UTIL_H

#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* a / b rounded towards minus infinity (b > 0): the minute or day a
 * negative time falls in. */
static inline int64_t floor_div_i64(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The value of a hexadecimal digit (either case), or -1. */
static inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* 64-bit hash of a byte string (not cryptographic; for hash tables). */
uint64_t hash_bytes(const void *p, size_t n, uint64_t seed);

#endif
