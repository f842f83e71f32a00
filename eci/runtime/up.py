"""`eci up [--demo]`: the data dir's stack, the demo loading behind the coordinator's terminal, the
terminal itself; Ctrl-C or quitting the terminal stops what this process started.

With `--demo` the terminal opens as soon as the history is in; the live workflows keep opening behind it
and its status line says how many. Quitting before the load ends leaves it resumable.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

from config.settings import Settings
from eci.errors import EciError
from eci.logs import logs_to_file
from eci.runtime.stack import _optional, _wait_for_interrupt, running_stack

SKIP_WAIT_S = 1.0  # a load that is left alone says so within this; its line is printed before the TUI


def _say(lines: list[str]) -> None:
    for line in lines:
        sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _summary_lines(runner: Any) -> list[str]:
    summary_lines = _optional("eci.demo.summary_text", "summary_lines")
    if runner.error:
        return [f"демо остановлено: {runner.error}"]
    return summary_lines(runner.summary) if summary_lines and runner.summary else []


def _start_demo(settings: Settings) -> Any:
    """The demo load started in its thread (None when this build has no demo)."""
    background = _optional("eci.demo.background", "BackgroundDemo")
    progress_for_terminal = _optional("eci.demo.progress", "progress_for_terminal")
    if background is None or progress_for_terminal is None:
        sys.stdout.write("демо-данные недоступны в этой сборке\n")
        return None
    runner = background(settings, progress_for_terminal())
    runner.start()
    return runner


def terminate_as_interrupt(signum: int, frame: Any) -> None:
    """A SIGTERM handler: unwind as Ctrl-C does, so every `finally` stops what it started."""
    raise KeyboardInterrupt


def up(settings: Settings, *, demo: bool = False, tui: bool = True) -> None:
    """Run the whole tracker until Ctrl-C (or until the TUI is closed)."""
    # SIGTERM (a service manager, `timeout`, `kill`) stops the stack as Ctrl-C does, leaving no orphans.
    signal.signal(signal.SIGTERM, terminate_as_interrupt)
    with running_stack(settings) as stack:
        settings = stack.settings
        _say(stack.notes)
        run_tui = _optional("eci.tui_wiring", "run_tui") if tui and sys.stdout.isatty() else None
        runner = _start_demo(settings) if demo else None
        try:
            if runner is not None:
                runner.history_in.wait()
                runner.done.wait(SKIP_WAIT_S if run_tui else None)
                if runner.done.is_set():
                    runner.progress.detach()
                    if runner.error:  # stopped before the terminal had anything to show
                        raise EciError(runner.error)
                    _say(_summary_lines(runner))
            if run_tui is not None:
                if runner is not None:
                    runner.progress.detach()
                with logs_to_file(settings.data_dir / "eci.log"):
                    run_tui(settings, background=runner.status_line if runner else None)
                if runner is not None:
                    _after_terminal(runner)
                return
            _wait_for_interrupt("Всё запущено. Ctrl-C — остановить.")
        finally:
            if runner is not None and not runner.done.is_set():
                runner.cancel()


def _after_terminal(runner: Any) -> None:
    """Say how the demo load ended while the terminal was open (or that it is left to finish later)."""
    if runner.done.is_set():
        _say(_summary_lines(runner))
        return
    runner.cancel()
    _say([runner.unfinished_note()])
