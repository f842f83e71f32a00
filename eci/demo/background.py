"""`eci up --demo`: the demo loads in a thread of its own, so the coordinator's terminal opens as soon as
the history is in while the live workflows keep opening behind it (its status line says how many).

The load is resumable, so quitting the terminal before it ends loses nothing: the thread is cancelled
and the next `eci up --demo` (or `eci demo`) finishes it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

from config.settings import Settings
from domain.errors import DomainError
from eci.demo.journal import unfinished_note
from eci.demo.progress import DemoProgress
from eci.errors import EciError

log = logging.getLogger("eci.demo.loader")


class BackgroundDemo:
    """The demo load running in a thread, with what the foreground needs to know of it."""

    def __init__(self, settings: Settings, progress: DemoProgress) -> None:
        self.settings = settings
        self.progress = progress
        self.history_in = threading.Event()  # the terminal may open
        self.done = threading.Event()
        self.summary: Any = None
        self.error: str | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._thread = threading.Thread(target=self._run, name="eci-demo", daemon=True)

    def start(self) -> None:
        """Begin (or resume) the load."""
        self._thread.start()

    def _run(self) -> None:
        from eci.demo.loader import populate_async

        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            coroutine = populate_async(self.settings, progress=self.progress, history_in=self.history_in.set)
            self._task = loop.create_task(coroutine)
            self.summary = loop.run_until_complete(self._task)
        except asyncio.CancelledError:
            self.error = "прервано"
        except (EciError, DomainError) as exc:
            self.error = str(exc)
        except Exception as exc:  # noqa: BLE001 - the foreground reports it in one line; the log has it all
            log.exception("the demo load failed")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            loop.close()
            self.history_in.set()
            self.done.set()

    def status_line(self) -> str | None:
        """The terminal's status line: the phase and its counts, a failure, or None once loaded."""
        if self.done.is_set():
            return f"демо остановлено: {self.error} — `eci demo` продолжит загрузку" if self.error else None
        return self.progress.status_line()

    def cancel(self, timeout: float = 15.0) -> None:
        """Stop the load where it is (it resumes next time) and wait for the thread."""
        loop, task = self._loop, self._task
        if loop is not None and task is not None and not self.done.is_set():
            loop.call_soon_threadsafe(task.cancel)
        self._thread.join(timeout)

    def unfinished_note(self) -> str:
        """One line for a load left unfinished: where it stopped and how it is finished."""
        return unfinished_note(self.settings.data_dir)
