#!/usr/bin/env python3
"""gen_scan_logs.py - a large Squid access log with an organisation's
cardinalities, for bench/bench_scan.sh.

Usage: gen_scan_logs.py OUT [--terminals 20000] [--destinations 2000000]
                             [--mb 1000] [--days 30]

The log covers DAYS days in time order. TERMINALS clients browse: each visit
is a burst of 1-8 requests to one host, to a popular site (Zipf over 20,000
names) or a CDN (500 names); every terminal also polls Windows Update every
few minutes while it is on. DESTINATIONS distinct hosts appear: besides the
popular ones, a long tail of hosts met once each (single requests), which is
what a month of a large organisation's traffic looks like at its tail, and
what makes the scan's tables big. A few terminals beacon to a handful of C2
names so the detectors have something to report. Deterministic (fixed seed).
The size is approximate (the generator stops once MB megabytes are written).

This is the scan benchmark's own generator: the foundation's Squid/ELFF
generator (bench/gen_proxy...) aims at parsing; this one at cardinality.
"""
import argparse
import random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--terminals", type=int, default=20000)
ap.add_argument("--destinations", type=int, default=2000000)
ap.add_argument("--mb", type=int, default=1000)
ap.add_argument("--days", type=int, default=30)
a = ap.parse_args()

rng = random.Random(1432112640)
START = 1430406000  # 2015-05-01 00:00 JST
SPAN = a.days * 86400
terms = [f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}" for i in range(1, a.terminals + 1)]
uas = ["Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko"] * 6 + [
    f"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.2357.{b} Safari/537.36"
    for v in (41, 42, 43) for b in (65, 81, 124)] + ["Mozilla/5.0 (Windows NT 6.1; WOW64; rv:38.0) Gecko/20100101 Firefox/38.0"]
term_ua = [rng.choice(uas) for _ in terms]
words = ["sakura", "midori", "aoba", "kita", "minami", "tokai", "chuo", "nishi", "higashi", "yamato", "kaze",
         "hikari", "mori", "umi", "sora", "hoshi", "tsuki", "fuji", "kawa", "yama", "news", "shop", "blog", "info"]
tlds = ["co.jp", "jp", "or.jp", "ne.jp", "com", "net", "go.jp", "ac.jp"]
popular = [f"www.{words[i % 24]}{i}.{tlds[i % 8]}" for i in range(20000)]
cdns = [f"static{i}.cdn{i % 7}.example-cdn.net" for i in range(500)]
n_tail = max(0, a.destinations - len(popular) - len(cdns))
weights = [1.0 / (k + 1) ** 1.1 for k in range(len(popular))]
cum = []
acc = 0.0
for w in weights:
    acc += w
    cum.append(acc)
c2 = ["www.fuji-seimitsu.co.jp", "img.kasumi-tec.jp", "203.0.113.45"]
beaconers = set(rng.sample(range(len(terms)), 12))

limit = a.mb * 1000 * 1000
written = 0
tail_next = 0
out = open(a.out, "w", buffering=1 << 22)
fmt = '{t:.3f} {el:6d} {c} {act}/200 {sz} {m} {url} {u} HIER_DIRECT/198.51.100.{ip} text/html "-" "{ua}" {req}\n'
# Lines are made in time order: the span is cut into steps, each step holds a
# slice of the tail, some visits and the pollers.
steps = 20000
per_step = limit // steps
tail_per_step = -(-n_tail // steps)  # every tail destination once, spread over the span
for step in range(steps):
    t0 = START + SPAN * step / steps
    dt = SPAN / steps
    chunk = []
    size = 0
    tail_quota = min(tail_per_step, n_tail - tail_next)
    while size < per_step or tail_quota > 0:
        r = rng.random()
        t = t0 + rng.random() * dt
        ti = rng.randrange(len(terms))
        c = terms[ti]
        if tail_quota > 0 and tail_next < n_tail:
            tail_quota -= 1
            h = f"h{tail_next}.{words[tail_next % 24]}{tail_next // 24 % 9973}.{tlds[tail_next % 8]}"
            tail_next += 1
            line = fmt.format(t=t, el=rng.randint(20, 900), c=c, act="TCP_MISS", sz=rng.randint(2000, 90000), m="GET",
                              url=f"http://{h}/", u=f"u{ti}", ip=ti % 200, ua=term_ua[ti], req=rng.randint(380, 900))
            chunk.append((t, line))
            size += len(line)
        elif r < 0.1:
            line = fmt.format(t=t, el=rng.randint(20, 300), c=c, act="TCP_MISS", sz=rng.randint(1500, 9000), m="POST",
                              url="http://fe2.update.microsoft.com/v6/ClientWebService/client.asmx", u="-", ip=7,
                              ua="Windows-Update-Agent/7.9.9600.17729 Client-Protocol/1.21", req=rng.randint(2000, 4200))
            chunk.append((t, line))
            size += len(line)
        else:
            x = rng.random() * acc
            lo, hi = 0, len(cum) - 1
            while lo < hi:
                mid = (lo + hi) // 2
                if cum[mid] < x:
                    lo = mid + 1
                else:
                    hi = mid
            host = popular[lo]
            for k in range(rng.randint(1, 8)):
                h = host if k == 0 or rng.random() < 0.6 else cdns[(lo + k) % len(cdns)]
                line = fmt.format(t=t + k * 0.2, el=rng.randint(20, 900), c=c, act=rng.choice(["TCP_MISS", "TCP_HIT"]),
                                  sz=rng.randint(800, 120000), m="GET", url=f"http://{h}/p/{rng.randrange(1000)}",
                                  u=f"u{ti}", ip=lo % 200, ua=term_ua[ti], req=rng.randint(380, 900))
                chunk.append((t + k * 0.2, line))
                size += len(line)
    for bi in beaconers:  # every ~60 s per beaconing terminal
        for k in range(max(1, int(dt / 60))):
            t = t0 + k * 60 + rng.random() * 12
            line = fmt.format(t=t, el=120, c=terms[bi], act="TCP_MISS", sz=rng.randint(180, 260), m="GET",
                              url=f"http://{c2[bi % 3]}/images/{rng.getrandbits(24):06x}.php", u=f"u{bi}", ip=45,
                              ua="Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)", req=320)
            chunk.append((t, line))
    chunk.sort(key=lambda x: x[0])
    out.write("".join(l for _, l in chunk))
    written += size
out.close()
print(f"{a.out}: about {written / 1e6:.0f} MB, {a.terminals} terminals, {len(popular) + len(cdns) + tail_next} destinations")
