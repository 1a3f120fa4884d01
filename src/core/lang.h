/* lang.h - Japanese and English output.
 *
 * Messages are written at the call site as a pair, L("English", "日本語"), so a
 * reader sees both and no message table drifts out of date. The language comes
 * from --lang, else MITSUKE_LANG, else LC_ALL / LC_MESSAGES / LANG ("ja*"). */
#ifndef MITSUKE_LANG_H
#define MITSUKE_LANG_H

#include <stdbool.h>

typedef enum { LANG_EN = 0, LANG_JA = 1 } lang_id;

bool lang_set(const char *name);      /* "ja", "en"; false if unknown */
lang_id lang_get(void);
/* format_arg: when L() is a printf format, the compiler checks both strings. */
__attribute__((format_arg(1), format_arg(2))) static inline const char *L(const char *en, const char *ja) {
    return lang_get() == LANG_JA ? ja : en;
}

#endif
