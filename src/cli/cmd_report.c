/* cmd_report.c - `mitsuke report`: the HTML investigation report from a store.
 *
 * Opens the store written by `mitsuke scan --db` read-only, reads the --events
 * file if given, and writes the page (report/report.h) to a temporary file
 * beside the output, renamed into place when complete, so an interrupted run
 * never leaves half a report under the final name. Times are shown in --tz,
 * else $MITSUKE_TZ, else the zone the scan recorded in the store. */
#include "cli/cli.h"
#include "cli/events_arg.h"
#include "core/diag.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "report/model.h"
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_DB = OPT_COMMAND_BASE, OPT_EVENTS, OPT_BUCKET, OPT_DAY, OPT_JSON };

static void help(void) {
    printf("%s", L("Usage: mitsuke report --db FILE -o report.html [OPTIONS]\n\n"
                   "Write the investigation report of a store as one self-contained HTML file: summary,\n"
                   "the terminal x time chart, destinations, terminals with their findings along the\n"
                   "kill chain, log coverage. The file loads nothing from the network and prints.\n\n"
                   "  --db FILE            the store written by `mitsuke scan --db FILE`\n"
                   "  -o, --output FILE    the HTML file to write (- for standard output)\n"
                   "  --events FILE        known events to mark on the chart: CSV time,label[,kind]\n"
                   "                       or JSON [{\"time\":...,\"label\":...,\"kind\":...}]\n"
                   "                       (kind mail, action or detection sets the marker colour)\n"
                   "  --bucket auto|10min|hour|day  chart columns when the page opens (default auto:\n"
                   "                       10 minutes up to 2 days, hours up to 12 weeks, else days;\n"
                   "                       the page can switch)\n"
                   "  --day YYYY-MM-DD     the day the 10-minute view centres on when it cannot hold\n"
                   "                       the whole span (default: the day most terminals were first seen)\n"
                   "  --json               print a one-line JSON summary of what was written\n\n",
                   "使い方: mitsuke report --db ファイル -o report.html [オプション]\n\n"
                   "ストアの内容を1つの自己完結した HTML ファイルの調査報告として出力する: 概要、\n"
                   "端末×時間の通信状況図、接続先、端末ごとの検知 (キルチェーン順)、ログの範囲と欠損。\n"
                   "ネットワークから何も読み込まず、印刷もできる。\n\n"
                   "  --db ファイル        `mitsuke scan --db` が作成したストア\n"
                   "  -o, --output ファイル 出力する HTML ファイル (- で標準出力)\n"
                   "  --events ファイル    図に印を付ける既知の出来事: CSV 時刻,ラベル[,種別]\n"
                   "                       または JSON [{\"time\":...,\"label\":...,\"kind\":...}]\n"
                   "                       (種別 mail, action, detection で印の色が変わる)\n"
                   "  --bucket auto|10min|hour|day  開いたときの図の列の単位 (既定 auto: 2日までは10分、\n"
                   "                       12週間までは1時間、それより長ければ1日。ページ上で切り替え可能)\n"
                   "  --day YYYY-MM-DD     10分単位の図が全期間を収められないときに中心とする日\n"
                   "                       (既定: 最も多くの端末が初めて不審な通信をした日)\n"
                   "  --json               出力内容の要約を JSON 1行で表示\n\n"));
    cli_print_common_help(false);
}

/* "YYYY-MM-DD" as a day number (days since 1970-01-01 of the display zone's calendar). */
static bool parse_day(const char *s, int64_t *day) {
    int y, m, d, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || s[used] || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *day = days_from_civil(y, (unsigned)m, (unsigned)d);
    int64_t yy;
    unsigned mm, dd;
    civil_from_days(*day, &yy, &mm, &dd);
    return yy == y && mm == (unsigned)m && dd == (unsigned)d; /* not 02-30 */
}

/* --tz, then $MITSUKE_TZ, then the zone the scan recorded. */
static void zone_from_store(sqlite3 *db, bool tz_given) {
    if (tz_given || getenv("MITSUKE_TZ")) return;
    char zone[64];
    if (store_meta(db, "display_tz", zone, sizeof zone) && !display_zone_set(zone))
        diag_warn("the store's display_tz %s is unknown here; showing times in UTC", diag_safe(zone));
}

static void print_json_summary(const char *path, const report_stats *st) {
    struct stat sb;
    buf b = {0};
    jw w;
    jw_init(&w, &b);
    jw_obj_begin(&w);
    jw_key(&w, "output");
    jw_cstr(&w, path);
    jw_key(&w, "bytes");
    if (stat(path, &sb) == 0) jw_int(&w, (int64_t)sb.st_size);
    else jw_null(&w);
    jw_key(&w, "terminals");
    jw_int(&w, (int64_t)st->terminals);
    jw_key(&w, "failed_only_terminals");
    jw_int(&w, (int64_t)st->failed_only);
    jw_key(&w, "rows_drawn");
    jw_int(&w, (int64_t)st->rows_drawn);
    jw_key(&w, "suspicious_destinations");
    jw_int(&w, (int64_t)st->suspicious_destinations);
    jw_key(&w, "findings");
    jw_int(&w, (int64_t)st->findings);
    jw_key(&w, "gaps");
    jw_int(&w, (int64_t)st->gaps);
    jw_key(&w, "view");
    jw_cstr(&w, st->initial_view);
    jw_key(&w, "hour_view");
    jw_bool(&w, st->hour_view);
    jw_key(&w, "ten_minute_view");
    if (st->tenmin_view) {
        jw_obj_begin(&w);
        jw_key(&w, "start");
        jw_time(&w, st->tenmin_from_ms);
        jw_key(&w, "end");
        jw_time(&w, st->tenmin_to_ms);
        jw_obj_end(&w);
    } else {
        jw_null(&w);
    }
    jw_obj_end(&w);
    buf_putc(&b, '\n');
    buf_flush(&b, stdout);
    buf_free(&b);
}

static int run_report(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"db", required_argument, NULL, OPT_DB},
                                             {"output", required_argument, NULL, 'o'},
                                             {"events", required_argument, NULL, OPT_EVENTS},
                                             {"bucket", required_argument, NULL, OPT_BUCKET},
                                             {"day", required_argument, NULL, OPT_DAY},
                                             {"json", no_argument, NULL, OPT_JSON},
                                             {NULL, 0, NULL, 0}};
    const char *db_path = NULL, *out_path = NULL, *events_path = NULL;
    bool tz_given = false, json = false;
    report_stats stats;
    report_options ro = {.bucket = BUCKET_AUTO, .focus_day = MTIME_NONE, .stats = &stats};
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
        case 'o': out_path = optarg; break;
        case OPT_EVENTS: events_path = optarg; break;
        case OPT_JSON: json = true; break;
        case OPT_BUCKET:
            if (!bucket_parse(optarg, &ro.bucket))
                return cli_usage_error("report", "--bucket %s: use auto, 10min, hour or day", optarg);
            break;
        case OPT_DAY:
            if (!parse_day(optarg, &ro.focus_day))
                return cli_usage_error("report", "--day %s: give a date like 2015-05-20", optarg);
            break;
        default: return cli_usage_error("report", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (optind < argc) return cli_usage_error("report", "%s: %s", L("unexpected argument", "余分な引数"), argv[optind]);
    if (!db_path) return cli_usage_error("report", "%s", L("--db FILE is required", "--db ファイル を指定してください"));
    if (!out_path) return cli_usage_error("report", "%s", L("-o FILE is required", "-o ファイル を指定してください"));
    if (json && !strcmp(out_path, "-"))
        return cli_usage_error("report", "%s", L("--json needs -o FILE", "--json には -o ファイル が必要です"));

    char err[512];
    sqlite3 *db = store_open_readonly(db_path, err, sizeof err);
    if (!db) {
        diag_error("%s", diag_safe(err));
        return EXIT_INPUT;
    }
    zone_from_store(db, tz_given);
    report_events events;
    report_events_init(&events);
    int status = EXIT_OK;
    if (events_path) {
        if (!cli_load_events(&events, events_path)) status = EXIT_INPUT;
        ro.events = &events;
    }
    if (status == EXIT_OK) {
        ro.store_label = db_path;
        int rc = report_write_html_file(db, &ro, out_path, err, sizeof err);
        if (rc != 0) {
            diag_error("%s: %s", rc == -2 ? diag_safe(out_path) : diag_safe(db_path), err);
            status = rc == -3 ? EXIT_USAGE : EXIT_INPUT;
        } else {
            if (stats.day_outside)
                diag_warn("%s", L("--day is outside the logs' time span; the 10-minute view is centred on the day "
                                  "most terminals were first seen",
                                  "--day の日付はログの期間外です。10分単位の図は最も多くの端末が初めて検知された日を中心にします"));
            if (json) print_json_summary(out_path, &stats);
        }
    }
    report_events_free(&events);
    sqlite3_close(db);
    return status;
}

const command command_report = {"report", run_report, "write the HTML investigation report of a store",
                                "ストアから HTML の調査報告を作成"};
