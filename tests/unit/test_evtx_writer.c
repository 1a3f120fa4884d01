/* test_evtx_writer.c - the .evtx writer (src/sim/windows/evtx.c): chunk and
 * file header CRCs, records that fill a chunk without touching its last bytes,
 * a record too large leaving the chunk as it was, names and templates stored
 * once per chunk, renumbering (the benchmark's concatenation), and a file
 * written through parked chunks. evtxexport reads the results in the e2e
 * tests simulate_evtx.sh and bench_evtx_tools.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sim/windows/evtx.h"
#include "testutil.h"

#include <zlib.h>

static const char *const names[] = {"SubjectUserSid", "SubjectLogonId", "LogonType", "LogonGuid",
                                    "WorkstationName", "IpAddress", "Status", "CommandLine"};
static const char *const values[] = {"S-1-5-21-1604362719-2917324116-3208451175-1105", "0x3e7", "3",
                                     "{7f3b1c9e-2a44-4b1d-9c1e-5d2f8a6b0c31}", "", "10.1.2.3", "0xc000006d",
                                     "cmd.exe /c \"dir & echo 日本語\""};

static evtx_event sample(uint64_t id) {
    evtx_event e = {.provider = "Microsoft-Windows-Security-Auditing",
                    .provider_guid = "{54849625-5478-4994-A5BA-3E3B0328C30D}",
                    .qualifiers = -1,
                    .event_id = 4624,
                    .task = 12544,
                    .version = 1,
                    .keywords = 0x8020000000000000ull,
                    .filetime = EVTX_FILETIME_UNIX_EPOCH + 14300000000000000ull + id * 10000000ull,
                    .record_id = id,
                    .process_id = 512,
                    .thread_id = 1000,
                    .channel = "Security",
                    .computer = "DC01.kikou.local",
                    .n = 8,
                    .name = names,
                    .value = values};
    return e;
}

static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

static size_t count(const uint8_t *c, const char *needle_ascii) {
    /* occurrences of a name stored as UTF-16LE */
    uint8_t u[64];
    size_t n = strlen(needle_ascii), hits = 0;
    for (size_t i = 0; i < n; i++) u[2 * i] = (uint8_t)needle_ascii[i], u[2 * i + 1] = 0;
    for (size_t i = 0; i + 2 * n <= EVTX_CHUNK_SIZE; i++)
        if (!memcmp(c + i, u, 2 * n)) hits++;
    return hits;
}

static void chunk_fills_and_seals(void **unused) {
    (void)unused;
    uint8_t *c = malloc(EVTX_CHUNK_SIZE);
    evtx_chunk_init(c);
    uint64_t id = 1;
    while (1) {
        evtx_event e = sample(id);
        if (!evtx_chunk_add(c, &e)) break;
        id++;
    }
    assert_true(id > 50);
    assert_int_equal(evtx_chunk_records(c), id - 1);
    assert_int_equal(evtx_chunk_first_id(c), 1);
    assert_int_equal(evtx_chunk_last_id(c), id - 1);
    uint32_t free_at = rd32(c + 48);
    assert_true(free_at <= EVTX_CHUNK_SIZE - 8);
    /* records: signature, size, the size again at the end, 8-byte multiples, back to back */
    uint32_t off = EVTX_CHUNK_HEADER_SIZE, n = 0, last = 0;
    while (off < free_at) {
        uint32_t size = rd32(c + off + 4);
        assert_int_equal(rd32(c + off), 0x00002a2a);
        assert_int_equal(size % 8, 0);
        assert_int_equal(rd32(c + off + size - 4), size);
        last = off;
        off += size;
        n++;
    }
    assert_int_equal(off, free_at);
    assert_int_equal(n, id - 1);
    assert_int_equal(rd32(c + 44), last);
    /* names and templates once per chunk, not per record */
    assert_int_equal(count(c, "SubjectLogonId"), 1);
    assert_int_equal(count(c, "TimeCreated"), 1);
    assert_false(evtx_chunk_crc_ok(c));
    evtx_chunk_seal(c);
    assert_true(evtx_chunk_crc_ok(c));
    assert_int_equal(rd32(c + 52), (uint32_t)crc32(0, c + 512, free_at - 512));
    c[600] ^= 1;
    assert_false(evtx_chunk_crc_ok(c));
    free(c);
}

static void too_large_leaves_chunk_unchanged(void **unused) {
    (void)unused;
    uint8_t *c = malloc(EVTX_CHUNK_SIZE), *copy = malloc(EVTX_CHUNK_SIZE);
    evtx_chunk_init(c);
    evtx_event e = sample(1);
    assert_true(evtx_chunk_add(c, &e));
    memcpy(copy, c, EVTX_CHUNK_SIZE);
    char *big = malloc(40001);
    memset(big, 'A', 40000);
    big[40000] = 0;
    const char *bn[] = {"CommandLine"}, *bv[] = {big};
    evtx_event b = sample(2);
    b.event_id = 4688, b.n = 1, b.name = bn, b.value = bv;
    assert_false(evtx_chunk_add(c, &b));
    assert_memory_equal(c, copy, EVTX_CHUNK_SIZE);
    free(big);
    free(copy);
    free(c);
}

static void renumber_keeps_crcs(void **unused) {
    (void)unused;
    uint8_t *c = malloc(EVTX_CHUNK_SIZE);
    evtx_chunk_init(c);
    for (uint64_t id = 10; id < 30; id++) {
        evtx_event e = sample(id);
        assert_true(evtx_chunk_add(c, &e));
    }
    evtx_chunk_seal(c);
    assert_true(evtx_chunk_renumber(c, 1000001, 864000000000ll));
    assert_true(evtx_chunk_crc_ok(c));
    assert_int_equal(evtx_chunk_first_id(c), 1000001);
    assert_int_equal(evtx_chunk_last_id(c), 1000020);
    assert_int_equal(evtx_chunk_records(c), 20);
    /* the record header's id and written time moved */
    uint64_t id = 0, t = 0;
    memcpy(&id, c + 512 + 8, 8);
    memcpy(&t, c + 512 + 16, 8);
    assert_int_equal(id, 1000001);
    assert_true(t == EVTX_FILETIME_UNIX_EPOCH + 14300000000000000ull + 10 * 10000000ull + 864000000000ull);
    c[512] = 0; /* not a record any more */
    assert_false(evtx_chunk_renumber(c, 1, 0));
    free(c);
}

static void file_with_parked_chunks(void **unused) {
    (void)unused;
    char path[300];
    snprintf(path, sizeof path, "%s/Security.evtx", tu_tmpdir());
    evtx_file f;
    assert_true(evtx_file_open(&f, path));
    for (uint64_t id = 1; id <= 500; id++) {
        evtx_event e = sample(id);
        assert_true(evtx_file_add(&f, &e));
        if (id % 7 == 0) evtx_file_park(&f);
    }
    uint64_t chunks = f.chunks;
    assert_true(chunks >= 3);
    assert_true(evtx_file_close(&f));
    evtx_file_free(&f);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    uint8_t *d = malloc(EVTX_HEADER_SIZE + chunks * EVTX_CHUNK_SIZE + 1);
    size_t n = fread(d, 1, EVTX_HEADER_SIZE + chunks * EVTX_CHUNK_SIZE + 1, in);
    fclose(in);
    assert_int_equal(n, EVTX_HEADER_SIZE + chunks * EVTX_CHUNK_SIZE);
    assert_memory_equal(d, "ElfFile", 8);
    assert_int_equal(rd32(d + 124), (uint32_t)crc32(0, d, 120));
    assert_int_equal(d[42] | d[43] << 8, chunks);
    assert_int_equal(rd32(d + 24), 501); /* next record id */
    uint64_t records = 0;
    for (uint64_t i = 0; i < chunks; i++) {
        const uint8_t *c = d + EVTX_HEADER_SIZE + i * EVTX_CHUNK_SIZE;
        assert_true(evtx_chunk_crc_ok(c));
        assert_int_equal(evtx_chunk_first_id(c), records + 1);
        records += evtx_chunk_records(c);
    }
    assert_int_equal(records, 500);
    free(d);
    tu_cleanup();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chunk_fills_and_seals),
        cmocka_unit_test(too_large_leaves_chunk_unchanged),
        cmocka_unit_test(renumber_keeps_crcs),
        cmocka_unit_test(file_with_parked_chunks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
