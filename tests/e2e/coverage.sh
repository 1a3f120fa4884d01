#!/usr/bin/env bash
# coverage.sh - `mitsuke coverage` on the Japan Pension Service case (seed
# 004 §2.2, footnote 7): the proxy log was saved once up to 20:00 on 10 May
# and again from 23:58, so 20:01-23:58 is missing. Neither file has a hole;
# all files together do, and coverage must say so to the minute. An office
# log with quiet nights, weekends and Golden Week must show no gap.
source "$(dirname "$0")/lib/common.sh"

# gen KIND FROM TO [SKIP_FROM SKIP_TO]: Squid lines, times as JST wall clock
# "YYYY-MM-DD HH:MM"; KIND ops = 24-hour operations, office = office hours.
gen() {
  python3 - "$@" <<'PY'
import datetime as dt, random, sys
kind, a, b = sys.argv[1:4]
skip = sys.argv[4:6]
jst = dt.timezone(dt.timedelta(hours=9))
p = lambda s: dt.datetime.strptime(s, "%Y-%m-%d %H:%M").replace(tzinfo=jst)
t, end = p(a), p(b)
s0, s1 = (p(skip[0]), p(skip[1])) if skip else (None, None)
rnd = random.Random(7)
holidays = {(4, 29), (5, 4), (5, 5), (5, 6)}
while t < end:
    rest = t.weekday() >= 5 or (t.month, t.day) in holidays
    h = t.hour
    if kind == "ops":
        rate = (4 if 8 <= h < 20 else 2) if not rest else 2
    else:
        rate = 0 if rest or h < 8 or h >= 19 else 6
    if not (s0 and s0 <= t < s1):
        for _ in range(rnd.randint(rate // 2, rate + rate // 2) if rate else 0):
            e = t.timestamp() + rnd.random() * 59.9
            print(f"{e:.3f} {rnd.randint(5, 900):6d} 10.1.{rnd.randint(0, 3)}.{rnd.randint(1, 250)} TCP_MISS/200 "
                  f"{rnd.randint(200, 90000)} GET http://site{rnd.randint(1, 80)}.example.jp/ - HIER_DIRECT/203.0.113.9 text/html")
    t += dt.timedelta(minutes=1)
PY
}

# saved on 10 May up to 20:00, and on 22 May from 23:58 on 10 May
gen ops "2015-05-03 00:00" "2015-05-10 20:01" >"$T/saved-0510.log"
gen ops "2015-05-10 23:58" "2015-05-17 00:00" >"$T/saved-0522.log"
gzip "$T/saved-0522.log"
# an overlapping save of two days of the first file, given first (out of order)
gen ops "2015-05-08 00:00" "2015-05-10 00:00" >"$T/copy-0508.log"

run "$MITSUKE" coverage --tz JST --output json "$T/copy-0508.log" "$T/saved-0522.log.gz" "$T/saved-0510.log"
expect_rc 0 "coverage of the pension case"
json_check "$T/out" 'allsrc["gaps"][0]["start"] == "2015-05-10T20:01:00+09:00" and allsrc["gaps"][0]["end"] == "2015-05-10T23:58:00+09:00"'
json_check "$T/out" 'len(allsrc["gaps"]) == 1 and allsrc["gaps"][0]["minutes"] == 237 and allsrc["gaps"][0]["basis"] == "profile"'
json_check "$T/out" 'all(o["gaps"] == [] for o in objs if o["scope"] == "source")'
json_check "$T/out" 'src("saved-0510.log")["last"].startswith("2015-05-10T20:00:")'
json_check "$T/out" 'src("saved-0522.log.gz")["first"].startswith("2015-05-10T23:58:")'
json_check "$T/out" 'allsrc["first"].startswith("2015-05-03T00:0") and allsrc["last"].startswith("2015-05-16T23:5")'
json_check "$T/out" 'allsrc["records"] == sum(o["records"] for o in objs if o["scope"] == "source")'
json_check "$T/out" 'list(objs[0].keys())[:7] == ["scope", "source", "format", "codec", "records", "unparsed", "skipped"]'
# times follow --tz
run "$MITSUKE" coverage --tz UTC --output json "$T/saved-0510.log" "$T/saved-0522.log.gz"
json_check "$T/out" 'allsrc["gaps"][0]["start"] == "2015-05-10T11:01:00Z"'
# the human table, in Japanese
run "$MITSUKE" --lang ja coverage --tz JST "$T/saved-0510.log" "$T/saved-0522.log.gz"
expect_rc 0 "text coverage"
expect_out "全体  2015-05-10 20:01 〜 2015-05-10 23:58  3時間57分  約"
expect_out "時刻は JST"
run "$MITSUKE" coverage --tz JST "$T/saved-0510.log" "$T/saved-0522.log.gz"
expect_out "all  2015-05-10 20:01 - 2015-05-10 23:58  3h57m  about"
# a silence shorter than --min-gap is not reported
run "$MITSUKE" coverage --tz JST --min-gap 300 --output json "$T/saved-0510.log" "$T/saved-0522.log.gz"
json_check "$T/out" 'allsrc["gaps"] == []'

# an office: nights, weekends and Golden Week are quiet, and that is no gap;
# a morning missing on a working day is
gen office "2015-04-20 00:00" "2015-05-23 00:00" >"$T/office.log"
run "$MITSUKE" coverage --tz JST --output json "$T/office.log"
json_check "$T/out" 'allsrc["gaps"] == [] and src("office.log")["gaps"] == []'
gen office "2015-04-20 00:00" "2015-05-23 00:00" "2015-05-13 09:30" "2015-05-13 12:00" >"$T/office2.log"
run "$MITSUKE" coverage --tz JST --output json "$T/office2.log"
json_check "$T/out" 'len(allsrc["gaps"]) == 1 and allsrc["gaps"][0]["start"] == "2015-05-13T09:30:00+09:00"'

# real public data (shared/data/proxy, fail2ban's Squid sample): every line
# is a record or a skipped comment/blank line, and the times match the
# sample's own annotations (failJSON, written in CET)
sample="${SHARED:-$SRCDIR/../shared}/data/proxy/fail2ban_squid.log"
if [ -f "$sample" ]; then
  run "$MITSUKE" coverage --tz +01:00 --output json "$sample"
  expect_rc 0 "coverage of the fail2ban sample"
  json_check "$T/out" 'src("fail2ban_squid.log")["records"] == 4 and src("fail2ban_squid.log")["skipped"] == 9'
  json_check "$T/out" 'src("fail2ban_squid.log")["unparsed"] == 0'
  json_check "$T/out" 'src("fail2ban_squid.log")["first"] == "2013-12-08T23:55:23+01:00"'
  json_check "$T/out" 'src("fail2ban_squid.log")["last"] == "2013-12-09T00:09:06+01:00"'
else
  echo "SKIP shared sample: $sample not found"
fi
echo "ok"
