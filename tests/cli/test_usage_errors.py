"""The parser's own refusals (an unknown option or command, a missing or malformed value) reach a person
as one Russian line, naming the option or value and where to read the command's usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from receipt_language import latin_words

ECI = str(Path(sys.executable).parent / "eci")
# What may stay Latin: the command line the person typed, its words and the option names.
TYPED = (
    "eci plan show", "eci plan", "eci form template", "eci",
    "--nope", "--cycle", "--help", "NUMBER", "extra", "lst",
)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["plan", "--nope"], "нет такого параметра: --nope; подробнее: eci plan --help"),
        (["plan", "show", "abc"], "неверное значение NUMBER: ожидается целое число"),
        (["plan", "show"], "не указан обязательный аргумент NUMBER; подробнее: eci plan show --help"),
        (["plan", "show", "1", "extra"], "лишние аргументы: extra; подробнее: eci plan show --help"),
        (["plan", "lst"], "нет такой команды: «lst»; список команд: eci --help"),
        (["form", "template", "--cycle"], "параметру --cycle нужно значение"),
        (["form", "template", "--cycle", "x"], "неверное значение --cycle: ожидается целое число"),
    ],
)
def test_a_usage_mistake_is_one_russian_line_naming_what_is_wrong(
    args: list[str], says: str, tmp_path: Path
) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ECI_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([ECI, *args], capture_output=True, text=True, timeout=60, env=env, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("eci: error: ")
    assert says in lines[0]
    assert latin_words(lines[0].removeprefix("eci: error: "), TYPED) == []
