/* rng.c - xoshiro256** seeded by splitmix64; see rng.h. */
#include "sim/rng.h"

#include <math.h>

uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

uint64_t mix4(uint64_t a, uint64_t b, uint64_t c, uint64_t d) {
    return mix64(mix64(mix64(mix64(a) ^ b) ^ c) ^ d);
}

void rng_seed(rng *r, uint64_t seed, uint64_t stream) {
    uint64_t x = mix64(seed) ^ mix64(stream * 0xd1b54a32d192ed03ull + 1);
    for (int i = 0; i < 4; i++) {
        x += 0x9e3779b97f4a7c15ull;
        r->s[i] = mix64(x);
    }
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
}

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rng_next(rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rng_unit(rng *r) { return unit_from(rng_next(r)); }

uint64_t rng_below(rng *r, uint64_t n) {
    if (n <= 1) return 0;
    uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do x = rng_next(r);
    while (x >= limit);
    return x % n;
}

int64_t rng_range(rng *r, int64_t lo, int64_t hi) {
    if (hi <= lo) return lo;
    return lo + (int64_t)rng_below(r, (uint64_t)(hi - lo) + 1);
}

bool rng_chance(rng *r, double p) { return rng_unit(r) < p; }

double rng_exp(rng *r, double mean) { return -mean * log(1.0 - rng_unit(r)); }

double rng_normal(rng *r, double mean, double sd) {
    /* Box-Muller; one value per call keeps the stream simple. */
    double u1 = 1.0 - rng_unit(r), u2 = rng_unit(r);
    return mean + sd * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

double rng_jitter(rng *r, double base, double jitter) {
    return base * (1.0 - jitter + 2.0 * jitter * rng_unit(r));
}

size_t rng_weighted(rng *r, const double *weights, size_t n) {
    double total = 0;
    for (size_t i = 0; i < n; i++) total += weights[i];
    double x = rng_unit(r) * total;
    for (size_t i = 0; i < n; i++) {
        if (x < weights[i]) return i;
        x -= weights[i];
    }
    return n ? n - 1 : 0;
}

void rng_alnum(rng *r, char *out, size_t n) {
    static const char set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (size_t i = 0; i < n; i++) out[i] = set[rng_below(r, sizeof set - 1)];
}

void rng_hex(rng *r, char *out, size_t n) {
    static const char set[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) out[i] = set[rng_below(r, 16)];
}
