/* fuzz_archive.c - libFuzzer harness for archives and documents inside mail:
 * the first byte picks how the rest is opened (zip, LZH, RAR, 7z, CAB, ISO,
 * tar, gzip, or "let the content decide"), then the attachment checks run as
 * for a real attachment, members, nested archives, OLE2 directories, PDFs and
 * HTML included. */
#include "mail/analyze.h"
#include "mail/ole2.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mail_analyzer *an;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!an) {
        mail_options o;
        mail_options_default(&o);
        o.limits.max_member_bytes = 4 << 20;
        o.limits.max_extracted_bytes = 16 << 20;
        char err[512];
        an = mail_analyzer_new(&o, err, sizeof err);
        if (!an) {
            fprintf(stderr, "fuzz_archive: %s\n", err);
            abort();
        }
    }
    if (size < 1) return 0;
    static const char *const types[] = {"zip", "lzh", "rar", "7z", "cab", "iso", "tar", "gzip"};
    unsigned pick = data[0];
    data++, size--;
    mail_report r;
    mail_report_init(&r);
    scan_budget b = {0};
    if (pick < sizeof types / sizeof types[0]) {
        /* force the archive reader on whatever bytes came */
        mail_file *f = vec_push(&r.files);
        f->name = f->path = "fuzz";
        f->declared = "";
        f->type = types[pick];
        f->kind = FK_ARCHIVE;
        f->parent = -1;
        archive_scan(an, &r, &b, 0, data, size);
    } else {
        attachment_check(an, &r, &b, pick & 1 ? "fuzz.doc" : "fuzz.zip", "application/octet-stream", data, size, size,
                         -1, 0, false);
    }
    ole2_info info;
    ole2_inspect(data, size, &info);
    mail_score(&r);
    mail_report_free(&r);
    return 0;
}
