/* sections.h - the report's text sections, each a <section> with an id.
 *
 *   summary       what was analysed (log span, sources, gaps) and what was found
 *                 (suspicious destinations, infected and failure-only terminals)
 *   destinations  suspicious destinations by score, with their evidence
 *   terminals     every terminal that talked to one, then each terminal's
 *                 findings grouped along the kill chain with ATT&CK IDs
 *   killchain     findings per kill-chain stage over the whole incident
 *   coverage      the sources read and every coverage gap
 *   events        the --events list, when given
 *
 * All text from the store goes through html_escape; JSON columns (evidence,
 * facts, ATT&CK IDs) are parsed with jansson and shown item by item, or as
 * escaped raw text when they are not the JSON the contract promises. */
#ifndef MITSUKE_SECTIONS_H
#define MITSUKE_SECTIONS_H

#include "core/buf.h"
#include "report/events_file.h"
#include "report/model.h"

/* Terminals described finding by finding; later ones only in the table. */
#define SECTION_TERMINAL_DETAILS 500
/* Rows in the terminal table and the below-threshold destination list. */
#define SECTION_TABLE_ROWS 5000
#define SECTION_LIST_ITEMS 20   /* evidence strings, facts, citations shown per item */
#define SECTION_TEXT_BYTES 600  /* one evidence string or fact */

void section_summary(buf *b, const report_model *m);
void section_destinations(buf *b, const report_model *m);
void section_terminals(buf *b, const report_model *m);
void section_killchain(buf *b, const report_model *m);
void section_coverage(buf *b, const report_model *m);
void section_events(buf *b, const report_events *ev);

#endif
