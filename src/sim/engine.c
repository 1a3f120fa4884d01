/* engine.c - the actor queue: a binary min-heap on (time, sequence). */
#include "sim/sim.h"
#include "core/util.h"

#include <string.h>

static bool before(const actor *a, const actor *b) { return a->t < b->t || (a->t == b->t && a->seq < b->seq); }

static void sift_up(sim *s, size_t i) {
    actor *a = s->heap[i];
    while (i) {
        size_t parent = (i - 1) / 2;
        if (!before(a, s->heap[parent])) break;
        s->heap[i] = s->heap[parent];
        i = parent;
    }
    s->heap[i] = a;
}

static void sift_down(sim *s, size_t i) {
    actor *a = s->heap[i];
    size_t n = s->nheap;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && before(s->heap[c + 1], s->heap[c])) c++;
        if (!before(s->heap[c], a)) break;
        s->heap[i] = s->heap[c];
        i = c;
    }
    s->heap[i] = a;
}

static void push(sim *s, actor *a) {
    if (s->nheap == s->capheap) {
        s->capheap = s->capheap ? s->capheap * 2 : 1024;
        s->heap = xrealloc(s->heap, s->capheap * sizeof *s->heap);
    }
    s->heap[s->nheap++] = a;
    sift_up(s, s->nheap - 1);
}

actor *sim_actor(sim *s, actor_fn fire, uint32_t term, int64_t t, uint64_t stream, size_t data_size) {
    actor *a = arena_zalloc(&s->mem, sizeof *a + data_size);
    if (t < s->now) t = s->now; /* never before the actor being run: keeps heap[0] */
    a->t = t;
    a->seq = s->next_seq++;
    a->fire = fire;
    a->term = term;
    a->data = data_size ? (void *)(a + 1) : NULL;
    rng_seed(&a->r, s->opt.seed, stream);
    if (t < s->w.end_ms) push(s, a);
    return a;
}

void sim_run(sim *s) {
    uint64_t total = (uint64_t)(s->w.end_ms - s->w.start_ms);
    progress_start(&s->prog, total);
    if (!s->opt.progress) s->prog.enabled = false;
    while (s->nheap) {
        actor *a = s->heap[0];
        if (a->t >= s->w.end_ms) break;
        int64_t was = a->t;
        s->now = was;
        a->fire(s, a);
        if (a->t <= was) a->t = was + 1;   /* an actor must move on */
        if (a->t >= s->w.end_ms) {
            s->heap[0] = s->heap[--s->nheap];
            if (s->nheap) sift_down(s, 0);
        } else {
            sift_down(s, 0);
        }
        if ((++s->fired & 0x3fff) == 0)
            progress_update(&s->prog, (uint64_t)(was - s->w.start_ms), s->proxy.records, "simulate");
    }
    progress_end(&s->prog);
}
