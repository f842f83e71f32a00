"""Role addresses for a demonstration data dir, so its workflows' mail reaches the local sink.

They name offices, not people: `Ответственный за раннюю помощь — Москва` at `region77@…`.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.contacts import Contact, ContactRole
from notifications.context import participant_view

DEMO_DOMAIN = "demo.rannyaya-pomoshch.local"


def demo_contacts(participants: Iterable[str], *, skip: Iterable[str] = ()) -> list[Contact]:
    """One responsible office per participant (those in `skip` get none, to show the no-contact path)."""
    skipped = set(skip)
    contacts = []
    for n, participant in enumerate(dict.fromkeys(participants)):
        if participant in skipped:
            continue
        view = participant_view(participant)
        local = f"region{view.code}" if view.is_region else f"federal{n:02d}"
        contacts.append(
            Contact(
                participant=participant,
                role=ContactRole.RESPONSIBLE,
                full_name=f"Ответственный за раннюю помощь — {view.short_label}",
                email=f"{local}@{DEMO_DOMAIN}",
            )
        )
    return contacts
