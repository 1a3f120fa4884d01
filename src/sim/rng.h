/* rng.h - the simulator's deterministic random numbers.
 *
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64. Every actor of
 * the simulation owns its own generator, seeded from the run's seed and the
 * actor's identity (rng_seed(&r, seed, stream)), so what one terminal does
 * never depends on how many numbers another one drew: the same seed gives the
 * same files byte for byte, and a different seed gives different ones. No
 * time(), no rand(), no global state.
 *
 * mix64 is the splitmix64 finaliser on its own: a pure hash for decisions that
 * must be answerable out of order (is terminal 17 switched on on day 12?). */
#ifndef MITSUKE_SIM_RNG_H
#define MITSUKE_SIM_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rng {
    uint64_t s[4];
} rng;

uint64_t mix64(uint64_t x);
/* A hash of up to four numbers (unused ones 0), for pure decisions. */
uint64_t mix4(uint64_t a, uint64_t b, uint64_t c, uint64_t d);
/* [0, 1) from a hash value. */
static inline double unit_from(uint64_t h) { return (double)(h >> 11) * 0x1.0p-53; }

void rng_seed(rng *r, uint64_t seed, uint64_t stream);
uint64_t rng_next(rng *r);
double rng_unit(rng *r);                          /* [0, 1) */
uint64_t rng_below(rng *r, uint64_t n);           /* [0, n), n > 0; unbiased */
int64_t rng_range(rng *r, int64_t lo, int64_t hi); /* [lo, hi] */
bool rng_chance(rng *r, double p);
double rng_exp(rng *r, double mean);              /* exponential */
double rng_normal(rng *r, double mean, double sd);
/* base * uniform(1 - jitter, 1 + jitter) */
double rng_jitter(rng *r, double base, double jitter);
/* A pick from `n` items with weights (need not sum to 1). */
size_t rng_weighted(rng *r, const double *weights, size_t n);
/* Fills `out` with `n` lowercase letters and digits (no NUL added). */
void rng_alnum(rng *r, char *out, size_t n);
void rng_hex(rng *r, char *out, size_t n);

#endif
