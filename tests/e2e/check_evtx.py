#!/usr/bin/env python3
"""check_evtx.py - helpers for the .evtx tests (imported, or run as a tool).

  check_evtx.py crc FILE...            every header and chunk CRC32 is right
  check_evtx.py compare DEFAULT EVTX   the simulator's --windows-format evtx
                                       output (EVTX/windows/HOST/*.evtx, read
                                       with libevtx's evtxexport) holds exactly
                                       the events of its default output for the
                                       same seed (DEFAULT/windows/DC01-*.xml and
                                       winlogbeat-*.ndjson)
  check_evtx.py count FILE             prints the records evtxexport reads
  check_evtx.py events A.jsonl B.jsonl `mitsuke events` of the default and
                                       the evtx output hold the same events

Normalised before comparing, because the binary format types the values:
hex numbers compare by value (Windows stores logon ids as HexInt64, which
evtxexport prints zero-padded), GUIDs ignore case, times compare to the
100 ns (XML) or the millisecond (Winlogbeat), \\r\\n is \\n (XML parsing)."""
import glob
import json
import os
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib


def crc_problems(path):
    d = open(path, "rb").read()
    bad = []
    if d[:8] != b"ElfFile\0" or zlib.crc32(d[:120]) != struct.unpack_from("<I", d, 124)[0]:
        bad.append(f"{path}: file header")
    chunks = struct.unpack_from("<H", d, 42)[0]
    if (len(d) - 4096) // 65536 != chunks:
        bad.append(f"{path}: header says {chunks} chunks, file has {(len(d) - 4096) / 65536}")
    for i in range((len(d) - 4096) // 65536):
        c = d[4096 + i * 65536:4096 + (i + 1) * 65536]
        free = struct.unpack_from("<I", c, 48)[0]
        if c[:8] != b"ElfChnk\0":
            bad.append(f"{path}: chunk {i} signature")
        if zlib.crc32(c[512:free]) != struct.unpack_from("<I", c, 52)[0]:
            bad.append(f"{path}: chunk {i} records CRC")
        if zlib.crc32(c[:120] + c[128:512]) != struct.unpack_from("<I", c, 124)[0]:
            bad.append(f"{path}: chunk {i} header CRC")
    return bad


def local(tag):
    return tag.rsplit("}", 1)[-1]


def norm(v):
    v = (v or "").replace("\r\n", "\n")
    if re.fullmatch(r"0x[0-9a-fA-F]+", v):
        return hex(int(v, 16))
    if re.fullmatch(r"\{[0-9a-fA-F-]{36}\}", v):
        return v.upper()
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d+)Z", v)
    if m:
        return m.group(1) + "." + (m.group(2) + "0" * 9)[:7] + "Z"
    return v


def event_dict(ev):
    """An <Event> element as a flat dict of normalised strings."""
    out = {}
    for el in ev.iter():
        name = local(el.tag)
        if name == "Data":
            out["data." + el.get("Name")] = norm(el.text)
            continue
        for k, v in el.attrib.items():
            out[f"{name}@{local(k)}"] = norm(v)
        if name not in ("Event", "System", "EventData") and not list(el):
            out[name] = norm(el.text)
    return out


def evtx_events(path):
    r = subprocess.run(["evtxexport", "-f", "xml", path], capture_output=True, text=True, check=True)
    body = r.stdout.split("\n", 1)[1] if r.stdout.startswith("evtxexport") else r.stdout
    root = ET.fromstring("<root>" + body + "</root>")
    return [event_dict(e) for e in root if local(e.tag) == "Event"]


def compare(default_dir, evtx_dir):
    files = sorted(glob.glob(os.path.join(evtx_dir, "windows", "*", "*.evtx")))
    assert files, "no .evtx written"
    problems = []
    got = {}
    for f in files:
        problems += crc_problems(f)
        host, channel = f.split(os.sep)[-2], os.path.basename(f)[:-5]
        for e in evtx_events(f):
            if e["Channel"] != channel or not e["Computer"].startswith(host + "."):
                problems.append(f"{f}: event of {e['Computer']}/{e['Channel']}")
            got[(e["Computer"], e["Channel"], e["EventRecordID"])] = e
    want_xml, want_json = {}, {}
    for f in sorted(glob.glob(os.path.join(default_dir, "windows", "DC01-*.xml"))):
        for ev in ET.parse(f).getroot():
            e = event_dict(ev)
            want_xml[(e["Computer"], e["Channel"], e["EventRecordID"])] = e
    for f in sorted(glob.glob(os.path.join(default_dir, "windows", "winlogbeat-*.ndjson"))):
        for line in open(f, encoding="utf-8"):
            j = json.loads(line)
            w = j["winlog"]
            want_json[(w["computer_name"], w["channel"], str(w["record_id"]))] = j
    if len(got) != len(want_xml) + len(want_json):
        problems.append(f"{len(got)} events in .evtx, {len(want_xml)} in XML + {len(want_json)} in JSON")
    for k, want in want_xml.items():
        e = got.get(k)
        if e is None:
            problems.append(f"missing {k}")
        elif e != want:
            diff = {x: (want.get(x), e.get(x)) for x in set(want) | set(e) if want.get(x) != e.get(x)}
            problems.append(f"{k}: (XML, evtx) differ: {diff}")
    for k, j in want_json.items():
        e = got.get(k)
        if e is None:
            problems.append(f"missing {k}")
            continue
        w = j["winlog"]
        want = {"EventID": str(w["event_id"]), "Provider@Name": w["provider_name"],
                "TimeCreated@SystemTime": j["@timestamp"][:23]}
        if "provider_guid" in w:
            want["Provider@Guid"] = norm(w["provider_guid"])
        have = {"EventID": e["EventID"], "Provider@Name": e["Provider@Name"],
                "TimeCreated@SystemTime": e["TimeCreated@SystemTime"][:23]}
        if "Provider@Guid" in e:
            have["Provider@Guid"] = e["Provider@Guid"]
        want.update({"data." + n: norm(v) for n, v in w["event_data"].items()})
        have.update({n: v for n, v in e.items() if n.startswith("data.")})
        if want != have:
            diff = {x: (want.get(x), have.get(x)) for x in set(want) | set(have) if want.get(x) != have.get(x)}
            problems.append(f"{k}: (JSON, evtx) differ: {diff}")
    for p in problems[:20]:
        print(p)
    if problems:
        sys.exit(f"{len(problems)} problems")
    print(f"ok: {len(files)} .evtx files, {len(got)} events = {len(want_xml)} XML + {len(want_json)} JSON, CRCs right")


def mitsuke_events(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        o = json.loads(line)
        if o.get("kind") != "win":
            continue
        key = (o["computer"], o["channel"], str(o["record_id"]))
        out[key] = (o["event_id"], o["provider"], o["time"][:23],
                    tuple(sorted((n, norm(v)) for n, v in o.get("data", {}).items())))
    return out


def compare_events(a_path, b_path):
    a, b = mitsuke_events(a_path), mitsuke_events(b_path)
    bad = [k for k in set(a) | set(b) if a.get(k) != b.get(k)]
    for k in sorted(bad)[:10]:
        print(k, a.get(k), b.get(k))
    if bad or not a:
        sys.exit(f"{len(bad)} of {len(a)} events differ")
    print(f"ok: mitsuke reads the same {len(a)} events from the .evtx files")


if __name__ == "__main__":
    if sys.argv[1] == "crc":
        bad = [p for f in sys.argv[2:] for p in crc_problems(f)]
        for p in bad:
            print(p)
        sys.exit(1 if bad else 0)
    elif sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "events":
        compare_events(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "count":
        print(len(evtx_events(sys.argv[2])))
