"""Filing the annual form: what becomes of each of its sections, whatever state the obligation is in.

A region files its form when it is ready and again when it corrects it. The form itself is always
recorded whole (a new version); then each section the region owes is taken by its obligation as that
obligation's state allows, and nothing else is refused:
- open, returned or overdue: the section's documents are submitted for review;
- under review: the newer version replaces the one waiting (the coordinator reviews the latest);
- accepted or waived: the decision stands, and the new answer is recorded beside it;
- a federal measure the form asks about (15, 20, 29): the answer stays in the form, nothing is owed.
Only a form that fails its checks is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.obligation.states import ObligationState


class FilingStep(StrEnum):
    """What to do with one owed section, decided by its obligation's state."""

    SUBMIT = "submit"
    REPLACE_REVIEW = "replace_review"
    RECORD_BESIDE = "record_beside"


class ItemOutcome(StrEnum):
    """What became of one section of the form: the stable code scripts read."""

    SUBMITTED = "submitted"
    REPLACED_UNDER_REVIEW = "replaced_under_review"
    RECORDED_BESIDE_ACCEPTED = "recorded_beside_accepted"
    RECORDED_BESIDE_WAIVED = "recorded_beside_waived"
    ANSWERED_IN_FORM = "answered_in_form"
    NOT_OWED_THIS_CYCLE = "not_owed_this_cycle"
    UNCHANGED = "unchanged"  # this very file already reached the obligation
    NOT_OPEN = "not_open"
    FAILED = "failed"


OUTCOME_LABELS_RU: dict[ItemOutcome, str] = {
    ItemOutcome.SUBMITTED: "представлено на проверку",
    ItemOutcome.REPLACED_UNDER_REVIEW: "новая версия передана на проверку вместо прежней",
    ItemOutcome.RECORDED_BESIDE_ACCEPTED: (
        "принято ранее: решение сохраняется, новая редакция ответа записана для координатора"
    ),
    ItemOutcome.RECORDED_BESIDE_WAIVED: (
        "освобождено ранее: решение сохраняется, новая редакция ответа записана для координатора"
    ),
    ItemOutcome.ANSWERED_IN_FORM: (
        "федеральное мероприятие: ответ записан в форме, обязательства субъекта по нему нет"
    ),
    ItemOutcome.NOT_OWED_THIS_CYCLE: (
        "мероприятие с однократным сроком (2023 год): ответ записан в форме, обязательства в этом году нет"
    ),
    ItemOutcome.UNCHANGED: "этот же файл уже представлен по обязательству: без изменений",
    ItemOutcome.NOT_OPEN: "обязательство ещё не открыто: ответ записан в форме",
    ItemOutcome.FAILED: "не передано",
}


def filing_step(state: ObligationState) -> FilingStep:
    """How an obligation in `state` takes the form's section."""
    if state.is_final:
        return FilingStep.RECORD_BESIDE
    if state is ObligationState.SUBMITTED:
        return FilingStep.REPLACE_REVIEW
    return FilingStep.SUBMIT


def outcome_of(step: FilingStep, before: ObligationState) -> ItemOutcome:
    """The outcome of a step that went through."""
    if step is FilingStep.SUBMIT:
        return ItemOutcome.SUBMITTED
    if step is FilingStep.REPLACE_REVIEW:
        return ItemOutcome.REPLACED_UNDER_REVIEW
    if before is ObligationState.WAIVED:
        return ItemOutcome.RECORDED_BESIDE_WAIVED
    return ItemOutcome.RECORDED_BESIDE_ACCEPTED


@dataclass(frozen=True)
class ItemResult:
    """One section of a filed form: its measure and items, the obligation, and what became of it."""

    measure: int
    items: tuple[str, ...]
    obligation: str | None
    outcome: ItemOutcome
    state: ObligationState | None = None  # the obligation's state afterwards, where it has one
    detail: str | None = None  # why a section was not passed on (Russian)

    @property
    def message(self) -> str:
        """The line the region reads about this section."""
        label = OUTCOME_LABELS_RU[self.outcome]
        return f"{label}: {self.detail}" if self.detail else label

    @property
    def items_text(self) -> str:
        """«пп. 7.1–7.3»."""
        if not self.items:
            return ""
        if len(self.items) == 1:
            return f"п. {self.items[0]}"
        return f"пп. {self.items[0]}–{self.items[-1]}"

    def line(self) -> str:
        """«раздел 7 (пп. 7.1–7.3), обязательство 2026/07/77: представлено на проверку»."""
        where = f"раздел {self.measure}" + (f" ({self.items_text})" if self.items else "")
        owed = f", обязательство {self.obligation}" if self.obligation else ""
        return f"{where}{owed}: {self.message}"


@dataclass(frozen=True)
class FormFiling:
    """A filed form: which version it is, and each section's outcome."""

    cycle: int
    region: str
    version: int
    sha256: str
    filename: str
    items: tuple[ItemResult, ...]

    @property
    def failed(self) -> tuple[ItemResult, ...]:
        """Sections that were not passed on (the form is recorded all the same)."""
        return tuple(i for i in self.items if i.outcome is ItemOutcome.FAILED)

    @property
    def obligations(self) -> tuple[str, ...]:
        """The obligations the form reached."""
        return tuple(
            i.obligation for i in self.items if i.obligation and i.outcome is not ItemOutcome.FAILED
        )

    def heading(self) -> str:
        """«Форма отчёта субъекта 77 за 2026 год записана: версия 2 (заменяет версию 1)»."""
        replaced = f" (заменяет версию {self.version - 1})" if self.version > 1 else ""
        whose = f"Форма отчёта субъекта {self.region} за {self.cycle} год"
        return f"{whose} записана: версия {self.version}{replaced}"
