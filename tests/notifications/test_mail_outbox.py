"""The outbox table (revision 0003_outbox) on SQLite and PostgreSQL: idempotent recording and digests."""

from __future__ import annotations

import datetime as dt

from notifications.outbox import Outbox, OutboxEntry, OutboxStatus
from store.event_store import EventStore

AT = dt.datetime(2024, 3, 1, 6, tzinfo=dt.UTC)


def _entry(
    message_id: str, status: OutboxStatus = OutboxStatus.PENDING, raw: bytes | None = b"bytes"
) -> OutboxEntry:
    return OutboxEntry(
        message_id=message_id, obligation_id="2023/05/77", step=message_id, kind="reminder", status=status,
        recipients=("ivanova@mos.example",), subject="Тема", created_at=AT, raw=raw, digest_key="77",
    )  # fmt: skip


def test_recording_twice_keeps_the_first_bytes_and_marks_survive_reopening(store_url: str) -> None:
    store = EventStore.open(store_url)
    outbox = Outbox(store.engine)
    assert outbox.record(_entry("<a@x>")) == _entry("<a@x>")
    kept = outbox.record(_entry("<a@x>", raw=b"other bytes"))
    outbox.note_attempt("<a@x>", "451 later")
    outbox.mark_sent("<a@x>", AT)
    store.close()

    reopened = EventStore.open(store_url)
    row = Outbox(reopened.engine).get("<a@x>")
    reopened.close()
    assert kept.raw == b"bytes"
    assert row is not None
    assert (row.status, row.raw, row.attempts, row.sent_at, row.last_error) == (
        OutboxStatus.SENT, b"bytes", 1, AT, None,
    )  # fmt: skip


def test_a_digest_takes_each_queued_row_once(store_url: str) -> None:
    store = EventStore.open(store_url)
    outbox = Outbox(store.engine)
    for n in range(3):
        outbox.record(_entry(f"<q{n}@x>", OutboxStatus.QUEUED, raw=None))
    outbox.record_digest(_entry("<d1@x>"), ["<q0@x>", "<q1@x>"])
    outbox.record_digest(_entry("<d2@x>"), ["<q1@x>", "<q2@x>"])
    rows = {m: outbox.get(m) for m in ("<q0@x>", "<q1@x>", "<q2@x>")}
    queued = outbox.by_status(OutboxStatus.QUEUED)
    store.close()
    assert queued == []
    assert {m: r.digest_message_id for m, r in rows.items() if r} == {
        "<q0@x>": "<d1@x>", "<q1@x>": "<d1@x>", "<q2@x>": "<d2@x>",
    }  # fmt: skip
