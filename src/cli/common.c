/* common.c - options and helpers shared by every subcommand. */
#include "cli/cli.h"
#include "core/diag.h"
#include "core/lang.h"
#include "core/mtime.h"
#include "detect/finding.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_init(void) {
    const char *tz = getenv("MITSUKE_TZ");
    if (tz && !display_zone_set(tz)) diag_warn("MITSUKE_TZ=%s: unknown time zone; using UTC", diag_safe(tz));
}

int cli_common_option(int opt, const char *arg, ingest_options *in) {
    switch (opt) {
    case OPT_LANG:
        if (!lang_set(arg)) {
            diag_error("--lang %s: use ja or en", diag_safe(arg));
            return -1;
        }
        return 1;
    case OPT_TZ:
        if (!display_zone_set(arg)) {
            diag_error("--tz %s: unknown time zone (use UTC, JST, +09:00 or a name like Asia/Tokyo)",
                       diag_safe(arg));
            return -1;
        }
        return 1;
    case 'q': diag_set_level(DIAG_QUIET); return 1;
    case 'v': diag_set_level(DIAG_VERBOSE); return 1;
    case OPT_NO_PROGRESS:
        if (in) in->show_progress = false;
        return 1;
    }
    if (!in) return 0;
    switch (opt) {
    case OPT_FORMAT:
        if (!format_find(arg)) {
            diag_error("--format %s: unknown format; known formats:", diag_safe(arg));
            for (size_t i = 0; i < format_count(); i++)
                fprintf(stderr, "  %-12s %s\n", format_at(i)->name, format_at(i)->summary);
            return -1;
        }
        in->format_name = arg;
        return 1;
    case OPT_FIELD_MAP: {
        /* Check the map now, so a typo is a usage error, not a message per file. */
        const format *jsonl = format_find("jsonl");
        format_options o = in->fopts;
        o.field_map = arg;
        const char *why = "bad field map";
        void *state = jsonl ? jsonl->open(&o, &why) : NULL;
        if (!state) {
            diag_error("%s", diag_safe(why));
            return -1;
        }
        jsonl->close(state);
        in->fopts.field_map = arg;
        return 1;
    }
    case OPT_MAX_LINE: {
        uint64_t v;
        if (!cli_parse_uint(arg, 256, 64u << 20, &v)) {
            diag_error("--max-line %s: give a byte count between 256 and 67108864", diag_safe(arg));
            return -1;
        }
        in->max_line = (size_t)v;
        return 1;
    }
    }
    return 0;
}

bool cli_parse_uint(const char *arg, uint64_t min, uint64_t max, uint64_t *out) {
    if (!isdigit((unsigned char)arg[0])) return false; /* strtoull would take " -1" as 2^64 - 1 */
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    fprintf(stderr, "mitsuke %s: ", cmd);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    fprintf(stderr, L("Try `mitsuke %s --help`.\n", "`mitsuke %s --help` を参照してください。\n"), cmd);
    return EXIT_USAGE;
}

bool cli_parse_output(const char *cmd, const char *arg, unsigned offered, const char *text_name, cli_output *out) {
    static const struct { const char *name; cli_output mode; } names[] = {
        {"text", CLI_OUT_TEXT}, {"table", CLI_OUT_TEXT}, {"human", CLI_OUT_TEXT}, {"jsonl", CLI_OUT_JSONL},
        {"json", CLI_OUT_JSONL}, {"csv", CLI_OUT_CSV},   {"none", CLI_OUT_NONE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(arg, names[i].name) || !(offered & CLI_OUT_BIT(names[i].mode))) continue;
        *out = names[i].mode;
        return true;
    }
    /* What the command offers, in the order of the enum: "table, jsonl or none". */
    static const char *const shown[] = {NULL, "jsonl", "csv", "none"};
    char list[64] = "";
    int n = 0, total = __builtin_popcount(offered);
    for (int m = CLI_OUT_TEXT; m <= CLI_OUT_NONE; m++) {
        if (!(offered & CLI_OUT_BIT(m))) continue;
        const char *sep = n == 0 ? "" : n == total - 1 ? L(" or ", "、") : L(", ", "、");
        size_t len = strlen(list);
        snprintf(list + len, sizeof list - len, "%s%s", sep, m == CLI_OUT_TEXT ? text_name : shown[m]);
        n++;
    }
    cli_usage_error(cmd, "--output %s: %s %s", diag_safe(arg), L("use", "指定できるのは"), list);
    return false;
}

bool cli_parse_severity(const char *cmd, const char *arg, int *out) {
    int sev = severity_parse(arg);
    if (sev < 0) {
        cli_usage_error(cmd, "--min-severity %s: %s", diag_safe(arg),
                        L("use info, low, medium, high or critical", "info, low, medium, high, critical のいずれかを指定"));
        return false;
    }
    *out = sev;
    return true;
}

void cli_write_failed(void) {
    static bool said;
    if (said) return;
    said = true;
    diag_error("%s: %s", L("cannot write the output", "出力を書き込めません"), strerror(errno));
}

bool cli_write_stdout(buf *out) {
    if (buf_flush(out, stdout) == 0 && fflush(stdout) == 0) return true;
    cli_write_failed();
    return false;
}

void cli_print_common_help(bool inputs) {
    if (inputs) {
        printf("%s", L("Input options:\n", "入力オプション:\n"));
        printf("  --format NAME       %s\n", L("log format (default: detected from the first lines):",
                                             "ログ形式 (省略時は先頭行から自動判定):"));
        for (size_t i = 0; i < format_count(); i++)
            printf("                        %-11s %s\n", format_at(i)->name, format_at(i)->summary);
        printf("  --field-map MAP     %s\n", L("JSON lines field map, e.g. time=@timestamp,client=src_ip",
                                             "JSON lines のフィールド対応 (例: time=@timestamp,client=src_ip)"));
        printf("  --max-line BYTES    %s\n",
               L("skip (and count) lines longer than this (default 1048576)",
                 "これより長い行は読み飛ばして数える (既定 1048576)"));
    }
    printf("%s", L("Common options:\n", "共通オプション:\n"));
    printf("  --lang ja|en        %s\n", L("output language (default from the locale)", "出力言語 (既定はロケール)"));
    printf("  --tz ZONE           %s\n", L("display time zone: UTC, JST, +09:00, Asia/Tokyo (default UTC or $MITSUKE_TZ)",
                                          "表示タイムゾーン: UTC, JST, +09:00, Asia/Tokyo (既定 UTC または $MITSUKE_TZ)"));
    printf("  -q, --quiet         %s\n", L("no warnings or progress", "警告と進捗を表示しない"));
    printf("  -v, --verbose       %s\n", L("more detail on stderr", "詳細を標準エラーに表示"));
    printf("  --no-progress       %s\n", L("no progress line", "進捗行を表示しない"));
    printf("  -h, --help          %s\n", L("this help", "このヘルプ"));
}

bool cli_collect_sources(source_list *l, int argc, char **argv) {
    sources_init(l);
    if (optind >= argc) {
        if (isatty(STDIN_FILENO)) return false;
        sources_add(l, "-");
    }
    for (int i = optind; i < argc; i++) sources_add(l, argv[i]);
    sources_finish(l);
    return true;
}
