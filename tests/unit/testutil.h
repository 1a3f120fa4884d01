/* testutil.h - helpers for the unit tests that need files: a scratch
 * directory, writing files, and gzip/zstd compression in memory. Header-only
 * (static functions) so each test program includes what it uses. */
#ifndef MITSUKE_TESTUTIL_H
#define MITSUKE_TESTUTIL_H

#include "core/buf.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

static char tu_dir[256];

/* A fresh scratch directory under TMPDIR (removed by tu_cleanup). */
static __attribute__((unused)) const char *tu_tmpdir(void) {
    const char *base = getenv("TMPDIR");
    snprintf(tu_dir, sizeof tu_dir, "%s/mitsuke-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tu_dir)) abort();
    return tu_dir;
}

static __attribute__((unused)) void tu_cleanup(void) {
    if (!tu_dir[0]) return;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tu_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tu_dir);
    tu_dir[0] = 0;
}

/* Path of `name` inside the scratch directory (a static buffer per call slot). */
static __attribute__((unused)) const char *tu_path(const char *name) {
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 512, "%s/%s", tu_dir, name);
    return p;
}

static __attribute__((unused)) void tu_write(const char *name, const void *data, size_t n) {
    const char *p = tu_path(name);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", p);
    for (char *s = dir + strlen(tu_dir) + 1; (s = strchr(s, '/')); s++) {
        *s = 0;
        mkdir(dir, 0755);
        *s = '/';
    }
    FILE *f = fopen(p, "wb");
    if (!f || (n && fwrite(data, 1, n, f) != n) || fclose(f) != 0) abort();
}

/* One gzip member of `data`, appended to `out`. */
static __attribute__((unused)) void tu_gzip(buf *out, const void *data, size_t n) {
    z_stream z = {0};
    if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) abort();
    buf_reserve(out, deflateBound(&z, n));
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)n;
    z.next_out = (unsigned char *)out->p + out->len;
    z.avail_out = (uInt)(out->cap - out->len - 1);
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
    out->len += z.total_out;
    deflateEnd(&z);
}

static __attribute__((unused)) void tu_zstd(buf *out, const void *data, size_t n) {
    size_t bound = ZSTD_compressBound(n);
    buf_reserve(out, bound);
    size_t r = ZSTD_compress(out->p + out->len, bound, data, n, 3);
    if (ZSTD_isError(r)) abort();
    out->len += r;
}

/* `n` bytes of log-like text: numbered lines, compressible like a real log. */
static __attribute__((unused)) void tu_text(buf *out, size_t n) {
    size_t i = 0;
    for (; out->len < n; i++) buf_printf(out, "%zu line of a log with some words in it %zu\n", i, i * 7919 % 1000);
    out->len = n;
}

#endif
