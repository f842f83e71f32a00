"""The demo's story, decided by a seeded RNG: how each obligation fares and with which documents.

Obligations whose deadline has passed become rows of a history import file: most accepted on time, some
late, some returned and resubmitted, a few waived, and — mostly in the last cycle — some still overdue,
submitted late and awaiting review, or returned awaiting resubmission; those the import hands on to live
workflows, which escalate the overdue. The current cycle is played live: its workflows open, regions
submit, the coordinator accepts, returns and waives. Each obligation draws from its own RNG (seed +
obligation id), so a smaller demo tells the same story for the regions it keeps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass
from enum import StrEnum

from demo.documents import RETURN_REASONS, WAIVE_REASONS, document_for
from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails, DocumentKind
from domain.history_import.rows import Column
from domain.obligation.id import ObligationId
from domain.obligation.implementation import REPORT_KINDS
from domain.obligation.states import ObligationState

DEFAULT_SEED = 20221216


class DemoOutcome(StrEnum):
    """How an obligation's story ends in the demo."""

    ACCEPTED_ON_TIME = "accepted_on_time"
    ACCEPTED_LATE = "accepted_late"
    RESUBMITTED_ACCEPTED = "returned_resubmitted_accepted"
    WAIVED = "waived"
    OVERDUE = "overdue"
    AWAITING_REVIEW = "awaiting_review"
    AWAITING_RESUBMISSION = "awaiting_resubmission"
    OPEN = "open"

    @property
    def final_state(self) -> ObligationState:
        """The state the story leaves the obligation in."""
        return _FINAL[self]


_FINAL = {
    DemoOutcome.ACCEPTED_ON_TIME: ObligationState.ACCEPTED,
    DemoOutcome.ACCEPTED_LATE: ObligationState.ACCEPTED,
    DemoOutcome.RESUBMITTED_ACCEPTED: ObligationState.ACCEPTED,
    DemoOutcome.WAIVED: ObligationState.WAIVED,
    DemoOutcome.OVERDUE: ObligationState.OVERDUE,
    DemoOutcome.AWAITING_REVIEW: ObligationState.SUBMITTED,
    DemoOutcome.AWAITING_RESUBMISSION: ObligationState.RETURNED,
    DemoOutcome.OPEN: ObligationState.OPEN,
}
_O = DemoOutcome
# Weights per phase: long past, the cycle whose deadline passed this year, and the current cycle.
_PAST = {
    _O.ACCEPTED_ON_TIME: 79,
    _O.ACCEPTED_LATE: 10,
    _O.RESUBMITTED_ACCEPTED: 7,
    _O.WAIVED: 3,
    _O.OVERDUE: 1,
}
_RECENT = {
    _O.ACCEPTED_ON_TIME: 62,
    _O.ACCEPTED_LATE: 11,
    _O.RESUBMITTED_ACCEPTED: 7,
    _O.WAIVED: 2,
    _O.OVERDUE: 9,
    _O.AWAITING_REVIEW: 5,
    _O.AWAITING_RESUBMISSION: 4,
}
_CURRENT = {
    _O.OPEN: 66,
    _O.AWAITING_REVIEW: 12,
    _O.AWAITING_RESUBMISSION: 5,
    _O.ACCEPTED_ON_TIME: 15,
    _O.WAIVED: 2,
}
_RECENT_DAYS = 400
# Nine acts in ten are dated by the implementation deadline; the rest were carried out late.
ACTS_IN_TIME = 0.9


@dataclass(frozen=True)
class DemoObligation:
    """What the scenario needs of an obligation: identity, deadline and the document kind proving it."""

    id: ObligationId
    due: dt.date
    effective_due: dt.date
    kind: DocumentKind
    # The plan's «Сроки реализации» in the cycle: most proving acts are dated by it, a few after it
    # («выполнено с нарушением срока»), whenever they are reported.
    implementation_due: dt.date | None = None


@dataclass(frozen=True)
class LiveStory:
    """An obligation played through a live workflow and the actions a coordinator and a region take."""

    obligation: DemoObligation
    outcome: DemoOutcome
    document: DocumentDetails | None
    reason: str | None


@dataclass(frozen=True)
class DemoScenario:
    """The closed past as history import rows, and the live stories."""

    history: tuple[dict[Column, str], ...]
    live: tuple[LiveStory, ...]


def _rng(seed: int, obligation: ObligationId) -> random.Random:
    digest = hashlib.sha256(f"{seed}/{obligation}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _pick(rng: random.Random, weights: dict[DemoOutcome, int]) -> DemoOutcome:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def outcome_for(obligation: DemoObligation, today: dt.date, rng: random.Random) -> DemoOutcome:
    """The outcome drawn for one obligation, by how far its deadline lies behind today."""
    if obligation.effective_due >= today:
        return _pick(rng, _CURRENT)
    if (today - obligation.effective_due).days <= _RECENT_DAYS:
        return _pick(rng, _RECENT)
    return _pick(rng, _PAST)


def _day(rng: random.Random, start: dt.date, low: int, high: int) -> dt.date:
    return start + dt.timedelta(days=rng.randint(low, high))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _history_dates(ob: DemoObligation, outcome: DemoOutcome, rng: random.Random) -> dict[str, dt.date]:
    start = dt.date(ob.id.cycle, 1, 10)
    due = ob.effective_due
    if outcome is _O.WAIVED:
        return {"waived_on": max(start, _day(rng, due, -60, -5))}
    if outcome is _O.ACCEPTED_LATE:
        submitted = _day(rng, due, 3, 75)
        return {"submitted_on": submitted, "accepted_on": _day(rng, submitted, 2, 15)}
    if outcome is _O.RESUBMITTED_ACCEPTED:
        submitted = max(start, _day(rng, due, -40, -12))
        returned = _day(rng, submitted, 2, 8)
        resubmitted = _day(rng, returned, 3, 20)
        return {
            "submitted_on": submitted,
            "returned_on": returned,
            "resubmitted_on": resubmitted,
            "accepted_on": _day(rng, resubmitted, 1, 10),
        }
    if outcome is _O.OVERDUE:
        return {}
    if outcome is _O.AWAITING_REVIEW:
        return {"submitted_on": _day(rng, due, 5, 60)}
    if outcome is _O.AWAITING_RESUBMISSION:
        submitted = _day(rng, due, 5, 40)
        return {"submitted_on": submitted, "returned_on": _day(rng, submitted, 2, 10)}
    submitted = max(start, _day(rng, due, -75, -1))
    return {"submitted_on": submitted, "accepted_on": _day(rng, submitted, 1, 12)}


def history_row(
    ob: DemoObligation, outcome: DemoOutcome, rng: random.Random, today: dt.date
) -> dict[Column, str]:
    """The import file row of a past obligation (every date before today)."""
    dates = _history_dates(ob, outcome, rng)
    if dates and max(dates.values()) >= today:
        outcome = _O.OVERDUE if not outcome.final_state.is_final else _O.ACCEPTED_ON_TIME
        dates = _history_dates(ob, outcome, rng)
    row = {Column.OBLIGATION: str(ob.id), Column.STATE: outcome.final_state.value}
    if outcome is _O.OVERDUE:
        return row
    if outcome is _O.WAIVED:
        row[Column.WAIVED_ON] = _iso(dates["waived_on"])
        row[Column.WAIVE_REASON] = rng.choice(WAIVE_REASONS)
        return row
    submitted = dates["submitted_on"]
    latest = submitted - dt.timedelta(days=1)
    acts = ob.kind not in REPORT_KINDS
    if acts and ob.implementation_due is not None and rng.random() < ACTS_IN_TIME:
        latest = min(latest, ob.implementation_due)
    doc = document_for(
        ob.id.participant,
        ob.kind,
        latest,
        rng,
        earliest=min(latest, dt.date(ob.id.cycle, 1, 1)),
    )
    row |= {
        Column.DOCUMENT_KIND: DOCUMENT_KIND_LABELS_RU[doc.kind],
        Column.DOCUMENT_NUMBER: doc.number,
        Column.DOCUMENT_DATE: doc.date.strftime("%d.%m.%Y"),
        Column.DOCUMENT_ISSUER: doc.issuer,
        Column.DOCUMENT_TITLE: doc.title or "",
        Column.SUBMITTED_ON: _iso(submitted),
        Column.ACCEPTED_ON: _iso(dates.get("accepted_on")),
    }
    if "returned_on" in dates:
        row[Column.RETURNED_ON] = _iso(dates["returned_on"])
        row[Column.RETURN_REASON] = rng.choice(RETURN_REASONS)
        row[Column.RESUBMITTED_ON] = _iso(dates.get("resubmitted_on"))
    return row


def live_story(ob: DemoObligation, outcome: DemoOutcome, rng: random.Random, today: dt.date) -> LiveStory:
    """What the live part does to one obligation: the document a region submits, the reason given."""
    document = None
    if outcome in (_O.AWAITING_REVIEW, _O.AWAITING_RESUBMISSION, _O.ACCEPTED_ON_TIME):
        document = document_for(ob.id.participant, ob.kind, today - dt.timedelta(days=1), rng)
    reason = None
    if outcome is _O.AWAITING_RESUBMISSION:
        reason = rng.choice(RETURN_REASONS)
    elif outcome is _O.WAIVED:
        reason = rng.choice(WAIVE_REASONS)
    return LiveStory(ob, outcome, document, reason)


def is_history(outcome: DemoOutcome, ob: DemoObligation, today: dt.date) -> bool:
    """The past goes through the import (its open obligations then continue live); the current cycle is
    played live."""
    return ob.effective_due < today


def build_scenario(
    obligations: list[DemoObligation], today: dt.date, seed: int = DEFAULT_SEED
) -> DemoScenario:
    """The whole demo story for these obligations, the same for the same seed and day."""
    history: list[dict[Column, str]] = []
    live: list[LiveStory] = []
    for ob in sorted(obligations, key=lambda o: (o.id.cycle, o.id.measure, o.id.participant)):
        rng = _rng(seed, ob.id)
        outcome = outcome_for(ob, today, rng)
        if is_history(outcome, ob, today):
            history.append(history_row(ob, outcome, rng, today))
        else:
            live.append(live_story(ob, outcome, rng, today))
    return DemoScenario(tuple(history), tuple(live))
