/* evtx.h - writing Windows XML Event Log files (.evtx), as Windows Vista and
 * later keep Security.evtx and System.evtx.
 *
 * A file is a 4096-byte header ("ElfFile") and 65536-byte chunks ("ElfChnk").
 * Each chunk holds records ("**\0\0", size, record id, written time, binary
 * XML, size again) and is self-contained: the element and attribute names
 * and the templates its records use are stored once in the chunk and found
 * through the two hash tables of its 512-byte header. A record is written
 * the way Windows writes it: a template instance of the standard <System>
 * template whose last value is the <EventData> as embedded binary XML, itself
 * an instance of a template per (event id, field names, field types).
 * Data values get the types Windows gives them (SIDs, hex logon ids, GUIDs,
 * numbers) when the text converts back to itself, and are strings otherwise.
 *
 * The chunk functions work on a caller's 64 KiB buffer; the evtx_file
 * functions write one file front to back and can "park" their current chunk
 * (its used part written to disk, buffer freed) so that a program writing
 * thousands of files holds only the few chunks it is filling; the struct is
 * small (the path is its only other allocation). Only libc and zlib (crc32)
 * are used, so bench/gen_evtx.c can compile this file on its own. */
#ifndef MITSUKE_SIM_EVTX_H
#define MITSUKE_SIM_EVTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "formats/evtx_layout.h"

#define EVTX_MAX_FIELDS 64
/* 100-ns intervals between 1601-01-01 and 1970-01-01. */
#define EVTX_FILETIME_UNIX_EPOCH 116444736000000000ull

typedef struct evtx_event {
    const char *provider;
    const char *provider_guid;  /* "{...}", NULL: no Guid attribute */
    const char *event_source;   /* EventSourceName, NULL: none */
    int qualifiers;             /* EventID Qualifiers, < 0: none */
    uint16_t event_id, task;
    uint8_t version, level, opcode;
    uint64_t keywords;
    uint64_t filetime;          /* TimeCreated and the record's written time */
    uint64_t record_id;         /* EventRecordID */
    uint32_t process_id, thread_id;
    const char *channel, *computer;
    int n;                      /* EventData <Data Name=...> pairs, UTF-8 */
    const char *const *name;
    const char *const *value;
} evtx_event;

/* Chunks. */
void evtx_chunk_init(uint8_t *chunk);
/* Appends the record; false (chunk unchanged) when it does not fit. */
bool evtx_chunk_add(uint8_t *chunk, const evtx_event *e);
uint64_t evtx_chunk_records(const uint8_t *chunk);
/* Sets the two CRC32s of the chunk header; done before a chunk is written. */
void evtx_chunk_seal(uint8_t *chunk);
/* True when the chunk's header and records checksums are right. */
bool evtx_chunk_crc_ok(const uint8_t *chunk);
/* Renumbers the records of a chunk from first_id (record ids and the
 * EventRecordID values), moves their times by shift (100 ns), and reseals it.
 * False when a record is not in the shape evtx_chunk_add writes. */
bool evtx_chunk_renumber(uint8_t *chunk, uint64_t first_id, int64_t shift);
uint64_t evtx_chunk_first_id(const uint8_t *chunk);
uint64_t evtx_chunk_last_id(const uint8_t *chunk);

/* The 4096-byte file header for `chunks` chunks, next record id, CRC set. */
void evtx_file_header(uint8_t *header, uint64_t chunks, uint64_t next_record_id);

/* One file being written. Records must come with increasing record ids. */
typedef struct evtx_file {
    char *path;
    uint8_t *chunk;             /* the chunk being filled; NULL when parked or none */
    uint64_t chunks;            /* chunks started, including the one being filled */
    uint64_t next_record_id;
    uint64_t records, bytes;
    const char *failed;         /* what failed first ("write", ...), NULL if nothing */
    int error;                  /* and its errno */
} evtx_file;

/* Creates (truncates) the file. False on error (evtx_file_error says why). */
bool evtx_file_open(evtx_file *f, const char *path);
bool evtx_file_add(evtx_file *f, const evtx_event *e);
/* Writes the chunk being filled to the file and frees its buffer; the next
 * evtx_file_add reads it back. */
void evtx_file_park(evtx_file *f);
/* Writes the last chunk and the header. False if anything failed. */
bool evtx_file_close(evtx_file *f);
/* "PATH: what: reason" of the first failure, into out. */
const char *evtx_file_error(const evtx_file *f, char *out, size_t len);
/* Frees the path and any chunk (after close, or instead of it). */
void evtx_file_free(evtx_file *f);

#endif
