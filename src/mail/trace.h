/* trace.h - the trace headers: Received (RFC 5321 4.4) and
 * Authentication-Results (RFC 8601).
 *
 * Both are written partly by the attacker: the lower Received headers and any
 * Authentication-Results the sender added are whatever the sender wanted. The
 * parsers therefore only pick out the few fields the checks use, from bounded
 * input, and never fail; the checks decide which headers to trust (the
 * topmost ones, added by the receiving side). */
#ifndef MITSUKE_MAIL_TRACE_H
#define MITSUKE_MAIL_TRACE_H

#include "core/arena.h"
#include "core/sv.h"
#include "mail/mail.h"

#include <stdbool.h>

#define TRACE_MAX_VALUE 4096   /* longer header values are cut before parsing */

/* Fills `hop` from an unfolded Received value: the address the sending host
 * connected from (a bracketed or parenthesised literal in the "from" clause),
 * its HELO name, the receiving host, whether the submission was authenticated
 * (ESMTPA/ESMTPSA), and the time after the last ';'. Returns false when the
 * value has no "from" clause (hop still gets what there was). */
bool received_parse(sv value, arena *a, mail_hop *hop);

typedef struct authres {
    char authserv[128];   /* "" when the header names none (Microsoft's form) */
    auth_result spf, dkim, dmarc;
    char spf_domain[128]; /* smtp.mailfrom, "" when absent */
} authres;

void authres_parse(sv value, authres *out);
/* Keeps the stronger of two results for one method (pass > fail > softfail > ...). */
auth_result auth_result_merge(auth_result a, auth_result b);

/* RFC 5322 date ("Fri, 3 Mar 2023 04:30:10 +0000", and the usual variants)
 * to UTC milliseconds; MTIME_NONE when unreadable. */
int64_t mail_date_parse(sv s);

#endif
