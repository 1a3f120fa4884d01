/* site.c - the public web site's files and their content; see web.h. */
#include "sim/web/web.h"
#include "sim/textfmt.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static const char *const files[] = {
    "index.html",          "about/index.html",   "news/index.html",  "news/2012/1001.html", "news/2012/1015.html",
    "news/2012/1101.html", "contact/index.html", "js/common.js",     "js/jquery-1.8.2.min.js", "css/style.css",
    "images/logo.png",     "cms/index.php",      "cms/login.php",    "cms/admin.php",       "cms/config.php",
    "cms/version.txt",     "cms/uploads/banner.jpg",
};
#define NFILES (sizeof files / sizeof files[0])

size_t web_file_count(const web_site *w) { return NFILES + (w->backdoor ? 1 : 0); }

const char *web_file_path(const web_site *w, size_t i) { return i < NFILES ? files[i] : w->backdoor_path; }

static void page(buf *out, const char *title, const char *body) {
    buf_printf(out,
               "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"UTF-8\">\n<title>%s | 機構</title>\n"
               "<link rel=\"stylesheet\" href=\"/css/style.css\">\n<script src=\"/js/jquery-1.8.2.min.js\"></script>\n"
               "<script src=\"/js/common.js\"></script>\n</head>\n<body>\n<img src=\"/images/logo.png\" alt=\"機構\">\n"
               "<h1>%s</h1>\n<p>%s</p>\n</body>\n</html>\n",
               title, title, body);
}

void web_file_content(const web_site *w, const char *path, buf *out) {
    if (!strcmp(path, "index.html")) page(out, "トップページ", "機構の公式ウェブサイトです。");
    else if (!strcmp(path, "about/index.html")) page(out, "機構について", "組織の概要と所在地。");
    else if (!strcmp(path, "news/index.html")) page(out, "お知らせ", "最新のお知らせ一覧。");
    else if (!strncmp(path, "news/", 5)) page(out, "お知らせ", path + 5);
    else if (!strcmp(path, "contact/index.html")) page(out, "お問い合わせ", "ご意見・お問い合わせは info@" ORG_DOMAIN " まで。");
    else if (!strcmp(path, "js/common.js")) {
        buf_puts(out, "/* common.js - " WEB_HOST " */\nfunction toggleMenu(id) {\n  var m = document.getElementById(id);\n"
                      "  if (m) { m.style.display = m.style.display === 'block' ? 'none' : 'block'; }\n}\n");
        if (w->js_version > 0)
            /* what the attacker appended: an invisible frame to another site */
            buf_printf(out,
                       "document.write('<iframe src=\"%s\" width=\"1\" height=\"1\" "
                       "style=\"visibility:hidden;position:absolute\"></iframe>');\n",
                       w->bad_url[w->js_version - 1]);
    } else if (!strcmp(path, "js/jquery-1.8.2.min.js")) {
        buf_puts(out, "/*! stand-in for jQuery v1.8.2 (mitsuke drill data) */\nwindow.jQuery = window.$ = function(){};\n");
    } else if (!strcmp(path, "css/style.css")) {
        buf_puts(out, "body { font-family: sans-serif; margin: 0 auto; max-width: 960px; }\nh1 { color: #036; }\n");
    } else if (!strcmp(path, "cms/version.txt")) {
        buf_puts(out, w->cms_version ? "SimpleCMS 2.4.1\n" : "SimpleCMS 1.9.3\n");
    } else if (!strncmp(path, "cms/", 4) && strstr(path, ".php") && strcmp(path, w->backdoor_path)) {
        buf_printf(out, "<?php\n/* SimpleCMS %s - %s (mitsuke drill stand-in) */\nrequire_once 'config.php';\n",
                   w->cms_version ? "2.4.1" : "1.9.3", path + 4);
    } else if (w->backdoor && !strcmp(path, w->backdoor_path)) {
        /* A stand-in for the backdoor of the case: it only answers a password
         * check. It runs nothing and includes nothing. */
        buf_puts(out, "<?php\n/* MITSUKE DRILL SAMPLE: stand-in for a hidden backdoor (NISC case study 3).\n"
                      "   It checks a password and prints one word; it runs no command. */\n"
                      "if (isset($_POST['k']) && hash('sha256', $_POST['k']) === "
                      "'4b7e0b4c9a1f2d3e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f') {\n"
                      "    echo 'ready';\n}\n");
    } else {
        /* images: a few fixed bytes that depend on the name */
        static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        buf_put(out, png, sizeof png);
        buf_puts(out, path);
    }
}

void web_manifest(const web_site *w, buf *out) {
    buf content = {0};
    for (size_t i = 0; i < web_file_count(w); i++) {
        const char *path = web_file_path(w, i);
        buf_clear(&content);
        web_file_content(w, path, &content);
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)content.p, content.len);
        static const char hex[] = "0123456789abcdef";
        for (size_t k = 0; k < sizeof h; k++) {
            buf_putc(out, hex[h[k] >> 4]);
            buf_putc(out, hex[h[k] & 15]);
        }
        buf_puts(out, "  ./");
        buf_puts(out, path);
        buf_putc(out, '\n');
    }
    buf_free(&content);
}

static bool make_parents(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        bool ok = mkdir(path, 0755) == 0 || errno == EEXIST;
        *p = '/';
        if (!ok) return false;
    }
    return true;
}

bool web_write_tree(const web_site *w, const char *dir) {
    buf content = {0};
    bool ok = true;
    for (size_t i = 0; i < web_file_count(w) && ok; i++) {
        char path[900];
        snprintf(path, sizeof path, "%s/%s", dir, web_file_path(w, i));
        buf_clear(&content);
        web_file_content(w, web_file_path(w, i), &content);
        FILE *f = make_parents(path) ? fopen(path, "wb") : NULL;
        ok = f && fwrite(content.p, 1, content.len, f) == content.len;
        if (f && fclose(f) != 0) ok = false;
    }
    buf_free(&content);
    return ok;
}

void emit_web(sim *s, const web_hit *h) {
    buf *b = sink_begin(&s->web, h->t);
    put_ip4(b, h->client);
    buf_puts(b, " - - [");
    put_clf(b, h->t, 540);
    buf_puts(b, "] \"");
    buf_puts(b, h->method);
    buf_putc(b, ' ');
    buf_puts(b, h->path);
    buf_puts(b, " HTTP/1.1\" ");
    put_u64(b, (uint64_t)h->status);
    buf_putc(b, ' ');
    if (h->bytes > 0) put_u64(b, (uint64_t)h->bytes);
    else buf_putc(b, '-');
    buf_puts(b, " \"");
    buf_puts(b, h->referer ? h->referer : "-");
    buf_puts(b, "\" \"");
    buf_puts(b, h->ua ? h->ua : "-");
    buf_puts(b, "\"\n");
    sink_end(&s->web);
}
