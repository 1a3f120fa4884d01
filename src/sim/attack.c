/* attack.c - see attack.h. */
#include "sim/attack.h"
#include "core/util.h"
#include "sim/names.h"
#include "sim/truth.h"
#include "sim/windows/events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- implants */

typedef struct implant {
    implant_spec spec;
    int64_t busy_until;
    uint32_t beacons;
    bool tried_direct;
    char query[64];
} implant;

static void direct_attempt(sim *s, actor *a, const implant *im, const c2_dest *d) {
    sim_conn c = {.t = a->t, .src = s->w.term[im->spec.term].ip, .dst = d->ip,
                  .sport = (uint16_t)(49152 + rng_below(&a->r, 16000)), .dport = d->port, .proto = 6,
                  .sent = 0, .rcvd = 0, .policy = 0};
    emit_edge(s, &c);
}

static void fill_failure(sim_http *h, fail_mode f, rng *r) {
    h->server_ip = f == FAIL_CONNECT ? h->server_ip : 0;
    h->bytes_in = 3600 + (int64_t)rng_below(r, 400);
    h->ctype = "text/html";
    switch (f) {
    case FAIL_AUTH: h->verdict = SV_AUTH, h->status = 407, h->duration_ms = (int64_t)rng_below(r, 3); break;
    case FAIL_DENIED: h->verdict = SV_DENIED, h->status = 403, h->duration_ms = (int64_t)rng_below(r, 3); break;
    case FAIL_DNS: h->verdict = SV_DNS_ERROR, h->status = 503, h->duration_ms = 20 + (int64_t)rng_below(r, 200); break;
    default: h->verdict = SV_CONNECT_ERROR, h->status = 503, h->duration_ms = 60000 + (int64_t)rng_below(r, 900); break;
    }
}

static void implant_request(sim *s, actor *a, implant *im, const c2_dest *d, bool busy) {
    rng *r = &a->r;
    const implant_spec *sp = &im->spec;
    char query[80];
    sim_http h = {
        .t = a->t,
        .client = s->w.term[sp->term].ip,
        .user = sp->proxy_auth ? s->w.people[s->w.term[sp->term].staff].user : NULL,
        .host = d->host,
        .port = d->port,
        .server_ip = d->ip,
        .ua = sp->ua,
        .category = d->category,
        .attack = (int16_t)sp->slot,
        .dest = (int16_t)d->truth,
        .status = 200,
    };
    if (d->style == C2_CONNECT) {
        h.method = "CONNECT";
        h.connect = true;
        h.duration_ms = busy ? 20000 + (int64_t)rng_exp(r, 60000) : 800 + (int64_t)rng_below(r, 3000);
        h.bytes_out = busy ? 4000 + (int64_t)rng_exp(r, 40000) : 900 + (int64_t)rng_below(r, 600);
        h.bytes_in = busy ? 3000 + (int64_t)rng_exp(r, 30000) : 600 + (int64_t)rng_below(r, 900);
    } else {
        h.scheme = "http";
        h.path = d->path;
        bool post = busy && rng_chance(r, 0.5);
        h.method = post ? "POST" : "GET";
        if (!post) {
            /* the implant's id and a counter, base64-like */
            char id[13];
            rng_alnum(r, id, 12);
            id[12] = 0;
            snprintf(query, sizeof query, "%c=%s%u", "dkspq"[sp->term % 5], id, im->beacons % 1000);
            h.query = query;
        }
        h.ctype = "text/html";
        h.duration_ms = 150 + (int64_t)rng_exp(r, 400);
        h.bytes_out = post ? 1500 + (int64_t)rng_exp(r, 20000) : 330 + (int64_t)rng_below(r, 120);
        h.bytes_in = busy ? 400 + (int64_t)rng_exp(r, 6000) : 180 + (int64_t)rng_below(r, 300);
        /* compromised sites answer the implant with an error page holding the orders */
        if (rng_chance(r, 0.3)) h.status = 404;
    }
    if (d->fail != FAIL_NONE) fill_failure(&h, d->fail, r);
    emit_http(s, &h);
}

static void implant_fire(sim *s, actor *a) {
    implant *im = a->data;
    const implant_spec *sp = &im->spec;
    rng *r = &a->r;
    if (a->t >= sp->stop) {
        a->t = SIM_NEVER;
        return;
    }
    if (!world_powered(&s->w, sp->term, a->t)) {
        int64_t next = world_next_powered(&s->w, sp->term, a->t);
        a->t = next == SIM_NEVER || next >= sp->stop ? SIM_NEVER : next + (int64_t)rng_range(r, 40, 300) * SEC_MS;
        return;
    }
    const c2_dest *d = sp->dest[0];
    if (sp->ndest > 1 && rng_chance(r, 0.12)) d = sp->dest[1 + rng_below(r, (uint64_t)sp->ndest - 1)];
    /* a direct try needs the address: not when the name does not resolve */
    if (sp->direct_first && d->fail != FAIL_DNS && (!im->tried_direct || rng_chance(r, 0.05))) {
        im->tried_direct = true;
        direct_attempt(s, a, im, d);
    }
    bool busy = a->t < im->busy_until;
    /* a proxy-aware implant goes through the NTLM handshake like a browser */
    if (sp->proxy_auth && d->fail == FAIL_NONE && rng_chance(r, 0.04)) {
        sim_http c = {.t = a->t, .client = s->w.term[sp->term].ip, .method = d->style == C2_CONNECT ? "CONNECT" : "GET",
                      .connect = d->style == C2_CONNECT, .scheme = "http", .host = d->host, .port = d->port,
                      .path = d->path, .status = 407, .verdict = SV_AUTH, .ctype = "text/html",
                      .bytes_in = 3900, .bytes_out = 310, .ua = sp->ua, .category = d->category,
                      .attack = (int16_t)sp->slot, .dest = (int16_t)d->truth};
        emit_http(s, &c);
    }
    implant_request(s, a, im, d, busy);
    im->beacons++;
    if (!busy && d->fail == FAIL_NONE && rng_chance(r, sp->busy_p))
        im->busy_until = a->t + (int64_t)(rng_exp(r, 25 * 60.0) * 1000) + 5 * MIN_MS;
    double wait = busy ? rng_range(r, 5, 25) : rng_jitter(r, sp->idle_s, 0.3);
    a->t += (int64_t)(wait * 1000);
}

void implant_start(sim *s, const implant_spec *spec) {
    actor *a = sim_actor(s, implant_fire, spec->term, spec->start, 0x30000000000ull + (uint64_t)spec->slot * 16,
                         sizeof(implant));
    implant *im = a->data;
    im->spec = *spec;
    /* the operator is at the keyboard right after the infection */
    if (spec->busy_p > 0) im->busy_until = spec->start + 20 * MIN_MS;
}

/* ------------------------------------------------------------ exfiltration */

typedef struct exfil {
    exfil_spec spec;
    int64_t burst_until;
    char path[128];
} exfil;

static void exfil_fire(sim *s, actor *a) {
    exfil *x = a->data;
    const exfil_spec *sp = &x->spec;
    rng *r = &a->r;
    if (a->t >= sp->stop) {
        a->t = SIM_NEVER;
        return;
    }
    if (!world_powered(&s->w, sp->term, a->t)) {
        int64_t next = world_next_powered(&s->w, sp->term, a->t);
        a->t = next == SIM_NEVER || next >= sp->stop ? SIM_NEVER : next + (int64_t)rng_range(r, 5, 30) * MIN_MS;
        x->burst_until = 0;
        return;
    }
    if (a->t >= x->burst_until) {
        if (x->burst_until) {
            /* a pause between upload sessions */
            x->burst_until = 0;
            a->t += (int64_t)(rng_exp(r, 50 * 60.0) * 1000) + 10 * MIN_MS;
            return;
        }
        x->burst_until = a->t + (int64_t)(rng_exp(r, 30 * 60.0) * 1000) + 10 * MIN_MS;
    }
    const c2_dest *d = sp->dest;
    char name[9];
    rng_alnum(r, name, 8);
    name[8] = 0;
    snprintf(x->path, sizeof x->path, "%s%s.dat", d->path, name);
    int64_t size = 80000 + (int64_t)rng_exp(r, 450000);
    sim_http h = {
        .t = a->t,
        .client = s->w.term[sp->term].ip,
        .user = s->w.people[s->w.term[sp->term].staff].user,
        .method = "POST",
        .scheme = "http",
        .host = d->host,
        .port = d->port,
        .path = x->path,
        .status = 200,
        .server_ip = d->ip,
        .ctype = "text/plain",
        .bytes_in = 210 + (int64_t)rng_below(r, 40),
        .bytes_out = size,
        .duration_ms = size / 900 + 200,
        .ua = sp->ua,
        .category = d->category,
        .attack = (int16_t)sp->slot,
        .dest = (int16_t)d->truth,
    };
    emit_http(s, &h);
    a->t += (int64_t)(rng_range(r, 15, 90) * 1000) + h.duration_ms;
}

void exfil_start(sim *s, const exfil_spec *spec) {
    actor *a = sim_actor(s, exfil_fire, spec->term, spec->start, 0x30000000000ull + (uint64_t)spec->slot * 16 + 1,
                         sizeof(exfil));
    ((exfil *)a->data)->spec = *spec;
}

/* --------------------------------------------------------------- bulk read */

typedef struct bulk {
    int left, archive_parts;
    char archive[96];
} bulk;

static void lower_host(const char *host, char *out, size_t n) {
    snprintf(out, n, "%s", host);
    for (char *c = out; *c; c++) *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
}

static void bulk_fire(sim *s, actor *a) {
    bulk *b = a->data;
    rng *r = &a->r;
    const terminal *tm = &s->w.term[a->term];
    char machine[16], path[200];
    lower_host(tm->host, machine, sizeof machine);
    sim_fop f = {.t = a->t, .user = s->w.people[tm->staff].user, .client = tm->ip, .machine = machine,
                 .share = departments[tm->dept].share, .ok = true};
    if (b->left > 0) {
        static const char *const kinds[] = {"加入者一覧", "年金記録", "基礎年金番号台帳", "給付状況", "住所変更届"};
        snprintf(path, sizeof path, "個人情報/%s_%03u.%s", kinds[rng_below(r, 5)], (unsigned)rng_below(r, 400),
                 rng_chance(r, 0.6) ? "xlsx" : "csv");
        f.path = path;
        f.op = "openat";
        f.flag = "r";
        emit_fop(s, &f);
        f.flag = NULL;
        f.op = "pread";
        emit_fop(s, &f);
        f.op = "close";
        emit_fop(s, &f);
        b->left--;
        a->t += 300 + (int64_t)rng_exp(r, 1500);
        return;
    }
    if (!b->archive[0]) {
        char id[7];
        rng_alnum(r, id, 6);
        id[6] = 0;
        snprintf(b->archive, sizeof b->archive, "作業用/~wk%s.rar", id);
        f.path = b->archive;
        f.op = "openat";
        f.flag = "w";
        emit_fop(s, &f);
        b->archive_parts = (int)rng_range(r, 3, 8);
        a->t += 2000;
        return;
    }
    f.path = b->archive;
    if (b->archive_parts-- > 0) {
        f.op = "pwrite";
        emit_fop(s, &f);
        a->t += 1500 + (int64_t)rng_below(r, 3000);
        return;
    }
    f.op = "close";
    emit_fop(s, &f);
    a->t = SIM_NEVER;
}

void bulk_read_start(sim *s, uint32_t term, int64_t start, int files, uint64_t stream) {
    actor *a = sim_actor(s, bulk_fire, term, start, 0x40000000000ull + stream, sizeof(bulk));
    ((bulk *)a->data)->left = files;
}

/* --------------------------------------------------------------- lateral */

void lateral_emit(sim *s, int64_t t, uint32_t src, uint32_t dst, bool with_guess, rng *r) {
    const terminal *a = &s->w.term[src], *b = &s->w.term[dst];
    char src_ip[16], sid[64], user_sid_buf[64], svc[12], image[64], target_fqdn[40];
    ip4_str(a->ip, src_ip);
    const staff *p = &s->w.people[a->staff];
    win_account subject = {p->user, NETBIOS_DOMAIN, user_sid(a->staff, user_sid_buf)};
    win_account admin = {"Administrator", b->host, local_admin_sid((int32_t)dst, sid)};
    term_fqdn(s, dst, target_fqdn);
    if (with_guess) {
        const staff *victim = &s->w.people[b->staff];
        winev_logon_failed(s, t, (int32_t)dst, 3, victim->user, NETBIOS_DOMAIN, src_ip, a->host, "0xc000006a");
    }
    winev_explicit(s, t, (int32_t)src, &subject, "Administrator", b->host, target_fqdn);
    emit_core(s, &(sim_conn){.t = t, .src = a->ip, .dst = b->ip, .sport = (uint16_t)(49152 + rng_below(r, 16000)),
                             .dport = 445, .proto = 6, .allowed = true});
    winev_logon(s, t, (int32_t)dst, 3, &admin, src_ip, a->host, true);
    winev_special(s, t, (int32_t)dst, &admin);
    /* a randomly named service runs the implant once */
    for (int i = 0; i < 8; i++) svc[i] = (char)('a' + rng_below(r, 26));
    svc[0] = (char)(svc[0] - 32);
    svc[8] = 0;
    snprintf(image, sizeof image, "%%SystemRoot%%\\Temp\\%s.exe", svc);
    winev_service_installed(s, t, (int32_t)dst, &admin, svc, image);
    winev_service_state(s, t, (int32_t)dst, svc, "running");
    truth_edge *e = vec_push(&s->truth->edges);
    e->t = t;
    e->src_term = src;
    e->dst_term = dst;
    e->account = "Administrator";
    e->ok = true;
}

/* ---------------------------------------------------------------- script */

typedef struct step {
    int64_t t;
    uint32_t order;
    step_fn fn;
    void *arg;
} step;

struct script {
    vec steps;      /* of step */
    arena *mem;
    size_t next;
};

script *script_new(sim *s) {
    script *sc = arena_zalloc(&s->mem, sizeof *sc);
    vec_init(&sc->steps, sizeof(step));
    sc->mem = &s->mem;
    s->script = sc;
    return sc;
}

void script_free(script *sc) {
    if (sc) vec_free(&sc->steps);
}

void script_add(script *sc, int64_t t, step_fn fn, const void *arg, size_t arg_size) {
    step *st = vec_push(&sc->steps);
    st->t = t;
    st->order = (uint32_t)sc->steps.len;
    st->fn = fn;
    st->arg = arena_alloc(sc->mem, arg_size ? arg_size : 1);
    if (arg_size) memcpy(st->arg, arg, arg_size);
}

static int step_cmp(const void *x, const void *y) {
    const step *a = x, *b = y;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static void script_fire(sim *s, actor *a) {
    script *sc = *(script **)a->data;
    while (sc->next < sc->steps.len && VEC_AT(&sc->steps, step, sc->next).t <= a->t) {
        step *st = &VEC_AT(&sc->steps, step, sc->next++);
        st->fn(s, st->arg, a->t);
    }
    if (sc->next >= sc->steps.len) {
        a->t = SIM_NEVER;
        return;
    }
    a->t = VEC_AT(&sc->steps, step, sc->next).t;
}

void script_start(sim *s, script *sc) {
    vec_sort(&sc->steps, step_cmp);
    int64_t first = sc->steps.len ? VEC_AT(&sc->steps, step, 0).t : SIM_NEVER;
    /* steps before the simulated window are skipped */
    while (sc->next < sc->steps.len && VEC_AT(&sc->steps, step, sc->next).t < s->w.start_ms) sc->next++;
    if (sc->next < sc->steps.len) first = VEC_AT(&sc->steps, step, sc->next).t;
    actor *a = sim_actor(s, script_fire, UINT32_MAX, first, 0x50000000000ull, sizeof(script *));
    *(script **)a->data = sc;
}
