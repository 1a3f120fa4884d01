/* cli.h - what every subcommand shares: exit codes, common options, the table.
 *
 * Exit codes (documented in docs/cli.md and the man page):
 *   0  ran, nothing to report (or a command that does not report findings)
 *   1  findings present (commands that report findings, e.g. scan at >= medium)
 *   2  usage error: bad option or argument
 *   3  input error: an input could not be read at all */
#ifndef MITSUKE_CLI_H
#define MITSUKE_CLI_H

#include "core/buf.h"
#include "io/ingest.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary_en, *summary_ja;
} command;

const command *command_find(const char *name);
size_t command_count(void);
const command *command_at(size_t i);

/* Options every command accepts. Long-option codes start at 1000. */
enum {
    OPT_LANG = 1000, OPT_TZ, OPT_FORMAT, OPT_FIELD_MAP, OPT_MAX_LINE, OPT_OUTPUT, OPT_NO_PROGRESS,
    OPT_COMMAND_BASE = 1100  /* commands number their own options from here */
};

#define CLI_COMMON_LONGOPTS                                                                                 \
    {"lang", required_argument, NULL, OPT_LANG}, {"tz", required_argument, NULL, OPT_TZ},                  \
        {"quiet", no_argument, NULL, 'q'}, {"verbose", no_argument, NULL, 'v'},                            \
        {"help", no_argument, NULL, 'h'}, {"no-progress", no_argument, NULL, OPT_NO_PROGRESS}

#define CLI_INPUT_LONGOPTS                                                                                  \
    {"format", required_argument, NULL, OPT_FORMAT}, {"field-map", required_argument, NULL, OPT_FIELD_MAP}, \
        {"max-line", required_argument, NULL, OPT_MAX_LINE}

/* Handles a common or input option; returns 1 if handled, 0 if not one of
 * them, -1 on a bad value (already reported). */
int cli_common_option(int opt, const char *arg, ingest_options *in);
/* Sets up language and display zone defaults (from config and environment). */
void cli_init(void);
/* A whole decimal number from min to max into *out: digits only (no sign, no
 * spaces), no overflow. False for anything else; the caller says why. */
bool cli_parse_uint(const char *arg, uint64_t min, uint64_t max, uint64_t *out);
/* The --output modes. A command offers some of them, as a mask of
 * CLI_OUT_BIT(mode); "json" is read as jsonl, and "text", "table" and "human"
 * all as the readable text the command calls `text_name`. */
typedef enum cli_output { CLI_OUT_TEXT, CLI_OUT_JSONL, CLI_OUT_CSV, CLI_OUT_NONE } cli_output;
#define CLI_OUT_BIT(m) (1u << (m))
/* Parses the argument of --output for `cmd`. False after a usage error that
 * lists what the command offers. */
bool cli_parse_output(const char *cmd, const char *arg, unsigned offered, const char *text_name, cli_output *out);
/* Parses the argument of --min-severity (info ... critical). False after a
 * usage error. */
bool cli_parse_severity(const char *cmd, const char *arg, int *out);
/* Prints "mitsuke CMD: MESSAGE" plus a hint to --help, returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Writes what `out` holds to stdout (emptying it) and flushes stdout. False
 * when stdout cannot take it (a full disk): the first time, says so. The
 * command then exits with EXIT_INPUT, unless it has findings to report: a
 * cut result must not look complete. */
bool cli_write_stdout(buf *out);
/* Says, once per run, that stdout could not be written (for commands that
 * write it without cli_write_stdout); errno is the cause. */
void cli_write_failed(void);
/* The help lines for the common and input options. */
void cli_print_common_help(bool inputs);

/* Collects input paths (argv[optind..]) into a source list; with no paths,
 * reads stdin when it is not a terminal. Returns false when there is nothing. */
bool cli_collect_sources(source_list *l, int argc, char **argv);

#endif
