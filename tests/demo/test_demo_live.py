"""The demo and the drill on the real dev server with the real worker and event store."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from email.message import Message
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from conftest import sink_kinds

from config.settings import load_settings
from eci.demo.drill import drill
from eci.demo.loader import populate_async
from notifications.sink import SinkHandle
from reports.region_source import region_report
from store.event_store import EventStore

pytestmark = [pytest.mark.temporal, pytest.mark.slow]

TODAY = dt.date(2026, 11, 23)
ECI = Path(sys.executable).parent / "eci"


def audit_verify() -> dict[str, object]:
    done = subprocess.run(
        [str(ECI), "audit", "verify", "--json"], capture_output=True, text=True, env=os.environ, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.mark.usefixtures("running_worker")
async def test_the_demo_fills_every_state_and_passes_audit_verify(
    data_dir: Path, demo_sink: SinkHandle
) -> None:
    settings = load_settings()
    summary = await populate_async(settings, regions=1, today=TODAY)
    assert not summary.skipped
    assert set(summary.states) == {"open", "submitted", "returned", "overdue", "accepted", "waived"}
    assert sum(summary.states.values()) == summary.obligations
    assert summary.cycles == (2023, 2024, 2025, 2026)
    assert summary.report_forms == 3  # the region's forms of 2023, 2024 and 2025
    # Replies by mail: most taken, three held in the quarantine, one asking for a new due date.
    assert summary.mail_quarantined == 3
    assert summary.mail_submitted > summary.mail_quarantined
    assert summary.mail_extension_requests == 1
    # The region's official filed the 2026 form by mail, whatever state its obligations were in.
    assert summary.mail_forms == 1
    with EventStore.open(settings.effective_database_url) as store:
        form = region_report(store, cycle=2023, region="01")
        later = region_report(store, cycle=2025, region="01")
        current = region_report(store, cycle=2026, region="01")
    assert current.submission is not None
    assert form.submission is not None
    assert later.submission is not None
    assert later.form_note is not None
    assert any(
        entry.dynamics for section in form.sections for entry in section.entries if hasattr(entry, "dynamics")
    )
    assert summary.year_mail > 0
    assert_the_mailbox_reads_like_a_year(demo_sink)
    report = audit_verify()
    assert report["ok"] is True
    # The live workflows go on recording (timers already due fire) after the demo has counted.
    assert report["events"] >= summary.events

    began = time.monotonic()
    again = await populate_async(settings, regions=1, today=TODAY)
    assert again.skipped
    assert again.note == "демонстрационные данные уже загружены"
    assert time.monotonic() - began < 2
    with EventStore.open(settings.effective_database_url) as store:
        later = list(store.read_all(from_position=report["events"]))
    own = [e for e in later if not e.metadata.workflow_id and e.type != "NotificationFailed"]
    assert own == [], "the second call wrote nothing of its own (workflows and mail may go on)"


def _sink_messages(sink: SinkHandle) -> list[Message]:
    return [BytesHeaderParser().parsebytes(p.read_bytes()) for p in (sink.maildir / "new").iterdir()]


def assert_the_mailbox_reads_like_a_year(sink: SinkHandle) -> None:
    """One message of each kind a region's official receives; the past year's on their own dates."""
    kinds = sink_kinds(sink)
    for kind in ("reminder", "deadline_missed", "overdue", "returned", "accepted", "intake_receipt"):
        assert kinds[kind] >= 1, f"no {kind} in the sink: {kinds}"
    year = [m for m in _sink_messages(sink) if str(m.get("X-ECI-Step", "")).startswith("year-")]
    steps = {str(m["X-ECI-Step"]) for m in year}
    assert {f"year-reminder-{d}" for d in (30, 14, 7, 1)} <= steps
    dates = sorted(parsedate_to_datetime(str(m["Date"])).date() for m in year)
    assert TODAY - dt.timedelta(days=400) < dates[0] < dates[-1] < TODAY, "sent over the past year"
    sent = {str(m["X-ECI-Step"]): parsedate_to_datetime(str(m["Date"])) for m in year}
    assert sent["year-reminder-30"] < sent["year-reminder-1"] < sent["year-missed"] < sent["year-overdue-7"]


@pytest.mark.usefixtures("running_worker")
async def test_the_drill_reminds_misses_and_escalates_in_order(data_dir: Path) -> None:
    summary = await drill(load_settings(), lead=4, regions=1, unit=dt.timedelta(seconds=1), echo=False)
    assert len(summary.obligations) == 2
    for obligation in summary.obligations:
        steps = [s.type for s in summary.steps if s.obligation_id == obligation]
        assert steps == [
            "ObligationOpened",
            "ReminderSent",
            "ReminderSent",
            "ReminderSent",
            "DeadlineMissed",
            "OverdueNoticeSent",
            "Escalated",
        ]
    times = [s.recorded_at for s in summary.steps]
    assert times == sorted(times)
    # Over: marked so in the log, its workflows stopped, its cycle out of the terminal's list.
    from temporalio.client import WorkflowExecutionStatus

    from eci.runtime.temporal_client import connect
    from tui.store_source import StoreSource

    settings = load_settings()
    client = await connect(settings)
    for obligation in summary.obligations:
        described = await client.get_workflow_handle(f"obligation/{obligation}").describe()
        assert described.status is WorkflowExecutionStatus.TERMINATED
    source = StoreSource.open(settings.effective_database_url)
    try:
        assert source.drills() == {2030: False}
        assert 2030 in source.cycles()
    finally:
        source.close()
