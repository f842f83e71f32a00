"""Which of the obligation workflow's changes a run takes as given, without asking `workflow.patched`.

A patch asked for the first time in a run records a marker and, since Temporal core upserts
`TemporalChangeVersion` on every new patch, a search-attribute upsert too: two history events and a
visibility write per patch and run. The two patches of signed updates, asked on a run's first update,
cost the dev server about a tenth of its work per update (bench_workflows), and the four asked at the
opening weigh on every opening alike. A run started by code that already had these changes has no older
behaviour to be told apart from: its terms carry the revision it was started at
(`ObligationTerms.revision`), it takes every change of that revision, and its history holds no marker.

Runs started before revisions existed (no revision in their recorded input: 0) ask each patch as they
always did, so their histories replay unchanged, and so do runs of a revision on the changes it lacks.
A new change goes behind its own `workflow.patched` call; once it is in every run started, list it in a
new revision and raise `domain.obligation.terms.CURRENT_REVISION` to it.
"""

from __future__ import annotations

from temporalio import workflow

# Every patch of the obligation workflow as of revision 1 (the names the modules ask `patched` for).
REVISION_1 = frozenset(
    {
        "updates-wait-for-opening",  # workflows.opening_gate
        "record-as-local-activity",  # workflows.obligation_steps
        "signed-updates",  # workflows.obligation_steps
        "signer-checked-on-record",  # workflows.obligation_steps
        "close-when-closed-while-sending",  # workflows.obligation
        "continue-as-new",  # workflows.continuation
    }
)
_TAKEN: dict[int, frozenset[str]] = {1: REVISION_1}


def takes(revision: int, patch: str) -> bool:
    """Whether the run takes the change behind `patch`: as given when its revision includes it, else as
    `workflow.patched` answers (True in a live run, recording the marker; in replay, as recorded)."""
    if patch in _TAKEN.get(revision, frozenset()):
        return True
    return workflow.patched(patch)
