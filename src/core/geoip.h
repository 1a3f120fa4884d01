/* geoip.h - which country an IP address is registered in (libloc).
 *
 * Uses the IPFire location database that Debian's libloc-database installs
 * (/usr/share/libloc-location/location.db, also linked from
 * /var/lib/location/database.db); $MITSUKE_LOCATION_DB or an explicit path
 * overrides it. The database is memory-mapped by libloc, so opening is cheap
 * and a lookup is a tree walk. Private, loopback and link-local addresses have
 * no country. */
#ifndef MITSUKE_GEOIP_H
#define MITSUKE_GEOIP_H

#include "core/ipaddr.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct geoip geoip;

/* `path` NULL: $MITSUKE_LOCATION_DB, then the Debian locations. Returns NULL
 * with a message in err when no database can be opened. */
geoip *geoip_open(const char *path, char *err, size_t errlen);
/* Fills cc with the two-letter country code ("JP") and returns true, or
 * returns false (cc = "") when the address has none. */
bool geoip_country(geoip *g, const ipaddr *ip, char cc[3]);
void geoip_close(geoip *g);

#endif
