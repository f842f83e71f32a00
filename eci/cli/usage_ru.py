"""The command-line parser's own refusals (an unknown option, a missing argument, a value of the wrong
type) in Russian: click words them in English, and a person reads `eci: error: …` in Russian."""

from __future__ import annotations

import re
from typing import Any

_NO_SUCH_COMMAND = re.compile(r"No such command '(.+)'")
_EXTRA = re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)")
_NEEDS_VALUE = re.compile(r"Option '(.+)' requires (?:an argument|\d+ arguments)")
_NEEDS_VALUE_SHORT = re.compile(r"(?:Option )?'?(-[\w-]+)'? (?:option )?requires an argument")

# What a value's parser said, as a person should read it (the first that matches wins).
_VALUE_PROBLEMS = (
    ("valid integer", "ожидается целое число"),
    ("valid number", "ожидается число"),
    ("valid float", "ожидается число"),
    ("valid date", "ожидается дата ГГГГ-ММ-ДД"),
    ("valid boolean", "ожидается да или нет (true/false)"),
    ("is not one of", "недопустимое значение"),
    ("does not exist", "такого файла или каталога нет"),
    ("is a directory", "это каталог, а нужен файл"),
    ("is a file", "это файл, а нужен каталог"),
    ("not readable", "нет прав на чтение"),
    ("not writable", "нет прав на запись"),
)


def _name(param: Any) -> str:
    """How the parameter is written on the command line: its options, or the argument's name."""
    opts = getattr(param, "opts", None) or ()
    if getattr(param, "param_type_name", "") == "option" and opts:
        return "/".join(opts)
    name = getattr(param, "human_readable_name", None) or getattr(param, "name", None) or "?"
    return str(name).upper()


def _kind(param: Any) -> str:
    return "параметр" if getattr(param, "param_type_name", "") == "option" else "аргумент"


def _more(exc: Any) -> str:
    """Where to read the command's usage: `eci plan show --help`."""
    path = getattr(getattr(exc, "ctx", None), "command_path", None) or "eci"
    return f"подробнее: {path} --help"


def _value_problem(message: str, more: str) -> str:
    lowered = message.lower()
    for marker, russian in _VALUE_PROBLEMS:
        if marker in lowered:
            return russian
    return f"значение не подходит ({more})"


def _hint(exc: Any) -> str:
    param = getattr(exc, "param", None)
    if param is not None:
        return _name(param)
    hint = getattr(exc, "param_hint", None)
    if isinstance(hint, (list, tuple)):
        return "/".join(str(h) for h in hint)
    return str(hint or "?").strip("'")


def usage_error_ru(exc: Any) -> str:
    """One Russian line for a click usage error (`exc`: a `ClickException`)."""
    kind = type(exc).__name__
    message = str(getattr(exc, "message", "") or "")
    more = _more(exc)
    if kind == "NoSuchOption":
        possible = sorted(getattr(exc, "possibilities", None) or ())
        also = f" (возможно, имелся в виду {', '.join(possible)})" if possible else ""
        return f"нет такого параметра: {exc.option_name}{also}; {more}"
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        return f"не указан обязательный {_kind(param)} {_hint(exc)}; {more}"
    if kind == "BadParameter":
        return f"неверное значение {_hint(exc)}: {_value_problem(message, more)}"
    if kind == "FileError":
        return f"{getattr(exc, 'ui_filename', '?')}: не удаётся открыть файл"
    found = _NEEDS_VALUE.search(message) or _NEEDS_VALUE_SHORT.search(message)
    if found:
        return f"параметру {found.group(1)} нужно значение; {more}"
    found = _NO_SUCH_COMMAND.search(message)
    if found:
        return f"нет такой команды: «{found.group(1)}»; список команд: eci --help"
    found = _EXTRA.search(message)
    if found:
        return f"лишние аргументы: {found.group(1)}; {more}"
    return f"команда вызвана неверно; {more}"
