/* test_sim_parts.c - the simulator's building blocks: random numbers, the
 * calendar, text formatting, MIME encoding, and the LHA/ZIP writers and the
 * stand-in executable (read back with libarchive). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/mtime.h"
#include "sim/mail/mail.h"
#include "sim/rng.h"
#include "sim/sink.h"
#include "sim/textfmt.h"
#include "sim/world.h"

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void rng_is_deterministic(void **unused) {
    (void)unused;
    rng a, b, c;
    rng_seed(&a, 42, 7);
    rng_seed(&b, 42, 7);
    rng_seed(&c, 43, 7);
    bool differs = false;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = rng_next(&a);
        assert_true(x == rng_next(&b));
        if (x != rng_next(&c)) differs = true;
    }
    assert_true(differs);
    double sum = 0;
    for (int i = 0; i < 20000; i++) {
        double u = rng_unit(&a);
        assert_true(u >= 0 && u < 1);
        sum += u;
        assert_true(rng_below(&a, 10) < 10);
        int64_t r = rng_range(&a, -3, 3);
        assert_true(r >= -3 && r <= 3);
    }
    assert_true(sum / 20000 > 0.48 && sum / 20000 < 0.52);
}

static void calendar_office_hours(void **unused) {
    (void)unused;
    world w;
    world_init(&w, 1, 300, jst_midnight(2015, 5, 8), 14);
    assert_int_equal(w.start_wday, 5);  /* 2015-05-08 was a Friday */
    int fri_noon = 0, sat_noon = 0, fri_3am = 0;
    for (uint32_t t = 0; t < w.nterm; t++) {
        fri_noon += world_present(&w, t, world_at(&w, 0, 11, 0));
        sat_noon += world_present(&w, t, world_at(&w, 1, 11, 0));
        fri_3am += world_present(&w, t, world_at(&w, 0, 3, 0));
    }
    assert_true(fri_noon > 250);
    assert_true(sat_noon < 30);
    assert_int_equal(fri_3am, 0);
    /* next_present lands on a time when the user is there */
    int64_t n = world_next_present(&w, 5, world_at(&w, 1, 0, 0));
    assert_true(n != SIM_NEVER);
    assert_true(world_present(&w, 5, n));
    /* a forced window wins */
    world_force(&w, 5, world_at(&w, 2, 10, 0), world_at(&w, 2, 12, 0), FORCE_PRESENT);
    assert_true(world_present(&w, 5, world_at(&w, 2, 11, 0)));
    world_force(&w, 5, world_at(&w, 3, 0, 0), world_at(&w, 4, 0, 0), FORCE_OFF);
    assert_false(world_powered(&w, 5, world_at(&w, 3, 11, 0)));
    world_free(&w);
}

static void text_formats(void **unused) {
    (void)unused;
    int64_t ms;
    assert_true(mtime_parse_iso8601(SV("2015-05-20T04:31:02.045Z"), &ms, NULL, 0));
    buf b = {0};
    put_clf(&b, ms, 540);
    assert_string_equal(buf_cstr(&b), "20/May/2015:13:31:02 +0900");
    buf_clear(&b);
    put_rfc5322(&b, ms, 540);
    assert_string_equal(buf_cstr(&b), "Wed, 20 May 2015 13:31:02 +0900");
    buf_clear(&b);
    put_epoch_ms(&b, ms);
    assert_string_equal(buf_cstr(&b), "1432096262.045");
    buf_clear(&b);
    put_w3c(&b, ms);
    assert_string_equal(buf_cstr(&b), "2015-05-20 04:31:02");
    buf_clear(&b);
    put_u64_pad(&b, 42, 6, ' ');
    assert_string_equal(buf_cstr(&b), "    42");
    buf_free(&b);
}

/* A daily file in a folder with a long path (as long as the simulator's
 * folder names get): the whole name is used, never cut or written past. */
static void sink_long_folder(void **unused) {
    (void)unused;
    char dir[600];
    snprintf(dir, sizeof dir, "/tmp/mitsuke-sink-XXXXXX");
    assert_non_null(mkdtemp(dir));
    size_t depth = 0;
    while (strlen(dir) + 101 < sizeof dir) {
        size_t n = strlen(dir);
        dir[n] = '/';
        memset(dir + n + 1, 'd', 100);
        dir[n + 101] = 0;
        assert_int_equal(mkdir(dir, 0700), 0);
        depth++;
    }
    /* a last folder that brings the path to 599 bytes, the most sim.h's dir[] holds */
    size_t n = strlen(dir);
    dir[n] = '/';
    memset(dir + n + 1, 'e', sizeof dir - n - 2);
    dir[sizeof dir - 1] = 0;
    assert_int_equal(mkdir(dir, 0700), 0);
    depth++;
    sim_sink k;
    sink_init(&k, dir, "access.log-%D", false);
    int64_t t = jst_midnight(2015, 5, 8) + 3600000;
    buf_puts(sink_begin(&k, t), "a record\n");
    sink_end(&k);
    assert_true(sink_close(&k));
    char path[700];
    snprintf(path, sizeof path, "%s/access.log-20150508", dir);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 9);
    assert_int_equal(unlink(path), 0);
    for (size_t i = 0; i < depth; i++) {
        assert_int_equal(rmdir(dir), 0);
        *strrchr(dir, '/') = 0;
    }
    assert_int_equal(rmdir(dir), 0);
}

static void encoded_words(void **unused) {
    (void)unused;
    buf b = {0};
    put_encoded_words(&b, "【医療費通知】");
    assert_string_equal(buf_cstr(&b), "=?ISO-2022-JP?B?GyRCIVowZU5FSHFETENOIVsbKEI=?=");
    buf_clear(&b);
    put_encoded_words(&b, "plain ascii");
    assert_string_equal(buf_cstr(&b), "plain ascii");
    buf_clear(&b);
    /* long subjects are split into several words, each under 76 characters */
    put_encoded_words(&b, "厚生年金基金制度の見直しについて(試案)に関する意見");
    const char *s = buf_cstr(&b);
    assert_non_null(strstr(s, "\r\n "));
    for (const char *line = s; line;) {
        const char *nl = strstr(line, "\r\n");
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        assert_true(len <= 76);
        line = nl ? nl + 2 : NULL;
    }
    buf_free(&b);
}

static void lha_crc(void **unused) {
    (void)unused;
    /* CRC-16/ARC check value */
    assert_int_equal(lha_crc16((const uint8_t *)"123456789", 9, 0), 0xbb3d);
}

static void check_stub(const uint8_t *p, size_t n) {
    assert_true(n >= 0x200);
    assert_memory_equal(p, "MZ", 2);
    uint32_t lfanew = p[0x3c] | p[0x3d] << 8 | (uint32_t)p[0x3e] << 16 | (uint32_t)p[0x3f] << 24;
    assert_true(lfanew + 24 + 0xe0 <= n);
    assert_memory_equal(p + lfanew, "PE\0\0", 4);
    assert_int_equal(p[lfanew + 4] | p[lfanew + 5] << 8, 0x14c);
    assert_int_equal(p[lfanew + 6] | p[lfanew + 7] << 8, 0);           /* no sections */
    const uint8_t *opt = p + lfanew + 24;
    assert_int_equal(opt[0] | opt[1] << 8, 0x10b);                       /* PE32 */
    assert_int_equal(opt[16] | opt[17] << 8, 0);                         /* entry point 0 */
    assert_int_equal(opt[68] | opt[69] << 8, 0);                         /* subsystem 0: will not run */
    assert_non_null(memmem(p, n, "not malware", 11));
}

static void stub_is_inert(void **unused) {
    (void)unused;
    buf a = {0}, b = {0};
    stub_exe(&a, 1);
    stub_exe(&b, 2);
    check_stub((const uint8_t *)a.p, a.len);
    assert_int_equal(a.len, b.len);
    assert_true(memcmp(a.p, b.p, a.len) != 0);  /* each campaign its own hash */
    buf_free(&a);
    buf_free(&b);
}

static void read_back(const buf *arc, const char *want_name, const char *charset_opt) {
    struct archive *ar = archive_read_new();
    archive_read_support_format_all(ar);
    if (charset_opt) assert_int_equal(archive_read_set_options(ar, charset_opt), ARCHIVE_OK);
    assert_int_equal(archive_read_open_memory(ar, arc->p, arc->len), ARCHIVE_OK);
    struct archive_entry *e;
    int rc = archive_read_next_header(ar, &e);
    if (rc != ARCHIVE_OK) fail_msg("libarchive: %s", archive_error_string(ar));
    const char *name = archive_entry_pathname_utf8(e);
    assert_non_null(name);
    assert_string_equal(name, want_name);
    uint8_t data[2048];
    la_ssize_t got = archive_read_data(ar, data, sizeof data);
    assert_int_equal(got, archive_entry_size(e));
    check_stub(data, (size_t)got);
    assert_int_equal(archive_read_next_header(ar, &e), ARCHIVE_EOF);
    archive_read_free(ar);
}

static void archives_read_back(void **unused) {
    (void)unused;
    buf exe = {0}, lzh = {0}, zip = {0};
    stub_exe(&exe, 7);
    const char *name = "医療費通知のお知らせ　　　　.exe";
    int64_t t;
    assert_true(mtime_parse_iso8601(SV("2015-05-17T10:00:00+09:00"), &t, NULL, 0));
    archive_member m = {name, (const uint8_t *)exe.p, exe.len, t};
    assert_true(lha_write(&lzh, &m, 1));
    assert_memory_equal(lzh.p + 2, "-lh0-", 5);
    assert_int_equal((uint8_t)lzh.p[20], 2);                  /* level 2 */
    assert_int_equal((uint8_t)lzh.p[lzh.len - 1], 0);         /* end mark */
    /* header CRC: recomputed over the header with the field zeroed */
    size_t hsize = (uint8_t)lzh.p[0] | (size_t)(uint8_t)lzh.p[1] << 8;
    read_back(&lzh, name, "lha:hdrcharset=CP932");
    assert_true(zip_write(&zip, &m, 1));
    assert_memory_equal(zip.p, "PK\003\004", 4);
    read_back(&zip, name, NULL);
    assert_true(hsize > 26 && hsize < lzh.len);
    buf_free(&exe);
    buf_free(&lzh);
    buf_free(&zip);
}

int main(void) {
    /* libarchive converts names to the locale's charset */
    setlocale(LC_ALL, "C.UTF-8");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rng_is_deterministic), cmocka_unit_test(calendar_office_hours),
        cmocka_unit_test(text_formats),         cmocka_unit_test(encoded_words),
        cmocka_unit_test(lha_crc),              cmocka_unit_test(stub_is_inert),
        cmocka_unit_test(archives_read_back),   cmocka_unit_test(sink_long_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
