/* yara_scan.h - YARA rules over every file a mail carries.
 *
 * Rules are compiled once from every *.yar / *.yara file in the given
 * directories (rules/yara/ as shipped, plus --yara DIR). A rule may carry meta
 * fields `description` (English), `description_ja` and `weight` (the reason's
 * weight, default 50). Scans run in memory with a per-file time limit. */
#ifndef MITSUKE_MAIL_YARA_SCAN_H
#define MITSUKE_MAIL_YARA_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YARA_DEFAULT_WEIGHT 50
#define YARA_SCAN_TIMEOUT_S 10

typedef struct yara_set yara_set;

typedef struct yara_match {
    const char *rule;
    const char *description, *description_ja;  /* "" when the rule has none */
    int weight;
} yara_match;

/* Compiles the rules of `dirs` (missing directories are an error). Returns NULL
 * with the first compile error in `err`. A set with no rule files is valid and
 * matches nothing. */
yara_set *yara_set_load(const char *const *dirs, size_t ndirs, char *err, size_t errlen);
size_t yara_set_rule_count(const yara_set *s);
/* Calls fn for every matching rule; returns false if the scan failed (timeout,
 * too many matches), after reporting the matches it found. */
bool yara_set_scan(yara_set *s, const uint8_t *p, size_t n, void (*fn)(const yara_match *m, void *ctx), void *ctx);
void yara_set_free(yara_set *s);

#endif
