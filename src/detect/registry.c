/* registry.c - the list of detectors the scan runs, in the order their
 * findings are listed. See detector.h. */
#include "detect/detector.h"
#include "core/util.h"
#include "io/sources.h"

#include <string.h>

extern const detector detector_beacon;
extern const detector detector_useragent;
extern const detector detector_destination;
extern const detector detector_failures;
extern const detector detector_offhours;
extern const detector detector_exfil;
extern const detector detector_session;

/* destination comes last: it adds its weaker traits (new, rare, odd name)
 * only to destinations the others reported. */
static const detector *const detectors[] = {
    &detector_beacon, &detector_useragent, &detector_session, &detector_failures,
    &detector_offhours, &detector_exfil, &detector_destination,
};

size_t detector_count(void) { return ARRAY_LEN(detectors); }
const detector *detector_at(size_t i) { return i < ARRAY_LEN(detectors) ? detectors[i] : NULL; }

const detector *detector_find(const char *name) {
    for (size_t i = 0; i < ARRAY_LEN(detectors); i++)
        if (!strcmp(detectors[i]->name, name)) return detectors[i];
    return NULL;
}

const struct source *detect_source(const detect_ctx *ctx, uint32_t id) {
    return id < ctx->nsources ? ctx->sources[id] : NULL;
}

void detect_ref(const detect_ctx *ctx, finding *f, const obs_ref *ref) {
    const struct source *src = detect_source(ctx, ref->src);
    if (src) finding_ref(f, src, ref->line, ref->offset);
}

finding *detect_destination_finding(const detect_ctx *ctx, finding_list *out, const char *name, const char *title_en,
                                    const char *title_ja, uint32_t top, uint32_t nterminals) {
    const observe *o = ctx->obs;
    const obs_pair *p = &o->pairs[top];
    finding *f = finding_new(out, name, title_en, title_ja);
    sv dn = obs_dest_name(o, p->dest);
    f->destination = finding_strdup(out, dn.p, dn.n);
    f->dest_id = p->dest;
    f->terminals = nterminals;
    if (nterminals == 1) {
        sv tn = obs_term_name(o, p->term);
        f->terminal = finding_strdup(out, tn.p, tn.n);
    }
    return f;
}

obs_ref detect_event_ref(const det_event *e) {
    const event *ev = e->ev;
    return (obs_ref){ev->src ? ev->src->id : 0, ev->line > UINT32_MAX ? UINT32_MAX : (uint32_t)ev->line, ev->offset};
}
