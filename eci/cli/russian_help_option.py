"""The `--help` option's own help text in Russian, like every other help text of `eci`."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import DefaultPlaceholder

HELP_OPTION_RU = "Показать эту справку и выйти."


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


class RussianHelpGroup(TyperGroup):
    """A typer group whose `--help` option is described in Russian."""

    def get_help_option(self, ctx: Any) -> Any:
        """The standard help option, its help text in Russian."""
        return _in_russian(super().get_help_option(ctx))


def _unset(value: object) -> bool:
    return value is None or isinstance(value, DefaultPlaceholder)


def use_russian_help_option(app: typer.Typer) -> None:
    """Give every command and group registered under APP the Russian `--help`, unless it chose a class."""
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
