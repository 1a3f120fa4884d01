/* verdict.h - what the proxy or firewall did, from what the log says.
 *
 * Every proxy format ends in the same four answers (event.h, proxy_result):
 * the request was forwarded and answered (allowed), refused by policy
 * (denied), refused until the client authenticates (auth-required), or never
 * reached the server (error); every firewall format in conn_result's two
 * (allowed, denied) or unknown. The rules differ by how each product words
 * it; they live here together so they stay consistent, and docs/formats.md
 * and docs/formats-other.md state them for the user. */
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

/* FortiGate's action= (or status=) word: accept, close, timeout, pass,
 * passthrough, allow(ed), start, server-rst, client-rst, permit are
 * allowed; deny, block(ed), drop(ped), reject, reset, clear_session denied. */
conn_result verdict_fortigate(sv action);

/* A netfilter LOG prefix, which names its rule's verdict: containing DROP,
 * REJECT, DENY or BLOCK is denied; ACCEPT, ALLOW, PASS or PERMIT allowed
 * (any case). */
conn_result verdict_log_prefix(sv label);

#endif
