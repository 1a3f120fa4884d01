/* stats.h - robust statistics over small samples, for the detectors.
 *
 * Beacon intervals and request sizes are judged with order statistics
 * (median, quartiles, median absolute deviation) rather than mean and
 * standard deviation, because the samples carry outliers by nature: a
 * terminal switched off overnight leaves one huge interval, a retry leaves a
 * tiny one. Samples here are at most a few dozen values, so sorting is fine. */
#ifndef MITSUKE_STATS_H
#define MITSUKE_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct robust {
    double q1, median, q3;   /* quartiles (linear interpolation) */
    double mad;              /* median absolute deviation from the median */
    double bowley;           /* quartile skewness (q3 + q1 - 2 median) / (q3 - q1), 0 when q3 == q1 */
} robust;

/* Sorts `v` in place and computes the summary; n >= 1. */
void robust_summary(double *v, size_t n, robust *out);
/* Value at quantile q (0..1) of a sorted array. */
double quantile_sorted(const double *v, size_t n, double q);

/* Log2 histograms of sizes: bin k holds values in [2^(k-1), 2^k), bin 0 is 0. */
#define LOG2_BINS 48
static inline unsigned log2_bin(uint64_t v) {
    unsigned b = v ? 64 - (unsigned)__builtin_clzll(v) : 0;
    return b < LOG2_BINS ? b : LOG2_BINS - 1;
}
/* Upper edge of the bin holding quantile q of a histogram of `bins` counts. */
uint64_t log2_hist_quantile(const uint32_t *hist, double q);

#endif
