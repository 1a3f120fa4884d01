/* lists.h - the shipped lists the mail checks use (rules/mail/NAME.txt).
 *
 * Two shapes:
 *  - a domain list: one domain per line, optionally a TAB and a label (the
 *    service's name); a host matches an entry if it is the domain or a
 *    sub-domain of it. Entries with '*' are shell patterns matched against the
 *    whole host ("s3.*.amazonaws.com").
 *  - a phrase list: "category<TAB>phrase" per line; phrases are found anywhere
 *    in a text, ASCII case ignored, and an ASCII phrase only at word
 *    boundaries ("urgent" does not match "insurgent"). Matching is one
 *    Hyperscan pass over the text for all phrases.
 * '#' starts a comment line; blank lines are skipped. */
#ifndef MITSUKE_MAIL_LISTS_H
#define MITSUKE_MAIL_LISTS_H

#include "core/arena.h"
#include "core/hmap.h"
#include "core/rules.h"
#include "core/sv.h"
#include "core/vec.h"

#include <stdbool.h>

typedef struct domain_list {
    hmap exact;       /* domain -> label (const char*, may be "") */
    vec patterns;     /* of domain_pattern */
    arena mem;
} domain_list;

/* Loads `path`; returns false with a message in err (the list stays empty). */
bool domain_list_load(domain_list *l, const char *path, char *err, size_t errlen);
void domain_list_add(domain_list *l, const char *domain, const char *label);
/* The entry the host falls under: its label ("" if none), or NULL. `matched`
 * (may be NULL) receives the entry itself. */
const char *domain_list_match(const domain_list *l, sv host, const char **matched);
void domain_list_init(domain_list *l);
void domain_list_free(domain_list *l);

typedef struct phrase_set phrase_set;

/* Loads "category<TAB>phrase" lines. `categories` lists the accepted category
 * names (NULL-terminated); a line with another category is an error. With
 * `categories` NULL, each line is a phrase of one category. */
phrase_set *phrase_set_load(const char *path, const char *const *categories, char *err, size_t errlen);
/* Builds a set from one category and a NULL-terminated phrase array (tests). */
phrase_set *phrase_set_from_list(const char *const *phrases, char *err, size_t errlen);
void phrase_set_free(phrase_set *s);

/* For every category found in `text`, the first phrase that matched it:
 * found[category index] is that phrase or NULL. `found` has one slot per
 * category given at load (one for phrase_set_from_list). */
void phrase_set_scan(phrase_set *s, sv text, const char **found);


#endif
