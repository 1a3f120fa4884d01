/* cmd_simulate.c - `mitsuke simulate`: write a realistic log set of a known
 * attack, for CSIRT drills and for mitsuke's own tests.
 *
 *   mitsuke simulate --scenario pension-2015 --out DIR [--seed N] [--terminals N]
 *     [--days N] [--start YYYY-MM-DD] [--proxy-format squid|elff|combined|zeek]
 *     [--windows-format default|evtx] [--gzip] [--gap START,HOURS] [--force] [--json]
 *
 * The output folder gets proxy/, firewall/, windows/, fileserver/, mail/,
 * truth.json (the answers) and README.md (the story, for the facilitator).
 * The run is deterministic for a seed (no clock, no global random state) and
 * streams: memory holds the actors, never the output. See docs/simulate.md. */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/json.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "core/progress.h"
#include "core/util.h"
#include "sim/attack.h"
#include "sim/background.h"
#include "sim/fileserver/samba_audit.h"
#include "sim/firewall/firewall.h"
#include "sim/proxy/proxy.h"
#include "sim/scenario.h"
#include "sim/sites.h"
#include "sim/truth.h"
#include "sim/web/web.h"
#include "sim/windows/windows.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { OPT_SCENARIO = OPT_COMMAND_BASE, OPT_OUT, OPT_SEED, OPT_TERMINALS, OPT_DAYS, OPT_START, OPT_PROXY_FORMAT,
       OPT_WINDOWS_FORMAT, OPT_GZIP, OPT_GAP, OPT_FORCE, OPT_JSON };

static void help(void) {
    printf("%s", L("Usage: mitsuke simulate --scenario NAME --out DIR [OPTIONS]\n\n"
                   "Write the logs of a simulated organisation under a known attack: proxy, firewall,\n"
                   "Windows events, file server, mail, plus truth.json (the answers) and README.md\n"
                   "(the story, for a drill facilitator). The same seed gives the same files.\n\n",
                   "使い方: mitsuke simulate --scenario 名前 --out ディレクトリ [オプション]\n\n"
                   "既知の攻撃を受けた架空の組織のログ (プロキシ、ファイアウォール、Windows イベント、\n"
                   "ファイルサーバ、メール) と、正解 truth.json、演習進行役向けの README.md を書き出す。\n"
                   "同じシードからは同じファイルができる。\n\n"));
    printf("%s", L("Scenarios:\n", "シナリオ:\n"));
    for (size_t i = 0; i < scenario_count(); i++) {
        const scenario *sc = scenario_at(i);
        printf("  %-16s %s\n", sc->name, L(sc->summary_en, sc->summary_ja));
    }
    printf("%s", L("\nOptions:\n"
                   "  --scenario NAME           the attack to simulate (required)\n"
                   "  --out DIR                 output folder (created; must be empty unless --force)\n"
                   "  --seed N                  random seed (default 1)\n"
                   "  --terminals N             number of terminals (default: the scenario's)\n"
                   "  --days N                  number of days (default: the scenario's)\n"
                   "  --start YYYY-MM-DD        first day, JST (default: the scenario's)\n"
                   "  --proxy-format FMT        squid, elff, combined or zeek (default squid)\n"
                   "  --windows-format FMT      default (terminals as Winlogbeat JSON, DC01 as Event XML,\n"
                   "                            daily files) or evtx (every computer's Security.evtx and\n"
                   "                            System.evtx, windows/HOST/)\n"
                   "  --gzip                    compress the log files (.gz); mail and .evtx stay plain\n"
                   "  --gap START,HOURS         drop the proxy log from START (JST, e.g. 2015-05-10T20:01)\n"
                   "                            for HOURS hours (e.g. 3.95), recorded in truth.json\n"
                   "  --force                   write into a folder that is not empty\n"
                   "  --json                    print the summary as one JSON object\n\n",
                   "\nオプション:\n"
                   "  --scenario 名前           シミュレートする攻撃 (必須)\n"
                   "  --out ディレクトリ        出力先 (作成する。--force なしでは空であること)\n"
                   "  --seed N                  乱数シード (既定 1)\n"
                   "  --terminals N             端末数 (既定はシナリオごと)\n"
                   "  --days N                  日数 (既定はシナリオごと)\n"
                   "  --start YYYY-MM-DD        初日 (JST、既定はシナリオごと)\n"
                   "  --proxy-format 形式       squid, elff, combined, zeek (既定 squid)\n"
                   "  --windows-format 形式     default (端末は Winlogbeat JSON、DC01 は Event XML、日次)\n"
                   "                            または evtx (コンピュータごとの Security.evtx と System.evtx、\n"
                   "                            windows/ホスト名/)\n"
                   "  --gzip                    ログを .gz で書く (メールと .evtx は非圧縮)\n"
                   "  --gap 開始,時間           開始時刻 (JST、例 2015-05-10T20:01) から指定時間 (例 3.95)\n"
                   "                            プロキシログを欠損させる。truth.json に記録される\n"
                   "  --force                   空でないディレクトリにも書き込む\n"
                   "  --json                    結果の要約を JSON で出力\n\n"));
    printf("%s", L("Exit status: 0 written, 2 usage error, 3 could not write the output.\n\n",
                   "終了コード: 0 書き出し完了、2 使い方の誤り、3 出力を書けなかった。\n\n"));
    cli_print_common_help(false);
}

static bool parse_date(const char *s, int64_t *ms) {
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 ||
        d > 31)
        return false;
    *ms = jst_midnight(y, (unsigned)m, (unsigned)d);
    return true;
}

static bool parse_gap(const char *arg, int64_t *from, int64_t *to) {
    const char *comma = strrchr(arg, ',');
    if (!comma) return false;
    int off;
    if (!mtime_parse_iso8601(sv_make(arg, (size_t)(comma - arg)), from, &off, 540)) return false;
    char *end;
    double hours = strtod(comma + 1, &end);
    if (end == comma + 1 || *end || !(hours > 0) || hours > 24 * 366) return false;
    *to = *from + (int64_t)(hours * 3600000.0 + 0.5);
    return true;
}

static int make_dir(const char *path) {
    if (mkdir(path, 0755) == 0 || errno == EEXIST) return 0;
    return -1;
}

static bool dir_is_empty(const char *path) {
    DIR *d = opendir(path);
    if (!d) return true;
    struct dirent *e;
    bool empty = true;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = false;
    closedir(d);
    return empty;
}

static bool write_file(const char *path, const buf *b) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(b->p, 1, b->len, f) == b->len;
    return fclose(f) == 0 && ok;
}

static void setup_sinks(sim *s) {
    bool gz = s->opt.gzip;
    sink_init(&s->proxy, s->dir[DIR_PROXY], s->pw->pattern, gz);
    s->proxy.on_open = s->pw->on_open;
    s->proxy.on_close = s->pw->on_close;
    sink_init(&s->edge, s->dir[DIR_FIREWALL], EDGE_PATTERN, gz);
    sink_init(&s->core, s->dir[DIR_FIREWALL], CORE_PATTERN, gz);
    sink_init(&s->winjson, s->dir[DIR_WINDOWS], WINJSON_PATTERN, gz);
    sink_init(&s->winxml, s->dir[DIR_WINDOWS], WINXML_PATTERN, gz);
    s->winxml.on_open = winxml_open;
    s->winxml.on_close = winxml_close;
    if (s->opt.windows_evtx) s->winevtx = winevtx_new(s->dir[DIR_WINDOWS], s->opt.terminals);
    sink_init(&s->files, s->dir[DIR_FILESERVER], FILES_PATTERN, gz);
    sink_init(&s->web, s->dir[DIR_WEB], WEB_LOG_PATTERN, gz);
    sink_init(&s->webfim, s->dir[DIR_WEB], WEB_FIM_PATTERN, false);
}

static bool close_sinks(sim *s, char *err, size_t errlen) {
    sim_sink *all[] = {&s->proxy, &s->edge, &s->core, &s->winjson, &s->winxml, &s->files, &s->web, &s->webfim};
    bool ok = true;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!sink_close(all[i]) && ok) {
            snprintf(err, errlen, "%s", all[i]->error);
            ok = false;
        }
    if (s->winevtx && !winevtx_close(s->winevtx, &s->winevtx_counts) && ok) {
        snprintf(err, errlen, "%s", s->winevtx_counts.error);
        ok = false;
    }
    s->winevtx = NULL;
    return ok;
}

static void summary(const sim *s, bool json, double seconds) {
    const sim_sink *all[] = {&s->proxy, &s->edge, &s->core, &s->winjson, &s->winxml, &s->files, &s->web, &s->webfim};
    static const char *const all_names[] = {"proxy", "firewall_edge", "firewall_core", "windows_json",
                                            "windows_xml", "fileserver", "web", "web_manifest"};
    const size_t nall = s->sc->web ? 8 : 6;
    const sim_sink *k[9];
    const char *names[9];
    size_t nk = 0;
    for (size_t i = 0; i < nall; i++) {
        if (s->opt.windows_evtx && i == 3) {     /* windows_evtx in the place of windows_json and _xml */
            k[nk] = &s->winevtx_counts, names[nk++] = "windows_evtx";
            i++;
            continue;
        }
        k[nk] = all[i], names[nk++] = all_names[i];
    }
    uint64_t records = 0, bytes = s->mail_bytes;
    for (size_t i = 0; i < nk; i++) records += k[i]->records, bytes += k[i]->bytes;
    if (json) {
        buf b = {0};
        jw w;
        jw_init(&w, &b);
        jw_obj_begin(&w);
        jw_key(&w, "out");
        jw_cstr(&w, s->opt.out);
        jw_key(&w, "scenario");
        jw_cstr(&w, s->opt.scenario);
        jw_key(&w, "seed");
        jw_int(&w, (int64_t)s->opt.seed);
        for (size_t i = 0; i < nk; i++) {
            jw_key(&w, names[i]);
            jw_obj_begin(&w);
            jw_key(&w, "files");
            jw_int(&w, (int64_t)k[i]->files);
            jw_key(&w, "records");
            jw_int(&w, (int64_t)k[i]->records);
            jw_key(&w, "bytes");
            jw_int(&w, (int64_t)k[i]->bytes);
            jw_obj_end(&w);
        }
        jw_key(&w, "mails");
        jw_int(&w, (int64_t)s->mails_written);
        jw_key(&w, "records");
        jw_int(&w, (int64_t)records);
        jw_key(&w, "bytes");
        jw_int(&w, (int64_t)bytes);
        jw_key(&w, "seconds");
        jw_double(&w, seconds);
        jw_obj_end(&w);
        buf_putc(&b, '\n');
        fwrite(b.p, 1, b.len, stdout);
        buf_free(&b);
        return;
    }
    printf("%s: %llu %s, %llu %s, %.1f MB, %.2f s\n", s->opt.out, (unsigned long long)records,
           L("records", "レコード"), (unsigned long long)s->mails_written, L("mails", "通のメール"), (double)bytes / 1e6,
           seconds);
    for (size_t i = 0; i < nk; i++)
        if (k[i]->records)
            printf("  %-14s %3llu files %10llu records %9.1f MB\n", names[i], (unsigned long long)k[i]->files,
                   (unsigned long long)k[i]->records, (double)k[i]->bytes / 1e6);
}

static int run_simulate(int argc, char **argv) {
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {"scenario", required_argument, NULL, OPT_SCENARIO},
        {"out", required_argument, NULL, OPT_OUT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"terminals", required_argument, NULL, OPT_TERMINALS},
        {"days", required_argument, NULL, OPT_DAYS},
        {"start", required_argument, NULL, OPT_START},
        {"proxy-format", required_argument, NULL, OPT_PROXY_FORMAT},
        {"windows-format", required_argument, NULL, OPT_WINDOWS_FORMAT},
        {"gzip", no_argument, NULL, OPT_GZIP},
        {"gap", required_argument, NULL, OPT_GAP},
        {"force", no_argument, NULL, OPT_FORCE},
        {"json", no_argument, NULL, OPT_JSON},
        {NULL, 0, NULL, 0},
    };
    sim_options o = {.seed = 1, .start_ms = INT64_MIN, .proxy_format = "squid", .progress = true};
    bool force = false, json = false;
    ingest_options dummy = {.show_progress = true};   /* receives --no-progress */
    uint64_t v;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvh", longopts, NULL)) != -1) {
        int rc = cli_common_option(opt, optarg, &dummy);
        if (rc < 0) return EXIT_USAGE;
        if (rc > 0) continue;
        switch (opt) {
        case 'h': help(); return EXIT_OK;
        case OPT_SCENARIO: o.scenario = optarg; break;
        case OPT_OUT: o.out = optarg; break;
        case OPT_SEED:
            if (!cli_parse_uint(optarg, 0, UINT64_MAX, &o.seed))
                return cli_usage_error("simulate", "--seed %s: %s", optarg, L("give a number", "数値を指定してください"));
            break;
        case OPT_TERMINALS:
            if (!cli_parse_uint(optarg, 1, SIM_MAX_TERMINALS, &v))
                return cli_usage_error("simulate", "--terminals %s: %s %u", optarg,
                                       L("give a number from 1 to", "1 から次の数までで指定してください:"),
                                       SIM_MAX_TERMINALS);
            o.terminals = (uint32_t)v;
            break;
        case OPT_DAYS:
            if (!cli_parse_uint(optarg, 1, 366, &v))
                return cli_usage_error("simulate", "--days %s: %s", optarg,
                                       L("give a number from 1 to 366", "1〜366 で指定してください"));
            o.days = (int)v;
            break;
        case OPT_START:
            if (!parse_date(optarg, &o.start_ms))
                return cli_usage_error("simulate", "--start %s: %s", optarg,
                                       L("give a date as YYYY-MM-DD", "日付を YYYY-MM-DD で指定してください"));
            break;
        case OPT_PROXY_FORMAT:
            if (!proxy_writer_find(optarg))
                return cli_usage_error("simulate", "--proxy-format %s: %s", optarg,
                                       L("use squid, elff, combined or zeek", "squid, elff, combined, zeek のいずれか"));
            o.proxy_format = optarg;
            break;
        case OPT_WINDOWS_FORMAT:
            if (strcmp(optarg, "default") && strcmp(optarg, "evtx"))
                return cli_usage_error("simulate", "--windows-format %s: %s", optarg,
                                       L("use default or evtx", "default か evtx を指定してください"));
            o.windows_evtx = !strcmp(optarg, "evtx");
            break;
        case OPT_GZIP: o.gzip = true; break;
        case OPT_GAP:
            if (!parse_gap(optarg, &o.gap_from, &o.gap_to))
                return cli_usage_error("simulate", "--gap %s: %s", optarg,
                                       L("give START,HOURS, e.g. 2015-05-10T20:01,3.95",
                                         "開始,時間 の形で指定してください (例 2015-05-10T20:01,3.95)"));
            o.has_gap = true;
            break;
        case OPT_FORCE: force = true; break;
        case OPT_JSON: json = true; break;
        default: return cli_usage_error("simulate", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (optind < argc) return cli_usage_error("simulate", "%s: %s", L("unexpected argument", "余分な引数"), argv[optind]);
    if (!o.scenario) return cli_usage_error("simulate", "%s", L("--scenario is required", "--scenario が必要です"));
    if (!o.out) return cli_usage_error("simulate", "%s", L("--out is required", "--out が必要です"));
    const scenario *sc = scenario_find(o.scenario);
    if (!sc) {
        fprintf(stderr, "mitsuke simulate: %s %s\n", L("unknown scenario", "不明なシナリオ:"), diag_safe(o.scenario));
        for (size_t i = 0; i < scenario_count(); i++)
            fprintf(stderr, "  %-16s %s\n", scenario_at(i)->name, L(scenario_at(i)->summary_en, scenario_at(i)->summary_ja));
        return EXIT_USAGE;
    }
    if (!o.terminals) o.terminals = sc->terminals;
    if (o.terminals < sc->min_terminals)
        return cli_usage_error("simulate", "--terminals %u: %s %u", o.terminals,
                               L("this scenario needs at least", "このシナリオには少なくとも次の台数が必要です:"),
                               sc->min_terminals);
    if (!o.days) o.days = sc->days;
    if (o.start_ms == INT64_MIN) o.start_ms = jst_midnight(sc->start_y, (unsigned)sc->start_m, (unsigned)sc->start_d);
    if (diag_get_level() < DIAG_NORMAL || json || !dummy.show_progress) o.progress = false;

    if (make_dir(o.out) < 0) {
        diag_error("%s: %s", diag_safe(o.out), strerror(errno));
        return EXIT_INPUT;
    }
    if (!force && !dir_is_empty(o.out))
        return cli_usage_error("simulate", "%s: %s", diag_safe(o.out),
                               L("folder is not empty (use --force to write into it)",
                                 "ディレクトリが空ではありません (書き込むには --force)"));
    sim *s = xcalloc(1, sizeof *s);
    s->opt = o;
    static const char *const sub[] = {"proxy", "firewall", "windows", "fileserver", "mail"};
    for (int i = 0; i < 5; i++) {
        snprintf(s->dir[i], sizeof s->dir[i], "%s/%s", o.out, sub[i]);
        if (make_dir(s->dir[i]) < 0) {
            diag_error("%s: %s", diag_safe(s->dir[i]), strerror(errno));
            free(s);
            return EXIT_INPUT;
        }
    }
    snprintf(s->dir[DIR_ROOT], sizeof s->dir[DIR_ROOT], "%s", o.out);
    snprintf(s->dir[DIR_WEB], sizeof s->dir[DIR_WEB], "%s/web", o.out);
    if (sc->web && make_dir(s->dir[DIR_WEB]) < 0) {
        diag_error("%s: %s", diag_safe(s->dir[DIR_WEB]), strerror(errno));
        free(s);
        return EXIT_INPUT;
    }
    double t0 = now_seconds();
    arena_init(&s->mem, 1 << 20);
    world_init(&s->w, o.seed, o.terminals, o.start_ms, o.days);
    s->rec_ids = xcalloc((size_t)o.terminals * 2, sizeof *s->rec_ids);
    sites st;
    sites_init(&st, o.seed, o.terminals);
    s->sites = &st;
    truth tr;
    truth_init(&tr);
    s->truth = &tr;
    s->sc = sc;
    s->pw = proxy_writer_find(o.proxy_format);
    s->ephemeral = 32768;
    setup_sinks(s);
    char err[1100] = "";
    int rc = EXIT_OK;
    background_start(s);
    if (!sc->setup(s, err, sizeof err)) {
        diag_error("%s: %s", sc->name, err);
        rc = EXIT_USAGE;
    } else {
        sim_run(s);
    }
    if (!close_sinks(s, err, sizeof err)) {
        diag_error("%s", diag_safe(err));
        rc = EXIT_INPUT;
    }
    if (s->write_failed) {
        diag_error("%s", diag_safe(s->write_error));
        rc = EXIT_INPUT;
    }
    if (rc == EXIT_OK) {
        char path[700];
        buf b = {0};
        truth_write(s, &b);
        snprintf(path, sizeof path, "%s/truth.json", o.out);
        if (!write_file(path, &b)) {
            diag_error("%s: %s", diag_safe(path), strerror(errno));
            rc = EXIT_INPUT;
        }
        buf_clear(&b);
        sc->readme(s, &b);
        snprintf(path, sizeof path, "%s/README.md", o.out);
        if (!write_file(path, &b)) {
            diag_error("%s: %s", diag_safe(path), strerror(errno));
            rc = EXIT_INPUT;
        }
        buf_free(&b);
        if (rc == EXIT_OK) summary(s, json, now_seconds() - t0);
    }
    script_free(s->script);
    truth_free(&tr);
    sites_free(&st);
    free(s->rec_ids);
    free(s->heap);
    world_free(&s->w);
    arena_free(&s->mem);
    free(s);
    return rc;
}

const command command_simulate = {"simulate", run_simulate,
                                  "write realistic logs of a known attack for drills and tests",
                                  "既知の攻撃の演習用ログを生成 (訓練・テスト用)"};
