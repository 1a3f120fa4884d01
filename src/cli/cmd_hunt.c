/* cmd_hunt.c - `mitsuke hunt`: sweep logs for known indicators (IOC sweep).
 *
 *   mitsuke hunt --ioc iocs.txt [--ioc bundle.json ...] PATH...
 *
 * Loads every indicator file (text, CSV, STIX 2.1, MISP; ioc/ioc_load.h),
 * compiles one matcher (ioc/ioc_match.h), runs every http event of the logs
 * through it and folds the matches into one record per indicator and terminal
 * (ioc/ioc_hits.h). Prints a table, or JSON lines with --output jsonl
 * (report/hunt_out.h). Exit status: 1 when anything matched, 0 when nothing
 * did, 2 usage error, 3 when an indicator file or every log was unusable. */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/util.h"
#include "ioc/ioc_hits.h"
#include "ioc/ioc_load.h"
#include "ioc/ioc_match.h"
#include "report/hunt_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_IOC = OPT_COMMAND_BASE, OPT_IOC_FORMAT, OPT_MISP_ALL, OPT_EVIDENCE, OPT_CHECK };

#define PROBLEMS_SHOWN 10   /* per indicator file; the rest are counted */

typedef struct hunt_ctx {
    ioc_matcher *matcher;
    ioc_hits hits;
    source_list sources;   /* kept to the end: the hits' evidence names them */
    bool have_sources;
    unsigned problems;     /* for the indicator file being loaded */
} hunt_ctx;

/* Reports a bad entry of an indicator file. Every part may hold text from
 * the file (a STIX object path, a pattern type), so each goes through
 * diag_safe, one at a time (it returns a static buffer). */
static void on_problem(void *p, const char *where, const char *why, sv text) {
    hunt_ctx *c = p;
    if (c->problems++ >= PROBLEMS_SHOWN || diag_get_level() < DIAG_NORMAL) return;
    fprintf(stderr, "mitsuke: %s: ", diag_safe(where));
    fprintf(stderr, "%s", diag_safe(why));
    if (text.n) {
        char shown[120];
        sv_to_buf(sv_make(text.p, text.n > 100 ? 100 : text.n), shown, sizeof shown);
        fprintf(stderr, ": \"%s\"%s", diag_safe(shown), text.n > 100 ? "..." : "");
    }
    fputc('\n', stderr);
}

static void on_hit(void *p, uint32_t index, ioc_how how, const event *ev) {
    hunt_ctx *c = p;
    ioc_hits_add(&c->hits, index, how, ev);
}

static int on_event(const event *ev, void *p) {
    hunt_ctx *c = p;
    if (ioc_match_event(c->matcher, ev, on_hit, c)) c->hits.matched_requests++;
    return 0;
}

static void help(void) {
    printf("%s", L("Usage: mitsuke hunt --ioc FILE [--ioc FILE...] [OPTIONS] PATH...\n\n"
                   "Sweep proxy logs for known indicators (domains and their sub-domains, IP addresses,\n"
                   "CIDR ranges, URLs, URL paths, User-Agents) and list every terminal that touched one:\n"
                   "when, how often, and whether any request got through.\n\n"
                   "  --ioc FILE            indicator file: plain text (one per line), CSV with a header,\n"
                   "                        STIX 2.1 bundle or MISP event JSON; .gz/.zst read as is\n"
                   "  --ioc-format F        auto (default: from the content), text, csv, stix, misp\n"
                   "  --misp-all            also MISP attributes marked to_ids: false (context, not detection)\n"
                   "  --output table|jsonl  table for people (default) or JSON lines for scripts\n"
                   "  --evidence N          evidence records kept per terminal and indicator (default 5, max 100)\n"
                   "  --check               load and check the indicator files only; read no logs\n\n"
                   "Exit status: 1 when an indicator matched, 0 when none did, 2 usage error,\n"
                   "3 an indicator file or the logs could not be read. See docs/hunt.md.\n\n",
                   "使い方: mitsuke hunt --ioc ファイル [--ioc ファイル...] [オプション] パス...\n\n"
                   "既知の攻撃指標 (ドメインとそのサブドメイン、IP アドレス、CIDR、URL、URL パス、\n"
                   "User-Agent) をプロキシログから探し、接触した端末ごとに、いつ、何回、\n"
                   "通信が成功したかを一覧にする。\n\n"
                   "  --ioc ファイル        指標ファイル: テキスト (1 行 1 件)、ヘッダ付き CSV、\n"
                   "                        STIX 2.1 バンドル、MISP イベント JSON (.gz/.zst もそのまま読む)\n"
                   "  --ioc-format 形式     auto (既定: 内容から判定)、text、csv、stix、misp\n"
                   "  --misp-all            MISP で to_ids が false の属性 (参考情報) も使う\n"
                   "  --output table|jsonl  表 (既定) またはスクリプト向けの JSON lines\n"
                   "  --evidence N          端末・指標ごとに残す証跡の件数 (既定 5、最大 100)\n"
                   "  --check               指標ファイルの読み込みと検査だけを行い、ログは読まない\n\n"
                   "終了コード: 1 一致あり、0 一致なし、2 使い方の誤り、\n"
                   "3 指標ファイルまたはログを読めなかった。詳細は docs/hunt.md。\n\n"));
    cli_print_common_help(true);
}

/* Loads every --ioc file; false when one is unusable. */
static bool load_indicators(ioc_set *set, hunt_ctx *c, char **files, size_t n, const ioc_load_opts *o) {
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        ioc_load_result res;
        c->problems = 0;
        if (ioc_load_file(set, files[i], o, &res) < 0) {
            diag_error("%s: %s", diag_safe(files[i]), res.error);
            ok = false;
            continue;
        }
        if (c->problems > PROBLEMS_SHOWN)
            diag_warn("%s: %u more problems not shown", diag_safe(files[i]), c->problems - PROBLEMS_SHOWN);
        diag_info("%s: %s: %llu indicators loaded, %llu bad, %llu unsupported, %llu duplicates, %llu excluded",
                  diag_safe(files[i]), ioc_format_name(res.format), (unsigned long long)res.added,
                  (unsigned long long)res.bad, (unsigned long long)res.unsupported,
                  (unsigned long long)res.duplicates, (unsigned long long)res.excluded);
    }
    if (hmap_len(&set->unsupported_types)) {
        char list[512];
        size_t o2 = 0;
        for (size_t i = 0; i < hmap_len(&set->unsupported_types) && o2 < sizeof list - 80; i++) {
            const hmap_slot *s = hmap_at(&set->unsupported_types, i);
            o2 += (size_t)snprintf(list + o2, sizeof list - o2, "%s%.*s %llu", i ? ", " : "", (int)s->klen, s->key,
                                   (unsigned long long)s->val.u64);
        }
        diag_warn("%llu indicators skipped: types a proxy log cannot show (%s)", (unsigned long long)set->unsupported,
                  diag_safe(list));
    }
    return ok;
}

typedef struct hunt_args {
    ingest_options in;
    ioc_load_opts load;
    bool jsonl, check;
    unsigned evidence;
    char **files;          /* the --ioc values (argv strings) */
    size_t n_files;
} hunt_args;

/* Reads the options into `a`. Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, hunt_args *a) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             CLI_INPUT_LONGOPTS,
                                             {"ioc", required_argument, NULL, OPT_IOC},
                                             {"ioc-format", required_argument, NULL, OPT_IOC_FORMAT},
                                             {"misp-all", no_argument, NULL, OPT_MISP_ALL},
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"evidence", required_argument, NULL, OPT_EVIDENCE},
                                             {"check", no_argument, NULL, OPT_CHECK},
                                             {NULL, 0, NULL, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qvho:", longopts, NULL)) != -1) {
        int r = cli_common_option(opt, optarg, &a->in);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        switch (opt) {
        case 'h': help(); return EXIT_OK;
        case OPT_IOC: a->files[a->n_files++] = optarg; break;
        case OPT_IOC_FORMAT:
            if (!ioc_format_parse(optarg, &a->load.format))
                return cli_usage_error("hunt", "--ioc-format %s: use auto, text, csv, stix or misp", optarg);
            break;
        case OPT_MISP_ALL: a->load.misp_all = true; break;
        case 'o':
        case OPT_OUTPUT:
        {
            cli_output mode;
            if (!cli_parse_output("hunt", optarg, CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL), "table", &mode))
                return EXIT_USAGE;
            a->jsonl = mode == CLI_OUT_JSONL;
            break;
        }
        case OPT_EVIDENCE: {
            uint64_t v;
            if (!cli_parse_uint(optarg, 1, IOC_EVIDENCE_MAX, &v))
                return cli_usage_error("hunt", "--evidence %s: give a number from 1 to %d", optarg, IOC_EVIDENCE_MAX);
            a->evidence = (unsigned)v;
            break;
        }
        case OPT_CHECK: a->check = true; break;
        default: return cli_usage_error("hunt", "%s", L("bad option", "不正なオプション"));
        }
    }
    if (!a->n_files)
        return cli_usage_error("hunt", "%s", L("give at least one indicator file with --ioc FILE",
                                               "--ioc ファイル で指標ファイルを 1 つ以上指定してください"));
    return -1;
}

/* Reads the logs through the matcher into c->hits; fills the log counts of
 * `rep`. Returns -1 to go on, else the exit status. */
static int sweep(hunt_ctx *c, const ioc_set *set, const hunt_args *a, int argc, char **argv, hunt_report *rep) {
    char err[300];
    c->matcher = ioc_matcher_new(set, err, sizeof err);
    if (!c->matcher) {
        diag_error("%s", err);
        return EXIT_INPUT;
    }
    c->have_sources = true;
    if (!cli_collect_sources(&c->sources, argc, argv))
        return cli_usage_error("hunt", "%s", L("no log given", "ログが指定されていません"));
    ingest_result res;
    int rc = ingest_run(&c->sources, &a->in, on_event, NULL, c, &res) < 0 ? EXIT_USAGE : -1;
    rep->records = res.records;
    rep->unparsed = res.unparsed;
    rep->sources = (unsigned)sources_count(&c->sources);
    rep->sources_failed = res.sources_failed + c->sources.errors;
    rep->logs_read = true;
    return rc;
}

static int run_hunt(int argc, char **argv) {
    hunt_ctx c = {0};
    hunt_args a = {.in = {.show_progress = true, .want = EV_HTTP},
                   .load = {.format = IOC_FMT_AUTO, .problem = on_problem, .ctx = &c},
                   .evidence = IOC_EVIDENCE_DEFAULT,
                   .files = xcalloc((size_t)argc + 1, sizeof(char *))};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0) {
        free(a.files);
        return rc;
    }
    ioc_set set;
    ioc_set_init(&set);
    ioc_hits_init(&c.hits, a.evidence);
    vec sorted = VEC_INIT(ioc_hit *);
    hunt_report rep = {.set = &set, .hits = &c.hits, .sorted = &sorted};
    bool loaded = load_indicators(&set, &c, a.files, a.n_files, &a.load);
    if (loaded && !ioc_count(&set))
        diag_error("%s", L("no usable indicator in the --ioc files", "--ioc ファイルに使える指標がありません"));
    if (!loaded || !ioc_count(&set)) rc = EXIT_INPUT;
    else if (!a.check) rc = sweep(&c, &set, &a, argc, argv, &rep);
    if (rc < 0) {
        ioc_hits_sorted(&c.hits, &sorted);
        buf out = {0};
        if (a.jsonl) hunt_write_jsonl(&out, &rep);
        else hunt_write_table(&out, &rep);
        bool written = cli_write_stdout(&out);
        buf_free(&out);
        /* A match outranks an unreadable source: the analyst must see it first. */
        rc = sorted.len ? EXIT_FINDINGS : (rep.sources_failed || !written) ? EXIT_INPUT : EXIT_OK;
    }
    vec_free(&sorted);
    if (c.have_sources) sources_free(&c.sources);
    ioc_matcher_free(c.matcher);
    ioc_hits_free(&c.hits);
    ioc_set_free(&set);
    free(a.files);
    return rc;
}

const command command_hunt = {"hunt", run_hunt, "sweep logs for known indicators (IOC: domains, IPs, URLs, UAs)",
                              "既知の攻撃指標 (IOC) でログを一斉照合"};
