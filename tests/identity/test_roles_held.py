"""Roles are held, not claimed: a registered user without `coordinator` cannot accept, waive or extend
a submission under review on a real worker, whether or not they type `--as coordinator`, and the
refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_invoke import Outcome, run_eci, submit_order
from fixtures_temporal import make_terms, start_recorded

from config.settings import load_settings
from domain.obligation.rules import ACTIONS_RU
from domain.obligation.terms import ObligationTerms
from eci.identity import directory
from eci.identity.principal import signed_in
from store.event_store import EventStore

pytestmark = pytest.mark.temporal

Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    return lambda *args: run_eci([str(a) for a in args], capsys, monkeypatch)


@pytest.fixture
def under_review(eci: Eci, worker_env: dict[str, str], tmp_path: Path) -> ObligationTerms:
    """An obligation a region submitted to (through the CLI, on the module's worker process)."""
    terms = make_terms(dt.datetime.now(dt.UTC), measure=9)
    start_recorded(terms)
    submitted = submit_order(eci, terms.obligation_id, terms.participant, tmp_path)
    assert submitted.code == 0, submitted.err
    return terms


def only_auditor() -> str:
    """Re-register the OS user with `auditor` as the single role that acts (an admin changing their
    roles; `admin` stays, acting on no obligation, so the next test's fixture may restore the rest)."""
    settings = load_settings()
    with EventStore.open(settings.effective_database_url) as store:
        me = signed_in(settings, store)
        directory.add_user(store, me, me.login, me.user.name, ["auditor", "admin"])
    return me.login


def log_head() -> tuple[int, str] | None:
    with EventStore.open(load_settings().effective_database_url) as store:
        return store.head()


REVIEWS = {
    "accept": ("accept", "{oid}"),
    "waive": ("waive", "{oid}", "--reason", "не применяется"),
    "extend": ("extend", "{oid}", "--until", "2027-12-30", "--reason", "по письму региона"),
}


@pytest.mark.parametrize("claimed", [None, "coordinator"])
@pytest.mark.parametrize("review", sorted(REVIEWS))
def test_a_user_without_coordinator_cannot_review_and_nothing_is_written(
    eci: Eci, under_review: ObligationTerms, review: str, claimed: str | None
) -> None:
    login = only_auditor()
    head = log_head()
    args = [a.format(oid=under_review.obligation_id) for a in REVIEWS[review]]
    if claimed:
        args += ["--as", claimed]
    result = eci(*args)

    assert result.code == 2
    assert result.err.count("\n") == 1
    if claimed:
        assert result.err == f"eci: error: у пользователя «{login}» нет роли «coordinator» (координатор)\n"
    else:  # with no --as, the user acts in their own role, which may not review
        assert result.err.startswith(f"eci: error: только координатор может {ACTIONS_RU[review]}")
        assert "аудитор не может" in result.err
    assert log_head() == head, "a refused action writes nothing, not even a key"
    with EventStore.open(load_settings().effective_database_url) as store:
        types = [r.type for r in store.read_stream(under_review.workflow_id)]
    assert types == ["ObligationOpened", "DocumentSubmitted"]


def test_an_auditor_still_reads_what_they_may_not_change(eci: Eci, under_review: ObligationTerms) -> None:
    only_auditor()
    listed = eci("status", "--measure", "9", "--region", under_review.participant, "--json")
    assert listed.code == 0, listed.err
    assert under_review.obligation_id in listed.out
    whoami = eci("users", "whoami")
    assert whoami.code == 0
    assert "auditor" in whoami.out
