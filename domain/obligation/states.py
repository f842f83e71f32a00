"""The states an obligation can be in, as `eci status` and the TUI show them."""

from enum import StrEnum


class ObligationState(StrEnum):
    """Closed set of obligation states."""

    OPEN = "open"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    OVERDUE = "overdue"
    WAIVED = "waived"

    @property
    def is_final(self) -> bool:
        """Accepted and waived obligations need nothing more."""
        return self in (ObligationState.ACCEPTED, ObligationState.WAIVED)


STATE_LABELS_RU: dict[ObligationState, str] = {
    ObligationState.OPEN: "открыто",
    ObligationState.SUBMITTED: "на проверке",
    ObligationState.RETURNED: "возвращено на доработку",
    ObligationState.ACCEPTED: "принято",
    ObligationState.OVERDUE: "просрочено",
    ObligationState.WAIVED: "освобождено",
}
