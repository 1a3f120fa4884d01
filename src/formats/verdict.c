/* verdict.c - proxy and firewall results per product; see verdict.h and docs/formats.md. */
#include "formats/verdict.h"

static inline unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

/* Case-insensitive substring test; the first byte is compared before the
 * rest, as these run on every ELFF record. */
static bool contains_ci(sv hay, sv needle) {
    if (!needle.n) return true;
    unsigned char first = lower((unsigned char)needle.p[0]);
    for (size_t i = 0; i + needle.n <= hay.n; i++)
        if (lower((unsigned char)hay.p[i]) == first && sv_case_eq(sv_sub(hay, i, i + needle.n), needle)) return true;
    return false;
}

proxy_result verdict_squid(sv action, int status, sv hier) {
    if (status == 407) return PR_AUTH_REQUIRED;
    if (sv_find(action, SV("DENIED")) >= 0) return PR_DENIED;
    if (status == 0 || sv_starts_with(action, SV("NONE")) || sv_starts_with(action, SV("TAG_NONE")) ||
        sv_starts_with(action, SV("TCP_ERR")))
        return PR_ERROR;
    if (status >= 500 && (sv_starts_with(hier, SV("HIER_NONE")) || sv_starts_with(hier, SV("NONE"))))
        return PR_ERROR;
    return PR_ALLOWED;
}

/* ProxySG names why it answered by itself in x-exception-id. Errors come
 * before denials: the appliance also marks failed requests DENIED in
 * sc-filter-result (e.g. dns_unresolved_hostname ... DENIED ... TCP_ERR_MISS),
 * and what matters is that the server was never reached. */
static bool is_error_exception(sv e) {
    static const char *const words[] = {"tcp_error", "dns_", "timeout", "unreachable", "connect",
                                        "internal_error", "invalid_request", "invalid_response", "unsupported"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (contains_ci(e, sv_cstr(words[i]))) return true;
    return false;
}

proxy_result verdict_elff(int status, sv action, sv filter, sv exception) {
    bool has_exception = exception.n && !sv_is_dash(exception);
    if (status == 407 || (has_exception && (contains_ci(exception, SV("authentication")) ||
                                            contains_ci(exception, SV("authorization")))))
        return PR_AUTH_REQUIRED;
    if (status == 0 || contains_ci(action, SV("TCP_ERR")) || (has_exception && is_error_exception(exception)))
        return PR_ERROR;
    /* Any other exception (policy_denied, content_filter_denied, virus_detected, ...) is a refusal. */
    if (sv_case_eq(filter, SV("DENIED")) || contains_ci(action, SV("DENIED")) || has_exception) return PR_DENIED;
    if (status < 0 && !action.n && !filter.n) return PR_UNKNOWN; /* nothing logged to tell */
    return PR_ALLOWED;
}

proxy_result verdict_status(int status, bool answered) {
    if (!answered || status <= 0) return PR_ERROR;
    if (status == 407) return PR_AUTH_REQUIRED;
    return PR_ALLOWED;
}

proxy_result verdict_word(sv w) {
    static const struct {
        const char *word;
        proxy_result r;
    } words[] = {
        {"allowed", PR_ALLOWED},      {"allow", PR_ALLOWED},         {"permit", PR_ALLOWED},
        {"permitted", PR_ALLOWED},    {"pass", PR_ALLOWED},          {"passed", PR_ALLOWED},
        {"accept", PR_ALLOWED},       {"accepted", PR_ALLOWED},      {"observed", PR_ALLOWED},
        {"proxied", PR_ALLOWED},      {"denied", PR_DENIED},         {"deny", PR_DENIED},
        {"blocked", PR_DENIED},       {"block", PR_DENIED},          {"drop", PR_DENIED},
        {"dropped", PR_DENIED},       {"reject", PR_DENIED},         {"rejected", PR_DENIED},
        {"auth-required", PR_AUTH_REQUIRED}, {"auth_required", PR_AUTH_REQUIRED},
        {"authentication-required", PR_AUTH_REQUIRED}, {"error", PR_ERROR}, {"failed", PR_ERROR},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (sv_case_eq(w, sv_cstr(words[i].word))) return words[i].r;
    return PR_UNKNOWN;
}

conn_result verdict_fortigate(sv a) {
    static const char *const allowed[] = {"accept", "close", "timeout", "pass", "passthrough", "allow",
                                          "allowed", "start", "server-rst", "client-rst", "permit"};
    static const char *const denied[] = {"deny", "block", "blocked", "drop", "dropped", "reject", "reset",
                                         "clear_session"};
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (sv_case_eq(a, sv_cstr(allowed[i]))) return CR_ALLOWED;
    for (size_t i = 0; i < sizeof denied / sizeof denied[0]; i++)
        if (sv_case_eq(a, sv_cstr(denied[i]))) return CR_DENIED;
    return CR_UNKNOWN;
}

conn_result verdict_log_prefix(sv label) {
    if (contains_ci(label, SV("DROP")) || contains_ci(label, SV("REJECT")) || contains_ci(label, SV("DENY")) ||
        contains_ci(label, SV("BLOCK")))
        return CR_DENIED;
    if (contains_ci(label, SV("ACCEPT")) || contains_ci(label, SV("ALLOW")) || contains_ci(label, SV("PASS")) ||
        contains_ci(label, SV("PERMIT")))
        return CR_ALLOWED;
    return CR_UNKNOWN;
}
