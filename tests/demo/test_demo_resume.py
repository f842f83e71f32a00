"""An interrupted demo load resumes where it stopped, whichever phase it stopped in, and ends as an
uninterrupted one would: every story in its state, nothing done twice, the audit chain whole. A data dir
it cannot fill says so in one line."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import sink_kinds
from fixtures_temporal import NoticeLog
from store_events import new, opened, stream_of

from config.settings import load_settings
from demo.scenario import build_scenario
from eci.demo.journal import PHASES, read_journal
from eci.demo.loader import populate, populate_async
from eci.demo.mail import VALID_REPLIES, answered, filing_region
from eci.demo.obligations import demo_obligations
from eci.demo.progress import DemoProgress, PhaseCount
from notifications.sink import SinkHandle
from store.event_store import EventStore

TODAY = dt.date(2026, 11, 23)
ECI = Path(sys.executable).parent / "eci"
# The year of mail and the receipts reach the sink; the workflows' own notices (the extension's among
# them) go to the test worker's notice log.
MAIL_KINDS = {"reminder", "deadline_missed", "overdue", "returned", "accepted", "intake_receipt"}


class Interrupted(Exception):
    """The load was cut short (as by Ctrl-C or a killed process)."""


class StopIn(DemoProgress):
    """Cuts the load short as soon as the named phase has done something (or finished, if it does all at
    once)."""

    def __init__(self, phase: str) -> None:
        super().__init__()
        self.phase = phase

    def shown_advance(self, n: int) -> None:
        now = self.snapshot()
        if now is not None and now.phase == self.phase:
            raise Interrupted(self.phase)

    def shown_finish(self, count: PhaseCount, note: str) -> None:
        if count.phase == self.phase:
            raise Interrupted(self.phase)


def _load(progress: DemoProgress) -> object:
    # In a loop of its own, as `eci demo` runs it: an interruption cancels the tasks still in flight.
    return populate(load_settings(), regions=1, today=TODAY, progress=progress)


def _audit_verify() -> dict[str, object]:
    done = subprocess.run(
        [str(ECI), "audit", "verify", "--json"], capture_output=True, text=True, env=os.environ, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _submissions_per_obligation(store: EventStore) -> Counter[str]:
    return Counter(r.stream for r in store.read_all() if r.type == "DocumentSubmitted")


@pytest.mark.temporal
@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.usefixtures("running_worker")
async def test_a_load_interrupted_in_each_phase_resumes_there_and_ends_whole(
    data_dir: Path, demo_sink: SinkHandle, notice_log: NoticeLog
) -> None:
    names = [name for name, _ in PHASES]
    for n, phase in enumerate(names):
        with pytest.raises(Interrupted):
            await asyncio.to_thread(_load, StopIn(phase))
        journal = read_journal(data_dir)
        assert journal is not None
        assert journal.done == tuple(names[:n]), f"stopped in {phase}: the phases before it are done"
        assert not (data_dir / "demo.json").exists()
    summary = await asyncio.to_thread(_load, DemoProgress())
    assert not summary.skipped  # type: ignore[attr-defined]
    assert summary.resumed  # type: ignore[attr-defined]
    assert summary.note == "демонстрационные данные загружены (загрузка продолжена)"  # type: ignore[attr-defined]

    scenario = build_scenario(demo_obligations(range(2023, 2027), 1), TODAY)
    settings = load_settings()
    with EventStore.open(settings.effective_database_url) as store:
        from eci.demo.settling import projected_states

        states = projected_states(store)
        by_mail = {str(oid) for oid in answered(scenario.live)[:VALID_REPLIES]}
        # The region that files its annual form by mail: its form reaches every open obligation it owes.
        filing = filing_region(scenario.live)
        by_form = {
            str(s.obligation.id) for s in scenario.live
            if filing is not None and s.obligation.id.participant == filing[0]
            and s.obligation.id.cycle == filing[1].cycle
        }  # fmt: skip
        for story in scenario.live:
            oid = str(story.obligation.id)
            final = story.outcome.final_state
            reached = oid in by_mail or (oid in by_form and not final.is_final)
            expected = "submitted" if reached else final.value
            assert states[oid] == expected, oid
        # Nothing played twice: one submission per stage of each obligation the live part submits (and one
        # more where the mailed form gave a newer version).
        from domain.obligation.plan import get_obligation

        for stream, count in _submissions_per_obligation(store).items():
            oid = stream.removeprefix("obligation/")
            bound = max(1, len(get_obligation(oid).milestones)) + (oid in by_form)
            assert count <= bound, f"{oid} submitted {count} times"
    assert set(sink_kinds(demo_sink)) >= MAIL_KINDS
    assert notice_log.kinds().count("extended") == 1, "the extension is made once, whatever the restarts"
    assert _audit_verify()["ok"] is True


async def test_a_data_dir_holding_other_facts_is_left_alone_in_one_line(data_dir: Path) -> None:
    with EventStore.open(load_settings().effective_database_url) as store:
        store.append(stream_of("2023/05/77"), [new(opened("2023/05/77"))])
        head = store.head()
    summary = await populate_async(load_settings(), regions=1, today=TODAY)
    assert summary.skipped
    assert "\n" not in summary.note
    assert summary.note.startswith(f"журнал событий в {data_dir} не пуст и это не демо")
    assert "ECI_DATA_DIR" in summary.note
    with EventStore.open(load_settings().effective_database_url) as store:
        assert store.head() == head, "nothing written"
    assert read_journal(data_dir) is None
