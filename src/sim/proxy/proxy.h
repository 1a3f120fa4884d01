/* proxy.h - the proxy log writers: one per format the simulator can write.
 *
 * Each writer turns a sim_http into one line of its format and names the
 * daily files the way the product does. `parser` is the mitsuke format that
 * reads the result back (the tests check that it does, with no unparsed
 * line). */
#ifndef MITSUKE_SIM_PROXY_H
#define MITSUKE_SIM_PROXY_H

#include "sim/sim.h"

typedef struct proxy_writer {
    const char *name;
    const char *pattern;        /* daily file name, see sink.h */
    const char *parser;         /* mitsuke --format that reads it */
    sink_hook on_open, on_close;
    void (*write)(buf *b, const sim_http *h, const sim *s);
} proxy_writer;

extern const proxy_writer proxy_squid, proxy_elff, proxy_combined, proxy_zeek;

const proxy_writer *proxy_writer_find(const char *name);

/* Shared helpers for the writers. */
const char *http_reason(int status);
/* Appends the request URL as a proxy logs it: http://host[:port]/path?query,
 * or host:port for CONNECT. */
void put_request_url(buf *b, const sim_http *h);
/* Squid's result code (%Ss: TCP_MISS, TCP_DENIED, ...) and whether the
 * hierarchy code (%Sh) is HIER_DIRECT: the same in every logformat Squid
 * writes (squid.c, combined.c). */
const char *squid_result_code(const sim_http *h);
bool squid_hier_direct(const sim_http *h);

#endif
