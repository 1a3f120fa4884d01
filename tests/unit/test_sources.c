/* test_sources.c - paths to ordered inputs: directory walks in name order,
 * globs, rotated sets oldest first (numbers and dates), duplicates read
 * once, missing paths counted. */
#include "io/sources.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* The source names relative to the scratch directory, space-separated. */
static const char *order(source_list *l) {
    static char out[4096];
    size_t o = 0, skip = strlen(tu_dir) + 1;
    out[0] = 0;
    for (size_t i = 0; i < sources_count(l); i++) {
        const char *p = sources_at(l, i)->path;
        assert_int_equal(sources_at(l, i)->id, i);
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? " " : "", strlen(p) > skip ? p + skip : p);
    }
    return out;
}

static void touch(const char *name) { tu_write(name, "x\n", 2); }

static void rotation_keys(void **state) {
    (void)state;
    char set[256];
    long idx, date;
    rotation_key("/var/log/squid/access.log.2.gz", set, sizeof set, &idx, &date);
    assert_string_equal(set, "/var/log/squid/access.log");
    assert_int_equal(idx, 2);
    assert_int_equal(date, 0);
    rotation_key("access.log", set, sizeof set, &idx, &date);
    assert_string_equal(set, "access.log");
    assert_int_equal(idx, 0);
    rotation_key("access.log-20150520.zst", set, sizeof set, &idx, &date);
    assert_string_equal(set, "access.log");
    assert_int_equal(date, 2015052000);
    rotation_key("access.log-2015052013.1.gz", set, sizeof set, &idx, &date);
    assert_string_equal(set, "access.log");
    assert_int_equal(date, 2015052013);
    assert_int_equal(idx, 1);
    rotation_key("logs/proxy-20150520.log", set, sizeof set, &idx, &date);
    assert_string_equal(set, "logs/proxy.log");
    assert_int_equal(date, 2015052000);
    /* not rotations: a version-like name, a dotted directory, a short number */
    rotation_key("logs.d/app-2.log", set, sizeof set, &idx, &date);
    assert_string_equal(set, "logs.d/app-2.log");
    assert_int_equal(idx + date, 0);
    rotation_key("dir.1/file", set, sizeof set, &idx, &date);
    assert_string_equal(set, "dir.1/file");
}

static void rotated_sets_oldest_first(void **state) {
    (void)state;
    touch("rot/access.log");
    touch("rot/access.log.1");
    touch("rot/access.log.2.gz");
    touch("rot/access.log.10.gz");
    touch("rot/cache.log");
    touch("rot/cache.log.1");
    source_list l;
    sources_init(&l);
    sources_add(&l, tu_path("rot"));
    sources_finish(&l);
    assert_string_equal(order(&l),
                        "rot/access.log.10.gz rot/access.log.2.gz rot/access.log.1 rot/access.log rot/cache.log.1 "
                        "rot/cache.log");
    assert_int_equal(l.errors, 0);
    sources_free(&l);
    /* the same order whatever order the user typed them in */
    sources_init(&l);
    sources_add(&l, tu_path("rot/access.log"));
    sources_add(&l, tu_path("rot/access.log.2.gz"));
    sources_add(&l, tu_path("rot/access.log.1"));
    sources_finish(&l);
    assert_string_equal(order(&l), "rot/access.log.2.gz rot/access.log.1 rot/access.log");
    sources_free(&l);
}

static void dateext_order(void **state) {
    (void)state;
    touch("date/access.log");
    touch("date/access.log-20150521.gz");
    touch("date/access.log-20150519");
    touch("date/access.log-20150520.gz");
    source_list l;
    sources_init(&l);
    sources_add(&l, tu_path("date"));
    sources_finish(&l);
    assert_string_equal(order(&l), "date/access.log-20150519 date/access.log-20150520.gz date/access.log-20150521.gz "
                                   "date/access.log");
    sources_free(&l);
}

static void directories_and_globs(void **state) {
    (void)state;
    touch("tree/b.log");
    touch("tree/a/z.log");
    touch("tree/a/y/x.log");
    touch("tree/c.txt");
    source_list l;
    sources_init(&l);
    sources_add(&l, tu_path("tree"));
    sources_finish(&l);
    /* name order at each level, depth first */
    assert_string_equal(order(&l), "tree/a/y/x.log tree/a/z.log tree/b.log tree/c.txt");
    sources_free(&l);
    /* a glob expanded by mitsuke (as when the user quoted it) */
    sources_init(&l);
    sources_add(&l, tu_path("tree/*.log"));
    sources_add(&l, tu_path("tree/a/*.log"));
    sources_finish(&l);
    assert_string_equal(order(&l), "tree/b.log tree/a/z.log");
    assert_int_equal(l.errors, 0);
    /* a glob that matches nothing, a missing path: reported and counted */
    sources_add(&l, tu_path("tree/*.nothing"));
    sources_add(&l, tu_path("no/such/file"));
    assert_int_equal(l.errors, 2);
    sources_free(&l);
}

static void duplicates_read_once(void **state) {
    (void)state;
    touch("dup/one.log");
    source_list l;
    sources_init(&l);
    sources_add(&l, tu_path("dup/one.log"));
    sources_add(&l, tu_path("dup/../dup/one.log"));
    sources_add(&l, tu_path("dup"));
    sources_add(&l, tu_path("dup/*.log"));
    sources_add(&l, "-");
    sources_finish(&l);
    assert_int_equal(sources_count(&l), 2);
    assert_string_equal(sources_at(&l, 1)->name, "(stdin)");
    assert_int_equal(sources_at(&l, 0)->size, 2);
    sources_free(&l);
}

int main(void) {
    tu_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rotation_keys),        cmocka_unit_test(rotated_sets_oldest_first),
        cmocka_unit_test(dateext_order),        cmocka_unit_test(directories_and_globs),
        cmocka_unit_test(duplicates_read_once),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
