"""A command that needs the event store, run where there is none, stops before writing anything.

The embedded store is a file under `ECI_DATA_DIR` (default `./.eci`). Opening it creates it, so a
command run in the wrong directory used to leave a fresh `.eci/` there and report an empty tracker.
Now:
- only the commands that make a tracker or run its parts create a data dir: `eci db init`, `eci up`,
  `eci demo`, `eci server`, `eci worker`;
- in a data dir that exists but holds no store yet, a command that records something (the first user,
  contacts, an import) creates the store there, as the user meant; a command that only reads says there
  is nothing to read.
"""

from __future__ import annotations

from collections.abc import Sequence

from config.settings import Settings
from eci.errors import EciError

EXIT_NO_STORE = 3  # an infrastructure failure, as `eci.cli.failures` counts them

# Commands that never read the store, or that create it; (group, sub) for a group's subcommand.
_STORE_FREE = {
    ("plan",), ("regions",), ("doctor",), ("up",), ("demo",), ("server",), ("worker",),
    ("db", "init"), ("form", "template"), ("form", "check"),
}  # fmt: skip
# Commands that only read: in a data dir without a store they have nothing to show and create nothing.
_READ_ONLY = {
    ("status",), ("audit",), ("report",), ("tui",), ("mail", "list"), ("mail", "show"), ("mail", "outbox"),
    ("contacts", "list"), ("users", "list"), ("users", "whoami"), ("intake", "list"),
    ("intake", "quarantine"), ("db", "stats"), ("db", "rebuild"), ("db", "upgrade"),
}  # fmt: skip
_ROOT_OPTIONS_WITH_VALUE = {"--log-format"}


def command_path(argv: Sequence[str]) -> tuple[str, ...]:
    """The command words of a command line (`eci --log-format json db stats` → ("db", "stats"))."""
    words: list[str] = []
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg.startswith("-"):
            if words:
                break
            skip = arg in _ROOT_OPTIONS_WITH_VALUE
            continue
        words.append(arg)
        if len(words) == 2:
            break
    return tuple(words)


def needs_store(argv: Sequence[str]) -> bool:
    """Whether the command line reads or writes the event store (help never does)."""
    if any(arg in ("--help", "-h") for arg in argv):
        return False
    path = command_path(argv)
    if not path or path[:1] in _STORE_FREE or path[:2] in _STORE_FREE:
        return False
    return not (path[0] == "import" and "--template" in argv)


def only_reads(argv: Sequence[str]) -> bool:
    """Whether the command line only reads the store."""
    path = command_path(argv)
    return path[:1] in _READ_ONLY or path[:2] in _READ_ONLY


def require_store(settings: Settings, argv: Sequence[str]) -> None:
    """EciError in one line when the command needs the embedded store and would have to create it where
    the user did not mean one: no data dir at all, or a data dir without a store for a command that only
    reads."""
    if not settings.is_embedded or not needs_store(argv):
        return
    try:
        if settings.has_store() or (settings.data_dir.is_dir() and not only_reads(argv)):
            return
    except OSError:  # a data dir closed to this user: the command's own check says so, naming it
        return
    where = settings.data_dir.resolve()
    raise EciError(
        f"журнала событий нет в {where} (ECI_DATA_DIR): укажите в ECI_DATA_DIR каталог данных трекера "
        "или создайте его: `eci db init` (или `eci up`)", EXIT_NO_STORE,
    )  # fmt: skip
