/* stats.c - order statistics for small samples; see stats.h. */
#include "detect/stats.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double quantile_sorted(const double *v, size_t n, double q) {
    if (!n) return 0;
    double pos = q * (double)(n - 1);
    size_t i = (size_t)pos;
    if (i + 1 >= n) return v[n - 1];
    double f = pos - (double)i;
    return v[i] + (v[i + 1] - v[i]) * f;
}

void robust_summary(double *v, size_t n, robust *out) {
    if (n > 1) qsort(v, n, sizeof *v, cmp_double);
    out->q1 = quantile_sorted(v, n, 0.25);
    out->median = quantile_sorted(v, n, 0.5);
    out->q3 = quantile_sorted(v, n, 0.75);
    double iqr = out->q3 - out->q1;
    out->bowley = iqr > 0 ? (out->q3 + out->q1 - 2 * out->median) / iqr : 0;
    double *dev = xmalloc(n * sizeof *dev);
    for (size_t i = 0; i < n; i++) dev[i] = fabs(v[i] - out->median);
    if (n > 1) qsort(dev, n, sizeof *dev, cmp_double);
    out->mad = quantile_sorted(dev, n, 0.5);
    free(dev);
}

uint64_t log2_hist_quantile(const uint32_t *hist, double q) {
    uint64_t total = 0;
    for (unsigned k = 0; k < LOG2_BINS; k++) total += hist[k];
    if (!total) return 0;
    double want = q * (double)total, seen = 0;
    for (unsigned k = 0; k < LOG2_BINS; k++) {
        seen += hist[k];
        if (seen >= want && hist[k]) return k ? (k >= 64 ? UINT64_MAX : (1ull << k) - 1) : 0;
    }
    return UINT64_MAX;
}
