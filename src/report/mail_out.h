/* mail_out.h - printing analysed mails and campaigns, for people and scripts.
 *
 * Human output is written to be handed back to whoever reported the mail:
 * the verdict first, then each reason as a sentence (Japanese or English,
 * --lang), then the attachments with their SHA-256. Every string from a mail
 * is made safe for a terminal: control characters become '?', and Unicode
 * formatting characters that reorder text (RLO U+202E and kin) are shown as
 * "[U+202E]" so the trick is visible instead of working.
 *
 * JSON lines follow docs/output.md ("kind": "mail" and "kind": "campaign"). */
#ifndef MITSUKE_MAIL_OUT_H
#define MITSUKE_MAIL_OUT_H

#include "core/buf.h"
#include "core/json.h"
#include "mail/campaign.h"
#include "mail/mail.h"

void mail_write_human(buf *out, const mail_report *r);
void mail_write_json(jw *w, const mail_report *r);
void campaign_write_human(buf *out, const campaign_set *cs, const campaign *c);
void campaign_write_json(jw *w, const campaign_set *cs, const campaign *c);
/* A terminal-safe copy of untrusted text (see above). */
void terminal_safe(buf *out, const char *s);
/* Where a mail is: "box.mbox #3" or the file name. */
void mail_location(buf *out, const char *file, uint32_t index);

#endif
