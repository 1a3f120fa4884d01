/* ioc_stix.c - indicators from a STIX 2.1 bundle (2.0 bundles read the same).
 *
 * Every object of type "indicator" whose pattern_type is "stix" (or absent,
 * as in STIX 2.0) is read; other objects (malware, relationships, ...) are
 * passed over, revoked indicators are left out and counted. Each usable
 * comparison of the pattern (stix_pattern.h) becomes one indicator:
 *   domain-name:value                       = / IN      domain
 *   ipv4-addr:value, ipv6-addr:value        = / IN / ISSUBSET   address or CIDR
 *   url:value                               = / IN      URL
 *   network-traffic:dst_ref.value           = / IN      address or domain;
 *       AND network-traffic:dst_port = N makes it port-specific, and
 *       AND network-traffic:dst_ref.type = '...' is allowed
 *   network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'   User-Agent
 *   network-traffic:extensions.'http-request-ext'.request_value                 URL path (or URL)
 * Any other comparison, operator or combination is reported with the reason
 * and skipped; the indicator's other OR'd comparisons still load. The
 * indicator's name becomes the label; its id is the origin. */
#include "ioc/ioc_load.h"
#include "core/utf8.h"
#include "ioc/stix_pattern.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char HTTP_EXT[] = "network-traffic:extensions.http-request-ext.";

/* The vocabulary type for a comparison's object path, or NULL. */
static const char *type_for_path(const char *path) {
    if (!strcmp(path, "domain-name:value")) return "domain";
    if (!strcmp(path, "ipv4-addr:value") || !strcmp(path, "ipv6-addr:value")) return "ip";
    if (!strcmp(path, "url:value")) return "url";
    if (!strcmp(path, "network-traffic:dst_ref.value")) return "auto-host";
    if (!strncmp(path, HTTP_EXT, sizeof HTTP_EXT - 1)) {
        const char *rest = path + sizeof HTTP_EXT - 1;
        if (!strcasecmp(rest, "request_header.User-Agent")) return "user-agent";
        if (!strcmp(rest, "request_value")) return "uri";
    }
    return NULL;
}

/* Counts an unsupported comparison under its object type and reports it. */
static void unsupported(ioc_loader *l, const char *where, const char *path, const char *why) {
    char name[64];
    snprintf(name, sizeof name, "stix %.*s", (int)utf8_truncate(path, strcspn(path, ":"), 40), path);
    ioc_count_unsupported(l->set, name);
    char msg[300];
    snprintf(msg, sizeof msg, "%s: %s; skipped", path, why);
    ioc_loader_problem(l, where, msg, SV_NULL);
}

static void add_value(ioc_loader *l, const char *type, const char *value, uint64_t port, const char *where, sv label) {
    char joined[320];
    if (!strcmp(type, "auto-host")) {
        ioc_type t = ioc_guess_type(sv_cstr(value), NULL);
        type = t == IOC_IP || t == IOC_CIDR ? "ip" : "domain";
    }
    if (port && strlen(value) < 300 && (!strcmp(type, "ip") || !strcmp(type, "domain"))) {
        snprintf(joined, sizeof joined, "%s|%u", value, (unsigned)port);
        type = "hostname|port";
        value = joined;
    }
    ioc_loader_add(l, sv_cstr(type), sv_cstr(value), where, label);
}

static bool port_test(const stix_cmp *c, uint64_t *port) {
    if (strcmp(c->path, "network-traffic:dst_port") || c->op != STIX_OP_EQ || c->n_values != 1) return false;
    return sv_to_u64(sv_cstr(c->values[0]), port) && *port > 0 && *port <= 65535;
}

/* One AND-group of comparisons: its value(s), or a report of why not. */
static void load_conj(ioc_loader *l, const stix_conj *cj, const char *where, sv label) {
    const stix_cmp *main = NULL;
    uint64_t port = 0;
    if (cj->n > 1) { /* only dst_ref.value [AND dst_ref.type] [AND dst_port = N] */
        for (size_t i = 0; i < cj->n; i++) {
            const stix_cmp *c = &cj->cmp[i];
            uint64_t p;
            if (!strcmp(c->path, "network-traffic:dst_ref.type")) continue;
            if (port_test(c, &p) && !port) port = p;
            else if (!strcmp(c->path, "network-traffic:dst_ref.value") && !main) main = c;
            else {
                unsupported(l, where, c->path, "AND of comparisons is only supported for network-traffic dst_ref.value and dst_port");
                return;
            }
        }
        if (!main) {
            unsupported(l, where, cj->cmp[0].path, "no address or domain in this AND group");
            return;
        }
    } else {
        main = &cj->cmp[0];
    }
    const char *type = type_for_path(main->path);
    if (!type) {
        unsupported(l, where, main->path, "not something a proxy log shows");
        return;
    }
    bool op_ok = main->op == STIX_OP_EQ || main->op == STIX_OP_IN || (main->op == STIX_OP_ISSUBSET && !strcmp(type, "ip"));
    if (!op_ok || main->numeric) {
        char why[160];
        snprintf(why, sizeof why, "operator %s%s is not supported (only =, IN, and ISSUBSET for addresses)",
                 main->op_text ? main->op_text : "?", main->numeric ? " with a non-string value" : "");
        unsupported(l, where, main->path, why);
        return;
    }
    for (size_t v = 0; v < main->n_values; v++) add_value(l, type, main->values[v], port, where, label);
}

static void load_indicator(ioc_loader *l, const json_t *obj, size_t index) {
    const char *id = json_string_value(json_object_get(obj, "id"));
    char where[512];
    if (id) snprintf(where, sizeof where, "%s: %.200s", l->name, id);
    else snprintf(where, sizeof where, "%s: objects[%zu]", l->name, index);
    if (json_is_true(json_object_get(obj, "revoked"))) {
        l->set->excluded++;
        return;
    }
    const char *ptype = json_string_value(json_object_get(obj, "pattern_type"));
    if (ptype && strcmp(ptype, "stix")) {
        char msg[120], name[64];
        int shown = (int)utf8_truncate(ptype, strlen(ptype), 40);
        snprintf(name, sizeof name, "%.*s pattern", shown, ptype);
        ioc_count_unsupported(l->set, name);
        snprintf(msg, sizeof msg, "pattern_type \"%.*s\" is not supported (only stix); skipped", shown, ptype);
        ioc_loader_problem(l, where, msg, SV_NULL);
        return;
    }
    const json_t *pj = json_object_get(obj, "pattern");
    const char *pattern = json_string_value(pj);
    if (!pattern) {
        l->set->bad++;
        ioc_loader_problem(l, where, "indicator without a pattern; skipped", SV_NULL);
        return;
    }
    const char *name = json_string_value(json_object_get(obj, "name"));
    sv label = name ? sv_cstr(name) : SV_NULL;
    arena a;
    arena_init(&a, 4096);
    stix_pattern sp;
    const char *err;
    if (!stix_pattern_parse(pattern, json_string_length(pj), &a, &sp, &err)) {
        l->set->bad++;
        char msg[200];
        snprintf(msg, sizeof msg, "cannot parse the STIX pattern: %s; skipped", err);
        ioc_loader_problem(l, where, msg, sv_make(pattern, json_string_length(pj)));
    } else if (sp.unsupported) {
        unsupported(l, where, "pattern", sp.unsupported);
    } else {
        for (size_t i = 0; i < sp.n; i++) load_conj(l, &sp.any[i], where, label);
    }
    arena_free(&a);
}

int ioc_load_stix(ioc_loader *l, const void *json_root) {
    const json_t *root = json_root, *objects = root;
    if (json_is_object(root)) {
        const char *type = json_string_value(json_object_get(root, "type"));
        if (type && !strcmp(type, "indicator")) {
            load_indicator(l, root, 0);
            return 0;
        }
        objects = json_object_get(root, "objects");
    }
    if (!json_is_array(objects)) {
        snprintf(l->error, sizeof l->error, "not a STIX bundle: no \"objects\" list");
        return -1;
    }
    size_t i;
    const json_t *obj;
    json_array_foreach(objects, i, obj) {
        const char *type = json_string_value(json_object_get(obj, "type"));
        if (type && !strcmp(type, "indicator")) load_indicator(l, obj, i);
    }
    return 0;
}
