/* uaclass.h - what a User-Agent string claims to be.
 *
 * Decided once per distinct string when it is first interned, so the cost
 * does not matter. The classes are rules of thumb from how browsers, agents
 * and hand-written backdoors spell their User-Agents (seed 001 ②:
 * backdoors imitate browsers, and imitate them badly):
 *   empty      "" or "-"
 *   malformed  control bytes, unbalanced brackets, no letters, a first
 *              product that is a misspelling of "Mozilla" ("Mozila/4.0",
 *              "Modzilla/-2.0"), or a version that is not a number
 *   agent      contains an entry of the benign software list (rules/agents-benign.txt,
 *              [allow] user_agent): OS and AV updaters, telemetry
 *   tool       contains an entry of the tool list (rules/agents-tools.txt):
 *              curl, Wget, python-requests, PowerShell, WinHttp...
 *   browser    "Mozilla/N.N (...)" or "Opera/..." naming a browser or engine
 *              (MSIE, Trident, Gecko/Firefox, AppleWebKit/Chrome/Safari, Edge)
 *   browser-like  starts with Mozilla/ but names no browser ("Mozilla/5.0")
 *   other      any other well-formed "product/version ..." string
 * For browsers the family, major version (for Internet Explorer that of its
 * Trident engine when higher: compatibility view) and Windows NT version are read so
 * that the useragent detector can tell an outdated browser from the
 * organisation's own. */
#ifndef MITSUKE_UACLASS_H
#define MITSUKE_UACLASS_H

#include "config/config.h"
#include "core/sv.h"
#include "detect/observe.h"

typedef enum ua_family {
    UAF_NONE = 0,
    UAF_MSIE,            /* MSIE N and Trident rv:11 (IE 11) */
    UAF_EDGE,
    UAF_CHROME,
    UAF_FIREFOX,
    UAF_SAFARI,
    UAF_OPERA,
    UAF_COUNT
} ua_family;

const char *ua_family_name(int family);
const char *ua_class_name(int cls);
/* Fills cls, family, version and os of `out` (counters untouched). */
void ua_classify(sv ua, const config *cfg, obs_ua *out);

#endif
