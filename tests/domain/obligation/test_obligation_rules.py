"""Who may act on an obligation in which state, and what each action leaves behind."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.obligation import rules as rules
from domain.obligation.events import Milestone
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import ExtendRequest, ReviewRequest, SubmitRequest
from domain.obligation.states import ObligationState
from domain.obligation.terms import Deadline, ObligationTerms

NOW = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)
COORD = Actor.parse("coordinator")
REGION = Actor.parse("region:77")


def terms(milestones: tuple[Milestone, ...] = ()) -> ObligationTerms:
    deadline = Deadline(
        due=dt.date(2025, 3, 1),
        effective_due=dt.date(2025, 3, 3),
        missed_at=dt.datetime(2025, 3, 3, 21, tzinfo=dt.UTC),
    )
    return ObligationTerms(
        obligation_id="2025/05/77",
        cycle=2025,
        measure=5,
        participant="77",
        district="central",
        deadline=deadline,
        milestones=milestones,
    )


def document() -> SubmittedDocument:
    return SubmittedDocument(
        details=DocumentDetails(
            kind=DocumentKind.ORDER, number="12-п", date=dt.date(2025, 2, 1), issuer="Минздрав"
        ),
        file=StoredFile(sha256="a" * 64, size=10, media_type="application/pdf", filename="order.pdf"),
    )


def submit(actor: Actor = REGION, milestone: str | None = None) -> SubmitRequest:
    return SubmitRequest(actor=actor, documents=(document(),), milestone=milestone)


def opened(t: ObligationTerms | None = None) -> ObligationProgress:
    return ObligationProgress.opening(t or terms(), NOW)


def test_region_submits_its_own_obligation_and_it_awaits_review() -> None:
    t, p = terms(), opened()
    rules.check_submit(t, p, submit())
    after = rules.after_submit(p, submit(), NOW)
    assert after.state is ObligationState.SUBMITTED
    assert after.submissions == 1
    assert after.submitted_at == NOW


@pytest.mark.parametrize(
    ("actor", "message"),
    [
        (Actor.parse("region:50"), "не может представлять"),
        (Actor.parse("auditor"), "аудитор ничего не изменяет"),
    ],
)
def test_another_region_or_an_auditor_cannot_submit(actor: Actor, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        rules.check_submit(terms(), opened(), submit(actor))


def test_a_second_submission_waits_for_the_review_of_the_first() -> None:
    p = rules.after_submit(opened(), submit(), NOW)
    with pytest.raises(DomainError, match="уже на проверке"):
        rules.check_submit(terms(), p, submit())


@pytest.mark.parametrize("actor", [REGION, Actor.parse("auditor")])
def test_only_the_coordinator_reviews(actor: Actor) -> None:
    p = rules.after_submit(opened(), submit(), NOW)
    with pytest.raises(DomainError, match="только координатор"):
        rules.check_accept(terms(), p, ReviewRequest(actor=actor))


def test_nothing_to_accept_before_a_submission() -> None:
    with pytest.raises(DomainError, match="принимать нечего"):
        rules.check_accept(terms(), opened(), ReviewRequest(actor=COORD))


def test_return_needs_a_reason_and_leads_back_to_the_region() -> None:
    p = rules.after_submit(opened(), submit(), NOW)
    with pytest.raises(DomainError, match="нужна причина"):
        rules.check_return(terms(), p, ReviewRequest(actor=COORD, reason="  "))
    after = rules.after_return(p, "нет подписи", NOW)
    assert after.state is ObligationState.RETURNED
    rules.check_submit(terms(), after, submit())


def test_accepted_obligation_takes_nothing_more() -> None:
    p = rules.after_accept(rules.after_submit(opened(), submit(), NOW), NOW)
    with pytest.raises(DomainError, match="уже принято"):
        rules.check_submit(terms(), p, submit())
    with pytest.raises(DomainError, match="уже принято"):
        rules.check_waive(terms(), p, ReviewRequest(actor=COORD, reason="x"))


def test_extension_must_move_the_due_date_later() -> None:
    t, p = terms(), opened()
    earlier = t.deadline.model_copy(update={"due": dt.date(2025, 2, 1), "effective_due": dt.date(2025, 2, 3)})
    with pytest.raises(DomainError, match="должен быть позже"):
        rules.check_extend(t, p, ExtendRequest(actor=COORD, deadline=earlier, reason="просьба региона"))


def test_extension_reopens_an_overdue_obligation() -> None:
    t = terms()
    p = opened().model_copy(update={"state": ObligationState.OVERDUE, "missed": True})
    later = t.deadline.model_copy(update={"due": dt.date(2025, 6, 1), "effective_due": dt.date(2025, 6, 2)})
    request = ExtendRequest(actor=COORD, deadline=later, reason="просьба региона")
    rules.check_extend(t, p, request)
    after = rules.after_extend(p, request, NOW)
    assert after.state is ObligationState.OPEN
    assert not after.missed
    assert after.deadline.due == dt.date(2025, 6, 1)


def test_staged_measure_is_accepted_only_with_every_stage_in() -> None:
    t = terms(
        (
            Milestone(label="I этап", due=dt.date(2025, 2, 1)),
            Milestone(label="II этап", due=dt.date(2025, 3, 1)),
        )
    )
    p = opened(t)
    with pytest.raises(DomainError, match="укажите этап"):
        rules.check_submit(t, p, submit())
    p = rules.after_submit(p, submit(milestone="I этап"), NOW)
    with pytest.raises(DomainError, match="нет документов по этапам: «II этап»"):
        rules.check_accept(t, p, ReviewRequest(actor=COORD))
    rules.check_submit(t, p, submit(milestone="II этап"))
    p = rules.after_submit(p, submit(milestone="II этап"), NOW)
    rules.check_accept(t, p, ReviewRequest(actor=COORD))


def test_returned_stages_count_as_not_submitted() -> None:
    t = terms((Milestone(label="I этап", due=dt.date(2025, 2, 1)),))
    p = rules.after_return(rules.after_submit(opened(t), submit(milestone="I этап"), NOW), "нет печати", NOW)
    assert p.staged == ()


def test_event_ids_are_stable_per_step_and_distinct_per_run() -> None:
    first = rules.step_event_id("obligation/2025/05/77", "run-1", "submit-1")
    assert first == rules.step_event_id("obligation/2025/05/77", "run-1", "submit-1")
    assert first != rules.step_event_id("obligation/2025/05/77", "run-2", "submit-1")
    assert first != rules.step_event_id("obligation/2025/05/77", "run-1", "submit-2")


def test_extension_within_the_same_effective_due_date_is_refused() -> None:
    t = terms()  # due Saturday 2025-03-01, effective Monday 2025-03-03
    sunday = t.deadline.model_copy(update={"due": dt.date(2025, 3, 2), "effective_due": dt.date(2025, 3, 3)})
    with pytest.raises(DomainError, match="всё равно истекает 03.03.2025"):
        rules.check_extend(t, opened(), ExtendRequest(actor=COORD, deadline=sunday, reason="выходной"))
