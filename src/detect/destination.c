/* destination.c - traits of a destination itself (A3): raw IP hosts,
 * unusual ports, CONNECT to ports other than 443, destinations first seen
 * recently and contacted by few terminals, odd or dynamic-DNS names.
 *
 * Per destination it keeps three counters (12 bytes): CONNECTs to a port
 * other than 443, requests to a port other than 80 and 443, and the last
 * such port. The rest comes from the shared tables at the end. Names are
 * judged on the first label of the registrable domain (libpsl): a long
 * label with high character entropy, or one made mostly of digits, looks
 * generated rather than chosen (DGA-like). The weights:
 *   CONNECT to a port other than 443     35   T1572, T1571
 *   raw public IP address                30
 *   dynamic DNS provider                 30   T1568
 *   unusual port                         25   T1571 (12 when only some requests use it)
 *   new and rare                         20   first seen new_after or more after the
 *                                             logs begin, <= rare_terminals terminals
 *   generated-looking name               15   T1568.002
 *   punycode (xn--) or many hyphens      10
 * combined as independent evidence and capped at 55. The last three are
 * common in the long tail of any organisation's traffic, so alone they make
 * a finding only for a destination another detector already reported (this
 * detector runs last for that reason, see registry.c). And none of them says
 * what the terminal did: a destination no other detector reported scores at
 * most UNSUPPORTED_MAX (low, worth a look) unless it was a CONNECT tunnel to a
 * port other than 443 — one request to an address on an odd port (a
 * load-balanced service's WebSocket, a printer's vendor page) is not an
 * incident. */
#include "detect/detector.h"
#include "core/util.h"
#include "detect/facts.h"

#include <libpsl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct dest_ports {
    uint32_t connect_odd;     /* CONNECT to a port other than 443 */
    uint32_t odd_port;        /* requests to a port other than 80 and 443 */
    int32_t port;             /* the last such port */
} dest_ports;

typedef struct destination_state {
    dest_ports *d;
    uint32_t cap;
} destination_state;

static void *destination_open(const detect_ctx *ctx) {
    (void)ctx;
    return xcalloc(1, sizeof(destination_state));
}

static void destination_close(void *state) {
    destination_state *s = state;
    free(s->d);
    free(s);
}

static void destination_on_event(void *state, const det_event *e) {
    destination_state *s = state;
    int32_t port = e->h->port;
    if (port == 0 || port == 80 || port == 443) return;
    if (e->dest >= s->cap) {
        uint32_t cap = s->cap ? s->cap : 4096;
        while (cap <= e->dest) cap *= 2;
        s->d = xrealloc(s->d, (size_t)cap * sizeof *s->d);
        memset(s->d + s->cap, 0, (size_t)(cap - s->cap) * sizeof *s->d);
        s->cap = cap;
    }
    dest_ports *d = &s->d[e->dest];
    if (sv_eq(e->h->method, SV("CONNECT"))) d->connect_odd++;
    d->odd_port++;
    d->port = port;
}

/* Shannon entropy of a label, bits per character. */
static double entropy(sv s) {
    unsigned counts[256] = {0};
    for (size_t i = 0; i < s.n; i++) counts[(unsigned char)s.p[i]]++;
    double h = 0;
    for (int c = 0; c < 256; c++)
        if (counts[c]) {
            double p = (double)counts[c] / (double)s.n;
            h -= p * log2(p);
        }
    return h;
}

enum { T_CONNECT = 1, T_RAW_IP = 2, T_DYNDNS = 4, T_PORT = 8, T_PORT_SOME = 16, T_NEW_RARE = 32, T_GENERATED = 64, T_ODD = 128 };

typedef struct name_traits {
    unsigned bits;
    char label[64];
} name_traits;

/* The weaker traits of a name (generated-looking, odd), from its registrable domain. */
static void judge_name(const psl_ctx_t *psl, sv name, name_traits *nt) {
    const char *reg = psl ? psl_registrable_domain(psl, name.p) : NULL;
    sv r = reg ? sv_cstr(reg) : name;
    ptrdiff_t dot = sv_find_char(r, '.');
    sv label = dot > 0 ? sv_sub(r, 0, (size_t)dot) : r;
    sv_to_buf(label, nt->label, sizeof nt->label);
    size_t digits = 0, hyphens = 0;
    for (size_t i = 0; i < label.n; i++) {
        if (label.p[i] >= '0' && label.p[i] <= '9') digits++;
        if (label.p[i] == '-') hyphens++;
    }
    if ((label.n >= 12 && entropy(label) >= 3.5) || (label.n >= 8 && digits * 10 >= label.n * 4 && digits < label.n))
        nt->bits |= T_GENERATED;
    if (sv_starts_with(label, SV("xn--")) || hyphens >= 3) nt->bits |= T_ODD;
}

static double weight_of(unsigned bits) {
    static const struct {
        unsigned bit;
        double w;
    } w[] = {{T_CONNECT, .35}, {T_RAW_IP, .30}, {T_DYNDNS, .30}, {T_PORT, .25}, {T_PORT_SOME, .12},
             {T_NEW_RARE, .20}, {T_GENERATED, .15}, {T_ODD, .10}};
    double keep = 1;
    for (size_t i = 0; i < ARRAY_LEN(w); i++)
        if (bits & w[i].bit) keep *= 1 - w[i].w;
    return 1 - keep;
}

/* The most a destination scores on its traits alone, without a CONNECT
 * tunnel to an odd port or another detector's finding: low. */
#define UNSUPPORTED_MAX 35

static void report(const detect_ctx *ctx, finding_list *out, uint32_t id, unsigned bits, const dest_ports *dp,
                   const name_traits *nt, bool supported) {
    const observe *o = ctx->obs;
    const obs_dest *d = &o->dests[id];
    finding *f = finding_new(out, "destination", "Unusual destination", "不審な通信先");
    sv dn = obs_dest_name(o, id);
    f->destination = finding_strdup(out, dn.p, dn.n);
    f->dest_id = id;
    f->terminals = d->terminals;
    finding_span(f, obs_ms(d->first_s), obs_ms(d->last_s));
    char a[FACT_BUFSZ];
    if (bits & T_CONNECT)
        finding_fact(out, f, "%u CONNECT requests to port %d (tunnels normally go to 443)",
                     "ポート %2$d への CONNECT が %1$u 件 (通常は 443)", dp->connect_odd, dp->port);
    if (bits & T_RAW_IP)
        finding_fact(out, f, "addressed by IP address, not by name", "ホスト名ではなく IP アドレスで接続");
    if (bits & T_DYNDNS) finding_fact(out, f, "a dynamic DNS name", "ダイナミック DNS のホスト名");
    if (bits & (T_PORT | T_PORT_SOME))
        finding_fact(out, f, "%u requests to unusual port %d", "通常と異なるポート %2$d への通信が %1$u 件", dp->odd_port,
                     dp->port);
    if (bits & T_NEW_RARE)
        finding_fact(out, f, "first seen %s, contacted by %u terminal%s", "初回観測 %s、通信した端末は %u 台%.0s",
                     fact_time(obs_ms(d->first_s), a), d->terminals, d->terminals == 1 ? "" : "s");
    if (bits & T_GENERATED)
        finding_fact(out, f, "the name \"%s\" looks generated (random letters or digits)",
                     "ホスト名 \"%s\" が機械的に生成されたように見える", nt->label);
    if (bits & T_ODD) finding_fact(out, f, "an unusual name \"%s\"", "見慣れない形のホスト名 \"%s\"", nt->label);
    detect_ref(ctx, f, &d->first_ref);
    double cap = supported || (bits & T_CONNECT) ? 55 : UNSUPPORTED_MAX;
    finding_set_score(f, (int)lround(fmin(cap, 100 * weight_of(bits))));
    f->stage = KC_COMMAND_AND_CONTROL;
    finding_attack(f, "T1071.001");
    if (bits & (T_PORT | T_PORT_SOME | T_CONNECT)) finding_attack(f, "T1571");
    if (bits & T_CONNECT) finding_attack(f, "T1572");
    if (bits & T_DYNDNS) finding_attack(f, "T1568");
    if (bits & T_GENERATED) finding_attack(f, "T1568.002");
}

static void destination_finish(void *state, const detect_ctx *ctx, finding_list *out) {
    destination_state *s = state;
    const observe *o = ctx->obs;
    const scan_settings *cfg = &ctx->cfg->scan;
    psl_ctx_t *psl = psl_latest(NULL);
    const psl_ctx_t *use = psl ? psl : psl_builtin();
    int64_t span_ms = (int64_t)(o->last_s - o->first_s) * 1000;
    bool judge_new = o->npairs && span_ms >= 2 * cfg->new_after_ms;
    uint8_t *reported_by_others = xcalloc((size_t)o->ndests / 8 + 1, 1);
    for (size_t i = 0; i < finding_count(out); i++) {
        uint32_t id = finding_at(out, i)->dest_id;
        if (id < o->ndests) reported_by_others[id / 8] |= (uint8_t)(1u << (id % 8));
    }
    for (uint32_t id = 0; id < o->ndests; id++) {
        const obs_dest *d = &o->dests[id];
        static const dest_ports none;
        const dest_ports *dp = id < s->cap ? &s->d[id] : &none;
        unsigned bits = 0;
        if (dp->connect_odd) bits |= T_CONNECT;
        if (dp->odd_port) bits |= dp->odd_port * 2 >= d->requests ? T_PORT : T_PORT_SOME;
        sv name = obs_dest_name(o, id);
        ipaddr ip;
        name_traits nt = {0};
        bool is_ip = ip_parse(name, &ip);
        if (is_ip && !ip_is_private(&ip)) bits |= T_RAW_IP;
        if (!is_ip && hostset_match(&ctx->cfg->dynamic_dns, name)) bits |= T_DYNDNS;
        bool primary = weight_of(bits) >= 0.12;
        bool reported = (reported_by_others[id / 8] >> (id % 8) & 1);
        if (!primary && !reported) continue; /* the weaker traits below would not count */
        if (!is_ip) {
            judge_name(use, name, &nt);
            bits |= nt.bits;
        }
        if (judge_new && d->terminals <= cfg->rare_terminals &&
            (int64_t)(d->first_s - o->first_s) * 1000 >= cfg->new_after_ms)
            bits |= T_NEW_RARE;
        if (!bits) continue;
        report(ctx, out, id, bits, dp, &nt, reported);
    }
    if (psl) psl_free(psl);
    free(reported_by_others);
}

const detector detector_destination = {
    .name = "destination",
    .summary_en = "raw IP hosts, unusual ports, CONNECT to ports other than 443, new and rare or odd-looking names",
    .summary_ja = "IP アドレス直接指定、通常と異なるポート、443 以外への CONNECT、新しく珍しい通信先、不自然なホスト名",
    .kinds = DET_KIND(EV_HTTP),
    .open = destination_open,
    .on_event = destination_on_event,
    .finish = destination_finish,
    .close = destination_close,
};
