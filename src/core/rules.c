/* rules.c - finding the rules folder; see rules.h. */
#include "core/rules.h"

#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>

static bool is_dir(const char *p) {
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *rules_dir(const char *override) {
    if (override) return override;
    const char *env = getenv("MITSUKE_RULES");
    if (env && *env) return env;
    if (is_dir(MITSUKE_DATADIR "/rules")) return MITSUKE_DATADIR "/rules";
    return MITSUKE_SOURCE_DIR "/rules";
}
