"""A message the intake cannot take as it is, with the sentence its sender reads."""

from __future__ import annotations

from domain.intake.events import QuarantineReason


class RefusedMail(Exception):
    """A message the intake cannot take as it is; `reason` is what its sender reads (plain Russian: what
    is wrong; the receipt adds what to do). It crosses process boundaries intact (`__reduce__`)."""

    def __init__(self, code: QuarantineReason, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def __reduce__(self) -> tuple[type[RefusedMail], tuple[QuarantineReason, str]]:
        return (RefusedMail, (self.code, self.reason))
