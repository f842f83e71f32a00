"""Deterministic sample history for the TUI's tests, snapshots and benchmark.

Every obligation of the given cycles gets a plausible story (on time, late, returned, waived,
extended, awaiting review, overdue and escalated), decided by a stable hash of its id, with all
events before `now`. Appending the result through the event store gives a real, verifiable journal.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass

from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.moscow import MOSCOW, moscow_date
from domain.obligation.events import (
    DeadlineExtended,
    DeadlineMissed,
    DocumentSubmitted,
    Escalated,
    ObligationOpened,
    ObligationWaived,
    OverdueNoticeSent,
    ReminderSent,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.plan import Obligation, obligations_for_cycle
from store.records import NewEvent

SYSTEM = EventMetadata(actor="system", role="system")
COORDINATOR = EventMetadata(actor="coordinator", role="coordinator")
NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-4c1e-9d2f-0a1b2c3d4e5f")


@dataclass
class _Story:
    obligation: Obligation
    now: dt.datetime
    events: list[tuple[dt.datetime, DomainEvent, EventMetadata]]

    @property
    def oid(self) -> str:
        return str(self.obligation.id)

    def add(self, at: dt.datetime, event: DomainEvent, meta: EventMetadata = SYSTEM) -> None:
        if at < self.now:
            self.events.append((at, event, meta))

    def participant_meta(self) -> EventMetadata:
        p = self.obligation.participant
        return EventMetadata(actor=f"region:{p}", role="region") if p.isdigit() else COORDINATOR

    def submit(self, at: dt.datetime, n: int) -> None:
        digest = f"{zlib.crc32(f'{self.oid}/{n}'.encode()):08x}" * 8
        doc = SubmittedDocument(
            details=DocumentDetails(kind=DocumentKind.ORDER, number=f"{100 + n}-од", date=at.date(),
                                    issuer="Министерство социальной защиты населения"),
            file=StoredFile(sha256=digest, size=40_000 + n, media_type="application/pdf",
                            filename=f"prikaz-{100 + n}.pdf"),
        )
        self.add(at, DocumentSubmitted(obligation_id=self.oid, documents=(doc,)), self.participant_meta())


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=MOSCOW)


def _story(ob: Obligation, now: dt.datetime, reminder_repeats: int) -> _Story:
    s = _Story(ob, now, [])
    oid, due = s.oid, ob.effective_due
    today = moscow_date(now)
    r = zlib.crc32(oid.encode()) % 100
    s.add(_at(dt.date(ob.cycle, 1, 10), 9), ObligationOpened(
        obligation_id=oid, cycle=ob.cycle, measure=ob.measure, participant=ob.participant,
        due=ob.due, effective_due=ob.effective_due, milestones=ob.milestones))
    for at in ob.reminders:
        for _ in range(1 + reminder_repeats):
            s.add(at, ReminderSent(obligation_id=oid, days_before=(ob.due - at.date()).days, due=ob.due))
    day = dt.timedelta(days=1)
    missed = DeadlineMissed(obligation_id=oid, due=ob.due, effective_due=due)
    if due < today:
        if r < 60:
            s.submit(_at(due - 10 * day), 1)
            s.add(_at(due - 3 * day, 15), SubmissionAccepted(obligation_id=oid), COORDINATOR)
        elif r < 68:
            s.add(_at(due + day, 0), missed)
            s.submit(_at(due + 20 * day), 1)
            s.add(_at(due + 25 * day, 15), SubmissionAccepted(obligation_id=oid), COORDINATOR)
        elif r < 74:
            s.submit(_at(due - 6 * day), 1)
            s.add(_at(due - 2 * day, 15), SubmissionReturned(
                obligation_id=oid, reason="Не указаны реквизиты документа (номер и дата)"), COORDINATOR)
            s.add(_at(due + day, 0), missed)
            s.submit(_at(min(due + 12 * day, today - day)), 2)
        elif r < 78:
            s.submit(_at(due - 6 * day), 1)
            s.add(_at(due - 2 * day, 15), SubmissionReturned(
                obligation_id=oid, reason="Представлен проект документа, а не утверждённая редакция"),
                COORDINATOR)
        elif r < 82:
            s.add(_at(due - 20 * day, 15), ObligationWaived(
                obligation_id=oid, reason="Мероприятие реализовано на федеральном уровне"), COORDINATOR)
        elif r < 85:
            new_due = due + 90 * day
            s.add(_at(due - 5 * day, 15), DeadlineExtended(
                obligation_id=oid, due=new_due, effective_due=new_due,
                reason="Перенос сроков принятия регионального акта"), COORDINATOR)
            if new_due < today:
                late = DeadlineMissed(obligation_id=oid, due=new_due, effective_due=new_due)
                s.add(_at(new_due + day, 0), late)
        elif r < 90:
            s.add(_at(due + day, 0), missed)
            s.submit(_at(max(due + day, today - (r % 9 + 1) * day)), 1)
        else:
            s.add(_at(due + day, 0), missed)
            for k in range(1, 1 + min(8, (today - due).days // 7)):
                s.add(_at(due + 7 * k * day, 9), OverdueNoticeSent(obligation_id=oid, days_overdue=7 * k))
            s.add(_at(due + 14 * day, 9), Escalated(obligation_id=oid, days_overdue=14))
    elif r < 15:
        s.submit(_at(today - (r % 7 + 1) * day), 1)
    elif r < 25:
        s.submit(_at(today - 20 * day), 1)
        s.add(_at(today - 12 * day, 15), SubmissionAccepted(obligation_id=oid), COORDINATOR)
    elif r < 28:
        s.submit(_at(today - 20 * day), 1)
        s.add(_at(today - 10 * day, 15), SubmissionReturned(
            obligation_id=oid, reason="Документ не подписан уполномоченным лицом"), COORDINATOR)
    s.events.sort(key=lambda e: e[0])
    return s


def sample_streams(
    cycles: Iterable[int],
    now: dt.datetime,
    *,
    reminder_repeats: int = 0,
    participants: Collection[str] | None = None,
) -> Iterator[tuple[str, list[NewEvent]]]:
    """(stream, events) for every obligation of the cycles (of these participants), opened before `now`."""
    for cycle in cycles:
        for ob in obligations_for_cycle(cycle):
            if participants is not None and ob.participant not in participants:
                continue
            story = _story(ob, now, reminder_repeats)
            if not story.events:
                continue
            stream = ob.id.stream
            yield stream, [
                NewEvent(event, uuid.uuid5(NAMESPACE, f"{stream}#{n}"), meta, at)
                for n, (at, event, meta) in enumerate(story.events)
            ]
