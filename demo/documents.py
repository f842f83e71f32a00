"""Plausible document details for the demo: who issues what, numbered the way Russian acts are numbered."""

from __future__ import annotations

import datetime as dt
import random

from domain.documents import DocumentDetails, DocumentKind

_REGIONAL_ISSUERS = (
    "Правительство субъекта Российской Федерации",
    "Министерство социальной защиты населения",
    "Министерство здравоохранения",
    "Министерство образования",
    "Министерство труда и социального развития",
    "Департамент социальной защиты населения",
)
_FEDERAL_TITLES: dict[DocumentKind, str] = {
    DocumentKind.ORDER: "Об утверждении порядка организации ранней помощи",
    DocumentKind.RESOLUTION: "Об утверждении региональной программы развития системы ранней помощи",
    DocumentKind.DIRECTIVE: "О межведомственной рабочей группе по вопросам ранней помощи",
    DocumentKind.REGISTER: "Реестр поставщиков услуг ранней помощи",
    DocumentKind.REPORT: "Доклад о реализации мероприятий по ранней помощи",
    DocumentKind.ANALYTICAL_NOTE: "Аналитическая записка о развитии ранней помощи",
    DocumentKind.GUIDELINES: "Методические рекомендации по организации ранней помощи",
    DocumentKind.INFORMATION: "Информация о ходе реализации плана",
    DocumentKind.PROGRAM: "Программа развития системы ранней помощи",
    DocumentKind.PLAN: "План мероприятий по развитию ранней помощи",
    DocumentKind.REGULATORY_ACT: "О порядке межведомственного взаимодействия в сфере ранней помощи",
    DocumentKind.AGREEMENT: "Соглашение о межведомственном взаимодействии",
    DocumentKind.LETTER: "О представлении сведений о ранней помощи",
    DocumentKind.OTHER: "Сведения о реализации мероприятия",
}
_NUMBER_SUFFIX: dict[DocumentKind, str] = {
    DocumentKind.RESOLUTION: "-п",
    DocumentKind.DIRECTIVE: "-р",
    DocumentKind.ORDER: "-од",
    DocumentKind.LETTER: "-исх",
}

RETURN_REASONS = (
    "Представлен проект документа, а не утверждённая редакция",
    "Не указаны реквизиты документа (номер и дата)",
    "Документ не подписан уполномоченным лицом",
    "Не приведены показатели за предшествующий год для сравнения",
    "Документ не относится к мероприятию плана",
    "Приложен нечитаемый скан документа",
)
WAIVE_REASONS = (
    "Мероприятие реализовано на федеральном уровне, участие субъекта не требуется",
    "Решение межведомственной рабочей группы: мероприятие не применяется к участнику",
    "Полномочия переданы по соглашению другому органу, отчёт представлен в его составе",
)


def issuer_for(participant: str, rng: random.Random) -> str:
    """A plausible issuing body: a federal body by its own name, a region by one of its authorities."""
    if not participant.isdigit():
        return participant
    return rng.choice(_REGIONAL_ISSUERS)


def document_for(
    participant: str, kind: DocumentKind, latest: dt.date, rng: random.Random, earliest: dt.date | None = None
) -> DocumentDetails:
    """Details of a document dated between `earliest` (default: 60 days before) and `latest`."""
    start = earliest or latest - dt.timedelta(days=60)
    span = max(0, (latest - start).days)
    date = start + dt.timedelta(days=rng.randint(0, span))
    number = f"{rng.randint(12, 1480)}{_NUMBER_SUFFIX.get(kind, '')}"
    return DocumentDetails(
        kind=kind,
        number=number,
        date=date,
        issuer=issuer_for(participant, rng),
        title=_FEDERAL_TITLES[kind],
    )
