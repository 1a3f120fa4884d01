/* cmd_coverage.c - `mitsuke coverage`: what the logs cover, and what is missing.
 *
 * Reads every source like `events` does, counting per source the records,
 * the lines that could not be parsed (with the first few line numbers and
 * offsets), the skipped and too-long lines, the first and last time, and the
 * gaps (analysis/gaps.h, docs/coverage.md); then the same for all sources
 * together. Prints a table, or with --output json one object per source and
 * a final object for all (docs/output.md). */
#include "analysis/coverage.h"
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "report/coverage_out.h"

#include <stdio.h>
#include <string.h>

enum { OPT_MIN_GAP = OPT_COMMAND_BASE };

typedef struct coverage_ctx {
    coverage cov;
    bool json;
    buf out;
    jw w;
    bool write_failed;
} coverage_ctx;

static int on_event(const event *ev, void *p) {
    coverage_add_event(&((coverage_ctx *)p)->cov, ev);
    return 0;
}

static void on_source(const ingest_stats *st, void *p) {
    coverage_ctx *c = p;
    coverage_end_source(&c->cov, st);
    if (!c->json) return;
    coverage_json_source(&c->w, coverage_at(&c->cov, coverage_count(&c->cov) - 1));
    buf_putc(&c->out, '\n');
    if (!cli_write_stdout(&c->out)) c->write_failed = true;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke coverage [OPTIONS] PATH...\n\n"
                   "For each log source: its format, records, lines that could not be parsed\n"
                   "(with the first line numbers and offsets), first and last time, and gaps:\n"
                   "spans with no records while the hours around them were busy (see\n"
                   "docs/coverage.md). Then the same for all sources together, so files that\n"
                   "overlap or come out of order are handled.\n\n"
                   "  --output text|json   text table (default) or one JSON object per source\n"
                   "                       and a last one for all sources (docs/output.md)\n"
                   "  --min-gap MINUTES    shortest silence that can be a gap (default 30)\n\n",
                   "使い方: mitsuke coverage [オプション] パス...\n\n"
                   "ログのソースごとに、形式、レコード数、解析できなかった行 (最初の行番号と\n"
                   "オフセット)、最初と最後の時刻、欠損 (前後の時間帯は記録が多いのにレコードが\n"
                   "ない期間、docs/coverage.md 参照) を表示する。続いて全ソースをまとめた結果を\n"
                   "表示するので、期間が重なるファイルや順不同のファイルも扱える。\n\n"
                   "  --output text|json   表 (既定) か、ソースごとに1行の JSON と最後に全体の\n"
                   "                       JSON (docs/output.md)\n"
                   "  --min-gap 分         欠損とみなす最短の無記録期間 (既定 30)\n\n"));
    cli_print_common_help(true);
}

static int run_coverage(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"min-gap", required_argument, NULL, OPT_MIN_GAP},
                                             {NULL, 0, NULL, 0}};
    ingest_options in = {.show_progress = true};
    coverage_ctx c = {.json = false};
    gap_params gp;
    gap_params_default(&gp, 60000);
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
        {
            cli_output mode;
            if (!cli_parse_output("coverage", optarg, CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL), "text", &mode))
                return EXIT_USAGE;
            c.json = mode == CLI_OUT_JSONL;
            break;
        }
        case OPT_MIN_GAP: {
            uint64_t v;
            if (!cli_parse_uint(optarg, 1, 525600, &v))
                return cli_usage_error("coverage", "--min-gap %s: %s", optarg,
                                       L("give minutes, 1 to 525600", "1〜525600 の分数を指定"));
            gp.min_gap_ms = (int64_t)v * 60000;
            break;
        }
        default: return cli_usage_error("coverage", "%s", L("bad option", "不正なオプション"));
        }
    }
    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv))
        return cli_usage_error("coverage", "%s", L("no input given", "入力が指定されていません"));
    coverage_init(&c.cov, &gp);
    jw_init(&c.w, &c.out);
    ingest_result res;
    ingest_run(&sources, &in, on_event, on_source, &c, &res);
    coverage_finish(&c.cov);
    if (c.json) {
        coverage_json_all(&c.w, &c.cov, sources.errors);
        buf_putc(&c.out, '\n');
        if (!cli_write_stdout(&c.out)) c.write_failed = true;
    } else {
        coverage_print_text(stdout, &c.cov, sources.errors);
        if (ferror(stdout) || fflush(stdout) != 0) {
            cli_write_failed();
            c.write_failed = true;
        }
    }
    int rc = (sources.errors || res.sources_failed || c.write_failed) ? EXIT_INPUT : EXIT_OK;
    buf_free(&c.out);
    coverage_free(&c.cov);
    sources_free(&sources);
    return rc;
}

const command command_coverage = {"coverage", run_coverage, "time span each log covers, unparsed records and gaps",
                                  "各ログがカバーする期間、解析できなかったレコード、欠損"};
