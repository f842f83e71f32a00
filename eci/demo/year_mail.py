"""Sending the demo's year of mail (`demo.year_mail`) on its dates, and one live extension.

Each notice goes through the ordinary notifier with its clock set to the notice's date, so the outbox
and the message's Date header say when it was sent. Message-IDs come from the obligation and the step,
so a load resumed after an interruption sends nothing twice. The extension is a real coordinator's
action on one of the region's open obligations: its mail comes from the workflow, dated today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from config.settings import Settings
from demo.scenario import DemoOutcome, LiveStory
from demo.year_mail import DatedNotice
from domain.actors import COORDINATOR
from eci import actions
from eci.demo.users import DemoPeople
from notifications.service import DeliveryPending
from notifications.stack import MailStack
from store.event_store import EventStore
from store.projections import get_status

EXTENSION_DAYS = 30
EXTENSION_REASON = "Письмо региона: приказ на согласовании в правовом управлении, просим продлить срок"


def _clock(at: dt.datetime) -> Callable[[], dt.datetime]:
    return lambda: at.astimezone(dt.UTC)


async def send_dated(settings: Settings, notices: Sequence[DatedNotice], advance: Callable[[], None]) -> int:
    """Send each notice as of its date; how many are recorded (a message the server did not take yet
    stays pending in the outbox, whose next flush sends it)."""
    stack = MailStack.from_settings(settings)
    sent = 0
    try:
        for notice in notices:
            stack.notifier.clock = _clock(notice.at)
            try:
                await stack.notifier.send_notice(notice.request)
            except DeliveryPending:
                pass
            sent += 1
            advance()
    finally:
        await stack.aclose()
    return sent


def extension_candidate(stories: Sequence[LiveStory], region: str) -> LiveStory | None:
    """An open obligation of the region whose deadline a coordinator extends."""
    return next(
        (s for s in stories if s.obligation.id.participant == region and s.outcome is DemoOutcome.OPEN), None
    )


async def extend_one(
    settings: Settings, store: EventStore, story: LiveStory | None, people: DemoPeople
) -> int:
    """Extend the story's obligation by a month (once: an extended one is left as it is)."""
    if story is None:
        return 0
    oid = story.obligation.id
    status = get_status(store, str(oid))
    if status is None or status.extensions:
        return 0
    due = status.effective_due + dt.timedelta(days=EXTENSION_DAYS)
    await actions.extend(settings, COORDINATOR, oid, due=due, reason=EXTENSION_REASON, by=people.reviewer(0))
    return 1
