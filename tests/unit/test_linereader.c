/* test_linereader.c - lines with their offsets and numbers: CRLF, no final
 * newline, NUL bytes, lines over the limit (skipped and reported with
 * offset and length, wherever they fall in the buffer), read errors. */
#include "io/linereader.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

typedef struct got {
    int kind;
    char text[64];
    size_t len;
    uint64_t offset, lineno, long_len;
} got;

/* Reads every line of `name` with limit `max`; returns how many results. */
static size_t read_all(const char *name, size_t max, got *out, size_t cap, int *last_rc) {
    char err[200];
    stream *s = stream_open(tu_path(name), err, sizeof err);
    assert_non_null(s);
    linereader r;
    lr_init(&r, s, max);
    size_t n = 0;
    sv line;
    uint64_t off;
    int rc;
    while ((rc = lr_next(&r, &line, &off)) == LR_LINE || rc == LR_TOO_LONG) {
        assert_true(n < cap);
        got *g = &out[n++];
        g->kind = rc;
        g->offset = off;
        g->lineno = r.lineno;
        if (rc == LR_LINE) {
            g->len = line.n;
            memcpy(g->text, line.p, MIN(line.n, sizeof g->text));
        } else {
            g->long_len = r.long_len;
        }
    }
    *last_rc = rc;
    lr_free(&r);
    stream_close(s);
    return n;
}

static void lines_and_offsets(void **state) {
    (void)state;
    static const char data[] = "first\r\nsecond\n\n\r\nfif\0th\nlast without newline";
    tu_write("a.log", data, sizeof data - 1);
    got g[16];
    int rc;
    size_t n = read_all("a.log", 0, g, 16, &rc);
    assert_int_equal(rc, LR_EOF);
    assert_int_equal(n, 6);
    assert_int_equal(g[0].len, 5);
    assert_memory_equal(g[0].text, "first", 5); /* CR dropped */
    assert_int_equal(g[0].offset, 0);
    assert_int_equal(g[1].offset, 7);
    assert_memory_equal(g[1].text, "second", 6);
    assert_int_equal(g[2].len, 0);
    assert_int_equal(g[2].offset, 14);
    assert_int_equal(g[3].len, 0); /* a lone CR line */
    assert_int_equal(g[4].len, 6);
    assert_memory_equal(g[4].text, "fif\0th", 6); /* NUL kept */
    assert_int_equal(g[4].offset, 17);
    assert_int_equal(g[5].offset, 24);
    assert_int_equal(g[5].len, strlen("last without newline"));
    for (size_t i = 0; i < n; i++) assert_int_equal(g[i].lineno, i + 1);
    /* empty file: no lines */
    tu_write("empty.log", "", 0);
    assert_int_equal(read_all("empty.log", 0, g, 16, &rc), 0);
    assert_int_equal(rc, LR_EOF);
}

static void long_lines(void **state) {
    (void)state;
    /* limit 100: lines of 100 (kept), 101 and 5000 (skipped), a long last
     * line without newline, with short lines between */
    buf b = {0};
    buf_puts(&b, "short\n");
    for (int i = 0; i < 100; i++) buf_putc(&b, 'a');
    buf_putc(&b, '\n');
    for (int i = 0; i < 101; i++) buf_putc(&b, 'b');
    buf_putc(&b, '\n');
    buf_puts(&b, "after\r\n");
    for (int i = 0; i < 5000; i++) buf_putc(&b, 'c');
    buf_puts(&b, "\r\nend\n");
    for (int i = 0; i < 300; i++) buf_putc(&b, 'd');
    tu_write("long.log", b.p, b.len);
    got g[16];
    int rc;
    size_t n = read_all("long.log", 100, g, 16, &rc);
    assert_int_equal(rc, LR_EOF);
    assert_int_equal(n, 7);
    assert_int_equal(g[0].kind, LR_LINE);
    assert_int_equal(g[1].kind, LR_LINE);
    assert_int_equal(g[1].len, 100);
    assert_int_equal(g[2].kind, LR_TOO_LONG);
    assert_int_equal(g[2].offset, 6 + 101);
    assert_int_equal(g[2].long_len, 101);
    assert_int_equal(g[2].lineno, 3);
    assert_int_equal(g[3].kind, LR_LINE);
    assert_memory_equal(g[3].text, "after", 5);
    assert_int_equal(g[3].offset, 6 + 101 + 102);
    assert_int_equal(g[4].kind, LR_TOO_LONG);
    assert_int_equal(g[4].offset, 6 + 101 + 102 + 7);
    assert_int_equal(g[4].long_len, 5001); /* the CR is part of the line's bytes */
    assert_int_equal(g[5].kind, LR_LINE);
    assert_memory_equal(g[5].text, "end", 3);
    assert_int_equal(g[5].offset, 6 + 101 + 102 + 7 + 5002);
    assert_int_equal(g[5].lineno, 6);
    assert_int_equal(g[6].kind, LR_TOO_LONG);
    assert_int_equal(g[6].long_len, 300);
    assert_int_equal(g[6].lineno, 7);
    buf_free(&b);
}

static void long_line_across_buffer_refills(void **state) {
    (void)state;
    /* with the default limit (1 MiB) and 1 MiB reads: a 1.5 MiB line starting
     * mid-buffer, a line of exactly the limit, and a 3 MiB one, each followed
     * by a normal line whose offset must be exact */
    buf b = {0};
    size_t lens[] = {1000, LR_DEFAULT_MAX_LINE + LR_DEFAULT_MAX_LINE / 2, 10, LR_DEFAULT_MAX_LINE, 20,
                     3 * LR_DEFAULT_MAX_LINE, 30};
    uint64_t offs[7];
    for (size_t i = 0; i < 7; i++) {
        offs[i] = b.len;
        buf_reserve(&b, lens[i] + 1);
        memset(b.p + b.len, 'a' + (int)i, lens[i]);
        b.len += lens[i];
        buf_putc(&b, '\n');
    }
    tu_write("big.log", b.p, b.len);
    got g[16];
    int rc;
    size_t n = read_all("big.log", 0, g, 16, &rc);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < 7; i++) {
        bool too_long = lens[i] > LR_DEFAULT_MAX_LINE;
        assert_int_equal(g[i].kind, too_long ? LR_TOO_LONG : LR_LINE);
        assert_int_equal(g[i].offset, offs[i]);
        assert_int_equal(g[i].lineno, i + 1);
        if (too_long) assert_int_equal(g[i].long_len, lens[i]);
        else assert_int_equal(g[i].len, lens[i]);
    }
    buf_free(&b);
}

static void many_lines_through_gzip(void **state) {
    (void)state;
    buf text = {0}, gz = {0};
    tu_text(&text, 5 * 1024 * 1024);
    tu_gzip(&gz, text.p, text.len);
    tu_write("many.gz", gz.p, gz.len);
    char err[200];
    stream *s = stream_open(tu_path("many.gz"), err, sizeof err);
    linereader r;
    lr_init(&r, s, 0);
    sv line;
    uint64_t off, expect_off = 0, lines = 0, end = 0;
    while (lr_next(&r, &line, &off) == LR_LINE) {
        assert_int_equal(off, expect_off);
        assert_memory_equal(line.p, text.p + off, line.n); /* the offset cites the raw line */
        end = off + line.n;
        expect_off = end + 1;
        lines++;
    }
    assert_int_equal(end, text.len - (text.p[text.len - 1] == '\n')); /* every byte was in a line */
    assert_int_equal(lines, r.lineno);
    lr_free(&r);
    stream_close(s);
    /* truncated: lines before the cut, then LR_ERROR */
    tu_write("cut.gz", gz.p, gz.len / 2);
    s = stream_open(tu_path("cut.gz"), err, sizeof err);
    lr_init(&r, s, 0);
    int rc;
    while ((rc = lr_next(&r, &line, &off)) == LR_LINE) assert_memory_equal(line.p, text.p + off, line.n);
    assert_int_equal(rc, LR_ERROR);
    assert_true(r.lineno > 10000);
    assert_non_null(strstr(stream_error(s), "truncated"));
    assert_int_equal(lr_next(&r, &line, &off), LR_ERROR);
    lr_free(&r);
    stream_close(s);
    buf_free(&text), buf_free(&gz);
}

/* Random text (line lengths from 0 to a few thousand bytes, CRs, NULs)
 * read with random limits, across the reader's 1 MiB refills, compared
 * with a plain split of the same bytes: every line, its offset and number,
 * every over-long line with its length. */
static void random_lines_match_a_plain_split(void **state) {
    (void)state;
    uint64_t seed = 0x243f6a8885a308d3ull;
    for (int round = 0; round < 6; round++) {
        buf b = {0};
        size_t size = round < 3 ? 200000 : 2500000;
        while (b.len < size) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t len = (size_t)(seed >> 33) % (round % 2 ? 4000 : 300);
            if ((seed >> 20) % 50 == 0) len += 70000; /* now and then a long one */
            buf_reserve(&b, len + 2);
            for (size_t i = 0; i < len; i++) b.p[b.len + i] = "abcdefgh \t\r\0"[(seed >> (i % 40)) % 12];
            b.len += len;
            if ((seed >> 7) % 3 == 0) buf_putc(&b, '\r');
            buf_putc(&b, '\n');
        }
        if (round % 2) b.len--; /* sometimes no final newline */
        tu_write("random.log", b.p, b.len);
        size_t max = round == 5 ? 0 : 100 + (size_t)(seed % 60000);
        size_t limit = max ? max : LR_DEFAULT_MAX_LINE;
        char err[200];
        stream *s = stream_open(tu_path("random.log"), err, sizeof err);
        assert_non_null(s);
        linereader r;
        lr_init(&r, s, max);
        size_t pos = 0, lineno = 0;
        for (;;) {
            sv line;
            uint64_t off;
            int rc = lr_next(&r, &line, &off);
            if (pos >= b.len) {
                assert_int_equal(rc, LR_EOF);
                break;
            }
            const char *nl = memchr(b.p + pos, '\n', b.len - pos);
            size_t stop = nl ? (size_t)(nl - b.p) : b.len, len = stop - pos;
            lineno++;
            assert_int_equal(off, pos);
            assert_int_equal(r.lineno, lineno);
            if (len > limit) {
                assert_int_equal(rc, LR_TOO_LONG);
                assert_int_equal(r.long_len, len);
            } else {
                assert_int_equal(rc, LR_LINE);
                size_t want = len && b.p[stop - 1] == '\r' ? len - 1 : len;
                assert_int_equal(line.n, want);
                assert_memory_equal(line.p, b.p + pos, want);
            }
            pos = stop + 1;
        }
        lr_free(&r);
        stream_close(s);
        buf_free(&b);
    }
}

int main(void) {
    tu_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_and_offsets),
        cmocka_unit_test(long_lines),
        cmocka_unit_test(long_line_across_buffer_refills),
        cmocka_unit_test(many_lines_through_gzip),
        cmocka_unit_test(random_lines_match_a_plain_split),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    tu_cleanup();
    return rc;
}
