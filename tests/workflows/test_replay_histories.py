"""Recorded histories replay against today's workflow code: a change that breaks determinism fails here.

The histories of every earlier release stay (`v1-…`, `v2-…`, …): each stands for workflows that may still
be running on the server when the new code is deployed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.worker import Replayer

from workflows import continuation
from workflows.registry import WORKFLOWS

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))


@pytest.fixture
def history(request: pytest.FixtureRequest) -> WorkflowHistory:
    path: Path = request.param
    return WorkflowHistory.from_json(f"replay/{path.stem}", path.read_text(encoding="utf-8"))


def test_histories_are_committed() -> None:
    assert len(HISTORIES) >= 3


def test_histories_of_earlier_releases_are_kept_beside_a_continued_run() -> None:
    releases = {p.stem.split("-", 1)[0] for p in HISTORIES}
    assert {"v1", "v2", "v3"} <= releases
    assert any(_read(p).events[-1].event_type == CONTINUED for p in HISTORIES)


@pytest.mark.parametrize("history", HISTORIES, ids=[p.stem for p in HISTORIES], indirect=True)
async def test_recorded_history_replays_without_nondeterminism(history: WorkflowHistory) -> None:
    replayer = Replayer(workflows=WORKFLOWS, data_converter=pydantic_data_converter)
    result = await replayer.replay_workflow(history, raise_on_replay_failure=True)
    assert result.replay_failure is None


async def test_moving_the_continue_as_new_bound_breaks_a_recorded_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The bound decides when a run hands over, so changing it is a change of commands like any other:
    # it needs a new patch, and the replay test is what says so.
    handed_over = [p for p in HISTORIES if _read(p).events[-1].event_type == CONTINUED]
    monkeypatch.setattr(continuation, "MAX_HISTORY_EVENTS", 2 * continuation.MAX_HISTORY_EVENTS)
    replayer = Replayer(workflows=WORKFLOWS, data_converter=pydantic_data_converter)
    result = await replayer.replay_workflow(_read(handed_over[0]), raise_on_replay_failure=False)
    assert result.replay_failure is not None


CONTINUED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW


def _read(path: Path) -> WorkflowHistory:
    return WorkflowHistory.from_json(f"replay/{path.stem}", path.read_text(encoding="utf-8"))
