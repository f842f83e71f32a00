"""Every command, sub-command, option and argument of `eci` is described in Russian, `--help` included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import typer
import typer.main
from cli_invoke import run_eci

from eci.cli import main
from eci.cli.russian_help_option import HELP_OPTION_RU

# Tokens that are not prose: code in backticks, option names, settings, formats and product names.
_NOT_PROSE = re.compile(
    r"`[^`]*`"
    r"|--?[A-Za-z][\w-]*"
    r"|\bECI_[A-Z_]+\b"
    r"|\b(?:Temporal|SMTP|JSON|YAML|CSV|HTML|XLSX|DOCX|UTF-8|ISO 8601|Message-ID|Ctrl-C|YYYY-MM-DD)\b"
)
# Three Latin words in a row, separated by spaces only: an English phrase (lists of codes have commas).
_ENGLISH_RUN = re.compile(r"[A-Za-z]+(?: [A-Za-z]+){2,}")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def english_phrases(text: str) -> list[str]:
    """The runs of English words in TEXT, once code, option names and known names are set aside."""
    return _ENGLISH_RUN.findall(_NOT_PROSE.sub(" | ", text))


def _walk(command: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _walk(sub, f"{path} {name}")


def _command_tree() -> list[tuple[str, Any]]:
    main._register_commands()
    return list(_walk(typer.main.get_command(main.app), "eci"))


COMMANDS = _command_tree()


def _problems(what: str, text: str | None) -> list[str]:
    if not text or not text.strip():
        return [f"{what}: no help"]
    found = []
    if not _CYRILLIC.search(text):
        found.append(f"{what}: no Russian in {text!r}")
    found += [f"{what}: English {phrase!r} in {text!r}" for phrase in english_phrases(text)]
    return found


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[path for path, _ in COMMANDS])
def test_command_and_its_parameters_are_described_in_russian(path: str, command: Any) -> None:
    problems = _problems(path, command.help)
    for param in command.get_params(typer.Context(command, info_name=path)):
        if not getattr(param, "hidden", False):
            name = param.opts[0] if param.param_type_name == "option" else param.name
            problems += _problems(f"{path} {name}", getattr(param, "help", None))
    assert not problems, "\n".join(problems)


def test_the_tree_holds_every_command_group_and_action() -> None:
    paths = {path for path, _ in COMMANDS}
    assert {"eci", "eci audit verify", "eci form submit", "eci report region", "eci status"} <= paths
    assert len(paths) > 40


@pytest.mark.parametrize(
    "text",
    [
        "Show this message and exit.",
        "Log lines as `text` or `json` (default: ECI_LOG_FORMAT, else text).",
        "Run the Temporal dev server alone until Ctrl-C.",
        "Дата отчёта (the default is today).",
    ],
)
def test_an_english_phrase_is_found(text: str) -> None:
    assert english_phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "Только в этом состоянии: open, submitted, returned, accepted, overdue, waived.",
        "Формат логов: `text` или `json` (по умолчанию ECI_LOG_FORMAT, иначе text).",
        "Кто: coordinator, auditor, system, region:КОД или роль (region).",
        "Запустить только локальный сервер Temporal (данные в ECI_DATA_DIR) до Ctrl-C.",
    ],
)
def test_codes_names_and_options_in_russian_text_are_not_english_phrases(text: str) -> None:
    assert english_phrases(text) == []


@pytest.mark.parametrize("args", [["--help"], ["audit", "verify", "--help"], ["report", "--help"]])
def test_help_screens_describe_help_itself_in_russian(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_eci(args, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert HELP_OPTION_RU in result.out
    assert "Show this message" not in result.out


HELP_SCREENS = [["--help"], ["submit", "--help"], ["plan", "--help"], ["form", "check", "--help"]]


@pytest.mark.parametrize("args", HELP_SCREENS)
def test_help_screens_title_their_panels_and_usage_in_russian(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = run_eci(args, capsys, monkeypatch)
    assert result.code == 0, result.err
    assert "Использование: eci" in result.out
    assert "Параметры" in result.out
    for english in ("Usage:", "Options", "Arguments", "Commands", "[required]", "[default:", "[OPTIONS]"):
        assert english not in result.out
    if args == ["submit", "--help"]:
        assert "Аргументы" in result.out
        assert "[обязательно]" in result.out
    if args in (["--help"], ["plan", "--help"]):
        assert "Команды" in result.out
        assert "КОМАНДА [АРГУМЕНТЫ]..." in result.out
