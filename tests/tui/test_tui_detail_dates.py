"""The obligation detail shows both dates and how each was read, a measure carried out late, and a newer
answer a region's form gave after the decision."""

from __future__ import annotations

import datetime as dt
import uuid

from tui_pilot import detail_text, poll_until, ready

from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import AnswerRevised, DocumentSubmitted, ObligationOpened, SubmissionAccepted
from domain.obligation.plan import get_obligation
from domain.obligation.states import ObligationState
from store.event_store import EventStore
from store.records import NewEvent
from tui.format import MOSCOW
from tui.screens.detail import DetailScreen

REGION = EventMetadata(actor="region:77", role="region")
COORDINATOR = EventMetadata(actor="coordinator", role="coordinator")
FILE = StoredFile(sha256="b" * 64, size=10, media_type="application/pdf", filename="prikaz.pdf")


def _at(day: str) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=MOSCOW)


def _fill(url: str) -> None:
    o = get_obligation("2023/03/77")  # «IV квартал 2023 года»; reported by 15.04.2024
    order = SubmittedDocument(
        details=DocumentDetails(
            kind=DocumentKind.ORDER, number="5-п", date=dt.date(2024, 2, 1), issuer="Мэрия"
        ),
        file=FILE,
    )
    events = [
        (ObligationOpened(obligation_id=str(o.id), cycle=2023, measure=3, participant="77", due=o.due,
                          effective_due=o.effective_due), _at("2023-01-10"), COORDINATOR),
        (DocumentSubmitted(obligation_id=str(o.id), documents=(order,)), _at("2024-03-01"), REGION),
        (SubmissionAccepted(obligation_id=str(o.id)), _at("2024-03-05"), COORDINATOR),
        (AnswerRevised(obligation_id=str(o.id), form_version=2, documents=(order,),
                       decision=ObligationState.ACCEPTED), _at("2024-04-02"), REGION),
    ]  # fmt: skip
    with EventStore.open(url) as store:
        store.append(o.id.stream, [NewEvent(e, uuid.uuid4(), m, at) for e, at, m in events])


async def test_detail_shows_both_dates_a_late_implementation_and_a_newer_answer(
    empty_store_url, make_app
) -> None:
    _fill(empty_store_url)
    app = make_app(empty_store_url, poll_seconds=60, cycle=2023)
    async with app.run_test(size=(120, 60)) as pilot:
        await ready(pilot)
        await app.push_screen(DetailScreen("2023/03/77"))
        await poll_until(pilot, lambda: "История событий" in detail_text(app), tries=100)
        text = " ".join(detail_text(app).split())
    assert "Срок реализации: 31.12.2023 (по Плану)" in text
    when = "15 апреля следующего года (как в пп. 4–5 Плана)"
    expected = f"Срок: 15.04.2024 — срок представления документов: {when}"
    assert expected in text
    assert "Исполнение: выполнено с нарушением срока" in text
    assert "Новая редакция ответа после решения: версия формы 2" in text
    assert "новая редакция ответа формы" in text
    assert "решение «принято» сохраняется" in text
