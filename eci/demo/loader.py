"""`eci demo` and `eci up --demo`: a fresh data dir filled with cycles 2023 to the current year.

The past goes in through the history import (a CSV written under the data dir and imported like any
coordinator's file); the present runs as live workflows driven by the same actions the CLI uses. The
load runs in phases (`eci.demo.phases`) and records each one done (`eci.demo.journal`): an interrupted
load resumes where it stopped, with the story it began. A data dir whose events are not the demo's is
left alone, and says so.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import domain.history_import.status  # noqa: F401  # registers how imported events fold
import domain.report_form.events  # noqa: F401  # its event type must be known before the store decodes
from config.settings import Settings
from demo.scenario import DEFAULT_SEED, build_scenario
from domain.moscow import today_in_moscow
from domain.obligation.plan import check_cycle
from eci.demo.journal import HISTORY_IN, LABELS, Journal, read_journal, write_journal
from eci.demo.obligations import demo_obligations, demo_regions
from eci.demo.phases import FIRST_CYCLE, NO_CONTACT, DemoRun, missing_phases_note
from eci.demo.progress import DemoProgress
from eci.demo.settling import SETTLE_BASE_SECONDS, projected_states, settle, state_counts
from eci.errors import EciError
from eci.identity.principal import signed_in
from store.event_store import EventStore

MARKER = "demo.json"
__all__ = [
    "FIRST_CYCLE", "MARKER", "NO_CONTACT", "SETTLE_BASE_SECONDS", "DemoSummary", "has_facts", "populate",
    "populate_async", "projected_states", "settle",
]  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    """What the demo put in the data dir (or why it left it alone)."""

    skipped: bool
    note: str
    cycles: tuple[int, ...] = ()
    regions: int = 0
    obligations: int = 0
    history_rows: int = 0
    live_workflows: int = 0
    report_forms: int = 0
    mail_submitted: int = 0
    mail_quarantined: int = 0
    mail_extension_requests: int = 0
    mail_forms: int = 0  # annual forms a region's official filed by mail
    year_mail: int = 0
    events: int = 0
    states: dict[str, int] = field(default_factory=dict)
    wall_seconds: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)
    resumed: bool = False


def has_facts(store: EventStore) -> bool:
    """Whether the store holds anything beyond its users (who the first command may have registered)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM events WHERE stream NOT LIKE 'users/%' LIMIT 1")).first()
    return found is not None


def _event_count(store: EventStore) -> int:
    head = store.head()
    return head[0] if head else 0


def _why_skipped(settings: Settings) -> str:
    if (settings.data_dir / MARKER).exists():
        return "демонстрационные данные уже загружены"
    if (settings.data_dir / "demo").exists():
        return (
            f"загрузка демо была прервана прежней версией: удалите каталог {settings.data_dir} "
            "и запустите `eci demo` снова"
        )
    return (
        f"журнал событий в {settings.data_dir} не пуст и это не демо: демонстрационные данные не "
        "загружаются (для демо укажите пустой ECI_DATA_DIR)"
    )


def populate(
    settings: Settings,
    *,
    regions: int | None = None,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    progress: DemoProgress | None = None,
    history_in: Callable[[], None] = lambda: None,
) -> DemoSummary:
    """Fill a fresh data dir (needs a running Temporal server and worker), or finish an interrupted load;
    a populated one is left alone."""
    return asyncio.run(
        populate_async(
            settings, regions=regions, seed=seed, today=today, progress=progress, history_in=history_in
        )
    )


async def populate_async(
    settings: Settings,
    *,
    regions: int | None = None,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    progress: DemoProgress | None = None,
    history_in: Callable[[], None] = lambda: None,
) -> DemoSummary:
    """`populate` inside a running event loop; `history_in` is called once the past is in the store."""
    from eci.runtime.stack import embedded_settings

    began = time.monotonic()
    settings = embedded_settings(settings)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    progress = progress or DemoProgress()
    store = EventStore.open(settings.effective_database_url)
    try:
        journal = read_journal(settings.data_dir)
        if (settings.data_dir / MARKER).exists() or (journal is None and has_facts(store)):
            history_in()
            return DemoSummary(skipped=True, note=_why_skipped(settings), events=_event_count(store))
        # What the demo writes itself (history, forms) is sealed by the key of the user loading it.
        store.sealer = signed_in(settings, store).sealer()
        resumed = journal is not None
        if journal is None:
            journal = Journal(seed, regions, today or today_in_moscow())
            write_journal(settings.data_dir, journal)
        else:
            progress.say(missing_phases_note(journal, [LABELS[p] for p in journal.missing()]))
        journal = await _run_phases(settings, store, journal, progress, history_in)
        summary = _summary(store, journal, progress, began, resumed)
    finally:
        store.close()
    text = json.dumps(asdict(summary), ensure_ascii=False, indent=2)
    (settings.data_dir / MARKER).write_text(text, encoding="utf-8")
    return summary


async def _run_phases(
    settings: Settings,
    store: EventStore,
    journal: Journal,
    progress: DemoProgress,
    history_in: Callable[[], None],
) -> Journal:
    cycles = tuple(range(FIRST_CYCLE, check_cycle(journal.today.year) + 1))
    obligations = demo_obligations(cycles, journal.regions)
    scenario = build_scenario(obligations, journal.today, journal.seed)
    run = DemoRun(settings, store, journal, progress, scenario, obligations, demo_regions(journal.regions))
    told = HISTORY_IN in journal.done
    if told:
        history_in()
    for phase in journal.missing():
        try:
            counts = await run.run(phase)
        except EciError as exc:
            raise EciError(
                f"{exc} (загрузка демо остановилась на этапе «{LABELS[phase]}»: запустите `eci demo` "
                "снова, она продолжится с него)", exc.exit_code,
            ) from None
        journal = journal.with_done(phase, **counts)
        write_journal(settings.data_dir, journal)
        if phase == HISTORY_IN and not told:
            told = True
            history_in()
    return journal


def _summary(
    store: EventStore, journal: Journal, progress: DemoProgress, began: float, resumed: bool
) -> DemoSummary:
    cycles = tuple(range(FIRST_CYCLE, check_cycle(journal.today.year) + 1))
    counts = journal.counts
    return DemoSummary(
        skipped=False,
        note="демонстрационные данные загружены" + (" (загрузка продолжена)" if resumed else ""),
        cycles=cycles,
        regions=len(demo_regions(journal.regions)),
        obligations=len(demo_obligations(cycles, journal.regions)),
        history_rows=counts.get("history_rows", 0),
        live_workflows=counts.get("live_workflows", 0),
        report_forms=counts.get("report_forms", 0),
        mail_submitted=counts.get("mail_submitted", 0),
        mail_quarantined=counts.get("mail_quarantined", 0),
        mail_extension_requests=counts.get("mail_extension_requests", 0),
        mail_forms=counts.get("mail_forms", 0),
        year_mail=counts.get("year_mail", 0),
        events=_event_count(store),
        states=state_counts(store),
        wall_seconds=round(time.monotonic() - began, 1),
        phase_seconds=dict(progress.seconds),
        resumed=resumed,
    )
