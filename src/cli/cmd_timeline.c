/* cmd_timeline.c - `mitsuke timeline`: the chart's terminal x time matrix as
 * CSV or JSON, for people who draw their own charts (docs/output.md). */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "report/model.h"
#include "report/timeline.h"
#include "report/timeline_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DB = OPT_COMMAND_BASE, OPT_BUCKET };

static void help(void) {
    printf("%s", L("Usage: mitsuke timeline --db FILE [--output csv|json|jsonl] [--bucket auto|10min|hour|day]\n\n"
                   "Print the terminal x time matrix behind the report's chart: one record per terminal,\n"
                   "period and suspicious destination with requests, in the chart's row order.\n\n"
                   "  --db FILE                the store written by `mitsuke scan --db FILE`\n"
                   "  --output csv|json|jsonl  CSV with a header (default), one JSON document with\n"
                   "                           columns, terminals, destinations, gaps and cells, or\n"
                   "                           one JSON object per cell\n"
                   "  --bucket auto|10min|hour|day  period length (default auto: 10 minutes up to\n"
                   "                           2 days, hours up to 12 weeks, else days)\n\n",
                   "使い方: mitsuke timeline --db ファイル [--output csv|json|jsonl] [--bucket auto|10min|hour|day]\n\n"
                   "報告の通信状況図の元になる端末×時間の表を出力する: 端末・時間帯・不審な接続先ごとに\n"
                   "1レコード (通信があったもののみ)、図と同じ行の順。\n\n"
                   "  --db ファイル            `mitsuke scan --db` が作成したストア\n"
                   "  --output csv|json|jsonl  ヘッダ付き CSV (既定)、列・端末・接続先・欠損・セルを含む\n"
                   "                           JSON 文書、またはセルごとの JSON 1行\n"
                   "  --bucket auto|10min|hour|day  時間帯の長さ (既定 auto: 2日までは10分、\n"
                   "                           12週間までは1時間、それより長ければ1日)\n\n"));
    cli_print_common_help(false);
}

static int run_timeline(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"db", required_argument, NULL, OPT_DB},
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"bucket", required_argument, NULL, OPT_BUCKET},
                                             {NULL, 0, NULL, 0}};
    const char *db_path = NULL;
    bool tz_given = false;
    bucket_kind bucket = BUCKET_AUTO;
    timeline_format fmt = TL_OUT_CSV;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvho:", longopts, NULL)) != -1) {
        int rc = cli_common_option(opt, optarg, NULL);
        if (rc < 0) return EXIT_USAGE;
        if (opt == OPT_TZ) tz_given = true;
        if (rc > 0) continue;
        switch (opt) {
        case 'h': help(); return EXIT_OK;
        case OPT_DB: db_path = optarg; break;
        case 'o':
        case OPT_OUTPUT:
            if (!strcmp(optarg, "csv")) fmt = TL_OUT_CSV;
            else if (!strcmp(optarg, "json")) fmt = TL_OUT_JSON;
            else if (!strcmp(optarg, "jsonl")) fmt = TL_OUT_JSONL;
            else return cli_usage_error("timeline", "--output %s: use csv, json or jsonl", optarg);
            break;
        case OPT_BUCKET:
            if (!bucket_parse(optarg, &bucket))
                return cli_usage_error("timeline", "--bucket %s: use auto, 10min, hour or day", optarg);
            break;
        default: return cli_usage_error("timeline", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (optind < argc)
        return cli_usage_error("timeline", "%s: %s", L("unexpected argument", "余分な引数"), argv[optind]);
    if (!db_path) return cli_usage_error("timeline", "%s", L("--db FILE is required", "--db ファイル を指定してください"));

    char err[512];
    sqlite3 *db = store_open_readonly(db_path, err, sizeof err);
    if (!db) {
        diag_error("%s", diag_safe(err));
        return EXIT_INPUT;
    }
    char zone[64];
    if (!tz_given && !getenv("MITSUKE_TZ") && store_meta(db, "display_tz", zone, sizeof zone) &&
        !display_zone_set(zone))
        diag_warn("the store's display_tz %s is unknown here; showing times in UTC", diag_safe(zone));
    report_model m;
    timeline t;
    int status = EXIT_OK;
    if (!report_model_load(db, &m, err, sizeof err)) {
        diag_error("%s: %s", diag_safe(db_path), err);
        status = EXIT_INPUT;
    } else {
        if (bucket == BUCKET_AUTO) bucket = timeline_auto_bucket(&m);
        if (bucket == BUCKET_10MIN && !report_model_load_cells10(db, &m, MTIME_NONE, MTIME_NONE, err, sizeof err)) {
            diag_error("%s: %s", diag_safe(db_path), err);
            status = EXIT_INPUT;
        } else if (!timeline_build(&m, bucket, &t, err, sizeof err)) {
            diag_error("%s", err);
            status = EXIT_USAGE;
        } else {
            if (t.span_cut)
                diag_warn("%s", L("the logs span too long a time; the matrix covers the suspicious activity only",
                                  "ログの期間が長すぎるため、不審な通信の期間のみを出力します"));
            uint64_t orphaned = bucket == BUCKET_10MIN ? m.cells10_orphaned : m.cells_orphaned;
            if (orphaned)
                diag_warn("%llu %s cells name a terminal or destination the store does not list; left out",
                          (unsigned long long)orphaned, bucket == BUCKET_10MIN ? "10-minute" : "hourly");
            if (t.bucket == BUCKET_10MIN) {
                size_t incomplete = 0;
                for (size_t i = 0; i < m.destinations.len; i++)
                    incomplete += RM_DEST(&m, i).suspicious && !RM_DEST(&m, i).cells10_complete;
                if (incomplete)
                    diag_warn("%zu suspicious destinations have incomplete 10-minute cells (the scan's memory "
                              "limits, docs/config.md); their hourly cells are complete",
                              incomplete);
            }
            if (timeline_write(stdout, &m, &t, fmt) < 0) status = EXIT_INPUT;
            timeline_free(&t);
        }
        report_model_free(&m);
    }
    sqlite3_close(db);
    return status;
}

const command command_timeline = {"timeline", run_timeline,
                                  "print the terminal x time matrix of a store (CSV, JSON)",
                                  "端末×時間の通信表を出力 (CSV, JSON)"};
