/* cmd_readiness.c - `mitsuke readiness`: can these Windows logs answer an
 * investigation, and what must be turned on before the next incident?
 *
 * Reads Windows events (winxml, winjson; any other record is skipped) into
 * the readiness model (analysis/readiness.h), runs the checks, and prints a
 * text report or JSON lines (--output jsonl, docs/output.md). Seed 004 §2.3
 * is the reason: the authentication server's event log did not hold enough
 * to tell whether it had been attacked. Exit status 1 when a critical gap was
 * found (so it can run from cron), 3 when an input could not be read. */
#include "analysis/readiness.h"
#include "cli/cli.h"
#include "config/config.h"
#include "core/diag.h"
#include "core/lang.h"
#include "report/readiness_out.h"

#include <stdio.h>
#include <string.h>

enum { OPT_CONFIG = OPT_COMMAND_BASE, OPT_DC };

typedef struct readiness_ctx {
    readiness model;
    readiness_inputs in;
    uint64_t source_events;     /* Windows events of the source being read */
} readiness_ctx;

static int on_event(const event *ev, void *p) {
    readiness_ctx *c = p;
    readiness_add(&c->model, ev);
    c->source_events++;
    return 0;
}

static void on_source(const ingest_stats *st, void *p) {
    readiness_ctx *c = p;
    if (st->records && !c->source_events) c->in.not_windows++;
    c->source_events = 0;
    c->in.sources++;
    c->in.unparsed += st->unparsed;
    if (!st->opened || st->read_error) c->in.sources_failed++;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke readiness [OPTIONS] PATH...\n\n"
                   "Which Windows event logs are present per computer (channels, event ids, time span, record\n"
                   "ids), and what is missing for an investigation: process creation, command lines, file share,\n"
                   "logon and Kerberos auditing, scheduled tasks, Sysmon, PowerShell script blocks, a Security log\n"
                   "that wraps too soon, cleared logs, no domain controller logs. Each gap says which question it\n"
                   "leaves open and the audit setting (with the auditpol command) to turn on. Then a verdict per\n"
                   "computer: can the logs tell who logged on from where, what ran, what was copied over shares,\n"
                   "whether the domain controller was attacked (docs/readiness.md).\n\n"
                   "  -o, --output text|jsonl  text report (default) or JSON lines: one object per computer,\n"
                   "                       channel and gap, then a summary (docs/output.md)\n"
                   "  --dc NAME            this computer is a domain controller (repeatable); one with no logs\n"
                   "                       in the input is a critical gap\n"
                   "  --config FILE        configuration: [readiness] security_span_warn (default 7d),\n"
                   "                       security_span_target (default 90d) (docs/config.md)\n\n"
                   "Exit status: 0 no critical gap, 1 a critical gap, 2 usage or configuration error,\n"
                   "3 an input could not be read.\n\n",
                   "使い方: mitsuke readiness [オプション] パス...\n\n"
                   "コンピューターごとにどの Windows イベント ログがあるか (チャネル、イベント ID、期間、\n"
                   "レコード ID) と、調査に足りないもの (プロセス作成、コマンド ライン、ファイル共有、ログオンと\n"
                   "Kerberos の監査、タスク、Sysmon、PowerShell スクリプト ブロック、すぐに上書きされる Security\n"
                   "ログ、消去されたログ、ドメイン コントローラーのログがないこと) を示す。各項目について答えられ\n"
                   "なくなる問いと、有効にする監査設定 (auditpol コマンド付き) を示す。最後にコンピューターごとに、\n"
                   "誰がどこからログオンしたか、何が実行されたか、共有で何がコピーされたか、ドメイン コントローラー\n"
                   "が攻撃されたかを答えられるか判定する (docs/readiness.md)。\n\n"
                   "  -o, --output text|jsonl  テキスト (既定) か JSON lines: コンピューター、チャネル、不足ごとに\n"
                   "                       1 行、最後に集計 (docs/output.md)\n"
                   "  --dc 名前            このコンピューターはドメイン コントローラー (複数指定可)。ログが入力に\n"
                   "                       なければ重大な不足とする\n"
                   "  --config FILE        設定ファイル: [readiness] security_span_warn (既定 7d)、\n"
                   "                       security_span_target (既定 90d) (docs/config.md)\n\n"
                   "終了コード: 0 重大な不足なし、1 重大な不足あり、2 使い方または設定の誤り、\n"
                   "3 入力を読めなかった。\n\n"));
    cli_print_common_help(true);
}

static bool any_critical(const readiness *r) {
    for (size_t i = 0; i < rd_gap_count(r); i++)
        if (rd_gap_at(r, i)->severity == RD_CRITICAL) return true;
    return false;
}

static int run_readiness(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"config", required_argument, NULL, OPT_CONFIG},
                                             {"dc", required_argument, NULL, OPT_DC},
                                             {NULL, 0, NULL, 0}};
    ingest_options in = {.show_progress = true, .want = EV_WIN};
    bool json = false;
    const char *config_path = NULL;
    readiness_ctx c;
    memset(&c, 0, sizeof c);
    readiness_init(&c.model);
    int rc = EXIT_OK, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvho:", longopts, NULL)) != -1) {
        int common = cli_common_option(opt, optarg, &in);
        if (common < 0) {
            rc = EXIT_USAGE;
            goto done;
        }
        if (common > 0) continue;
        switch (opt) {
        case 'h':
            help();
            goto done;
        case 'o':
        case OPT_OUTPUT:
        {
            cli_output mode;
            if (!cli_parse_output("readiness", optarg, CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL), "text", &mode)) {
                rc = EXIT_USAGE;
                goto done;
            }
            json = mode == CLI_OUT_JSONL;
            break;
        }
        case OPT_CONFIG: config_path = optarg; break;
        case OPT_DC:
            if (!sv_trim(sv_cstr(optarg)).n) {
                rc = cli_usage_error("readiness", "--dc: %s", L("give a computer name", "コンピューター名を指定"));
                goto done;
            }
            readiness_declare_dc(&c.model, sv_cstr(optarg));
            break;
        default:
            rc = cli_usage_error("readiness", "%s", L("bad option", "不正なオプション"));
            goto done;
        }
    }

    config cfg;
    config_defaults(&cfg);
    char err[1200];
    if (!config_load(&cfg, config_path, err, sizeof err)) {
        diag_error("%s", diag_safe(err));
        config_free(&cfg);
        rc = EXIT_USAGE;
        goto done;
    }
    int64_t warn_ms = cfg.readiness.security_span_warn_ms, target_ms = cfg.readiness.security_span_target_ms;
    config_free(&cfg);

    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv)) {
        rc = cli_usage_error("readiness", "%s", L("no input given", "入力が指定されていません"));
        goto done;
    }
    ingest_result res;
    ingest_run(&sources, &in, on_event, on_source, &c, &res);
    c.in.paths_failed = sources.errors;
    readiness_check(&c.model, warn_ms, target_ms);

    buf out = {0};
    if (json) readiness_write_jsonl(&out, &c.model, &c.in);
    else readiness_write_text(&out, &c.model, &c.in);
    bool write_failed = !cli_write_stdout(&out);
    buf_free(&out);
    if (any_critical(&c.model)) rc = EXIT_FINDINGS;
    else if (sources.errors || res.sources_failed || write_failed) rc = EXIT_INPUT;
    sources_free(&sources);
done:
    readiness_free(&c.model);
    return rc;
}

const command command_readiness = {"readiness", run_readiness,
                                   "which Windows logs are there, and what is missing for an investigation",
                                   "どの Windows ログがあり、調査に何が足りないか"};
