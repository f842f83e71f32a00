# ruff: noqa: E501 - one reason a line reads best
"""Every receipt an official can get is plain Russian: for each quarantine reason, the reason the intake
itself writes (made here by the same code paths: parsing, deciding, the workflow's refusal, the poison
rule) is rendered in the receipt with the advice, the official's subject and date quoted, and no Latin
word appears outside file names, addresses, hashes and the names of file formats."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from fixtures_intake import DETAILS, INTAKE_ADDRESS, KEY, OFFICIAL, OTHER_REGION, reply
from receipt_language import latin_words

from demo.sample_pdf import sample_pdf
from domain.documents import StoredFile
from domain.errors import DomainError
from domain.intake.advice import advice_ru
from domain.intake.events import FailureCause, QuarantineReason
from domain.obligation.plan import obligations_for_cycle
from domain.obligation.progress import ObligationProgress
from domain.obligation.start import terms_for
from domain.obligation.states import ObligationState
from eci.intake.attempts import poison_reason
from eci.intake.decide import decide
from eci.intake.incoming import RefusedMail, check_size, parse_incoming
from eci.intake.limits import ParseLimits
from eci.intake.receipts import ReceiptView
from eci.intake.submission import refusal_ru
from notifications.render import render

Q = QuarantineReason
OID = "2026/02/12"
CONTACTS = {OFFICIAL: frozenset({"12"}), OTHER_REGION: frozenset({"77"})}
SUBJECT = "Ответ: документы по мероприятию № 2"


def _parsed(raw: bytes, **decide_args: object) -> str:
    try:
        mail = parse_incoming(raw, (), ParseLimits())
        decide(mail, intake_address=INTAKE_ADDRESS, keys={KEY.key_id: KEY}, contacts=CONTACTS, **decide_args)
    except RefusedMail as refused:
        return refused.reason
    raise AssertionError("the message was not refused")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _not_accepting() -> str:
    [obligation] = [o for o in obligations_for_cycle(2026, region="12") if str(o.id) == OID]
    terms = terms_for(obligation)
    progress = ObligationProgress(
        obligation_id=OID, state=ObligationState.SUBMITTED, deadline=terms.deadline, cursor=dt.datetime.now(dt.UTC)
    )
    return refusal_ru(terms, progress, DomainError("already submitted and awaiting review"))


def _too_large() -> str:
    try:
        check_size(b"x" * 20_000, ParseLimits(max_message_bytes=10_000))
    except RefusedMail as refused:
        return refused.reason
    raise AssertionError


def _nested() -> str:
    head = f"From: {OFFICIAL}\r\nTo: x@y.example\r\nSubject: s\r\nMIME-Version: 1.0\r\n".encode()
    body = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i) for i in range(40))
    return _parsed(head + body + b"Content-Type: text/plain\r\n\r\nhi\r\n")


REASONS = {
    Q.MALFORMED: lambda: _parsed(b"From: \xff\xfe<a@b.example>\r\nTo: x@y.example\r\n\r\nbody"),
    Q.TOO_LARGE: _too_large,
    Q.TOO_COMPLEX: _nested,
    Q.TOO_MANY_FILES: lambda: _parsed(reply(OID, attachments=tuple((f"p{n}.pdf", sample_pdf(), "application/pdf") for n in range(21)))),
    Q.ARCHIVE_BOMB: lambda: _parsed(reply(OID, attachments=(("prikaz.docx", _zip({"a": b"\0" * 120_000_000}), "application/octet-stream"),))),
    Q.BAD_ATTACHMENT: lambda: _parsed(reply(OID, attachments=(("prikaz.docx", _zip({"setup.exe": b"MZ" * 10}), "application/octet-stream"),))),
    Q.NO_TOKEN: lambda: _parsed(reply(OID, to=INTAKE_ADDRESS)),
    Q.BAD_TOKEN: lambda: _parsed(reply(OID, token_for="someone@mari.example")),
    Q.UNKNOWN_SENDER: lambda: _parsed(reply(OID, sender="stranger@spam.example")),
    Q.WRONG_PARTICIPANT: lambda: _parsed(reply(OID, sender=OTHER_REGION, token_for=OTHER_REGION)),
    Q.NOT_ACCEPTING: _not_accepting,
    Q.NO_ATTACHMENT: lambda: _parsed(reply(OID, attachments=())),
    Q.BAD_DETAILS: lambda: _parsed(reply(OID, text=DETAILS.replace("10.02.2026", "10 февраля"))),
    Q.BAD_FORM: lambda: _parsed(reply(OID, attachments=(("forma.yaml", b"cycle: 2026", "application/yaml"), ("p.pdf", sample_pdf(), "application/pdf")))),
    Q.NO_DKIM: lambda: "Письмо не подтверждено подписью домена отправителя.",  # written by older intakes only
    Q.UNVERIFIED_SENDER: lambda: _parsed(reply(OID), vouched=False),
    Q.PROCESSING_FAILED: lambda: poison_reason(FailureCause.MEMORY, 3),
}  # fmt: skip


def _body(view: ReceiptView) -> str:
    rendered = render("intake_receipt", r=view)
    return f"{rendered.subject}\n{rendered.text}"


def test_every_quarantine_reason_has_a_reason_and_advice() -> None:
    assert set(REASONS) == set(QuarantineReason)


@pytest.mark.parametrize("code", list(QuarantineReason))
def test_the_receipt_for_each_reason_is_plain_russian(code: QuarantineReason) -> None:
    reason = REASONS[code]()
    view = ReceiptView(
        accepted=False, message_id="<a1b2@mari.example>", short_id="3f9a0c2b7d1e", reason=reason,
        obligation=OID, subject=SUBJECT, date="02.03.2026", advice=advice_ru(code),
    )  # fmt: skip
    body = _body(view)
    assert reason in body
    assert advice_ru(code) in body
    assert f"«{SUBJECT}» от 02.03.2026" in body, "the official's own subject and date are quoted"
    assert latin_words(body) == [], body
    for jargon in ("метка", "Error", "Defect", "токен", "MIME"):
        assert jargon not in body


def test_the_other_receipts_are_plain_russian_too() -> None:
    stored = StoredFile(sha256="ab" * 32, size=1_234_567, media_type="application/pdf", filename="prikaz-12-p.pdf")
    views = [
        ReceiptView(accepted=True, message_id="<a@b.example>", short_id="3f9a0c2b7d1e", obligations=(OID,),
                    files=(stored,), subject=SUBJECT, date="02.03.2026"),
        ReceiptView(accepted=False, message_id="<a@b.example>", short_id="3f9a0c2b7d1e", obligation=OID,
                    reason="документ на согласовании", extension_until=dt.date(2027, 3, 1), subject=SUBJECT),
        ReceiptView(accepted=False, message_id="<a@b.example>", short_id="3f9a0c2b7d1e", obligation=OID,
                    declined="срок уже переносился дважды", subject=SUBJECT),
    ]  # fmt: skip
    for view in views:
        body = _body(view)
        assert latin_words(body) == [], body
