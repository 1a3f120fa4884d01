/* geoip.c - country lookups through libloc; see geoip.h. */
#include "core/geoip.h"
#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <libloc/database.h>
#include <libloc/libloc.h>
#include <libloc/network.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct geoip {
    struct loc_ctx *ctx;
    struct loc_database *db;
};

static const char *const default_paths[] = {
    "/var/lib/location/database.db",
    "/usr/share/libloc-location/location.db",
};

/* libloc logs through syslog-style priorities; mitsuke wants it quiet. */
static void quiet_log(struct loc_ctx *ctx, int priority, const char *file, int line, const char *fn,
                      const char *format, va_list args) {
    (void)ctx, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

geoip *geoip_open(const char *path, char *err, size_t errlen) {
    const char *candidates[4];
    size_t n = 0;
    if (path) candidates[n++] = path;
    else {
        const char *env = getenv("MITSUKE_LOCATION_DB");
        if (env && *env) candidates[n++] = env;
        for (size_t i = 0; i < ARRAY_LEN(default_paths); i++) candidates[n++] = default_paths[i];
    }
    geoip *g = xcalloc(1, sizeof *g);
    if (loc_new(&g->ctx) != 0) {
        snprintf(err, errlen, "cannot initialise libloc");
        free(g);
        return NULL;
    }
    loc_set_log_fn(g->ctx, quiet_log);
    int saved = ENOENT;
    for (size_t i = 0; i < n; i++) {
        FILE *f = fopen(candidates[i], "r");
        if (!f) {
            saved = errno;
            continue;
        }
        int rc = loc_database_new(g->ctx, &g->db, f);
        fclose(f);
        if (rc == 0) return g;
        saved = EINVAL;
    }
    snprintf(err, errlen, "no IP location database (%s%s): %s", path ? path : "install libloc-database or set ",
             path ? "" : "MITSUKE_LOCATION_DB", strerror(saved));
    loc_unref(g->ctx);
    free(g);
    return NULL;
}

bool geoip_country(geoip *g, const ipaddr *ip, char cc[3]) {
    cc[0] = 0;
    if (!g || !ip->family || ip_is_private(ip)) return false;
    struct in6_addr a;
    memcpy(a.s6_addr, ip->b, 16);
    struct loc_network *net = NULL;
    if (loc_database_lookup(g->db, &a, &net) != 0 || !net) return false;
    const char *code = loc_network_get_country_code(net);
    bool ok = code && code[0] && code[1] && !code[2];
    if (ok) {
        cc[0] = code[0];
        cc[1] = code[1];
        cc[2] = 0;
    }
    loc_network_unref(net);
    return ok;
}

void geoip_close(geoip *g) {
    if (!g) return;
    if (g->db) loc_database_unref(g->db);
    loc_unref(g->ctx);
    free(g);
}
