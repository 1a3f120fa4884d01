/* emit.c - from records to log lines: routes each record to its writer,
 * keeps the ground truth, and applies the planted proxy-log gap.
 *
 * A proxy transaction that reached a server also opens a session through
 * the edge firewall (the proxy is the only host allowed out), so the
 * FortiGate log shows the proxy's side of every fetch, including those that
 * fell into a gap of the proxy log - as in the real case, where the firewall
 * would still have them. */
#include "sim/sim.h"
#include "sim/firewall/firewall.h"
#include "sim/fileserver/samba_audit.h"
#include "sim/proxy/proxy.h"
#include "sim/truth.h"
#include "sim/windows/windows.h"

#include <stdio.h>

bool sim_in_gap(const sim *s, int64_t t) { return s->opt.has_gap && t >= s->opt.gap_from && t < s->opt.gap_to; }

uint16_t sim_ephemeral(sim *s) {
    s->ephemeral = s->ephemeral >= 60999 ? 32768 : s->ephemeral + 1;
    return (uint16_t)s->ephemeral;
}

static const char *service_for(uint16_t port) {
    switch (port) {
    case 80: return "HTTP";
    case 443: return "HTTPS";
    case 25: return "SMTP";
    case 53: return "DNS";
    case 123: return "NTP";
    default: return NULL;
    }
}

void emit_http(sim *s, const sim_http *h) {
    if (!sim_in_gap(s, h->t)) {
        buf *b = sink_begin(&s->proxy, h->t);
        s->pw->write(b, h, s);
        sink_end(&s->proxy);
        truth_http(s->truth, h);
    }
    if (!h->server_ip || (h->verdict != SV_ALLOWED && h->verdict != SV_CONNECT_ERROR)) return;
    char svc[16];
    const char *service = service_for(h->port);
    if (!service) {
        snprintf(svc, sizeof svc, "tcp/%u", h->port);
        service = svc;
    }
    bool timeout = h->verdict == SV_CONNECT_ERROR;
    sim_conn c = {
        .t = h->t,
        .src = s->w.proxy_ip,
        .dst = h->server_ip,
        .sport = sim_ephemeral(s),
        .dport = h->port,
        .proto = 6,
        .allowed = true,
        .timeout = timeout,
        .sent = timeout ? 0 : h->bytes_out + 40,
        .rcvd = timeout ? 0 : h->bytes_in + 60,
        .duration_ms = h->duration_ms,
        .service = service,
        .policy = 3,
    };
    emit_edge(s, &c);
}

void emit_edge(sim *s, const sim_conn *c) {
    buf *b = sink_begin(&s->edge, c->t);
    fortigate_write(b, c, s);
    sink_end(&s->edge);
}

void emit_core(sim *s, const sim_conn *c) {
    buf *b = sink_begin(&s->core, c->t);
    iptables_write(b, c, s);
    sink_end(&s->core);
}

char *term_fqdn(const sim *s, uint32_t t, char *out) {
    snprintf(out, 40, "%s.%s", s->w.term[t].host, AD_DOMAIN);
    return out;
}

void emit_win(sim *s, sim_win *w) {
    char fqdn[40];
    const char *computer, *host_name;
    uint64_t id;
    int ch = w->channel == WIN_SYSTEM ? 1 : 0;
    if (w->host == HOST_DC) {
        host_name = "DC01";
        computer = "DC01." AD_DOMAIN;
        id = ++s->server_rec[ch] + (ch ? 20000 : 4800000);
    } else if (w->host == HOST_ADMIN) {
        host_name = "ADMIN-PC01";
        computer = "ADMIN-PC01." AD_DOMAIN;
        id = ++s->server_rec[2 + ch] + (ch ? 3000 : 150000);
    } else {
        host_name = s->w.term[w->host].host;
        computer = term_fqdn(s, (uint32_t)w->host, fqdn);
        id = ++s->rec_ids[(uint32_t)w->host * 2 + (uint32_t)ch] + (ch ? 1200 : 23000);
    }
    if (s->winevtx) {
        winevtx_write(s->winevtx, w, host_name, computer, id);
        return;
    }
    sim_sink *k = w->host == HOST_DC ? &s->winxml : &s->winjson;
    buf *b = sink_begin(k, w->t);
    if (w->host == HOST_DC) winxml_write(b, w, computer, id);
    else winlogbeat_write(b, w, computer, id);
    sink_end(k);
}

void emit_fop(sim *s, const sim_fop *f) {
    buf *b = sink_begin(&s->files, f->t);
    samba_audit_write(b, f);
    sink_end(&s->files);
}
