/* mime.h - reading one message (headers, bodies, attachments) into a report. */
#ifndef MITSUKE_MAIL_MIME_H
#define MITSUKE_MAIL_MIME_H

#include "mail/analyze.h"

/* Parses `data` with GMime and fills `r`: decoded headers, addresses, trace
 * hops (with countries), authentication results, body text, links and HTML
 * facts; every attachment goes through attachment_check. */
void mime_read(mail_analyzer *an, const char *data, size_t n, mail_report *r, scan_budget *b);

#endif
