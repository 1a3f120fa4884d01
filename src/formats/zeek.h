/* zeek.h - what the Zeek http.log readers (TSV in zeek.c, JSON in
 * zeek_json.c) share: the fields mitsuke uses and how they become an event.
 *
 * Zeek watches the wire, not the proxy's decisions, so the event says what
 * was seen: a request proxied through an explicit proxy (absolute URI or
 * CONNECT host:port) names its destination in the request, and id.resp_h /
 * id.resp_p are the proxy; any other request went to id.resp_h:id.resp_p.
 * With no status seen there was no answer (result error); 407 is
 * auth-required; any other answer is allowed. */
#ifndef MITSUKE_ZEEK_H
#define MITSUKE_ZEEK_H

#include "core/sv.h"
#include "event.h"

typedef enum zeek_field {
    ZK_TS,
    ZK_ORIG_H,
    ZK_RESP_H,
    ZK_RESP_P,
    ZK_METHOD,
    ZK_HOST,
    ZK_URI,
    ZK_REFERRER,
    ZK_USER_AGENT,
    ZK_REQUEST_BODY_LEN,
    ZK_RESPONSE_BODY_LEN,
    ZK_STATUS_CODE,
    ZK_USERNAME,
    ZK_RESP_MIME_TYPES,
    ZK_COUNT /* also "not a field mitsuke uses" */
} zeek_field;

/* The field for a Zeek column name ("id.orig_h"), or ZK_COUNT. */
zeek_field zeek_field_by_name(sv name);

/* Fills `ev` from the values (empty = unset; ts as epoch seconds or ISO 8601;
 * resp_mime_types already cut to its first element). */
int zeek_http_event(const sv *v, event *ev, const char **why);

#endif
