"""The pure view models: matrix grouping and totals, review queue, overdue list, measure and region views."""

from __future__ import annotations

import datetime as dt

from tui_fakes import MEASURES, REGIONS, FakeStatus, at

from domain.obligation.states import ObligationState as S
from tui.glyphs import LOOKS, CellKind, kind_of, legend_text
from tui.lists_model import measure_progress, overdue_list, region_rows, review_queue
from tui.matrix_model import build_matrix, compute_totals

TODAY = dt.date(2024, 2, 1)
DUE = dt.date(2023, 12, 31)


def statuses() -> list[FakeStatus]:
    return [
        FakeStatus(2023, 1, "77", S.ACCEPTED, submitted_at=at(dt.date(2023, 12, 1))),
        FakeStatus(2023, 2, "77", S.ACCEPTED, submitted_at=at(dt.date(2024, 1, 10))),
        FakeStatus(2023, 1, "78", S.OVERDUE),
        FakeStatus(2023, 2, "78", S.SUBMITTED, submitted_at=at(dt.date(2024, 1, 20))),
        FakeStatus(2023, 1, "50", S.SUBMITTED, submitted_at=at(dt.date(2024, 1, 5))),
        FakeStatus(2023, 3, "50", S.WAIVED),
        FakeStatus(2023, 3, "Минтруд России", S.OPEN, effective_due=dt.date(2024, 6, 1)),
        FakeStatus(2024, 1, "77", S.OPEN, effective_due=dt.date(2024, 12, 31)),
    ]


def test_every_kind_has_a_distinct_glyph_so_the_matrix_reads_without_colour() -> None:
    glyphs = [look.glyph for look in LOOKS.values()]
    assert len(set(glyphs)) == len(CellKind)
    assert all(look.glyph in legend_text() for look in LOOKS.values())
    assert kind_of(None) is CellKind.NOT_APPLICABLE
    assert kind_of(S.OVERDUE) is CellKind.OVERDUE


def test_matrix_groups_regions_by_district_in_enum_order_then_federal_bodies() -> None:
    matrix = build_matrix(statuses(), MEASURES, REGIONS, cycle=2023, today=TODAY)
    assert [r.key for r in matrix.rows] == [
        "group:CENTRAL", "50", "77", "group:NORTH_WEST", "78", "group:federal", "Минтруд России",
    ]
    assert matrix.rows[0].is_group
    assert matrix.rows[0].label.startswith("Центральный федеральный округ")
    assert matrix.measures == (1, 2, 3)


def test_matrix_cells_carry_kind_obligation_id_and_days_late() -> None:
    matrix = build_matrix(statuses(), MEASURES, REGIONS, cycle=2023, today=TODAY)
    row78 = matrix.rows[matrix.row_index("78") or 0]
    assert row78.cells[0].kind is CellKind.OVERDUE
    assert row78.cells[0].obligation_id == "2023/01/78"
    assert row78.cells[0].days_late == 32
    assert row78.cells[2].kind is CellKind.NOT_APPLICABLE
    assert row78.cells[2].obligation_id is None


def test_totals_count_states_of_the_cycle_and_the_share_accepted_on_time() -> None:
    totals = build_matrix(statuses(), MEASURES, REGIONS, cycle=2023, today=TODAY).totals
    assert totals.total == 7
    assert totals.counts[CellKind.ACCEPTED] == 2
    assert totals.counts[CellKind.SUBMITTED] == 2
    # due so far: 2 accepted, overdue, 2 submitted (waived and the open federal one are not)
    assert totals.due_so_far == 5
    assert totals.on_time == 1
    assert totals.share_on_time == 0.2
    assert compute_totals([], TODAY).share_on_time is None


def test_district_filter_keeps_one_group_and_its_totals() -> None:
    matrix = build_matrix(statuses(), MEASURES, REGIONS, cycle=2023, today=TODAY, district="NORTH_WEST")
    assert [r.key for r in matrix.rows] == ["group:NORTH_WEST", "78"]
    assert matrix.totals.total == 2


def test_state_filter_keeps_rows_having_that_state() -> None:
    matrix = build_matrix(
        statuses(), MEASURES, REGIONS, cycle=2023, today=TODAY, highlight=CellKind.SUBMITTED
    )
    assert [r.key for r in matrix.rows if not r.is_group] == ["50", "78"]
    assert matrix.highlight is CellKind.SUBMITTED


def test_review_queue_lists_submissions_oldest_first() -> None:
    rows = review_queue(statuses(), TODAY)
    assert [r.obligation_id for r in rows] == ["2023/01/50", "2023/02/78"]
    assert rows[0].days_waiting == 27


def test_overdue_list_sorts_by_days_late() -> None:
    more = [*statuses(), FakeStatus(2023, 2, "50", S.OVERDUE, effective_due=dt.date(2023, 6, 30))]
    rows = overdue_list(more, TODAY)
    assert [(r.obligation_id, r.days_late) for r in rows] == [("2023/02/50", 216), ("2023/01/78", 32)]


def test_measure_progress_counts_accepted_and_waived_as_done_per_district() -> None:
    progress, cells = measure_progress([s for s in statuses() if s.cycle == 2023], 1, REGIONS)
    assert [(p.key, p.done, p.total) for p in progress] == [("CENTRAL", 1, 2), ("NORTH_WEST", 0, 1)]
    assert [c.participant for c in cells] == ["50", "77", "78"]


def test_region_rows_list_one_participants_measures_in_order() -> None:
    rows = region_rows([s for s in statuses() if s.cycle == 2023], "77", MEASURES)
    assert [(r.measure, r.title, r.kind) for r in rows] == [
        (1, "Первое", CellKind.ACCEPTED), (2, "Второе", CellKind.ACCEPTED),
    ]
