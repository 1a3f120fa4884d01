/* address.h - mail addresses from From, To, Reply-To and friends.
 *
 * A small RFC 5322 address-list reader, forgiving the way mail readers are:
 * display names in quotes or bare, encoded words anywhere in them (decoded
 * with charset.c, so ISO-2022-JP names come out right), comments, groups
 * ("Undisclosed recipients:;"), old "addr (Name)" forms. It never fails: what
 * it cannot read as an address is skipped. Everything is bounded (input length,
 * number of addresses, comment nesting). */
#ifndef MITSUKE_MAIL_ADDRESS_H
#define MITSUKE_MAIL_ADDRESS_H

#include "core/arena.h"
#include "core/sv.h"

#include <stddef.h>

typedef struct mail_address {
    const char *name;    /* display name, UTF-8, "" when none */
    const char *addr;    /* local@domain as written (domain lower-cased), "" when none */
    const char *domain;  /* lower-cased domain, "" when none */
} mail_address;

/* Parses a header value into at most `max` addresses; returns how many. Strings
 * go into `a`. */
size_t address_parse_list(sv raw, arena *a, mail_address *out, size_t max);

/* The domain part of an address ("" if none), lower-cased into `a`. */
const char *address_domain(const char *addr, arena *a);

#endif
