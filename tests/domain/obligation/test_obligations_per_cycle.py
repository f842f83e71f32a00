"""Who owes which measure in which cycle, and when."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import DomainError
from domain.obligation.id import stream_of
from domain.obligation.plan import CYCLES, get_obligation, obligations_for_cycle
from domain.plan.catalog import MEASURES, Recurrence, federal_participants
from domain.plan.regions import REGIONS

# The 24 measures whose executors include the regions' executive authorities: all but the federal ones
# (15, 20, 24, 26, 27, 29, 31). The form also asks about 15, 20 and 29, which regions answer, not owe.
REGIONAL_MEASURES = [m for m in range(1, 32) if m not in (15, 20, 24, 26, 27, 29, 31)]
REGIONAL_ONCE_2023 = [1, 3, 6, 9, 10, 13, 25]
REGIONAL_ANNUAL = [m for m in REGIONAL_MEASURES if m not in REGIONAL_ONCE_2023]


def test_cycles_run_from_2023_to_2030() -> None:
    assert CYCLES == tuple(range(2023, 2031))


def test_region_owes_once_and_annual_measures_in_2023() -> None:
    assert [o.measure for o in obligations_for_cycle(2023, region="77")] == REGIONAL_MEASURES


@pytest.mark.parametrize("cycle", [2024, 2025, 2026])
def test_region_owes_only_annual_measures_from_2024(cycle: int) -> None:
    assert [o.measure for o in obligations_for_cycle(cycle, region="05")] == REGIONAL_ANNUAL


@pytest.mark.parametrize("cycle", [2023, 2024, 2025, 2026])
def test_every_region_owes_every_regional_measure_of_the_cycle(cycle: int) -> None:
    expected = REGIONAL_MEASURES if cycle == 2023 else REGIONAL_ANNUAL
    for measure in expected:
        participants = {o.participant for o in obligations_for_cycle(cycle, measure=measure)}
        assert {r.code for r in REGIONS} <= participants


def test_federal_measures_go_to_the_named_federal_bodies() -> None:
    assert [o.participant for o in obligations_for_cycle(2023, measure=24)] == ["Минтруд России"]
    federal_only = [o.participant for o in obligations_for_cycle(2024, measure=26)]
    assert federal_only == ["ФГБУ ФНЦРИ им. Г.А. Альбрехта"]


def test_form_measures_whose_executors_are_federal_are_owed_by_the_federal_executors_only() -> None:
    # Seed 001: «2023 год Минпросвещения России» (20), «ежегодно Минтруд России, … Альбрехта» (29).
    participants = [o.participant for o in obligations_for_cycle(2024, measure=29)]
    assert participants == ["Минтруд России", "ФГБУ ФНЦРИ им. Г.А. Альбрехта"]
    assert [o.participant for o in obligations_for_cycle(2023, measure=20)] == ["Минпросвещения России"]
    assert not [o for o in obligations_for_cycle(2023, region="77") if o.measure in (15, 20, 29)]


def test_a_measure_with_regional_and_federal_executors_has_both() -> None:
    participants = [o.participant for o in obligations_for_cycle(2025, measure=19)]
    assert len(participants) == 90
    assert participants[-1] == "Минпросвещения России"


def test_once_measures_are_not_owed_after_2023() -> None:
    once = {m.number for m in MEASURES if m.recurrence is Recurrence.ONCE}
    assert not [o for o in obligations_for_cycle(2024) if o.measure in once]


def test_staged_measure_has_milestones_and_is_carried_out_by_its_last_stage() -> None:
    obligation = get_obligation("2023/24/Минтруд России")
    assert [m.due for m in obligation.milestones] == [dt.date(2022, 12, 31), dt.date(2023, 6, 30)]
    assert obligation.implementation_due == dt.date(2023, 6, 30)
    assert obligation.due == obligation.effective_due == dt.date(2024, 4, 15)


def test_once_measure_is_carried_out_by_its_deadline_and_reported_with_the_annual_report() -> None:
    obligation = get_obligation("2023/03/77")  # one-off: «IV квартал 2023 года»
    assert obligation.implementation_due == dt.date(2023, 12, 31)
    assert obligation.dates.implementation_stated
    assert (obligation.due, obligation.effective_due) == (dt.date(2024, 4, 15), dt.date(2024, 4, 15))
    assert not obligation.dates.report_stated
    assert obligation.milestones == ()


@pytest.mark.parametrize("measure", [3, 6, 9, 10, 13, 25])
def test_once_measures_of_2023_are_not_missed_before_their_report_date(measure: int) -> None:
    obligation = get_obligation(f"2023/{measure:02d}/77")
    assert obligation.due == dt.date(2024, 4, 15)
    assert obligation.schedule.missed_at.date() == dt.date(2024, 4, 16)
    assert all(r.date() >= dt.date(2024, 3, 1) for r in obligation.reminders)


def test_non_working_report_date_gets_an_effective_date() -> None:
    # 15 April 2028 is a Saturday: the report is due on the Monday after (Civil Code art. 193).
    obligation = get_obligation("2027/02/77")
    assert (obligation.due, obligation.effective_due) == (dt.date(2028, 4, 15), dt.date(2028, 4, 17))


def test_april_report_of_2025_cycle() -> None:
    obligation = get_obligation("2025/04/16")
    assert (obligation.due, obligation.effective_due) == (dt.date(2026, 4, 15), dt.date(2026, 4, 15))
    assert obligation.reminders[0].isoformat() == "2026-03-16T09:00:00+03:00"
    assert obligation.dates.report_stated  # measure 4 names its report day itself


def test_annual_measure_is_carried_out_within_its_year_a_reading_said_so() -> None:
    obligation = get_obligation("2025/07/16")
    assert obligation.implementation_due == dt.date(2025, 12, 31)
    assert not obligation.dates.implementation_stated
    assert "ежегодно" in obligation.dates.implementation_note_ru
    assert obligation.dates.report_note_ru == (
        "срок представления — 15 апреля следующего года (как в пп. 4–5 Плана)"
    )


def test_obligation_ids_are_unique_and_round_trip() -> None:
    obligations = obligations_for_cycle(2023)
    ids = [str(o.id) for o in obligations]
    assert len(ids) == len(set(ids))
    assert get_obligation(ids[0]) == obligations[0]
    assert get_obligation(stream_of(ids[-1])) == obligations[-1]


def test_every_federal_participant_owes_something() -> None:
    owing = {o.participant for c in (2023, 2024) for o in obligations_for_cycle(c)}
    assert set(federal_participants()) <= owing


@pytest.mark.parametrize("cycle", [2022, 2031, 1999])
def test_cycle_outside_the_plan_is_an_error(cycle: int) -> None:
    with pytest.raises(DomainError, match="вне Плана"):
        obligations_for_cycle(cycle)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"region": "99"}, "неизвестный субъект"), ({"measure": 32}, "неизвестное мероприятие")],
)
def test_bad_filters_are_errors(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DomainError, match=message):
        obligations_for_cycle(2023, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["2024/01/77", "2023/24/77", "2023/26/77", "2023/20/77", "2024/15/77", "2024/29/77", "2023/32/77",
     "2031/02/77", "2023/02/99", "garbage"],
)
def test_obligations_the_plan_does_not_create_are_errors(text: str) -> None:
    with pytest.raises(DomainError):
        get_obligation(text)


def test_filter_by_federal_participant() -> None:
    found = obligations_for_cycle(2024, participant="Минтруд России")
    assert [o.measure for o in found] == [29, 30]


def test_unknown_participant_is_an_error() -> None:
    with pytest.raises(DomainError, match="неизвестный участник"):
        obligations_for_cycle(2024, participant="Минздрав России")
