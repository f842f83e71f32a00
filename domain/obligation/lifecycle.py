"""The obligation's state machine: which state each kind of fact leads to, from each state.

The one place the transitions are written. The status fold (live and imported events alike), the
workflow's progress after each action or timer, and the history import's reading of a row's steps all
ask `next_state`, so they cannot disagree on where an obligation stands.
"""

from __future__ import annotations

from enum import StrEnum

from domain.obligation.states import ObligationState

_S = ObligationState


class Fact(StrEnum):
    """What happened to an obligation, as far as its state is concerned."""

    SUBMITTED = "submitted"  # documents came in (a first submission or a resubmission)
    RETURNED = "returned"  # the coordinator sent the submission back
    ACCEPTED = "accepted"
    WAIVED = "waived"
    DEADLINE_MOVED = "deadline_moved"  # extended by the coordinator or retimed by the catalog's rule
    DEADLINE_MISSED = "deadline_missed"


def next_state(state: ObligationState, fact: Fact) -> ObligationState:
    """The state after `fact`; a final state (accepted, waived) never changes."""
    if state.is_final:
        return state
    if fact is Fact.SUBMITTED:
        return _S.SUBMITTED
    if fact is Fact.RETURNED:
        return _S.RETURNED
    if fact is Fact.ACCEPTED:
        return _S.ACCEPTED
    if fact is Fact.WAIVED:
        return _S.WAIVED
    if fact is Fact.DEADLINE_MOVED:
        # A new due date lifts the overdue state: the participant is on time until it passes.
        return _S.OPEN if state is _S.OVERDUE else state
    # A missed deadline: a submission under review stays under review (the delay is the reviewer's).
    return state if state is _S.SUBMITTED else _S.OVERDUE
