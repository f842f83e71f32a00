"""The matrix as plain data: participants grouped by federal district × measures, one cell each.

Pure: statuses, measures and regions in, rows and totals out; no Textual, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from domain.moscow import moscow_date
from domain.obligation.lateness import days_late as count_days_late
from domain.obligation.timeliness import Timeliness, classify
from tui.districts import (
    FEDERAL_GROUP,
    FEDERAL_GROUP_LABEL,
    FEDERAL_GROUP_SHORT,
    district_key,
    district_names,
    district_order,
)
from tui.glyphs import CellKind, kind_of
from tui.ports import MeasureLike, RegionLike, StatusLike, obligation_key


@dataclass(frozen=True)
class Cell:
    """One obligation (or its absence) at a participant × measure crossing."""

    kind: CellKind
    obligation_id: str | None = None
    days_late: int | None = None


@dataclass(frozen=True)
class MatrixRow:
    """A participant's row, or a district's heading row (`is_group`, no obligations)."""

    key: str
    label: str
    group: str
    cells: tuple[Cell, ...]
    is_group: bool = False
    short_label: str = ""
    no_contact: bool = False  # owes something but has no usable contact: its mail goes to the coordinator


_JUDGED = (Timeliness.ON_TIME, Timeliness.LATE, Timeliness.MISSING)


@dataclass(frozen=True)
class Totals:
    """Counts per kind over the shown obligations, and the share submitted on time."""

    counts: dict[CellKind, int]
    total: int
    due_so_far: int
    on_time: int

    @property
    def share_on_time(self) -> float | None:
        """Obligations submitted on time over those already judged; None when nothing is due yet."""
        return self.on_time / self.due_so_far if self.due_so_far else None


@dataclass(frozen=True)
class Matrix:
    """Everything the matrix screen draws."""

    cycle: int
    measures: tuple[int, ...]
    rows: tuple[MatrixRow, ...]
    totals: Totals
    highlight: CellKind | None = None
    groups: tuple[tuple[str, str], ...] = field(default=())  # (group key, full label) in display order
    without_contact: int = 0  # shown participant rows flagged `no_contact`

    def row_index(self, key: str) -> int | None:
        """Index of the row with this key (participant code or group key)."""
        for i, row in enumerate(self.rows):
            if row.key == key:
                return i
        return None


def local_date(moment: dt.datetime) -> dt.date:
    """The Moscow calendar date of an instant (deadlines are Moscow dates)."""
    return moscow_date(moment)


def days_late(status: StatusLike, today: dt.date) -> int:
    """Whole days past the effective due date (0 when not late), counted as every view counts them."""
    return count_days_late(status.effective_due, today)


def is_due(status: StatusLike, today: dt.date) -> bool:
    """Counts toward the on-time share: judged already (on time or late, or missing), never waived."""
    return classify(status.state, status.effective_due, status.submitted_at, today) in _JUDGED


def is_on_time(status: StatusLike, today: dt.date) -> bool:
    """On time by the tracker's one rule (`domain.obligation.timeliness.classify`)."""
    return classify(status.state, status.effective_due, status.submitted_at, today) is Timeliness.ON_TIME


def compute_totals(statuses: Iterable[StatusLike], today: dt.date) -> Totals:
    """Counts per kind and the on-time share."""
    counts = {kind: 0 for kind in CellKind}
    total = due = on_time = 0
    for status in statuses:
        counts[kind_of(status.state)] += 1
        total += 1
        if is_due(status, today):
            due += 1
            on_time += is_on_time(status, today)
    return Totals(counts=counts, total=total, due_so_far=due, on_time=on_time)


def participant_label(code: str, regions_by_code: dict[str, RegionLike]) -> str:
    """`77 Москва` for a region, the body's own name for a federal participant."""
    region = regions_by_code.get(code)
    return f"{code} {region.name}" if region else code


def build_matrix(
    statuses: Sequence[StatusLike],
    measures: Sequence[MeasureLike],
    regions: Sequence[RegionLike],
    *,
    cycle: int,
    today: dt.date,
    district: str | None = None,
    highlight: CellKind | None = None,
    federal: Sequence[str] = (),
    reachable: Collection[str] | None = None,
) -> Matrix:
    """Rows of regions grouped by district, then federal participants, × every measure of the plan.

    `district` keeps one group (a district key or `federal`); `highlight` keeps only rows with a
    cell of that kind (the screen dims the other cells); `federal` lists federal participants to show
    even in a cycle where they owe nothing, so the rows stay the same from cycle to cycle;
    `reachable` lists the participants with a usable contact (None: unknown, nobody is flagged).
    """
    numbers = tuple(sorted(m.number for m in measures))
    column = {n: i for i, n in enumerate(numbers)}
    by_participant: dict[str, list[Cell]] = {}
    shown: list[StatusLike] = []
    for status in statuses:
        if status.cycle != cycle or status.measure not in column:
            continue
        cells = by_participant.setdefault(status.participant, [Cell(CellKind.NOT_APPLICABLE)] * len(numbers))
        kind = kind_of(status.state)
        late = days_late(status, today) if kind is CellKind.OVERDUE else None
        cells[column[status.measure]] = Cell(kind, obligation_key(status), late)
        shown.append(status)

    groups = _groups(regions, set(by_participant) | set(federal))
    rows: list[MatrixRow] = []
    kept_groups: list[tuple[str, str]] = []
    empty = tuple(Cell(CellKind.NOT_APPLICABLE) for _ in numbers)
    for key, label, short, members in groups:
        if district is not None and key != district:
            continue
        member_rows = [
            MatrixRow(code, name, key, tuple(by_participant.get(code, empty)),
                      no_contact=reachable is not None and code in by_participant and code not in reachable)
            for code, name in members
            if highlight is None or any(c.kind is highlight for c in by_participant.get(code, ()))
        ]
        if not member_rows:
            continue
        kept_groups.append((key, label))
        count = f" ({len(member_rows)})"
        rows.append(
            MatrixRow(f"group:{key}", label + count, key, empty, is_group=True, short_label=short + count)
        )
        rows.extend(member_rows)

    kept = {r.key for r in rows if not r.is_group}
    counted = [s for s in shown if s.participant in kept]
    return Matrix(
        cycle=cycle,
        measures=numbers,
        rows=tuple(rows),
        totals=compute_totals(counted, today),
        highlight=highlight,
        groups=tuple(kept_groups),
        without_contact=sum(r.no_contact for r in rows),
    )


Group = tuple[str, str, str, list[tuple[str, str]]]


def _groups(regions: Sequence[RegionLike], participants: set[str]) -> list[Group]:
    """(key, label, short label, [(participant, row label)]) in display order: districts, then federal."""
    by_district: dict[str, tuple[int, str, str, list[tuple[str, str]]]] = {}
    for region in sorted(regions, key=lambda r: r.code):
        key = district_key(region.federal_district)
        full, short = district_names(region.federal_district)
        entry = by_district.setdefault(key, (district_order(region.federal_district), full, short, []))
        entry[3].append((region.code, f"{region.code} {region.name}"))
    ordered = sorted(by_district.items(), key=lambda item: item[1][0])
    result = [(key, label, short, members) for key, (_order, label, short, members) in ordered]
    codes = {r.code for r in regions}
    federal = sorted(p for p in participants if p not in codes)
    if federal:
        result.append((FEDERAL_GROUP, FEDERAL_GROUP_LABEL, FEDERAL_GROUP_SHORT, [(p, p) for p in federal]))
    return result
