"""Federal districts as the TUI names them: full Russian name and the usual abbreviation."""

from __future__ import annotations

from enum import Enum
from typing import Any

FEDERAL_GROUP = "federal"
FEDERAL_GROUP_LABEL = "Федеральные органы исполнительной власти"
FEDERAL_GROUP_SHORT = "ФОИВ"

# Keyed by a fragment of the district's name in either language, so the enum's spelling does not matter.
_NAMES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("северо-запад", "north_west", "northwest", "north-west"), "Северо-Западный федеральный округ", "СЗФО"),
    (("северо-кавказ", "north_caucas", "caucas"), "Северо-Кавказский федеральный округ", "СКФО"),
    (("централ", "central"), "Центральный федеральный округ", "ЦФО"),
    (("южн", "south"), "Южный федеральный округ", "ЮФО"),
    (("приволж", "volga"), "Приволжский федеральный округ", "ПФО"),
    (("уральск", "ural"), "Уральский федеральный округ", "УФО"),
    (("сибир", "siber"), "Сибирский федеральный округ", "СФО"),
    (("дальневост", "far_east", "far east", "fareast"), "Дальневосточный федеральный округ", "ДФО"),
)


def _raw(district: Any) -> str:
    if isinstance(district, Enum):
        return f"{district.name} {district.value}".lower()
    return str(district).lower()


def district_key(district: Any) -> str:
    """A stable key for a district (the enum's name, or the text itself)."""
    return district.name if isinstance(district, Enum) else str(district)


def district_names(district: Any) -> tuple[str, str]:
    """(full Russian name, abbreviation) of a federal district."""
    raw = _raw(district)
    for fragments, full, short in _NAMES:
        if any(f in raw for f in fragments):
            return full, short
    text = str(district.value if isinstance(district, Enum) else district)
    return text, text[:6]


def district_order(district: Any) -> int:
    """Position of a district in its enum's declaration order (so groups keep the official order)."""
    if isinstance(district, Enum):
        return list(type(district)).index(district)
    return 0
