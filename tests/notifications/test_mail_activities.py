"""The mail activities on a real event store: NotificationFailed appended, the weekly digest sent once."""

from __future__ import annotations

import datetime as dt
import mailbox
import uuid
from pathlib import Path

from mail_test_kit import ScriptedHandler

from activities.notify import NoticeActivities
from config.settings import Settings
from domain.actors import SYSTEM
from domain.contacts import Contact, ContactRole
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import NotificationFailed, ObligationOpened
from domain.obligation.notices import DigestKind, DigestRequest, NoticeKind, NoticeRequest
from notifications.sink import SinkHandle
from store.contacts import replace_contacts
from store.event_store import EventStore
from store.projections import get_status
from store.records import NewEvent

OPENED_AT = dt.datetime(2024, 1, 9, 9, tzinfo=dt.UTC)


def _settings(tmp_path: Path, port: int) -> Settings:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    return Settings(data_dir=data, smtp_port=port, smtp_rate_per_second=0)


def _open(store: EventStore, participant: str) -> str:
    oid = f"2023/05/{participant}"
    event = ObligationOpened(
        obligation_id=oid, cycle=2023, measure=5, participant=participant,
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip
    metadata = EventMetadata.for_actor(SYSTEM)
    store.append(f"obligation/{oid}", [NewEvent(event, uuid.uuid4(), metadata, OPENED_AT)])
    return oid


async def test_a_rejected_notice_is_appended_once_as_notification_failed(tmp_path, smtp_server) -> None:
    server = smtp_server(ScriptedHandler(["550 5.1.1 No such mailbox"] * 2))
    settings = _settings(tmp_path, server.port)
    store = EventStore.open(settings.effective_database_url)
    oid = _open(store, "77")
    replace_contacts(store, [Contact(participant="77", role=ContactRole.RESPONSIBLE, full_name="И. И. Иванов",
                                     email="ivanov@mos.example")])  # fmt: skip
    notices = NoticeActivities(settings)
    request = NoticeRequest(
        obligation_id=oid, kind=NoticeKind.REMINDER, step="reminder-7", days=7,
        due=dt.date(2024, 4, 13), effective_due=dt.date(2024, 4, 15),
    )  # fmt: skip
    first = await notices.send_notice(request)
    again = await notices.send_notice(request)
    notices.close()
    events = [r.event for r in store.read_stream(f"obligation/{oid}")]
    failures = [e for e in events if isinstance(e, NotificationFailed)]
    status = get_status(store, oid)
    store.close()
    assert first.failed
    assert again == first
    assert [(f.message_id, f.reason.startswith("550")) for f in failures] == [(first.message_ids[0], True)]
    assert status is not None
    assert status.notifications_failed == 1


async def test_the_weekly_digest_is_sent_once_per_week_with_the_chain_head(tmp_path, sink: SinkHandle):
    settings = _settings(tmp_path, sink.port)
    store = EventStore.open(settings.effective_database_url)
    for participant in ("77", "50"):
        _open(store, participant)
    head = store.head()
    store.close()
    notices = NoticeActivities(settings)
    monday = dt.datetime(2024, 1, 15, 6, tzinfo=dt.UTC)
    first = await notices.send_digest(DigestRequest(kind=DigestKind.WEEKLY, at=monday))
    later = monday + dt.timedelta(hours=1)
    again = await notices.send_digest(DigestRequest(kind=DigestKind.WEEKLY, at=later))
    notices.close()
    [digest] = list(mailbox.Maildir(sink.maildir, create=False))
    text = digest.get_payload()[0].get_payload(decode=True).decode()
    assert len(first.message_ids) == 1
    assert again.message_ids == ()
    assert "Обязательства по состояниям (всего 2)" in text
    assert "Участники без контактного адреса (2)" in text
    assert head is not None
    assert f"{head[0]}:{head[1]}" in text
