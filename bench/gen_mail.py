#!/usr/bin/env python3
"""gen_mail.py - a mailbox of realistic mails for bench_mail.sh.

    python3 bench/gen_mail.py COUNT OUT.mbox [OUTDIR]

Writes COUNT mails as one mbox, and with OUTDIR also one .eml file per mail.
The mix is what a quarantine or a busy inbox holds: plain Japanese and English
business mail (ISO-2022-JP and UTF-8, quoted-printable and base64), mails with
PDF and XLSX attachments, zip archives of documents, LZH archives holding a
program, HTML phishing with links, mails with links to storage services, and
forwarded mails. Deterministic (fixed seed) so runs compare.
"""
import base64
import io
import os
import random
import struct
import sys
import zipfile
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "mail"))
import make_fixtures as fx  # noqa: E402  (the same small writers the fixtures use)

rnd = random.Random(20150520)
JA_LINES = ["お世話になっております。", "先日の打ち合わせの件でご連絡いたします。", "資料を添付いたしますのでご確認ください。",
            "来週の会議は予定どおり開催します。", "ご不明な点がございましたらお知らせください。", "引き続きよろしくお願いいたします。",
            "見積書の件、社内で確認しております。", "議事録を共有します。"]
EN_LINES = ["Thanks for the update.", "Please find the figures attached.", "Let us discuss this on Monday.",
            "The meeting notes are below.", "I will follow up with the team.", "Best regards,"]
DOMAINS = ["example.co.jp", "corp.example.com", "partner.example.jp", "vendor.example.net", "city.example.lg.jp"]


def para(lines, n):
    return "\r\n".join(rnd.choice(lines) for _ in range(n)) + "\r\n"


def addr(i):
    return "user%d@%s" % (i % 997, DOMAINS[i % len(DOMAINS)])


def headers(i, subject_word):
    ip = "203.0.%d.%d" % (i % 200, (i * 7) % 250)
    return [
        ("Received", "from mail%d.%s (mail%d.%s [%s])\r\n\tby mx.example.co.jp (Postfix) with ESMTP id %X;\r\n\t"
                     "Mon, 18 May 2015 %02d:%02d:00 +0900" % (i % 50, DOMAINS[i % 5], i % 50, DOMAINS[i % 5], ip,
                                                               i * 7919, i % 24, i % 60)),
        ("Authentication-Results", "mx.example.co.jp; spf=pass smtp.mailfrom=%s; dkim=pass" % DOMAINS[i % 5]),
        ("From", "%s <%s>" % (fx.enc_word_jis("担当 %d" % (i % 97)), addr(i))),
        ("To", addr(i + 1)),
        ("Subject", fx.enc_word_jis("%s %d" % (subject_word, i))),
        ("Date", "Mon, 18 May 2015 %02d:%02d:00 +0900" % (i % 24, i % 60)),
        ("Message-ID", "<%d.%X@%s>" % (1431900000 + i, i * 2654435761 % (1 << 32), DOMAINS[i % 5])),
        ("X-Mailer", rnd.choice(["Microsoft Outlook 16.0", "Thunderbird 38.0", "Becky! ver. 2.70"])),
    ]


def one(i):
    kind = i % 20
    if kind < 7:  # plain business text
        return fx.mail(headers(i, "定例会議"), [fx.jis_text_part(para(JA_LINES, 12))])
    if kind < 9:
        return fx.mail(headers(i, "Weekly report"), [fx.utf8_text_part(para(EN_LINES, 20) * 3)])
    if kind < 12:  # documents
        return fx.mail(headers(i, "資料送付"), [fx.jis_text_part(para(JA_LINES, 6)),
                                             fx.attachment(fx.enc_word_jis("資料%d.pdf" % i), "application/pdf",
                                                           fx.minimal_pdf(b"Report %d" % i + b" x" * 400)),
                                             fx.attachment("figures.xlsx", "application/vnd.openxmlformats-"
                                                           "officedocument.spreadsheetml.sheet",
                                                           fx.minimal_xlsx([["item", i], ["total", i * 3]]))])
    if kind < 14:  # a zip of documents
        z = fx.zip_of([("doc%d.txt" % k, (para(EN_LINES, 30)).encode()) for k in range(4)] +
                      [("report.pdf", fx.minimal_pdf(b"zipped"))])
        return fx.mail(headers(i, "Archive"), [fx.utf8_text_part(para(EN_LINES, 5)),
                                               fx.attachment("documents.zip", "application/zip", z)])
    if kind == 14:  # seed 004 style: an .lzh with a program
        lzh = fx.lha_lh0([(("医療費通知のお知らせ%d.exe" % i).encode("cp932"), fx.pe_stub() + bytes(i % 64))])
        return fx.mail(headers(i, "【医療費通知】"), [fx.jis_text_part("医療費通知のお知らせです。添付ファイルをご確認ください。\r\n"),
                                                 fx.attachment(fx.enc_word_jis("医療費通知.lzh"),
                                                               "application/octet-stream", lzh)])
    if kind == 15:  # HTML phishing
        html = ('<html><body><p>Your mailbox is full. <a href="https://bit.ly/%d">https://www.example.co.jp/login</a>'
                '</p><p style="display:none">%s</p><form action="https://evil%d.example/post">'
                '<input type="password" name="p"></form></body></html>' % (i, "x" * 40, i))
        return fx.mail(headers(i, "Mailbox quota"), [fx.utf8_text_part(html, "html")])
    if kind == 16:  # storage link
        return fx.mail(headers(i, "大容量ファイル"), [fx.jis_text_part(
            para(JA_LINES, 4) + "下記URLよりダウンロードしてください。\r\nhttps://xgf.nu/%d\r\nhttps://firestorage.jp/download/%x\r\n"
            % (i, i * 31337))])
    if kind == 17:  # a forwarded mail with an attachment
        inner = fx.mail(headers(i + 1, "転送元"), [fx.jis_text_part(para(JA_LINES, 5))]).decode("ascii")
        part = "Content-Type: message/rfc822\r\n\r\n" + inner
        return fx.mail(headers(i, "Fwd"), [fx.utf8_text_part("FYI\n"), part])
    if kind == 18:  # larger base64 attachment (~200 KB)
        blob = bytes(rnd.getrandbits(8) for _ in range(2000)) * 100
        return fx.mail(headers(i, "Image"), [fx.utf8_text_part("photo\n"),
                                             fx.attachment("photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0" + blob)])
    # an encrypted zip
    return fx.mail(headers(i, "パスワード付き"), [fx.jis_text_part("パスワードは別途お送りします。\r\n"),
                                               fx.attachment("secret.zip", "application/zip",
                                                             fx.encrypted_zip("請求書.pdf", fx.minimal_pdf(b"x")))])


def main():
    count = int(sys.argv[1])
    out = sys.argv[2]
    outdir = sys.argv[3] if len(sys.argv) > 3 else None
    if outdir:
        os.makedirs(outdir, exist_ok=True)
    with open(out, "wb") as mbox:
        for i in range(count):
            m = one(i)
            mbox.write(b"From bench@example.co.jp Mon May 18 10:00:00 2015\n")
            mbox.write(m.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From "))
            mbox.write(b"\n")
            if outdir:
                with open(os.path.join(outdir, "%06d.eml" % i), "wb") as f:
                    f.write(m)


if __name__ == "__main__":
    main()
