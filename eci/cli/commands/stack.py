"""`eci up`, `eci server`, `eci worker`: the embedded stack and its parts."""

from __future__ import annotations

import asyncio
import sys

import typer

from config.settings import load_settings


def up_command(
    demo: bool = typer.Option(False, "--demo", help="Заполнить демонстрационными данными."),
    no_tui: bool = typer.Option(
        False, "--no-tui", help="Без терминала координатора: только сервер, обработчик и почтовый приёмник."
    ),
) -> None:
    """Start the Temporal dev server, a worker, the mail sink and the TUI (reusing what runs)."""
    from eci.runtime.up import up

    up(load_settings(), demo=demo, tui=not no_tui)


def server_command() -> None:
    """Run the Temporal dev server alone (state under ECI_DATA_DIR) until Ctrl-C."""
    from eci.runtime.stack import _wait_for_interrupt, running_stack

    with running_stack(load_settings(), server_only=True) as stack:
        if stack.record is None:  # another process runs this data dir's server
            sys.stdout.write("\n".join(stack.notes) + "\n")
            return
        _wait_for_interrupt("\n".join([*stack.notes, "Ctrl-C — остановить."]))


def worker_command() -> None:
    """Run a worker alone (ECI_TEMPORAL_ADDRESS points it at any server) until Ctrl-C."""
    from eci.runtime.worker import serve

    asyncio.run(serve(load_settings()))


def register(app: typer.Typer) -> None:
    """Add `up`, `server` and `worker`."""
    app.command(
        "up",
        help="Запустить локальный сервер Temporal, обработчик, почтовый приёмник и терминал координатора "
        "(уже работающие используются повторно).",
    )(up_command)
    app.command(
        "server", help="Запустить только локальный сервер Temporal (данные в ECI_DATA_DIR) до Ctrl-C."
    )(server_command)
    app.command("worker", help="Запустить только обработчик (сервер задаёт ECI_TEMPORAL_ADDRESS) до Ctrl-C.")(
        worker_command
    )
