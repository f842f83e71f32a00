"""The TUI's data source over the event store and its projections (all calls blocking: use a worker)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import OperationalError, ProgrammingError

from domain.contacts import Contact
from domain.drill.events import DRILL_PREFIX, drill_cycles
from domain.intake.events import INTAKE_PREFIX
from domain.intake.record import MailRecord, fold_mail
from domain.obligation.id import ObligationId, is_obligation_stream, plain_id, stream_of, streams_prefix
from domain.obligation.status import ObligationStatus, fold_all
from notifications.message import InvalidAddress, parse_address
from store.contacts import has_contacts_table, list_contacts
from store.event_store import EventStore, RecordedEvent
from store.schema import ObligationStatusRow as ROW
from tui.source import Changes, ContactSummary, TimelineEntry
from tui.status_summary import StatusSummary, summary_from_row


def timeline_entry(record: RecordedEvent) -> TimelineEntry:
    """A recorded event as the detail screen lists it."""
    return TimelineEntry(record.position, record.type, record.event, record.metadata.actor,
                         record.occurred_at, record.recorded_at)


def is_usable(contact: Contact) -> bool:
    """Whether mail can be addressed to the contact: the rule `eci status` and the reminders apply."""
    try:
        parse_address(contact.email)
    except InvalidAddress:
        return False
    return True


def contact_summaries(contacts: Sequence[Contact]) -> dict[str, ContactSummary]:
    """The roles of each participant's usable contacts; participants with none are left out."""
    roles: dict[str, list[Contact]] = {}
    for contact in contacts:
        if is_usable(contact):
            roles.setdefault(contact.participant, []).append(contact)
    return {p: ContactSummary(tuple(c.role for c in found)) for p, found in roles.items()}


class StoreSource:
    """Reads statuses from the projections and events from the store."""

    def __init__(self, store: EventStore, legacy_documents: Path | None = None) -> None:
        self.store = store
        self.legacy_documents = legacy_documents  # files an older release kept under the data dir

    @classmethod
    def open(cls, url: str) -> StoreSource:
        """Open the store at `url` (creating its schema if needed)."""
        return cls(EventStore.open(url))

    def head(self) -> int:
        """Position of the last event, 0 when the store is empty."""
        head = self.store.head()
        return head[0] if head else 0

    def cycles(self) -> list[int]:
        """Cycles that have obligations."""
        with self.store.engine.connect() as conn:
            return sorted(conn.scalars(sa.select(ROW.cycle).distinct()))

    def drills(self) -> dict[int, bool]:
        """Drilled cycles: running, or ended with nothing but the drill's obligations in them."""
        now = dt.datetime.now(dt.UTC)
        events = (r.event for r in self.store.read_prefix(DRILL_PREFIX))
        found: dict[int, bool] = {}
        for cycle, (running, obligations) in drill_cycles(events, now).items():
            if running:
                found[cycle] = True
                continue
            with self.store.engine.connect() as conn:
                ids = set(conn.scalars(sa.select(ROW.obligation_id).where(ROW.cycle == cycle)))
            if ids <= obligations:
                found[cycle] = False
        return found

    def statuses(self, cycle: int) -> list[StatusSummary]:
        """Every obligation of one cycle, light."""
        return self._summaries(ROW.cycle == cycle)

    def statuses_of(self, obligation_ids: frozenset[str]) -> list[StatusSummary]:
        """Current statuses of these obligations, light (queried in chunks to bound the IN list)."""
        ids = sorted(obligation_ids)
        found: list[StatusSummary] = []
        for start in range(0, len(ids), 500):
            found.extend(self._summaries(ROW.obligation_id.in_(ids[start : start + 500])))
        return found

    def status(self, obligation_id: str) -> ObligationStatus | None:
        """The full status of one obligation."""
        from store.projections import get_status

        return get_status(self.store, obligation_id)

    def _summaries(self, where: sa.ColumnElement[bool]) -> list[StatusSummary]:
        # The projection's key columns plus a pattern match on its JSON: about ten times faster
        # than validating every full status, which matters for the first paint of 10,000 obligations.
        query = sa.select(ROW.obligation_id, ROW.cycle, ROW.measure, ROW.participant, ROW.state, ROW.due,
                          ROW.effective_due, ROW.status, ROW.version).where(where)
        with self.store.engine.connect() as conn:
            return [summary_from_row(*row) for row in conn.execute(query)]

    def timeline(self, obligation_id: str) -> list[TimelineEntry]:
        """The obligation's events in order."""
        return [timeline_entry(r) for r in self.store.read_stream(stream_of(obligation_id))]

    def changes_since(self, position: int) -> Changes:
        """Events recorded after `position`: the new head and the obligations touched."""
        # One grouped query on the public `events` table: no event payload is parsed, so a poll
        # stays cheap even when thousands of events arrived (a demo or an import running).
        query = sa.text("SELECT stream, MAX(position) FROM events WHERE position > :p GROUP BY stream")
        with self.store.engine.connect() as conn:
            rows = conn.execute(query, {"p": position}).all()
        head = max((int(r[1]) for r in rows), default=position)
        ids = frozenset(plain_id(r[0]) for r in rows if is_obligation_stream(r[0]))
        return Changes(head, ids)

    def statuses_as_of(self, cycle: int, moment: dt.datetime) -> Sequence[ObligationStatus]:
        """The cycle's statuses folded from the events that occurred by `moment`."""
        prefix = streams_prefix(cycle)
        records = (r for r in self.store.read_all() if r.stream.startswith(prefix))
        return list(fold_all(records, as_of=moment).values())

    def contacts(self) -> dict[str, ContactSummary]:
        """Participants with usable contacts (one query on the contacts table; none before it exists)."""
        try:
            stored = list_contacts(self.store)
        except (OperationalError, ProgrammingError):
            if has_contacts_table(self.store):
                raise
            return {}
        return contact_summaries(stored)

    def save_documents(self, obligation_id: str, folder: Path) -> tuple[list[Path], list[str]]:
        """Copy the obligation's submitted documents from the database into `folder`: the paths written,
        and the hashes of documents the events name but the database does not hold."""
        from store.document_db import DatabaseDocuments
        from store.errors import StoreError

        files = DatabaseDocuments(self.store.engine, self.legacy_documents)
        target = folder / ObligationId.parse(obligation_id).dashed
        target.mkdir(parents=True, exist_ok=True)
        written: list[Path] = []
        missing: list[str] = []
        for entry in self.timeline(obligation_id):
            for document in getattr(entry.event, "documents", None) or ():
                stored = document.file
                path = target / f"{stored.sha256[:8]}-{Path(stored.filename).name}"
                try:
                    if not path.exists():
                        files.copy_to(stored.sha256, path)
                except StoreError:
                    missing.append(stored.sha256)
                    continue
                written.append(path)
        return list(dict.fromkeys(written)), list(dict.fromkeys(missing))

    def quarantine(self) -> list[MailRecord]:
        """Mail the intake holds for the coordinator's decision, oldest first."""
        streams: dict[str, list[RecordedEvent]] = {}
        for recorded in self.store.read_prefix(INTAKE_PREFIX):
            streams.setdefault(recorded.stream, []).append(recorded)
        folded = (fold_mail((r.event, r.occurred_at, r.position) for r in g) for g in streams.values())
        return sorted((r for r in folded if r is not None and r.open), key=lambda r: r.position)

    def close(self) -> None:
        """Release connections."""
        self.store.close()
