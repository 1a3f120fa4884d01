/* mail_input.h - messages out of files, directories, mbox and Maildir (C1).
 *
 * Every source (a path from sources.h: a file, a directory walked
 * recursively - a Maildir is just such a directory -, or stdin) is read
 * through stream.h, so .gz and .zst mailboxes work too. A source that starts
 * with an mbox "From " line is split at every "From " line that follows an
 * empty line; anything else is one message (.eml, a Maildir file). A file
 * whose first line is not a header ("Name: value") is not a mail - Maildir
 * folders hold index files, for instance - and is skipped and counted.
 *
 * A message longer than the limit is cut to it (the callback sees `size`, the
 * real length, and `truncated`); memory stays bounded by the limit whatever
 * the size of the mailbox. */
#ifndef MITSUKE_MAIL_INPUT_H
#define MITSUKE_MAIL_INPUT_H

#include "core/progress.h"
#include "io/sources.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mail_message {
    const char *data;     /* the message bytes (without the mbox "From " line) */
    size_t len;           /* bytes in data */
    uint64_t size;        /* the message's real length (> len when truncated) */
    bool truncated;
    const source *src;
    uint64_t offset;      /* of the message in the uncompressed source */
    uint32_t index;       /* 1-based position in an mbox, 0 for a one-message file */
} mail_message;

typedef struct mail_input_stats {
    uint64_t messages;
    unsigned sources_read;
    unsigned not_mail;    /* files skipped because they are not mail */
    unsigned failed;      /* sources that could not be opened or read to the end */
} mail_input_stats;

/* Return non-zero from the callback to stop. */
typedef int (*mail_message_fn)(const mail_message *m, void *ctx);

/* Reads every source in order. Problems are reported through core/diag.h,
 * naming the source, and counted in `st`. */
void mail_input_run(source_list *sources, uint64_t max_message_bytes, progress *prog, mail_message_fn fn, void *ctx,
                    mail_input_stats *st);

/* For the fuzzer and tests: splits an in-memory source the same way. */
void mail_input_split(const char *data, size_t n, uint64_t max_message_bytes, mail_message_fn fn, void *ctx);

#endif
