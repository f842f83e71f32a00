"""The demo's story is deterministic, covers every state a coordinator meets, and its history imports."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from demo.report_answers import demo_answers
from demo.scenario import DemoOutcome, build_scenario
from domain.history_import.rows import Column, parse_row
from domain.history_import.rules import plan_import
from domain.obligation.id import ObligationId
from domain.obligation.plan import get_obligation
from domain.obligation.states import ObligationState
from domain.report_form.answers import CountsAnswer
from eci.demo.obligations import demo_obligations

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return build_scenario(demo_obligations(range(2023, 2027), regions=10), TODAY)


def test_the_same_seed_tells_the_same_story(scenario) -> None:  # type: ignore[no-untyped-def]
    again = build_scenario(demo_obligations(range(2023, 2027), regions=10), TODAY)
    assert again == scenario


def test_a_smaller_demo_keeps_the_story_of_the_regions_it_keeps(scenario) -> None:  # type: ignore[no-untyped-def]
    small = build_scenario(demo_obligations(range(2023, 2027), regions=3), TODAY)
    full = {s.obligation.id: s.outcome for s in scenario.live}
    assert all(full[s.obligation.id] == s.outcome for s in small.live)


def test_every_state_a_coordinator_meets_is_in_the_story(scenario) -> None:  # type: ignore[no-untyped-def]
    live = Counter(s.outcome for s in scenario.live)
    for outcome in (DemoOutcome.OPEN, DemoOutcome.AWAITING_REVIEW, DemoOutcome.AWAITING_RESUBMISSION):
        assert live[outcome] > 0, outcome
    history = Counter(row[Column.STATE] for row in scenario.history)
    assert history["accepted"] > 10 * history["waived"] > 0
    assert min(history["overdue"], history["submitted"], history["returned"]) > 0
    assert any(row.get(Column.RESUBMITTED_ON) for row in scenario.history)


def test_the_history_passes_the_import_rules(scenario) -> None:  # type: ignore[no-untyped-def]
    rows = [parse_row(n, row) for n, row in enumerate(scenario.history, start=2)]  # type: ignore[arg-type]
    planned = plan_import(rows, lambda oid: get_obligation(str(oid)), TODAY, "demo.csv", "0" * 64)
    assert all(p.state.value == row[Column.STATE] for p, row in zip(planned, scenario.history, strict=True))
    assert ObligationState.OPEN not in {p.state for p in planned}
    late = [p for p in planned if any(e.event.type == "DeadlineMissedImported" for e in p.events)]
    assert 0 < len(late) < len(planned) // 3


def test_live_stories_are_the_current_cycle(scenario) -> None:  # type: ignore[no-untyped-def]
    assert {story.obligation.id.cycle for story in scenario.live} == {2026}
    assert all(story.obligation.effective_due >= TODAY for story in scenario.live)


def test_a_region_report_form_is_answered_with_counts_for_both_years() -> None:
    answers = demo_answers("77")
    counts = [a for a in answers.items.values() if isinstance(a, CountsAnswer) and a.values]
    assert counts
    assert all(set(c.values) == {2023, 2022} for c in counts)
    assert demo_answers("77") == answers
    assert demo_answers("78") != answers


def test_obligation_ids_of_the_demo_exist_in_the_plan() -> None:
    for ob in demo_obligations([2023], regions=2):
        assert get_obligation(str(ob.id)).effective_due == ob.effective_due
        assert isinstance(ob.id, ObligationId)
