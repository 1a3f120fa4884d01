/* ipaddr.h - IPv4/IPv6 addresses and CIDR ranges.
 *
 * Both families are stored as 16 bytes; IPv4 uses the IPv4-mapped form
 * (::ffff:a.b.c.d) so one comparison and one CIDR test serve both. */
#ifndef MITSUKE_IPADDR_H
#define MITSUKE_IPADDR_H

#include "core/sv.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct ipaddr {
    uint8_t b[16];
    uint8_t family;    /* 0 = not an address, 4, 6 */
} ipaddr;

typedef struct cidr {
    ipaddr addr;       /* network address, host bits cleared */
    uint8_t prefix;    /* in the 128-bit space (IPv4 /24 is stored as 120) */
} cidr;

#define IP_STRLEN 48

bool ip_parse(sv s, ipaddr *out);           /* also accepts "[v6]" */
char *ip_format(const ipaddr *ip, char *buf); /* buf of IP_STRLEN */
bool ip_equal(const ipaddr *a, const ipaddr *b);
uint32_t ip_v4(const ipaddr *ip);           /* host order; only for family 4 */

bool cidr_parse(sv s, cidr *out);           /* "10.0.0.0/8", "2001:db8::/32", or one address */
bool cidr_contains(const cidr *c, const ipaddr *ip);
char *cidr_format(const cidr *c, char *buf);

/* RFC 1918, loopback, link-local, CGNAT, ULA: not routable on the Internet. */
bool ip_is_private(const ipaddr *ip);

#endif
