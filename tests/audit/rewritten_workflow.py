"""The obligation workflow as a careless rewrite might leave it: it records nothing and just waits.

Kept in a module of its own so the workflow sandbox imports nothing but Temporal and the domain.
"""

from __future__ import annotations

import datetime as dt

from temporalio import workflow

from workflows.names import OBLIGATION_WORKFLOW

with workflow.unsafe.imports_passed_through():
    from domain.obligation.terms import ObligationTerms


@workflow.defn(name=OBLIGATION_WORKFLOW)
class RewrittenObligationWorkflow:
    """Same name, different steps."""

    @workflow.run
    async def run(self, terms: ObligationTerms) -> None:
        """Wait without recording anything."""
        await workflow.wait_condition(lambda: False, timeout=dt.timedelta(days=400))
