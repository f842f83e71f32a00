"""How a cell's kind looks: one glyph (readable without colour), a colour and a Russian label."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.obligation.states import ObligationState


class CellKind(StrEnum):
    """What a matrix cell shows: an obligation's state, or that the measure does not apply."""

    ACCEPTED = "accepted"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    OPEN = "open"
    OVERDUE = "overdue"
    WAIVED = "waived"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class CellLook:
    """The glyph, Rich style and label of one cell kind."""

    glyph: str
    style: str
    label: str


LOOKS: dict[CellKind, CellLook] = {
    CellKind.ACCEPTED: CellLook("✓", "bold green", "принято"),
    CellKind.SUBMITTED: CellLook("◆", "bold bright_cyan", "на проверке"),
    CellKind.RETURNED: CellLook("↩", "bold magenta", "возвращено"),
    CellKind.OPEN: CellLook("○", "yellow", "открыто"),
    CellKind.OVERDUE: CellLook("!", "bold white on red", "просрочено"),
    CellKind.WAIVED: CellLook("–", "bright_black", "освобождено"),
    CellKind.NOT_APPLICABLE: CellLook("·", "grey42", "не применяется"),
}

# The order the header, legend and filters list the kinds in: most urgent first.
KIND_ORDER: tuple[CellKind, ...] = (
    CellKind.OVERDUE,
    CellKind.SUBMITTED,
    CellKind.RETURNED,
    CellKind.OPEN,
    CellKind.ACCEPTED,
    CellKind.WAIVED,
    CellKind.NOT_APPLICABLE,
)


# Looked up rather than built per call: the matrix asks once per obligation, thousands per redraw.
_KINDS: dict[ObligationState | None, CellKind] = {
    None: CellKind.NOT_APPLICABLE, **{state: CellKind(state.value) for state in ObligationState},
}


def kind_of(state: ObligationState | None) -> CellKind:
    """The cell kind for an obligation state; no obligation means the measure does not apply."""
    return _KINDS[state]


def look_of(kind: CellKind) -> CellLook:
    """The look of a cell kind."""
    return LOOKS[kind]


def legend_text() -> str:
    """One line naming every glyph, e.g. `✓ принято  ◆ на проверке …`."""
    return "  ".join(f"{LOOKS[k].glyph} {LOOKS[k].label}" for k in KIND_ORDER)
