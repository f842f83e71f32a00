"""Which commands need a registered user: all of them, but for the few named here.

Every command's callback is wrapped once, when the app is assembled, so a command added later is gated
without anyone remembering to: the exceptions must be listed, the rule needs nothing.

- `OPEN`: the plan's built-in catalog and the form's files on the person's own disk (`plan`, `regions`,
  `form check`, `form template`). They read nothing from the store, the Maildir or the documents
  (`form template --format xlsx`, which carries last year's answers over from the store, passes the gate
  for that read).
- `STACK`: the stack's own processes (`worker`, `server`, `mail sink`). They show no one anything; an
  outsider is kept out by the data dir's modes (embedded) or by not holding the database's password.
- `SETUP`: creating or upgrading the schema, `doctor`, and the first `users add`: on a production
  database, let through while it has no schema or no user yet (someone must make them), and gated like
  any other command afterwards. (On an embedded store the data dir's owner is that someone.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import Any

import typer
from typer.main import get_command_name


class Access(Enum):
    """What a command asks of the person running it."""

    OPEN = "open"
    STACK = "stack"
    SETUP = "setup"
    USER = "user"


EXCEPTIONS: dict[tuple[str, ...], Access] = {
    ("plan",): Access.OPEN,
    ("regions",): Access.OPEN,
    ("form", "check"): Access.OPEN,
    ("form", "template"): Access.OPEN,
    ("worker",): Access.STACK,
    ("server",): Access.STACK,
    ("mail", "sink"): Access.STACK,
    ("db", "init"): Access.SETUP,
    ("db", "upgrade"): Access.SETUP,
    ("doctor",): Access.SETUP,
    ("users", "add"): Access.SETUP,
}


def access_of(path: tuple[str, ...]) -> Access:
    """The access a command path needs: its own entry, its group's, else a registered user."""
    for end in range(len(path), 0, -1):
        if path[:end] in EXCEPTIONS:
            return EXCEPTIONS[path[:end]]
    return Access.USER


# What this run has been admitted to already (a group callback and its command both ask).
_admitted: set[Access] = set()


def forget_admissions() -> None:
    """A new run (the CLI is also run in-process, once per test) starts unadmitted."""
    _admitted.clear()


def admit(access: Access) -> None:
    """Refuse (EciError, one line) a person the command's access does not let in."""
    if access in (Access.OPEN, Access.STACK) or access in _admitted:
        return
    from config.settings import load_settings
    from eci.identity.gate import require_user

    require_user(load_settings(), setup=access is Access.SETUP)
    _admitted.add(access)


def _gated(callback: Callable[..., Any], access: Access) -> Callable[..., Any]:
    if access in (Access.OPEN, Access.STACK):
        return callback

    @functools.wraps(callback)
    def gated(*args: Any, **kwargs: Any) -> Any:
        admit(access)
        return callback(*args, **kwargs)

    return gated


def command_paths(app: typer.Typer, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's path (`("audit", "verify")`), and every group that runs on its own (`report`)."""
    paths = []
    for info in app.registered_commands:
        if info.callback is not None:
            paths.append((*prefix, info.name or get_command_name(info.callback.__name__)))
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is None or not isinstance(group.name, str):
            continue
        path = (*prefix, group.name)
        if sub.registered_callback is not None and sub.registered_callback.callback is not None:
            paths.append(path)
        paths += command_paths(sub, path)
    return paths


def guard_commands(app: typer.Typer, prefix: tuple[str, ...] = ()) -> None:
    """Wrap every command's callback (and every group callback that can run a report) in the gate."""
    for info in app.registered_commands:
        if info.callback is not None:
            name = info.name or get_command_name(info.callback.__name__)
            info.callback = _gated(info.callback, access_of((*prefix, name)))
    for group in app.registered_groups:
        sub = group.typer_instance
        if sub is None or not isinstance(group.name, str):
            continue
        path = (*prefix, group.name)
        own = sub.registered_callback
        if own is not None and own.callback is not None:
            own.callback = _gated(own.callback, access_of(path))
        guard_commands(sub, path)
