/* test_containers.c - arena, string views, hash map, growable arrays, buf. */
#include "core/arena.h"
#include "core/buf.h"
#include "core/hmap.h"
#include "core/sv.h"
#include "core/vec.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

static void arena_basics(void **state) {
    (void)state;
    arena a;
    arena_init(&a, 1024);
    char *prev = NULL;
    for (int i = 0; i < 1000; i++) {
        char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 'x', (size_t)(i % 37) + 1); /* ASan catches an overlap or overrun */
        assert_true(p != prev);
        prev = p;
    }
    char *big = arena_alloc(&a, 100000); /* larger than a chunk */
    memset(big, 1, 100000);
    char *after = arena_zalloc(&a, 64);
    for (int i = 0; i < 64; i++) assert_int_equal(after[i], 0);
    assert_string_equal(arena_strndup(&a, "hello world", 5), "hello");
    assert_string_equal(arena_strndup(&a, NULL, 0), "");
    assert_string_equal(arena_strdup(&a, "日本"), "日本");
    assert_string_equal(arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    assert_true(a.used >= 100000);
    arena_free(&a);
    assert_int_equal(a.used, 0);
    /* a zeroed arena works without init (chunk size defaults) */
    arena z = {0};
    assert_non_null(arena_alloc(&z, 10));
    arena_free(&z);
}

static void sv_basics(void **state) {
    (void)state;
    sv s = SV("  Hello, World\t\r\n");
    sv t = sv_trim(s);
    assert_true(sv_eq_cstr(t, "Hello, World"));
    assert_true(sv_case_eq(t, SV("hello, world")));
    assert_false(sv_case_eq(t, SV("hello, worlds")));
    assert_true(sv_starts_with(t, SV("Hello")));
    assert_false(sv_starts_with(SV("He"), SV("Hello")));
    assert_true(sv_ends_with(t, SV("World")));
    assert_true(sv_case_starts_with(t, SV("HELLO")));
    assert_true(sv_case_ends_with(t, SV("WORLD")));
    assert_false(sv_case_ends_with(SV("d"), SV("WORLD")));
    assert_int_equal(sv_find_char(t, ','), 5);
    assert_int_equal(sv_find_char(t, '!'), -1);
    assert_int_equal(sv_find_char(SV_NULL, 'x'), -1);
    assert_int_equal(sv_rfind_char(SV("a/b/c"), '/'), 3);
    assert_int_equal(sv_find(t, SV("World")), 7);
    assert_int_equal(sv_find(t, SV("")), 0);
    assert_int_equal(sv_find(SV("ab"), SV("abc")), -1);
    assert_true(sv_eq(sv_sub(t, 7, 100), SV("World")));
    assert_true(sv_eq(sv_sub(t, 9, 3), SV("")));
    assert_true(sv_eq(sv_trim(SV(" \t ")), SV("")));
    /* NUL bytes are ordinary bytes */
    sv nul = sv_make("a\0b\0c", 5);
    assert_int_equal(sv_find_char(nul, 'c'), 4);
    assert_false(sv_eq(nul, SV("a")));

    sv rest = SV("a,,b"), head;
    assert_true(sv_split_char(&rest, ',', &head) && sv_eq(head, SV("a")));
    assert_true(sv_split_char(&rest, ',', &head) && sv_eq(head, SV("")));
    assert_true(sv_split_char(&rest, ',', &head) && sv_eq(head, SV("b")));
    assert_false(sv_split_char(&rest, ',', &head));

    sv line = SV("  one\t two   three "), tok;
    assert_true(sv_next_token(&line, &tok) && sv_eq(tok, SV("one")));
    assert_true(sv_next_token(&line, &tok) && sv_eq(tok, SV("two")));
    assert_true(sv_next_token(&line, &tok) && sv_eq(tok, SV("three")));
    assert_false(sv_next_token(&line, &tok));

    sv q = SV("plain \"quoted \\\" text\" \"\" \"unterminated"), qt;
    bool quoted;
    assert_true(sv_next_quoted_token(&q, &qt, &quoted) && !quoted && sv_eq(qt, SV("plain")));
    assert_true(sv_next_quoted_token(&q, &qt, &quoted) && quoted && sv_eq(qt, SV("quoted \\\" text")));
    assert_true(sv_next_quoted_token(&q, &qt, &quoted) && quoted && sv_eq(qt, SV("")));
    assert_true(sv_next_quoted_token(&q, &qt, &quoted) && quoted && sv_eq(qt, SV("unterminated")));
    assert_false(sv_next_quoted_token(&q, &qt, &quoted));
    sv bs = SV("\"ends\\\""); /* "ends\" : the escaped quote does not close it */
    assert_true(sv_next_quoted_token(&bs, &qt, &quoted) && sv_eq(qt, SV("ends\\\"")));
    assert_int_equal(bs.n, 0);
}

/* sv_split_blanks must agree with sv_next_token on every input: random
 * lines of blanks, letters and NULs, lengths across the 64-byte blocks. */
static void sv_list_items(void **state) {
    (void)state;
    const char *want[] = {"beacon", "", "local-admin"};
    sv item;
    size_t n = 0;
    for (const char *p = "beacon,,local-admin"; (p = sv_list_item(p, &item)) != NULL; n++) {
        assert_true(n < 3);
        assert_true(sv_eq(item, sv_make(want[n], strlen(want[n]))));
    }
    assert_int_equal(n, 3);
    assert_null(sv_list_item("", &item));
    assert_null(sv_list_item(NULL, &item));
    assert_true(sv_list_has(NULL, "beacon"));            /* no list: every name */
    assert_true(sv_list_has("exfil,beacon", "beacon"));
    assert_false(sv_list_has("exfil,beacon", "beaco"));  /* whole items only */
    assert_false(sv_list_has("exfil,beacons", "beacon"));
    assert_false(sv_list_has("", "beacon"));
}

static void sv_split_matches_next_token(void **state) {
    (void)state;
    uint64_t r = 1;
    char line[300];
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = (size_t)(iter % 300);
        for (size_t i = 0; i < len; i++) {
            r = r * 6364136223846793005ull + 1442695040888963407ull;
            unsigned c = (unsigned)(r >> 60);
            line[i] = c < 3 ? ' ' : c < 4 ? '\t' : c < 5 ? '\0' : (char)('a' + c);
        }
        for (size_t max = 0; max <= 12; max += (max < 3 ? 1 : 5)) {
            sv a = sv_make(line, len), b = a, ta[16], tb[16];
            size_t na = sv_split_blanks(&a, ta, max), nb = 0;
            while (nb < max && sv_next_token(&b, &tb[nb])) nb++;
            assert_int_equal(na, nb);
            for (size_t k = 0; k < na; k++) assert_true(ta[k].p == tb[k].p && ta[k].n == tb[k].n);
            if (nb == max) assert_true(a.p == b.p && a.n == b.n);
            else assert_int_equal(a.n, 0);
        }
    }
}

static void sv_numbers(void **state) {
    (void)state;
    uint64_t u;
    int64_t i;
    double d;
    assert_true(sv_to_u64(SV("0"), &u) && u == 0);
    assert_true(sv_to_u64(SV("18446744073709551615"), &u) && u == UINT64_MAX);
    assert_false(sv_to_u64(SV("18446744073709551616"), &u));
    assert_false(sv_to_u64(SV(""), &u));
    assert_false(sv_to_u64(SV("12a"), &u));
    assert_false(sv_to_u64(SV("-1"), &u));
    assert_false(sv_to_u64(SV(" 1"), &u));
    assert_true(sv_to_i64(SV("-9223372036854775807"), &i) && i == -INT64_MAX);
    assert_true(sv_to_i64(SV("9223372036854775807"), &i) && i == INT64_MAX);
    assert_false(sv_to_i64(SV("9223372036854775808"), &i));
    assert_false(sv_to_i64(SV("-"), &i));
    assert_true(sv_to_double(SV("1.5e3"), &d) && d == 1500.0);
    assert_false(sv_to_double(SV("nan"), &d));
    assert_false(sv_to_double(SV("1.5x"), &d));
    assert_false(sv_to_double(SV(""), &d));
    char big[100];
    memset(big, '1', sizeof big);
    assert_false(sv_to_double(sv_make(big, sizeof big), &d));
    assert_true(sv_is_dash(SV("-")) && sv_is_dash(SV("")) && !sv_is_dash(SV("--")));
    char out[4];
    assert_string_equal(sv_to_buf(SV("abcdef"), out, sizeof out), "abc");
    assert_string_equal(sv_to_buf(SV(""), out, sizeof out), "");
}

static void hmap_many_keys(void **state) {
    (void)state;
    hmap m;
    hmap_init(&m);
    assert_null(hmap_get(&m, SV("absent")));
    enum { N = 100000 };
    char key[32];
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "host-%d.example", i);
        bool created = false;
        hmap_slot *s = hmap_put(&m, sv_make(key, (size_t)n), &created);
        assert_true(created);
        s->val.u64 = (uint64_t)i * 3;
    }
    assert_int_equal(hmap_len(&m), N);
    assert_true(m.cap >= 2 * N);
    for (int i = 0; i < N; i++) {
        int n = snprintf(key, sizeof key, "host-%d.example", i);
        hmap_slot *s = hmap_get(&m, sv_make(key, (size_t)n));
        assert_non_null(s);
        assert_int_equal(s->val.u64, (uint64_t)i * 3);
        /* insertion order survives every growth */
        assert_ptr_equal(hmap_at(&m, (size_t)i), s);
        assert_int_equal(s->index, i);
    }
    bool created = true;
    hmap_slot *again = hmap_put(&m, SV("host-7.example"), &created);
    assert_false(created);
    assert_int_equal(again->val.u64, 21);
    assert_int_equal(hmap_len(&m), N);
    assert_null(hmap_get(&m, SV("host-100000.example")));
    assert_null(hmap_at(&m, N));
    hmap_free(&m);
}

static void hmap_keys_are_copied(void **state) {
    (void)state;
    hmap m;
    hmap_init(&m);
    char k[8] = "abc";
    hmap_put(&m, sv_make(k, 3), NULL)->val.u64 = 1;
    strcpy(k, "xyz");
    assert_non_null(hmap_get(&m, SV("abc")));
    assert_null(hmap_get(&m, SV("xyz")));
    /* empty key and keys with NUL bytes */
    hmap_put(&m, SV(""), NULL)->val.u64 = 2;
    hmap_put(&m, sv_make("a\0b", 3), NULL)->val.u64 = 3;
    hmap_put(&m, sv_make("a\0c", 3), NULL)->val.u64 = 4;
    assert_int_equal(hmap_get(&m, SV(""))->val.u64, 2);
    assert_int_equal(hmap_get(&m, sv_make("a\0b", 3))->val.u64, 3);
    assert_int_equal(hmap_get(&m, sv_make("a\0c", 3))->val.u64, 4);
    assert_null(hmap_get(&m, SV("a")));
    hmap_free(&m);
    /* reusable after free */
    hmap_init(&m);
    hmap_put(&m, SV("again"), NULL);
    assert_int_equal(hmap_len(&m), 1);
    hmap_free(&m);
}

static int cmp_int(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

static void vec_basics(void **state) {
    (void)state;
    vec v = VEC_INIT(int);
    for (int i = 0; i < 10000; i++) *(int *)vec_push(&v) = 9999 - i;
    assert_int_equal(v.len, 10000);
    assert_true(v.cap >= 10000);
    vec_sort(&v, cmp_int);
    for (int i = 0; i < 10000; i++) assert_int_equal(VEC_AT(&v, int, i), i);
    vec_free(&v);
    assert_int_equal(v.len, 0);
    vec w;
    vec_init(&w, 24);
    vec_reserve(&w, 3);
    char *e = vec_push(&w);
    for (int i = 0; i < 24; i++) assert_int_equal(e[i], 0); /* pushed elements are zeroed */
    vec_sort(&w, cmp_int);                                  /* one element: no call */
    vec_free(&w);
}

static void buf_basics(void **state) {
    (void)state;
    buf b = {0};
    buf_puts(&b, "a");
    buf_putc(&b, 'b');
    buf_printf(&b, "%d", 123);
    buf_put_i64(&b, INT64_MIN);
    buf_putc(&b, ' ');
    buf_put_i64(&b, 0);
    assert_string_equal(buf_cstr(&b), "ab123-9223372036854775808 0");
    buf_clear(&b);
    for (int i = 0; i < 5000; i++) buf_printf(&b, "%04d", i);
    assert_int_equal(b.len, 20000);
    assert_memory_equal(b.p + 19996, "4999", 4);
    FILE *f = tmpfile();
    assert_int_equal(buf_flush(&b, f), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(ftell(f), 20000);
    fclose(f);
    buf_free(&b);
    assert_string_equal(buf_cstr(&b), "");
    buf_free(&b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_basics),   cmocka_unit_test(sv_basics),  cmocka_unit_test(sv_numbers),
        cmocka_unit_test(sv_split_matches_next_token), cmocka_unit_test(sv_list_items),
        cmocka_unit_test(hmap_many_keys), cmocka_unit_test(hmap_keys_are_copied),
        cmocka_unit_test(vec_basics),     cmocka_unit_test(buf_basics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
