/* cmd_events.c - `mitsuke events`: the normalized events, one per line.
 *
 * For scripts and for debugging a parser: what mitsuke understood of each
 * record. `--output none` parses and discards (the parse-speed benchmark). */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "report/event_out.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>


typedef struct events_ctx {
    cli_output mode;
    buf out;
    jw w;
    bool write_failed;
} events_ctx;

static int on_event(const event *ev, void *p) {
    events_ctx *c = p;
    if (c->mode == CLI_OUT_NONE) return 0;
    if (c->mode == CLI_OUT_JSONL) {
        event_write_json(&c->w, ev);
        buf_putc(&c->out, '\n');
    } else {
        event_write_csv(&c->out, ev);
    }
    if (c->out.len > (1 << 20) && !cli_write_stdout(&c->out)) {
        c->write_failed = true;
        return 1; /* stdout cannot take more (a full disk): stop */
    }
    return 0;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke events [OPTIONS] PATH...\n\n"
                   "Print every record of the logs as a normalized event, one per line.\n\n"
                   "  --output jsonl|csv|none   output form (default jsonl; none only parses)\n\n",
                   "使い方: mitsuke events [オプション] パス...\n\n"
                   "ログの各レコードを正規化したイベントとして1行ずつ出力する。\n\n"
                   "  --output jsonl|csv|none   出力形式 (既定 jsonl、none は解析のみ)\n\n"));
    cli_print_common_help(true);
}

static int run_events(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_INPUT_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {NULL, 0, NULL, 0}};
    ingest_options in = {.show_progress = true};
    events_ctx c = {.mode = CLI_OUT_JSONL};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvho:", longopts, NULL)) != -1) {
        int rc = cli_common_option(opt, optarg, &in);
        if (rc < 0) return EXIT_USAGE;
        if (rc > 0) continue;
        switch (opt) {
        case 'h': help(); return EXIT_OK;
        case 'o':
        case OPT_OUTPUT:
            if (!cli_parse_output("events", optarg,
                                  CLI_OUT_BIT(CLI_OUT_JSONL) | CLI_OUT_BIT(CLI_OUT_CSV) | CLI_OUT_BIT(CLI_OUT_NONE), NULL,
                                  &c.mode))
                return EXIT_USAGE;
            break;
        default: return cli_usage_error("events", "%s", L("bad option", "不正なオプション"));
        }
    }
    /* records streaming to the terminal are progress enough */
    if (c.mode != CLI_OUT_NONE && isatty(STDOUT_FILENO)) in.show_progress = false;
    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv))
        return cli_usage_error("events", "%s", L("no input given", "入力が指定されていません"));
    jw_init(&c.w, &c.out);
    if (c.mode == CLI_OUT_CSV) event_csv_header(&c.out);
    ingest_result res;
    ingest_run(&sources, &in, on_event, NULL, &c, &res);
    if (!c.write_failed && !cli_write_stdout(&c.out)) c.write_failed = true;
    buf_free(&c.out);
    int rc = (sources.errors || res.sources_failed || c.write_failed) ? EXIT_INPUT : EXIT_OK;
    sources_free(&sources);
    return rc;
}

const command command_events = {"events", run_events, "print the normalized events of logs (JSON lines, CSV)",
                                "ログを正規化したイベントとして出力 (JSON lines, CSV)"};
