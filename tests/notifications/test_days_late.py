"""Days late are counted one way: from the effective due date to the day the notice or digest is sent.

The clock stands on 7 December 2026; the obligation's report date was 15 April 2026 (a Wednesday), so it
is 236 days late that day, whatever the escalation event recorded when the deadline was first missed.
"""

from __future__ import annotations

import datetime as dt
import mailbox
from email import message_from_bytes
from email.policy import default

from mail_test_kit import CONTACTS, mail_config

from domain.obligation.lateness import days_late
from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.obligation.states import ObligationState
from domain.obligation.timeliness import Timeliness, classify
from domain.obligation.timeliness import days_late as report_days_late
from notifications.digests import DigestSender
from notifications.dispatch import Dispatcher
from notifications.failures import MemoryFailureLog
from notifications.outbox import Outbox
from notifications.rate_limit import RateLimiter
from notifications.service import Notifier
from notifications.smtp import SmtpSender
from tui.matrix_model import days_late as tui_days_late

CLOCK = dt.datetime(2026, 12, 7, 7, 0, tzinfo=dt.UTC)  # 10:00 in Moscow
DUE = dt.date(2026, 4, 15)
LATE = 236


class _Status:
    """What the TUI reads of a status."""

    state = ObligationState.OVERDUE
    due = DUE
    effective_due = DUE


def test_the_one_count_from_the_effective_due_date_to_the_day() -> None:
    assert days_late(DUE, CLOCK.date()) == LATE
    assert days_late(DUE, DUE) == 0
    assert days_late(DUE, DUE + dt.timedelta(days=1)) == 1
    assert days_late(DUE, DUE - dt.timedelta(days=5)) == 0


def test_the_tui_and_the_reports_count_the_same_days() -> None:
    today = CLOCK.date()
    assert tui_days_late(_Status(), today) == LATE
    timeliness = classify(ObligationState.OVERDUE, DUE, None, today)
    assert timeliness is Timeliness.MISSING
    assert report_days_late(timeliness, DUE, None, today) == LATE


def _notifier(port: int, database_url: str) -> Notifier:
    config = mail_config(port, database_url)
    outbox = Outbox.open(database_url)
    dispatcher = Dispatcher(config, outbox, SmtpSender(config, RateLimiter(0)), clock=lambda: CLOCK)
    return Notifier(config, outbox, dispatcher, CONTACTS, MemoryFailureLog([]), clock=lambda: CLOCK)


def _bodies(maildir: str) -> list[str]:
    found = []
    for message in mailbox.Maildir(maildir, create=False):
        parsed = message_from_bytes(message.as_bytes(), policy=default)
        found.append(parsed.get_body(("plain",)).get_content())
    return found


async def test_a_digest_sent_on_7_december_counts_the_days_to_that_day(sink, database_url) -> None:
    notifier = _notifier(sink.port, database_url)
    # Escalated long after the deadline (an imported history continued live): the event says 14 days.
    escalation = NoticeRequest(
        obligation_id="2025/07/77", kind=NoticeKind.ESCALATION, step="escalation-2026-04-15", days=14,
        due=DUE, effective_due=DUE,
    )  # fmt: skip
    await notifier.send_notice(escalation)
    result = await DigestSender(notifier, settle=dt.timedelta(0)).send_escalation_digests(at=CLOCK)
    await notifier.dispatcher.sender.close()
    notifier.outbox.close()
    assert len(result.message_ids) == 1
    [body] = _bodies(sink.maildir)
    assert "просрочено на 236 дней (срок истёк 15 апреля 2026 г.)" in body
    assert "просрочено на 14 дней" not in body


async def test_an_overdue_notice_sent_on_7_december_counts_the_days_to_that_day(sink, database_url) -> None:
    notifier = _notifier(sink.port, database_url)
    overdue = NoticeRequest(
        obligation_id="2025/07/77", kind=NoticeKind.OVERDUE, step="overdue-7-2026-04-15", days=7,
        due=DUE, effective_due=DUE,
    )  # fmt: skip
    await notifier.send_notice(overdue)
    await notifier.dispatcher.sender.close()
    notifier.outbox.close()
    [body] = _bodies(sink.maildir)
    assert "просрочка составляет 236 дней" in body
