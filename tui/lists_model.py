"""The list views as plain data: review queue, overdue list, one measure by district, one region.

Pure: statuses in, sorted rows out; no Textual, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.obligation.states import ObligationState
from tui.districts import FEDERAL_GROUP, FEDERAL_GROUP_LABEL, district_key, district_names, district_order
from tui.glyphs import CellKind, kind_of
from tui.matrix_model import days_late, local_date
from tui.ports import MeasureLike, RegionLike, StatusLike, obligation_key


@dataclass(frozen=True)
class QueueRow:
    """One submission awaiting review."""

    obligation_id: str
    participant: str
    measure: int
    submitted_at: dt.datetime | None
    days_waiting: int | None
    effective_due: dt.date


@dataclass(frozen=True)
class OverdueRow:
    """One overdue obligation."""

    obligation_id: str
    participant: str
    measure: int
    effective_due: dt.date
    days_late: int


@dataclass(frozen=True)
class DistrictProgress:
    """How far one district (or the federal bodies) got with one measure."""

    key: str
    label: str
    done: int
    total: int
    counts: dict[CellKind, int]

    @property
    def share(self) -> float:
        """Accepted or waived over all; 0 when the group owes nothing."""
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class ParticipantCell:
    """One participant's state in a measure view."""

    participant: str
    group: str
    kind: CellKind
    obligation_id: str


@dataclass(frozen=True)
class RegionRow:
    """One measure's obligation of a participant, for the region view."""

    obligation_id: str
    measure: int
    title: str
    kind: CellKind
    due: dt.date
    effective_due: dt.date
    submitted_at: dt.datetime | None


def review_queue(statuses: Iterable[StatusLike], today: dt.date) -> list[QueueRow]:
    """Every submission awaiting the coordinator, oldest first."""
    rows = [
        QueueRow(
            obligation_key(s),
            s.participant,
            s.measure,
            s.submitted_at,
            (today - local_date(s.submitted_at)).days if s.submitted_at else None,
            s.effective_due,
        )
        for s in statuses
        if s.state is ObligationState.SUBMITTED
    ]
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows.sort(key=lambda r: (r.submitted_at or far, r.obligation_id))
    return rows


def overdue_list(statuses: Iterable[StatusLike], today: dt.date) -> list[OverdueRow]:
    """Every overdue obligation, the most days late first."""
    rows = [
        OverdueRow(obligation_key(s), s.participant, s.measure, s.effective_due, days_late(s, today))
        for s in statuses
        if s.state is ObligationState.OVERDUE
    ]
    rows.sort(key=lambda r: (-r.days_late, r.obligation_id))
    return rows


def _group_of(regions: Sequence[RegionLike]) -> dict[str, tuple[str, str, int]]:
    result: dict[str, tuple[str, str, int]] = {}
    for r in regions:
        result[r.code] = (district_key(r.federal_district), district_names(r.federal_district)[0],
                          district_order(r.federal_district))
    return result


def measure_progress(
    statuses: Iterable[StatusLike], measure: int, regions: Sequence[RegionLike]
) -> tuple[list[DistrictProgress], list[ParticipantCell]]:
    """One measure across participants: progress per district (then federal bodies) and every cell."""
    groups = _group_of(regions)
    tallies: dict[str, tuple[int, str, dict[CellKind, int]]] = {}
    cells: list[ParticipantCell] = []
    for s in statuses:
        if s.measure != measure:
            continue
        key, label, order = groups.get(s.participant, (FEDERAL_GROUP, FEDERAL_GROUP_LABEL, 99))
        counts = tallies.setdefault(key, (order, label, {k: 0 for k in CellKind}))[2]
        kind = kind_of(s.state)
        counts[kind] += 1
        cells.append(ParticipantCell(s.participant, key, kind, obligation_key(s)))
    progress = [
        DistrictProgress(
            key, label, counts[CellKind.ACCEPTED] + counts[CellKind.WAIVED], sum(counts.values()), counts
        )
        for key, (_order, label, counts) in sorted(tallies.items(), key=lambda kv: (kv[1][0], kv[0]))
    ]
    rank = {key: i for i, key in enumerate(p.key for p in progress)}
    cells.sort(key=lambda c: (rank[c.group], c.participant))
    return progress, cells


def region_rows(
    statuses: Iterable[StatusLike], participant: str, measures: Sequence[MeasureLike]
) -> list[RegionRow]:
    """One participant's obligations, by measure number."""
    titles = {m.number: m.title for m in measures}
    rows = [
        RegionRow(
            obligation_key(s), s.measure, titles.get(s.measure, ""), kind_of(s.state),
            s.due, s.effective_due, s.submitted_at,
        )
        for s in statuses
        if s.participant == participant
    ]
    rows.sort(key=lambda r: r.measure)
    return rows
