/* stream.c - plain/gzip/zstd byte streams; see stream.h.
 *
 * Compressed input is decoded by a second thread into a small ring of
 * buffers (AHEAD_SLOTS of AHEAD_SLOT_SZ), so decompression and parsing run
 * on two cores at once: on a .gz the parser then costs little more than the
 * decompression alone. The decoder thread owns the file, the decoder state
 * and the error text until it has posted its last buffer; the reading
 * thread only takes full buffers, in order, so data before an error is
 * always delivered before the error itself. */
#include "io/stream.h"
#include "core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define RAW_BUFSZ (256 * 1024)
#define AHEAD_SLOTS 4
#define AHEAD_SLOT_SZ (1024 * 1024)

/* The decoded buffers between the decoder thread and the reader. */
typedef struct ahead {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t changed;
    char *data[AHEAD_SLOTS];
    size_t len[AHEAD_SLOTS];
    size_t head, count;       /* oldest full slot, number of full slots */
    size_t taken;             /* bytes of the head slot already returned */
    bool finished, failed;    /* the decoder has stopped (end or error) */
    bool stop;                /* the reader is closing the stream */
    _Atomic uint64_t raw_pos; /* compressed bytes consumed, for progress */
} ahead;

struct stream {
    int fd;
    bool own_fd;
    stream_codec codec;
    unsigned char *raw;       /* compressed input buffer */
    size_t raw_len, raw_pos;  /* valid bytes and read position in raw */
    uint64_t raw_total;       /* bytes read from the fd so far */
    bool raw_eof;
    bool failed, done;
    char err[256];
    z_stream z;
    bool z_ready, z_member_done;
    ZSTD_DCtx *zstd;
    size_t zstd_last;         /* last ZSTD_decompressStream hint: 0 = frame complete */
    ahead *ah;                /* decoder thread, for compressed input */
    char peek[STREAM_PEEK_MAX]; /* bytes stream_peek read, returned first */
    size_t peek_len, peek_pos;
};

static bool start_decoder(stream *s);

static int fill_raw(stream *s) {
    if (s->raw_pos < s->raw_len) return 1;
    if (s->raw_eof) return 0;
    ssize_t n;
    do n = read(s->fd, s->raw, RAW_BUFSZ);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        snprintf(s->err, sizeof s->err, "read error after byte %llu: %s", (unsigned long long)s->raw_total,
                 strerror(errno));
        s->failed = true;
        return -1;
    }
    s->raw_len = (size_t)n;
    s->raw_pos = 0;
    s->raw_total += (uint64_t)n;
    if (n == 0) s->raw_eof = true;
    return n > 0;
}

stream *stream_open(const char *path, char *err, size_t errlen) {
    int fd;
    bool own = true;
    if (!strcmp(path, "-")) {
        fd = STDIN_FILENO;
        own = false;
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errlen, "cannot open: %s", strerror(errno));
            return NULL;
        }
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    stream *s = xcalloc(1, sizeof *s);
    s->fd = fd;
    s->own_fd = own;
    s->raw = xmalloc(RAW_BUFSZ);
    if (fill_raw(s) < 0) {
        snprintf(err, errlen, "%s", s->err);
        stream_close(s);
        return NULL;
    }
    /* Sniff the codec from the first bytes (read() may return fewer than 4
     * bytes on a pipe; then the data is too short to be compressed anyway). */
    const unsigned char *m = s->raw;
    if (s->raw_len >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
        s->codec = CODEC_GZIP;
        if (inflateInit2(&s->z, 15 + 16) != Z_OK) {
            snprintf(err, errlen, "cannot start gzip decoder");
            stream_close(s);
            return NULL;
        }
        s->z_ready = true;
    } else if (s->raw_len >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) {
        s->codec = CODEC_ZSTD;
        s->zstd = ZSTD_createDCtx();
        s->zstd_last = 1;
    }
    if (s->codec != CODEC_PLAIN) start_decoder(s);
    return s;
}

static ssize_t read_plain(stream *s, char *dst, size_t n) {
    if (s->raw_pos == s->raw_len && !s->raw_eof && n >= RAW_BUFSZ) {
        /* nothing buffered: read straight into the caller's buffer */
        ssize_t k;
        do k = read(s->fd, dst, n);
        while (k < 0 && errno == EINTR);
        if (k < 0) {
            snprintf(s->err, sizeof s->err, "read error after byte %llu: %s", (unsigned long long)s->raw_total,
                     strerror(errno));
            s->failed = true;
            return -1;
        }
        s->raw_total += (uint64_t)k;
        if (k == 0) s->raw_eof = true;
        return k;
    }
    int r = fill_raw(s);
    if (r <= 0) return r;
    size_t k = MIN(n, s->raw_len - s->raw_pos);
    memcpy(dst, s->raw + s->raw_pos, k);
    s->raw_pos += k;
    return (ssize_t)k;
}

static ssize_t read_gzip(stream *s, char *dst, size_t n) {
    s->z.next_out = (unsigned char *)dst;
    s->z.avail_out = (uInt)MIN(n, (size_t)1 << 30);
    while (s->z.avail_out == MIN(n, (size_t)1 << 30)) {
        int r = fill_raw(s);
        if (r < 0) return -1;
        if (r == 0) {
            if (s->z_member_done) return 0;
            snprintf(s->err, sizeof s->err,
                     "truncated gzip data: the compressed file ends at byte %llu before the end of the stream",
                     (unsigned long long)s->raw_total);
            s->failed = true;
            return -1;
        }
        if (s->z_member_done) {
            /* Another gzip member follows (concatenated .gz files), zero
             * padding (tolerated, as gzip does), or junk. */
            if (s->raw[s->raw_pos] == 0) {
                while (s->raw_pos < s->raw_len && s->raw[s->raw_pos] == 0) s->raw_pos++;
                continue;
            }
            if (s->raw[s->raw_pos] != 0x1f) {
                snprintf(s->err, sizeof s->err, "data after the end of the gzip stream at byte %llu ignored",
                         (unsigned long long)(s->raw_total - (s->raw_len - s->raw_pos)));
                s->failed = true;
                return -1;
            }
            inflateReset(&s->z);
            s->z_member_done = false;
        }
        s->z.next_in = s->raw + s->raw_pos;
        s->z.avail_in = (uInt)(s->raw_len - s->raw_pos);
        int zr = inflate(&s->z, Z_NO_FLUSH);
        s->raw_pos = s->raw_len - s->z.avail_in;
        if (zr == Z_STREAM_END) {
            s->z_member_done = true;
        } else if (zr != Z_OK && zr != Z_BUF_ERROR) {
            snprintf(s->err, sizeof s->err, "corrupt gzip data near compressed byte %llu: %s",
                     (unsigned long long)(s->raw_total - (s->raw_len - s->raw_pos)),
                     s->z.msg ? s->z.msg : "inflate failed");
            s->failed = true;
            return -1;
        }
    }
    return (ssize_t)(MIN(n, (size_t)1 << 30) - s->z.avail_out);
}

static ssize_t read_zstd(stream *s, char *dst, size_t n) {
    ZSTD_outBuffer out = {dst, n, 0};
    while (out.pos == 0) {
        int r = fill_raw(s);
        if (r < 0) return -1;
        if (r == 0) {
            if (s->zstd_last == 0) return 0;
            snprintf(s->err, sizeof s->err,
                     "truncated zstd data: the compressed file ends at byte %llu inside a frame",
                     (unsigned long long)s->raw_total);
            s->failed = true;
            return -1;
        }
        ZSTD_inBuffer in = {s->raw + s->raw_pos, s->raw_len - s->raw_pos, 0};
        size_t zr = ZSTD_decompressStream(s->zstd, &out, &in);
        s->raw_pos += in.pos;
        if (ZSTD_isError(zr)) {
            snprintf(s->err, sizeof s->err, "corrupt zstd data near compressed byte %llu: %s",
                     (unsigned long long)(s->raw_total - (s->raw_len - s->raw_pos)), ZSTD_getErrorName(zr));
            s->failed = true;
            return -1;
        }
        s->zstd_last = zr;
    }
    return (ssize_t)out.pos;
}

/* Decodes up to n bytes: >0, 0 at the end, -1 on error (s->err says why). */
static ssize_t decode(stream *s, char *dst, size_t n) {
    if (s->failed) return -1;
    if (s->done || n == 0) return 0;
    ssize_t r;
    switch (s->codec) {
    case CODEC_GZIP: r = read_gzip(s, dst, n); break;
    case CODEC_ZSTD: r = read_zstd(s, dst, n); break;
    default: r = read_plain(s, dst, n); break;
    }
    if (r == 0) s->done = true;
    return r;
}

static uint64_t raw_consumed(const stream *s) { return s->raw_total - (s->raw_len - s->raw_pos); }

/* The decoder thread: fills free slots until the end, an error or stop. */
static void *decoder_main(void *arg) {
    stream *s = arg;
    ahead *a = s->ah;
    for (;;) {
        pthread_mutex_lock(&a->mu);
        while (a->count == AHEAD_SLOTS && !a->stop) pthread_cond_wait(&a->changed, &a->mu);
        size_t slot = (a->head + a->count) % AHEAD_SLOTS;
        bool stop = a->stop;
        pthread_mutex_unlock(&a->mu);
        if (stop) return NULL;
        /* the free slot belongs to this thread until it is counted */
        size_t len = 0;
        ssize_t r = 1;
        while (len < AHEAD_SLOT_SZ && (r = decode(s, a->data[slot] + len, AHEAD_SLOT_SZ - len)) > 0) len += (size_t)r;
        atomic_store(&a->raw_pos, raw_consumed(s));
        pthread_mutex_lock(&a->mu);
        if (len) {
            a->len[slot] = len;
            a->count++;
        }
        if (r <= 0) {
            a->finished = true;
            a->failed = r < 0;
        }
        pthread_cond_broadcast(&a->changed);
        pthread_mutex_unlock(&a->mu);
        if (r <= 0) return NULL;
    }
}

static bool start_decoder(stream *s) {
    ahead *a = xcalloc(1, sizeof *a);
    for (int i = 0; i < AHEAD_SLOTS; i++) a->data[i] = xmalloc(AHEAD_SLOT_SZ);
    pthread_mutex_init(&a->mu, NULL);
    pthread_cond_init(&a->changed, NULL);
    atomic_init(&a->raw_pos, raw_consumed(s));
    s->ah = a;
    if (pthread_create(&a->thread, NULL, decoder_main, s) != 0) { /* decode in this thread instead */
        s->ah = NULL;
        for (int i = 0; i < AHEAD_SLOTS; i++) free(a->data[i]);
        pthread_mutex_destroy(&a->mu);
        pthread_cond_destroy(&a->changed);
        free(a);
        return false;
    }
    return true;
}

static void stop_decoder(stream *s) {
    ahead *a = s->ah;
    pthread_mutex_lock(&a->mu);
    a->stop = true;
    pthread_cond_broadcast(&a->changed);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    for (int i = 0; i < AHEAD_SLOTS; i++) free(a->data[i]);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->changed);
    free(a);
    s->ah = NULL;
}

static ssize_t read_ahead(stream *s, char *dst, size_t n) {
    ahead *a = s->ah;
    pthread_mutex_lock(&a->mu);
    while (a->count == 0 && !a->finished) pthread_cond_wait(&a->changed, &a->mu);
    if (a->count == 0) {
        bool failed = a->failed;
        pthread_mutex_unlock(&a->mu);
        return failed ? -1 : 0;
    }
    size_t slot = a->head;
    pthread_mutex_unlock(&a->mu);
    /* the head slot is this thread's while it is counted */
    size_t k = MIN(n, a->len[slot] - a->taken);
    memcpy(dst, a->data[slot] + a->taken, k);
    a->taken += k;
    if (a->taken == a->len[slot]) {
        pthread_mutex_lock(&a->mu);
        a->head = (a->head + 1) % AHEAD_SLOTS;
        a->count--;
        a->taken = 0;
        pthread_cond_broadcast(&a->changed);
        pthread_mutex_unlock(&a->mu);
    }
    return (ssize_t)k;
}

static ssize_t read_decoded(stream *s, char *dst, size_t n) {
    if (!s->ah) return decode(s, dst, n);
    if (n == 0) return 0;
    return read_ahead(s, dst, n);
}

ssize_t stream_read(stream *s, char *dst, size_t n) {
    if (s->peek_pos < s->peek_len && n) {
        size_t k = MIN(n, s->peek_len - s->peek_pos);
        memcpy(dst, s->peek + s->peek_pos, k);
        s->peek_pos += k;
        return (ssize_t)k;
    }
    return read_decoded(s, dst, n);
}

ssize_t stream_peek(stream *s, char *dst, size_t n) {
    n = MIN(n, sizeof s->peek);
    while (s->peek_len < n) {
        ssize_t k = read_decoded(s, s->peek + s->peek_len, n - s->peek_len);
        if (k < 0) return -1;
        if (k == 0) break;
        s->peek_len += (size_t)k;
    }
    size_t k = MIN(n, s->peek_len);
    memcpy(dst, s->peek, k);
    return (ssize_t)k;
}

/* Only read after stream_read returned -1: by then the decoder has stopped. */
const char *stream_error(const stream *s) { return s->err; }
stream_codec stream_get_codec(const stream *s) { return s->codec; }
uint64_t stream_raw_pos(const stream *s) { return s->ah ? atomic_load(&s->ah->raw_pos) : raw_consumed(s); }

const char *stream_codec_name(stream_codec c) {
    switch (c) {
    case CODEC_GZIP: return "gzip";
    case CODEC_ZSTD: return "zstd";
    default: return "plain";
    }
}

void stream_close(stream *s) {
    if (!s) return;
    if (s->ah) stop_decoder(s);
    if (s->z_ready) inflateEnd(&s->z);
    if (s->zstd) ZSTD_freeDCtx(s->zstd);
    if (s->own_fd) close(s->fd);
    free(s->raw);
    free(s);
}
