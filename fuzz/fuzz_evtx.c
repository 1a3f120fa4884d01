/* fuzz_evtx.c - libFuzzer harness for the .evtx reader: chunk walking,
 * checksums, record recovery and the binary XML decoder.
 *
 * The input is one chunk (the seeds are real chunks, see seeds_evtx.sh). It
 * is put behind a valid file header, padded to 64 KiB and read twice: as it
 * is (its checksums then almost never match, which sends the reader down the
 * record-by-record recovery path) and with its two checksums made right (the
 * ordinary path). An input that starts with "ElfFile" is read as a whole
 * file instead. The read function hands out odd-sized pieces, as a pipe
 * would. Every string of every event is read in full, so a view into freed
 * or moved memory is caught by AddressSanitizer. */
#include "formats/evtx.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct mem {
    const uint8_t *p;
    size_t n, at;
} mem;

static ssize_t mem_read(void *ctx, char *dst, size_t n) {
    mem *m = ctx;
    size_t k = m->n - m->at < n ? m->n - m->at : n;
    if (k > 4093) k = 4093;
    memcpy(dst, m->p + m->at, k);
    m->at += k;
    return (ssize_t)k;
}

static volatile unsigned sink;

static void touch(sv s) {
    if (s.n && !s.p) abort();
    unsigned h = 0;
    for (size_t i = 0; i < s.n; i++) h = h * 31 + (unsigned char)s.p[i];
    sink += h;
}

static void read_file(const uint8_t *p, size_t n) {
    mem m = {p, n, 0};
    evtx_reader *r = evtx_reader_new(mem_read, &m, NULL);
    event ev;
    evtx_damage d;
    int rc;
    unsigned guard = 0;
    while ((rc = evtx_next(r, &ev, &d)) != EVTX_END) {
        if (rc == EVTX_READ_ERROR || ++guard > 1000000) abort(); /* memory never fails; no endless loop */
        if (rc == EVTX_DAMAGE) {
            if (!memchr(d.what, 0, sizeof d.what) || !d.what[0]) abort();
            continue;
        }
        const win_event *w = &ev.u.win;
        if (ev.kind != EV_WIN || w->ndata > WIN_MAX_DATA) abort();
        touch(w->channel), touch(w->provider), touch(w->computer), touch(w->level);
        for (unsigned i = 0; i < w->ndata; i++) touch(w->data[i].name), touch(w->data[i].value);
    }
    evtx_reader_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size >= 7 && !memcmp(data, "ElfFile", 7)) {
        read_file(data, size);
        return 0;
    }
    size_t n = EVTX_HEADER_SIZE + EVTX_CHUNK_SIZE;
    uint8_t *f = calloc(1, n);
    memcpy(f, "ElfFile", 8);
    f[32] = 128, f[36] = 1, f[38] = 3, f[41] = 0x10, f[42] = 1;
    uint32_t crc = (uint32_t)crc32(0, f, 120);
    memcpy(f + 124, &crc, 4);
    uint8_t *c = f + EVTX_HEADER_SIZE;
    memcpy(c, data, size < EVTX_CHUNK_SIZE ? size : EVTX_CHUNK_SIZE);
    read_file(f, size < EVTX_CHUNK_SIZE ? EVTX_HEADER_SIZE + size : n); /* as it is, maybe cut short */
    uint32_t free_at;
    memcpy(&free_at, c + 48, 4);
    if (free_at >= 512 && free_at <= EVTX_CHUNK_SIZE) {
        crc = (uint32_t)crc32(0, c + 512, free_at - 512);
        memcpy(c + 52, &crc, 4);
    }
    uLong h = crc32(0, c, 120);
    crc = (uint32_t)crc32(h, c + 128, 384);
    memcpy(c + 124, &crc, 4);
    read_file(f, n);
    free(f);
    return 0;
}
