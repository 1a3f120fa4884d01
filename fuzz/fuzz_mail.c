/* fuzz_mail.c - libFuzzer harness for the whole mail path: mbox splitting,
 * MIME (GMime), charsets, RFC 2047/2231, addresses, Received and
 * Authentication-Results, HTML (gumbo), the attachment checks with archives
 * and YARA, scoring and both output forms. The input is a mailbox: one
 * message, or several in mbox form. */
#include "core/buf.h"
#include "core/json.h"
#include "mail/analyze.h"
#include "mail/campaign.h"
#include "mail/mail_input.h"
#include "report/mail_out.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static mail_analyzer *an;
static campaign_set cs;

static int on_message(const mail_message *m, void *ctx) {
    (void)ctx;
    mail_report r;
    mail_report_init(&r);
    r.file = "fuzz";
    r.size = m->size;
    mail_analyze(an, m->data, m->len, &r);
    buf out = {0};
    jw w;
    jw_init(&w, &out);
    mail_write_json(&w, &r);
    mail_write_human(&out, &r);
    campaign_set_add(&cs, &r);
    buf_free(&out);
    mail_report_free(&r);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!an) {
        mail_options o;
        mail_options_default(&o);
        /* small limits: the fuzzer should reach them, not run out of memory */
        o.limits.max_mail_bytes = 1 << 20;
        o.limits.max_member_bytes = 4 << 20;
        o.limits.max_extracted_bytes = 16 << 20;
        char err[512];
        an = mail_analyzer_new(&o, err, sizeof err);
        if (!an) {
            fprintf(stderr, "fuzz_mail: %s\n", err);
            abort();
        }
    }
    char err[256];
    if (!campaign_set_init(&cs, NULL, true, err, sizeof err)) abort();
    mail_input_split((const char *)data, size, 1 << 20, on_message, NULL);
    campaign_set_build(&cs);
    buf out = {0};
    for (size_t i = 0; i < cs.campaigns.len; i++)
        campaign_write_human(&out, &cs, &VEC_AT(&cs.campaigns, campaign, i));
    buf_free(&out);
    campaign_set_free(&cs);
    return 0;
}
