/* commands.c - the table of subcommands. Each command is defined in its own
 * file, cli/cmd_NAME.c, as `const command command_NAME`; list it here. */
#include "cli/cli.h"

#include <string.h>

extern const command command_events;
extern const command command_coverage;
extern const command command_scan;
extern const command command_winlog;
extern const command command_hunt;
extern const command command_report;
extern const command command_timeline;
extern const command command_mail;
extern const command command_simulate;
extern const command command_readiness;

static const command *const commands[] = {
    &command_events,
    &command_coverage,
    &command_scan,
    &command_winlog,
    &command_hunt,
    &command_report,
    &command_timeline,
    &command_mail,
    &command_simulate,
    &command_readiness,
};

size_t command_count(void) { return sizeof commands / sizeof commands[0]; }
const command *command_at(size_t i) { return i < command_count() ? commands[i] : NULL; }

const command *command_find(const char *name) {
    for (size_t i = 0; i < command_count(); i++)
        if (!strcmp(commands[i]->name, name)) return commands[i];
    return NULL;
}
