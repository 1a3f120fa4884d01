/* ioc.h - indicators of compromise: what they are and the set that holds them.
 *
 * An indicator is one thing to look for in proxy logs: a domain (and all its
 * sub-domains), an IP address, a CIDR range, a URL, a URL path, or a
 * User-Agent (the whole string, or a part of it). Domains and IP addresses
 * may carry a port ("evil.com:8080"), and then match only that port.
 *
 * Every loader (ioc_text.c, ioc_csv.c, ioc_stix.c, ioc_misp.c) ends in
 * ioc_add or ioc_add_named, which refang ("evil[.]com", "hxxp://"), check and
 * normalise a value into its canonical form and drop duplicates; the canonical
 * form is what `mitsuke hunt` shows and what the matcher (ioc_match.h)
 * compares. The normalisation rules are documented in docs/hunt.md:
 *   domain  lowercase, no trailing dot, "*." dropped; key = the name
 *   ip      one address (a /32 or /128 is an address); key = its 16 bytes
 *   cidr    network with host bits cleared
 *   url     scheme and host lowercase, port made explicit (scheme default),
 *           userinfo and fragment dropped, empty path = "/", one trailing
 *           slash dropped; key = host + path [+ "?" query]
 *   path    starts with "/", one trailing slash dropped, case kept
 *   ua      as given (trimmed), case kept
 *
 * Values that cannot be used are counted (bad, unsupported by type name,
 * duplicates, excluded) so the CLI can say exactly what was loaded. */
#ifndef MITSUKE_IOC_H
#define MITSUKE_IOC_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/ipaddr.h"
#include "core/sv.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum ioc_type {
    IOC_DOMAIN = 0,
    IOC_IP,
    IOC_CIDR,
    IOC_URL,
    IOC_PATH,
    IOC_UA,          /* the whole User-Agent string */
    IOC_UA_PART,     /* a part of the User-Agent, any case */
    IOC_NTYPES,
    IOC_AUTO = -1    /* tell the type from the value */
} ioc_type;

/* "domain", "ip", "cidr", "url", "path", "user-agent", "user-agent-part". */
const char *ioc_type_name(ioc_type t);

#define IOC_MAX_VALUE 4096     /* longest value accepted (URLs); longer ones are bad */
#define IOC_MAX_LABEL 200      /* a label (name, comment) is cut to this many bytes */
#define IOC_MIN_UA_PART 4      /* shorter User-Agent parts would match almost anything */

typedef struct ioc {
    ioc_type type;
    uint16_t port;           /* 0 = any port */
    const char *value;       /* canonical text, as shown to the user */
    const char *origin;      /* where it came from: "iocs.txt:12", "bundle.json indicator--..." */
    const char *label;       /* name or comment given with it, or NULL */
    const char *key;         /* what the matcher compares (see above) */
    uint32_t key_len;
    uint32_t host_len;       /* url: the host part of key */
    cidr net;                /* ip (full prefix) and cidr */
} ioc;

typedef enum ioc_add_result {
    IOC_ADDED = 0,
    IOC_DUPLICATE,           /* the same canonical indicator was already in the set */
    IOC_BAD,                 /* not a valid value of its type; *why says why */
    IOC_UNSUPPORTED,         /* a type mitsuke cannot see in proxy logs (hashes, e-mail, ...) */
} ioc_add_result;

typedef struct ioc_set {
    vec items;               /* of ioc, in load order */
    hmap seen;               /* type + canonical value -> index, to drop duplicates */
    hmap unsupported_types;  /* type name -> count */
    arena mem;
    uint64_t loaded[IOC_NTYPES];
    uint64_t bad, duplicates, unsupported;
    uint64_t excluded;       /* left out on purpose: MISP to_ids false, STIX revoked */
} ioc_set;

void ioc_set_init(ioc_set *s);
void ioc_set_free(ioc_set *s);
static inline size_t ioc_count(const ioc_set *s) { return s->items.len; }
static inline const ioc *ioc_at(const ioc_set *s, size_t i) { return &VEC_AT(&s->items, ioc, i); }

/* Adds one value of the given type (IOC_AUTO: guessed, see ioc_guess_type).
 * `origin` and `label` are copied. Counts the outcome in the set. */
ioc_add_result ioc_add(ioc_set *s, ioc_type type, sv value, const char *origin, sv label, const char **why);

/* Adds a value whose type is named in the vocabulary of an exchange format:
 * MISP ("ip-dst", "domain|ip", "ip-dst|port", "hostname", "uri", ...), OTX
 * ("IPv4", "hostname", "URL", "CIDR"), abuse.ch ("ip:port"), STIX
 * ("domain-name", "ipv4-addr") and mitsuke's own names. An empty name means
 * IOC_AUTO. Composite types add each part ("domain|ip" adds a domain and an
 * address). Unknown names (file hashes, e-mail, ...) are IOC_UNSUPPORTED and
 * counted under their name. */
ioc_add_result ioc_add_named(ioc_set *s, sv type_name, sv value, const char *origin, sv label, const char **why);

/* Counts one value of a kind mitsuke cannot match, under its type name
 * ("hash", "stix file", "yara pattern") in s->unsupported_types. */
void ioc_count_unsupported(ioc_set *s, const char *type_name);

/* True when `name` is a type name ioc_add_named knows, supported or not
 * (used by the text format for "type:value" lines). */
bool ioc_type_name_known(sv name);

/* What a bare value looks like: IOC_DOMAIN, IOC_IP, IOC_CIDR, IOC_URL,
 * IOC_PATH, IOC_UA, or IOC_AUTO when it cannot be told. Sets *unsupported
 * to a kind name ("hash", "email") for values that are recognisably
 * something mitsuke cannot match. */
ioc_type ioc_guess_type(sv value, const char **unsupported);

/* Undoes common defanging into out (at most cap-1 bytes, NUL-terminated):
 * "[.]" "(.)" "{.}" "[dot]" -> ".", "[:]" -> ":", "[/]" -> "/", "hxxp" -> "http".
 * Returns the length, or -1 when the result does not fit. */
long ioc_refang(sv in, char *out, size_t cap);

/* Lowercases a host name into out (at most cap-1 bytes), dropping one trailing
 * dot and, for an IPv6 literal, writing its canonical form without brackets.
 * Returns the length, or -1 when it does not fit. Used for indicators and for
 * every logged host, so both sides compare alike. */
long ioc_canonical_host(sv host, char *out, size_t cap);

#endif
