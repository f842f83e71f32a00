"""`eci demo` and `eci up --demo`: a fresh data dir filled with cycles 2023 to the current year.

The past goes in through the history import (a CSV written under the data dir and imported like any
coordinator's file); the present runs as live workflows driven by the same actions the CLI uses. A data
dir that already holds events is left alone, so a second call returns at once.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import domain.history_import.status  # noqa: F401  # registers how imported events fold
import domain.report_form.events  # noqa: F401  # its event type must be known before the store decodes
from config.settings import Settings
from demo.scenario import DEFAULT_SEED, DemoObligation, DemoScenario, build_scenario
from domain.actors import COORDINATOR
from domain.history_import.rules import ImportedObligation
from domain.moscow import today_in_moscow
from domain.obligation.plan import check_cycle
from eci.demo.obligations import demo_obligations, demo_regions
from eci.errors import EciError
from eci.history_import.files import write_csv
from eci.history_import.importer import check_file, import_planned
from store.event_store import EventStore

FIRST_CYCLE = 2023
# A busy 2-core machine opens a few dozen workflows a second; allow generously for each one.
SETTLE_BASE_SECONDS = 60.0
SETTLE_PER_WORKFLOW_SECONDS = 0.5
MARKER = "demo.json"
NO_CONTACT = ("66",)

Progress = Callable[[str], None]


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
    events: int = 0
    states: dict[str, int] = field(default_factory=dict)
    wall_seconds: float = 0.0
    phase_seconds: dict[str, float] = field(default_factory=dict)


class _Phases:
    """Seconds spent in each step of the demo, for the summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._mark = time.monotonic()

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self._mark, 1)
        self._mark = now


def has_facts(store: EventStore) -> bool:
    """Whether the store holds anything beyond its users (who the first command may have registered)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM events WHERE stream NOT LIKE 'users/%' LIMIT 1")).first()
    return found is not None


def _event_count(store: EventStore) -> int:
    head = store.head()
    return head[0] if head else 0


def projected_states(store: EventStore) -> dict[str, str]:
    """Each obligation's state as the status projection holds it (cheap: no fold over the log)."""
    from sqlalchemy import select

    from store.schema import ObligationStatusRow as Row

    with store.engine.connect() as conn:
        return {oid: state for oid, state in conn.execute(select(Row.obligation_id, Row.state))}


def _states(store: EventStore) -> dict[str, int]:
    counts = Counter(projected_states(store).values())
    return dict(sorted(counts.items()))


def _import_history(
    settings: Settings, store: EventStore, scenario: DemoScenario, today: dt.date
) -> list[ImportedObligation]:
    """Import the past as a coordinator's file would be; returns what it planned."""
    folder = settings.data_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"history-{FIRST_CYCLE}-{today.year - 1}.csv"
    write_csv(path, scenario.history)
    source, planned = check_file(path, as_of=today)
    import_planned(store, source, planned, COORDINATOR, live=True)
    return planned


async def settle(store: EventStore, expected: dict[str, str], within: float) -> None:
    """Wait until every obligation is in the expected state (workflows record through activities)."""
    deadline = time.monotonic() + within
    while True:
        states = await asyncio.to_thread(projected_states, store)
        behind = [k for k, v in expected.items() if states.get(k) != v]
        if not behind:
            return
        if time.monotonic() > deadline:
            got = states.get(behind[0], "nothing recorded")
            raise EciError(
                f"the demo did not settle: {len(behind)} obligation(s) behind, "
                f"e.g. {behind[0]} is {got}, expected {expected[behind[0]]}"
            )
        await asyncio.sleep(1.0)


@dataclass
class _Fill:
    """What the demo did so far (filled in as it goes)."""

    planned: list[ImportedObligation] = field(default_factory=list)
    forms: int = 0
    started: int = 0
    mail: tuple[int, int] = (0, 0)  # replies by mail submitted, quarantined


async def _fill(
    settings: Settings,
    store: EventStore,
    scenario: DemoScenario,
    regions: tuple[str, ...],
    seed: int,
    today: dt.date,
    say: Progress,
    phases: _Phases,
) -> _Fill:
    """Open the current cycle while the past is imported, continue the past's open obligations, act."""
    from eci.demo.live import play_actions, start_workflows
    from eci.demo.users import enroll
    from eci.history_import.run import start_live
    from eci.runtime.temporal_client import connect, require_worker

    client = await connect(settings)
    await require_worker(client, settings)
    fill = _Fill()
    # The server opens the current cycle while this process reads, checks and writes the past.
    opening = asyncio.create_task(start_workflows(client, settings, scenario.live))
    fill.planned = await asyncio.to_thread(_import_history, settings, store, scenario, today)
    say(f"история {FIRST_CYCLE}–{today.year - 1} импортирована: обязательств {len(fill.planned)}")
    fill.forms = await asyncio.to_thread(_record_forms, settings, store, regions, seed, today)
    phases.done("history_import_and_report_forms")
    continued = [item for item in fill.planned if item.needs_workflow]
    fill.started = await opening
    # The past's open obligations continue from their imported state; the overdue ones escalate.
    fill.started += await start_live(client, settings, continued, COORDINATOR)
    say(f"формы отчёта: {fill.forms}; живых процессов: {fill.started}")
    opened = {str(s.obligation.id): "open" for s in scenario.live}
    within = SETTLE_BASE_SECONDS + SETTLE_PER_WORKFLOW_SECONDS * fill.started
    await settle(store, opened, within)
    phases.done("live_workflows_opened")
    say("процессы открыты; регионы представляют документы, координатор проверяет")
    people = await asyncio.to_thread(enroll, settings, store, regions)
    say(f"пользователи: координаторы {', '.join(p.user.name for p in people.coordinators)}, "
        f"аудитор {people.auditor.user.name}, ответственных в регионах {len(people.officials)}")  # fmt: skip
    await play_actions(settings, scenario.live, settings.data_dir / "demo" / "documents", people)
    expected = {str(s.obligation.id): s.outcome.final_state.value for s in scenario.live}
    await settle(store, expected, within)
    phases.done("actions_settled")
    from eci.demo.mail import demo_replies, receive_replies
    from eci.runtime.stack import embedded_settings

    mail_settings = embedded_settings(settings)
    fill.mail = await receive_replies(mail_settings, demo_replies(mail_settings, scenario.live, today))
    say(f"ответы по почте: представлено {fill.mail[0]}, в карантине {fill.mail[1]}")
    phases.done("mail_replies")
    return fill


def _why_skipped(settings: Settings) -> str:
    if (settings.data_dir / MARKER).exists():
        return "демонстрационные данные уже загружены"
    if (settings.data_dir / "demo").exists():
        return (
            f"загрузка демо была прервана: удалите каталог {settings.data_dir} и запустите `eci demo` снова"
        )
    return "журнал событий не пуст: демонстрационные данные не загружаются"


def _store_contacts(store: EventStore, obligations: list[DemoObligation]) -> int:
    """Role addresses for every participant, so the live workflows' mail reaches the local sink;
    one region is left without, to show the coordinator the no-contact path."""
    from demo.contacts import demo_contacts
    from store.contacts import replace_contacts

    participants = sorted({str(o.id.participant) for o in obligations})
    return replace_contacts(store, demo_contacts(participants, skip=NO_CONTACT))


def _record_forms(
    settings: Settings, store: EventStore, regions: tuple[str, ...], seed: int, today: dt.date
) -> int:
    from eci.demo.forms import filed_cycles, record_report_forms, write_answer_files

    cycles = filed_cycles(today)
    write_answer_files(settings.data_dir / "demo" / "forms", regions, seed, cycles)
    return record_report_forms(store, regions, seed, cycles)


def say_on_stderr(line: str) -> None:
    """Progress for a person watching the demo fill up."""
    sys.stderr.write(f"демо: {line}\n")
    sys.stderr.flush()


def populate(
    settings: Settings,
    *,
    regions: int | None = None,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    say: Progress = say_on_stderr,
) -> DemoSummary:
    """Fill a fresh data dir (needs a running Temporal server and worker); a populated one is left alone."""
    return asyncio.run(populate_async(settings, regions=regions, seed=seed, today=today, say=say))


async def populate_async(
    settings: Settings,
    *,
    regions: int | None = None,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    say: Progress = say_on_stderr,
) -> DemoSummary:
    """`populate` inside a running event loop."""
    began = time.monotonic()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = EventStore.open(settings.effective_database_url)
    try:
        if has_facts(store):
            return DemoSummary(skipped=True, note=_why_skipped(settings), events=_event_count(store))
        today = today or today_in_moscow()
        cycles = tuple(range(FIRST_CYCLE, check_cycle(today.year) + 1))
        obligations = demo_obligations(cycles, regions)
        scenario = build_scenario(obligations, today, seed)
        phases = _Phases()
        codes = demo_regions(regions)
        # Contacts first: the workflows' first notices go out as soon as they run.
        _store_contacts(store, obligations)
        fill = await _fill(settings, store, scenario, codes, seed, today, say, phases)
        summary = DemoSummary(
            skipped=False,
            note="демонстрационные данные загружены",
            cycles=cycles,
            regions=len(codes),
            obligations=len(obligations),
            history_rows=len(fill.planned),
            live_workflows=fill.started,
            report_forms=fill.forms,
            mail_submitted=fill.mail[0],
            mail_quarantined=fill.mail[1],
            events=_event_count(store),
            states=_states(store),
            wall_seconds=round(time.monotonic() - began, 1),
            phase_seconds=phases.seconds,
        )
    finally:
        store.close()
    (settings.data_dir / MARKER).write_text(json.dumps(asdict(summary), ensure_ascii=False, indent=2))
    return summary
