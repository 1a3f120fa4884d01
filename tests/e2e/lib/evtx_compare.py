"""evtx_compare.py EVTXEXPORT_XML MITSUKE_JSONL NAME

Compares what evtxexport (libevtx) and `mitsuke events` read from one .evtx
file, record by record: count, record ids, times (to the millisecond), event
ids, channels, computers, providers, levels and every data pair (name and
value, in order). The evtxexport side is parsed with xml.etree and reduced to
pairs by the same rules as mitsuke's winxml reader (docs/formats.md): Data
under EventData (unnamed ones are "Data"), Binary, and the fields of the
element under UserData. An element inside a data value is written back as
compact XML, without evtxexport's indentation. Prints every difference and
exits 1 when there is one."""
import calendar
import json
import re
import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape


def local(tag):
    return tag.split("}", 1)[-1]


def ms_of(iso):
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$", iso)
    if not m:
        return None
    y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
    frac = (m.group(7) or "0")[:3].ljust(3, "0")
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) * 1000 + int(frac)


def compact(e):
    attrs = "".join(' %s="%s"' % (local(k), escape(v, {'"': "&quot;"})) for k, v in e.attrib.items())
    inner = inner_text(e) if len(e) else escape(e.text or "")
    name = local(e.tag)
    if not len(e) and not (e.text or ""):
        return "<%s%s/>" % (name, attrs)
    return "<%s%s>%s</%s>" % (name, attrs, inner, name)


def inner_text(e):
    if not len(e):
        return e.text or ""
    out = []
    if e.text and e.text.strip():
        out.append(escape(e.text))
    for c in e:
        out.append(compact(c))
        if c.tail and c.tail.strip():
            out.append(escape(c.tail))
    return "".join(out)


def from_evtxexport(path):
    text = open(path, encoding="utf-8", errors="surrogateescape", newline="").read()
    text = re.sub(r"^evtxexport \S+\n", "", text)
    # evtxexport writes a value's CR as it is; an XML parser would turn CR LF
    # into LF, so keep it as a character reference.
    text = text.replace("\r", "&#13;")
    root = ET.fromstring("<Events>" + text + "</Events>")
    out = []
    for ev in root:
        sysd = {}
        pairs = []
        for part in ev:
            name = local(part.tag)
            if name == "System":
                for f in part:
                    fn = local(f.tag)
                    if fn == "Provider":
                        sysd["provider"] = f.get("Name") or f.get("EventSourceName") or ""
                    elif fn == "TimeCreated":
                        sysd["time"] = ms_of(f.get("SystemTime", ""))
                    elif fn in ("EventID", "EventRecordID"):
                        sysd[fn] = int((f.text or "").strip())
                    elif fn in ("Channel", "Computer", "Level"):
                        sysd[fn] = (f.text or "").strip()
            elif name == "EventData":
                for f in part:
                    fn = local(f.tag)
                    if fn == "Data":
                        pairs.append((f.get("Name") or "Data", inner_text(f)))
                    elif fn == "Binary":
                        pairs.append(("Binary", inner_text(f)))
            elif name == "UserData":
                for x in part:
                    for f in x:
                        pairs.append((local(f.tag), inner_text(f)))
        out.append({
            "record_id": sysd.get("EventRecordID"), "time": sysd.get("time"), "event_id": sysd.get("EventID"),
            "channel": sysd.get("Channel", ""), "computer": sysd.get("Computer", ""),
            "provider": sysd.get("provider", ""), "level": sysd.get("Level", ""), "data": pairs,
        })
    return out


def from_mitsuke(path):
    out = []
    for line in open(path, encoding="utf-8"):
        e = json.loads(line, object_pairs_hook=lambda kv: kv)
        d = dict(e)
        out.append({
            "record_id": d["record_id"], "time": ms_of(d["time"]) if d["time"].endswith("Z") else None,
            "event_id": d["event_id"], "channel": d["channel"] or "", "computer": d["computer"] or "",
            "provider": d["provider"] or "", "level": d["level"] or "", "data": [tuple(p) for p in d["data"]],
        })
    return out


def main():
    ref, got, name = from_evtxexport(sys.argv[1]), from_mitsuke(sys.argv[2]), sys.argv[3]
    diffs = []
    if len(ref) != len(got):
        diffs.append("record count: evtxexport %d, mitsuke %d" % (len(ref), len(got)))
    for i, (a, b) in enumerate(zip(ref, got)):
        for k in a:
            if a[k] != b[k]:
                diffs.append("record %d (id %s) %s:\n  evtxexport %r\n  mitsuke    %r" % (i + 1, a["record_id"], k,
                                                                                        a[k], b[k]))
    for d in diffs[:20]:
        print("%s: %s" % (name, d))
    if diffs:
        print("%s: %d differences" % (name, len(diffs)))
        sys.exit(1)
    print("%s: %d records agree" % (name, len(ref)))


if __name__ == "__main__":
    main()
