"""Whether a participant exists: a region by its code, a federal executor by its short name."""

from __future__ import annotations

from functools import cache

from domain.errors import DomainError
from domain.plan.catalog import federal_participants
from domain.plan.regions import get_region


def check_region(code: str) -> str:
    """The canonical two-digit code of an existing region; DomainError otherwise."""
    return get_region(code).code


def is_region(code: str) -> bool:
    """True if `code` names an existing region."""
    try:
        check_region(code)
    except DomainError:
        return False
    return True


@cache
def _federal() -> frozenset[str]:
    return frozenset(federal_participants())


def is_federal_participant(name: str) -> bool:
    """True if `name` is the short name of a federal executor that owes obligations."""
    return name in _federal()


def region_name(code: str) -> str | None:
    """The region's official name, if the code names a region."""
    try:
        return get_region(code).name
    except DomainError:
        return None
