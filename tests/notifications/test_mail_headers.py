"""Headers: encoded, deterministic ids, and no way to smuggle a header through any field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from email import message_from_bytes
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32, default

import pytest

from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.contacts import Recipient, StaticContactBook
from notifications.message import (
    Envelope,
    InvalidAddress,
    Rendered,
    build_message,
    header_text,
    message_id_for,
    parse_address,
)

INJECTIONS = [
    "Иванов\r\nBcc: victim@evil.example",
    "Иванов\nBcc: victim@evil.example",
    "Иванов\rBcc: victim@evil.example",
    "Иванов\u2028Bcc: victim@evil.example",
    "Иванов\x85Bcc: victim@evil.example",
    "Иванов\r\n\r\nfake body",
]

EXPECTED_HEADERS = {
    "From", "To", "Reply-To", "Subject", "Date", "Message-ID", "Auto-Submitted",
    "X-ECI-Obligation", "X-ECI-Step", "X-ECI-Kind", "MIME-Version", "Content-Type",
}  # fmt: skip


def _envelope(name: str, step: str = "reminder-30") -> Envelope:
    return Envelope(
        sender=parse_address("eci@example.ru", "Мониторинг"),
        recipients=(parse_address("ivanov@example.ru", name),),
        reply_to=parse_address("coordinator@example.ru", "Координатор"),
        message_id=message_id_for("2023/05/77", step, "example.ru"),
        obligation_id="2023/05/77",
        step=step,
        kind="reminder",
    )


@pytest.mark.parametrize("evil", INJECTIONS)
def test_no_field_can_add_a_header(evil: str) -> None:
    rendered = Rendered(subject=f"Тема {evil}", text=f"Причина: {evil}", html=f"<p>{evil}</p>")
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    raw = build_message(_envelope(evil, step=evil), rendered, at)
    parsed = message_from_bytes(raw, policy=default)
    assert set(parsed.keys()) == EXPECTED_HEADERS
    assert [a.addr_spec for a in parsed["To"].addresses] == ["ivanov@example.ru"]
    assert "Bcc" not in parsed
    assert "\n" not in str(parsed["Subject"])
    assert raw.isascii()


@pytest.mark.parametrize(
    "address",
    ["a@b.ru\r\nBcc: c@d.ru", "a@b.ru, c@d.ru", "<a@b.ru>", "a b@c.ru", "плохой@адрес", "a@", "@b.ru"],
)
def test_malformed_or_smuggling_addresses_are_rejected(address: str) -> None:
    with pytest.raises(InvalidAddress):
        parse_address(address)


def test_headers_are_rfc2047_encoded_and_the_message_id_is_stable() -> None:
    rendered = Rendered(subject="Напоминание о сроке", text="Текст", html="<p>Текст</p>")
    at = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    raw = build_message(_envelope("Иванова Мария"), rendered, at)
    assert b"Subject: =?utf-8?" in raw
    parsed = message_from_bytes(raw, policy=default)
    assert parsed["Subject"] == "Напоминание о сроке"
    assert parsed["To"].addresses[0].display_name == "Иванова Мария"
    assert parsed["Date"].datetime == at
    assert parsed["Message-ID"] == message_id_for("2023/05/77", "reminder-30", "example.ru")
    assert message_id_for("2023/05/77", "r-30", "x") != message_id_for("2023/05/77", "r-14", "x")


def test_header_text_flattens_control_characters() -> None:
    assert header_text("a\r\n\tb\x00c\u2029d") == "a b c d"


async def test_injection_through_contact_name_reason_and_step_is_neutralised_end_to_end(sink, make_notifier):
    evil = "Петров\r\nBcc: victim@evil.example\r\nX-Injected: yes"
    book = StaticContactBook({"77": (Recipient(evil, "petrov@example.ru"),)})
    kit = make_notifier(sink.port, contacts=book)
    request = NoticeRequest(
        obligation_id="2023/05/77", kind=NoticeKind.RETURNED, step="returned-1\r\nBcc: victim@evil.example",
        reason=f"Номер документа 12/34\r\nBcc: victim@evil.example\r\n\r\n{evil}",
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip
    result = await kit.notifier.send_notice(request)
    await kit.close()
    [path] = list((sink.maildir / "new").iterdir())
    parsed = message_from_bytes(path.read_bytes(), policy=default)
    assert result.message_ids == (parsed["Message-ID"],)
    assert [str(v) for v in parsed.get_all("Delivered-To")] == ["petrov@example.ru"]
    assert "Bcc" not in parsed
    assert "X-Injected" not in parsed
    assert "Номер документа 12/34" in parsed.get_body(("plain",)).get_content()


def test_long_russian_names_and_subjects_fold_within_78_columns_and_decode_exactly() -> None:
    name = "Департамент государственной политики в сфере защиты прав детей Минпросвещения России"
    subject = "Напоминание: 30 дней до срока по мероприятию № 5 «Развитие и создание подразделений» — Москва"
    envelope = _envelope(name)
    at = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    raw = build_message(envelope, Rendered(subject, "т", "т"), at)
    headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    assert str(make_header(decode_header(headers["To"]))) == f"{name} <ivanov@example.ru>"
    assert str(make_header(decode_header(headers["Subject"]))) == subject


@pytest.mark.parametrize(
    ("given", "threaded"),
    [
        ("<CAB1x2@mari.example>", True),
        ("<a@b>\r\nBcc: victim@evil.example", False),
        ("no angle brackets@mari.example", False),
        ("<two@at@mari.example>", False),
    ],
)
def test_a_reply_is_threaded_only_under_a_well_formed_message_id(given: str, threaded: bool) -> None:
    rendered = Rendered(subject="Получено", text="Получено", html="<p>Получено</p>")
    envelope = dataclasses.replace(_envelope("Иванов"), in_reply_to=given)
    parsed = message_from_bytes(
        build_message(envelope, rendered, dt.datetime(2024, 1, 1, tzinfo=dt.UTC)), policy=default
    )
    assert parsed.get("In-Reply-To") == (given if threaded else None)
    assert parsed.get("References") == (given if threaded else None)
    assert "Bcc" not in parsed
