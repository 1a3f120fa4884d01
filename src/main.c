/* main.c - mitsuke's entry point: global options and subcommand dispatch only. */
#include "cli/cli.h"
#include "core/lang.h"

#include <stdio.h>
#include <string.h>

static void print_help(void) {
    printf("%s",
           L("mitsuke - find targeted-attack activity in the logs you already keep\n\n"
             "Usage: mitsuke COMMAND [OPTIONS] [PATH...]\n\nCommands:\n",
             "mitsuke (見附) - 組織が保存しているログから標的型攻撃の痕跡を見つける\n\n"
             "使い方: mitsuke コマンド [オプション] [パス...]\n\nコマンド:\n"));
    for (size_t i = 0; i < command_count(); i++) {
        const command *c = command_at(i);
        printf("  %-10s %s\n", c->name, L(c->summary_en, c->summary_ja));
    }
    printf("%s",
           L("\nPATH is a file, a directory (read recursively), a glob, or - for stdin;\n"
             "plain, .gz and .zst are read as they are. `mitsuke COMMAND --help` for details.\n\n"
             "Exit status: 0 ok, 1 findings present, 2 usage error, 3 input error.\n"
             "Options: --help, --version, --lang ja|en.\n",
             "\nパスはファイル、ディレクトリ (再帰的に読む)、グロブ、または - (標準入力)。\n"
             "平文、.gz、.zst をそのまま読む。詳しくは `mitsuke コマンド --help`。\n\n"
             "終了コード: 0 正常、1 検知あり、2 使い方の誤り、3 入力エラー。\n"
             "オプション: --help, --version, --lang ja|en。\n"));
}

int main(int argc, char **argv) {
    cli_init();
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            print_help();
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
            printf("mitsuke %s\n", MITSUKE_VERSION);
            return EXIT_OK;
        }
        if (!strcmp(argv[i], "--lang") && i + 1 < argc) {
            lang_set(argv[++i]);
            continue;
        }
        if (!strncmp(argv[i], "--lang=", 7)) {
            lang_set(argv[i] + 7);
            continue;
        }
        fprintf(stderr, "mitsuke: unknown option %s\n", argv[i]);
        return EXIT_USAGE;
    }
    if (i >= argc) {
        print_help();
        return EXIT_USAGE;
    }
    if (!strcmp(argv[i], "help")) {
        if (i + 1 < argc && command_find(argv[i + 1])) {
            char *sub[] = {argv[i + 1], "--help", NULL};
            return command_find(argv[i + 1])->run(2, sub);
        }
        print_help();
        return EXIT_OK;
    }
    const command *c = command_find(argv[i]);
    if (!c) {
        fprintf(stderr, "mitsuke: unknown command '%s'. Try `mitsuke --help`.\n", argv[i]);
        return EXIT_USAGE;
    }
    return c->run(argc - i, argv + i);
}
