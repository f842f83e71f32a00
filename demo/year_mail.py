"""The mail a region's official received over the past year, drawn from the demo's own history.

The history import brings the past in as facts, without the mail that went with them. So that the demo's
mailbox reads like a real year, the notices of two past obligations are told again on the dates their
history gives: one submitted late (reminders 30, 14, 7 and 1 days ahead, the missed deadline, the weekly
overdue notices, then the acceptance) and one returned and resubmitted (reminders until it was sent, the
return with its reason, the acceptance). Each is an ordinary notice, sent on its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from domain.history_import.rows import Column
from domain.moscow import MOSCOW
from domain.obligation.id import ObligationId
from domain.obligation.notices import NoticeKind, NoticeRequest
from domain.obligation.plan import get_obligation
from domain.obligation.start import terms_for

OFFICE_HOURS = dt.time(10, 30)  # when a coordinator's decision went out on its day


@dataclass(frozen=True)
class DatedNotice:
    """A notice and the instant it was sent."""

    at: dt.datetime
    request: NoticeRequest


def _day(row: Mapping[Column, str], column: Column) -> dt.date | None:
    value = row.get(column, "")
    return dt.date.fromisoformat(value) if value else None


def _notice(oid: str, kind: NoticeKind, step: str, **fields: object) -> NoticeRequest:
    plan = get_obligation(oid)
    return NoticeRequest(
        obligation_id=oid, kind=kind, step=f"year-{step}", due=plan.due, effective_due=plan.effective_due,
        **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def _office(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, OFFICE_HOURS, MOSCOW)


def obligation_mail(row: Mapping[Column, str]) -> Iterator[DatedNotice]:
    """The notices one past obligation's official received, in the order sent."""
    oid = row[Column.OBLIGATION]
    deadline = terms_for(get_obligation(oid)).deadline
    submitted = _day(row, Column.SUBMITTED_ON)
    first_sent = dt.datetime.combine(submitted, dt.time(0), MOSCOW) if submitted else None
    for reminder in deadline.reminders:
        if first_sent is None or reminder.at < first_sent:
            days = reminder.days_before
            yield DatedNotice(reminder.at, _notice(oid, NoticeKind.REMINDER, f"reminder-{days}", days=days))
    if first_sent is None or first_sent >= deadline.missed_at:
        yield DatedNotice(deadline.missed_at, _notice(oid, NoticeKind.DEADLINE_MISSED, "missed"))
        week = dt.timedelta(days=7)
        at = deadline.missed_at + week
        while first_sent is not None and at < first_sent:
            days = (at - deadline.missed_at).days
            yield DatedNotice(at, _notice(oid, NoticeKind.OVERDUE, f"overdue-{days}", days=days))
            at += week
    returned = _day(row, Column.RETURNED_ON)
    if returned:
        reason = row.get(Column.RETURN_REASON) or None
        yield DatedNotice(_office(returned), _notice(oid, NoticeKind.RETURNED, "returned", reason=reason))
    accepted = _day(row, Column.ACCEPTED_ON)
    if accepted:
        yield DatedNotice(_office(accepted), _notice(oid, NoticeKind.ACCEPTED, "accepted"))


def _late(row: Mapping[Column, str]) -> bool:
    submitted, accepted = _day(row, Column.SUBMITTED_ON), _day(row, Column.ACCEPTED_ON)
    if submitted is None or accepted is None or row.get(Column.RETURNED_ON):
        return False
    deadline = terms_for(get_obligation(row[Column.OBLIGATION])).deadline
    # Late by more than a week: the official got an overdue notice before sending it.
    return dt.datetime.combine(submitted, dt.time(0), MOSCOW) > deadline.missed_at + dt.timedelta(days=7)


def _returned(row: Mapping[Column, str]) -> bool:
    return bool(row.get(Column.RETURNED_ON) and row.get(Column.ACCEPTED_ON))


def year_of_mail(
    history: Sequence[Mapping[Column, str]], regions: Sequence[str]
) -> tuple[str, list[DatedNotice]] | None:
    """The region whose mailbox is told, and its notices in date order: the most recent late obligation
    and the most recent returned one of the first region (in `regions`' order) that has both."""
    for region in regions:
        own = [r for r in history if ObligationId.parse(r[Column.OBLIGATION]).participant == region]
        own.sort(key=lambda r: r.get(Column.ACCEPTED_ON, ""), reverse=True)
        late = next((r for r in own if _late(r)), None)
        returned = next((r for r in own if _returned(r)), None)
        if late is not None and returned is not None:
            notices = [*obligation_mail(late), *obligation_mail(returned)]
            return region, sorted(notices, key=lambda n: n.at)
    return None
