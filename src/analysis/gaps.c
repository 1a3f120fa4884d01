/* gaps.c - the coverage gap rule; see gaps.h and docs/coverage.md.
 *
 * Everything works on the sparse, sorted bucket list plus a prefix sum of its
 * counts, so "records between t0 and t1" is two binary searches whatever the
 * span. A silence is the stretch between two consecutive non-empty buckets.
 * Its expected count is built clock hour by clock hour (display zone):
 *
 *   edge   = records per minute in the EDGE_WINDOW_MS before the silence and
 *            in the one after it, the smaller; twice the square root of the
 *            count is taken off first, and the window is counted whole even
 *            where the logs begin or end inside it, so stray records are not
 *            mistaken for activity;
 *   P      = median records per minute over the same clock span on the
 *            nearest comparable days (working day / day off, core/calendar.h;
 *            up to PROFILE_DAYS of them within PROFILE_REACH_DAYS), counting
 *            only spans the logs cover for at least half their length
 *            outside this silence;
 *   rate   = min(edge, P) where P is known; where it is not, the edge rate
 *            if the edges are busy (at least BUSY_SHARE of the logs' usual
 *            peak, the 90th percentile of hourly rates, with records in most
 *            minutes of both windows), else nothing.
 *
 * The silence is a gap when it lasts min_gap_ms and the rates sum to
 * min_expected records. Whole days inside a long silence are added a day at
 * a time, so a silence of years costs a few thousand steps. */
#include "analysis/gaps.h"
#include "core/calendar.h"
#include "core/mtime.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>

#define MINUTE_MS 60000
#define HOUR_MS 3600000
#define DAY_MS 86400000
#define EDGE_WINDOW_MS (15 * MINUTE_MS)
#define PROFILE_DAYS 14
#define PROFILE_REACH_DAYS 28
#define BUSY_SHARE 0.2

typedef struct series {
    const th_bucket *b;
    size_t n;
    int64_t width;
    uint64_t *prefix; /* prefix[i] = records in b[0..i) */
    int64_t cov_start, cov_end;
    double peak_rate; /* 90th percentile of hourly rates, per minute */
} series;

/* The silence being judged and what has been worked out for it. */
typedef struct silence {
    int64_t start, end;
    double edge; /* per minute */
    bool edge_busy;
    int64_t first_day, last_day;
    /* P(h) per [working day / day off][hour], and the sum over a whole
     * day, worked out on first use */
    bool known[2][24], has_profile[2][24];
    double profile[2][24];
    bool day_known[2];
    double day_profile[2], day_edges[2];
} silence;

void gap_params_default(gap_params *p, int64_t bucket_ms) {
    p->bucket_ms = bucket_ms > 0 ? bucket_ms : MINUTE_MS;
    p->min_gap_ms = 30 * MINUTE_MS;
    p->min_expected = 50.0;
}

const char *gap_basis_name(gap_basis b) { return b == GAP_EDGES ? "edges" : "profile"; }

/* Index of the first bucket starting at or after t. */
static size_t first_at(const series *s, int64_t t) {
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->b[mid].start_ms < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static uint64_t records_in(const series *s, int64_t t0, int64_t t1) {
    if (t1 <= t0) return 0;
    return s->prefix[first_at(s, t1)] - s->prefix[first_at(s, t0)];
}

static int64_t overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    int64_t lo = MAX(a0, b0), hi = MIN(a1, b1);
    return hi > lo ? hi - lo : 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double peak_rate(const series *s) {
    vec hours = VEC_INIT(th_bucket);
    th_rollup(s->b, s->n, HOUR_MS, &hours);
    double *rates = xmalloc((hours.len + 1) * sizeof *rates);
    for (size_t i = 0; i < hours.len; i++)
        rates[i] = (double)VEC_AT(&hours, th_bucket, i).count / 60.0;
    qsort(rates, hours.len, sizeof *rates, cmp_double);
    double peak = hours.len ? rates[hours.len * 9 / 10] : 0;
    free(rates);
    vec_free(&hours);
    return peak;
}

/* Per-minute rate over the local clock span [clock_ms, clock_ms + len) of
 * `day`, or -1 when the logs cover less than half of it outside the silence
 * (the edges of the logs, where an hour is only partly there). */
static double span_rate(const series *s, const silence *si, int64_t day, int64_t clock_ms, int64_t len) {
    int64_t t0 = display_utc_of(day, clock_ms), t1 = t0 + len;
    int64_t covered = overlap(t0, t1, s->cov_start, s->cov_end);
    covered -= overlap(MAX(t0, s->cov_start), MIN(t1, s->cov_end), si->start, si->end);
    if (covered * 2 < len || covered <= 0) return -1;
    return (double)records_in(s, MAX(t0, s->cov_start), MIN(t1, s->cov_end)) * MINUTE_MS / (double)covered;
}

/* Median rate over the same clock span on the nearest comparable days:
 * the silence's own first and last day (the span may lie partly outside
 * it), then outwards one day at a time on both sides. False if none. */
static bool profile_rate(const series *s, const silence *si, bool rest, int64_t clock_ms, int64_t len, double *out) {
    double rates[PROFILE_DAYS + 2];
    size_t n = 0;
    for (int k = 0; k <= PROFILE_REACH_DAYS && n < PROFILE_DAYS; k++) {
        int64_t days[2] = {si->first_day - k, si->last_day + k};
        int count = (k == 0 && si->first_day == si->last_day) ? 1 : 2;
        for (int j = 0; j < count && n < PROFILE_DAYS; j++) {
            if (jp_rest_day(days[j]) != rest) continue;
            double rate = span_rate(s, si, days[j], clock_ms, len);
            if (rate >= 0) rates[n++] = rate;
        }
    }
    if (!n) return false;
    qsort(rates, n, sizeof *rates, cmp_double);
    *out = n % 2 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    return true;
}

/* The same for a whole clock hour, remembered: a long silence has many. */
static bool profile_hour(const series *s, silence *si, bool rest, int h, double *out) {
    int r = rest ? 1 : 0;
    if (!si->known[r][h]) {
        si->known[r][h] = true;
        si->has_profile[r][h] = profile_rate(s, si, rest, (int64_t)h * HOUR_MS, HOUR_MS, &si->profile[r][h]);
    }
    *out = si->profile[r][h];
    return si->has_profile[r][h];
}

/* True when local `day` has 24 hours (no daylight-saving change in it). */
static bool whole_day(int64_t day) { return display_utc_of(day + 1, 0) - display_utc_of(day, 0) == DAY_MS; }

/* Adds one whole day of the silence: the 24 clock hours of a working day or
 * a day off, worked out once per silence and kind of day. */
static void day_sum(const series *s, silence *si, bool rest, double *with_profile, double *edges_only) {
    int r = rest ? 1 : 0;
    if (!si->day_known[r]) {
        si->day_known[r] = true;
        for (int h = 0; h < 24; h++) {
            double prof;
            if (profile_hour(s, si, rest, h, &prof))
                si->day_profile[r] += 60 * MIN(si->edge, prof);
            else if (si->edge_busy)
                si->day_edges[r] += 60 * si->edge;
        }
    }
    *with_profile += si->day_profile[r];
    *edges_only += si->day_edges[r];
}

/* Records per minute next to one side of the silence, less twice the square
 * root of the count (so a handful of stray records is not activity); the
 * window is counted whole even where the logs begin or end inside it. Also
 * says whether most minutes of the window had records. */
static double edge_rate(const series *s, int64_t t0, int64_t t1, bool *steady) {
    size_t i = first_at(s, t0), j = first_at(s, t1);
    double k = (double)(s->prefix[j] - s->prefix[i]);
    double buckets = (double)(t1 - t0) / (double)s->width;
    *steady = (double)(j - i) * 2 >= buckets;
    double sure = k - 2 * sqrt(k);
    return sure > 0 ? sure * MINUTE_MS / (double)(t1 - t0) : 0;
}

/* Judges one silence; fills `g` and returns true when it is a gap. */
static bool judge(const series *s, const gap_params *p, int64_t start, int64_t end, gap *g) {
    silence si = {.start = start, .end = end};
    bool steady_before, steady_after;
    double before, after;
    if (s->width < EDGE_WINDOW_MS) {
        before = edge_rate(s, start - EDGE_WINDOW_MS, start, &steady_before);
        after = edge_rate(s, end, end + EDGE_WINDOW_MS, &steady_after);
    } else {
        /* Coarse buckets: the buckets next to the silence hold its partial
         * edges, so the next ones out tell the rate. Whether the edges were
         * steady cannot be seen at this resolution: no edges-only verdict. */
        before = edge_rate(s, start - 2 * s->width, start - s->width, &steady_before);
        after = edge_rate(s, end + s->width, end + 2 * s->width, &steady_after);
        steady_before = false;
    }
    si.edge = MIN(before, after);
    si.edge_busy = si.edge > 0 && si.edge >= BUSY_SHARE * s->peak_rate && steady_before && steady_after;
    si.first_day = display_day_of(start);
    si.last_day = display_day_of(end - 1);
    double with_profile = 0, edges_only = 0;
    /* min(edge, P) is never above the edge rate: quiet edges, nothing expected */
    for (int64_t t = start; t < end && si.edge > 0;) {
        int64_t off = (int64_t)display_offset_at(t) * MINUTE_MS;
        int64_t day = floor_div_i64(t + off, DAY_MS);
        int64_t clock = t + off - day * DAY_MS;
        bool rest = jp_rest_day(day);
        if (clock == 0 && whole_day(day) && display_utc_of(day + 1, 0) <= end) {
            /* a whole ordinary day inside the silence: its 24 hours at once */
            day_sum(s, &si, rest, &with_profile, &edges_only);
            t = display_utc_of(day + 1, 0);
            continue;
        }
        int64_t seg_end = MIN(t + HOUR_MS - clock % HOUR_MS, end);
        int64_t len = seg_end - t;
        double prof;
        bool known = (len == HOUR_MS && clock % HOUR_MS == 0)
                         ? profile_hour(s, &si, rest, (int)(clock / HOUR_MS), &prof)
                         : profile_rate(s, &si, rest, clock, len, &prof);
        double minutes = (double)len / MINUTE_MS;
        if (known)
            with_profile += minutes * MIN(si.edge, prof);
        else if (si.edge_busy)
            edges_only += minutes * si.edge;
        t = seg_end;
    }
    g->start_ms = start;
    g->end_ms = end;
    g->expected = with_profile + edges_only;
    g->basis = with_profile >= p->min_expected ? GAP_PROFILE : GAP_EDGES;
    return g->expected >= p->min_expected;
}

size_t gaps_find(const th_bucket *b, size_t n, const gap_params *p, vec *out) {
    if (n < 2) return 0;
    series s = {.b = b, .n = n, .width = p->bucket_ms > 0 ? p->bucket_ms : MINUTE_MS};
    s.prefix = xmalloc((n + 1) * sizeof *s.prefix);
    s.prefix[0] = 0;
    for (size_t i = 0; i < n; i++)
        s.prefix[i + 1] = s.prefix[i] + b[i].count;
    s.cov_start = b[0].start_ms;
    s.cov_end = b[n - 1].start_ms + s.width;
    s.peak_rate = peak_rate(&s);
    int64_t min_gap = MAX(p->min_gap_ms, s.width);
    size_t found = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        int64_t start = b[i].start_ms + s.width, end = b[i + 1].start_ms;
        if (end - start < min_gap) continue;
        gap g;
        if (judge(&s, p, start, end, &g)) {
            *(gap *)vec_push(out) = g;
            found++;
        }
    }
    free(s.prefix);
    return found;
}
