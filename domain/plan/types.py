"""The types the plan's catalog is made of: sections, executors, required documents, measures."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.documents import DocumentKind


class Section(StrEnum):
    """The plan's six sections (раздел); the value is the Roman numeral the plan prints."""

    I = "I"  # noqa: E741 - the plan's own numeral
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"
    VI = "VI"

    @property
    def heading(self) -> str:
        """The section's heading as the plan prints it."""
        return SECTION_TITLES[self]


SECTION_TITLES: dict[Section, str] = {
    Section.I: "Правовое и методическое обеспечение развития ранней помощи детям и их семьям "
    "в субъектах Российской Федерации",
    Section.II: "Развитие организационных структур по ранней помощи детям и их семьям на уровне регионов, "
    "межведомственного взаимодействия в сферах социальной защиты, здравоохранения и просвещения, "
    "включая региональные ресурсно-методические центры ранней помощи; "
    "привлечение негосударственных организаций",
    Section.III: "Переподготовка и повышение квалификации руководителей и специалистов региональных органов "
    "исполнительной власти и подведомственных им организаций, занимающихся оказанием ранней помощи "
    "детям и их семьям",
    Section.IV: "Развитие информационно-просветительской кампании по ранней помощи детям и их семьям "
    "в субъектах Российской Федерации",
    Section.V: "Нормативное обеспечение развития ранней помощи детям и их семьям "
    "в субъектах Российской Федерации",
    Section.VI: "Обеспечение методического сопровождения оказания ранней помощи на федеральном уровне",
}


class Recurrence(StrEnum):
    """How often a measure falls due: once (a dated deadline) or every cycle («ежегодно»)."""

    ONCE = "once"
    ANNUAL = "annual"


RECURRENCE_LABELS_RU: dict[Recurrence, str] = {
    Recurrence.ONCE: "однократно",
    Recurrence.ANNUAL: "ежегодно",
}


class Deadline(BaseModel):
    """One dated deadline of a once-measure; staged measures have several, the last one closes it."""

    model_config = ConfigDict(frozen=True)

    label: str
    due: dt.date


class ExecutorKind(StrEnum):
    """What kind of party an executor is, which decides whether it owes obligations itself."""

    REGIONAL_AUTHORITIES = "regional_authorities"  # высшие исполнительные органы субъектов РФ
    FEDERAL_BODY = "federal_body"  # a federal ministry
    FEDERAL_ORGANIZATION = "federal_organization"  # a named federal-level institution or NGO
    GROUP = "group"  # an unnamed group (regional centres, universities, media): no obligations of its own


class Executor(BaseModel):
    """A responsible executor (ответственный исполнитель) as the plan names it."""

    model_config = ConfigDict(frozen=True)

    kind: ExecutorKind
    short_name: str
    name: str

    @property
    def is_participant(self) -> bool:
        """A named federal body or organisation owes its own obligations; groups act through regions."""
        return self.kind in (ExecutorKind.FEDERAL_BODY, ExecutorKind.FEDERAL_ORGANIZATION)


class RequiredDocument(BaseModel):
    """A document that proves a measure: its typed kind and the plan's own wording."""

    model_config = ConfigDict(frozen=True)

    kind: DocumentKind
    text: str


class Measure(BaseModel):
    """One numbered measure (мероприятие) of the plan."""

    model_config = ConfigDict(frozen=True)

    number: int
    section: Section
    title: str
    deadline_text: str
    recurrence: Recurrence
    deadlines: tuple[Deadline, ...]
    executors: tuple[Executor, ...]
    executors_note: str | None = None
    documents: tuple[RequiredDocument, ...]
    expected_result: str
    in_report_form: bool

    @property
    def is_regional(self) -> bool:
        """Regional executive authorities carry this measure out, so every region owes it."""
        return any(e.kind is ExecutorKind.REGIONAL_AUTHORITIES for e in self.executors)

    @property
    def federal_participants(self) -> tuple[str, ...]:
        """Short names of the named federal bodies and organisations that owe this measure."""
        return tuple(e.short_name for e in self.executors if e.is_participant)

    @property
    def is_staged(self) -> bool:
        """A measure with more than one dated stage (e.g. measure 24)."""
        return len(self.deadlines) > 1
