"""Document kinds are typed by the plan's Russian words as well as by their codes."""

from __future__ import annotations

import pytest

from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentKind, parse_document_kind


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        # the plan's own words (seed 001, «Вид документа» column: «приказы», «постановления», «реестр»,
        # «доклады», «аналитическая записка», «методические рекомендации»)
        ("приказ", DocumentKind.ORDER),
        ("Постановление", DocumentKind.RESOLUTION),
        ("реестр", DocumentKind.REGISTER),
        ("доклад", DocumentKind.REPORT),
        ("аналитическая  записка", DocumentKind.ANALYTICAL_NOTE),
        ("Методические рекомендации", DocumentKind.GUIDELINES),
        ("отчёт", DocumentKind.REPORT),
        ("order", DocumentKind.ORDER),
        (" REPORT ", DocumentKind.REPORT),
    ],
)
def test_a_kind_is_read_by_its_russian_word_or_its_code(typed: str, kind: DocumentKind) -> None:
    assert parse_document_kind(typed) is kind


def test_every_kind_is_reachable_by_its_russian_label() -> None:
    assert all(parse_document_kind(label) is kind for kind, label in DOCUMENT_KIND_LABELS_RU.items())


@pytest.mark.parametrize("typed", ["указ", "", "приказы и постановления", "decree"])
def test_an_unknown_word_is_no_kind(typed: str) -> None:
    assert parse_document_kind(typed) is None

