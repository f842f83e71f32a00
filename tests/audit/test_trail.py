"""`eci audit replay|diff|who`: the history as of business time and as known at recording time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci
from fixtures_reports import Story, at

from domain.obligation.plan import get_obligation
from domain.obligation.states import ObligationState
from domain.obligation.status import ObligationStatus
from reports.audit_trail import by_actor, by_actor_in_store, diff, diff_store, replay, replay_store
from reports.source import store_head
from store.documents import DocumentStore
from store.event_store import EventStore
from store.projections import list_statuses

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


def _states(statuses: list[ObligationStatus]) -> dict[str, ObligationState]:
    return {s.id: s.state for s in statuses}


def test_replay_now_equals_the_projection(story_store: EventStore) -> None:
    assert replay(story_store.read_all()) == list_statuses(story_store)


def test_replay_as_of_business_time_shows_what_had_happened(story_store: EventStore) -> None:
    states = _states(replay(story_store.read_all(), as_of=at("2023-06-22")))
    assert states["2023/01/77"] is ObligationState.ACCEPTED
    assert states["2023/01/05"] is ObligationState.SUBMITTED
    assert states["2023/01/78"] is ObligationState.OPEN
    assert replay(story_store.read_all(), as_of=at("2022-12-31")) == []


def test_as_known_at_leaves_out_facts_recorded_later(story_store: EventStore, data_dir: Path) -> None:
    known_before = dt.datetime.now(dt.UTC)
    late = Story(story_store, DocumentStore(data_dir / "documents"))
    late.obligations = {"2023/03/78": get_obligation("2023/03/78")}
    late.submit("2023/03/78", at("2023-05-01"), "78-3")  # a fact of May 2023 recorded today
    business = _states(replay(story_store.read_all(), as_of=at("2023-06-01")))
    knowledge = _states(replay(story_store.read_all(), as_of=at("2023-06-01"), as_known_at=known_before))
    assert business["2023/03/78"] is ObligationState.SUBMITTED
    assert knowledge["2023/03/78"] is ObligationState.OPEN


def test_diff_lists_changed_obligations_with_their_events(story_store: EventStore) -> None:
    changes = diff(story_store.read_all(), at("2023-06-21"), at("2023-07-12"))
    by_id = {c.obligation_id: c for c in changes}
    assert set(by_id) == {"2023/01/05", "2023/01/78"}
    resubmitted = by_id["2023/01/05"]
    assert resubmitted.before is not None
    assert resubmitted.after is not None
    assert (resubmitted.before.state, resubmitted.after.state) == (
        ObligationState.SUBMITTED, ObligationState.ACCEPTED,
    )
    kinds = [e.type for e in resubmitted.events]
    assert kinds == ["SubmissionReturned", "DocumentSubmitted", "SubmissionAccepted"]


def test_who_lists_only_the_actors_events(story_store: EventStore) -> None:
    lines = by_actor(story_store.read_all(), "region:05")
    assert [(line.stream, line.type) for line in lines] == [
        ("obligation/2023/01/05", "DocumentSubmitted"), ("obligation/2023/01/05", "DocumentSubmitted"),
    ]
    regions = {line.actor for line in by_actor(story_store.read_all(), "region")}
    assert regions == {"region:77", "region:78", "region:05"}


def test_cli_replay_json_names_the_head_and_every_obligation(story_store: EventStore, eci: Eci) -> None:
    done = eci("audit", "replay", "--as-of", "2023-06-05", "--json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["count"] == len(list_statuses(story_store))
    states = {o["id"]: o["state"] for o in data["obligations"]}
    assert states["2023/01/77"] == "submitted"
    assert data["head"].split(":")[0] == str(max(e.position for e in story_store.read_all()))


def test_cli_diff_and_who_print_tables_and_json(story_store: EventStore, eci: Eci) -> None:
    table = eci("audit", "diff", "--from", "2023-06-21", "--to", "2023-07-12")
    assert table.code == 0
    assert "2023/01/05" in table.out
    assert "принято" in table.out
    listed = json.loads(eci("audit", "who", "coordinator", "--json").out)
    assert {e["type"] for e in listed} == {"SubmissionAccepted", "SubmissionReturned", "ObligationWaived"}


def test_cli_rejects_a_malformed_instant_and_a_reversed_interval(story_store: EventStore, eci: Eci) -> None:
    bad = eci("audit", "replay", "--as-of", "вчера")
    assert bad.code != 0
    assert bad.err.startswith("eci: error: «вчера» — не момент времени")
    reversed_ = eci("audit", "diff", "--from", "2023-07-01", "--to", "2023-06-01")
    assert reversed_.code != 0
    assert reversed_.err == "eci: error: --to раньше, чем --from\n"
    unknown = eci("audit", "who", "nobody")
    assert unknown.code != 0
    assert unknown.err.startswith("eci: error: неизвестный участник или пользователь «nobody»")


@pytest.mark.parametrize("as_of", [None, "2023-01-10", "2023-06-22", "2023-07-12"])
def test_replay_from_the_store_filters_in_sql_exactly_as_the_fold(
    story_store: EventStore, as_of: str | None
) -> None:
    instant = None if as_of is None else at(as_of, 23)
    statuses, head = replay_store(story_store, instant)
    assert statuses == replay(story_store.read_all(), as_of=instant)
    assert head == store_head(story_store)
    known = dt.datetime.now(dt.UTC)
    assert replay_store(story_store, instant, known)[0] == statuses
    assert replay_store(story_store, instant, at("2023-01-01"))[0] == []


@pytest.mark.parametrize("actor", ["region:05", "region", "coordinator", "system", "auditor"])
def test_who_from_the_store_equals_the_filter_over_all_events(story_store: EventStore, actor: str) -> None:
    assert by_actor_in_store(story_store, actor) == by_actor(story_store.read_all(), actor)


@pytest.mark.parametrize("by_recording", [False, True])
def test_diff_from_the_store_equals_the_diff_over_all_events(
    story_store: EventStore, by_recording: bool
) -> None:
    if by_recording:  # everything was recorded when the story was told, just now
        start, end = at("2023-01-01"), dt.datetime.now(dt.UTC)
    else:
        start, end = at("2023-06-21"), at("2023-07-12")
    expected = diff(story_store.read_all(), start, end, by_recording=by_recording)
    assert diff_store(story_store, start, end, by_recording=by_recording) == expected
    assert expected
