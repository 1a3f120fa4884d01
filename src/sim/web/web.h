/* web.h - the organisation's public web server, www.kikou.example.jp: a CMS
 * on a hosted Apache, for the web-tamper scenario.
 *
 * Three things are written into web/:
 *  - the Apache access log in the NCSA combined format
 *    (www01-access_log-YYYYMMDD), visitors from the Internet, search engines,
 *    staff coming through the organisation's NAT address, and the attacker;
 *  - a daily file-integrity manifest of the webroot in sha256sum's format
 *    (www01-webroot.sha256-YYYYMMDD, "HASH  ./path", taken at 02:00 JST), in
 *    which the hidden backdoor and the rewritten JavaScript show up;
 *  - at the second detection, the responders' copy of the webroot
 *    (evidence-YYYYMMDD/webroot/...), with the stand-in backdoor and the
 *    tampered script as files.
 * Contents are generated from the site's state, so the manifest hashes are
 * the hashes of the files the evidence copy holds. */
#ifndef MITSUKE_SIM_WEB_H
#define MITSUKE_SIM_WEB_H

#include "sim/sim.h"

#define WEB_HOST "www." ORG_DOMAIN
#define WEB_LOG_PATTERN "www01-access_log-%D"
#define WEB_FIM_PATTERN "www01-webroot.sha256-%D"

typedef struct web_hit {
    int64_t t;
    uint32_t client;
    const char *method;
    const char *path;           /* with the query, as requested */
    int status;
    int64_t bytes;
    const char *referer;
    const char *ua;
} web_hit;

/* One combined-format line into the web sink. */
void emit_web(sim *s, const web_hit *h);

typedef struct web_site {
    bool backdoor;              /* the hidden file is in the webroot */
    int js_version;             /* 0 clean, 1 first tampering, 2 second */
    bool closed;                /* the site shows a maintenance page */
    int cms_version;            /* 0 the old CMS, 1 after the upgrade */
    char backdoor_path[64];     /* e.g. cms/uploads/.cache.php */
    char bad_url[2][160];       /* where each tampering sends visitors */
} web_site;

/* The webroot's files, in a fixed order; content depends on the state. */
size_t web_file_count(const web_site *w);
const char *web_file_path(const web_site *w, size_t i);
void web_file_content(const web_site *w, const char *path, buf *out);
/* sha256sum lines for the whole webroot. */
void web_manifest(const web_site *w, buf *out);
/* Writes the webroot under dir; false on a write error. */
bool web_write_tree(const web_site *w, const char *dir);

#endif
