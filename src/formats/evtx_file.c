/* evtx_file.c - walking an .evtx file: file header, chunks, records, checksums.
 *
 * The file is read front to back in one pass, one 64 KiB chunk in memory at
 * a time, so it can come through a pipe or a decompressor. For each chunk:
 *
 *   - the "ElfChnk\0" signature; an all-zero block past the chunk count of
 *     the file header is unused space and is skipped without a word;
 *   - the header CRC32 (bytes 0-119 and 128-511) and, when the header is
 *     good, the event records CRC32 (bytes 512 to the free-space offset);
 *   - then the records from offset 512: signature 2a 2a 00 00, a size that
 *     stays inside the chunk, and the same size repeated in the record's last
 *     four bytes. A record that passes is decoded (evtx_binxml.c); one that
 *     does not is reported, and the next record is found by its signature.
 *
 * A failed check is reported (EVTX_DAMAGE, with the byte offset and chunk)
 * and reading goes on, so the good records of a damaged chunk still come
 * out. Records are read up to the free-space offset when the chunk header is
 * good, else up to the last record that checks out. The file header's own
 * CRC32 is checked too, but nothing depends on it: chunks describe
 * themselves. */
#include "formats/evtx.h"
#include "core/lang.h"
#include "core/util.h"
#include "formats/evtx_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RECORD_HEADER 24
#define RECORD_MIN (RECORD_HEADER + 4)
#define DAMAGE_QUEUE 4

typedef enum { S_HEADER = 0, S_CHUNK, S_RECORDS, S_END, S_FAILED } reader_state;

struct evtx_reader {
    evtx_read_fn read;
    void *ctx;
    reader_state state;
    uint64_t pos;              /* bytes read from the file */
    uint16_t header_chunks;    /* chunk count in the file header */
    bool dirty;                /* the file header's "dirty" flag: copied while Windows wrote to it */
    int64_t chunk_no;          /* the chunk in memory (0 = first) */
    uint64_t chunk_off;        /* its offset in the file */
    uint32_t chunk_len;        /* bytes of it that were in the file */
    uint32_t rec_at;           /* next record's offset in the chunk */
    uint32_t rec_limit;        /* records end here */
    bool chunk_header_ok;
    uint64_t recno;            /* records found so far */
    evtx_damage queue[DAMAGE_QUEUE];
    unsigned queued, queue_at;
    evtx_decoder *dec;
    uint8_t chunk[EVTX_CHUNK_SIZE];
};

bool evtx_magic(const void *p, size_t n) { return n >= 8 && !memcmp(p, "ElfFile\0", 8); }

evtx_reader *evtx_reader_new(evtx_read_fn read, void *ctx, const format_options *opts) {
    (void)opts;
    evtx_reader *r = xcalloc(1, sizeof *r);
    r->read = read;
    r->ctx = ctx;
    r->dec = evtx_decoder_new();
    r->chunk_no = -1;
    return r;
}

void evtx_reader_free(evtx_reader *r) {
    if (!r) return;
    evtx_decoder_free(r->dec);
    free(r);
}

uint64_t evtx_bytes_read(const evtx_reader *r) { return r->pos; }

static void damage(evtx_reader *r, uint64_t offset, int64_t chunk, bool record_lost, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void damage(evtx_reader *r, uint64_t offset, int64_t chunk, bool record_lost, const char *fmt, ...) {
    if (r->queued >= DAMAGE_QUEUE) return;
    evtx_damage *d = &r->queue[r->queued++];
    d->offset = offset;
    d->chunk = chunk;
    d->record_lost = record_lost;
    d->record = record_lost ? r->recno : 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->what, sizeof d->what, fmt, ap);
    va_end(ap);
}

/* Reads up to n bytes (fewer only at the end): the count, or -1. */
static ssize_t read_full(evtx_reader *r, uint8_t *dst, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t k = r->read(r->ctx, (char *)dst + got, n - got);
        if (k < 0) return -1;
        if (k == 0) break;
        got += (size_t)k;
    }
    r->pos += got;
    return (ssize_t)got;
}

static bool all_zero(const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i]) return false;
    return true;
}

static void read_file_header(evtx_reader *r) {
    uint8_t *h = r->chunk; /* the chunk buffer is free until the first chunk */
    ssize_t got = read_full(r, h, EVTX_HEADER_SIZE);
    if (got < 0) {
        r->state = S_FAILED;
        return;
    }
    if (got < 8 || !evtx_magic(h, (size_t)got)) {
        damage(r, 0, -1, false, "%s", L("no EVTX file signature (ElfFile)", "EVTX のファイル署名 (ElfFile) がありません"));
        r->state = S_END;
        return;
    }
    if (got < EVTX_HEADER_SIZE) {
        damage(r, (uint64_t)got, -1, false, L("the file ends inside its header (%zd of 4096 bytes)",
                                               "ファイルヘッダの途中でファイルが終わっています (4096 バイト中 %zd)"),
               got);
        r->state = S_END;
        return;
    }
    r->header_chunks = evtx_u16(h + 42);
    r->dirty = evtx_u32(h + 120) & 1;
    if (evtx_file_header_crc(h) != evtx_u32(h + 124))
        damage(r, 124, -1, false, "%s",
               L("file header checksum mismatch (the chunks are read anyway)",
                 "ファイルヘッダのチェックサムが一致しません (チャンクはそのまま読みます)"));
    r->state = S_CHUNK;
}


/* Loads the next chunk and checks it; S_RECORDS when it has records to read. */
static void load_chunk(evtx_reader *r) {
    uint64_t off = r->pos;
    ssize_t got = read_full(r, r->chunk, EVTX_CHUNK_SIZE);
    if (got < 0) {
        r->state = S_FAILED;
        return;
    }
    if (got == 0) {
        r->state = S_END;
        return;
    }
    r->chunk_no++;
    r->chunk_off = off;
    r->chunk_len = (uint32_t)got;
    if (got < EVTX_CHUNK_SIZE) memset(r->chunk + got, 0, EVTX_CHUNK_SIZE - (size_t)got);
    const uint8_t *c = r->chunk;
    int64_t k = r->chunk_no;
    if (got < EVTX_CHUNK_SIZE && !all_zero(c, (size_t)got))
        damage(r, off + (uint64_t)got, k, false,
               L("the file ends inside a chunk (%zd of 65536 bytes); its complete records are kept",
                 "チャンクの途中でファイルが終わっています (65536 バイト中 %zd)。完全なレコードは使います"),
               got);
    r->rec_at = EVTX_CHUNK_HEADER_SIZE;
    r->rec_limit = r->chunk_len;
    r->chunk_header_ok = false;
    if (memcmp(c, "ElfChnk\0", 8) != 0) {
        if (all_zero(c, (size_t)got)) {
            if (k < r->header_chunks)
                damage(r, off, k, false, "%s",
                       L("chunk is all zero bytes: its records are lost", "チャンクがすべてゼロです。レコードは失われています"));
            r->state = S_CHUNK;
            return;
        }
        damage(r, off, k, false, "%s",
               L("no chunk signature (ElfChnk): looking for records by their own signature",
                 "チャンク署名 (ElfChnk) がありません。レコードを署名で探します"));
    } else if (evtx_chunk_header_crc(c) != evtx_u32(c + 124)) {
        damage(r, off + 124, k, false, "%s",
               L("chunk header checksum mismatch: records are checked one by one",
                 "チャンクヘッダのチェックサムが一致しません。レコードを一件ずつ確かめます"));
    } else {
        r->chunk_header_ok = true;
        uint32_t free_at = evtx_u32(c + 48);
        if (free_at >= EVTX_CHUNK_HEADER_SIZE && free_at <= r->chunk_len) {
            r->rec_limit = free_at;
            if (evtx_records_crc(c, free_at) != evtx_u32(c + 52))
                damage(r, off + 52, k, false, "%s%s",
                       L("event records checksum mismatch: records are checked one by one",
                         "イベントレコードのチェックサムが一致しません。レコードを一件ずつ確かめます"),
                       r->dirty ? L(" (the file is marked dirty: copied while in use?)",
                                    " (ファイルは dirty の印付き。使用中にコピーされた可能性)")
                                : "");
        } else if (r->chunk_len == EVTX_CHUNK_SIZE) {
            damage(r, off + 48, k, false, "%s",
                   L("free-space offset outside the chunk: records are checked one by one",
                     "空き領域オフセットがチャンクの外です。レコードを一件ずつ確かめます"));
        }
    }
    evtx_decoder_chunk(r->dec, c, r->chunk_len);
    r->state = S_RECORDS;
}

/* Size of a well-formed record at `at`, or 0. */
static uint32_t record_size_at(const evtx_reader *r, uint32_t at, uint32_t limit) {
    const uint8_t *c = r->chunk;
    if (at > limit || limit - at < RECORD_MIN) return 0;
    if (c[at] != 0x2a || c[at + 1] != 0x2a || c[at + 2] || c[at + 3]) return 0;
    uint32_t size = evtx_u32(c + at + 4);
    if (size < RECORD_MIN || size > limit - at) return 0;
    if (evtx_u32(c + at + size - 4) != size) return 0;
    return size;
}

/* The next offset after `from` where a well-formed record starts, or 0. */
static uint32_t find_record(const evtx_reader *r, uint32_t from, uint32_t limit) {
    for (uint32_t at = from; at + RECORD_MIN <= limit; at++) {
        const uint8_t *hit = memchr(r->chunk + at, 0x2a, limit - at);
        if (!hit) return 0;
        at = (uint32_t)(hit - r->chunk);
        if (record_size_at(r, at, limit)) return at;
    }
    return 0;
}

/* The next record of the chunk into *ev: true. False when there is none to
 * give now: a damage report was queued, or the chunk is done (S_CHUNK). */
static bool next_record(evtx_reader *r, event *ev) {
    while (r->rec_at < r->rec_limit) {
        uint32_t at = r->rec_at;
        uint32_t size = record_size_at(r, at, r->chunk_len);
        if (!size) {
            if (all_zero(r->chunk + at, r->rec_limit - at)) break; /* unused rest of the chunk */
            uint32_t next = find_record(r, at + 1, r->chunk_len);
            r->recno++; /* what is lost here takes a number, so numbers stay unique */
            if (next && next < r->rec_limit) {
                damage(r, r->chunk_off + at, r->chunk_no, true,
                       L("%u bytes that are not a record skipped up to the next record",
                         "レコードでない %u バイトを次のレコードまで読み飛ばしました"),
                       next - at);
                r->rec_at = next;
                return false; /* report it, then go on */
            }
            damage(r, r->chunk_off + at, r->chunk_no, true, "%s",
                       L("no valid record from here to the end of the chunk",
                         "ここからチャンクの終わりまで有効なレコードがありません"));
            break;
        }
        r->rec_at = at + size;
        r->recno++;
        const uint8_t *rec = r->chunk + at;
        ev->kind = EV_WIN;
        ev->offset = r->chunk_off + at;
        ev->line = r->recno;
        ev->raw = SV_NULL;
        bool have_time = false;
        const char *why = NULL;
        if (!evtx_decode_record(r->dec, at + RECORD_HEADER, at + size - 4, ev, &have_time, &why)) {
            damage(r, r->chunk_off + at, r->chunk_no, true, L("record %llu: %s", "レコード %llu: %s"),
                   (unsigned long long)evtx_u64(rec + 8), why);
            return false;
        }
        if (!have_time) { /* no TimeCreated: the time the record was written */
            ev->tz_off_min = 0;
            if (!evtx_filetime_ms(evtx_u64(rec + 16), &ev->time_ms)) ev->time_ms = 0;
        }
        return true;
    }
    r->state = S_CHUNK;
    return false;
}

static bool pop_damage(evtx_reader *r, evtx_damage *dmg) {
    if (r->queue_at >= r->queued) {
        r->queue_at = r->queued = 0;
        return false;
    }
    *dmg = r->queue[r->queue_at++];
    return true;
}

int evtx_next(evtx_reader *r, event *ev, evtx_damage *dmg) {
    for (;;) {
        if (pop_damage(r, dmg)) return EVTX_DAMAGE;
        switch (r->state) {
        case S_HEADER: read_file_header(r); break;
        case S_CHUNK: load_chunk(r); break;
        case S_RECORDS:
            if (next_record(r, ev)) return EVTX_RECORD;
            break;
        case S_END: return EVTX_END;
        case S_FAILED: return EVTX_READ_ERROR;
        }
    }
}

/* ---- the format entry: `--format evtx` ---- */

/* Ingest reads .evtx by records (it sees the file signature before any line
 * is read); this entry gives the name to --format and the format list. A
 * source that is not an .evtx file reaches parse only through --format evtx. */
static int evtx_sniff(const sv *lines, size_t n) {
    return n && evtx_magic(lines[0].p, lines[0].n) ? 100 : 0;
}

static void *evtx_open(const format_options *o, const char **err) {
    (void)o;
    (void)err;
    static int token;
    return &token;
}

static void evtx_close(void *s) { (void)s; }

static int evtx_parse(void *state, sv line, event *ev, const char **why) {
    (void)state;
    (void)line;
    (void)ev;
    *why = L("not an EVTX file (no ElfFile signature at its start)", "EVTX ファイルではありません (先頭に ElfFile 署名がありません)");
    return PARSE_ERROR;
}

const format format_evtx = {
    .name = "evtx",
    .summary = "Windows event log files (.evtx), read natively; also found by their signature",
    .kind = EV_WIN,
    .sniff = evtx_sniff,
    .open = evtx_open,
    .close = evtx_close,
    .parse = evtx_parse,
};
