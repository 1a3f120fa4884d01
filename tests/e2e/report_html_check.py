#!/usr/bin/env python3
"""report_html_check.py REPORT.html [--payload TEXT]... - structural safety
checks of a mitsuke report, without a browser (the browser tests run it).

Fails (exit 1, with the reason) when the page
  - has an element outside the small set the report writer uses (img, iframe,
    object, link, ... can only come from unescaped log text),
  - has any on* attribute, any src attribute, an href that is not "#...",
    or an attribute value containing "javascript:",
  - has other <script> elements than the JSON data block and the one script,
  - lacks the Content-Security-Policy, or its sha256 hashes do not match the
    inline script and style exactly,
  - loads anything: url(, @import, http:// or https:// in the style or script,
  - or, for each --payload TEXT, does not show TEXT literally as page text.
"""
import base64
import hashlib
import html.parser
import re
import sys

ALLOWED = set("html head meta title style body header h1 h2 h3 h4 p code nav a main section div span dl dt dd "
              "table thead tbody tr th td ul ol li strong details summary br article footer script svg path "
              "rect text tspan button i".split())


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.errors, self.scripts, self.styles, self.csp, self.text = [], [], [], None, []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.errors.append("unexpected element <%s>" % tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.errors.append("event handler attribute %s on <%s>" % (name, tag))
            if name == "src":
                self.errors.append("src attribute on <%s>" % tag)
            if name == "href" and not value.startswith("#"):
                self.errors.append("href %r" % value)
            if "javascript:" in value.lower():
                self.errors.append("javascript: in attribute %s of <%s>" % (name, tag))
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content", "")
        if tag == "script":
            self.scripts.append([a, ""])
        if tag == "style":
            self.styles.append("")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else ""
        if top == "script":
            self.scripts[-1][1] += data
        elif top == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)


def sha256(s):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()


def main():
    path, payloads = sys.argv[1], []
    args = sys.argv[2:]
    while args:
        if args[0] == "--payload":
            payloads.append(args[1])
            args = args[2:]
        else:
            sys.exit("unknown argument " + args[0])
    raw = open(path, encoding="utf-8").read()
    p = Page()
    p.feed(raw)
    errors = p.errors
    if len(p.scripts) != 2:
        errors.append("%d <script> elements, expected 2" % len(p.scripts))
    else:
        data, code = p.scripts
        if data[0] != {"type": "application/json", "id": "mitsuke-data"}:
            errors.append("first script is not the JSON data block: %r" % data[0])
        if code[0]:
            errors.append("the script has attributes %r" % code[0])
    if len(p.styles) != 1:
        errors.append("%d <style> elements, expected 1" % len(p.styles))
    if not p.csp:
        errors.append("no Content-Security-Policy meta")
    else:
        if not p.csp.startswith("default-src 'none'"):
            errors.append("CSP does not start with default-src 'none': " + p.csp)
        if len(p.scripts) == 2 and "script-src " + sha256(p.scripts[1][1]) not in p.csp:
            errors.append("CSP script hash does not match the script")
        if p.styles and "style-src " + sha256(p.styles[0]) not in p.csp:
            errors.append("CSP style hash does not match the style")
        if "unsafe" in p.csp:
            errors.append("CSP allows unsafe-*")
    for name, body in (("style", "".join(p.styles)), ("script", p.scripts[1][1] if len(p.scripts) == 2 else "")):
        for bad in ("url(", "@import", "http://", "https://", "innerHTML", "eval("):
            if bad in body:
                errors.append("%s contains %s" % (name, bad))
    text = "".join(p.text)
    for pl in payloads:
        if pl not in text:
            errors.append("payload not shown as text: %r" % pl)
    if errors:
        print("\n".join(errors[:30]))
        sys.exit(1)


if __name__ == "__main__":
    main()
