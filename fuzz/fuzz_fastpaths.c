/* fuzz_fastpaths.c - the parsers' fast paths (word-at-a-time digits, SIMD
 * scans with loads that end at the view's end, one-pass URL splitting)
 * against the plain code they replaced (tests/unit/fastpath_ref.h), on
 * coverage-guided input: any difference aborts. The input sits in a heap
 * block of exactly its size, so ASan catches a read past the view. */
#include "../tests/unit/fastpath_ref.h"
#include "core/ipaddr.h"
#include "core/mtime.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void same(sv a, sv b) {
    if (a.n != b.n || (a.n && a.p != b.p)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    sv s = sv_make(buf, size);

    uint64_t u1 = 0, u2 = 0;
    int64_t i1 = 0, i2 = 0;
    for (size_t from = 0; from <= size && from < 24; from++) { /* numbers at every start, inside the buffer */
        sv t = sv_sub(s, from, size);
        bool ok = ref_u64(t, &u1);
        if (sv_to_u64(t, &u2) != ok || (ok && u1 != u2)) abort();
        if (sv_to_u64_in(t, s, &u2) != ok || (ok && u1 != u2)) abort();
        ok = ref_i64(t, &i1);
        if (sv_to_i64_in(t, s, &i2) != ok || (ok && i1 != i2)) abort();
    }

    sv a = s, b = s, ta[SV_SPLIT_MAX], tb[SV_SPLIT_MAX];
    size_t k1 = 0;
    while (k1 < 10 && sv_next_token(&a, &ta[k1])) k1++;
    size_t k2 = sv_split_blanks(&b, tb, 10);
    if (k1 != k2) abort();
    for (size_t i = 0; i < k1; i++) same(ta[i], tb[i]);
    if (k1 == 10) same(a, b);

    a = b = s;
    for (;;) {
        sv x, y;
        bool qa = false, qb = false, oka = ref_quoted_token(&a, &x, &qa), okb = sv_next_quoted_token(&b, &y, &qb);
        if (oka != okb) abort();
        same(a, b);
        if (!oka) break;
        if (qa != qb) abort();
        same(x, y);
    }

    uint32_t v4;
    ipaddr ip;
    sv bare = size >= 2 && buf[0] == '[' && buf[size - 1] == ']' ? sv_sub(s, 1, size - 1) : s;
    bool ok = ref_v4(bare, &v4), parsed = ip_parse(s, &ip);
    if (ok && (!parsed || ip.family != 4 || ip_v4(&ip) != v4)) abort();
    if (!ok && parsed && !memchr(buf, ':', size)) abort();

    int64_t m1 = 0, m2 = 0;
    ok = ref_epoch(s, &m1);
    if (mtime_parse_epoch(s, &m2) != ok || (ok && m1 != m2)) abort();

    for (int connect = 0; connect < 2; connect++) {
        url_parts w, g;
        ref_url_split(s, connect, &w);
        url_split(s, connect, &g);
        same(w.scheme, g.scheme), same(w.host, g.host), same(w.path, g.path), same(w.query, g.query);
        if (w.port != g.port) abort();
    }
    sv h1, h2;
    int32_t p1, p2;
    ref_host_port(s, &h1, &p1);
    host_port_split(s, &h2, &p2);
    same(h1, h2);
    if (p1 != p2 || ref_plausible(s) != host_is_plausible(s)) abort();
    free(buf);
    return 0;
}
