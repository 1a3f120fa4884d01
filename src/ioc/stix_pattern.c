/* stix_pattern.c - a recursive-descent parser for STIX 2.1 patterning; see
 * stix_pattern.h. The grammar (STIX 2.1 section 9):
 *
 *   pattern     := obs_seq END
 *   obs_seq     := obs_or (FOLLOWEDBY obs_or)*
 *   obs_or      := obs_and (OR obs_and)*
 *   obs_and     := obs (AND obs)*
 *   obs         := ('[' cmp_or ']' | '(' obs_seq ')') qualifier*
 *   cmp_or      := cmp_and (OR cmp_and)*
 *   cmp_and     := test (AND test)*
 *   test        := '(' cmp_or ')' | EXISTS path | path [NOT] op constant | path [NOT] IN '(' constant, ... ')'
 *   path        := type ':' component ('.' component | '[' (number | '*') ']')*
 *
 * Comparisons come out in disjunctive normal form (OR of ANDs); an AND over
 * an OR is distributed, within STIX_MAX_TERMS. */
#include "ioc/stix_pattern.h"
#include "core/buf.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef enum { T_END, T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_COMMA, T_COLON, T_DOT, T_OP, T_WORD, T_STRING,
               T_NUMBER, T_TYPED, T_STAR, T_BAD } tok_kind;

typedef struct parser {
    const char *p, *end;
    arena *a;
    tok_kind kind;          /* current token */
    const char *tok;        /* its text (T_WORD, T_OP, T_NUMBER: raw; T_STRING, T_TYPED: unescaped) */
    size_t tok_len;
    const char *err;
    const char *unsupported;
    int depth;
    size_t terms;
    size_t cells;           /* comparisons copied by dnf_and so far */
} parser;

typedef struct dnf {        /* an OR of conjunctions being built */
    stix_conj *c;
    size_t n, cap;
} dnf;

static bool fail(parser *ps, const char *why) {
    if (!ps->err) ps->err = why;
    return false;
}

/* ---- lexer ---- */

static bool is_word_start(char c) { return isalpha((unsigned char)c) || c == '_'; }
static bool is_word_char(char c) { return isalnum((unsigned char)c) || c == '_' || c == '-'; }

/* Reads a quoted string at ps->p (on the opening quote) into the arena. */
static bool lex_string(parser *ps) {
    const char *q = ps->p + 1;
    buf b = {0};
    while (q < ps->end && *q != '\'') {
        if (*q == '\\') {
            if (q + 1 >= ps->end || (q[1] != '\'' && q[1] != '\\')) {
                buf_free(&b);
                return fail(ps, "bad escape in a string (only \\' and \\\\ are allowed)");
            }
            q++;
        }
        buf_putc(&b, *q++);
    }
    if (q >= ps->end) {
        buf_free(&b);
        return fail(ps, "unterminated string");
    }
    ps->tok = arena_strndup(ps->a, b.p ? b.p : "", b.len);
    ps->tok_len = b.len;
    buf_free(&b);
    ps->p = q + 1;
    return true;
}

static void next(parser *ps) {
    while (ps->p < ps->end && isspace((unsigned char)*ps->p)) ps->p++;
    ps->tok = ps->p;
    ps->tok_len = 0;
    if (ps->p >= ps->end) {
        ps->kind = T_END;
        return;
    }
    char c = *ps->p;
    static const char singles[] = "[]():.,*";
    static const tok_kind single_kinds[] = {T_LBRACK, T_RBRACK, T_LPAREN, T_RPAREN, T_COLON, T_DOT, T_COMMA, T_STAR};
    const char *s = strchr(singles, c);
    if (s && c) {
        ps->kind = single_kinds[s - singles];
        ps->tok_len = 1;
        ps->p++;
        return;
    }
    if (c == '=' || c == '<' || c == '>' || c == '!') {
        size_t n = 1;
        if (ps->p + 1 < ps->end && ps->p[1] == '=') n = 2;
        if (c == '!' && n == 1) {
            ps->kind = T_BAD;
            fail(ps, "'!' must be followed by '='");
            return;
        }
        ps->kind = T_OP;
        ps->tok_len = n;
        ps->p += n;
        return;
    }
    if (c == '\'') {
        ps->kind = lex_string(ps) ? T_STRING : T_BAD;
        return;
    }
    if ((c == 't' || c == 'h' || c == 'b') && ps->p + 1 < ps->end && ps->p[1] == '\'') {
        ps->p++;
        ps->kind = lex_string(ps) ? T_TYPED : T_BAD;
        return;
    }
    if (isdigit((unsigned char)c) || ((c == '-' || c == '+') && ps->p + 1 < ps->end && isdigit((unsigned char)ps->p[1]))) {
        const char *q = ps->p + 1;
        while (q < ps->end && (isdigit((unsigned char)*q) || *q == '.')) q++;
        ps->kind = T_NUMBER;
        ps->tok_len = (size_t)(q - ps->p);
        ps->p = q;
        return;
    }
    if (is_word_start(c)) {
        const char *q = ps->p + 1;
        while (q < ps->end && is_word_char(*q)) q++;
        ps->kind = T_WORD;
        ps->tok_len = (size_t)(q - ps->p);
        ps->p = q;
        return;
    }
    ps->kind = T_BAD;
    fail(ps, "unexpected character");
}

static bool is_word(const parser *ps, const char *w) {
    return ps->kind == T_WORD && ps->tok_len == strlen(w) && !strncasecmp(ps->tok, w, ps->tok_len);
}

static bool expect(parser *ps, tok_kind k, const char *what) {
    if (ps->kind != k) return fail(ps, what);
    next(ps);
    return true;
}

/* ---- building the normal form ---- */

static void dnf_push(parser *ps, dnf *d, stix_conj c) {
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 4;
        stix_conj *nc = arena_alloc(ps->a, cap * sizeof *nc);
        if (d->n) memcpy(nc, d->c, d->n * sizeof *nc);
        d->c = nc, d->cap = cap;
    }
    d->c[d->n++] = c;
}

static void dnf_concat(parser *ps, dnf *d, const dnf *e) {
    for (size_t i = 0; i < e->n; i++) dnf_push(ps, d, e->c[i]);
}

/* (A1 or A2) and (B1 or B2) = A1B1 or A1B2 or A2B1 or A2B2 */
static bool dnf_and(parser *ps, dnf *d, const dnf *e) {
    if (d->n * e->n > STIX_MAX_TERMS) return fail(ps, "pattern too large");
    size_t d_cmps = 0, e_cmps = 0;
    for (size_t i = 0; i < d->n; i++) d_cmps += d->c[i].n;
    for (size_t j = 0; j < e->n; j++) e_cmps += e->c[j].n;
    size_t cells = e->n * d_cmps + d->n * e_cmps; /* what the product below copies */
    if (cells > STIX_MAX_CELLS - ps->cells) return fail(ps, "pattern too large");
    ps->cells += cells;
    dnf out = {0};
    for (size_t i = 0; i < d->n; i++) {
        for (size_t j = 0; j < e->n; j++) {
            size_t n = d->c[i].n + e->c[j].n;
            if (n > STIX_MAX_TERMS) return fail(ps, "pattern too large");
            stix_cmp *cmp = arena_alloc(ps->a, n * sizeof *cmp);
            memcpy(cmp, d->c[i].cmp, d->c[i].n * sizeof *cmp);
            memcpy(cmp + d->c[i].n, e->c[j].cmp, e->c[j].n * sizeof *cmp);
            dnf_push(ps, &out, (stix_conj){cmp, n});
        }
    }
    *d = out;
    return true;
}

/* ---- grammar ---- */

static bool parse_path(parser *ps, buf *path) {
    if (ps->kind != T_WORD) return fail(ps, "expected an object type such as domain-name");
    buf_put(path, ps->tok, ps->tok_len);
    next(ps);
    if (!expect(ps, T_COLON, "expected ':' after the object type")) return false;
    buf_putc(path, ':');
    for (;;) {
        if (ps->kind != T_WORD && ps->kind != T_STRING) return fail(ps, "expected a property name");
        buf_put(path, ps->tok, ps->tok_len);
        next(ps);
        while (ps->kind == T_LBRACK) { /* list index: [*] or [n] */
            next(ps);
            if (ps->kind != T_STAR && ps->kind != T_NUMBER) return fail(ps, "expected * or a number in [ ]");
            buf_putc(path, '[');
            buf_put(path, ps->tok, ps->tok_len);
            buf_putc(path, ']');
            next(ps);
            if (!expect(ps, T_RBRACK, "expected ']'")) return false;
        }
        if (ps->kind != T_DOT) return true;
        buf_putc(path, '.');
        next(ps);
    }
}

static bool parse_constant(parser *ps, stix_cmp *c, buf *vals, size_t *count) {
    if (ps->kind == T_STRING || ps->kind == T_NUMBER || ps->kind == T_TYPED || is_word(ps, "true") ||
        is_word(ps, "false")) {
        if (ps->kind != T_STRING) c->numeric = true;
        const char *v = ps->kind == T_STRING || ps->kind == T_TYPED ? ps->tok : arena_strndup(ps->a, ps->tok, ps->tok_len);
        buf_put(vals, &v, sizeof v);
        ++*count;
        next(ps);
        return true;
    }
    return fail(ps, "expected a constant ('string', number, true/false)");
}

static bool parse_cmp_or(parser *ps, dnf *out);

static bool parse_test(parser *ps, dnf *out) {
    if (++ps->terms > STIX_MAX_TERMS) return fail(ps, "pattern too large");
    if (ps->kind == T_LPAREN) {
        if (++ps->depth > STIX_MAX_DEPTH) return fail(ps, "pattern nested too deeply");
        next(ps);
        if (!parse_cmp_or(ps, out)) return false;
        ps->depth--;
        return expect(ps, T_RPAREN, "expected ')'");
    }
    stix_cmp *c = arena_zalloc(ps->a, sizeof *c);
    buf path = {0}, vals = {0};
    bool ok = false;
    size_t count = 0;
    if (is_word(ps, "EXISTS")) {
        next(ps);
        c->op = STIX_OP_OTHER, c->op_text = "EXISTS";
        ok = parse_path(ps, &path);
    } else if (parse_path(ps, &path)) {
        bool negated = is_word(ps, "NOT");
        if (negated) next(ps);
        if (ps->kind == T_OP || is_word(ps, "LIKE") || is_word(ps, "MATCHES") || is_word(ps, "ISSUBSET") ||
            is_word(ps, "ISSUPERSET")) {
            const char *op = arena_strndup(ps->a, ps->tok, ps->tok_len);
            if (negated) c->op = STIX_OP_OTHER;
            else if (!strcmp(op, "=")) c->op = STIX_OP_EQ;
            else if (!strcasecmp(op, "ISSUBSET")) c->op = STIX_OP_ISSUBSET;
            else c->op = STIX_OP_OTHER;
            c->op_text = negated ? arena_printf(ps->a, "NOT %s", op) : op;
            next(ps);
            ok = parse_constant(ps, c, &vals, &count);
        } else if (is_word(ps, "IN")) {
            c->op = negated ? STIX_OP_OTHER : STIX_OP_IN;
            c->op_text = negated ? "NOT IN" : "IN";
            next(ps);
            ok = expect(ps, T_LPAREN, "expected '(' after IN");
            while (ok) {
                if (count > STIX_MAX_TERMS) {
                    ok = fail(ps, "pattern too large");
                    break;
                }
                ok = parse_constant(ps, c, &vals, &count);
                if (!ok || ps->kind != T_COMMA) break;
                next(ps);
            }
            ok = ok && expect(ps, T_RPAREN, "expected ')' after the IN list");
        } else {
            ok = fail(ps, "expected a comparison operator");
        }
    }
    if (ok) {
        c->path = arena_strndup(ps->a, path.p ? path.p : "", path.len);
        c->n_values = count;
        c->values = arena_alloc(ps->a, (count ? count : 1) * sizeof *c->values);
        if (count) memcpy(c->values, vals.p, count * sizeof *c->values);
        dnf_push(ps, out, (stix_conj){c, 1});
    }
    buf_free(&path);
    buf_free(&vals);
    return ok;
}

static bool parse_cmp_and(parser *ps, dnf *out) {
    if (!parse_test(ps, out)) return false;
    while (is_word(ps, "AND")) {
        next(ps);
        dnf rhs = {0};
        if (!parse_test(ps, &rhs) || !dnf_and(ps, out, &rhs)) return false;
    }
    return true;
}

static bool parse_cmp_or(parser *ps, dnf *out) {
    if (!parse_cmp_and(ps, out)) return false;
    while (is_word(ps, "OR")) {
        next(ps);
        dnf rhs = {0};
        if (!parse_cmp_and(ps, &rhs)) return false;
        dnf_concat(ps, out, &rhs);
    }
    return true;
}

static bool parse_qualifiers(parser *ps) {
    for (;;) {
        if (is_word(ps, "WITHIN")) {
            next(ps);
            if (!expect(ps, T_NUMBER, "expected a number after WITHIN")) return false;
            if (!is_word(ps, "SECONDS")) return fail(ps, "expected SECONDS");
            next(ps);
        } else if (is_word(ps, "REPEATS")) {
            next(ps);
            if (!expect(ps, T_NUMBER, "expected a number after REPEATS")) return false;
            if (!is_word(ps, "TIMES")) return fail(ps, "expected TIMES");
            next(ps);
        } else if (is_word(ps, "START")) {
            next(ps);
            if (!expect(ps, T_TYPED, "expected t'...' after START")) return false;
            if (!is_word(ps, "STOP")) return fail(ps, "expected STOP");
            next(ps);
            if (!expect(ps, T_TYPED, "expected t'...' after STOP")) return false;
        } else {
            return true;
        }
    }
}

static bool parse_obs_seq(parser *ps, dnf *out);

static bool parse_obs(parser *ps, dnf *out) {
    if (++ps->depth > STIX_MAX_DEPTH) return fail(ps, "pattern nested too deeply");
    bool ok;
    if (ps->kind == T_LBRACK) {
        next(ps);
        ok = parse_cmp_or(ps, out) && expect(ps, T_RBRACK, "expected ']'");
    } else if (ps->kind == T_LPAREN) {
        next(ps);
        ok = parse_obs_seq(ps, out) && expect(ps, T_RPAREN, "expected ')'");
    } else {
        ok = fail(ps, "expected '[' to start an observation");
    }
    ps->depth--;
    return ok && parse_qualifiers(ps);
}

static bool parse_obs_and(parser *ps, dnf *out) {
    if (!parse_obs(ps, out)) return false;
    while (is_word(ps, "AND")) {
        if (!ps->unsupported) ps->unsupported = "observations joined by AND must be seen together; not supported";
        next(ps);
        dnf rhs = {0};
        if (!parse_obs(ps, &rhs)) return false;
        dnf_concat(ps, out, &rhs);
    }
    return true;
}

static bool parse_obs_or(parser *ps, dnf *out) {
    if (!parse_obs_and(ps, out)) return false;
    while (is_word(ps, "OR")) {
        next(ps);
        dnf rhs = {0};
        if (!parse_obs_and(ps, &rhs)) return false;
        dnf_concat(ps, out, &rhs);
    }
    return true;
}

static bool parse_obs_seq(parser *ps, dnf *out) {
    if (!parse_obs_or(ps, out)) return false;
    while (is_word(ps, "FOLLOWEDBY")) {
        if (!ps->unsupported) ps->unsupported = "FOLLOWEDBY (a sequence of observations) is not supported";
        next(ps);
        dnf rhs = {0};
        if (!parse_obs_or(ps, &rhs)) return false;
        dnf_concat(ps, out, &rhs);
    }
    return true;
}

bool stix_pattern_parse(const char *text, size_t len, arena *a, stix_pattern *out, const char **err) {
    parser ps = {.p = text, .end = text + len, .a = a};
    dnf d = {0};
    memset(out, 0, sizeof *out);
    next(&ps);
    bool ok = ps.kind != T_BAD && parse_obs_seq(&ps, &d);
    if (ok && ps.kind != T_END) ok = fail(&ps, "unexpected text after the pattern");
    if (!ok) {
        *err = ps.err ? ps.err : "cannot parse";
        return false;
    }
    out->any = d.c;
    out->n = d.n;
    out->unsupported = ps.unsupported;
    return true;
}
