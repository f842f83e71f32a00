"""The TUI tests' sample store: deterministic history of a few participants, with their contacts.

A named module rather than `conftest`, so test modules import it unambiguously.
"""

from __future__ import annotations

import datetime as dt

from demo.tui_sample_history import sample_streams
from domain.contacts import Contact, ContactRole
from domain.moscow import MOSCOW
from domain.plan.regions import REGIONS, FederalDistrict
from store.contacts import replace_contacts
from store.event_store import Batch, EventStore

# After the 2023 report date (15.04.2024), before the 2024 one: cycle 2023 is done or late, 2024 runs.
TODAY = dt.date(2024, 6, 3)
NOW = dt.datetime(2024, 6, 3, 12, tzinfo=MOSCOW)
PARTICIPANTS = frozenset(
    {r.code for r in REGIONS if r.federal_district is FederalDistrict.NORTHWESTERN}
    | {"77", "50", "Минтруд России", "Минпросвещения России"}
)

# Participants of the sample store left without contacts: their rows are flagged, their mail escalated.
WITHOUT_CONTACT = frozenset({"78", "Минпросвещения России"})


def sample_contacts(participants: frozenset[str] = PARTICIPANTS - WITHOUT_CONTACT) -> list[Contact]:
    """A responsible official and a deputy for each participant (invented work addresses)."""
    return [
        Contact(participant=p, role=role, full_name=f"Сотрудник {i} {role.value}",
                email=f"staff{i}.{role.value}@example.ru")
        for i, p in enumerate(sorted(participants))
        for role in (ContactRole.RESPONSIBLE, ContactRole.DEPUTY)
    ]


def fill_store(url: str, cycles: tuple[int, ...] = (2023, 2024)) -> None:
    """Append the sample history of the test participants through the event store."""
    store = EventStore.open(url)
    try:
        batches = [Batch(stream, events, 0) for stream, events in
                   sample_streams(cycles, NOW, participants=PARTICIPANTS)]
        store.append_many(batches)
        replace_contacts(store, sample_contacts())
    finally:
        store.close()
