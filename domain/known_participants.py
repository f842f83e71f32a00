"""Whether a participant exists: a region by its code, a federal executor by its short name."""

from __future__ import annotations

import re

from domain.errors import DomainError

_REGION_CODE = re.compile(r"^\d{2}$")

# The federal executors that owe obligations themselves, by the short names the catalog gives them.
_FEDERAL_PARTICIPANTS: frozenset[str] = frozenset(
    {
        "Минпросвещения России",
        "Минтруд России",
        "ФГБУ ФНЦРИ им. Г.А. Альбрехта",
        "АНО ДПО СПбИРВ",
        "ФГБУ ФБ МСЭ Минтруда России",
        "Фонд поддержки детей",
        "АНО Наш Солнечный Мир",
    }
)


def check_region(code: str) -> str:
    """The region code if such a region exists; DomainError otherwise."""
    if not _REGION_CODE.match(code):
        raise DomainError(f"unknown region {code!r}")
    return code


def is_region(code: str) -> bool:
    """True if `code` names an existing region."""
    try:
        check_region(code)
    except DomainError:
        return False
    return True


def is_federal_participant(name: str) -> bool:
    """True if `name` is the short name of a federal executor that owes obligations."""
    return name in _FEDERAL_PARTICIPANTS


def region_name(code: str) -> str | None:
    """The region's official name, if known."""
    return None
