/* test_fastpaths.c - the per-record fast paths give the same answers as the
 * plain code they replaced.
 *
 * The parsers' hot helpers (field splitting, numbers, IPv4, epoch times, URL
 * splitting) were rewritten for speed: word-at-a-time digit checks, SIMD
 * scans with loads that end at the view's end, one pass over a URL. Each is
 * compared here with a straightforward reference version (the code it
 * replaced, kept below) on hand-picked edge cases and on hundreds of
 * thousands of random strings made of the bytes that matter to it. Every
 * random string sits in a heap block of exactly its own size, so under
 * AddressSanitizer (make test) a read past the view is caught too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/ipaddr.h"
#include "core/mtime.h"
#include "core/sv.h"
#include "formats/url.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- random strings ------------------------------------------------------ */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static size_t below(size_t n) { return (size_t)(rnd() % n); }

/* A heap copy of exactly n bytes (never NULL, so a zero-length view is valid). */
static char *exact(const char *p, size_t n) {
    char *c = malloc(n ? n : 1);
    assert_non_null(c);
    if (n) memcpy(c, p, n);
    return c;
}

/* n random bytes from `alphabet` into buf. */
static void random_text(char *buf, size_t n, const char *alphabet, size_t alen) {
    for (size_t i = 0; i < n; i++) buf[i] = alphabet[below(alen)];
}

#include "fastpath_ref.h"

/* Same bytes at the same place (a view is compared by where it points). */
static void assert_same_view(sv a, sv b) {
    assert_int_equal(a.n, b.n);
    if (a.n) assert_ptr_equal(a.p, b.p);
}

/* ---- the comparisons ------------------------------------------------------ */

static void digits8(void **unused) {
    (void)unused;
    uint32_t v;
    assert_true(sv_digits8("12345678", &v));
    assert_int_equal(v, 12345678);
    assert_true(sv_digits8("00000000", &v));
    assert_int_equal(v, 0);
    assert_true(sv_digits8("99999999", &v));
    assert_int_equal(v, 99999999);
    static const char *const bad[] = {"1234567/", "1234567:", "/2345678", " 2345678", "1234\x80" "678", "123456\xff" "8"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) assert_false(sv_digits8(bad[i], &v));
    /* every byte value in every position */
    for (int pos = 0; pos < 8; pos++)
        for (int c = 0; c < 256; c++) {
            char b[8];
            memcpy(b, "31415926", 8);
            b[pos] = (char)c;
            uint64_t want;
            bool ok = ref_u64(sv_make(b, 8), &want);
            assert_int_equal(sv_digits8(b, &v), ok);
            if (ok) assert_int_equal(v, want);
        }
}

static void numbers(void **unused) {
    (void)unused;
    static const char alphabet[] = "0123456789999900-+ x/";
    char text[32];
    for (int round = 0; round < 300000; round++) {
        size_t pre = below(12), n = below(22);
        random_text(text, pre + n, alphabet, sizeof alphabet - 1);
        if (round % 3 == 0) /* mostly digits */
            for (size_t i = pre; i < pre + n; i++) text[i] = (char)('0' + below(10));
        char *buf = exact(text, pre + n);
        sv s = sv_make(buf + pre, n);
        uint64_t u1 = 0, u2 = 0, u3 = 0;
        int64_t i1 = 0, i2 = 0, i3 = 0;
        bool ok = ref_u64(s, &u1);
        assert_int_equal(sv_to_u64(s, &u2), ok);
        assert_int_equal(sv_to_u64_in(s, sv_make(buf, pre + n), &u3), ok);
        if (ok) assert_true(u1 == u2 && u1 == u3);
        ok = ref_i64(s, &i1);
        assert_int_equal(sv_to_i64(s, &i2), ok);
        assert_int_equal(sv_to_i64_in(s, sv_make(buf, pre + n), &i3), ok);
        if (ok) assert_true(i1 == i2 && i1 == i3);
        /* a `within` that does not hold the view (another buffer, or only part of it) changes nothing */
        char other[16] = "0000000000000000";
        ok = ref_u64(s, &u1);
        assert_int_equal(sv_to_u64_in(s, sv_make(other, sizeof other), &u3), ok);
        if (ok) assert_true(u1 == u3);
        if (n) {
            assert_int_equal(sv_to_u64_in(s, sv_make(buf, pre + n - 1), &u3), ok);
            if (ok) assert_true(u1 == u3);
        }
        free(buf);
    }
    uint64_t u;
    assert_true(sv_to_u64(SV("18446744073709551615"), &u));
    assert_true(u == UINT64_MAX);
    assert_false(sv_to_u64(SV("18446744073709551616"), &u));
    assert_false(sv_to_u64(SV("99999999999999999999"), &u));
}

static void split_blanks(void **unused) {
    (void)unused;
    static const char alphabet[] = "ab  \t\"x-";
    char text[300];
    sv a[40], b[40];
    for (int round = 0; round < 200000; round++) {
        size_t n = below(round % 10 == 0 ? sizeof text : 80);
        random_text(text, n, alphabet, sizeof alphabet - 1);
        char *buf = exact(text, n);
        size_t max = below(SV_SPLIT_MAX + 6);
        sv s1 = sv_make(buf, n), s2 = s1;
        size_t k1 = 0;
        while (k1 < max && sv_next_token(&s1, &a[k1])) k1++;
        size_t k2 = sv_split_blanks(&s2, b, max);
        assert_int_equal(k1, k2);
        for (size_t i = 0; i < k1; i++) assert_same_view(a[i], b[i]);
        if (!max) assert_same_view(s2, sv_make(buf, n)); /* untouched */
        else if (k1 == max) assert_same_view(s1, s2);   /* the rest after the last token */
        else assert_int_equal(s2.n, 0);
        free(buf);
    }
}

static void quoted_tokens(void **unused) {
    (void)unused;
    static const char alphabet[] = "\"\"\\\\ ab\tc";
    char text[200];
    for (int round = 0; round < 300000; round++) {
        size_t n = below(round % 10 == 0 ? sizeof text : 40);
        random_text(text, n, alphabet, sizeof alphabet - 1);
        char *buf = exact(text, n);
        sv s1 = sv_make(buf, n), s2 = s1, t1, t2;
        for (;;) {
            bool q1 = false, q2 = false;
            bool ok = ref_quoted_token(&s1, &t1, &q1);
            assert_int_equal(sv_next_quoted_token(&s2, &t2, &q2), ok);
            assert_same_view(s1, s2);
            if (!ok) break;
            assert_int_equal(q1, q2);
            assert_same_view(t1, t2);
        }
        free(buf);
    }
}

static void ipv4(void **unused) {
    (void)unused;
    static const char alphabet[] = "0123456789...:[]a";
    char text[24];
    for (int round = 0; round < 300000; round++) {
        size_t n;
        if (round % 2) { /* address-shaped, with a part sometimes out of range or too long */
            n = (size_t)snprintf(text, sizeof text, "%u.%u.%u.%u", (unsigned)below(300), (unsigned)below(1100),
                                 (unsigned)below(256), (unsigned)below(round % 4 == 1 ? 10 : 2000));
            if (round % 8 == 1) text[below(n)] = alphabet[below(sizeof alphabet - 1)];
        } else {
            n = below(18);
            random_text(text, n, alphabet, sizeof alphabet - 1);
        }
        char *buf = exact(text, n);
        sv s = sv_make(buf, n), bare = s;
        if (n >= 2 && buf[0] == '[' && buf[n - 1] == ']') bare = sv_sub(s, 1, n - 1); /* "[a.b.c.d]" is allowed */
        uint32_t want;
        ipaddr got;
        bool ok = ref_v4(bare, &want);
        bool parsed = ip_parse(s, &got);
        if (ok) {
            assert_true(parsed);
            assert_int_equal(got.family, 4);
            assert_int_equal(ip_v4(&got), want);
        } else if (parsed) {
            assert_non_null(memchr(buf, ':', n)); /* only an IPv6 form may parse otherwise */
        }
        free(buf);
    }
}

static void epoch(void **unused) {
    (void)unused;
    static const char alphabet[] = "0123456789.,x";
    char text[30];
    for (int round = 0; round < 300000; round++) {
        size_t n;
        if (round % 2) { /* Squid-shaped, sometimes damaged */
            n = (size_t)snprintf(text, sizeof text, "%010u.%03u", (unsigned)(rnd() % 4000000000u),
                                 (unsigned)below(1000));
            if (round % 6 == 1) text[below(n)] = alphabet[below(sizeof alphabet - 1)];
        } else {
            n = below(26);
            random_text(text, n, alphabet, sizeof alphabet - 1);
        }
        char *buf = exact(text, n);
        int64_t want = 0, got = 0;
        bool ok = ref_epoch(sv_make(buf, n), &want);
        assert_int_equal(mtime_parse_epoch(sv_make(buf, n), &got), ok);
        if (ok) assert_true(want == got);
        free(buf);
    }
}

static void check_url(const char *text, size_t n, bool connect) {
    char *buf = exact(text, n);
    url_parts want, got;
    ref_url_split(sv_make(buf, n), connect, &want);
    url_split(sv_make(buf, n), connect, &got);
    assert_same_view(want.scheme, got.scheme);
    assert_same_view(want.host, got.host);
    assert_same_view(want.path, got.path);
    assert_same_view(want.query, got.query);
    assert_int_equal(want.port, got.port);
    sv h1, h2;
    int32_t p1, p2;
    ref_host_port(sv_make(buf, n), &h1, &p1);
    host_port_split(sv_make(buf, n), &h2, &p2);
    assert_same_view(h1, h2);
    assert_int_equal(p1, p2);
    assert_int_equal(ref_plausible(sv_make(buf, n)), host_is_plausible(sv_make(buf, n)));
    free(buf);
}

static void urls(void **unused) {
    (void)unused;
    static const char *const fixed[] = {
        "http://www.example.com/a/b?x=1#f", "HTTPS://u:p@h.example:8443/p?q", "http://h:0/", "http://h:65536/",
        "http://[2001:db8::1]:8080/x", "http://[2001:db8::1/x", "ftp://a.example", "Ws://a/", "wss://a:99",
        "http://", "http:///", "http://a@b@c:1/?#", "/only?x#y", "/p#h?x", "error:invalid-request", "1http://a/",
        "h+t.p-://a.example:1/", "c2.example.net:443", "[2001:db8::2]:8443", "a b:443", "x:99999", ":443",
        "host/path:443", "-", "", "http://very-long-host-name-that-spans-more-than-sixteen-bytes.example:8080"
        "/and/a/long/path/too?with=a&query=string#and-a-fragment"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        check_url(fixed[i], strlen(fixed[i]), false);
        check_url(fixed[i], strlen(fixed[i]), true);
    }
    /* every byte value in every part of a URL */
    static const char *const shapes[] = {"a@b://h:1/p?q#f", "@", "http://h@/x?y", "http://u@h@:8/", "h@:443",
                                         "/p@th?q@#f"};
    for (int c = 0; c < 256; c++)
        for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
            char t[32];
            size_t n = strlen(shapes[k]);
            memcpy(t, shapes[k], n);
            for (size_t i = 0; i < n; i++)
                if (t[i] == '@') t[i] = (char)c;
            check_url(t, n, false);
            check_url(t, n, true);
        }
    static const char alphabet[] = "httpsHT:/?#@[]ab.-_%+9017 \x80\xff";
    static const char *const prefixes[] = {"", "http://", "https://", "HTTP://u@", "/", "ws://[", "a.b:"};
    char text[160];
    for (int round = 0; round < 300000; round++) {
        const char *pre = prefixes[below(sizeof prefixes / sizeof prefixes[0])];
        size_t pn = strlen(pre), n = below(round % 8 == 0 ? sizeof text - pn : 40);
        memcpy(text, pre, pn);
        random_text(text + pn, n, alphabet, sizeof alphabet - 1);
        check_url(text, pn + n, round & 1);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(digits8), cmocka_unit_test(numbers), cmocka_unit_test(split_blanks),
        cmocka_unit_test(quoted_tokens),
        cmocka_unit_test(ipv4),    cmocka_unit_test(epoch),   cmocka_unit_test(urls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
