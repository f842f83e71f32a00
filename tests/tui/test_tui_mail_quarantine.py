# ruff: noqa: E501 - long Russian lines read best whole
"""The quarantine screen: replies the intake held, and the coordinator's release and drop keys."""

from __future__ import annotations

import datetime as dt
import uuid

from textual.widgets import DataTable
from tui_pilot import poll_until, ready, text_of

from domain.eventing.metadata import EventMetadata
from domain.intake.events import (
    IntakeChannel,
    IntakeMailQuarantined,
    IntakeMailReceived,
    QuarantineReason,
    intake_stream,
)
from store.event_store import EventStore, NewEvent
from tui.actions import ActionKind, ActionRequest
from tui.mail_view import AttachmentView, MailView
from tui.screens.dialogs import ReasonDialog
from tui.screens.mail import MailQuarantineScreen
from tui.screens.mail_message import MailMessageScreen
from tui.screens.release_dialog import ReleaseDialog

SYSTEM = EventMetadata(actor="system", role="system")


def _hold(url: str, n: int, obligation: str | None, reason: str) -> str:
    sha = f"{n:02d}" * 32
    stream = intake_stream(sha)
    at = dt.datetime(2024, 3, 1, 9, n, tzinfo=dt.UTC)
    events = [
        IntakeMailReceived(
            obligation_id=stream, message_id=f"<{n}@mari.example>", sha256=sha, size=100,
            sender="ivanova@mari.example", channel=IntakeChannel.SMTP, obligation=obligation,
        ),
        IntakeMailQuarantined(
            obligation_id=stream, code=QuarantineReason.BAD_DETAILS, reason=reason, obligation=obligation
        ),
    ]  # fmt: skip
    with EventStore.open(url) as store:
        store.append(stream, [NewEvent(e, uuid.uuid4(), SYSTEM, at) for e in events])
    return sha[:12]


async def test_p_opens_the_quarantine_and_its_keys_release_and_drop(store_url, make_app) -> None:
    first = _hold(store_url, 1, "2023/05/12", "не заполнено: «Номер»")
    second = _hold(store_url, 2, None, "в письме нет реквизитов документа")
    calls: list[ActionRequest] = []

    async def run(request: ActionRequest) -> None:
        calls.append(request)

    app = make_app(store_url, actions=run)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await poll_until(pilot, lambda: isinstance(app.screen, MailQuarantineScreen))
        table = app.screen.query_one("#rows", DataTable)
        await poll_until(pilot, lambda: table.row_count == 2)
        heading = text_of(app, "#heading")
        assert "Почта в карантине" in heading
        assert "ждут решения: 2" in heading
        assert first in str(table.get_row_at(0))
        await pilot.press("l")
        await poll_until(pilot, lambda: isinstance(app.screen, ReleaseDialog))
        await pilot.press("enter")  # the obligation the message names, and the message's own details
        await poll_until(pilot, lambda: len(calls) == 1)
        assert calls[0] == ActionRequest(ActionKind.RELEASE_MAIL, "2023/05/12", mail_id=first)
        await pilot.press("down", "l")
        await poll_until(pilot, lambda: isinstance(app.screen, ReleaseDialog))
        await pilot.press("enter")
        await poll_until(pilot, lambda: "не называет обязательство" in text_of(app, "#error"))
        await pilot.press(*"2023/05/12", "tab", *"приказ", "tab", *"12-п", "tab", *"10.02.2023", "tab")
        await pilot.press("enter")
        await poll_until(pilot, lambda: "Заполните все четыре реквизита" in text_of(app, "#error"))
        await pilot.press(*"Минсоц", "enter")
        await poll_until(pilot, lambda: len(calls) == 2)
        assert calls[1].obligation_id == "2023/05/12"
        assert calls[1].details is not None
        assert (calls[1].details.number, calls[1].details.date) == ("12-п", dt.date(2023, 2, 10))
        await poll_until(pilot, lambda: isinstance(app.screen, MailQuarantineScreen))
        await pilot.press("z")
        await poll_until(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"спам", "enter")
        await poll_until(pilot, lambda: len(calls) == 3)
        assert calls[2].kind is ActionKind.DROP_MAIL
        assert calls[2].mail_id == second
        assert calls[2].reason == "спам"


async def test_enter_opens_the_message_with_its_envelope_files_and_reason(store_url, make_app) -> None:
    held = _hold(store_url, 3, "2023/05/12", "Файл prikaz.docx не является документом Word: внутри исполняемые файлы.")
    view = MailView(
        short_id=held, headers=(("From", "ivanova@mari.example"), ("Subject", "Ответ: приказ")),
        envelope=(("MAIL FROM", "bounce@mailer.example"), ("адрес сервера", "198.51.100.7")),
        text="Вид документа: приказ", reason="Файл prikaz.docx не является документом Word.",
        attachments=(AttachmentView("prikaz.docx", 12_345, "документ Word", "ab" * 32),),
    )  # fmt: skip
    calls: list[ActionRequest] = []

    async def run(request: ActionRequest) -> MailView:
        calls.append(request)
        return view

    app = make_app(store_url, actions=run)
    async with app.run_test(size=(140, 40)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await poll_until(pilot, lambda: isinstance(app.screen, MailQuarantineScreen))
        table = app.screen.query_one("#rows", DataTable)
        await poll_until(pilot, lambda: table.row_count == 1)
        await pilot.press("enter")
        await poll_until(pilot, lambda: isinstance(app.screen, MailMessageScreen))
        assert calls == [ActionRequest(ActionKind.READ_MAIL, "—", mail_id=held)]
        shown = text_of(app, "#mail-text")
        for expected in ("Subject: Ответ: приказ", "MAIL FROM: bounce@mailer.example", "12\u00a0345 байт",
                         "документ Word", "ab" * 32, "Причина: Файл prikaz.docx", "Вид документа: приказ"):
            assert expected in shown  # fmt: skip
        await pilot.press("escape")
        await poll_until(pilot, lambda: isinstance(app.screen, MailQuarantineScreen))
