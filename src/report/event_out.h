/* event_out.h - normalized events as JSON objects and CSV rows.
 *
 * The field names are the stable interface documented in docs/output.md
 * ("events"); `mitsuke events` and the IOC sweep's evidence use them. */
#ifndef MITSUKE_EVENT_OUT_H
#define MITSUKE_EVENT_OUT_H

#include "core/json.h"
#include "event.h"

void event_write_json(jw *w, const event *ev);   /* one JSON object */
void event_csv_header(buf *b);
void event_write_csv(buf *b, const event *ev);   /* one CSV row with newline */

#endif
