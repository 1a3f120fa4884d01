/* facts.h - numbers written the way facts in findings use them.
 *
 * Sizes in SI units ("1.2 MB"), intervals in the largest sensible unit
 * ("61 s", "5 min", "2 h 10 min", "3 d"), times in the display zone
 * ("2015-05-20 13:04 JST"), log text made safe to quote. Units are the same in English and Japanese text
 * so one formatted value serves both languages of a fact. Each function
 * writes into the caller's buffer (FACT_BUFSZ is always enough) and returns it. */
#ifndef MITSUKE_FACTS_H
#define MITSUKE_FACTS_H

#include "core/sv.h"

#include <stddef.h>
#include <stdint.h>

#define FACT_BUFSZ 48

char *fact_bytes(uint64_t n, char *buf);
char *fact_seconds(double s, char *buf);
char *fact_time(int64_t ms, char *buf);
/* Text from a log (a User-Agent, a URL path) for a fact: control bytes and
 * invalid UTF-8 become '?', at most `max` bytes of it (whole characters)
 * followed by "..." when cut. `size` must exceed max + 3. */
char *fact_quote(sv text, size_t max, char *dst, size_t size);

#endif
