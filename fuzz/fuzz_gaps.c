/* fuzz_gaps.c - libFuzzer harness for the gap rule: any histogram (bytes
 * read as minute steps and counts, including huge jumps and negative times)
 * must give gaps that lie between the first and last bucket, do not overlap,
 * come in order, and each cover only empty buckets. */
#include "analysis/gaps.h"
#include "core/mtime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static int zone;
    if (!zone++) display_zone_set("JST");
    vec b = VEC_INIT(th_bucket);
    int64_t t = 1431043200000LL; /* 2015-05-08 */
    for (size_t i = 0; i + 4 <= size; i += 4) {
        uint16_t step;
        memcpy(&step, data + i, 2);
        uint16_t count = (uint16_t)(data[i + 2] | data[i + 3] << 8);
        /* mostly small steps; the top bit makes a jump of up to ~45 years */
        int64_t minutes = step & 0x8000 ? (int64_t)(step & 0x7fff) * 720 : (step % 90) + 1;
        t += minutes * 60000;
        th_bucket *x = vec_push(&b);
        x->start_ms = t;
        x->count = count ? count : 1;
    }
    gap_params p;
    gap_params_default(&p, 60000);
    vec gaps = VEC_INIT(gap);
    gaps_find(b.data, b.len, &p, &gaps);
    const th_bucket *bk = b.data;
    for (size_t i = 0; i < gaps.len; i++) {
        const gap *g = &VEC_AT(&gaps, gap, i);
        if (g->end_ms - g->start_ms < p.min_gap_ms || g->expected < p.min_expected) abort();
        if (g->start_ms <= bk[0].start_ms || g->end_ms > bk[b.len - 1].start_ms) abort();
        if (i && g->start_ms < VEC_AT(&gaps, gap, i - 1).end_ms) abort();
        for (size_t k = 0; k < b.len; k++)
            if (bk[k].start_ms >= g->start_ms && bk[k].start_ms < g->end_ms) abort();
    }
    vec_free(&gaps);
    vec_free(&b);
    return 0;
}
