/* cmd_scan.c - `mitsuke scan`: suspicious destinations and infected
 * terminals in proxy logs (A3, A4, A7, B2); the Windows detectors run on
 * the Windows events among the inputs (D2, D3).
 *
 * Reads the logs once, runs every detector (detect/scan.c), ranks the
 * destinations, lists the terminals that talked to the suspicious ones, and
 * prints a table or JSON lines; --db writes the SQLite store that `mitsuke
 * report` reads. Exit status 1 when a destination reached the `suspicious`
 * severity (default medium), so the command can run from cron. */
#include "analysis/coverage.h"
#include "cli/cli.h"
#include "cli/events_arg.h"
#include "config/config.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/progress.h"
#include "core/util.h"
#include "detect/scan.h"
#include "report/report.h"
#include "report/scan_out.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

enum { OPT_CONFIG = OPT_COMMAND_BASE, OPT_DB, OPT_MIN_SEVERITY, OPT_LIMIT, OPT_DETECTORS, OPT_HTML, OPT_EVENTS };


typedef struct scan_cli {
    scan_engine engine;
    coverage cov;                 /* hours and gaps, for the store */
    vec sources;                  /* store_source */
    arena mem;
} scan_cli;

static int on_event(const event *ev, void *ctx) {
    scan_cli *c = ctx;
    if (ev->kind != EV_HTTP && ev->kind != EV_WIN) return 0; /* firewall and file-server records: not yet */
    scan_event(&c->engine, ev);
    /* The gaps shaded on the chart are holes in the proxy's record. Windows
     * events are sparse (a terminal logs little between logons) and would
     * both make false gaps and hide real ones. */
    if (ev->kind == EV_HTTP) coverage_add_event(&c->cov, ev);
    return 0;
}

static void on_source(const ingest_stats *st, void *ctx) {
    scan_cli *c = ctx;
    coverage_end_source(&c->cov, st);
    store_source *s = vec_push(&c->sources);
    s->path = arena_strdup(&c->mem, st->src->name);
    s->format = st->fmt ? st->fmt->name : NULL;
    s->codec = st->opened ? stream_codec_name(st->codec) : NULL;
    s->error = st->error[0] ? arena_strdup(&c->mem, st->error) : NULL;
    s->records = st->records;
    s->unparsed = st->unparsed;
    s->skipped = st->skipped;
    s->first_ms = st->first_ms;
    s->last_ms = st->last_ms;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke scan [OPTIONS] PATH...\n\n"
                   "Find suspicious destinations in proxy logs (beaconing, unusual User-Agents, raw IP hosts and odd\n"
                   "ports, repeated failures and 407 challenges, off-hours activity, large uploads), rank them by\n"
                   "score with the evidence, and list every terminal that talked to them. Windows event logs among\n"
                   "the inputs go through the detectors of `mitsuke winlog` and their findings are listed too.\n\n"
                   "  -o, --output table|jsonl|none  output form (default table)\n"
                   "  --db FILE             also write the results to an SQLite store (docs/store.md)\n"
                   "  --html FILE           also write the HTML investigation report (docs/report.md)\n"
                   "  --events FILE         known events (mail arrivals, containment) to mark on the report's chart\n"
                   "  --config FILE         configuration (default ./mitsuke.conf, ~/.config/mitsuke/mitsuke.conf,\n"
                   "                        /etc/mitsuke/mitsuke.conf; none needed)\n"
                   "  --min-severity LEVEL  list destinations from this severity: info, low, medium, high,\n"
                   "                        critical (default: medium for the table, low for jsonl)\n"
                   "  --limit N             table: show at most N destinations (default 50, 0 = all)\n"
                   "  --detectors LIST      run only these detectors (comma-separated):\n",
                   "使い方: mitsuke scan [オプション] パス...\n\n"
                   "プロキシログから不審な通信先 (定期通信、不審な User-Agent、IP アドレス直接指定や通常と異なる\n"
                   "ポート、失敗や 407 の繰り返し、業務時間外の通信、大量送信) を見つけ、根拠とともにスコア順に\n"
                   "並べ、それらと通信したすべての端末を示す。入力に Windows イベントログがあれば\n"
                   "`mitsuke winlog` の検知器も実行し、その検知も示す。\n\n"
                   "  -o, --output table|jsonl|none  出力形式 (既定 table)\n"
                   "  --db FILE             結果を SQLite ストアにも書き込む (docs/store.md)\n"
                   "  --html FILE           HTML の調査報告も作成する (docs/report.md)\n"
                   "  --events FILE         報告のグラフに示す既知の出来事 (メール受信、遮断など)\n"
                   "  --config FILE         設定ファイル (既定 ./mitsuke.conf、~/.config/mitsuke/mitsuke.conf、\n"
                   "                        /etc/mitsuke/mitsuke.conf。なくてもよい)\n"
                   "  --min-severity LEVEL  この深刻度以上の通信先を表示: info, low, medium, high, critical\n"
                   "                        (既定: table は medium、jsonl は low)\n"
                   "  --limit N             table で表示する通信先の上限 (既定 50、0 は無制限)\n"
                   "  --detectors LIST      実行する検知器をカンマ区切りで指定:\n"));
    for (size_t i = 0; i < detector_count(); i++) {
        const detector *d = detector_at(i);
        printf("                          %-12s %s\n", d->name, L(d->summary_en, d->summary_ja));
    }
    printf("                        %s\n", L("Windows events (the detectors of `mitsuke winlog`):",
                                           "Windows イベント (`mitsuke winlog` の検知器):"));
    for (size_t i = 0; i < windetector_count(); i++) {
        const windetector *d = windetector_at(i);
        printf("                          %-14s %s\n", d->name, L(d->summary_en, d->summary_ja));
    }
    printf("%s", L("\nExit status: 0 nothing suspicious, 1 a destination reached the `suspicious` severity\n"
                   "(default medium; docs/config.md), 2 usage or configuration error, 3 an input could not be read.\n\n",
                   "\n終了コード: 0 不審なし、1 `suspicious` 深刻度 (既定 medium、docs/config.md) 以上の通信先あり、\n"
                   "2 使い方または設定の誤り、3 入力を読めなかった。\n\n"));
    cli_print_common_help(true);
}

/* The command line, for the store's meta table. */
static char *joined_args(int argc, char **argv) {
    buf b = {0};
    buf_puts(&b, "mitsuke");
    for (int i = 0; i < argc; i++) {
        buf_putc(&b, ' ');
        buf_puts(&b, argv[i]);
    }
    char *s = xstrdup(buf_cstr(&b));
    buf_free(&b);
    return s;
}

static void report_memory(const scan_engine *e) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    diag_info("scan tables: %u terminals, %u destinations, %u pairs, %u User-Agents, %zu MB held; peak RSS %ld MB",
              e->obs.nterms, e->obs.ndests, e->obs.npairs, e->obs.nuas, scan_bytes(e) >> 20, ru.ru_maxrss >> 10);
}

static int run_scan(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"db", required_argument, NULL, OPT_DB},
                                             {"min-severity", required_argument, NULL, OPT_MIN_SEVERITY},
                                             {"limit", required_argument, NULL, OPT_LIMIT},
                                             {"detectors", required_argument, NULL, OPT_DETECTORS},
                                             {"html", required_argument, NULL, OPT_HTML},
                                             {"events", required_argument, NULL, OPT_EVENTS},
                                             {NULL, 0, NULL, 0}};
    ingest_options in = {.show_progress = true, .want = EV_NONE}; /* proxy and Windows events */
    cli_output mode = CLI_OUT_TEXT;
    const char *config_path = NULL, *db_path = NULL, *only = NULL, *html_path = NULL, *events_path = NULL;
    int min_severity = -1;
    uint64_t limit = 50;
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
            if (!cli_parse_output("scan", optarg,
                                  CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL) | CLI_OUT_BIT(CLI_OUT_NONE), "table",
                                  &mode))
                return EXIT_USAGE;
            break;
        case OPT_CONFIG: config_path = optarg; break;
        case OPT_DB: db_path = optarg; break;
        case OPT_DETECTORS: only = optarg; break;
        case OPT_HTML: html_path = optarg; break;
        case OPT_EVENTS: events_path = optarg; break;
        case OPT_MIN_SEVERITY:
            if (!cli_parse_severity("scan", optarg, &min_severity)) return EXIT_USAGE;
            break;
        case OPT_LIMIT:
            if (!cli_parse_uint(optarg, 0, 1000000000, &limit))
                return cli_usage_error("scan", "--limit %s: give a number", diag_safe(optarg));
            break;
        default: return cli_usage_error("scan", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (min_severity < 0) min_severity = mode == CLI_OUT_TEXT ? SEV_MEDIUM : SEV_LOW;
    if (events_path && !html_path) return cli_usage_error("scan", "%s", L("--events needs --html", "--events には --html が必要です"));

    config cfg;
    config_defaults(&cfg);
    char err[1200];
    if (!config_load(&cfg, config_path, err, sizeof err)) {
        diag_error("%s", diag_safe(err));
        config_free(&cfg);
        return EXIT_USAGE;
    }
    if (cfg.path[0]) diag_info("configuration: %s", diag_safe(cfg.path));

    scan_cli c;
    memset(&c, 0, sizeof c);
    if (!scan_init(&c.engine, &cfg, only, err, sizeof err)) {
        config_free(&cfg);
        return cli_usage_error("scan", "--detectors: %s", diag_safe(err));
    }
    if (!db_path && !html_path) scan_skip_cells(&c.engine); /* only the store and the report chart read them */
    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv)) {
        scan_free(&c.engine);
        config_free(&cfg);
        return cli_usage_error("scan", "%s", L("no input given", "入力が指定されていません"));
    }
    vec_init(&c.sources, sizeof(store_source));
    arena_init(&c.mem, 16 * 1024);
    coverage_init(&c.cov, NULL);
    report_events events;
    report_events_init(&events);
    if (events_path && !cli_load_events(&events, events_path)) {
        report_events_free(&events);
        coverage_free(&c.cov);
        arena_free(&c.mem);
        vec_free(&c.sources);
        sources_free(&sources);
        scan_free(&c.engine);
        config_free(&cfg);
        return EXIT_INPUT;
    }

    /* Open the store first: a bad --db should fail before a long read. The
     * report is drawn from a store too: without --db it lives in memory. */
    sqlite3 *db = NULL;
    if ((db_path || html_path) && !(db = store_open(db_path ? db_path : ":memory:", true, err, sizeof err))) {
        diag_error("%s", diag_safe(err));
        report_events_free(&events);
        coverage_free(&c.cov);
        sources_free(&sources);
        scan_free(&c.engine);
        config_free(&cfg);
        return EXIT_USAGE;
    }

    ingest_result res;
    double t0 = now_seconds();
    ingest_run(&sources, &in, on_event, on_source, &c, &res);
    coverage_finish(&c.cov);
    double t1 = now_seconds();
    diag_info("read and observed %llu records in %.2f s", (unsigned long long)res.records, t1 - t0);
    if (diag_get_level() >= DIAG_VERBOSE) {
        scan_flush(&c.engine); /* the last records kept back, so the counts are complete */
        report_memory(&c.engine);
    }
    scan_finish(&c.engine);
    diag_info("detectors and scoring: %.2f s, %zu findings", now_seconds() - t1, finding_count(&c.engine.findings));
    if (diag_get_level() >= DIAG_VERBOSE) report_memory(&c.engine);

    scan_out_options oo = {.min_severity = min_severity, .limit = (size_t)limit, .records = res.records,
                           .unparsed = res.unparsed, .nsources = sources_count(&sources)};
    buf out = {0};
    if (mode == CLI_OUT_TEXT) scan_write_table(&out, &c.engine, &oo);
    else if (mode == CLI_OUT_JSONL) scan_write_jsonl(&out, &c.engine, &oo);
    bool write_failed = buf_flush(&out, stdout) < 0 || fflush(stdout) != 0;
    buf_free(&out);

    int rc = EXIT_OK;
    if (db) {
        char *cmdline = joined_args(argc, argv);
        store_scan_info info = {
            .command = cmdline, .sources = c.sources.data, .nsources = c.sources.len, .cov = &c.cov};
        if (!store_write_scan(db, &c.engine, &info, err, sizeof err)) {
            diag_error("%s: %s", diag_safe(db_path ? db_path : "(memory)"), diag_safe(err));
            rc = EXIT_INPUT;
        }
        free(cmdline);
        if (rc == EXIT_OK && html_path) {
            report_options ro = {.bucket = BUCKET_AUTO, .focus_day = MTIME_NONE, .events = events_path ? &events : NULL,
                                 .store_label = db_path};
            int hr = report_write_html_file(db, &ro, html_path, err, sizeof err);
            if (hr != 0) {
                diag_error("%s: %s", diag_safe(html_path), err);
                rc = EXIT_INPUT;
            }
        }
        sqlite3_close(db);
    }
    if (rc == EXIT_OK) {
        if (c.engine.result.max_severity >= cfg.scan.suspicious_severity ||
            win_scan_max_severity(&c.engine.win) >= cfg.scan.suspicious_severity)
            rc = EXIT_FINDINGS;
        else if (sources.errors || res.sources_failed || write_failed) rc = EXIT_INPUT;
    }
    report_events_free(&events);
    coverage_free(&c.cov);
    vec_free(&c.sources);
    arena_free(&c.mem);
    sources_free(&sources);
    scan_free(&c.engine);
    config_free(&cfg);
    return rc;
}

const command command_scan = {"scan", run_scan,
                              "find suspicious destinations and infected terminals in proxy (and Windows) logs",
                              "プロキシ (と Windows) のログから不審な通信先と感染端末を見つける"};
