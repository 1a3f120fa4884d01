/* cmd_winlog.c - `mitsuke winlog`: lateral movement and privilege abuse in
 * Windows event logs (issue 7: D2, D3).
 *
 * Reads Windows events in any form ingest knows (Event XML, Winlogbeat and
 * NXLog JSON, EVTX when its reader is there), runs the Windows detectors
 * (detect/win/), and prints a table or JSON lines (report/winlog_out.c).
 * Exit status 1 when a finding reached the `suspicious` severity (default
 * medium), as `scan` does. */
#include "cli/cli.h"
#include "config/config.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/progress.h"
#include "core/util.h"
#include "detect/win/winscan.h"
#include "report/winlog_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_CONFIG = OPT_COMMAND_BASE, OPT_MIN_SEVERITY, OPT_LIMIT, OPT_DETECTORS, OPT_JSONL };


static int on_event(const event *ev, void *ctx) {
    win_scan_event(ctx, ev);
    return 0;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke winlog [OPTIONS] PATH...\n\n"
                   "Find lateral movement and privilege abuse in Windows event logs (Security, System, Sysmon,\n"
                   "TaskScheduler, WinRM, TerminalServices): a shared local administrator password used on many\n"
                   "hosts, PsExec-style services, remote tasks, WMI and WinRM, RDP hops, admin shares, explicit\n"
                   "credentials, pass-the-hash, privileged group changes, forged Kerberos tickets, cleared logs,\n"
                   "password spraying. Input: Event XML (wevtutil, evtxexport -f xml), Winlogbeat or NXLog JSON.\n\n"
                   "  -o, --output table|jsonl|none  output form (default table); --jsonl is -o jsonl\n"
                   "  --config FILE         configuration ([winlog] thresholds, docs/config.md)\n"
                   "  --min-severity LEVEL  list findings from this severity: info, low, medium, high, critical\n"
                   "                        (default: medium for the table, low for jsonl)\n"
                   "  --limit N             table: show at most N findings (default 100, 0 = all)\n"
                   "  --detectors LIST      run only these detectors (comma-separated):\n",
                   "使い方: mitsuke winlog [オプション] パス...\n\n"
                   "Windows のイベントログ (Security、System、Sysmon、TaskScheduler、WinRM、TerminalServices) から\n"
                   "侵入拡大と権限の悪用を見つける: 共通のローカル管理者パスワードによる多数端末へのログオン、\n"
                   "PsExec 型のサービス、リモートタスク、WMI と WinRM、RDP の多段接続、管理共有、明示的な資格情報、\n"
                   "pass-the-hash、特権グループの変更、偽造 Kerberos チケット、ログの消去、パスワードスプレー。\n"
                   "入力: Event XML (wevtutil、evtxexport -f xml)、Winlogbeat または NXLog の JSON。\n\n"
                   "  -o, --output table|jsonl|none  出力形式 (既定 table)。--jsonl は -o jsonl と同じ\n"
                   "  --config FILE         設定ファイル ([winlog] のしきい値、docs/config.md)\n"
                   "  --min-severity LEVEL  この深刻度以上の検知を表示: info, low, medium, high, critical\n"
                   "                        (既定: table は medium、jsonl は low)\n"
                   "  --limit N             table で表示する検知の上限 (既定 100、0 は無制限)\n"
                   "  --detectors LIST      実行する検知器をカンマ区切りで指定:\n"));
    for (size_t i = 0; i < windetector_count(); i++) {
        const windetector *d = windetector_at(i);
        printf("                          %-14s %s\n", d->name, L(d->summary_en, d->summary_ja));
    }
    printf("%s", L("\nExit status: 0 nothing suspicious, 1 a finding reached the `suspicious` severity (default\n"
                   "medium; docs/config.md), 2 usage or configuration error, 3 an input could not be read.\n\n",
                   "\n終了コード: 0 不審なし、1 `suspicious` 深刻度 (既定 medium、docs/config.md) 以上の検知あり、\n"
                   "2 使い方または設定の誤り、3 入力を読めなかった。\n\n"));
    cli_print_common_help(true);
}

static int run_winlog(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"jsonl", no_argument, NULL, OPT_JSONL},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"min-severity", required_argument, NULL, OPT_MIN_SEVERITY},
                                             {"limit", required_argument, NULL, OPT_LIMIT},
                                             {"detectors", required_argument, NULL, OPT_DETECTORS},
                                             {NULL, 0, NULL, 0}};
    ingest_options in = {.show_progress = true, .want = EV_WIN};
    cli_output mode = CLI_OUT_TEXT;
    const char *config_path = NULL, *only = NULL;
    int min_severity = -1;
    uint64_t limit = 100;
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
            if (!cli_parse_output("winlog", optarg,
                                  CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL) | CLI_OUT_BIT(CLI_OUT_NONE), "table",
                                  &mode))
                return EXIT_USAGE;
            break;
        case OPT_JSONL: mode = CLI_OUT_JSONL; break;
        case OPT_CONFIG: config_path = optarg; break;
        case OPT_DETECTORS: only = optarg; break;
        case OPT_MIN_SEVERITY:
            if (!cli_parse_severity("winlog", optarg, &min_severity)) return EXIT_USAGE;
            break;
        case OPT_LIMIT:
            if (!cli_parse_uint(optarg, 0, 1000000000, &limit))
                return cli_usage_error("winlog", "--limit %s: give a number", diag_safe(optarg));
            break;
        default: return cli_usage_error("winlog", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (min_severity < 0) min_severity = mode == CLI_OUT_TEXT ? SEV_MEDIUM : SEV_LOW;

    config cfg;
    config_defaults(&cfg);
    char err[1200];
    if (!config_load(&cfg, config_path, err, sizeof err)) {
        diag_error("%s", diag_safe(err));
        config_free(&cfg);
        return EXIT_USAGE;
    }
    win_scan ws;
    if (!win_scan_init(&ws, &cfg, only, true, err, sizeof err)) {
        config_free(&cfg);
        return cli_usage_error("winlog", "--detectors: %s", diag_safe(err));
    }
    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv)) {
        win_scan_free(&ws);
        config_free(&cfg);
        return cli_usage_error("winlog", "%s", L("no input given", "入力が指定されていません"));
    }
    ingest_result res;
    double t0 = now_seconds();
    ingest_run(&sources, &in, on_event, NULL, &ws, &res);
    win_scan_finish(&ws);
    diag_info("%llu Windows events, %zu findings in %.2f s", (unsigned long long)ws.events,
              finding_count(&ws.findings), now_seconds() - t0);
    if (!ws.events && res.records == 0)
        diag_warn("%s", L("no Windows events were read (use --format winxml or winjson if the format was not recognised)",
                          "Windows イベントを読めませんでした (形式が認識されない場合は --format winxml か winjson)"));

    winlog_out_options oo = {.min_severity = min_severity, .limit = (size_t)limit, .records = res.records,
                             .unparsed = res.unparsed, .nsources = sources_count(&sources)};
    buf out = {0};
    if (mode == CLI_OUT_TEXT) winlog_write_table(&out, &ws, &oo);
    else if (mode == CLI_OUT_JSONL) {
        winlog_write_findings_jsonl(&out, &ws, &oo);
        winlog_write_summary_jsonl(&out, &ws, &oo);
    }
    bool written = cli_write_stdout(&out);
    buf_free(&out);

    int rc = EXIT_OK;
    if (win_scan_max_severity(&ws) >= cfg.scan.suspicious_severity) rc = EXIT_FINDINGS;
    else if (sources.errors || res.sources_failed || !written) rc = EXIT_INPUT;
    sources_free(&sources);
    win_scan_free(&ws);
    config_free(&cfg);
    return rc;
}

const command command_winlog = {"winlog", run_winlog,
                                "find lateral movement and privilege abuse in Windows event logs",
                                "Windows イベントログから侵入拡大と権限の悪用を見つける"};
