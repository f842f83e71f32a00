"""The append's fast constructor builds the same recorded event as the dataclass's own."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest

from domain.actors import SYSTEM
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import SubmissionAccepted
from store.records import RecordedEvent, recorded_event


def test_fast_constructor_fills_every_field_in_order() -> None:
    at = dt.datetime(2024, 1, 9, tzinfo=dt.UTC)
    values = (
        7, uuid.uuid4(), "obligation/2023/05/77", 3, "SubmissionAccepted", 1,
        SubmissionAccepted(obligation_id="2023/05/77"), EventMetadata.for_actor(SYSTEM), at,
        at + dt.timedelta(seconds=1), "0" * 64, "f" * 64,
    )  # fmt: skip
    fast = recorded_event(*values)
    assert fast == RecordedEvent(*values)
    assert dataclasses.astuple(fast) == dataclasses.astuple(RecordedEvent(*values))


def test_fast_constructed_event_is_still_frozen() -> None:
    at = dt.datetime(2024, 1, 9, tzinfo=dt.UTC)
    fast = recorded_event(
        1, uuid.uuid4(), "s", 1, "t", 1, SubmissionAccepted(obligation_id="2023/05/77"),
        EventMetadata.for_actor(SYSTEM), at, at, "0" * 64, "1" * 64,
    )  # fmt: skip
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.position = 2  # type: ignore[misc]
