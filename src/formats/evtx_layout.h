/* evtx_layout.h - the fixed layout of an .evtx file, shared by its reader
 * (formats/evtx_*.c) and its writer (sim/windows/evtx.c): the block sizes
 * and the two checksums a chunk carries. A file header is 4 KiB with its
 * CRC32 over bytes 0-119 at offset 124; a chunk is 64 KiB, a 512-byte
 * header (CRC32 over bytes 0-119 and 128-511, at 124) and its event records
 * from offset 512 to the free-space offset (their CRC32 at 52). */
#ifndef MITSUKE_EVTX_LAYOUT_H
#define MITSUKE_EVTX_LAYOUT_H

#include <stdint.h>
#include <zlib.h>

#define EVTX_HEADER_SIZE 4096
#define EVTX_CHUNK_SIZE 65536
#define EVTX_CHUNK_HEADER_SIZE 512

/* The file header's CRC32 (stored at offset 124). */
static inline uint32_t evtx_file_header_crc(const uint8_t *header) { return (uint32_t)crc32(0L, header, 120); }

/* The chunk header's CRC32 (stored at offset 124). */
static inline uint32_t evtx_chunk_header_crc(const uint8_t *chunk) {
    uLong crc = crc32(0L, chunk, 120);
    return (uint32_t)crc32(crc, chunk + 128, EVTX_CHUNK_HEADER_SIZE - 128);
}

/* The CRC32 of the event records, from the end of the chunk header to
 * `free_at` (stored at offset 52); the caller checks free_at is in range. */
static inline uint32_t evtx_records_crc(const uint8_t *chunk, uint32_t free_at) {
    return (uint32_t)crc32(0L, chunk + EVTX_CHUNK_HEADER_SIZE, free_at - EVTX_CHUNK_HEADER_SIZE);
}

#endif
