"""evtx_gen.py - builds small .evtx files from scratch for the tests.

Written from the published format description (file header, 64 KiB chunks,
records, binary XML with templates and substitutions), not from any reader's
code. The files are read by both mitsuke and evtxexport, so every value type
the tests need can be checked against the reference without sample data that
happens to contain it.

    python3 evtx_gen.py types OUT.evtx     # one record per value type, arrays, nested BinXml
    python3 evtx_gen.py userdata OUT.evtx  # TerminalServices 1149-style UserData
    python3 evtx_gen.py repeat IN.evtx N OUT.evtx   # IN's chunks N times, renumbered

It also provides fix_chunk_crcs / fix_file_header for the damage tests."""
import struct
import sys
import zlib

CHUNK = 65536
HEADER = 4096
EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"


def utf16(s):
    return s.encode("utf-16-le", "surrogatepass")


def name_hash(s):
    h = 0
    for c in s:
        h = (h * 65599 + ord(c)) & 0xFFFFFFFF
    return h & 0xFFFF


class Bx:
    """Binary XML written straight into a chunk, so offsets are chunk-relative."""

    def __init__(self, chunk, base, nested=False):
        self.c = chunk      # the Chunk (for its name table)
        self.base = base    # chunk offset of self.b[0]
        self.b = bytearray()
        self.nested = nested  # inside a BinXml substitution value: no dependency id

    def pos(self):
        return self.base + len(self.b)

    def name(self, s):
        if s in self.c.names:
            self.b += struct.pack("<I", self.c.names[s])
            return
        at = self.pos() + 4
        self.c.names[s] = at
        self.b += struct.pack("<IIHH", at, 0, name_hash(s), len(s)) + utf16(s) + b"\0\0"

    def text(self, s, more=False):
        self.b += bytes([0x45 if more else 0x05, 0x01]) + struct.pack("<H", len(utf16(s)) // 2) + utf16(s)

    def sub(self, idx, vtype, optional=False):
        self.b += bytes([0x0E if optional else 0x0D]) + struct.pack("<HB", idx, vtype)

    def element(self, name, attrs=(), content=None):
        """attrs: [(name, fn(bx))]; content: fn(bx) or None for an empty element."""
        self.b += bytes([0x41 if attrs else 0x01])
        if not self.nested:
            self.b += b"\xff\xff"
        size_at = len(self.b)
        self.b += b"\0\0\0\0"
        self.name(name)
        if attrs:
            list_at = len(self.b)
            self.b += b"\0\0\0\0"
            for i, (an, fn) in enumerate(attrs):
                self.b += bytes([0x46 if i + 1 < len(attrs) else 0x06])
                self.name(an)
                fn(self)
            struct.pack_into("<I", self.b, list_at, len(self.b) - list_at - 4)
        if content is None:
            self.b += b"\x03"
        else:
            self.b += b"\x02"
            content(self)
            self.b += b"\x04"
        struct.pack_into("<I", self.b, size_at, len(self.b) - size_at - 4)

    def fragment(self):
        self.b += b"\x0f\x01\x01\x00"

    def template_instance(self, key, body, values):
        """body: fn(bx) writing the template's root element; values: [(type, bytes)]."""
        self.b += b"\x0c\x01" + struct.pack("<I", 0x1000 + len(self.c.templates))
        if key in self.c.templates:
            self.b += struct.pack("<I", self.c.templates[key])
        else:
            at = self.pos() + 4
            self.c.templates[key] = at
            self.b += struct.pack("<I", at)
            self.b += struct.pack("<I", 0) + bytes(range(16))
            size_at = len(self.b)
            self.b += b"\0\0\0\0"
            self.fragment()
            body(self)
            self.b += b"\x00"
            struct.pack_into("<I", self.b, size_at, len(self.b) - size_at - 4)
        self.b += struct.pack("<I", len(values))
        for t, v in values:
            self.b += struct.pack("<HBB", len(v), t, 0)
        for t, v in values:
            self.b += v


class Chunk:
    def __init__(self):
        self.data = bytearray(512)
        self.names = {}
        self.templates = {}
        self.first = self.last = None
        self.last_off = 0

    def add_record(self, rid, filetime, write_binxml):
        at = len(self.data)
        bx = Bx(self, at + 24)
        write_binxml(bx)
        body = bytes(bx.b)
        size = 24 + len(body) + 4
        size = (size + 7) // 8 * 8
        rec = struct.pack("<4sIQQ", b"\x2a\x2a\0\0", size, rid, filetime) + body
        rec += b"\0" * (size - 4 - len(rec)) + struct.pack("<I", size)
        if at + size > CHUNK:
            raise ValueError("chunk full")
        self.data += rec
        self.first = rid if self.first is None else self.first
        self.last = rid
        self.last_off = at

    def finish(self, number_base=1):
        d = self.data + b"\0" * (CHUNK - len(self.data))
        free = len(self.data)
        n0 = self.first - 1 + number_base
        struct.pack_into("<8sQQQQIII", d, 0, b"ElfChnk\0", n0, n0 + (self.last - self.first),
                         self.first, self.last, 128, self.last_off, free)
        fix_chunk_crcs(d)
        return bytes(d)


def fix_chunk_crcs(d, free=None):
    free = struct.unpack_from("<I", d, 48)[0] if free is None else free
    struct.pack_into("<I", d, 52, zlib.crc32(bytes(d[512:free])))
    struct.pack_into("<I", d, 124, zlib.crc32(bytes(d[:120]) + bytes(d[128:512])))


def fix_file_header(h, nchunks, next_id):
    struct.pack_into("<8sQQQIHHHH", h, 0, b"ElfFile\0", 0, nchunks - 1, next_id, 128, 1, 3, HEADER, nchunks)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[:120])))


def write_file(path, chunks, next_id):
    h = bytearray(HEADER)
    fix_file_header(h, len(chunks), next_id)
    with open(path, "wb") as f:
        f.write(h)
        for c in chunks:
            f.write(c)


def filetime(y, mo, d, hh, mi, ss, frac100ns=0):
    import calendar
    secs = calendar.timegm((y, mo, d, hh, mi, ss, 0, 0, 0))
    return (secs + 11644473600) * 10**7 + frac100ns


def system_part(bx, provider, channel, computer):
    """<System> with EventID = value 0, TimeCreated = value 1, EventRecordID = value 2."""
    def content(b):
        b.element("Provider", [("Name", lambda x: x.text(provider))])
        b.element("EventID", [("Qualifiers", lambda x: x.text("16384"))], lambda x: x.sub(0, 0x06))
        b.element("Level", content=lambda x: x.text("4"))
        b.element("TimeCreated", [("SystemTime", lambda x: x.sub(1, 0x11))])
        b.element("EventRecordID", content=lambda x: x.sub(2, 0x0A))
        b.element("Correlation", [("ActivityID", lambda x: x.sub(3, 0x0F, optional=True))])
        b.element("Channel", content=lambda x: x.text(channel))
        b.element("Computer", content=lambda x: x.text(computer))
    bx.element("System", content=content)


def event_root(bx, provider, channel, computer, rest):
    bx.element("Event", [("xmlns", lambda x: x.text(EVENT_NS))],
               lambda b: (system_part(b, provider, channel, computer), rest(b)))


def common_values(eid, ft, rid, guid=None):
    return [(0x06, struct.pack("<H", eid)), (0x11, struct.pack("<Q", ft)), (0x0A, struct.pack("<Q", rid)),
            (0x0F, guid) if guid else (0x00, b"")]


def sid(rev, auth, subs):
    return struct.pack("<BB", rev, len(subs)) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)


def guid_bytes():
    return bytes([0x78, 0x56, 0x34, 0x12, 0xBC, 0x9A, 0xF0, 0xDE, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF])


def systemtime(y, mo, dow, d, h, mi, s, ms):
    return struct.pack("<8H", y, mo, dow, d, h, mi, s, ms)


# (name, type, bytes) for the "types" file: every value type a substitution carries.
# Left out because libevtx 20181227 gets them wrong (docs/formats.md, "EVTX"):
# negative signed integers (it reads sign and magnitude), a high surrogate
# before a non-surrogate (it swallows the next character), text before a
# substitution in one element (it drops the text). tests/unit/test_evtx.c
# checks what mitsuke writes for those.
TYPE_CASES = [
    ("Null", 0x00, b""),  # an optional substitution: the element is left out
    ("String", 0x01, utf16("héllo <wörld> & \"q\" 'a' 日本")),
    ("StringNul", 0x01, utf16("abc") + b"\0\0"),
    ("StringEmpty", 0x01, b""),
    ("StringLoneLow", 0x01, b"a\0" + b"\x00\xdc" + b"b\0"),
    ("StringNewline", 0x01, utf16("line1\nline2\ttab")),
    ("Ansi", 0x02, b"ansi caf\xe9 \x80"),
    ("Int8", 0x03, struct.pack("<b", 100)),
    ("UInt8", 0x04, struct.pack("<B", 250)),
    ("Int16", 0x05, struct.pack("<h", 1234)),
    ("UInt16", 0x06, struct.pack("<H", 65000)),
    ("Int32", 0x07, struct.pack("<i", 123456789)),
    ("UInt32", 0x08, struct.pack("<I", 4000000000)),
    ("Int64", 0x09, struct.pack("<q", 1234567890123)),
    ("UInt64", 0x0A, struct.pack("<Q", 18446744073709551615)),
    ("Real32", 0x0B, struct.pack("<f", 1.5)),
    ("Real64", 0x0C, struct.pack("<d", -2.25)),
    ("BoolTrue", 0x0D, struct.pack("<I", 1)),
    ("BoolFalse", 0x0D, struct.pack("<I", 0)),
    ("Binary", 0x0E, bytes([0x00, 0x01, 0xAB, 0xCD, 0xEF, 0xFF])),
    ("Guid", 0x0F, guid_bytes()),
    ("SizeT32", 0x10, struct.pack("<I", 0x1234)),
    ("SizeT64", 0x10, struct.pack("<Q", 0x12345678ABCD)),
    ("FileTime", 0x11, struct.pack("<Q", filetime(2021, 7, 4, 12, 34, 56, 1234567))),
    ("SystemTime", 0x12, systemtime(2020, 2, 6, 29, 23, 59, 58, 999)),
    ("Sid", 0x13, sid(1, 5, [21, 1587066498, 1489273250, 1035260531, 500])),
    ("SidShort", 0x13, sid(1, 5, [18])),
    ("Hex32", 0x14, struct.pack("<I", 0x1F)),
    ("Hex32Big", 0x14, struct.pack("<I", 0xDEADBEEF)),
    ("Hex64", 0x15, struct.pack("<Q", 0x8080000000000000)),
    ("Hex64Small", 0x15, struct.pack("<Q", 0x2A)),
    ("ArrayString", 0x81, utf16("one\0two\0three\0")),
    ("ArrayUInt16", 0x86, struct.pack("<3H", 1, 2, 3)),
    ("ArrayInt32", 0x87, struct.pack("<2i", 5, 7)),
    ("ArrayHex64", 0x95, struct.pack("<2Q", 1, 0xFF)),
    ("ArrayGuid", 0x8F, guid_bytes() * 2),
]


def build_types(path):
    c = Chunk()
    rid = 100
    ft0 = filetime(2021, 7, 4, 10, 0, 0, 5000000)

    # One record with every type as its own <Data Name="...">.
    def data_items(b):
        for i, (n, t, v) in enumerate(TYPE_CASES):
            b.element("Data", [("Name", lambda x, n=n: x.text(n))], lambda x, i=i, t=t: x.sub(4 + i, t, optional=(t == 0)))

    def rec1(bx):
        bx.fragment()
        vals = common_values(4688, ft0, rid, guid_bytes()) + [(t, v) for (_, t, v) in TYPE_CASES]
        bx.template_instance("types", lambda b: event_root(b, "Types-Provider", "Application", "host1.example",
                                                          lambda e: e.element("EventData", content=data_items)),
                             vals)
        bx.b += b"\x00"
    c.add_record(rid, ft0, rec1)

    # Optional substitutions that are NULL in Data elements.
    def rec2(bx):
        bx.fragment()
        def items(b):
            b.element("Data", [("Name", lambda x: x.text("OptNull"))], lambda x: x.sub(4, 0x01, optional=True))
            b.element("Data", [("Name", lambda x: x.text("NormEmpty"))], lambda x: x.sub(5, 0x01))
            b.element("Data", [("Name", lambda x: x.text("OptEmpty"))], lambda x: x.sub(6, 0x01, optional=True))
            b.element("Data", [("Name", lambda x: x.text("After"))], lambda x: x.sub(7, 0x01))
            b.element("Data", content=lambda x: x.sub(7, 0x01))
            b.element("Data", [("Name", lambda x: x.text("Mixed"))], lambda x: (x.sub(7, 0x01), x.text("-post")))
            b.element("Binary", content=lambda x: x.sub(8, 0x0E))
        vals = common_values(4624, ft0 + 10000, rid + 1) + [(0, b""), (0x01, b""), (0x01, b""), (0x01, utf16("x")),
                                                               (0x0E, b"\x01\x02")]
        bx.template_instance("nulls", lambda b: event_root(b, "Types-Provider", "Application", "host1.example",
                                                          lambda e: e.element("EventData", content=items)), vals)
        bx.b += b"\x00"
    c.add_record(rid + 1, ft0 + 10000, rec2)

    # The first template again (by offset: the chunk's template table at work)
    # with other values, names coming from the chunk's string table.
    def rec3(bx):
        bx.fragment()
        vals = common_values(4689, ft0 + 20000, rid + 2) + [(t, v) for (_, t, v) in TYPE_CASES]
        vals[4 + 1] = (0x01, utf16("second"))
        bx.template_instance("types", None, vals)
        bx.b += b"\x00"
    c.add_record(rid + 2, ft0 + 20000, rec3)

    # Nested BinXml: a Data whose value is a fragment holding a template
    # instance, and one whose value is a bare element (no dependency ids).
    def inner_template(nb):
        nb.fragment()
        nb.template_instance("inner", lambda b: b.element("Inner", [("Kind", lambda x: x.text("k"))],
                                                            lambda x: x.sub(0, 0x01)),
                             [(0x01, utf16("inner value"))])
        nb.b += b"\x00"

    def bare_element(nb):
        nb.element("Bare", [("A", lambda x: x.text("one"))], lambda x: x.text("bare & text"))
        nb.b += b"\x00"
    c.add_record(rid + 3, ft0 + 30000, nested_record(c, 4700, ft0 + 30000, rid + 3, inner_template, False))
    c.add_record(rid + 4, ft0 + 40000, nested_record(c, 4701, ft0 + 40000, rid + 4, bare_element, True))
    write_file(path, [c.finish()], rid + 5)


NESTED_LEN = 200


def nested_record(c, eid, ft, rid, write_value, bare):
    """A record whose Data "Nested" holds a BinXml value written by write_value."""
    def items(b):
        b.element("Data", [("Name", lambda x: x.text("Before"))], lambda x: x.sub(4, 0x01))
        b.element("Data", [("Name", lambda x: x.text("Nested"))], lambda x: x.sub(5, 0x21))

    def body(b):
        event_root(b, "Types-Provider", "Application", "host1.example", lambda e: e.element("EventData", content=items))

    def w(bx):
        bx.fragment()
        fixed = common_values(eid, ft, rid) + [(0x01, utf16("b4"))]
        # The value's offsets are chunk-relative: find where it will land by
        # writing the instance once with a placeholder, then for real.
        probe = Bx(c, bx.pos())
        names, templates = dict(c.names), dict(c.templates)
        probe.template_instance("nested", body, fixed + [(0x21, b"\0" * NESTED_LEN)])
        c.names, c.templates = names, templates
        nb = Bx(c, probe.pos() - NESTED_LEN, nested=bare)
        write_value(nb)
        assert len(nb.b) <= NESTED_LEN
        bx.template_instance("nested", body, fixed + [(0x21, bytes(nb.b) + b"\0" * (NESTED_LEN - len(nb.b)))])
        bx.b += b"\x00"
    return w


def build_userdata(path):
    c = Chunk()
    ft0 = filetime(2022, 1, 2, 3, 4, 5, 6789012)

    def rec(i):
        def w(bx):
            bx.fragment()

            def ud(b):
                b.element("UserData", content=lambda u: u.element(
                    "EventXML", [("xmlns", lambda x: x.text("Event_NS"))],
                    lambda e: (e.element("Param1", content=lambda x: x.sub(4, 0x01)),
                               e.element("Param2", content=lambda x: x.sub(5, 0x01)),
                               e.element("Param3", content=lambda x: x.sub(6, 0x01)))))
            vals = common_values(1149, ft0 + i * 10**7, 500 + i) + [
                (0x01, utf16("admin%d" % i)), (0x01, utf16("")), (0x01, utf16("10.0.0.%d" % i))]
            bx.template_instance("ud", lambda b: event_root(
                b, "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
                "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational", "rdp.example", ud), vals)
            bx.b += b"\x00"
        return w
    for i in range(3):
        c.add_record(500 + i, ft0 + i * 10**7, rec(i))
    write_file(path, [c.finish()], 503)


def repeat(src, times, dst):
    d = open(src, "rb").read()
    chunks = [bytearray(d[o:o + CHUNK]) for o in range(HEADER, len(d) - CHUNK + 1, CHUNK)
              if d[o:o + 8] == b"ElfChnk\0"]
    out = []
    for t in range(times):
        for c in chunks:
            c = bytearray(c)
            out.append(c)
    # Record numbers and ids stay as they were: both readers take them from the records.
    for c in out:
        fix_chunk_crcs(c)
    h = bytearray(d[:HEADER])
    struct.pack_into("<QQ", h, 8, 0, len(out) - 1)
    struct.pack_into("<H", h, 42, len(out) & 0xFFFF)
    struct.pack_into("<I", h, 124, zlib.crc32(bytes(h[:120])))
    with open(dst, "wb") as f:
        f.write(h)
        for c in out:
            f.write(c)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "types":
        build_types(sys.argv[2])
    elif what == "userdata":
        build_userdata(sys.argv[2])
    elif what == "repeat":
        repeat(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit("unknown: " + what)
