/* test_stream.c - plain, gzip (multi-member, truncated, corrupt) and zstd
 * streams: every byte delivered, small and large reads, errors that name
 * the offset after the good data has been delivered. */
#include "io/stream.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers it needs */

/* Reads the whole stream in chunks of `chunk`; returns -1 on error (what was
 * read before it is in `out`), else 0. */
static int slurp(stream *s, buf *out, size_t chunk) {
    char *tmp = xmalloc(chunk);
    int rc = 0;
    for (;;) {
        ssize_t n = stream_read(s, tmp, chunk);
        if (n < 0) {
            rc = -1;
            break;
        }
        if (n == 0) break;
        buf_put(out, tmp, (size_t)n);
    }
    free(tmp);
    return rc;
}

static void read_back(const char *name, const buf *want, stream_codec codec, size_t chunk) {
    char err[200] = "";
    stream *s = stream_open(tu_path(name), err, sizeof err);
    assert_non_null(s);
    assert_int_equal(stream_get_codec(s), codec);
    buf got = {0};
    if (slurp(s, &got, chunk) != 0) fail_msg("%s: %s", name, stream_error(s));
    assert_int_equal(got.len, want->len);
    assert_memory_equal(got.p, want->p, want->len);
    assert_int_equal(stream_read(s, (char[4]){0}, 4), 0); /* stays at the end */
    stream_close(s);
    buf_free(&got);
}

static void codecs(void **state) {
    (void)state;
    buf text = {0}, gz = {0}, zs = {0};
    tu_text(&text, 6 * 1024 * 1024 + 123);
    tu_write("plain.log", text.p, text.len);
    tu_gzip(&gz, text.p, text.len);
    tu_write("log.gz", gz.p, gz.len);
    tu_zstd(&zs, text.p, text.len);
    tu_write("log.zst", zs.p, zs.len);
    /* the file name does not decide: magic bytes do */
    tu_write("misnamed.log", gz.p, gz.len);
    size_t chunks[] = {1, 4096, 1 << 20, 3 << 20};
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        if (chunks[i] == 1) continue; /* one byte at a time is done on a smaller file below */
        read_back("plain.log", &text, CODEC_PLAIN, chunks[i]);
        read_back("log.gz", &text, CODEC_GZIP, chunks[i]);
        read_back("log.zst", &text, CODEC_ZSTD, chunks[i]);
    }
    read_back("misnamed.log", &text, CODEC_GZIP, 1 << 20);
    buf small = {0}, sgz = {0}, szs = {0};
    tu_text(&small, 70000);
    tu_gzip(&sgz, small.p, small.len);
    tu_zstd(&szs, small.p, small.len);
    tu_write("small.gz", sgz.p, sgz.len);
    tu_write("small.zst", szs.p, szs.len);
    read_back("small.gz", &small, CODEC_GZIP, 1);
    read_back("small.zst", &small, CODEC_ZSTD, 1);
    buf_free(&text), buf_free(&gz), buf_free(&zs), buf_free(&small), buf_free(&sgz), buf_free(&szs);
}

static void multi_member_gzip_and_zstd_frames(void **state) {
    (void)state;
    buf a = {0}, b = {0}, both = {0}, gz = {0}, zs = {0};
    tu_text(&a, 300000);
    buf_puts(&b, "second part\nwithout final newline");
    buf_put(&both, a.p, a.len);
    buf_put(&both, b.p, b.len);
    tu_gzip(&gz, a.p, a.len);
    tu_gzip(&gz, b.p, b.len);
    tu_gzip(&gz, "", 0); /* an empty member too */
    tu_write("multi.gz", gz.p, gz.len);
    read_back("multi.gz", &both, CODEC_GZIP, 65536);
    /* zero padding after the last member (tape and some rotators) is tolerated */
    buf_put(&gz, (char[512]){0}, 512);
    tu_write("padded.gz", gz.p, gz.len);
    read_back("padded.gz", &both, CODEC_GZIP, 65536);
    tu_zstd(&zs, a.p, a.len);
    tu_zstd(&zs, b.p, b.len);
    tu_write("multi.zst", zs.p, zs.len);
    read_back("multi.zst", &both, CODEC_ZSTD, 65536);
    buf_free(&a), buf_free(&b), buf_free(&both), buf_free(&gz), buf_free(&zs);
}

/* Opens `name`, reads to the error, checks the message and that at least
 * `min_good` bytes were delivered before it, and (when `exact`) that they
 * are a prefix of `want`. Corrupt deflate data can decode to wrong bytes
 * before zlib notices (the CRC at the end of the member catches the rest),
 * so only truncation promises an exact prefix. */
static void expect_error_ex(const char *name, const buf *want, size_t min_good, const char *msg_part, bool exact) {
    char err[200];
    stream *s = stream_open(tu_path(name), err, sizeof err);
    assert_non_null(s);
    buf got = {0};
    assert_int_equal(slurp(s, &got, 65536), -1);
    if (!strstr(stream_error(s), msg_part))
        fail_msg("%s: message \"%s\" lacks \"%s\"", name, stream_error(s), msg_part);
    assert_true(got.len >= min_good);
    assert_true(got.len <= want->len);
    if (exact) assert_memory_equal(got.p, want->p, got.len);
    assert_int_equal(stream_read(s, (char[4]){0}, 4), -1); /* the error sticks */
    stream_close(s);
    buf_free(&got);
}

static void expect_error(const char *name, const buf *want, size_t min_good, const char *msg_part) {
    expect_error_ex(name, want, min_good, msg_part, true);
}

static void truncated_and_corrupt(void **state) {
    (void)state;
    buf text = {0}, gz = {0}, zs = {0};
    tu_text(&text, 4 * 1024 * 1024);
    tu_gzip(&gz, text.p, text.len);
    size_t cut = gz.len * 2 / 3;
    tu_write("cut.gz", gz.p, cut);
    char where[64];
    snprintf(where, sizeof where, "ends at byte %zu", cut);
    expect_error("cut.gz", &text, text.len / 2, where);
    expect_error("cut.gz", &text, 0, "truncated gzip");
    /* header only */
    tu_write("stub.gz", gz.p, 10);
    expect_error("stub.gz", &text, 0, "truncated gzip");
    /* flipped bytes in the middle */
    buf bad = {0};
    buf_put(&bad, gz.p, gz.len);
    for (size_t i = gz.len / 2; i < gz.len / 2 + 64; i++)
        bad.p[i] ^= 0x5a;
    tu_write("corrupt.gz", bad.p, bad.len);
    expect_error_ex("corrupt.gz", &text, text.len / 4, "gzip", false);
    /* junk after the end of the stream */
    buf junk = {0};
    buf_put(&junk, gz.p, gz.len);
    buf_puts(&junk, "this is not gzip");
    tu_write("junk.gz", junk.p, junk.len);
    expect_error("junk.gz", &text, text.len, "after the end of the gzip stream");
    /* zstd cut in the middle of a frame */
    tu_zstd(&zs, text.p, text.len);
    tu_write("cut.zst", zs.p, zs.len / 2);
    expect_error("cut.zst", &text, text.len / 8, "truncated zstd");
    buf_free(&text), buf_free(&gz), buf_free(&zs), buf_free(&bad), buf_free(&junk);
}

static void open_errors_and_tiny_files(void **state) {
    (void)state;
    char err[200] = "";
    assert_null(stream_open(tu_path("does-not-exist"), err, sizeof err));
    assert_non_null(strstr(err, "No such file"));
    tu_write("empty", "", 0);
    buf none = {0};
    read_back("empty", &none, CODEC_PLAIN, 100);
    tu_write("one", "\x1f", 1); /* half a gzip magic: plain */
    buf one = {0};
    buf_putc(&one, 0x1f);
    read_back("one", &one, CODEC_PLAIN, 100);
    /* a directory opens but cannot be read: a read error, not a crash */
    stream *s = stream_open(tu_dir, err, sizeof err);
    if (s) {
        buf got = {0};
        assert_int_equal(slurp(s, &got, 100), -1);
        assert_non_null(strstr(stream_error(s), "read error"));
        stream_close(s);
        buf_free(&got);
    } else {
        assert_non_null(strstr(err, "directory"));
    }
    assert_string_equal(stream_codec_name(CODEC_GZIP), "gzip");
    assert_string_equal(stream_codec_name(CODEC_ZSTD), "zstd");
    assert_string_equal(stream_codec_name(CODEC_PLAIN), "plain");
    buf_free(&one);
}

/* stream_peek: the first bytes, after decompression, and then all of them again. */
static void peek_then_read(void **state) {
    (void)state;
    buf text = {0}, gz = {0};
    tu_text(&text, 100000);
    tu_gzip(&gz, text.p, text.len);
    tu_write("peek.gz", gz.p, gz.len);
    tu_write("peek3", "abc", 3);
    const char *names[] = {"peek.gz", "peek3"};
    for (int i = 0; i < 2; i++) {
        char err[200];
        stream *s = stream_open(tu_path(names[i]), err, sizeof err);
        assert_non_null(s);
        char head[STREAM_PEEK_MAX + 4];
        ssize_t k = stream_peek(s, head, 8);
        assert_int_equal(k, i == 0 ? 8 : 3);
        assert_memory_equal(head, i == 0 ? text.p : "abc", (size_t)k);
        assert_int_equal(stream_peek(s, head, 100), i == 0 ? STREAM_PEEK_MAX : 3); /* capped, same bytes */
        buf got = {0};
        assert_int_equal(slurp(s, &got, 5), 0); /* small reads across the peeked bytes */
        if (i == 0) {
            assert_int_equal(got.len, text.len);
            assert_memory_equal(got.p, text.p, text.len);
        } else {
            assert_int_equal(got.len, 3);
        }
        buf_free(&got);
        stream_close(s);
    }
    buf_free(&text), buf_free(&gz);
}

int main(void) {
    tu_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codecs),
        cmocka_unit_test(multi_member_gzip_and_zstd_frames),
        cmocka_unit_test(truncated_and_corrupt),
        cmocka_unit_test(open_errors_and_tiny_files),
        cmocka_unit_test(peek_then_read),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
