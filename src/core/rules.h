/* rules.h - where the shipped lists and rules (rules/ in the source tree) are.
 *
 * One lookup for every part of mitsuke that reads them: an explicit folder
 * (a command-line option or the config's [rules] dir), then $MITSUKE_RULES,
 * then the installed data folder (PREFIX/share/mitsuke/rules), then the
 * source tree the program was built from (running from a build folder). */
#ifndef MITSUKE_RULES_H
#define MITSUKE_RULES_H

/* `override` wins when not NULL. The result may name a missing folder only
 * when nothing was installed and the source tree is gone. */
const char *rules_dir(const char *override);

#endif
