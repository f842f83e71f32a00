"""A small cycle told through real domain events appended to a real event store, for report and audit tests.

The story (cycle 2023, regions 77, 78, 05 and the federal body Минтруд России):
- 77: every obligation submitted on 2023-06-01 and accepted on 2023-06-10 (on time);
- 78: measure 1 missed on 2023-07-01, submitted 2023-07-15 and accepted 2023-07-20 (late); the rest open;
- 05: measure 1 submitted 2023-06-20, returned 2023-06-25, resubmitted 2023-07-05, accepted 2023-07-10;
  measure 2 waived on 2023-03-01; the rest open;
- Минтруд России: opened, nothing submitted.
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from domain.actors import COORDINATOR, SYSTEM, Actor
from domain.documents import DocumentDetails, DocumentKind, SubmittedDocument
from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import (
    DeadlineMissed,
    DocumentSubmitted,
    ObligationOpened,
    ObligationWaived,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.plan import Obligation, obligations_for_cycle
from domain.plan.calendar import effective_due
from store.documents import DocumentStore
from store.event_store import EventStore, NewEvent

MSK = dt.timezone(dt.timedelta(hours=3))
REGIONS = ("77", "78", "05")
FEDERAL = "Минтруд России"


def at(day: str, hour: int = 12) -> dt.datetime:
    """Noon (or `hour`) Moscow time on an ISO day."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=MSK)


@dataclass
class Story:
    """Appends events for obligations and stores their document files."""

    store: EventStore
    documents: DocumentStore
    obligations: dict[str, Obligation] = field(default_factory=dict)

    def record(self, event: DomainEvent, when: dt.datetime, actor: Actor) -> None:
        """Append one event to its obligation's stream."""
        meta = EventMetadata.for_actor(actor, workflow_id=f"obligation/{event.obligation_id}")
        self.store.append(f"obligation/{event.obligation_id}", [NewEvent(event, uuid.uuid4(), meta, when)])

    def open(self, ob: Obligation, when: dt.datetime) -> None:
        """Open an obligation as the plan defines it."""
        self.obligations[str(ob.id)] = ob
        event = ObligationOpened(
            obligation_id=str(ob.id), cycle=ob.cycle, measure=ob.measure, participant=ob.participant,
            due=ob.due, effective_due=ob.effective_due, milestones=ob.milestones,
        )
        self.record(event, when, SYSTEM)

    def submit(self, oid: str, when: dt.datetime, number: str) -> SubmittedDocument:
        """Submit one order with a stored file."""
        participant = self.obligations[oid].participant
        content = f"Приказ {oid} № {number}".encode()
        stored = self.documents.put(content, f"prikaz-{number}.pdf", "application/pdf")
        details = DocumentDetails(
            kind=DocumentKind.ORDER, number=number, date=when.date(), issuer=f"Правительство {participant}"
        )
        document = SubmittedDocument(details=details, file=stored)
        actor = Actor.parse(f"region:{participant}") if participant.isdigit() else COORDINATOR
        self.record(DocumentSubmitted(obligation_id=oid, documents=(document,)), when, actor)
        return document

    def accept(self, oid: str, when: dt.datetime) -> None:
        """The coordinator accepts."""
        self.record(SubmissionAccepted(obligation_id=oid), when, COORDINATOR)

    def return_(self, oid: str, when: dt.datetime) -> None:
        """The coordinator returns for rework."""
        self.record(SubmissionReturned(obligation_id=oid, reason="Нет подписи"), when, COORDINATOR)

    def waive(self, oid: str, when: dt.datetime) -> None:
        """The coordinator lifts the obligation."""
        self.record(ObligationWaived(obligation_id=oid, reason="Не применяется"), when, COORDINATOR)

    def miss(self, oid: str, when: dt.datetime) -> None:
        """The deadline passes."""
        ob = self.obligations[oid]
        event = DeadlineMissed(obligation_id=oid, due=ob.due, effective_due=ob.effective_due)
        self.record(event, when, SYSTEM)


def _story_dates(ob: Obligation) -> Obligation:
    """The story's deadlines: a once-measure falls due on its implementation deadline (measure 1 on
    30.06.2023), as the coordinator's earlier extensions of the report date had it; the rest report on
    the plan's report date. The report's arithmetic only needs some deadline before the story's acts."""
    if ob.dates.implementation_stated:
        day = ob.implementation_due
        return ob.model_copy(update={"due": day, "effective_due": effective_due(day)})
    return ob


def tell_story(story: Story) -> None:
    """Record the module docstring's story."""
    chosen = [_story_dates(o) for o in obligations_for_cycle(2023) if o.participant in (*REGIONS, FEDERAL)]
    for ob in chosen:
        story.open(ob, at("2023-01-10"))
    for ob in chosen:
        if ob.participant == "77":
            story.submit(str(ob.id), at("2023-06-01"), f"77-{ob.measure}")
            story.accept(str(ob.id), at("2023-06-10"))
    story.miss("2023/01/78", at("2023-07-01", 0))
    story.submit("2023/01/78", at("2023-07-15"), "78-1")
    story.accept("2023/01/78", at("2023-07-20"))
    story.submit("2023/01/05", at("2023-06-20"), "05-1")
    story.return_("2023/01/05", at("2023-06-25"))
    story.submit("2023/01/05", at("2023-07-05"), "05-1a")
    story.accept("2023/01/05", at("2023-07-10"))
    story.waive("2023/02/05", at("2023-03-01"))


@pytest.fixture(scope="session")
def _story_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The story told once per session; each test gets a copy."""
    path = tmp_path_factory.mktemp("story")
    with EventStore.open(f"sqlite:///{path / 'events.sqlite3'}") as store:
        tell_story(Story(store, DocumentStore(path / "documents")))
    return path


@pytest.fixture
def story_store(data_dir: Path, _story_template: Path) -> Iterator[EventStore]:
    """An event store under ECI_DATA_DIR holding the story, with its documents stored beside it."""
    for part in _story_template.glob("events.sqlite3*"):  # with any WAL left behind
        shutil.copyfile(part, data_dir / part.name)
    shutil.copytree(_story_template / "documents", data_dir / "documents")
    store = EventStore.open(f"sqlite:///{data_dir / 'events.sqlite3'}")
    yield store
    store.close()
