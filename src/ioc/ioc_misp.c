/* ioc_misp.c - indicators from MISP JSON.
 *
 * Accepts the shapes MISP produces: an event export {"Event": {...}}, a list
 * of them, a REST search result {"response": [{"Event": ...}, ...]}, and an
 * attribute search {"response": {"Attribute": [...]}} or {"Attribute": [...]}.
 * Attributes are read from Event.Attribute and from Event.Object[].Attribute;
 * their MISP type goes through ioc_add_named (domain, hostname, ip-dst,
 * ip-src, ip-dst|port, ip-src|port, hostname|port, domain|ip, url, uri,
 * user-agent, ...; hashes, e-mail and the like are counted as unsupported).
 *
 * to_ids: MISP marks the attributes meant for detection with to_ids true;
 * the others are context (a sandbox's contacted Windows Update host, say) and
 * would be false positives, so they are left out and counted unless the
 * user asks for them (--misp-all). Deleted attributes are always left out.
 * The label is the event's info, with the attribute's comment after it. */
#include "ioc/ioc_load.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* to_ids is a boolean in current MISP, "1"/"0" or 1/0 in older exports. */
static bool flag_true(const json_t *v, bool missing) {
    if (!v) return missing;
    if (json_is_boolean(v)) return json_is_true(v);
    if (json_is_integer(v)) return json_integer_value(v) != 0;
    const char *s = json_string_value(v);
    if (s) return strcmp(s, "0") && strcasecmp(s, "false");
    return missing;
}

static void load_attribute(ioc_loader *l, const json_t *attr, const char *info, const char *path, size_t index) {
    if (!json_is_object(attr)) return;
    if (flag_true(json_object_get(attr, "deleted"), false)) {
        l->set->excluded++;
        return;
    }
    if (!flag_true(json_object_get(attr, "to_ids"), true) && !(l->opts && l->opts->misp_all)) {
        l->set->excluded++;
        return;
    }
    const char *uuid = json_string_value(json_object_get(attr, "uuid"));
    char where[512];
    if (uuid) snprintf(where, sizeof where, "%s: attribute %.64s", l->name, uuid);
    else snprintf(where, sizeof where, "%s: %s[%zu]", l->name, path, index);
    const json_t *tj = json_object_get(attr, "type"), *vj = json_object_get(attr, "value");
    const char *type = json_string_value(tj), *value = json_string_value(vj);
    if (!type || !value) {
        l->set->bad++;
        ioc_loader_problem(l, where, "attribute without a type or value; skipped", SV_NULL);
        return;
    }
    const char *comment = json_string_value(json_object_get(attr, "comment"));
    char label[IOC_MAX_LABEL + 8]; /* longer than what is kept: ioc_add cuts at a character boundary */
    if (info && *info && comment && *comment) snprintf(label, sizeof label, "%s: %s", info, comment);
    else snprintf(label, sizeof label, "%s", comment && *comment ? comment : info ? info : "");
    ioc_loader_add(l, sv_make(type, json_string_length(tj)), sv_make(value, json_string_length(vj)), where,
                   sv_cstr(label));
}

static void load_attributes(ioc_loader *l, const json_t *list, const char *info, const char *path) {
    size_t i;
    const json_t *a;
    if (!json_is_array(list)) return;
    json_array_foreach(list, i, a) load_attribute(l, a, info, path, i);
}

static void load_event(ioc_loader *l, const json_t *ev) {
    if (!json_is_object(ev)) return;
    const char *info = json_string_value(json_object_get(ev, "info"));
    load_attributes(l, json_object_get(ev, "Attribute"), info, "Event.Attribute");
    const json_t *objects = json_object_get(ev, "Object");
    size_t i;
    const json_t *o;
    if (!json_is_array(objects)) return;
    json_array_foreach(objects, i, o) {
        char path[64];
        snprintf(path, sizeof path, "Event.Object[%zu].Attribute", i);
        load_attributes(l, json_object_get(o, "Attribute"), info, path);
    }
}

/* {"Event": ...}, {"Attribute": [...]}, or a list of either. Returns true
 * when the item had one of these shapes. */
static bool load_item(ioc_loader *l, const json_t *item) {
    const json_t *ev = json_object_get(item, "Event"), *attrs = json_object_get(item, "Attribute");
    if (ev) load_event(l, ev);
    if (json_is_array(attrs)) load_attributes(l, attrs, NULL, "Attribute");
    return ev || json_is_array(attrs);
}

int ioc_load_misp(ioc_loader *l, const void *json_root) {
    const json_t *root = json_root;
    const json_t *resp = json_object_get(root, "response");
    if (resp) root = resp;
    bool any = false;
    if (json_is_array(root)) {
        size_t i;
        const json_t *item;
        json_array_foreach(root, i, item) any |= load_item(l, item);
    } else if (json_is_object(root)) {
        any = load_item(l, root);
    }
    if (!any) {
        snprintf(l->error, sizeof l->error, "not a MISP export: no Event or Attribute");
        return -1;
    }
    return 0;
}
