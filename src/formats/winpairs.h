/* winpairs.h - the data pairs of one Windows event, as the two Windows
 * parsers (winjson.c, winxml.c) collect them.
 *
 * A parser starts each record with win_pairs_begin, adds the EventData or
 * UserData fields in document order (at most WIN_MAX_DATA are kept, the rest
 * only counted, as event.h says, up to 65535), and hands them to the event with
 * win_pairs_attach. The pairs live in the parser's state, so they stay valid
 * until its next record, like every other view in the event. */
#ifndef MITSUKE_WINPAIRS_H
#define MITSUKE_WINPAIRS_H

#include "event.h"

typedef struct win_pairs {
    win_pair pair[WIN_MAX_DATA];
    uint16_t n, dropped;
} win_pairs;

/* Clears the event's Windows fields and the pairs for a new record. */
static inline void win_pairs_begin(win_pairs *p, event *ev) {
    win_event_clear(&ev->u.win);
    ev->kind = EV_WIN;
    p->n = p->dropped = 0;
}

static inline void win_pairs_add(win_pairs *p, sv name, sv value) {
    if (p->n >= WIN_MAX_DATA) {
        if (p->dropped < UINT16_MAX) p->dropped++;
        return;
    }
    p->pair[p->n++] = (win_pair){name, value};
}

static inline void win_pairs_attach(const win_pairs *p, win_event *w) {
    w->data = p->pair;
    w->ndata = p->n;
    w->dropped = p->dropped;
}

#endif
