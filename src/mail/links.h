/* links.h - links and HTML facts from mail bodies and HTML attachments.
 *
 * HTML is parsed with libgumbo (the HTML5 algorithm, so broken markup is read
 * the way a browser reads it) and walked without recursion. From it come the
 * links (a/area href with their visible text, form actions), the visible text,
 * and the facts the checks need: password fields, forms that post elsewhere,
 * text hidden from the reader, HTML smuggling (a file assembled in script and
 * handed to the browser as a download). Plain text yields its URLs. */
#ifndef MITSUKE_MAIL_LINKS_H
#define MITSUKE_MAIL_LINKS_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/vec.h"
#include "mail/mail.h"

#include <stdbool.h>
#include <stddef.h>

#define HTML_MAX_BYTES (4u << 20)   /* larger HTML is cut to this before parsing */
#define LINKS_MAX 1000              /* links kept per mail */
#define LINK_MAX_URL 2048
#define LINK_MAX_TEXT 200

typedef struct html_facts {
    bool password_input;
    const char *form_target;     /* host a form or a script posts to, NULL if none seen */
    bool smuggling;
    const char *hidden_sample;   /* some hidden text, NULL if none */
} html_facts;

/* Parses HTML: appends links to `links` (mail_link; may be NULL), the visible
 * text to `text` (may be NULL, bounded by text_max), and fills `f`. */
void html_inspect(const char *html, size_t n, arena *a, vec *links, buf *text, size_t text_max, html_facts *f);

/* Appends the URLs found in plain text. */
void text_links(const char *text, size_t n, arena *a, vec *links);

/* Splits a URL: scheme (lower-cased, "" when none), host (lower-cased), and
 * whether it has a user-info part ("https://www.bank.example@evil.example/").
 * Returns false when there is no host. UNC paths (\\server\share) give scheme
 * "file" and the server as host. */
bool link_split(const char *url, arena *a, const char **scheme, const char **host, const char **userinfo);

/* A host written as an IP address in any form browsers accept (dotted quad,
 * IPv6 in brackets, one decimal or hex number). */
bool host_is_ip(const char *host);

#endif
