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
from eci import actions
from eci.demo.users import DemoPeople
from eci.identity.principal import Principal

ACTION_CONCURRENCY = 32
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


async def _submit(settings: Settings, story: LiveStory, folder: Path, people: DemoPeople) -> None:
    assert story.document is not None
    upload = actions.DocumentUpload(story.document, document_file(folder, story, story.document))
    stages = [m.label for m in get_obligation(str(story.obligation.id)).milestones] or [None]
    for stage in stages:
        by = people.submitter(story.obligation.id.participant)
        await actions.submit(
            settings, _submitter(story), story.obligation.id, [upload], milestone=stage, by=by
        )


async def play_story(settings: Settings, story: LiveStory, folder: Path, people: DemoPeople) -> None:
    """The actions that bring one live obligation to its story's state, each by one of the demo's people."""
    oid = story.obligation.id
    by = _reviewer(people, story)
    if story.outcome is _O.WAIVED:
        await actions.waive(settings, COORDINATOR, oid, story.reason or "", by=by)
        return
    if story.outcome in (_O.AWAITING_REVIEW, _O.AWAITING_RESUBMISSION, _O.ACCEPTED_ON_TIME):
        await _submit(settings, story, folder, people)
    if story.outcome is _O.AWAITING_RESUBMISSION:
        await actions.return_submission(settings, COORDINATOR, oid, story.reason or "", by=by)
    elif story.outcome is _O.ACCEPTED_ON_TIME:
        await actions.accept(settings, COORDINATOR, oid, "Документ соответствует мероприятию плана", by=by)


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


async def play_actions(
    settings: Settings, stories: Sequence[LiveStory], folder: Path, people: DemoPeople
) -> None:
    """Play the actions of the stories that have any, a few at a time."""
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    acting = [s for s in stories if s.outcome not in (_O.OPEN, _O.OVERDUE)]
    await _bounded([lambda s=s: play_story(settings, s, folder, people) for s in acting], ACTION_CONCURRENCY)
