"""Typed report-form answers as the lines a region report prints."""

from __future__ import annotations

from typing import Any

from domain.documents import DocumentDetails
from domain.report_form.answers import (
    CountsAnswer,
    DocumentAnswer,
    DocumentListAnswer,
    MultiYesNoAnswer,
    TextAnswer,
    YesNoAnswer,
    YesNoDetailAnswer,
    YesNoDocumentAnswer,
)
from domain.report_form.schema import FormItem
from domain.russian import ru_number
from reports.form_answers import NO_ANSWER, describe, describe_document, item_labels


def _yes(flag: bool) -> str:
    return "Да" if flag else "Нет"


def _doc(details: DocumentDetails) -> str:
    return describe_document(details.model_dump(mode="json"))


def answer_lines(item: FormItem, answer: Any) -> list[str]:
    """Readable lines of one item's answer; any other shape is described structurally."""
    if answer is None:
        return [NO_ANSWER]
    if isinstance(answer, TextAnswer):
        return [answer.text] if answer.text.strip() else [NO_ANSWER]
    if isinstance(answer, YesNoAnswer):
        return [_yes(answer.answer)]
    if isinstance(answer, YesNoDocumentAnswer):
        return [_yes(answer.answer)] + ([f"Документ: {_doc(answer.document)}"] if answer.document else [])
    if isinstance(answer, YesNoDetailAnswer):
        return [_yes(answer.answer) + (f": {answer.detail}" if answer.detail else "")]
    if isinstance(answer, MultiYesNoAnswer):
        labels = item_labels(item)
        keys = [p.key for p in item.parts if p.key in answer.parts] + sorted(
            k for k in answer.parts if k not in {p.key for p in item.parts}
        )
        return [f"{labels.get(k, k)}: {_yes(answer.parts[k])}" for k in keys]
    if isinstance(answer, DocumentAnswer):
        return [_doc(answer.document)] if answer.document else ["Документ не указан"]
    if isinstance(answer, DocumentListAnswer):
        return [_doc(d) for d in answer.documents] or ["Документы не указаны"]
    if isinstance(answer, CountsAnswer):
        return _counts_lines(item, answer)
    raw = answer.model_dump(mode="json", exclude={"kind"}) if hasattr(answer, "model_dump") else answer
    return describe(raw, item_labels(item))


def _counts_lines(item: FormItem, answer: CountsAnswer) -> list[str]:
    labels = item_labels(item)
    lines = []
    if answer.values:
        lines.append(_per_year(answer.values))
    for key, values in answer.parts.items():
        lines.append(f"{labels.get(key, key)}: {_per_year(values)}")
    if answer.detail:
        lines.append(answer.detail)
    return lines or [NO_ANSWER]


def _per_year(values: dict[int, int]) -> str:
    return "; ".join(f"{year} — {ru_number(values[year])}" for year in sorted(values, reverse=True))


def counts_value(answer: Any) -> Any:
    """The counts of an answer as plain year → number mappings (per part), for the dynamics."""
    if isinstance(answer, CountsAnswer):
        return {"": answer.values, **answer.parts} if answer.values else dict(answer.parts)
    return answer
