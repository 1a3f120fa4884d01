/* winevtx.c - the simulation's Windows logs as .evtx files, as each machine
 * keeps them: one Security.evtx and one System.evtx per computer, for the
 * whole run (windows/DC01/Security.evtx, windows/PC00017/System.evtx, ...).
 *
 * The events and their fields are those the XML and Winlogbeat writers print
 * (same record ids, times to the 100 ns, Execution ids, keywords); evtx.c
 * does the binary format. A run with thousands of terminals has thousands of
 * files open for writing, so at most LIVE_CHUNKS (256, 16 MiB) of them hold
 * their 64 KiB chunk in memory; the others are parked on disk (the header and
 * records only) and read back when their computer logs again. Files are
 * created on their first record. */
#include "sim/windows/evtx.h"
#include "sim/windows/meta.h"
#include "sim/windows/windows.h"
#include "core/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LIVE_CHUNKS 256

struct winevtx {
    const char *dir;
    uint32_t terminals;
    evtx_file *files;       /* per host slot (terminals, DC, admin PC) and channel */
    bool *opened;
    evtx_file *live[LIVE_CHUNKS];
    int nlive, hand;
    uint64_t nfiles;
    bool failed;
    char error[1024];
};

winevtx *winevtx_new(const char *dir, uint32_t terminals) {
    winevtx *x = xcalloc(1, sizeof *x);
    x->dir = dir;
    x->terminals = terminals;
    size_t n = ((size_t)terminals + 2) * 2;
    x->files = xcalloc(n, sizeof *x->files);
    x->opened = xcalloc(n, sizeof *x->opened);
    return x;
}

static size_t slot_of(const winevtx *x, int32_t host, int channel) {
    size_t h = host == HOST_DC ? x->terminals : host == HOST_ADMIN ? x->terminals + 1 : (size_t)host;
    return h * 2 + (channel == WIN_SYSTEM);
}

static void fail(winevtx *x, const char *msg) {
    if (!x->failed) snprintf(x->error, sizeof x->error, "%.1000s", msg);
    x->failed = true;
}

static evtx_file *file_for(winevtx *x, int32_t host, const char *host_name, int channel) {
    size_t slot = slot_of(x, host, channel);
    evtx_file *f = &x->files[slot];
    if (!x->opened[slot]) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", x->dir, host_name);
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            char msg[1100];
            snprintf(msg, sizeof msg, "%s: %s", path, strerror(errno));
            fail(x, msg);
            return NULL;
        }
        snprintf(path, sizeof path, "%s/%s/%s.evtx", x->dir, host_name, win_channel_name(channel));
        x->opened[slot] = true;
        x->nfiles++;
        if (!evtx_file_open(f, path)) fail(x, evtx_file_error(f, path, sizeof path));
    }
    if (!f->chunk && !f->failed) {     /* it needs its chunk in memory: park the oldest */
        if (x->nlive == LIVE_CHUNKS) {
            evtx_file_park(x->live[x->hand]);
            x->live[x->hand] = f;
            x->hand = (x->hand + 1) % LIVE_CHUNKS;
        } else {
            x->live[x->nlive++] = f;
        }
    }
    return f;
}

void winevtx_write(winevtx *x, const sim_win *w, const char *host_name, const char *computer, uint64_t record_id) {
    evtx_file *f = file_for(x, w->host, host_name, w->channel);
    if (!f || f->failed) return;
    const win_meta *m = win_meta_for(w->event_id);
    const win_provider *p = win_provider_for(w->provider);
    bool security = w->channel == WIN_SECURITY;
    /* the same values as winxml.c writes */
    evtx_event e = {
        .provider = p->name,
        .provider_guid = p->guid,
        .event_source = p->event_source,
        .qualifiers = p->qualifiers ? p->qualifiers : -1,
        .event_id = (uint16_t)w->event_id,
        .task = (uint16_t)m->task,
        .version = w->event_id == 4624 ? 1 : 0,
        .level = (uint8_t)m->level,
        .keywords = security && w->failure ? 0x8010000000000000ull : m->keywords,
        .filetime = EVTX_FILETIME_UNIX_EPOCH + (uint64_t)w->t * 10000 + record_id * 7919 % 10000,
        .record_id = record_id,
        .process_id = security ? 512 : 468,
        .thread_id = (uint32_t)(1000 + record_id % 3000),
        .channel = win_channel_name(w->channel),
        .computer = computer,
        .n = w->n,
        .name = w->name,
        .value = w->value,
    };
    if (!evtx_file_add(f, &e)) {
        char msg[1100];
        fail(x, evtx_file_error(f, msg, sizeof msg));
    }
}

bool winevtx_close(winevtx *x, sim_sink *counts) {
    size_t n = ((size_t)x->terminals + 2) * 2;
    for (size_t i = 0; i < n; i++) {
        if (!x->opened[i]) continue;
        char msg[1100];
        if (!evtx_file_close(&x->files[i])) fail(x, evtx_file_error(&x->files[i], msg, sizeof msg));
        counts->records += x->files[i].records;
        counts->bytes += x->files[i].bytes;
        evtx_file_free(&x->files[i]);
    }
    counts->files = x->nfiles;
    bool ok = !x->failed;
    if (!ok && !counts->failed) {
        snprintf(counts->error, sizeof counts->error, "%s", x->error);
        counts->failed = true;
    }
    free(x->files);
    free(x->opened);
    free(x);
    return ok;
}
