"""The plan's obligations the demo plays: every cycle asked for, all regions (or the first N) and the
federal executors."""

from __future__ import annotations

from collections.abc import Iterable

from demo.scenario import DemoObligation
from domain.documents import DocumentKind
from domain.obligation.plan import obligations_for_cycle
from domain.plan.catalog import get_measure
from domain.plan.regions import REGION_CODES


def _kind(measure: int) -> DocumentKind:
    documents = get_measure(measure).documents
    return documents[0].kind if documents else DocumentKind.OTHER


def demo_regions(regions: int | None) -> tuple[str, ...]:
    """All region codes, or the first `regions` of them (a smaller demo for tests)."""
    return REGION_CODES if regions is None else REGION_CODES[:regions]


def demo_obligations(cycles: Iterable[int], regions: int | None = None) -> list[DemoObligation]:
    """The obligations of the cycles, for the chosen regions and every federal participant."""
    kept = set(demo_regions(regions))
    result: list[DemoObligation] = []
    for cycle in cycles:
        for ob in obligations_for_cycle(cycle):
            if ob.participant.isdigit() and ob.participant not in kept:
                continue
            result.append(
                DemoObligation(ob.id, ob.due, ob.effective_due, _kind(ob.measure), ob.implementation_due)
            )
    return result
