# ruff: noqa: E501 - the corpus reads best one case a line
"""The hostile corpus: messages an attacker (or a broken mail client) sends the intake, each with the
outcome and receipt it must get. Every message is built here as bytes and written out as an .eml."""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.policy import default
from email.utils import format_datetime, make_msgid

from fixtures_intake import INTAKE_ADDRESS, KEY

from demo.sample_pdf import sample_pdf
from domain.intake.events import QuarantineReason
from domain.intake.token import make_token, reply_address
from domain.obligation.id import ObligationId

OFFICIAL = "orlova@sakha.example"  # region 14's registered contact; sakha.example signs with DKIM
REGION = "14"
DETAILS = "Вид документа: приказ\nНомер: 7-од\nДата: 01.02.2026\nКем издан: Министерство здравоохранения\n"
SUBJECT = "Ответ: документы по мероприятию"
Q = QuarantineReason
DATE = format_datetime(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC))


@dataclass(frozen=True)
class Sent:
    """One message on the wire: its bytes and the SMTP envelope it travels in."""

    raw: bytes
    mail_from: str
    rcpt_to: str


@dataclass(frozen=True)
class Case:
    """A hostile message (made for an open obligation) and what the intake must do with it."""

    name: str
    build: Callable[[str], Sent]
    outcome: str  # the `outcome` of `eci intake list --json`
    code: QuarantineReason | None
    receipt: str | None  # a phrase the receipt says; None: no receipt (a stranger)
    sign: bool = True  # DKIM-signed by the official's domain (the From is genuine)


def to_of(oid: str, sender: str = OFFICIAL) -> str:
    """The reply address the tracker gave `sender` for `oid`."""
    return reply_address(INTAKE_ADDRESS, make_token(ObligationId.parse(oid), sender, KEY))


def message(
    oid: str,
    *,
    sender: str = OFFICIAL,
    text: str = DETAILS,
    files: tuple[tuple[str, bytes, str], ...] = (),
    to: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
) -> EmailMessage:
    """A reply as a mail client writes it."""
    msg = EmailMessage(policy=default)
    for name, value in headers:
        msg[name] = value
    msg["From"] = f"Орлова Анна <{sender}>"
    msg["To"] = to or to_of(oid, sender)
    msg["Subject"] = SUBJECT
    msg["Date"] = DATE
    msg["Message-ID"] = make_msgid(domain="sakha.example")
    msg.set_content(f"Добрый день!\n\n{text}\n")
    for name, data, media in files:
        main, sub = media.split("/")
        msg.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return msg


def wire(msg: EmailMessage | bytes, mail_from: str = OFFICIAL, rcpt: str | None = None) -> Sent:
    raw = msg if isinstance(msg, bytes) else msg.as_bytes(policy=SMTP_POLICY)
    if rcpt is None:
        assert isinstance(msg, EmailMessage)
        rcpt = msg["To"].addresses[0].addr_spec
    return Sent(raw, mail_from, rcpt)


def legit(oid: str, size: int = 1_000_000) -> Sent:
    """A region's genuine reply: a PDF of `size` bytes and the details filled."""
    return wire(message(oid, files=(("prikaz-7-od.pdf", sample_pdf(size, "order"), "application/pdf"),)))


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
_DOCUMENT = b'<?xml version="1.0"?><w:document xmlns:w="urn:w"><w:body/></w:document>'
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _docx(extra: dict[str, bytes] | None = None, types: bytes = _TYPES) -> bytes:
    return _zip({"[Content_Types].xml": types, "word/document.xml": _DOCUMENT, **(extra or {})})


def _nested(depth: int) -> bytes:
    head = f"From: {OFFICIAL}\r\nTo: {{to}}\r\nSubject: {SUBJECT}\r\nDate: {DATE}\r\nMessage-ID: {make_msgid()}\r\nMIME-Version: 1.0\r\n".encode()
    body = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) for i in range(depth))
    body += b"Content-Type: text/plain\r\n\r\nhi\r\n" + b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))
    return head + body


def _large(oid: str, size: int) -> Sent:
    """A reply with one large PDF, written directly (fast for tens of megabytes)."""
    to = to_of(oid)
    pdf = base64.encodebytes(sample_pdf(size)).replace(b"\n", b"\r\n")
    head = (
        f"From: {OFFICIAL}\r\nTo: {to}\r\nSubject: {SUBJECT}\r\nDate: {DATE}\r\nMessage-ID: {make_msgid()}\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        f"--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{DETAILS}\r\n"
        "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        'Content-Disposition: attachment; filename="prikaz.pdf"\r\n\r\n'
    ).replace("\n", "\n").encode()
    return wire(head.replace(b"\r\r", b"\r") + pdf + b"--b--\r\n", rcpt=to)


def _many_parts(oid: str, count: int) -> Sent:
    """A multipart of `count` PDF parts, written directly (a mail library would take minutes)."""
    to = to_of(oid)
    pdf = base64.b64encode(sample_pdf()).decode()
    part = "--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
    parts = "".join(f'{part}Content-Disposition: attachment; filename="p{n}.pdf"\r\n\r\n{pdf}\r\n' for n in range(count))
    head = f"From: {OFFICIAL}\r\nTo: {to}\r\nSubject: {SUBJECT}\r\nDate: {DATE}\r\nMessage-ID: {make_msgid()}\r\nMIME-Version: 1.0\r\n"
    text = "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attached\r\n"
    raw = f"{head}Content-Type: multipart/mixed; boundary=b\r\n\r\n{text}{parts}--b--\r\n"
    return wire(raw.encode(), rcpt=to)


def _nested_case(oid: str) -> Sent:
    to = to_of(oid)
    return wire(_nested(3000).replace(b"{to}", to.encode()), rcpt=to)


def _bad_base64(oid: str) -> Sent:
    raw = message(oid, files=(("prikaz.pdf", sample_pdf(), PDF),)).as_bytes(policy=SMTP_POLICY)
    head, _, tail = raw.rpartition(b"Content-Disposition: attachment")
    start = tail.index(b"\r\n\r\n") + 4
    damaged = tail[:start] + b"JVBERi0xLjQK!!!!not base64 at all####\r\n" + tail[start + 200 :]
    return wire(head + b"Content-Disposition: attachment" + damaged, rcpt=to_of(oid))


def _billion_laughs() -> bytes:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return ("cycle: 2029\nregion: '14'\n" + "\n".join(lines) + "\nanswers: *a9\n").encode()


def _deep_yaml() -> bytes:
    nested = "x"
    for _ in range(12):
        nested = f"[{nested}]"
    return f"cycle: 2029\nregion: '14'\nanswers:\n  '1.1': {nested}\n".encode()


def _spoof(oid: str) -> Sent:
    """The official's From and a valid token, sent from another server with no signature of theirs."""
    return wire(message(oid, files=(("prikaz.pdf", sample_pdf(), PDF),)), mail_from="bounce@mailer.example")


def _forged_results(oid: str) -> Sent:
    forged = (("Authentication-Results", "mx.minzdrav.example; dkim=pass header.d=sakha.example; dmarc=pass"),)
    msg = message(oid, files=(("prikaz.pdf", sample_pdf(), PDF),), headers=forged)
    return wire(msg, mail_from="bounce@mailer.example")


def _extension(oid: str) -> Sent:
    from domain.obligation.plan import obligations_for_cycle
    from domain.obligation.start import terms_for

    wanted = ObligationId.parse(oid)
    [obligation] = [o for o in obligations_for_cycle(wanted.cycle, region=REGION) if o.id == wanted]
    until = terms_for(obligation).deadline.due + dt.timedelta(days=60)
    text = f"Причина: документ на согласовании в правительстве\nНовый срок: {until:%d.%m.%Y}\n"
    return wire(message(oid, text=text))


def _huge_header(oid: str) -> Sent:
    raw = message(oid, files=(("prikaz.pdf", sample_pdf(), PDF),)).as_bytes(policy=SMTP_POLICY)
    padding = b"X-Padding: " + b"\r\n ".join([b"a" * 70] * 1200) + b"\r\n"
    return wire(raw.replace(b"MIME-Version:", padding + b"MIME-Version:", 1), rcpt=to_of(oid))


CASES = (
    Case("stranger_exe_to_bare_address", lambda oid: wire(
        message(oid, sender="attacker@evil.example", to=INTAKE_ADDRESS, files=(("setup.exe", b"MZ" + b"\0" * 300_000, "application/octet-stream"),)),
        mail_from="attacker@evil.example"), "quarantined", Q.BAD_ATTACHMENT, None, sign=False),
    Case("pdf_of_30_mb", lambda oid: _large(oid, 30_000_000),
         "quarantined", Q.TOO_LARGE, "больше 36 МБ", sign=False),
    Case("zip_bomb_named_docx", lambda oid: wire(message(oid, files=(("prikaz.docx", _docx({"word/media/x.bin": b"\0" * 120_000_000}), DOCX),))),
         "quarantined", Q.ARCHIVE_BOMB, "архивную бомбу"),
    Case("yaml_billion_laughs", lambda oid: wire(message(oid, text="Форма.", files=(("forma.yaml", _billion_laughs(), "application/yaml"),))),
         "quarantined", Q.BAD_FORM, "знаки & и *"),
    Case("yaml_nested_12_levels", lambda oid: wire(message(oid, text="Форма.", files=(("forma.yaml", _deep_yaml(), "application/yaml"),))),
         "quarantined", Q.BAD_FORM, "глубже 8 уровней"),
    Case("ten_thousand_pdf_parts", lambda oid: _many_parts(oid, 10_000),
         "quarantined", Q.TOO_COMPLEX, "больше 50 частей", sign=False),
    Case("twenty_five_pdfs", lambda oid: wire(message(oid, files=tuple((f"p{n}.pdf", sample_pdf(), PDF) for n in range(25)))),
         "quarantined", Q.TOO_MANY_FILES, "больше 20 файлов"),
    Case("multipart_nested_3000_deep", _nested_case, "quarantined", Q.TOO_COMPLEX, "больше 50 частей"),
    Case("bad_base64_in_pdf", _bad_base64, "quarantined", Q.MALFORMED, "повреждено"),
    Case("zip_with_setup_exe_named_docx", lambda oid: wire(message(oid, files=(("prikaz.docx", _docx({"setup.exe": b"MZ\x90\0" * 100, "autorun.inf": b"[autorun]\r\nopen=setup.exe\r\n"}), DOCX),))),
         "quarantined", Q.BAD_ATTACHMENT, "внутри исполняемые файлы"),
    Case("docx_without_main_part", lambda oid: wire(message(oid, files=(("prikaz.docx", _zip({"[Content_Types].xml": _TYPES}), DOCX),))),
         "quarantined", Q.BAD_ATTACHMENT, "нет его основной части"),
    Case("docx_with_macros", lambda oid: wire(message(oid, files=(("prikaz.docx", _docx({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}), DOCX),))),
         "quarantined", Q.BAD_ATTACHMENT, "содержит макросы"),
    Case("docx_with_xml_bomb", lambda oid: wire(message(oid, files=(("prikaz.docx", _docx(types=b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Types>&b;</Types>'), DOCX),))),
         "quarantined", Q.BAD_ATTACHMENT, "нет описания его частей"),
    Case("nested_zip_named_docx", lambda oid: wire(message(oid, files=(("prikaz.docx", _docx({"word/x.dat": _zip({"a.txt": b"a"})}), DOCX),))),
         "quarantined", Q.BAD_ATTACHMENT, "вложенный архив"),
    Case("html_named_pdf", lambda oid: wire(message(oid, files=(("prikaz.pdf", b"<html><body>x</body></html>", PDF),))),
         "quarantined", Q.BAD_ATTACHMENT, "не является файлом PDF"),
    Case("pdf_that_does_not_parse", lambda oid: wire(message(oid, files=(("prikaz.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 5000, PDF),))),
         "quarantined", Q.BAD_ATTACHMENT, "повреждён"),
    Case("header_of_80_kb", _huge_header, "quarantined", Q.TOO_COMPLEX, "больше 64 КБ"),
    Case("spoofed_from_foreign_envelope", _spoof, "quarantined", Q.UNVERIFIED_SENDER, "Отправитель не подтверждён", sign=False),
    Case("forged_authentication_results", _forged_results, "quarantined", Q.UNVERIFIED_SENDER, "Отправитель не подтверждён", sign=False),
    Case("pdf_of_20_mb_over_the_parse_memory", lambda oid: _large(oid, 20_000_000), "quarantined", Q.PROCESSING_FAILED, "не удалось обработать", sign=False),
    Case("no_document_no_request", lambda oid: wire(message(oid, text="Документ будет позже.")), "quarantined", Q.NO_ATTACHMENT, "не приложен документ"),
    Case("undecodable_from", lambda oid: wire(b"From: \xff\xfe<x@evil.example>\r\nTo: " + to_of(oid).encode() + b"\r\nSubject: x\r\n\r\nbody\r\n", mail_from="x@evil.example", rcpt=to_of(oid)),
         "quarantined", Q.MALFORMED, None, sign=False),
    Case("extension_request", _extension, "extension_requested", None, "передана федеральному координатору"),
)  # fmt: skip

