/* registry.c - the table of every log format mitsuke reads, and sniffing. */
#include "formats/format.h"

#include <string.h>

extern const format format_squid;
extern const format format_iptables;
extern const format format_fortigate;
extern const format format_winjson;
extern const format format_winxml;
extern const format format_samba_audit;

static const format *const formats[] = {
    &format_squid,
    &format_iptables,
    &format_fortigate,
    &format_winjson,
    &format_winxml,
    &format_samba_audit,
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
