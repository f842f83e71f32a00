"""Every template renders for every measure, for a region and a federal body, with no undefined value."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.obligation.plan import Obligation, obligations_for_cycle
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus
from domain.plan.catalog import MEASURES
from domain.plan.regions import get_region
from notifications.context import notice_context
from notifications.escalations import escalation_digest
from notifications.outbox import OutboxEntry, OutboxStatus
from notifications.render import render, ru_date, ru_days, short_title
from notifications.weekly import weekly_digest

NOTICE_KINDS = [k for k in NoticeKind if k not in (NoticeKind.ESCALATION, NoticeKind.WEEKLY_DIGEST)]
REASON = "В приказе не указаны реквизиты положения о межведомственном взаимодействии;\nпросим приложить его."


def _one_per_measure() -> list[Obligation]:
    """For each measure, a region's obligation (Moscow when it is regional) and one federal body's."""
    chosen: dict[tuple[int, bool], Obligation] = {}
    for o in obligations_for_cycle(2023):
        regional = o.participant.isdigit()
        key = (o.measure, regional)
        if key not in chosen or o.participant == "77":
            chosen[key] = o
    return sorted(chosen.values(), key=lambda o: (o.measure, o.participant))


OBLIGATIONS = _one_per_measure()


def _request(o: Obligation, kind: NoticeKind) -> NoticeRequest:
    days = {NoticeKind.REMINDER: 14, NoticeKind.OVERDUE: 21}.get(kind)
    reason = REASON if kind in (NoticeKind.RETURNED, NoticeKind.EXTENDED) else None
    return NoticeRequest(
        obligation_id=str(o.id), kind=kind, step=f"{kind}-1", days=days, reason=reason,
        due=o.due, effective_due=o.effective_due,
    )  # fmt: skip


def test_every_measure_has_an_obligation_to_render() -> None:
    assert {o.measure for o in OBLIGATIONS} == {m.number for m in MEASURES}


@pytest.mark.parametrize("kind", NOTICE_KINDS, ids=str)
def test_every_notice_renders_for_every_measure_naming_what_the_reader_needs(kind: NoticeKind) -> None:
    for o in OBLIGATIONS:
        n = notice_context(_request(o, kind), "coordinator@example.ru", o.due - dt.timedelta(days=3))
        out = render(kind.value, n=n)
        assert f"№ {o.measure}" in out.subject
        assert n.participant.short_label in out.subject
        assert "\n" not in out.subject
        assert "\r" not in out.subject
        for body in (out.text, html.unescape(out.html).replace("\xa0", " ")):
            assert n.measure.title[:40] in body
            assert ru_date(o.due) in body
            assert n.participant.short_label in body
        if o.participant.isdigit():
            assert get_region(o.participant).name in out.text
        if kind is not NoticeKind.ACCEPTED:
            assert n.measure.documents[0] in out.text
            assert f"Обязательство: {o.id}" in out.text
            assert "Вид документа: …" in out.text, "the reply's details block replaces the CLI line"
            assert "eci submit" not in out.text
        if o.effective_due != o.due:
            assert ru_date(o.effective_due) in out.text


def test_returned_notice_quotes_the_reason_and_escapes_it_in_html() -> None:
    o = OBLIGATIONS[0]
    request = _request(o, NoticeKind.RETURNED).model_copy(update={"reason": "Нет <подписи> & печати"})
    out = render("returned", n=notice_context(request, "c@example.ru", o.due))
    assert "Нет <подписи> & печати" in out.text
    assert "Нет &lt;подписи&gt; &amp; печати" in out.html
    assert "<подписи>" not in out.html


def test_a_moved_due_date_shows_both_dates() -> None:
    o = next(o for o in obligations_for_cycle(2027) if o.effective_due != o.due)
    out = render("reminder", n=notice_context(_request(o, NoticeKind.REMINDER), "c@example.ru", o.due))
    assert ru_date(o.due) in out.text
    assert ru_date(o.effective_due) in out.text


def test_russian_numerals_and_dates() -> None:
    assert [ru_days(n) for n in (1, 2, 5, 11, 14, 21, 22, 30)] == [
        "1 день", "2 дня", "5 дней", "11 дней", "14 дней", "21 день", "22 дня", "30 дней",
    ]  # fmt: skip
    assert ru_date(dt.date(2024, 3, 1)) == "1 марта 2024 г."
    assert short_title("слово " * 30).endswith("…")
    assert len(short_title("слово " * 30)) <= 71


def _queued(o: Obligation, kind: NoticeKind) -> OutboxEntry:
    request = _request(o, kind)
    return OutboxEntry(
        message_id=f"<{o.id}.{kind}@x>", obligation_id=str(o.id), step=request.step, kind=kind.value,
        status=OutboxStatus.QUEUED, recipients=("c@example.ru",), subject="",
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), request=request.model_dump_json(),
    )  # fmt: skip


def test_escalation_digest_renders_every_measure_for_a_region_and_for_a_federal_body() -> None:
    regional = [o for o in OBLIGATIONS if o.participant.isdigit()]
    federal = [o for o in OBLIGATIONS if o.participant == "ФГБУ ФНЦРИ им. Г.А. Альбрехта"]
    for participant, group in (("77", regional), ("ФГБУ ФНЦРИ им. Г.А. Альбрехта", federal)):
        entries = [_queued(o, NoticeKind.ESCALATION) for o in group]
        entries.append(_queued(group[0], NoticeKind.REMINDER))
        out = render("escalation", d=escalation_digest(participant, entries, dt.date(2024, 1, 10)))
        assert len(entries) > 1
        assert f"{len(entries)} обязательств" in out.subject
        for o in group:
            assert str(o.id) in out.text
            assert str(o.id) in out.html
        assert "нет адреса электронной почты" in out.text


def test_weekly_digest_counts_states_and_lists_what_waits() -> None:
    at = dt.datetime(2024, 3, 12, 10, tzinfo=dt.UTC)
    states = [ObligationState.OVERDUE, ObligationState.SUBMITTED, ObligationState.ACCEPTED]
    statuses = [
        ObligationStatus(
            id=str(o.id),
            cycle=o.cycle,
            measure=o.measure,
            participant=o.participant,
            state=state,
            due=o.due,
            effective_due=o.effective_due,
            opened_at=at,
            last_event_at=at,
            submitted_at=at if state is ObligationState.SUBMITTED else None,
            notifications_failed=1,
        )  # fmt: skip
        for o, state in zip(OBLIGATIONS, states * 20, strict=False)
    ]
    digest = weekly_digest(statuses, dt.date(2024, 3, 18), ["66"], chain_head="1234:abcd")
    out = render("weekly_digest", w=digest)
    assert digest.week == "2024-W11"
    assert digest.submitted_this_week == digest.review_total > 0
    assert "11 марта 2024 г." in out.subject
    assert "17 марта 2024 г." in out.subject
    assert "Свердловская область" in out.text
    assert "1234:abcd" in out.text
    assert f"просрочено: {digest.overdue_total}" in out.text
