"""The demo load's phases, each safe to run again after an interruption, each counting what it does.

Order: contacts (the workflows' first notices go out as soon as they run), the past through the history
import, the live workflows, the report forms, the people, their actions, the replies by mail and the
year of mail. The coordinator's terminal may open once the history is in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from config.settings import Settings
from demo.scenario import DemoObligation, DemoScenario
from domain.actors import COORDINATOR
from domain.history_import.rules import ImportedObligation
from eci.demo.journal import Journal
from eci.demo.progress import DemoProgress, ru_int
from eci.demo.settling import SETTLE_BASE_SECONDS, SETTLE_PER_WORKFLOW_SECONDS, projected_states, settle
from eci.demo.users import DemoPeople
from eci.history_import.files import write_csv
from eci.history_import.importer import check_file, import_planned
from store.event_store import EventStore

FIRST_CYCLE = 2023
NO_CONTACT = ("66",)  # a region left without contacts, to show the coordinator the no-contact path
IMPORT_CHUNK = 1000  # obligations per import transaction: progress to show, little lost to a crash
START_CHUNK = 200


@dataclass
class DemoRun:
    """One load's story and the state its phases share."""

    settings: Settings
    store: EventStore
    journal: Journal
    progress: DemoProgress
    scenario: DemoScenario
    obligations: list[DemoObligation]
    regions: tuple[str, ...]
    _planned: list[ImportedObligation] | None = field(default=None, repr=False)
    _people: DemoPeople | None = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        """The demo's files under the data dir."""
        return self.settings.data_dir / "demo"

    async def run(self, phase: str) -> dict[str, int]:
        """Run one phase; what it made, for the summary."""
        found: dict[str, int] = await getattr(self, f"_{phase}")()
        return found

    # --- the past ---------------------------------------------------------------------------------
    async def _contacts(self) -> dict[str, int]:
        from demo.contacts import demo_contacts
        from store.contacts import replace_contacts

        participants = sorted({str(o.id.participant) for o in self.obligations})
        self.progress.start("contacts", len(participants))
        stored = await asyncio.to_thread(
            replace_contacts, self.store, demo_contacts(participants, skip=NO_CONTACT)
        )
        self.progress.set(len(participants))
        self.progress.finish(f", адресов {ru_int(stored)}")
        return {"contacts": stored}

    def _history_file(self) -> Path:
        path = self.folder / f"history-{FIRST_CYCLE}-{self.journal.today.year - 1}.csv"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_csv(path, self.scenario.history)
        return path

    async def planned(self) -> list[ImportedObligation]:
        """The history file's obligations, checked against the plan (read once per run)."""
        if self._planned is None:
            path = await asyncio.to_thread(self._history_file)
            _source, planned = await asyncio.to_thread(check_file, path, self.journal.today)
            self._planned = planned
        return self._planned

    async def _history(self) -> dict[str, int]:
        path = await asyncio.to_thread(self._history_file)
        source, planned = await asyncio.to_thread(check_file, path, self.journal.today)
        self._planned = planned
        self.progress.start("history", len(planned))
        for start in range(0, len(planned), IMPORT_CHUNK):
            chunk = planned[start : start + IMPORT_CHUNK]
            # Obligations an interrupted run imported are skipped by the import itself.
            await asyncio.to_thread(import_planned, self.store, source, chunk, COORDINATOR, True)
            self.progress.advance(len(chunk))
        self.progress.finish(f" ({FIRST_CYCLE}–{self.journal.today.year - 1})")
        return {"history_rows": len(planned)}

    async def _forms(self) -> dict[str, int]:
        from eci.demo.forms import filed_cycles, record_report_forms, write_answer_files

        cycles = filed_cycles(self.journal.today)
        self.progress.start("forms", len(cycles) * len(self.regions))
        for cycle in cycles:
            await asyncio.to_thread(
                write_answer_files, self.folder / "forms", self.regions, self.journal.seed, (cycle,)
            )
            await asyncio.to_thread(
                record_report_forms, self.store, self.regions, self.journal.seed, (cycle,)
            )
            self.progress.advance(len(self.regions))
        self.progress.finish()
        return {"report_forms": len(cycles) * len(self.regions)}

    # --- the present ------------------------------------------------------------------------------
    async def _client(self) -> Any:
        from eci.runtime.temporal_client import connect, require_worker

        client = await connect(self.settings)
        await require_worker(client, self.settings)
        return client

    async def _workflows(self) -> dict[str, int]:
        from eci.demo.live import start_workflows
        from eci.history_import.run import start_live

        client = await self._client()
        live = self.scenario.live
        continued = [item for item in await self.planned() if item.needs_workflow]
        self.progress.start("workflows", len(live) + len(continued))
        started = 0
        # The past's open obligations continue from their imported state (already in the projection).
        for start in range(0, len(continued), START_CHUNK):
            chunk = continued[start : start + START_CHUNK]
            started += await start_live(client, self.settings, chunk, COORDINATOR)
            self.progress.set(started)
        base = started
        for start in range(0, len(live), START_CHUNK):
            started += await start_workflows(client, self.settings, live[start : start + START_CHUNK])
            states = await asyncio.to_thread(projected_states, self.store)
            self.progress.set(base + sum(1 for s in live if str(s.obligation.id) in states))
        opened = {str(s.obligation.id): "open" for s in live}
        within = SETTLE_BASE_SECONDS + SETTLE_PER_WORKFLOW_SECONDS * len(opened)
        await settle(self.store, opened, within, on_count=lambda n: self.progress.set(base + n))
        self.progress.finish()
        return {"live_workflows": started}

    async def people(self) -> DemoPeople:
        """The demo's users (added by the users phase; read back, or finished, on a resumed run)."""
        if self._people is None:
            from eci.demo.users import enroll

            self._people = await asyncio.to_thread(enroll, self.settings, self.store, self.regions)
        return self._people

    async def _users(self) -> dict[str, int]:
        from eci.demo.users import demo_people, enroll

        everyone = demo_people(self.regions)
        self.progress.start("users", len(everyone))
        self._people = await asyncio.to_thread(
            enroll, self.settings, self.store, self.regions, self.progress.advance
        )
        self.progress.finish()
        return {"users": len(everyone)}

    async def _actions(self) -> dict[str, int]:
        from eci.demo.live import acting_stories, play_actions

        people = await self.people()
        acting = acting_stories(self.scenario.live)
        self.progress.start("actions", len(acting))
        folder = self.folder / "documents"
        live = self.scenario.live
        await play_actions(self.settings, live, folder, people, self.store, self.progress.advance)
        expected = {str(s.obligation.id): s.outcome.final_state.value for s in self.scenario.live}
        within = SETTLE_BASE_SECONDS + SETTLE_PER_WORKFLOW_SECONDS * len(expected)
        await settle(self.store, expected, within)
        self.progress.finish()
        return {"actions": len(acting)}

    async def _replies(self) -> dict[str, int]:
        from eci.demo.mail import demo_replies, form_reply, receive_replies

        replies = demo_replies(self.settings, self.scenario.live, self.journal.today)
        form = form_reply(self.settings, self.scenario.live, self.journal.seed)
        replies += [form] if form else []
        self.progress.start("replies", len(replies))
        taken = await receive_replies(self.settings, replies, self.progress.advance)
        submitted, held, asking, forms = taken
        extensions = f"просьб о переносе срока {asking}"
        self.progress.finish(f": принято {submitted}, в карантине {held}, {extensions}, форм отчёта {forms}")
        return {
            "mail_submitted": submitted, "mail_quarantined": held, "mail_extension_requests": asking,
            "mail_forms": forms,
        }  # fmt: skip

    async def _year_mail(self) -> dict[str, int]:
        from demo.year_mail import year_of_mail
        from eci.demo.year_mail import extend_one, extension_candidate, send_dated

        reachable = [code for code in self.regions if code not in NO_CONTACT]
        planned = year_of_mail(self.scenario.history, reachable)
        region, notices = planned if planned else (reachable[0] if reachable else "", [])
        self.progress.start("year_mail", len(notices) + 1)
        sent = await send_dated(self.settings, notices, self.progress.advance)
        people = await self.people()
        story = extension_candidate(self.scenario.live, region)
        extended = await extend_one(self.settings, self.store, story, people)
        self.progress.advance()
        where = f" (регион {region})" if region else ""
        self.progress.finish(f": писем {sent}, продлений {extended}{where}")
        return {"year_mail": sent, "extensions": extended}


def missing_phases_note(journal: Journal, labels: Sequence[str]) -> str:
    """The line a resumed load says first."""
    began = f"{journal.today:%d.%m.%Y}"
    return f"продолжаю прерванную загрузку (история на {began}): осталось — {', '.join(labels)}"
