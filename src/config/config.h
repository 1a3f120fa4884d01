/* config.h - the one configuration file (H5): the organisation's networks,
 * proxies, domains, allow-lists, working hours and the scan's thresholds.
 *
 * The file is INI-like:
 *
 *     # comment
 *     [network]
 *     internal = 10.0.0.0/8, 192.168.0.0/16
 *     [time]
 *     timezone = JST
 *     working_hours = 08:30-18:30
 *
 * A key given twice adds to a list (lists) or replaces (single values). Every
 * problem names the file and line. With no file at all, config_defaults()
 * gives settings that work: private address ranges are internal, working
 * hours are 08:00-20:00 Monday to Friday in the display zone, and the shipped
 * lists in rules/ are used. docs/config.md describes every key;
 * docs/mitsuke.conf.example is an annotated file. */
#ifndef MITSUKE_CONFIG_H
#define MITSUKE_CONFIG_H

#include "config/hostset.h"
#include "config/workhours.h"
#include "core/arena.h"
#include "core/vec.h"

#include <stdbool.h>
#include <stdint.h>

/* Thresholds of the scan's detectors and scoring (section [scan]). */
typedef struct scan_settings {
    int suspicious_severity;        /* a severity (detect/finding.h): destinations at or above are "suspicious" */
    uint32_t beacon_min_requests;   /* fewer requests from a terminal: no beacon verdict */
    double beacon_min_strength;     /* 0..1 */
    uint32_t auth_required_min;     /* 407 answers with no success, per terminal and destination */
    uint32_t denied_min;            /* denials with no success */
    uint32_t errors_min;            /* connection failures with no success */
    uint64_t exfil_min_bytes;       /* a terminal's upload to one destination worth a look */
    double exfil_baseline_factor;   /* times the terminal's usual hourly upload */
    uint32_t exfil_group_terminals; /* terminals uploading to one new destination */
    int64_t exfil_window_ms;        /* ... within this window */
    uint32_t service_min_terminals; /* prevalence only counts from this many terminals */
    double service_share;           /* share of terminals that makes an established destination a service */
    int64_t new_after_ms;           /* first seen this long after the logs begin: "new" */
    uint32_t rare_terminals;        /* contacted by at most this many terminals: "rare" */
    uint32_t few_terminals;         /* at most this many terminals: few enough for behaviour verdicts (session, upload-heavy) */
    uint32_t session_min_requests;  /* requests of a terminal to one resource for a session verdict */
    uint32_t offhours_min_requests;
    uint32_t longlived_hours;       /* active every hour for this many hours in a row */
    uint32_t hourly_max_terminals;  /* keep hourly chart cells for destinations up to this many terminals */
    uint64_t cells10_memory;        /* bytes for the 10-minute chart cells (detect/cells.h) */
} scan_settings;

/* What `mitsuke readiness` expects of a Security log (section [readiness]). */
typedef struct readiness_settings {
    int64_t security_span_warn_ms;    /* a wrapped Security log holding less is a high gap (default 7 days) */
    int64_t security_span_target_ms;  /* the span it should hold; less is a medium gap (default 90 days) */
} readiness_settings;
/* Thresholds of the Windows event detectors (section [winlog]; docs/detectors.md). */
typedef struct win_settings {
    uint32_t spread_min_hosts;      /* one local account logging on over the network to this many hosts... */
    int64_t spread_window_ms;       /* ...within this window: the shared local-admin password */
    uint32_t fanout_min_hosts;      /* one source logging on to this many hosts... */
    int64_t fanout_window_ms;       /* ...within this window */
    uint32_t fanout_server_sources; /* a target that this many sources log on to is a shared server, not counted */
    uint32_t explicit_min_hosts;    /* explicit credentials (4648) toward this many other hosts */
    uint32_t spray_min_accounts;    /* failed logons for this many accounts from one source... */
    int64_t spray_window_ms;        /* ...within this window: password spraying */
    uint32_t guess_min_failures;    /* failed logons on one account... */
    int64_t guess_window_ms;        /* ...within this window: password guessing */
    int64_t correlate_ms;           /* a network logon "precedes" an action on the host within this time */
} win_settings;

typedef struct config {
    char path[512];                 /* file read; empty when none */
    vec internal;                   /* cidr: the organisation's client ranges */
    bool internal_given;
    vec proxies;                    /* cidr: proxy addresses (never terminals or destinations) */
    hostset org_domains;            /* the organisation's own domains: never suspicious */
    hostset allow_destinations;     /* user's and shipped allow-lists */
    strlist allow_agents;           /* benign software User-Agents (substrings) */
    strlist tool_agents;            /* scripting tools and libraries (substrings) */
    hostset dynamic_dns;            /* dynamic DNS provider domains */
    hostset online_storage;         /* file sharing and online storage services */
    bool use_shipped_rules;
    char rules_dir[512];            /* folder of the shipped lists; empty if none */
    workhours work;
    scan_settings scan;
    readiness_settings readiness;
    win_settings win;
    arena mem;
} config;

/* Defaults only (no file, no shipped lists yet). */
void config_defaults(config *c);
/* Reads `path`, or when NULL the first of ./mitsuke.conf,
 * ~/.config/mitsuke/mitsuke.conf, /etc/mitsuke/mitsuke.conf that exists (none
 * is fine), then loads the shipped lists from rules/ unless the file said
 * `rules = no`. Returns false with "FILE:LINE: problem" in err. */
bool config_load(config *c, const char *path, char *err, size_t errlen);
/* The same for a file's text already in memory (`name` is used in messages);
 * no shipped lists are loaded. */
bool config_load_text(config *c, const char *name, const char *text, size_t len, char *err, size_t errlen);
void config_free(config *c);

/* True when the client address is one of the organisation's (default: the
 * private ranges). Names that are not addresses count as internal. */
bool config_is_internal(const config *c, const ipaddr *ip);
bool config_is_proxy(const config *c, const ipaddr *ip);

/* Parses "10M", "1.5G", "4096" (bytes) and "48h", "30m", "2d", "90s" (ms). */
bool parse_bytes(sv s, uint64_t *out);
bool parse_duration_ms(sv s, int64_t *out);

#endif
