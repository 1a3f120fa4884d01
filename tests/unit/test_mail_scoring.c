/* test_mail_scoring.c - reasons and verdicts, the rules lists, campaign grouping. */
#include "core/lang.h"
#include "core/mtime.h"
#include "mail/campaign.h"
#include "mail/lists.h"
#include "mail/mail.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static void scores_and_verdicts(void **state) {
    (void)state;
    mail_report r;
    mail_report_init(&r);
    mail_score(&r);
    assert_int_equal(r.verdict, MAIL_BENIGN);
    /* one clear sign: suspicious */
    mail_add_reason(&r, R_BODY_ONLINE_STORAGE, -1, "firestorage", "firestorage.jp");
    mail_score(&r);
    assert_int_equal(r.score, 30);
    assert_int_equal(r.verdict, MAIL_SUSPICIOUS);
    /* the same kind again adds nothing */
    mail_add_reason(&r, R_BODY_ONLINE_STORAGE, -1, "gigafile", "gigafile.nu");
    mail_score(&r);
    assert_int_equal(r.score, 30);
    /* wording is capped */
    for (int id = R_WORD_FIRST; id <= R_WORD_LAST; id++) mail_add_reason(&r, (reason_id)id, -1, "x", NULL);
    mail_score(&r);
    assert_int_equal(r.score, 30 + MAIL_WORDING_CAP);
    assert_int_equal(r.verdict, MAIL_MALICIOUS);
    mail_report_free(&r);

    /* a file's score counts its own reasons and its members' */
    mail_report_init(&r);
    mail_file *a = vec_push(&r.files);
    a->parent = -1, a->path = "a.zip";
    mail_file *m = vec_push(&r.files);
    m->parent = 0, m->path = "a.zip > x.exe";
    mail_file *other = vec_push(&r.files);
    other->parent = -1, other->path = "b.pdf";
    mail_add_reason(&r, R_ATT_EXECUTABLE, 1, "a.zip > x.exe", "pe");
    mail_score(&r);
    assert_int_equal(VEC_AT(&r.files, mail_file, 0).score, 80);
    assert_int_equal(VEC_AT(&r.files, mail_file, 1).score, 80);
    assert_int_equal(VEC_AT(&r.files, mail_file, 2).score, 0);
    /* a YARA rule's own weight */
    mail_add_reason_weighted(&r, R_ATT_YARA, 100, 2, "b.pdf", "eicar_test_file");
    mail_score(&r);
    assert_int_equal(VEC_AT(&r.files, mail_file, 2).score, 100);
    mail_report_free(&r);
}

static void reason_texts(void **state) {
    (void)state;
    mail_report r;
    mail_report_init(&r);
    mail_add_reason(&r, R_SND_REPLY_TO, -1, "x@other.example", "y@sender.example");
    buf b = {0};
    lang_set("en");
    mail_reason_text(&VEC_AT(&r.reasons, mail_reason, 0), &b);
    assert_string_equal(buf_cstr(&b), "replies would go to x@other.example, another domain than the sender y@sender.example");
    buf_clear(&b);
    lang_set("ja");
    mail_reason_text(&VEC_AT(&r.reasons, mail_reason, 0), &b);
    assert_non_null(strstr(buf_cstr(&b), "返信先 x@other.example"));
    lang_set("en");
    buf_free(&b);
    mail_report_free(&r);
    /* every reason has a code, a weight and both texts with the same placeholders */
    for (int id = 0; id < R_COUNT; id++) {
        const reason_def *d = reason_def_get((reason_id)id);
        assert_non_null(d->code);
        assert_true(d->weight > 0 && d->weight <= 100);
        int en = 0, ja = 0;
        for (const char *p = d->en; (p = strstr(p, "{}")); p += 2) en++;
        for (const char *p = d->ja; (p = strstr(p, "{}")); p += 2) ja++;
        assert_int_equal(en, ja);
    }
}

static void lists(void **state) {
    (void)state;
    char dir[] = "/tmp/mitsuke-lists-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/storage.txt", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# comment\ngigafile.nu\tギガファイル便\ns3.*.amazonaws.com\tAmazon S3\n", f);
    fclose(f);
    hostset l;
    hostset_init(&l);
    char err[256];
    assert_true(host_list_load(&l, dir, "storage.txt", err, sizeof err));
    const hostset_entry *e = hostset_find(&l, SV("46.GigaFile.nu"));
    assert_string_equal(e->label, "ギガファイル便");
    assert_string_equal(e->pattern, "gigafile.nu");
    assert_null(hostset_find(&l, SV("notgigafile.nu")));
    assert_null(hostset_find(&l, SV("gigafile.nu.evil.example")));
    assert_string_equal(hostset_find(&l, SV("s3.ap-south-1.amazonaws.com"))->label, "Amazon S3");
    hostset_free(&l);
    hostset_init(&l);
    assert_false(host_list_load(&l, dir, "missing.txt", err, sizeof err));
    assert_non_null(strstr(err, "missing.txt"));
    hostset_free(&l);
    remove(path);
    rmdir(dir);

    static const char *const phrases[] = {"urgent", "至急", "US$", NULL};
    phrase_set *s = phrase_set_from_list(phrases, err, sizeof err);
    assert_non_null(s);
    const char *found;
    phrase_set_scan(s, SV("This is URGENT."), &found);
    assert_string_equal(found, "urgent");
    phrase_set_scan(s, SV("the insurgents"), &found); /* whole words only */
    assert_null(found);
    phrase_set_scan(s, SV("大至急ご確認ください"), &found);
    assert_string_equal(found, "至急");
    phrase_set_scan(s, SV("fund of US$9.7M"), &found);
    assert_string_equal(found, "US$");
    phrase_set_free(s);
}

static void normalisation(void **state) {
    (void)state;
    buf b = {0};
    campaign_subject_pattern("RE: Fwd: 【医療費通知】  No.1234", &b);
    assert_string_equal(buf_cstr(&b), "【医療費通知】 no.#");
    buf_clear(&b);
    campaign_subject_pattern("転送：給付研究委員会オープンセミナーのご案内", &b);
    assert_string_equal(buf_cstr(&b), "給付研究委員会オープンセミナーのご案内");
    buf_clear(&b);
    campaign_msgid_shape("<20230809011353.A4793969C16D077F@xserver.com>", &b);
    assert_string_equal(buf_cstr(&b), "9{14}.H{16}@xserver.com");
    buf_clear(&b);
    campaign_msgid_shape("<xyz-12@mail.example.co.jp>", &b);
    assert_string_equal(buf_cstr(&b), "x{3}-9{2}@example.co.jp");
    buf_free(&b);
}

/* A report with the features campaign_set_add reads. */
static void fake(mail_report *r, const char *file, const char *from, const char *subject, const char *sha,
                 mail_verdict v, const char *rcpt) {
    mail_report_init(r);
    r->file = file;
    r->subject = subject;
    r->from.addr = from;
    r->from.domain = strchr(from, '@') + 1;
    r->has_from = true;
    r->verdict = v;
    r->date_ms = 1431910800000;
    if (sha) {
        mail_file *f = vec_push(&r->files);
        f->parent = -1;
        snprintf(f->sha256, sizeof f->sha256, "%s", sha);
    }
    mail_address *a = vec_push(&r->recipients);
    a->addr = rcpt, a->name = "", a->domain = "";
}

static void grouping(void **state) {
    (void)state;
    campaign_set cs;
    char err[256];
    assert_true(campaign_set_init(&cs, NULL, false, err, sizeof err));
    mail_report r[7];
    /* 1-2 share a file, 2-3 share a subject pattern: one group of three */
    fake(&r[0], "1", "a@one.example", "Seminar 1", "aaaa", MAIL_MALICIOUS, "x@corp.example");
    fake(&r[1], "2", "b@two.example", "Invitation 2015", "aaaa", MAIL_MALICIOUS, "y@corp.example");
    fake(&r[2], "3", "c@three.example", "Invitation 2016", NULL, MAIL_SUSPICIOUS, "y@corp.example");
    /* 4 shares nothing */
    fake(&r[3], "4", "d@four.example", "Something else", "bbbb", MAIL_SUSPICIOUS, "z@corp.example");
    /* 5 and 6 share a sender that two benign mails also use: too common, no group */
    fake(&r[4], "5", "news@common.example", "Alpha", NULL, MAIL_SUSPICIOUS, "p@corp.example");
    fake(&r[5], "6", "news@common.example", "Beta", NULL, MAIL_SUSPICIOUS, "q@corp.example");
    fake(&r[6], "7", "news@common.example", "Gamma", NULL, MAIL_BENIGN, "p@corp.example");
    mail_report extra;
    fake(&extra, "8", "news@common.example", "Delta", NULL, MAIL_BENIGN, "p@corp.example");
    for (int i = 0; i < 7; i++) campaign_set_add(&cs, &r[i]);
    campaign_set_add(&cs, &extra);
    campaign_set_build(&cs);
    assert_int_equal(cs.campaigns.len, 1);
    const campaign *c = &VEC_AT(&cs.campaigns, campaign, 0);
    assert_int_equal(c->mails.len, 3);
    assert_int_equal(c->recipients, 2);
    assert_int_equal(c->worst, MAIL_MALICIOUS);
    bool by_file = false, by_subject = false;
    for (size_t i = 0; i < c->features.len; i++) {
        const campaign_feature *f = &VEC_AT(&cs.features, campaign_feature, VEC_AT(&c->features, uint32_t, i));
        if (!strcmp(f->type, "sha256") && !strcmp(f->value, "aaaa")) by_file = true;
        if (!strcmp(f->type, "subject") && !strcmp(f->value, "invitation #")) by_subject = true;
    }
    assert_true(by_file);
    assert_true(by_subject);
    for (int i = 0; i < 7; i++) mail_report_free(&r[i]);
    mail_report_free(&extra);
    campaign_set_free(&cs);
}

int main(void) {
    lang_set("en");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_and_verdicts), cmocka_unit_test(reason_texts), cmocka_unit_test(lists),
        cmocka_unit_test(normalisation), cmocka_unit_test(grouping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
