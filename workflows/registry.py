"""The workflows a worker runs."""

from __future__ import annotations

from workflows.checkpoint import CheckpointWorkflow
from workflows.cycle import CycleWorkflow
from workflows.digest import DigestWorkflow
from workflows.obligation import ObligationWorkflow

WORKFLOWS: list[type] = [ObligationWorkflow, CycleWorkflow, DigestWorkflow, CheckpointWorkflow]
