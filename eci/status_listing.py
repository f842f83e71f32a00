"""`eci status`: obligations as the event store's projection knows them, for JSON and for a table."""

from __future__ import annotations

from typing import Any

from config.settings import Settings
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.obligation.status import ObligationStatus

STATUS_FIELDS = (
    "id", "cycle", "measure", "participant", "state", "due", "effective_due", "submitted_at", "accepted_at",
)  # fmt: skip


def status_item(status: ObligationStatus, has_contact: bool = True) -> dict[str, Any]:
    """One obligation as `eci status --json` prints it; `has_contact` false: mail cannot reach it."""
    dumped = status.model_dump(mode="json")
    item = {name: dumped[name] for name in STATUS_FIELDS}
    item["documents"] = dumped["documents"]
    item["has_contact"] = has_contact
    return item


def list_obligations(
    settings: Settings,
    *,
    cycle: int | None = None,
    measure: int | None = None,
    participant: str | None = None,
    state: ObligationState | None = None,
) -> list[dict[str, Any]]:
    """The matching obligations, ordered by cycle, measure and participant."""
    from notifications.contacts import participants_without_contact
    from store.event_store import EventStore
    from store.projections import list_statuses

    with EventStore.open(settings.effective_database_url) as store:
        statuses = list_statuses(store, cycle=cycle, measure=measure, participant=participant, state=state)
        # Mail to these goes to the coordinator's digest instead: say so where the obligation is listed.
        unreachable = set(participants_without_contact(store, (s.participant for s in statuses)))
    ordered = sorted(statuses, key=lambda s: (s.cycle, s.measure, s.participant))
    return [status_item(s, s.participant not in unreachable) for s in ordered]


def status_rows(items: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Russian table headers and rows."""
    headers = [
        "Обязательство",
        "Состояние",
        "Срок",
        "Фактический срок",
        "Представлено",
        "Документов",
        "Контакт",
    ]
    rows = [
        [
            i["id"],
            STATE_LABELS_RU[ObligationState(i["state"])],
            i["due"],
            i["effective_due"],
            (i["submitted_at"] or "")[:10],
            len(i["documents"]),
            "" if i["has_contact"] else "нет контакта",
        ]
        for i in items
    ]
    return headers, rows
