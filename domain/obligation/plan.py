"""Obligations: measure × participant × cycle, with due dates, milestones and reminder instants.

Who owes what in a cycle:
- a once-measure belongs to the cycle (year) of its final due date — all the plan's once-measures fall
  in 2023 (measure 24's first stage is due in IV quarter 2022, its last in II quarter 2023);
- an annual measure («ежегодно») gives one obligation in every cycle (see `domain.plan.deadlines.annual_due`);
- participants: every region for a measure regional executive authorities carry out and the regions'
  report form asks about, plus each named federal body or organisation among its executors.
Cycles: the plan names no end year. The tracker accepts 2023 (the plan's first full year) to 2030, the
horizon of the national development goals the plan serves; anything else is an error.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from domain.errors import DomainError
from domain.obligation.events import Milestone
from domain.obligation.id import ObligationId
from domain.obligation.schedule import ObligationSchedule, schedule_for
from domain.plan.calendar import effective_due
from domain.plan.catalog import MEASURES, Measure, Recurrence, federal_participants, get_measure
from domain.plan.deadlines import annual_due
from domain.plan.regions import REGION_CODES, get_region, is_region_code

FIRST_CYCLE = 2023
LAST_CYCLE = 2030
CYCLES: tuple[int, ...] = tuple(range(FIRST_CYCLE, LAST_CYCLE + 1))


class Obligation(BaseModel):
    """What one participant owes for one measure in one cycle."""

    model_config = ConfigDict(frozen=True)

    id: ObligationId
    cycle: int
    measure: int
    participant: str
    due: dt.date
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()
    reminders: tuple[dt.datetime, ...]

    @property
    def is_regional(self) -> bool:
        """Whether a region (not a federal body) owes this obligation."""
        return is_region_code(self.participant)

    @property
    def schedule(self) -> ObligationSchedule:
        """The full timetable: reminders, missed instant, overdue notices and escalation."""
        return schedule_for(self.due, self.effective_due)


def check_cycle(cycle: int) -> int:
    """The cycle itself if the plan covers it; DomainError otherwise."""
    if cycle not in CYCLES:
        raise DomainError(f"cycle {cycle} is outside the plan: cycles run from {FIRST_CYCLE} to {LAST_CYCLE}")
    return cycle


def check_participant(participant: str) -> str:
    """A region code (canonical two digits) or a named federal participant; DomainError otherwise."""
    text = participant.strip()
    if text.isdigit():
        return get_region(text).code
    if text in federal_participants():
        return text
    raise DomainError(f"unknown participant {participant!r}: expected a region code or a federal body")


def due_in_cycle(measure: Measure, cycle: int) -> dt.date | None:
    """The measure's nominal due date in a cycle, or None if it does not fall due in that cycle."""
    if measure.recurrence is Recurrence.ANNUAL:
        return annual_due(cycle, (d.text for d in measure.documents))
    final = measure.deadlines[-1].due
    return final if final.year == cycle else None


def participants_of(measure: Measure) -> tuple[str, ...]:
    """Region codes (if the regions' report form asks about it), then the named federal participants.

    A region owes every measure its annual report form asks about, including the three (15, 20, 29) the
    plan gives to federal executors: the form still asks each region what it did under them.
    """
    regions = REGION_CODES if measure.in_report_form else ()
    return regions + measure.federal_participants


def _milestones(measure: Measure) -> tuple[Milestone, ...]:
    if not measure.is_staged:
        return ()
    return tuple(Milestone(label=d.label, due=d.due) for d in measure.deadlines)


def _build_all(cycle: int, measure: Measure, due: dt.date) -> list[Obligation]:
    effective = effective_due(due)
    reminders = tuple(r.at for r in schedule_for(due, effective).reminders)
    milestones = _milestones(measure)
    return [
        Obligation(
            id=ObligationId(cycle=cycle, measure=measure.number, participant=participant),
            cycle=cycle,
            measure=measure.number,
            participant=participant,
            due=due,
            effective_due=effective,
            milestones=milestones,
            reminders=reminders,
        )
        for participant in participants_of(measure)
    ]


@lru_cache(maxsize=len(CYCLES))
def _cycle_obligations(cycle: int) -> tuple[Obligation, ...]:
    result: list[Obligation] = []
    for measure in MEASURES:
        due = due_in_cycle(measure, cycle)
        if due is not None:
            result.extend(_build_all(cycle, measure, due))
    return tuple(result)


def obligations_for_cycle(
    cycle: int, *, region: str | None = None, measure: int | None = None, participant: str | None = None
) -> list[Obligation]:
    """The plan's obligations in a cycle, by measure then participant; filters narrow them down."""
    check_cycle(cycle)
    wanted = None if participant is None else check_participant(participant)
    if region is not None:
        wanted = get_region(region).code
    if measure is not None:
        get_measure(measure)
    return [
        o
        for o in _cycle_obligations(cycle)
        if (measure is None or o.measure == measure) and (wanted is None or o.participant == wanted)
    ]


def get_obligation(id_text: str) -> Obligation:
    """The obligation `CYCLE/MEASURE/PARTICIPANT`; DomainError if the plan does not create it."""
    oid = ObligationId.parse(id_text)
    check_cycle(oid.cycle)
    get_measure(oid.measure)
    for o in _cycle_obligations(oid.cycle):
        if o.id == oid:
            return o
    raise DomainError(f"no obligation {oid} in the plan: {oid.participant!r} owes no measure {oid.measure} "
                      f"in cycle {oid.cycle}")
