"""`--kind` takes the plan's Russian word for a document kind, as well as its code."""

from __future__ import annotations

import pytest

from domain.documents import DocumentKind


def test_the_cli_takes_the_russian_word_and_names_the_choices_when_wrong() -> None:
    from eci.cli.commands.obligation_actions import parse_kind
    from eci.errors import EciError

    assert parse_kind("аналитическая записка") is DocumentKind.ANALYTICAL_NOTE
    expected = r"неизвестный вид документа «указ»: допустимы приказ, постановление, "
    with pytest.raises(EciError, match=expected):
        parse_kind("указ")
