/* facts.h - numbers written the way facts in findings use them.
 *
 * Sizes in SI units ("1.2 MB"), intervals in the largest sensible unit
 * ("61 s", "5 min", "2 h 10 min", "3 d"), times in the display zone
 * ("2015-05-20 13:04 JST"). Units are the same in English and Japanese text
 * so one formatted value serves both languages of a fact. Each function
 * writes into the caller's buffer (FACT_BUFSZ is always enough) and returns it. */
#ifndef MITSUKE_FACTS_H
#define MITSUKE_FACTS_H

#include <stdint.h>

#define FACT_BUFSZ 48

char *fact_bytes(uint64_t n, char *buf);
char *fact_seconds(double s, char *buf);
char *fact_time(int64_t ms, char *buf);

#endif
