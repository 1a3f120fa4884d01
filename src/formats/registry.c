/* registry.c - the table of every log format mitsuke reads, and sniffing. */
#include "formats/format.h"

#include <string.h>

extern const format format_squid, format_combined, format_common, format_w3c, format_zeek, format_zeek_json,
    format_jsonl, format_iptables, format_fortigate, format_winjson, format_winxml, format_samba_audit,
    format_evtx;

/* Sniffing asks every format and takes the highest score; ties go to the
 * earlier entry. The scores are documented in docs/formats.md. */
static const format *const formats[] = {
    &format_squid,    &format_combined,  &format_common,  &format_w3c,
    &format_zeek,     &format_zeek_json, &format_jsonl,   &format_iptables,
    &format_fortigate, &format_winjson,  &format_winxml,  &format_samba_audit,
    &format_evtx,
};

size_t format_count(void) { return sizeof formats / sizeof formats[0]; }
const format *format_at(size_t i) { return i < format_count() ? formats[i] : NULL; }

const format *format_find(const char *name) {
    for (size_t i = 0; i < format_count(); i++)
        if (!strcmp(formats[i]->name, name)) return formats[i];
    return NULL;
}

const format *format_sniff(const sv *lines, size_t n, int *confidence) {
    const format *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < format_count(); i++) {
        int s = formats[i]->sniff(lines, n);
        if (s > best_score) best = formats[i], best_score = s;
    }
    if (confidence) *confidence = best_score;
    return best_score >= 50 ? best : NULL;
}
