/* background.h - the organisation's ordinary activity, which every scenario
 * runs under its attack: people browsing on office hours, the periodic
 * services that look like beacons, logons and logoffs, file-share work, a
 * helpdesk that uses PsExec, and ordinary business mail. */
#ifndef MITSUKE_SIM_BACKGROUND_H
#define MITSUKE_SIM_BACKGROUND_H

#include "sim/sim.h"

/* Creates the background actors of every terminal and the global ones. */
void background_start(sim *s);

/* URL-filter category of a host (for the ELFF writer). */
const char *category_for(const char *host);

#endif
