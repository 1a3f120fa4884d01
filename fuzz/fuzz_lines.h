/* fuzz_lines.h - shared body of the line-format fuzz harnesses: the input is
 * split into lines and fed to one parser, then its finish hook is called, as
 * ingest does. Whatever the bytes, the parser must neither crash nor read
 * out of bounds, and every PARSE_OK event must carry its kind. */
#ifndef MITSUKE_FUZZ_LINES_H
#define MITSUKE_FUZZ_LINES_H

#include "formats/format.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int fuzz_format(const char *name, const uint8_t *data, size_t size) {
    const format *f = format_find(name);
    if (!f) abort();
    format_options o = {.default_offset_min = 540};
    const char *err = NULL;
    void *st = f->open(&o, &err);
    if (!st) return 0;
    size_t i = 0;
    uint64_t lineno = 0;
    while (i < size) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - data) : size;
        /* copy so the parser sees exactly the line's bytes (ASan catches overreads) */
        char *line = malloc(end - i + 1);
        memcpy(line, data + i, end - i);
        event ev;
        memset(&ev, 0, sizeof ev);
        ev.offset = i;
        ev.line = ++lineno;
        int rc, rounds = 0;
        do {
            const char *why = NULL;
            rc = f->parse(st, sv_make(line, end - i), &ev, &why);
            if ((rc == PARSE_OK || rc == PARSE_MORE) && ev.kind != f->kind) abort();
            if (rc == PARSE_ERROR && !why) abort();
            if (++rounds > 100000) abort();   /* PARSE_MORE must end */
        } while (rc == PARSE_MORE);
        free(line);
        i = end + 1;
    }
    if (f->finish) {
        event ev;
        const char *why = NULL;
        memset(&ev, 0, sizeof ev);
        f->finish(st, &ev, &why);
    }
    f->close(st);
    return 0;
}

#endif
