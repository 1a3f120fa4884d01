/* verdict.h - what the proxy did with a request, from what the log says.
 *
 * Every format ends in the same four answers (event.h, proxy_result): the
 * request was forwarded and answered (allowed), refused by policy (denied),
 * refused until the client authenticates (auth-required), or never reached
 * the server (error). The rules differ by how each product words it; they
 * live here together so they stay consistent, and docs/formats.md states
 * them for the user. */
#ifndef MITSUKE_VERDICT_H
#define MITSUKE_VERDICT_H

#include "core/sv.h"
#include "event.h"

/* Squid: result code ("TCP_MISS", "TCP_DENIED", "NONE"), HTTP status and
 * hierarchy code ("HIER_NONE", "HIER_DIRECT", may be empty). */
proxy_result verdict_squid(sv action, int status, sv hier);

/* W3C extended / ELFF (Blue Coat and others): sc-status (-1 when not
 * logged), s-action, sc-filter-result and x-exception-id (empty when not
 * logged). */
proxy_result verdict_elff(int status, sv action, sv filter, sv exception);

/* A status line only (Zeek, web servers): `answered` says whether a response
 * was seen at all. */
proxy_result verdict_status(int status, bool answered);

/* A verdict written as a word by some product or pipeline ("allowed",
 * "blocked", "deny", "auth-required", ...); PR_UNKNOWN when not recognised. */
proxy_result verdict_word(sv word);

#endif
