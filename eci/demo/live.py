"""The demo's present: live obligation workflows, and the same actions the CLI takes on them.

Workflows start through the cycle-opening path; regions submit, the coordinator accepts, returns and
waives through `eci.actions`, with documents written as small files and stored content-addressed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from temporalio.client import Client

from config.settings import Settings
from demo.scenario import DemoOutcome, LiveStory
from domain.actors import COORDINATOR, Actor
from domain.documents import DOCUMENT_KIND_LABELS_RU, DocumentDetails
from domain.obligation.plan import get_obligation
from domain.obligation.start import terms_for
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus
from eci import actions
from eci.demo.users import DemoPeople
from eci.errors import EciError
from eci.identity.principal import Principal
from store.event_store import EventStore
from store.projections import get_status

ACTION_CONCURRENCY = 32
STEP_ATTEMPTS = 3
_O = DemoOutcome


def _submitter(story: LiveStory) -> Actor:
    participant = story.obligation.id.participant
    return Actor.parse(f"region:{participant}") if participant.isdigit() else COORDINATOR


def _reviewer(people: DemoPeople, story: LiveStory) -> Principal:
    oid = story.obligation.id
    return people.reviewer(oid.measure + oid.cycle)


def document_file(folder: Path, story: LiveStory, details: DocumentDetails) -> Path:
    """A small text file standing for the submitted document."""
    oid = story.obligation.id
    path = folder / f"{oid.cycle}-{oid.measure:02d}-{oid.participant.replace(' ', '_')}.txt"
    label = DOCUMENT_KIND_LABELS_RU[details.kind]
    path.write_text(
        f"{details.issuer}\n{label.capitalize()} от {details.date:%d.%m.%Y} № {details.number}\n"
        f"{details.title or ''}\n\nДемонстрационный документ по обязательству {oid}.\n",
        encoding="utf-8",
    )
    return path


def _stages(story: LiveStory) -> list[str | None]:
    return [m.label for m in get_obligation(str(story.obligation.id)).milestones] or [None]


def next_steps(story: LiveStory, status: ObligationStatus | None) -> list[str]:
    """What is still to do to bring the obligation to its story's end, judged from its recorded status
    (an interrupted run left some stories half played): `submit:STAGE`, `return`, `accept`, `waive`."""
    outcome = story.outcome
    if status is None or outcome in (_O.OPEN, _O.OVERDUE):
        return []
    state = status.state
    if outcome is _O.WAIVED:
        return ["waive"] if state is ObligationState.OPEN else []
    pending: list[str] = []
    if state in (ObligationState.OPEN, ObligationState.SUBMITTED):
        for stage in _stages(story):
            done = stage in status.submitted_milestones if stage else state is ObligationState.SUBMITTED
            if not done:
                pending.append(f"submit:{stage or ''}")
    if outcome is _O.AWAITING_RESUBMISSION and state is not ObligationState.RETURNED:
        return [*pending, "return"]
    if outcome is _O.ACCEPTED_ON_TIME and state is not ObligationState.ACCEPTED:
        return [*pending, "accept"]
    return pending


async def _step(settings: Settings, story: LiveStory, step: str, folder: Path, people: DemoPeople) -> None:
    oid = story.obligation.id
    by = _reviewer(people, story)
    if step == "waive":
        await actions.waive(settings, COORDINATOR, oid, story.reason or "", by=by)
    elif step == "return":
        await actions.return_submission(settings, COORDINATOR, oid, story.reason or "", by=by)
    elif step == "accept":
        await actions.accept(settings, COORDINATOR, oid, "Документ соответствует мероприятию плана", by=by)
    else:
        assert story.document is not None
        upload = actions.DocumentUpload(story.document, document_file(folder, story, story.document))
        stage = step.removeprefix("submit:") or None
        submitter = people.submitter(oid.participant)
        await actions.submit(settings, _submitter(story), oid, [upload], milestone=stage, by=submitter)


async def play_story(
    settings: Settings, story: LiveStory, folder: Path, people: DemoPeople, store: EventStore
) -> None:
    """The actions that bring one live obligation to its story's state, each by one of the demo's people;
    what an interrupted run already did is not done again. A step refused or timed out on a loaded
    machine is retried from the status as recorded then."""
    oid = str(story.obligation.id)
    for attempt in range(STEP_ATTEMPTS):
        status = await asyncio.to_thread(get_status, store, oid)
        steps = next_steps(story, status)
        if not steps:
            return
        try:
            for step in steps:
                await _step(settings, story, step, folder, people)
            return
        except EciError:
            if attempt == STEP_ATTEMPTS - 1:
                raise
            await asyncio.sleep(1.0 + attempt)


async def start_workflows(client: Client, settings: Settings, stories: Sequence[LiveStory]) -> int:
    """Start the live obligations' workflows (idempotent); how many run."""
    from activities.cycle import start_obligations

    terms = [terms_for(get_obligation(str(s.obligation.id)), opened_by=str(COORDINATOR)) for s in stories]
    running, _closed = await start_obligations(client, settings.temporal_task_queue, terms)
    return running


async def _bounded(calls: Sequence[Callable[[], Awaitable[None]]], limit: int) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[None]]) -> None:
        async with gate:
            await call()

    await asyncio.gather(*(one(c) for c in calls))


def acting_stories(stories: Sequence[LiveStory]) -> list[LiveStory]:
    """The stories that have actions to play."""
    return [s for s in stories if s.outcome not in (_O.OPEN, _O.OVERDUE)]


async def play_actions(
    settings: Settings,
    stories: Sequence[LiveStory],
    folder: Path,
    people: DemoPeople,
    store: EventStore,
    advance: Callable[[], None] = lambda: None,
) -> None:
    """Play the actions of the stories that have any, a few at a time; `advance` after each story."""
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)

    async def story(s: LiveStory) -> None:
        await play_story(settings, s, folder, people, store)
        advance()

    await _bounded([lambda s=s: story(s) for s in acting_stories(stories)], ACTION_CONCURRENCY)
