"""The `eci` command: one typer app; each command group lives in `eci/cli/commands/` and registers itself."""

from __future__ import annotations

import importlib
import logging
import os
import pkgutil
import sys
import traceback
from typing import NoReturn

import typer

try:  # typer >= 0.20 vendors click; its exceptions are what the parser raises
    from typer._click import exceptions as _click_exceptions
except ImportError:  # pragma: no cover - older typer on plain click
    from click import exceptions as _click_exceptions  # type: ignore[no-redef]

from domain.errors import DomainError
from eci.cli.access import forget_admissions, guard_commands
from eci.cli.russian_help_option import RussianHelpGroup, use_russian_help_option
from eci.errors import EciError

app = typer.Typer(
    name="eci",
    cls=RussianHelpGroup,
    help=(
        "Контроль исполнения Комплексного межведомственного плана по совершенствованию ранней помощи "
        "детям и их семьям (N СК-765/07/1)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# Set by `--debug`: a failure prints its traceback before its one line.
_debug = False


@app.callback()
def _root(
    log_format: str = typer.Option(
        None,
        "--log-format",
        help="Формат логов: `text` или `json` (по умолчанию ECI_LOG_FORMAT, иначе text).",
    ),
    debug: bool = typer.Option(
        False, "--debug", help="При ошибке показать трассировку стека перед строкой `eci: error: …`."
    ),
) -> None:
    """Tracker of the early childhood intervention plan (N СК-765/07/1)."""
    global _debug
    from eci.logs import configure_logging

    _debug = debug

    chosen = log_format or os.environ.get("ECI_LOG_FORMAT", "text")
    try:
        configure_logging(chosen)
    except ValueError as exc:
        raise EciError(str(exc)) from None
    if log_format:
        # Child processes (worker, server wrappers) inherit the choice.
        os.environ["ECI_LOG_FORMAT"] = log_format


_registered = False


def _register_commands() -> None:
    """Import every module of `eci.cli.commands` and let it add its commands to the app (once)."""
    global _registered
    if _registered:
        return
    from eci.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(app)
    guard_commands(app)
    use_russian_help_option(app)
    _registered = True


def fail(message: str, exit_code: int = 2) -> NoReturn:
    """Print `eci: error: MESSAGE` on stderr (after the traceback, with `--debug`) and exit."""
    if _debug and sys.exc_info()[1] is not None:
        traceback.print_exc(file=sys.stderr)
    sys.stderr.write(f"eci: error: {message}\n")
    raise SystemExit(exit_code)


# Temporal's native core: once loaded, its threads may call into Python while the interpreter finalizes,
# which aborts (SIGABRT/SIGSEGV) a command that has already done its work and printed its result.
_TEMPORAL_CORE = "temporalio.bridge.temporal_sdk_bridge"
_hard_exit = os._exit


def run() -> None:
    """Console-script entry point: run the app, turning known errors into one line on stderr."""
    global _debug
    _debug = _asks_debug(sys.argv[1:])  # a failure before the options are parsed honours it too
    previous = None
    try:
        previous = _close_umask()
        _run()
    except SystemExit as exc:
        _leave(exc.code)
    finally:
        if previous is not None:  # in-process callers (tests) get their own umask back
            os.umask(previous)
    _leave(0)


def _asks_debug(argv: list[str]) -> bool:
    """Whether `--debug` is among the global options (those before the command's name)."""
    for token in argv:
        if token == "--debug":
            return True
        if not token.startswith("-"):
            return False
    return False


def _close_umask() -> int | None:
    """Whatever this run creates is its owner's (or the data group's) alone: see `eci.data_dir`."""
    from eci.data_dir import data_modes, use_umask

    try:
        return use_umask(data_modes(os.environ.get("ECI_DATA_GROUP")))
    except EciError as exc:
        fail(str(exc), exc.exit_code)


def _leave(code: int | str | None) -> NoReturn:
    """Exit with CODE; without finalizing the interpreter once Temporal's core is loaded."""
    if isinstance(code, str):
        sys.stderr.write(code + "\n")
        code = 1
    status = code or 0
    if _TEMPORAL_CORE not in sys.modules:
        raise SystemExit(status)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`eci … | head`) has nothing left to receive
            pass
    _hard_exit(status)
    raise SystemExit(status)  # only reached when _hard_exit is replaced (in-process tests)


def _login() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name


def _require_store() -> None:
    """Stop a command that needs the store when the data dir has none (nothing is written)."""
    from config.settings import load_settings
    from eci.cli.store_guard import require_store

    try:
        settings = load_settings()
    except Exception:  # noqa: BLE001 - a malformed variable is the command's own error to report
        return
    require_store(settings, sys.argv[1:])


def _run() -> None:
    _register_commands()
    forget_admissions()
    try:
        _require_store()
        code = app(standalone_mode=False)
    except (EciError, DomainError) as exc:
        fail(str(exc), getattr(exc, "exit_code", 2))
    except PermissionError as exc:
        # Another user's data dir or key: say whose file it is, not a traceback.
        fail(f"{exc.filename or exc}: нет доступа пользователю {_login()}", 2)
    except typer.Exit as exc:
        raise SystemExit(exc.exit_code) from None
    except typer.Abort:
        fail("прервано", 130)
    except KeyboardInterrupt:
        fail("прервано (Ctrl-C)", 130)
    except _click_exceptions.NoArgsIsHelpError as exc:
        sys.stderr.write(exc.ctx.get_help() + "\n" if exc.ctx else "")
        raise SystemExit(2) from None
    except _click_exceptions.ClickException as exc:
        from eci.cli.usage_ru import usage_error_ru

        fail(usage_error_ru(exc), exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - never a traceback without --debug
        from eci.cli.failures import EXIT_UNEXPECTED, explain, unexpected

        known = explain(exc)
        fail(*(known or (unexpected(exc), EXIT_UNEXPECTED)))
    if isinstance(code, int) and code:
        raise SystemExit(code)
