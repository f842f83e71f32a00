"""`--help` in Russian throughout: the help option's own line, typer's panel titles and the usage line."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

HELP_OPTION_RU = "Показать эту справку и выйти."
USAGE_PREFIX_RU = "Использование: "
# typer's own fixed strings around the help we write (module settings of `typer.rich_utils`).
PANEL_STRINGS_RU: dict[str, str] = {
    "ARGUMENTS_PANEL_TITLE": "Аргументы",
    "OPTIONS_PANEL_TITLE": "Параметры",
    "COMMANDS_PANEL_TITLE": "Команды",
    "REQUIRED_LONG_STRING": "[обязательно]",
    "DEFAULT_STRING": "[по умолчанию: {}]",
    "ENVVAR_STRING": "[переменная окружения: {}]",
    "DEPRECATED_STRING": "(устарело) ",
}


_USAGE_PIECES_RU = {"[OPTIONS]": "[ПАРАМЕТРЫ]", "COMMAND [ARGS]...": "КОМАНДА [АРГУМЕНТЫ]..."}


def _usage(command: Any, ctx: Any, formatter: Any) -> None:
    pieces = [_USAGE_PIECES_RU.get(p, p) for p in command.collect_usage_pieces(ctx)]
    formatter.write_usage(ctx.command_path, " ".join(pieces), USAGE_PREFIX_RU)


def _russian_panels() -> None:
    from typer import rich_utils

    for name, text in PANEL_STRINGS_RU.items():
        setattr(rich_utils, name, text)


def _in_russian(option: Any) -> Any:
    # typer builds the help option itself with a fixed English text; only its help line is replaced.
    if option is not None:
        option.help = HELP_OPTION_RU
    return option


class RussianHelpCommand(TyperCommand):
    """A typer command whose `--help` option is described in Russian."""

    def get_help_option(self, ctx: Any) -> Any:
        """The standard help option, its help text in Russian."""
        return _in_russian(super().get_help_option(ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line, headed in Russian."""
        _usage(self, ctx, formatter)


class RussianHelpGroup(TyperGroup):
    """A typer group whose `--help` option is described in Russian."""

    def get_help_option(self, ctx: Any) -> Any:
        """The standard help option, its help text in Russian."""
        return _in_russian(super().get_help_option(ctx))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        """The usage line, headed in Russian."""
        _usage(self, ctx, formatter)


def _unset(value: object) -> bool:
    return value is None or isinstance(value, DefaultPlaceholder)


def use_russian_help_option(app: typer.Typer) -> None:
    """Give every command and group registered under APP the Russian `--help`, unless it chose a class."""
    _russian_panels()
    for command in app.registered_commands:
        if command.cls is None or command.cls is TyperCommand:
            command.cls = RussianHelpCommand
    for group in app.registered_groups:
        sub_app = group.typer_instance
        if sub_app is None or isinstance(sub_app, DefaultPlaceholder):
            continue
        callback = sub_app.registered_callback
        if _unset(group.cls) and _unset(sub_app.info.cls) and (callback is None or _unset(callback.cls)):
            group.cls = RussianHelpGroup
        use_russian_help_option(sub_app)
