/* scenario.c - the table of scenarios. */
#include "sim/scenario.h"

#include <string.h>

static const scenario *const scenarios[] = {
    &scenario_pension_2015,
    &scenario_mass_spoof_mail,
    &scenario_web_tamper,
};

size_t scenario_count(void) { return sizeof scenarios / sizeof scenarios[0]; }
const scenario *scenario_at(size_t i) { return i < scenario_count() ? scenarios[i] : NULL; }

const scenario *scenario_find(const char *name) {
    for (size_t i = 0; i < scenario_count(); i++)
        if (!strcmp(scenarios[i]->name, name)) return scenarios[i];
    return NULL;
}
