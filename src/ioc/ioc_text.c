/* ioc_text.c - plain-text indicator lists, one indicator per line.
 *
 *   # comment lines and blank lines are skipped
 *   evil.com                      type told from the value (see ioc_guess_type)
 *   evil[.]com:8080   # C2 port   defanged values are refanged; " #" starts a label
 *   ua:Mozilla/4.0 (compatible)   "TYPE:VALUE" when the type is one ioc_add_named knows
 *   0.0.0.0 tracker.evil.net      hosts-file block lists: the name is the indicator
 *
 * A line that is not a usable indicator is reported with its line number and
 * skipped. */
#include "ioc/ioc_load.h"

#include <stdio.h>

/* "0.0.0.0 name" or "127.0.0.1 name" as in hosts-file block lists. */
static bool hosts_entry(sv line, sv *name) {
    sv rest = line, first;
    if (!sv_next_token(&rest, &first)) return false;
    if (!sv_eq(first, SV("0.0.0.0")) && !sv_eq(first, SV("127.0.0.1"))) return false;
    sv second, more;
    if (!sv_next_token(&rest, &second) || sv_next_token(&rest, &more)) return false;
    *name = second;
    return true;
}

void ioc_load_text(ioc_loader *l, sv data) {
    uint64_t lineno = 0;
    sv rest = data, line;
    while (rest.n && sv_split_char(&rest, '\n', &line)) {
        lineno++;
        sv t = sv_trim(line), label = SV_NULL, type = SV_NULL;
        if (!t.n || t.p[0] == '#') continue;
        for (size_t i = 1; i < t.n; i++) {
            if (t.p[i] == '#' && (t.p[i - 1] == ' ' || t.p[i - 1] == '\t')) {
                label = sv_trim(sv_sub(t, i + 1, t.n));
                t = sv_trim(sv_sub(t, 0, i));
                break;
            }
        }
        ptrdiff_t colon = sv_find_char(t, ':');
        sv name;
        if (colon > 0 && ioc_type_name_known(sv_sub(t, 0, (size_t)colon))) {
            type = sv_sub(t, 0, (size_t)colon);
            t = sv_trim(sv_sub(t, (size_t)colon + 1, t.n));
        } else if (hosts_entry(t, &name)) {
            type = SV("domain");
            t = name;
        }
        char where[512];
        snprintf(where, sizeof where, "%s:%llu", l->name, (unsigned long long)lineno);
        ioc_loader_add(l, type, t, where, label);
    }
}
