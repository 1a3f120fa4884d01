/* windows.h - Windows event log writers.
 *
 * Terminals and the admin PC ship their Security and System logs with
 * Winlogbeat 7 (JSON lines, ECS-style: winlog.event_id, winlog.channel,
 * winlog.event_data, ...), one file per day for all of them. The domain
 * controller's logs are exported as Windows Event XML (the
 * http://schemas.microsoft.com/win/2004/08/events/event schema that
 * `wevtutil qe /f:xml` prints), one <Event> per line inside an <Events>
 * element, one file per day. Both carry the same fields: provider, event id,
 * task, keywords, record id, channel, computer and EventData pairs.
 *
 * With `simulate --windows-format evtx` every computer's logs are written
 * instead as its own binary Security.evtx and System.evtx (winevtx.c). */
#ifndef MITSUKE_SIM_WINDOWS_H
#define MITSUKE_SIM_WINDOWS_H

#include "sim/sim.h"

#define WINJSON_PATTERN "winlogbeat-%I.ndjson"
#define WINXML_PATTERN "DC01-%D.xml"

void winlogbeat_write(buf *b, const sim_win *w, const char *computer, uint64_t record_id);
void winxml_write(buf *b, const sim_win *w, const char *computer, uint64_t record_id);
void winxml_open(sim_sink *k, int64_t day_start);
void winxml_close(sim_sink *k, int64_t day_start);

typedef struct winevtx winevtx;
/* Files go to dir/HOST/Security.evtx and dir/HOST/System.evtx. */
winevtx *winevtx_new(const char *dir, uint32_t terminals);
void winevtx_write(winevtx *x, const sim_win *w, const char *host_name, const char *computer, uint64_t record_id);
/* Closes every file and frees x; adds the files, records and bytes to
 * `counts` (and the first error). False if anything failed. */
bool winevtx_close(winevtx *x, sim_sink *counts);

#endif
