/* names.h - fixed tables the simulated organisation is built from: Japanese
 * family and given names (kanji and romaji), department names, browser
 * User-Agents of 2015, and words for made-up site names and file names.
 *
 * Everything here is invented or generic. Attack host names and addresses are
 * fictional (addresses from the documentation ranges of RFC 5737); any
 * resemblance to a real server is a coincidence. */
#ifndef MITSUKE_SIM_NAMES_H
#define MITSUKE_SIM_NAMES_H

#include <stddef.h>

typedef struct jname {
    const char *kanji, *romaji;
} jname;

extern const jname family_names[];
extern const size_t family_names_count;
extern const jname given_names[];
extern const size_t given_names_count;

typedef struct department {
    const char *kanji, *code, *share;   /* share: its folder on the file server */
} department;

extern const department departments[];
extern const size_t departments_count;

typedef struct browser_ua {
    const char *ua;
    double weight;
} browser_ua;

extern const browser_ua browser_uas[];
extern const size_t browser_uas_count;

/* Romaji words for long-tail site names and paths. */
extern const char *const site_words[];
extern const size_t site_words_count;
extern const char *const site_tlds[];
extern const size_t site_tlds_count;

/* Japanese document name parts (UTF-8) for file-server paths and mail. */
extern const char *const doc_words[];
extern const size_t doc_words_count;
extern const char *const doc_exts[];
extern const size_t doc_exts_count;

#endif
