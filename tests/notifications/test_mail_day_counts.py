"""Day counts in mail read as a person reads a calendar: a deadline today is «сегодня», never «через 0
дней», and a notice sent the day the deadline passed is not «просрочено на 0 дней» (the drill, whose
"days" are minutes, sends both)."""

from __future__ import annotations

import datetime as dt

from domain.obligation.notices import NoticeKind, NoticeRequest
from notifications.context import notice_context
from notifications.render import render

TODAY = dt.date(2026, 12, 7)


def _render(kind: NoticeKind, days: int, due: dt.date) -> tuple[str, str]:
    request = NoticeRequest(
        obligation_id="2030/05/01", kind=kind, step=f"{kind}-x", days=days, due=due, effective_due=due
    )
    out = render(kind.value, n=notice_context(request, "coordinator@example.ru", TODAY))
    return out.subject, out.text


def test_a_reminder_for_a_deadline_today_says_today() -> None:
    subject, body = _render(NoticeKind.REMINDER, 2, TODAY)
    assert subject.startswith("Напоминание: сегодня срок по мероприятию № 5")
    assert "Напоминаем, что сегодня, 7 декабря 2026 г., истекает срок" in body
    assert "через" not in subject + body


def test_a_reminder_never_counts_more_days_than_are_left() -> None:
    subject, body = _render(NoticeKind.REMINDER, 3, TODAY + dt.timedelta(days=1))
    assert subject.startswith("Напоминание: через 1 день срок")
    assert "через 1 день, 8 декабря 2026 г." in body


def test_a_reminder_keeps_its_count_when_the_calendar_leaves_more() -> None:
    # A reminder moved before a weekend is sent earlier than 30 days ahead; it still says 30.
    subject, _ = _render(NoticeKind.REMINDER, 30, TODAY + dt.timedelta(days=32))
    assert subject.startswith("Напоминание: через 30 дней срок")


def test_an_overdue_notice_of_zero_days_names_no_count() -> None:
    subject, body = _render(NoticeKind.OVERDUE, 0, TODAY)
    assert subject.startswith("Просрочено: мероприятие № 5")
    assert "Срок истёк 7 декабря 2026 г.\n" in body
    assert "0 дней" not in subject + body


def test_an_overdue_notice_counts_the_days() -> None:
    subject, body = _render(NoticeKind.OVERDUE, 7, TODAY - dt.timedelta(days=7))
    assert subject.startswith("Просрочено на 7 дней: мероприятие № 5")
    assert "просрочка составляет 7 дней." in body
