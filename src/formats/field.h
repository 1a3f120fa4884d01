/* field.h - the numeric fields most log formats read the same way.
 *
 *   field_count   a byte count or a duration: a whole number >= 0, else -1
 *                 ("unknown", as event.h writes it). A negative count is
 *                 never real, and a huge one must not overflow when a
 *                 caller scales it, so the caller bounds it before that.
 *   field_port    a TCP/UDP port, 0-65535, else 0 ("none"). */
#ifndef MITSUKE_FIELD_H
#define MITSUKE_FIELD_H

#include "core/sv.h"

#include <stdint.h>

static inline int64_t field_count(sv s) {
    int64_t v;
    return sv_to_i64(s, &v) && v >= 0 ? v : -1;
}

static inline int32_t field_port(sv s) {
    uint64_t n;
    return sv_to_u64(s, &n) && n <= 65535 ? (int32_t)n : 0;
}

#endif
