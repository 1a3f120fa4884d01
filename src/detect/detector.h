/* detector.h - the detector interface: one table of functions per detector.
 *
 * The shape is the one Suricata and Fluent Bit use for their plugins. A
 * detector says which event kinds it wants; `open` makes its state; the scan
 * calls `on_event` for every record of those kinds (after observe.c has
 * interned the record's entities and updated the shared counters); `finish`
 * turns what it kept into findings; `close` frees it. `save` and `load` will
 * checkpoint the state for streaming (H4) together with the readers' offsets;
 * no detector implements them yet, and the scan does not call them.
 *
 * A detector never parses text (parsers made the event), never prints and
 * never writes files: it only emits findings, which the scoring step and the
 * sinks (table, JSON lines, SQLite, HTML) use. Detectors are listed in
 * registry.c; adding one is a file in src/detect/ and a line there. */
#ifndef MITSUKE_DETECTOR_H
#define MITSUKE_DETECTOR_H

#include "config/config.h"
#include "core/buf.h"
#include "detect/finding.h"
#include "detect/observe.h"

#include <stdbool.h>
#include <stdint.h>

#define DET_KIND(k) (1u << (k))

/* What a detector may read besides its own state. */
typedef struct detect_ctx {
    const config *cfg;
    const observe *obs;
    const struct source *const *sources;   /* by source id, for evidence references */
    size_t nsources;
    unsigned pair_word;                    /* during open: the detector's first word of obs_pair.words */
} detect_ctx;

typedef struct detector {
    const char *name;                      /* as shown in findings and accepted by --detectors */
    const char *summary_en, *summary_ja;
    uint32_t kinds;                        /* DET_KIND(EV_HTTP) | ... */
    unsigned pair_words;                   /* words of every pair record it needs (observe.h) */
    void *(*open)(const detect_ctx *ctx);
    void (*on_event)(void *state, const det_event *e);          /* NULL: looks only at the shared tables */
    /* Optional: a memory hint for a record that on_event will see soon
     * (scan.c batches records so their cache misses overlap). `p->term` and
     * `p->dest_id` are the ids found ahead, OBS_NONE when not known; it
     * may only prefetch, never change anything. */
    void (*ahead)(const void *state, const obs_prep *p);
    void (*finish)(void *state, const detect_ctx *ctx, finding_list *out);
    void (*close)(void *state);
    bool (*save)(void *state, buf *out);   /* NULL until streaming needs it */
    bool (*load)(void *state, sv data);
} detector;

size_t detector_count(void);
const detector *detector_at(size_t i);
const detector *detector_find(const char *name);

/* The source of an evidence reference (NULL if unknown). */
const struct source *detect_source(const detect_ctx *ctx, uint32_t id);
/* Adds the reference to a finding. */
void detect_ref(const detect_ctx *ctx, finding *f, const obs_ref *ref);
/* A new finding about one destination, from the pair `top` (the strongest of
 * the `nterminals` pairs it covers): the destination named, and the terminal
 * too when only one is involved. */
finding *detect_destination_finding(const detect_ctx *ctx, finding_list *out, const char *name, const char *title_en,
                                    const char *title_ja, uint32_t top, uint32_t nterminals);
/* An obs_ref for the record of a det_event. */
obs_ref detect_event_ref(const det_event *e);

#endif
