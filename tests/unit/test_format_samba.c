/* test_format_samba.c - the samba-audit parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse_helper.h"

#include <stdio.h>
#include <stdlib.h>

static void lines_from_fixture(void **unused) {
    (void)unused;
    char path[1024];
    snprintf(path, sizeof path, "%s/fileserver/samba_audit.log", getenv("FIXTURES"));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    parse_ctx c;
    ctx_open(&c, "samba-audit", 540);
    char line[2048];
    event ev[7];
    int n = 0;
    static char keep[7][5][128];
    while (fgets(line, sizeof line, f) && n < 7) {
        line[strcspn(line, "\n")] = 0;
        const char *why;
        assert_int_equal(ctx_line(&c, line, &ev[n], &why), PARSE_OK);
        const file_event *fe = &ev[n].u.file;
        sv_to_buf(fe->path, keep[n][0], 128);
        sv_to_buf(fe->path2, keep[n][1], 128);
        sv_to_buf(fe->share, keep[n][2], 128);
        sv_to_buf(fe->user, keep[n][3], 128);
        sv_to_buf(fe->error, keep[n][4], 128);
        n++;
    }
    fclose(f);
    assert_int_equal(n, 7);
    assert_int_equal(ev[0].kind, EV_FILE);
    assert_int_equal(ev[0].u.file.op, FO_CONNECT);
    assert_string_equal(keep[0][2], "kyufu");
    assert_string_equal(keep[0][3], "yamada.taro");
    assert_int_equal(ev[1].u.file.op, FO_OPEN);
    assert_string_equal(keep[1][0], "個人情報/加入者一覧_001.xlsx");
    assert_int_equal(ev[2].u.file.op, FO_READ);
    assert_int_equal(ev[3].u.file.op, FO_CREATE);
    assert_int_equal(ev[4].u.file.op, FO_RENAME);
    assert_string_equal(keep[4][0], "a.docx");
    assert_string_equal(keep[4][1], "a.docx.bak");
    /* the default "%u|%I" prefix: no machine, no share */
    assert_int_equal(ev[5].u.file.op, FO_DELETE);
    assert_false(ev[5].u.file.ok);
    assert_string_equal(keep[5][4], "Permission denied");
    assert_string_equal(keep[5][2], "");
    assert_string_equal(keep[5][3], "sato.ken");
    assert_int_equal(ev[5].u.file.client_ip.family, 4);
    /* create_file with a create disposition, tag with a pid */
    assert_int_equal(ev[6].u.file.op, FO_CREATE);
    assert_string_equal(keep[6][0], "new.txt");
    /* BSD time read in the default zone (+09:00) */
    assert_int_equal((ev[5].time_ms / 1000 + 9 * 3600) % 86400, 18 * 3600 + 4 * 60);
    ctx_close(&c);
}

static void errors_and_sniff(void **unused) {
    (void)unused;
    parse_ctx c;
    ctx_open(&c, "samba-audit", 0);
    event ev;
    const char *why;
    assert_int_equal(ctx_line(&c, "2015-05-21T18:03:12+09:00 fs01 smbd_audit: a|b|c", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "2015-05-21T18:03:12+09:00 fs01 sshd: a|1.2.3.4|open|ok|x", &ev, &why), PARSE_ERROR);
    assert_int_equal(ctx_line(&c, "smbd_audit: a|1.2.3.4|open|ok|x", &ev, &why), PARSE_ERROR);
    ctx_close(&c);
    sv lines[] = {SV("2015-05-21T18:03:12.1+09:00 fs01 smbd_audit: u|10.0.0.1|m|s|pread|ok|a.txt"),
                  SV("May 21 18:04:00 fs01 smbd_audit: u|10.0.0.1|close|ok|a.txt")};
    const format *f = format_sniff(lines, 2, NULL);
    assert_non_null(f);
    assert_string_equal(f->name, "samba-audit");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lines_from_fixture),
        cmocka_unit_test(errors_and_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
