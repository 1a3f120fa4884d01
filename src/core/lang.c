/* lang.c - picking the output language; see lang.h. */
#include "core/lang.h"

#include <stdlib.h>
#include <string.h>

static int current = -1;

bool lang_set(const char *name) {
    if (!name) return false;
    if (!strncmp(name, "ja", 2)) current = LANG_JA;
    else if (!strncmp(name, "en", 2) || !strcmp(name, "C") || !strcmp(name, "POSIX")) current = LANG_EN;
    else return false;
    return true;
}

lang_id lang_get(void) {
    if (current < 0) {
        const char *vars[] = {"MITSUKE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
        current = LANG_EN;
        for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
            const char *v = getenv(vars[i]);
            if (v && *v) {
                current = !strncmp(v, "ja", 2) ? LANG_JA : LANG_EN;
                break;
            }
        }
    }
    return (lang_id)current;
}
