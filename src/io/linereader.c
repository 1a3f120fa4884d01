/* linereader.c - line splitting over a stream; see linereader.h. */
#include "io/linereader.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define READ_CHUNK (1024 * 1024)

void lr_init(linereader *r, stream *s, size_t max_line) {
    memset(r, 0, sizeof *r);
    r->s = s;
    r->max_line = max_line ? max_line : LR_DEFAULT_MAX_LINE;
    r->cap = r->max_line + READ_CHUNK + 1;
    r->buf = xmalloc(r->cap);
}

void lr_free(linereader *r) {
    free(r->buf);
    r->buf = NULL;
}

/* Bit i set when p[i] is '\n', for 64 bytes. */
static inline uint64_t newline_mask64(const char *p) {
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');
    uint64_t m = 0;
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)) << (16 * k);
    }
    return m;
#else
    uint64_t m = 0;
    for (int k = 0; k < 64; k++) m |= (uint64_t)(p[k] == '\n') << k;
    return m;
#endif
}

/* Reads more data after r->end, moving the unread part to the front first.
 * Returns bytes read, 0 at end of stream, -1 on error. */
static ssize_t refill(linereader *r) {
    if (r->beg > 0) {
        size_t keep = r->end - r->beg;
        memmove(r->buf, r->buf + r->beg, keep);
        r->buf_off += r->beg;
        r->scanned -= r->beg;
        r->beg = 0;
        r->end = keep;
    }
    size_t room = r->cap - 1 - r->end;
    if (room == 0) return 0;
    ssize_t n = stream_read(r->s, r->buf + r->end, room < READ_CHUNK ? room : READ_CHUNK);
    if (n > 0) r->end += (size_t)n;
    return n;
}

static sv finish_line(linereader *r, size_t start, size_t stop, uint64_t *offset) {
    *offset = r->buf_off + start;
    r->lineno++;
    size_t len = stop - start;
    if (len && r->buf[start + len - 1] == '\r') len--;
    return sv_make(r->buf + start, len);
}

/* The line from r->beg to the newline at buf[stop]. */
static int take_line(linereader *r, size_t stop, sv *line, uint64_t *offset) {
    size_t start = r->beg;
    r->beg = stop + 1;
    if (stop - start > r->max_line) { /* over the limit but already in the buffer */
        *offset = r->buf_off + start;
        r->long_len = stop - start;
        r->lineno++;
        return LR_TOO_LONG;
    }
    *line = finish_line(r, start, stop, offset);
    return LR_LINE;
}

int lr_next(linereader *r, sv *line, uint64_t *offset) {
    for (;;) {
        if (r->nl_mask) { /* the next newline of the current block */
            size_t stop = r->nl_at + (size_t)__builtin_ctzll(r->nl_mask);
            r->nl_mask &= r->nl_mask - 1;
            return take_line(r, stop, line, offset);
        }
        if (r->scanned + 64 <= r->end) { /* the next whole block */
            r->nl_at = r->scanned;
            r->nl_mask = newline_mask64(r->buf + r->scanned);
            r->scanned += 64;
            continue;
        }
        char *nl = r->end > r->scanned ? memchr(r->buf + r->scanned, '\n', r->end - r->scanned) : NULL;
        if (nl) {
            size_t stop = (size_t)(nl - r->buf);
            r->scanned = stop + 1;
            return take_line(r, stop, line, offset);
        }
        r->scanned = r->end;
        if (r->end - r->beg > r->max_line) {
            /* Too long: skip to the next newline without keeping the bytes. */
            uint64_t start_off = r->buf_off + r->beg, len = r->end - r->beg;
            r->beg = r->end = r->scanned = 0;
            r->buf_off = start_off + len;
            for (;;) {
                ssize_t n = stream_read(r->s, r->buf, r->cap - 1);
                if (n < 0) r->failed = true;
                if (n <= 0) {
                    r->eof = true;
                    r->buf_off = start_off + len;
                    break;
                }
                char *q = memchr(r->buf, '\n', (size_t)n);
                if (q) {
                    size_t used = (size_t)(q - r->buf) + 1;
                    len += used - 1;
                    r->buf_off = start_off + len + 1;
                    memmove(r->buf, r->buf + used, (size_t)n - used);
                    r->end = (size_t)n - used;
                    break;
                }
                len += (uint64_t)n;
            }
            *offset = start_off;
            r->long_len = len;
            r->lineno++;
            return LR_TOO_LONG;
        }
        if (r->eof) {
            if (r->failed) return LR_ERROR;
            if (r->end > r->beg) { /* last line without a newline */
                size_t start = r->beg;
                r->beg = r->end;
                *line = finish_line(r, start, r->end, offset);
                return LR_LINE;
            }
            return LR_EOF;
        }
        ssize_t n = refill(r);
        if (n < 0) {
            r->failed = true;
            r->eof = true;
        } else if (n == 0) {
            r->eof = true;
        }
    }
}
