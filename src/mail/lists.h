/* lists.h - the shipped lists the mail checks use (rules/mail/NAME.txt, and
 * rules/online-storage.txt shared with the scan).
 *
 * Two shapes:
 *  - a host list: one domain per line, optionally followed by a label (the
 *    service's name); read into a config/hostset.h set, so a host matches an
 *    entry if it is the domain or a sub-domain of it, and an entry with any
 *    other '*' than a leading "*." is a shell pattern matched against the
 *    whole host ("s3.*.amazonaws.com"), exactly as for the scan's lists.
 *  - a phrase list: "category<TAB>phrase" per line; phrases are found anywhere
 *    in a text, ASCII case ignored, and an ASCII phrase only at word
 *    boundaries ("urgent" does not match "insurgent"). Matching is one
 *    Hyperscan pass over the text for all phrases.
 * '#' starts a comment line; blank lines are skipped. */
#ifndef MITSUKE_MAIL_LISTS_H
#define MITSUKE_MAIL_LISTS_H

#include "config/hostset.h"
#include "core/sv.h"

#include <stdbool.h>
#include <stddef.h>

#define LIST_MAX_ENTRIES 100000   /* entries per list file */

/* Adds the host list `file` of the rules folder `dir` to `s` ("mail/freemail.txt").
 * False with a message naming the file (and line) when it cannot be read or
 * holds more than LIST_MAX_ENTRIES entries. */
bool host_list_load(hostset *s, const char *dir, const char *file, char *err, size_t errlen);

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
