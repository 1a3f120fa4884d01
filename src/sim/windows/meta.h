/* meta.h - what the writers need to know about each event id and provider:
 * task number and name, keywords, level, and the one-line message. */
#ifndef MITSUKE_SIM_WINMETA_H
#define MITSUKE_SIM_WINMETA_H

#include "sim/record.h"

#include <stdint.h>

typedef struct win_meta {
    int task;
    const char *task_name;
    int level;              /* 0 (LogAlways, Security audits) or 4 (Information) */
    uint64_t keywords;      /* success form; failures use the Audit Failure bit */
    const char *message;
    const char *action;     /* Winlogbeat event.action */
} win_meta;

typedef struct win_provider {
    const char *name, *guid, *event_source;
    int qualifiers;         /* classic providers: the EventID Qualifiers attribute, 0 none */
} win_provider;

const win_meta *win_meta_for(int event_id);
const win_provider *win_provider_for(int provider);
const char *win_channel_name(int channel);

#endif
