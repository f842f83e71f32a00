"""Who receives a participant's mail: the contacts imported with `eci contacts import`.

A participant without a usable address is not silently skipped: `participants_without_contact` lists
them for `eci status` and the TUI, and their notices go to the coordinator's escalation digest instead.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from notifications.message import InvalidAddress, parse_address
from store.contacts import contacts_for
from store.event_store import EventStore


@dataclass(frozen=True)
class Recipient:
    """One person to write to about a participant's obligations."""

    name: str
    email: str


class ContactBook(Protocol):
    """Looks up a participant's recipients."""

    def recipients_for(self, participant: str) -> Sequence[Recipient]:
        """The participant's recipients (possibly none)."""
        ...


@dataclass(frozen=True)
class StaticContactBook:
    """Contacts held in memory (tests, benchmarks, demo data)."""

    entries: dict[str, tuple[Recipient, ...]]

    def recipients_for(self, participant: str) -> Sequence[Recipient]:
        """The recipients listed for the participant."""
        return self.entries.get(participant, ())


class StoreContactBook:
    """Contacts from the event store's database (imported with `eci contacts import`).

    A participant's contacts are kept for `ttl` seconds: a morning's reminders look each region up
    dozens of times, while an import changes them a few times a year.
    """

    def __init__(self, store: EventStore, ttl: float = 30.0) -> None:
        self._store = store
        self._ttl = ttl
        self._cache: dict[str, tuple[float, tuple[Recipient, ...]]] = {}

    def recipients_for(self, participant: str) -> Sequence[Recipient]:
        """The contacts imported for the participant, in import order."""
        now = time.monotonic()
        cached = self._cache.get(participant)
        if cached is not None and now - cached[0] < self._ttl:
            return cached[1]
        found = tuple(Recipient(c.full_name, c.email) for c in contacts_for(self._store, participant))
        self._cache[participant] = (now, found)
        return found


@dataclass(frozen=True)
class Addressees:
    """A participant's valid recipients, and the addresses that cannot be used."""

    valid: tuple[Recipient, ...]
    invalid: tuple[str, ...]


def addressees(book: ContactBook, participant: str) -> Addressees:
    """Split the participant's contacts into usable and malformed addresses."""
    valid: list[Recipient] = []
    invalid: list[str] = []
    for r in book.recipients_for(participant):
        try:
            parse_address(r.email, r.name)
        except InvalidAddress:
            invalid.append(r.email)
        else:
            valid.append(r)
    return Addressees(tuple(valid), tuple(invalid))


def participants_without_contact(
    contacts: ContactBook | EventStore, participants: Iterable[str]
) -> tuple[str, ...]:
    """The participants (in the order given) without a valid email address: their mail goes to the digest."""
    book = StoreContactBook(contacts) if isinstance(contacts, EventStore) else contacts
    return tuple(p for p in dict.fromkeys(participants) if not addressees(book, p).valid)
