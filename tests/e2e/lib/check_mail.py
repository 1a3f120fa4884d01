#!/usr/bin/env python3
"""check_mail.py OUTDIR - open every simulated .eml with Python's standard
email package and check what truth.json says about the attack mails:
subjects decode from ISO-2022-JP encoded-words, attachments come out with
their Japanese names, .lzh archives are well-formed LHA level-2 (header and
data CRC-16), .zip archives open with zipfile, and the file inside each is
the stand-in executable (MZ header, PE signature). Background mail must use
all three body encodings. Exits non-zero with a message on the first failure."""
import email
import email.policy
import io
import json
import os
import sys
import zipfile


def crc16(data, crc=0):
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def lha_members(blob):
    """Yields (name, data) of a level-2 -lh0- archive, checking both CRCs."""
    pos = 0
    while True:
        if pos >= len(blob):
            raise ValueError("LHA archive without its end mark")
        if blob[pos] == 0:
            if pos != len(blob) - 1:
                raise ValueError("bytes after the LHA end mark")
            return
        size = blob[pos] | blob[pos + 1] << 8
        hdr = bytearray(blob[pos:pos + size])
        if hdr[2:7] != b"-lh0-" or hdr[20] != 2:
            raise ValueError("not a level-2 -lh0- header")
        packed = int.from_bytes(hdr[7:11], "little")
        crc_data = int.from_bytes(hdr[21:23], "little")
        name = None
        header_crc = None
        crc_at = None
        off, nxt = 24, int.from_bytes(hdr[24:26], "little")
        off += 2
        while nxt:
            kind = hdr[off]
            body = hdr[off + 1:off + nxt - 2]
            if kind == 0x01:
                name = bytes(body).decode("cp932")
            elif kind == 0x00:
                header_crc = int.from_bytes(body[:2], "little")
                crc_at = off + 1
            off, nxt = off + nxt, int.from_bytes(hdr[off + nxt - 2:off + nxt], "little")
        if header_crc is not None:
            hdr[crc_at:crc_at + 2] = b"\0\0"
            if crc16(hdr) != header_crc:
                raise ValueError("LHA header CRC mismatch")
        data = blob[pos + size:pos + size + packed]
        if crc16(data) != crc_data:
            raise ValueError("LHA data CRC mismatch")
        yield name, data
        pos += size + packed


def check_stub(name, data):
    if not name.endswith(".exe"):
        raise ValueError("archive member is not an .exe: %r" % name)
    if data[:2] != b"MZ":
        raise ValueError("stand-in lacks the MZ header")
    lfanew = int.from_bytes(data[0x3C:0x40], "little")
    if data[lfanew:lfanew + 4] != b"PE\0\0":
        raise ValueError("stand-in lacks the PE signature")
    if b"not malware" not in data:
        raise ValueError("stand-in lacks its explanation")


def main():
    out = sys.argv[1]
    truth = json.load(open(os.path.join(out, "truth.json"), encoding="utf-8"))
    attack = {m["file"]: m for m in truth["mails"]}
    charsets = set()
    seen = 0
    for fn in sorted(os.listdir(os.path.join(out, "mail"))):
        path = os.path.join(out, "mail", fn)
        with open(path, "rb") as f:
            raw = f.read()
        if b"\n" in raw.replace(b"\r\n", b""):
            raise SystemExit("%s: bare LF line end" % fn)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        subject = str(msg["subject"])
        body = msg.get_body(preferencelist=("plain",))
        if body is None:
            raise SystemExit("%s: no text body" % fn)
        text = body.get_content()
        charsets.add(body.get_content_charset())
        rel = "mail/" + fn
        m = attack.get(rel)
        if m is None:
            continue
        seen += 1
        if subject != m["subject"]:
            raise SystemExit("%s: subject %r, truth says %r" % (fn, subject, m["subject"]))
        if msg["to"].addresses[0].addr_spec != m["recipients"][0]:
            raise SystemExit("%s: recipient differs from truth" % fn)
        atts = list(msg.iter_attachments())
        if m["delivery"] == "link":
            if atts or m["link"] not in text:
                raise SystemExit("%s: link mail must have the link and no attachment" % fn)
            continue
        if len(atts) != 1 or atts[0].get_filename() != m["attachment"]:
            raise SystemExit("%s: attachment name %r, truth says %r"
                             % (fn, atts and atts[0].get_filename(), m["attachment"]))
        blob = atts[0].get_content()
        try:
            if m["attachment"].endswith(".lzh"):
                members = list(lha_members(blob))
            else:
                z = zipfile.ZipFile(io.BytesIO(blob))
                members = [(n, z.read(n)) for n in z.namelist()]
            if len(members) != 1:
                raise ValueError("expected one member, found %d" % len(members))
            check_stub(*members[0])
        except ValueError as e:
            raise SystemExit("%s: %s" % (fn, e))
    if seen != len(attack):
        raise SystemExit("found %d of the %d attack mails of truth.json" % (seen, len(attack)))
    want = {"iso-2022-jp", "shift_jis", "utf-8"}
    if not want <= charsets:
        raise SystemExit("body charsets %s, expected all of %s" % (charsets, want))
    print("mail ok: %d attack mails checked, charsets %s" % (seen, sorted(charsets)))


main()
