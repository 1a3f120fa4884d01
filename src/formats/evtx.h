/* evtx.h - mitsuke's own reader of Windows .evtx files.
 *
 * An .evtx file is a 4 KiB file header ("ElfFile\0") and 64 KiB chunks
 * ("ElfChnk\0"), each holding event records whose body is binary XML: a
 * template instance that names a template defined in the same chunk, plus
 * the values to substitute into it. The reader pulls one chunk at a time
 * through a read function (a stream, so .evtx.gz works too), checks the
 * three CRC32s (file header, chunk header, event records), and decodes each
 * record straight into a Windows event (event.h): the System fields and the
 * EventData / UserData pairs, values rendered as text the way evtxexport
 * (libevtx) prints them. Nothing else of the XML is built.
 *
 * Damage does not stop it: a bad checksum is reported and the chunk is still
 * read record by record, each record checked by its signature and its two
 * size fields; a record that cannot be decoded is reported and skipped, and
 * the next one is found by its signature. Memory: one chunk, a name table per
 * chunk and the text of one record (capped), whatever the size of the file.
 *
 * Each call to evtx_next returns a record, a damage report, the end, or a
 * read error. An event's strings stay valid until the next call. */
#ifndef MITSUKE_EVTX_H
#define MITSUKE_EVTX_H

#include "event.h"
#include "formats/evtx_layout.h"
#include "formats/format.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>


/* Like read(2): >0 bytes, 0 at the end, -1 on error. */
typedef ssize_t (*evtx_read_fn)(void *ctx, char *dst, size_t n);

enum { EVTX_READ_ERROR = -1, EVTX_END = 0, EVTX_RECORD = 1, EVTX_DAMAGE = 2 };

typedef struct evtx_damage {
    uint64_t offset;      /* byte offset in the file */
    int64_t chunk;        /* chunk number (0 = first after the header), -1: the file header */
    uint64_t record;      /* the record's number when one was lost (ev->line), else 0 */
    bool record_lost;     /* a record was skipped here: count it as unparsed */
    char what[200];       /* what is wrong, in the output language */
} evtx_damage;

typedef struct evtx_reader evtx_reader;

/* True when the bytes start with the file signature "ElfFile\0". */
bool evtx_magic(const void *p, size_t n);

evtx_reader *evtx_reader_new(evtx_read_fn read, void *ctx, const format_options *opts);
/* EVTX_RECORD: *ev is filled (offset = the record's byte offset in the file,
 * line = its number in reading order, from 1). EVTX_DAMAGE: *dmg says what and
 * where; call again to go on. EVTX_END. EVTX_READ_ERROR: the read function
 * failed (its own message tells why); the reader stops there. */
int evtx_next(evtx_reader *r, event *ev, evtx_damage *dmg);
uint64_t evtx_bytes_read(const evtx_reader *r);
void evtx_reader_free(evtx_reader *r);

extern const format format_evtx;

#endif
