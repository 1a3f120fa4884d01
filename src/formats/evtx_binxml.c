/* evtx_binxml.c - the binary XML of one .evtx record, decoded into a win_event.
 *
 * A record's body is a token stream: a fragment header, then a template
 * instance (template definition, given inline the first time and by its chunk
 * offset after that, plus the values to substitute), then end-of-file. The
 * template is itself a token stream of elements, attributes, text and
 * substitution tokens that name a value by index. A value of type BinXml
 * holds a further token stream (often another template instance).
 *
 * The decoder walks the tokens once, keeping a stack of open elements like a
 * SAX parser, and renders text only where a field is wanted: the System
 * fields, Provider@Name, TimeCreated@SystemTime, EventData's Data and Binary
 * elements, and the children of UserData's element, exactly as winxml.c picks
 * them from Event XML, so the two readers give the same pairs. A wanted
 * element that holds elements (a BinXml value) gets them as compact XML text.
 *
 * What evtxexport does and we do too: an optional substitution with no value
 * (type NULL) leaves its element or attribute out; an array value repeats its
 * element once per item (an empty array gives one empty element).
 *
 * Hostile input: every offset and length is checked against the chunk;
 * templates and BinXml values nest at most EVTX_NEST_MAX deep (a template
 * that names itself ends there), elements EVTX_DEPTH_MAX deep, a record runs
 * at most EVTX_STEPS_MAX tokens and renders at most EVTX_TEXT_MAX bytes. */
#include "formats/evtx_internal.h"
#include "core/mtime.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

/* Names the decoder acts on, recognised once when a name is first decoded. */
typedef enum {
    K_OTHER = 0, K_SYSTEM, K_EVENTDATA, K_USERDATA, K_PROVIDER, K_TIMECREATED, K_EVENTID, K_EVENTRECORDID,
    K_CHANNEL, K_COMPUTER, K_LEVEL, K_DATA, K_BINARY, K_NAME, K_EVENTSOURCENAME, K_SYSTEMTIME,
} known_name;

static const struct {
    const char *s;
    known_name k;
} known_names[] = {
    {"System", K_SYSTEM},     {"EventData", K_EVENTDATA},         {"UserData", K_USERDATA},
    {"Provider", K_PROVIDER}, {"TimeCreated", K_TIMECREATED},     {"EventID", K_EVENTID},
    {"EventRecordID", K_EVENTRECORDID}, {"Channel", K_CHANNEL},   {"Computer", K_COMPUTER},
    {"Level", K_LEVEL},       {"Data", K_DATA},                   {"Binary", K_BINARY},
    {"Name", K_NAME},         {"EventSourceName", K_EVENTSOURCENAME}, {"SystemTime", K_SYSTEMTIME},
};

/* What an open element is to the decoder. */
typedef enum { R_NONE = 0, R_FIELD, R_PAIR, R_INNER } role;
/* What an attribute being read is for. */
typedef enum { A_NONE = 0, A_PROVIDER_NAME, A_PROVIDER_ESN, A_SYSTEMTIME, A_DATA_NAME, A_INNER } attr_kind;
/* The System fields kept as text. */
enum { F_EVENTID = 0, F_RECORDID, F_CHANNEL, F_COMPUTER, F_LEVEL, F_COUNT };

typedef struct span {
    uint32_t at, len;
    bool set;
} span;

typedef struct frame {
    sv name;
    uint8_t known, role, field;
    bool omit;            /* an optional substitution without a value: leave the element out */
    bool empty;           /* closed with "/>" */
    uint32_t mark;        /* text length when the element began (to take an inner element back) */
    uint32_t text_at;     /* where its content's text starts */
    span pair_name;       /* Data@Name */
} frame;

typedef struct pair_ref {
    sv name;              /* a stable name, or empty: then name_in_text */
    span name_in_text;
    uint32_t at, len;
} pair_ref;

typedef struct value_ref {
    uint32_t off;
    uint16_t size;
    uint8_t type;
} value_ref;

struct evtx_decoder {
    const uint8_t *c;
    uint32_t n;
    evtx_text text;
    /* names of the current chunk */
    evtx_name_slot slot[EVTX_NAME_SLOTS];
    uint8_t slot_known[EVTX_NAME_SLOTS];
    uint32_t gen;
    char names[EVTX_NAME_BYTES];
    size_t names_len;
    /* substitution values of the open template instances (a stack) */
    value_ref vals[EVTX_VALUES_MAX];
    uint32_t nvals;
    /* the record being decoded */
    frame st[EVTX_DEPTH_MAX];
    int depth;
    uint32_t steps;
    uint32_t chunk_steps;     /* tokens of the records of this chunk so far */
    bool in_attr;
    uint8_t attr;
    bool attr_omit;
    uint32_t attr_mark, attr_at;
    span provider_name, provider_esn, systemtime;
    bool have_ft;
    int64_t ft_ms;
    span field[F_COUNT];
    pair_ref pair[WIN_MAX_DATA];
    uint16_t npairs, dropped;
    win_pairs out;
    const char *why;
};

evtx_decoder *evtx_decoder_new(void) { return xcalloc(1, sizeof(evtx_decoder)); }

void evtx_decoder_free(evtx_decoder *d) {
    if (!d) return;
    evtx_text_free(&d->text);
    free(d);
}

void evtx_decoder_chunk(evtx_decoder *d, const uint8_t *chunk, size_t n) {
    d->c = chunk;
    d->n = (uint32_t)(n < EVTX_CHUNK_BYTES ? n : EVTX_CHUNK_BYTES);
    d->gen++;
    if (d->gen == 0) { /* wrapped: clear the stamps once */
        memset(d->slot, 0, sizeof d->slot);
        d->gen = 1;
    }
    d->names_len = 0;
    d->chunk_steps = 0;
}

static bool fail(evtx_decoder *d, const char *why) {
    if (!d->why) d->why = why;
    return false;
}

static bool have(const evtx_decoder *d, uint32_t pos, uint32_t k, uint32_t end) {
    return pos <= end && end - pos >= k && end <= d->n;
}

static known_name recognise(sv s) {
    for (size_t i = 0; i < sizeof known_names / sizeof known_names[0]; i++)
        if (sv_eq_cstr(s, known_names[i].s)) return known_names[i].k;
    return K_OTHER;
}

/* The name stored at chunk offset `off`: 4 bytes (next), hash, count, UTF-16,
 * NUL. *after gets the offset just past it. */
static bool name_at(evtx_decoder *d, uint32_t off, sv *out, uint8_t *known, uint32_t *after) {
    if (!have(d, off, 8, d->n)) return fail(d, "element or attribute name outside the chunk");
    uint32_t count = evtx_u16(d->c + off + 6);
    if (!have(d, off + 8, 2 * count, d->n)) return fail(d, "element or attribute name runs past the chunk end");
    *after = off + 8 + 2 * count + (have(d, off + 8 + 2 * count, 2, d->n) ? 2 : 0);
    uint32_t h = (off * 2654435761u) >> (32 - 13);
    for (uint32_t probe = 0; probe < EVTX_NAME_PROBES; probe++) {
        evtx_name_slot *s = &d->slot[(h + probe) & (EVTX_NAME_SLOTS - 1)];
        size_t i = (size_t)(s - d->slot);
        if (s->gen == d->gen && s->off == off) {
            *out = sv_make(d->names + s->at, s->len);
            *known = d->slot_known[i];
            return true;
        }
        if (s->gen != d->gen) {
            /* decode it once into the chunk's name area (sized so that every
             * name of a chunk fits; see evtx_internal.h) */
            if ((size_t)count * 3 > sizeof d->names - d->names_len || count > 0x5555)
                return fail(d, "too many names in one chunk");
            size_t len = evtx_utf16_to_utf8(d->names + d->names_len, d->c + off + 8, count, EVTX_RAW);
            s->gen = d->gen;
            s->off = off;
            s->at = (uint32_t)d->names_len;
            s->len = (uint16_t)len;
            d->names_len += len;
            *out = sv_make(d->names + s->at, s->len);
            d->slot_known[i] = (uint8_t)recognise(*out);
            *known = d->slot_known[i];
            return true;
        }
    }
    return fail(d, "too many names in one chunk");
}

/* A name reference at pos: the offset, and the name itself when it is stored
 * right there (the first use in a chunk). Moves *pos past both. */
static bool name_ref(evtx_decoder *d, uint32_t *pos, uint32_t end, sv *out, uint8_t *known) {
    if (!have(d, *pos, 4, end)) return fail(d, "name offset past the end of the record");
    uint32_t off = evtx_u32(d->c + *pos), after;
    *pos += 4;
    if (!name_at(d, off, out, known, &after)) return false;
    if (off == *pos) {
        if (after > end) return fail(d, "name runs past the end of the record");
        *pos = after;
    }
    return true;
}

/* ---- text capture ---- */

static frame *top(evtx_decoder *d) { return d->depth ? &d->st[d->depth - 1] : NULL; }

/* How text at this point is kept: -1 not at all, else the escape to use. */
static int capture_mode(evtx_decoder *d) {
    if (d->in_attr) {
        if (d->attr == A_NONE) return -1;
        return d->attr == A_INNER ? EVTX_ESC_ATTR : EVTX_RAW;
    }
    frame *f = top(d);
    if (!f || f->role == R_NONE) return -1;
    return f->role == R_INNER ? EVTX_ESC_TEXT : EVTX_RAW;
}

static void put_sv(evtx_decoder *d, sv s) { evtx_text_put(&d->text, s.p, s.n); }

static sv text_sv(const evtx_decoder *d, uint32_t at, uint32_t len) { return sv_make(d->text.p + at, len); }

static bool in_level1(const evtx_decoder *d, known_name k) { return d->depth > 1 && d->st[1].known == k; }

static void element_start(evtx_decoder *d, sv name, uint8_t known) {
    int lv = d->depth;
    frame *f = &d->st[lv];
    frame *parent = lv ? &d->st[lv - 1] : NULL;
    *f = (frame){.name = name, .known = known, .mark = (uint32_t)d->text.len};
    d->depth++;
    if (parent && parent->role != R_NONE) {
        f->role = R_INNER;
        put_sv(d, SV("<"));
        put_sv(d, name);
    } else if (lv == 2 && in_level1(d, K_SYSTEM)) {
        static const uint8_t field_of[] = {[K_EVENTID] = F_EVENTID + 1, [K_EVENTRECORDID] = F_RECORDID + 1,
                                           [K_CHANNEL] = F_CHANNEL + 1, [K_COMPUTER] = F_COMPUTER + 1,
                                           [K_LEVEL] = F_LEVEL + 1};
        if (known < sizeof field_of && field_of[known]) {
            f->role = R_FIELD;
            f->field = (uint8_t)(field_of[known] - 1);
        }
    } else if (lv == 2 && in_level1(d, K_EVENTDATA) && (known == K_DATA || known == K_BINARY)) {
        f->role = R_PAIR;
    } else if (lv == 3 && in_level1(d, K_USERDATA)) {
        f->role = R_PAIR;
    }
}

static void add_pair(evtx_decoder *d, frame *f) {
    if (d->npairs >= WIN_MAX_DATA) {
        if (d->dropped < UINT16_MAX) d->dropped++;
        return;
    }
    pair_ref *p = &d->pair[d->npairs++];
    *p = (pair_ref){.at = f->text_at, .len = (uint32_t)d->text.len - f->text_at};
    if (f->known == K_DATA && d->depth == 3) { /* EventData/Data: its Name, or "Data" */
        if (f->pair_name.set && f->pair_name.len) p->name_in_text = f->pair_name;
        else p->name = SV("Data");
    } else {
        p->name = f->name; /* Binary, or UserData's field */
    }
}

/* The element's content is complete (end tag, or "/>"), or an array value
 * repeats it: emit what it stands for. */
static void element_emit(evtx_decoder *d, frame *f) {
    if (f->omit) return;
    if (f->role == R_FIELD) {
        d->field[f->field] = (span){f->text_at, (uint32_t)d->text.len - f->text_at, true};
    } else if (f->role == R_PAIR) {
        add_pair(d, f);
    }
}

static bool element_end(evtx_decoder *d) {
    frame *f = top(d);
    if (!f) return fail(d, "end tag without an open element");
    if (f->role == R_INNER) {
        if (f->omit) {
            d->text.len = f->mark;
        } else if (!f->empty) {
            put_sv(d, SV("</"));
            put_sv(d, f->name);
            put_sv(d, SV(">"));
        }
    } else {
        element_emit(d, f);
    }
    d->depth--;
    return true;
}

static void attr_end(evtx_decoder *d) {
    if (!d->in_attr) return;
    d->in_attr = false;
    frame *f = top(d);
    span s = {d->attr_at, (uint32_t)d->text.len - d->attr_at, !d->attr_omit};
    switch (d->attr) {
    case A_INNER:
        if (d->attr_omit) d->text.len = d->attr_mark;
        else put_sv(d, SV("\""));
        break;
    case A_PROVIDER_NAME: d->provider_name = s; break;
    case A_PROVIDER_ESN: d->provider_esn = s; break;
    case A_SYSTEMTIME: d->systemtime = s; break;
    case A_DATA_NAME:
        if (f) f->pair_name = s;
        break;
    default: break;
    }
}

static void attr_start(evtx_decoder *d, sv name, uint8_t known) {
    attr_end(d);
    frame *f = top(d);
    d->in_attr = true;
    d->attr_omit = false;
    d->attr = A_NONE;
    d->attr_mark = (uint32_t)d->text.len;
    if (!f) return;
    if (f->role == R_INNER) {
        d->attr = A_INNER;
        put_sv(d, SV(" "));
        put_sv(d, name);
        put_sv(d, SV("=\""));
    } else if (d->depth == 3 && in_level1(d, K_SYSTEM) && f->known == K_PROVIDER) {
        if (known == K_NAME) d->attr = A_PROVIDER_NAME;
        else if (known == K_EVENTSOURCENAME) d->attr = A_PROVIDER_ESN;
    } else if (d->depth == 3 && in_level1(d, K_SYSTEM) && f->known == K_TIMECREATED && known == K_SYSTEMTIME) {
        d->attr = A_SYSTEMTIME;
    } else if (f->role == R_PAIR && f->known == K_DATA && d->depth == 3 && known == K_NAME) {
        d->attr = A_DATA_NAME;
    }
    d->attr_at = (uint32_t)d->text.len;
}

/* The start tag is complete: content (or nothing, for "/>") follows. */
static void start_tag_end(evtx_decoder *d, bool empty) {
    attr_end(d);
    frame *f = top(d);
    if (!f) return;
    f->empty = empty;
    if (f->role == R_INNER) put_sv(d, empty ? SV("/>") : SV(">"));
    f->text_at = (uint32_t)d->text.len;
}

/* ---- the token stream ---- */

static bool walk(evtx_decoder *d, uint32_t pos, uint32_t end, uint32_t vbase, uint32_t vcount, int nest, bool bare,
                 uint32_t *stop);

/* Text of a Value or CDATA token: a count of UTF-16 units, then the units. */
static bool utf16_token(evtx_decoder *d, uint32_t *pos, uint32_t end) {
    if (!have(d, *pos, 2, end)) return fail(d, "text token past the end of the record");
    uint32_t units = evtx_u16(d->c + *pos);
    if (!have(d, *pos + 2, 2 * units, end)) return fail(d, "text runs past the end of the record");
    int mode = capture_mode(d);
    if (mode >= 0) evtx_put_utf16(&d->text, d->c + *pos + 2, 2 * units, (evtx_escape)mode);
    *pos += 2 + 2 * units;
    return true;
}

static void put_scalar(evtx_decoder *d, uint8_t type, const uint8_t *p, size_t n) {
    int mode = capture_mode(d);
    if (mode < 0) return;
    if (d->in_attr && d->attr == A_SYSTEMTIME && type == EVTX_T_FILETIME && n >= 8 && d->text.len == d->attr_at) {
        d->have_ft = evtx_filetime_ms(evtx_u64(p), &d->ft_ms);
    }
    evtx_render_value(&d->text, type, p, n, (evtx_escape)mode);
}

/* An array in element content: the element once per item. */
static void put_array(evtx_decoder *d, uint8_t type, const uint8_t *p, size_t n) {
    size_t at = 0, item_n;
    const uint8_t *item;
    uint8_t base = type & (uint8_t)~EVTX_T_ARRAY;
    for (unsigned i = 0; evtx_array_next(type, p, n, &at, &item, &item_n); i++) {
        frame *f = top(d);
        if (i > 0 && f && !d->in_attr) {
            if (f->role == R_INNER) {
                put_sv(d, SV("</"));
                put_sv(d, f->name);
                put_sv(d, SV("><"));
                put_sv(d, f->name);
                put_sv(d, SV(">"));
            } else {
                element_emit(d, f);
            }
            f->text_at = (uint32_t)d->text.len;
        }
        put_scalar(d, base, item, item_n);
    }
}

static bool substitution(evtx_decoder *d, uint32_t *pos, uint32_t end, uint32_t vbase, uint32_t vcount, int nest,
                         bool optional) {
    if (!have(d, *pos, 3, end)) return fail(d, "substitution token past the end of the record");
    uint32_t idx = evtx_u16(d->c + *pos);
    *pos += 3;
    if (idx >= vcount) return fail(d, "substitution names a value the template instance does not have");
    const value_ref *v = &d->vals[vbase + idx];
    const uint8_t *p = d->c + v->off;
    if (v->type == EVTX_T_NULL) {
        if (optional) {
            if (d->in_attr) d->attr_omit = true;
            else if (top(d)) top(d)->omit = true;
        }
        return true;
    }
    if (v->type == EVTX_T_BINXML) {
        uint32_t stop;
        return walk(d, v->off, v->off + v->size, 0, 0, nest + 1, true, &stop);
    }
    if (v->type & EVTX_T_ARRAY) put_array(d, v->type, p, v->size);
    else put_scalar(d, v->type, p, v->size);
    return true;
}

static bool template_instance(evtx_decoder *d, uint32_t *pos, uint32_t end, int nest) {
    if (nest >= EVTX_NEST_MAX) return fail(d, "templates nested too deeply (a template that contains itself?)");
    if (!have(d, *pos, 9, end)) return fail(d, "template instance past the end of the record");
    uint32_t def = evtx_u32(d->c + *pos + 5);
    *pos += 9;
    if (!have(d, def, 24, d->n)) return fail(d, "template definition outside the chunk");
    uint32_t body = def + 24, size = evtx_u32(d->c + def + 20);
    if (!have(d, body, size, d->n)) return fail(d, "template definition runs past the chunk end");
    if (def == *pos) { /* defined here, on its first use in the chunk */
        if (!have(d, body, size, end)) return fail(d, "template definition runs past the end of the record");
        *pos = body + size;
    }
    if (!have(d, *pos, 4, end)) return fail(d, "template values past the end of the record");
    uint32_t count = evtx_u32(d->c + *pos);
    *pos += 4;
    if (count > (end - *pos) / 4) return fail(d, "more template values than the record can hold");
    if (count > EVTX_VALUES_MAX - d->nvals) return fail(d, "too many template values");
    uint32_t vbase = d->nvals, data = *pos + 4 * count;
    for (uint32_t i = 0; i < count; i++) {
        const uint8_t *desc = d->c + *pos + 4 * i;
        uint16_t vsize = evtx_u16(desc);
        if (!have(d, data, vsize, end)) return fail(d, "template value runs past the end of the record");
        d->vals[vbase + i] = (value_ref){data, vsize, desc[2]};
        data += vsize;
    }
    d->nvals += count;
    uint32_t stop;
    bool ok = walk(d, body, body + size, vbase, count, nest + 1, false, &stop);
    d->nvals = vbase;
    *pos = data;
    return ok;
}

/* Walks tokens from pos until end-of-file or `end`. `bare`: element starts
 * have no dependency id. So it is in a BinXml value that starts with an
 * element; one that starts with a fragment header has them (as libevtx
 * reads it). */
static bool walk(evtx_decoder *d, uint32_t pos, uint32_t end, uint32_t vbase, uint32_t vcount, int nest, bool bare,
                 uint32_t *stop) {
    if (nest > EVTX_NEST_MAX) return fail(d, "binary XML nested too deeply");
    int depth0 = d->depth;
    while (pos < end) {
        if (++d->steps > EVTX_STEPS_MAX) return fail(d, "too many binary XML tokens in one record");
        if (d->text.full) return fail(d, "record text larger than 1 MiB");
        uint8_t tok = d->c[pos++];
        sv name;
        uint8_t known;
        switch (tok) {
        case 0x00: /* end of file */
            *stop = pos;
            return d->depth == depth0 || fail(d, "element not closed at the end of the binary XML");
        case 0x01:
        case 0x41: /* open start element */
            if (!bare) pos += 2;
            if (!have(d, pos, 4, end)) return fail(d, "element start past the end of the record");
            pos += 4; /* data size */
            if (!name_ref(d, &pos, end, &name, &known)) return false;
            if (tok & 0x40) {
                if (!have(d, pos, 4, end)) return fail(d, "attribute list past the end of the record");
                pos += 4;
            }
            attr_end(d);
            if (d->depth >= EVTX_DEPTH_MAX) return fail(d, "elements nested too deeply");
            element_start(d, name, known);
            break;
        case 0x02: start_tag_end(d, false); break;
        case 0x03:
            start_tag_end(d, true);
            if (d->depth <= depth0) return fail(d, "\"/>\" without an open element");
            if (!element_end(d)) return false;
            break;
        case 0x04:
            attr_end(d);
            if (d->depth <= depth0) return fail(d, "end tag without an open element");
            if (!element_end(d)) return false;
            break;
        case 0x05:
        case 0x45: /* value text */
            if (!have(d, pos, 1, end)) return fail(d, "value token past the end of the record");
            if (d->c[pos++] != EVTX_T_STRING) return fail(d, "value token that is not a string");
            if (!utf16_token(d, &pos, end)) return false;
            break;
        case 0x06:
        case 0x46: /* attribute */
            if (!name_ref(d, &pos, end, &name, &known)) return false;
            attr_start(d, name, known);
            break;
        case 0x07:
        case 0x47: /* CDATA */
            if (!utf16_token(d, &pos, end)) return false;
            break;
        case 0x08:
        case 0x48: { /* character reference */
            if (!have(d, pos, 2, end)) return fail(d, "character reference past the end of the record");
            uint8_t u[2] = {d->c[pos], d->c[pos + 1]};
            int mode = capture_mode(d);
            if (mode >= 0) evtx_put_utf16(&d->text, u, 2, (evtx_escape)mode);
            pos += 2;
            break;
        }
        case 0x09:
        case 0x49: { /* entity reference */
            if (!name_ref(d, &pos, end, &name, &known)) return false;
            int mode = capture_mode(d);
            if (mode < 0) break;
            static const struct {
                const char *name, *raw, *esc;
            } ent[] = {{"lt", "<", "&lt;"}, {"gt", ">", "&gt;"}, {"amp", "&", "&amp;"},
                       {"quot", "\"", "&quot;"}, {"apos", "'", "&apos;"}};
            bool found = false;
            for (size_t i = 0; i < sizeof ent / sizeof ent[0] && !found; i++)
                if (sv_eq_cstr(name, ent[i].name)) {
                    put_sv(d, sv_cstr(mode == EVTX_RAW ? ent[i].raw : ent[i].esc));
                    found = true;
                }
            if (!found) { /* kept as written, as winxml keeps an unknown entity */
                put_sv(d, SV("&"));
                put_sv(d, name);
                put_sv(d, SV(";"));
            }
            break;
        }
        case 0x0a: /* processing instruction target */
            if (!name_ref(d, &pos, end, &name, &known)) return false;
            break;
        case 0x0b: { /* processing instruction data: skipped */
            if (!have(d, pos, 2, end)) return fail(d, "PI data past the end of the record");
            uint32_t units = evtx_u16(d->c + pos);
            if (!have(d, pos + 2, 2 * units, end)) return fail(d, "PI data runs past the end of the record");
            pos += 2 + 2 * units;
            break;
        }
        case 0x0c:
            if (!template_instance(d, &pos, end, nest)) return false;
            break;
        case 0x0d:
        case 0x0e:
            if (!substitution(d, &pos, end, vbase, vcount, nest, tok == 0x0e)) return false;
            break;
        case 0x0f: /* fragment header: version and flags; elements after it have dependency ids */
            if (!have(d, pos, 3, end)) return fail(d, "fragment header past the end of the record");
            pos += 3;
            bare = false;
            break;
        default: return fail(d, "unknown binary XML token");
        }
    }
    *stop = pos;
    return d->depth == depth0 || fail(d, "element not closed at the end of the binary XML");
}

/* ---- one record ---- */

static void reset_record(evtx_decoder *d) {
    d->text.len = 0;
    d->text.full = false;
    d->nvals = 0;
    d->depth = 0;
    d->steps = 0;
    d->in_attr = false;
    d->provider_name = d->provider_esn = d->systemtime = (span){0};
    memset(d->field, 0, sizeof d->field);
    d->have_ft = false;
    d->npairs = d->dropped = 0;
    d->why = NULL;
}

static sv field_sv(const evtx_decoder *d, int f) {
    if (!d->field[f].set) return SV_NULL;
    return sv_trim(text_sv(d, d->field[f].at, d->field[f].len));
}

/* Views into the text, now that it no longer moves. */
static void fill_event(evtx_decoder *d, event *ev, bool *have_time) {
    win_pairs_begin(&d->out, ev);
    win_event *w = &ev->u.win;
    int64_t v;
    sv s = field_sv(d, F_EVENTID);
    if (s.n && sv_to_i64(s, &v)) w->event_id = (int32_t)v;
    s = field_sv(d, F_RECORDID);
    if (s.n && sv_to_i64(s, &v)) w->record_id = v;
    w->channel = field_sv(d, F_CHANNEL);
    w->computer = field_sv(d, F_COMPUTER);
    w->level = field_sv(d, F_LEVEL);
    if (d->provider_name.set && d->provider_name.len)
        w->provider = text_sv(d, d->provider_name.at, d->provider_name.len);
    else if (d->provider_esn.set)
        w->provider = text_sv(d, d->provider_esn.at, d->provider_esn.len);
    for (uint16_t i = 0; i < d->npairs; i++) {
        const pair_ref *p = &d->pair[i];
        sv name = p->name.p ? p->name : text_sv(d, p->name_in_text.at, p->name_in_text.len);
        win_pairs_add(&d->out, name, text_sv(d, p->at, p->len));
    }
    d->out.dropped = (uint16_t)MIN((unsigned)d->out.dropped + d->dropped, UINT16_MAX);
    win_pairs_attach(&d->out, w);
    *have_time = false;
    if (d->have_ft && d->systemtime.set) {
        ev->time_ms = d->ft_ms;
        ev->tz_off_min = 0;
        *have_time = true;
    } else if (d->systemtime.set) {
        int off;
        *have_time = mtime_parse_iso8601(text_sv(d, d->systemtime.at, d->systemtime.len), &ev->time_ms, &off, 0);
        ev->tz_off_min = (int16_t)off;
    }
}

bool evtx_decode_record(evtx_decoder *d, uint32_t at, uint32_t end, event *ev, bool *have_time, const char **why) {
    reset_record(d);
    if (end > d->n || at > end) {
        *why = "record outside the chunk";
        return false;
    }
    if (d->chunk_steps >= EVTX_CHUNK_STEPS_MAX) {
        *why = "the chunk's records take too many binary XML tokens";
        return false;
    }
    uint32_t stop;
    bool ok = walk(d, at, end, 0, 0, 0, false, &stop);
    d->chunk_steps += d->steps;
    if (!ok || d->depth != 0) {
        *why = d->why ? d->why : "element not closed at the end of the record";
        return false;
    }
    if (d->text.full) {
        *why = "record text larger than 1 MiB";
        return false;
    }
    fill_event(d, ev, have_time);
    return true;
}
