/* ioc_load.h - reading indicator files: plain text, CSV, STIX 2.1, MISP JSON.
 *
 * ioc_load_file reads a whole file (plain, .gz or .zst, through io/stream),
 * tells its format from the content unless one is given, and hands it to the
 * format's loader. A loader turns each entry into ioc_add / ioc_add_named
 * calls; an entry that cannot be used is reported through the caller's
 * problem callback with where it is ("iocs.txt:12", "bundle.json
 * indicator--...") and why, then skipped and counted - the rest still loads.
 * Only a file that cannot be read or parsed at all (broken JSON, no indicator
 * column in a CSV) makes the load fail.
 *
 * Detection: JSON whose top level is a STIX bundle (or STIX objects) is
 * STIX; JSON with Event / Attribute / response is MISP; text whose first
 * record is a CSV header naming an indicator column is CSV; anything else is
 * plain text, one indicator per line. */
#ifndef MITSUKE_IOC_LOAD_H
#define MITSUKE_IOC_LOAD_H

#include "ioc/ioc.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum ioc_format { IOC_FMT_AUTO = 0, IOC_FMT_TEXT, IOC_FMT_CSV, IOC_FMT_STIX, IOC_FMT_MISP } ioc_format;

const char *ioc_format_name(ioc_format f);          /* "auto", "text", "csv", "stix", "misp" */
bool ioc_format_parse(const char *name, ioc_format *out);
ioc_format ioc_detect_format(const char *data, size_t len);

/* where: "file:line" or "file: object id"; text: the offending value (may be empty). */
typedef void (*ioc_problem_fn)(void *ctx, const char *where, const char *why, sv text);

typedef struct ioc_load_opts {
    ioc_format format;          /* IOC_FMT_AUTO: detect */
    bool misp_all;              /* also MISP attributes marked to_ids: false */
    ioc_problem_fn problem;     /* may be NULL */
    void *ctx;
} ioc_load_opts;

#define IOC_FILE_MAX ((size_t)1 << 30)   /* larger indicator files are refused */

typedef struct ioc_load_result {
    ioc_format format;          /* the format used */
    uint64_t added, bad, duplicates, unsupported, excluded;   /* for this file */
    char error[256];            /* why the load failed */
} ioc_load_result;

/* 0 on success (even with skipped entries), -1 when the file is unusable. */
int ioc_load_file(ioc_set *s, const char *path, const ioc_load_opts *o, ioc_load_result *res);
/* The same for data in memory; `name` is used in messages and origins. */
int ioc_load_buffer(ioc_set *s, const char *name, const char *data, size_t len, const ioc_load_opts *o,
                    ioc_load_result *res);

/* ---- for the format loaders (ioc_text.c, ioc_csv.c, ioc_stix.c, ioc_misp.c) ---- */

typedef struct ioc_loader {
    ioc_set *set;
    const char *name;           /* file name as shown */
    const ioc_load_opts *opts;
    char error[256];            /* set by a loader that fails */
} ioc_loader;

/* Adds through ioc_add_named (type_name may be empty: auto) and reports a bad
 * value as a problem at `where`. */
ioc_add_result ioc_loader_add(ioc_loader *l, sv type_name, sv value, const char *where, sv label);
/* Reports a problem that is not about one value (an unsupported pattern). */
void ioc_loader_problem(ioc_loader *l, const char *where, const char *why, sv text);

void ioc_load_text(ioc_loader *l, sv data);
int ioc_load_csv(ioc_loader *l, sv data);           /* -1: no indicator column */
int ioc_load_stix(ioc_loader *l, const void *json_root);   /* json_t *; -1: not STIX */
int ioc_load_misp(ioc_loader *l, const void *json_root);   /* json_t *; -1: not MISP */

/* True when the data starts with a CSV header naming an indicator column. */
bool ioc_csv_sniff(sv data);

#endif
