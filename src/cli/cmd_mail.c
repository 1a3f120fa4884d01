/* cmd_mail.c - `mitsuke mail`: is this mail a targeted attack, and why (C1-C6).
 *
 * Reads .eml files, mbox files, Maildir folders, directories or stdin, checks
 * each message (attachments, sender, body) and prints a verdict with reasons a
 * person can read, or JSON lines. `--campaigns` groups the flagged mails that
 * share a sending IP, a file, a link, a subject pattern or a mailer (C5).
 * Exit status 1 when any mail is suspicious or malicious. */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/progress.h"
#include "mail/analyze.h"
#include "mail/campaign.h"
#include "mail/mail_input.h"
#include "report/mail_out.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPT_CAMPAIGNS = OPT_COMMAND_BASE,
    OPT_CAMPAIGNS_ALL,
    OPT_ORG_DOMAIN,
    OPT_HOME_COUNTRY,
    OPT_YARA,
    OPT_NO_YARA,
    OPT_RULES,
    OPT_LOCATION_DB,
    OPT_ONLY_FLAGGED,
    OPT_LIST_REASONS,
};


typedef struct mail_run {
    mail_analyzer *an;
    cli_output mode;
    bool campaigns, only_flagged;
    campaign_set cs;
    buf out;
    jw w;
    uint64_t checked, suspicious, malicious;
    bool write_failed;
} mail_run;

static int flush_if_full(mail_run *run) {
    if (run->out.len > (1 << 20) && !cli_write_stdout(&run->out)) {
        run->write_failed = true;
        return 1;
    }
    return 0;
}

static int on_message(const mail_message *m, void *p) {
    mail_run *run = p;
    mail_report r;
    mail_report_init(&r);
    r.file = m->src->name;
    r.offset = m->offset;
    r.index = m->index;
    r.size = m->size;
    mail_analyze(run->an, m->data, m->len, &r);
    run->checked++;
    if (r.verdict == MAIL_SUSPICIOUS) run->suspicious++;
    if (r.verdict == MAIL_MALICIOUS) run->malicious++;
    if (run->campaigns) campaign_set_add(&run->cs, &r);
    bool show = !run->only_flagged || r.verdict != MAIL_BENIGN;
    if (run->mode == CLI_OUT_JSONL && show) {
        mail_write_json(&run->w, &r);
        buf_putc(&run->out, '\n');
    } else if (run->mode == CLI_OUT_TEXT && show && !run->campaigns) {
        mail_write_human(&run->out, &r);
    }
    mail_report_free(&r);
    return flush_if_full(run);
}

static void list_reasons(void) {
    printf("%-30s %6s  %s\n", "code", L("weight", "重み"), L("meaning", "意味"));
    for (int id = 0; id < R_COUNT; id++) {
        const reason_def *d = reason_def_get((reason_id)id);
        printf("%-30s %6d  ", d->code, d->weight);
        /* the templates' placeholders as "..." */
        for (const char *p = L(d->en, d->ja); *p; p++) {
            if (p[0] == '{' && p[1] == '}') {
                fputs("...", stdout);
                p++;
            } else putchar(*p);
        }
        putchar('\n');
    }
    printf("\n%s %d, %s %d, %s %d.\n", L("suspicious from score", "不審: スコア"), MAIL_SUSPICIOUS_SCORE,
           L("malicious from", "悪性:"), MAIL_MALICIOUS_SCORE, L("wording adds at most", "文面の加点の上限"),
           MAIL_WORDING_CAP);
}

static void help(void) {
    printf("%s", L("Usage: mitsuke mail [OPTIONS] PATH...\n\n"
                   "Check mails for the signs of a targeted attack and say why, mail by mail.\n"
                   "PATH is an .eml file, an mbox file, a Maildir or any directory of mails\n"
                   "(read recursively), .gz/.zst compressed or not, or - for stdin.\n\n"
                   "  -o, --output human|jsonl|none   output (default human; none only checks)\n"
                   "  --campaigns             group the flagged mails that share a sending IP, a file,\n"
                   "                          a link, a subject pattern, a sender or a mailer\n"
                   "  --campaigns-all         group benign mails too\n"
                   "  --only-flagged          print only suspicious and malicious mails\n"
                   "  --org-domain DOMAIN     the organisation's own domain (repeatable): mail claiming\n"
                   "                          it from abroad is flagged, links into it never are\n"
                   "  --home-country CC       the country mail from go.jp, lg.jp and own domains\n"
                   "                          should come from (default JP)\n"
                   "  --yara DIR              more YARA rules (*.yar, *.yara; repeatable)\n"
                   "  --no-yara               do not run YARA rules\n"
                   "  --rules DIR             rules directory (default: the installed rules/)\n"
                   "  --location-db FILE      libloc location database (default: Debian's)\n"
                   "  --list-reasons          list every reason with its weight, and the thresholds\n\n"
                   "Exit status: 0 no mail flagged, 1 a mail is suspicious or malicious,\n"
                   "2 usage error, 3 an input could not be read (and no mail was flagged).\n\n",
                   "使い方: mitsuke mail [オプション] パス...\n\n"
                   "メールに標的型攻撃の兆候があるかを調べ、メールごとに理由を示す。\n"
                   "パスは .eml ファイル、mbox ファイル、Maildir、メールを含むディレクトリ (再帰的に読む)、\n"
                   ".gz/.zst 圧縮も可、- は標準入力。\n\n"
                   "  -o, --output human|jsonl|none   出力形式 (既定 human、none は検査のみ)\n"
                   "  --campaigns             送信元 IP、ファイル、リンク、件名のパターン、差出人、メーラーが\n"
                   "                          共通する不審メールをまとめる (キャンペーン)\n"
                   "  --campaigns-all         問題なしのメールもまとめる\n"
                   "  --only-flagged          不審・悪性のメールだけを表示する\n"
                   "  --org-domain ドメイン   自組織のドメイン (複数可): 海外から送られた自称メールを検知し、\n"
                   "                          自組織へのリンクは問題にしない\n"
                   "  --home-country CC       go.jp・lg.jp・自組織ドメインのメールの送信元であるべき国 (既定 JP)\n"
                   "  --yara DIR              追加の YARA ルール (*.yar, *.yara; 複数可)\n"
                   "  --no-yara               YARA ルールを使わない\n"
                   "  --rules DIR             ルールディレクトリ (既定はインストールされた rules/)\n"
                   "  --location-db FILE      libloc の位置情報データベース (既定は Debian のもの)\n"
                   "  --list-reasons          理由の一覧と重み、判定のしきい値を表示する\n\n"
                   "終了コード: 0 不審なメールなし、1 不審または悪性のメールあり、2 使い方の誤り、\n"
                   "3 読めない入力があった (不審なメールはなし)。\n\n"));
    cli_print_common_help(false);
}

/* Letters, digits, dots and hyphens, with no empty label (a domain list
 * would refuse "a..b"). */
static bool valid_domain_arg(const char *d) {
    if (!*d || strlen(d) > 253 || strstr(d, "..") || !strcmp(d, ".")) return false;
    for (const char *p = d; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-') return false;
    return true;
}

static void print_summary(const mail_run *run, const mail_input_stats *st) {
    if (diag_get_level() == DIAG_QUIET) return;
    if (lang_get() == LANG_JA)
        fprintf(stderr, "メール %llu 通を検査: 悪性 %llu、不審 %llu", (unsigned long long)run->checked,
                (unsigned long long)run->malicious, (unsigned long long)run->suspicious);
    else
        fprintf(stderr, "%llu mails checked: %llu malicious, %llu suspicious", (unsigned long long)run->checked,
                (unsigned long long)run->malicious, (unsigned long long)run->suspicious);
    if (run->campaigns) fprintf(stderr, ", %s %zu", L("campaigns", "キャンペーン"), run->cs.campaigns.len);
    if (st->not_mail) fprintf(stderr, ", %s %u", L("files skipped (not mail)", "メールでないファイル"), st->not_mail);
    fprintf(stderr, "\n");
}

static int run_mail(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"output", required_argument, NULL, OPT_OUTPUT},
                                             {"campaigns", no_argument, NULL, OPT_CAMPAIGNS},
                                             {"campaigns-all", no_argument, NULL, OPT_CAMPAIGNS_ALL},
                                             {"only-flagged", no_argument, NULL, OPT_ONLY_FLAGGED},
                                             {"org-domain", required_argument, NULL, OPT_ORG_DOMAIN},
                                             {"home-country", required_argument, NULL, OPT_HOME_COUNTRY},
                                             {"yara", required_argument, NULL, OPT_YARA},
                                             {"no-yara", no_argument, NULL, OPT_NO_YARA},
                                             {"rules", required_argument, NULL, OPT_RULES},
                                             {"location-db", required_argument, NULL, OPT_LOCATION_DB},
                                             {"list-reasons", no_argument, NULL, OPT_LIST_REASONS},
                                             {NULL, 0, NULL, 0}};
    mail_options opts;
    mail_options_default(&opts);
    mail_run run = {.mode = CLI_OUT_TEXT};
    bool include_benign = false;
    ingest_options in = {.show_progress = true};
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
            if (!cli_parse_output("mail", optarg,
                                  CLI_OUT_BIT(CLI_OUT_TEXT) | CLI_OUT_BIT(CLI_OUT_JSONL) | CLI_OUT_BIT(CLI_OUT_NONE), "human",
                                  &run.mode))
                return EXIT_USAGE;
            break;
        case OPT_CAMPAIGNS: run.campaigns = true; break;
        case OPT_CAMPAIGNS_ALL: run.campaigns = include_benign = true; break;
        case OPT_ONLY_FLAGGED: run.only_flagged = true; break;
        case OPT_ORG_DOMAIN:
            if (!valid_domain_arg(optarg)) return cli_usage_error("mail", "--org-domain %s: %s", diag_safe(optarg), L("not a domain name", "ドメイン名ではありません"));
            if (opts.org_domain_count >= MAIL_MAX_ORG_DOMAINS) return cli_usage_error("mail", "--org-domain: %s %d", L("at most", "最大"), MAIL_MAX_ORG_DOMAINS);
            opts.org_domains[opts.org_domain_count++] = optarg;
            break;
        case OPT_HOME_COUNTRY:
            if (strlen(optarg) != 2 || !isalpha((unsigned char)optarg[0]) || !isalpha((unsigned char)optarg[1]))
                return cli_usage_error("mail", "--home-country %s: %s", diag_safe(optarg), L("give a two-letter country code such as JP", "JP のような2文字の国コードを指定してください"));
            opts.home_country[0] = (char)toupper((unsigned char)optarg[0]);
            opts.home_country[1] = (char)toupper((unsigned char)optarg[1]);
            break;
        case OPT_YARA:
            if (opts.yara_dir_count >= MAIL_MAX_YARA_DIRS) return cli_usage_error("mail", "--yara: %s %d", L("at most", "最大"), MAIL_MAX_YARA_DIRS);
            opts.yara_dirs[opts.yara_dir_count++] = optarg;
            break;
        case OPT_NO_YARA: opts.no_yara = true; break;
        case OPT_RULES: opts.rules_dir = optarg; break;
        case OPT_LOCATION_DB: opts.location_db = optarg; break;
        case OPT_LIST_REASONS: list_reasons(); return EXIT_OK;
        default: return cli_usage_error("mail", "%s", L("bad option", "不正なオプション"));
        }
    }
    source_list sources;
    if (!cli_collect_sources(&sources, argc, argv))
        return cli_usage_error("mail", "%s", L("no input given", "入力が指定されていません"));

    char err[1024];
    run.an = mail_analyzer_new(&opts, err, sizeof err);
    if (!run.an) {
        diag_error("%s", err);
        sources_free(&sources);
        return EXIT_INPUT;
    }
    if (run.an->warning[0]) diag_warn("%s", run.an->warning);
    if (run.campaigns && !campaign_set_init(&run.cs, opts.rules_dir, include_benign, err, sizeof err)) {
        diag_error("%s", err);
        campaign_set_free(&run.cs);
        mail_analyzer_free(run.an);
        sources_free(&sources);
        return EXIT_INPUT;
    }
    jw_init(&run.w, &run.out);
    progress prog;
    uint64_t total = 0;
    for (size_t i = 0; i < sources_count(&sources); i++) total += sources_at(&sources, i)->size;
    progress_start(&prog, total);
    if (!in.show_progress) prog.enabled = false;
    mail_input_stats st;
    mail_input_run(&sources, opts.limits.max_mail_bytes, &prog, on_message, &run, &st);
    progress_end(&prog);

    if (run.campaigns) {
        campaign_set_build(&run.cs);
        for (size_t i = 0; i < run.cs.campaigns.len && !run.write_failed; i++) {
            const campaign *c = &VEC_AT(&run.cs.campaigns, campaign, i);
            if (run.mode == CLI_OUT_JSONL) {
                campaign_write_json(&run.w, &run.cs, c);
                buf_putc(&run.out, '\n');
            } else if (run.mode == CLI_OUT_TEXT) campaign_write_human(&run.out, &run.cs, c);
            flush_if_full(&run);
        }
        if (run.mode == CLI_OUT_TEXT && !run.cs.campaigns.len)
            buf_printf(&run.out, "%s\n", L("No campaign: no two flagged mails share a feature.",
                                          "キャンペーンなし: 共通点を持つ不審メールの組はありません。"));
    }
    if (!run.write_failed && !cli_write_stdout(&run.out)) run.write_failed = true;
    print_summary(&run, &st);
    buf_free(&run.out);
    if (run.campaigns) campaign_set_free(&run.cs);
    mail_analyzer_free(run.an);
    int rc = EXIT_OK;
    if (run.suspicious || run.malicious) rc = EXIT_FINDINGS;
    else if (sources.errors || st.failed || run.write_failed) rc = EXIT_INPUT;
    sources_free(&sources);
    return rc;
}

const command command_mail = {"mail", run_mail, "check mails for targeted-attack signs; group campaigns",
                              "メールの標的型攻撃の兆候を検査し、キャンペーンをまとめる"};
