/* test_stix_pattern.c - the STIX 2.1 pattern parser: the spec's example
 * shapes, OR/IN/ISSUBSET, AND distribution, qualifiers, what is unsupported,
 * and what is malformed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "ioc/stix_pattern.h"

static stix_pattern parse_ok(arena *a, const char *text) {
    stix_pattern p;
    const char *err = NULL;
    if (!stix_pattern_parse(text, strlen(text), a, &p, &err)) fail_msg("%s: %s", text, err);
    return p;
}

static const char *parse_err(arena *a, const char *text) {
    stix_pattern p;
    const char *err = NULL;
    assert_false(stix_pattern_parse(text, strlen(text), a, &p, &err));
    assert_non_null(err);
    return err;
}

static void test_or_in_issubset(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    stix_pattern p = parse_ok(&a, "[ipv4-addr:value = '198.51.100.1/32' OR ipv4-addr:value = '203.0.113.33/32' OR "
                                  "ipv6-addr:value = '2001:0db8:dead:beef:dead:beef:dead:0001/128']");
    assert_null(p.unsupported);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.any[2].cmp[0].path, "ipv6-addr:value");
    assert_int_equal(p.any[2].cmp[0].op, STIX_OP_EQ);
    assert_string_equal(p.any[1].cmp[0].values[0], "203.0.113.33/32");
    p = parse_ok(&a, "[domain-name:value IN ('a.example', 'b.example')] OR [ipv4-addr:value ISSUBSET '192.0.2.0/25']");
    assert_int_equal(p.n, 2);
    assert_int_equal(p.any[0].cmp[0].op, STIX_OP_IN);
    assert_int_equal(p.any[0].cmp[0].n_values, 2);
    assert_string_equal(p.any[0].cmp[0].values[1], "b.example");
    assert_int_equal(p.any[1].cmp[0].op, STIX_OP_ISSUBSET);
    arena_free(&a);
}

static void test_paths_and_escapes(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    stix_pattern p = parse_ok(
        &a, "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'It\\'s \\\\ bad']");
    assert_string_equal(p.any[0].cmp[0].path, "network-traffic:extensions.http-request-ext.request_header.User-Agent");
    assert_string_equal(p.any[0].cmp[0].values[0], "It's \\ bad");
    p = parse_ok(&a, "[email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']");
    assert_string_equal(p.any[0].cmp[0].path, "email-message:body_multipart[*].body_raw_ref.name");
    assert_int_equal(p.any[0].cmp[0].op, STIX_OP_OTHER);
    assert_string_equal(p.any[0].cmp[0].op_text, "MATCHES");
    p = parse_ok(&a, "[file:size > 1024 AND file:name NOT = 'x']");
    assert_int_equal(p.n, 1);
    assert_int_equal(p.any[0].n, 2);
    assert_true(p.any[0].cmp[0].numeric);
    assert_string_equal(p.any[0].cmp[1].op_text, "NOT =");
    arena_free(&a);
}

static void test_and_distribution(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    stix_pattern p = parse_ok(&a, "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = "
                                  "'203.0.113.33/32' AND network-traffic:dst_port = 443]");
    assert_int_equal(p.n, 1);
    assert_int_equal(p.any[0].n, 3);
    assert_string_equal(p.any[0].cmp[2].values[0], "443");
    /* (A OR B) AND C = AC OR BC */
    p = parse_ok(&a, "[(domain-name:value = 'a' OR domain-name:value = 'b') AND network-traffic:dst_port = 80]");
    assert_int_equal(p.n, 2);
    assert_int_equal(p.any[0].n, 2);
    assert_string_equal(p.any[1].cmp[0].values[0], "b");
    arena_free(&a);
}

static void test_observation_operators_and_qualifiers(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    stix_pattern p = parse_ok(&a, "([ipv4-addr:value = '198.51.100.1/32'] FOLLOWEDBY [domain-name:value = "
                                  "'example.com']) WITHIN 600 SECONDS");
    assert_non_null(p.unsupported);
    p = parse_ok(&a, "[domain-name:value = 'a.example'] AND [domain-name:value = 'b.example']");
    assert_non_null(p.unsupported);
    p = parse_ok(&a, "[domain-name:value = 'a.example'] REPEATS 5 TIMES WITHIN 180 SECONDS");
    assert_null(p.unsupported);
    assert_int_equal(p.n, 1);
    p = parse_ok(&a, "[url:value = 'http://x4z9arb.cn/4712/'] START t'2016-06-01T00:00:00Z' STOP "
                     "t'2016-07-01T00:00:00Z'");
    assert_null(p.unsupported);
    p = parse_ok(&a, "[domain-name:value = 'a.example'] or [domain-name:value = 'b.example']");
    assert_int_equal(p.n, 2);
    arena_free(&a);
}

static void test_malformed(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    parse_err(&a, "[domain-name:value = 'unterminated]");
    parse_err(&a, "domain-name:value = 'x'");
    parse_err(&a, "[domain-name:value = 'x'");
    parse_err(&a, "[domain-name:value 'x']");
    parse_err(&a, "[domain-name:value = 'x'] garbage");
    parse_err(&a, "[domain-name = 'x']");
    parse_err(&a, "[domain-name:value = 'bad \\escape']");
    parse_err(&a, "");
    parse_err(&a, "[a:b IN ('x',)]");
    /* nesting beyond the limit is refused, not a stack overflow */
    char deep[400];
    size_t n = 0;
    for (int i = 0; i < 100; i++) deep[n++] = '(';
    memcpy(deep + n, "[a:b = 'c']", 11);
    n += 11;
    for (int i = 0; i < 100; i++) deep[n++] = ')';
    assert_string_equal(parse_err(&a, deep), "pattern nested too deeply");
    arena_free(&a);
}

/* "[a:b = 'x' AND a:b = 'x' AND ...]" with n comparisons */
static char *and_chain(size_t n) {
    static const char term[] = "a:b = 'x' AND ";
    char *s = malloc(n * (sizeof term - 1) + 2);
    size_t k = 0;
    s[k++] = '[';
    for (size_t i = 0; i < n; i++, k += sizeof term - 1) memcpy(s + k, term, sizeof term - 1);
    k -= 5; /* the last " AND " */
    s[k++] = ']';
    s[k] = 0;
    return s;
}

/* Each AND copies the conjunction so far: a long chain is refused before it
 * costs memory quadratic in its length (3000 terms took 200 MB). */
static void test_and_chain_bounded(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 4096);
    char *ok = and_chain(100);
    stix_pattern p = parse_ok(&a, ok);
    assert_int_equal(p.n, 1);
    assert_int_equal(p.any[0].n, 100);
    free(ok);
    char *long_chain = and_chain(3000);
    assert_string_equal(parse_err(&a, long_chain), "pattern too large");
    assert_true(a.used < 32u << 20);
    free(long_chain);
    arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_or_in_issubset),   cmocka_unit_test(test_paths_and_escapes),
        cmocka_unit_test(test_and_distribution), cmocka_unit_test(test_observation_operators_and_qualifiers),
        cmocka_unit_test(test_malformed),        cmocka_unit_test(test_and_chain_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
