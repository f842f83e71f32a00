"""Obligations: measure × participant × cycle, with due dates, milestones and reminder instants.

Who owes what in a cycle:
- a once-measure belongs to the cycle (year) of its implementation deadline — all the plan's
  once-measures fall in 2023 (measure 24's first stage is due in IV quarter 2022, its last in II quarter
  2023);
- an annual measure («ежегодно») gives one obligation in every cycle;
- every obligation has two dates (`domain.plan.dates`): the implementation deadline its proving document
  should be dated by, and the report date its evidence is due on (`due`), which the reminders, the missed
  mark and the escalations follow;
- participants: every region where the plan names the regions' executive authorities among the measure's
  executors, plus each named federal body or organisation among them. A federal measure whose section
  the regions' report form still asks about (15, 20, 29) is answered in the form, not owed by regions.
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
from domain.plan.catalog import MEASURES, Measure, federal_participants, get_measure
from domain.plan.dates import CycleDates, cycle_dates
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
    due: dt.date  # the report date: when the evidence is due
    effective_due: dt.date
    milestones: tuple[Milestone, ...] = ()
    reminders: tuple[dt.datetime, ...]
    dates: CycleDates  # the implementation deadline and the report date, with how each was read

    @property
    def implementation_due(self) -> dt.date:
        """The plan's «Сроки реализации» in this cycle: the proving document should be dated by it."""
        return self.dates.implementation

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
        raise DomainError(
            f"отчётный год {cycle} вне Плана: годы с {FIRST_CYCLE} по {LAST_CYCLE}", "cycle_outside_plan"
        )
    return cycle


def check_participant(participant: str) -> str:
    """A region code (canonical two digits) or a named federal participant; DomainError otherwise."""
    text = participant.strip()
    if text.isdigit():
        return get_region(text).code
    if text in federal_participants():
        return text
    raise DomainError(
        f"неизвестный участник «{participant}»: ожидается код субъекта или федеральный орган",
        "unknown_participant",
    )


def due_in_cycle(measure: Measure, cycle: int) -> dt.date | None:
    """The measure's report date in a cycle (its obligations' `due`), or None if it does not fall due then."""
    dates = cycle_dates(measure, cycle)
    return None if dates is None else dates.report


def participants_of(measure: Measure) -> tuple[str, ...]:
    """Region codes (where the regions' executive authorities are among the executors), then the named
    federal participants.

    The report form also asks each region about three federal measures (15, 20, 29: «2023 год
    Минпросвещения России» for 20). The region answers those in its form; it does not owe them.
    """
    regions = REGION_CODES if measure.is_regional else ()
    return regions + measure.federal_participants


def answered_in_form_only(measure: Measure) -> bool:
    """A federal measure the regions' report form asks about: regions answer it, owing nothing."""
    return measure.in_report_form and not measure.is_regional


def _milestones(measure: Measure) -> tuple[Milestone, ...]:
    if not measure.is_staged:
        return ()
    return tuple(Milestone(label=d.label, due=d.due) for d in measure.deadlines)


def _build_all(cycle: int, measure: Measure, dates: CycleDates) -> list[Obligation]:
    due = dates.report
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
            dates=dates,
        )
        for participant in participants_of(measure)
    ]


@lru_cache(maxsize=len(CYCLES))
def _cycle_obligations(cycle: int) -> tuple[Obligation, ...]:
    result: list[Obligation] = []
    for measure in MEASURES:
        dates = cycle_dates(measure, cycle)
        if dates is not None:
            result.extend(_build_all(cycle, measure, dates))
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
    raise DomainError(
        f"обязательства {oid} в Плане нет: участник «{oid.participant}» не исполняет мероприятие "
        f"{oid.measure} в {oid.cycle} году",
        "no_such_obligation",
    )
