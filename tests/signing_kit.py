"""Signed updates for tests that talk to a workflow directly: a test key, and a stand-in signer check
that knows only that key (as the worker's check knows only the keys registered in the store)."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from temporalio import activity
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.eventing.record_request import RecordRequest
from domain.identity.signer import Signer, SignerCheck
from domain.obligation.requests import SignedRequest
from eci.identity.keys import SigningKey
from eci.identity.signing import sign_request
from workflows.names import CHECK_SIGNER_ACTIVITY, SIGNER_REFUSED

R = TypeVar("R", bound=SignedRequest)

TEST_KEY = SigningKey("tester", Ed25519PrivateKey.generate())
TEST_NAME = "Тестова Т. Т."


def signed(
    action: str,
    obligation_id: str,
    request: R,
    at: dt.datetime | None = None,
    key: SigningKey = TEST_KEY,
    version: int = 0,
) -> R:
    """The request signed by the test key (at `at`, the workflow's clock, on a time-skipping server).

    The stand-in recording (`fixtures_temporal.EventLog`) keeps events wherever their stream is, so the
    version signed for is not checked there; the real worker's is (tests/identity)."""
    return sign_request(key, action, obligation_id, request, at, version=version)


async def signed_now(env: WorkflowEnvironment, action: str, obligation_id: str, request: R) -> R:
    """Signed at the time-skipping server's current time."""
    return signed(action, obligation_id, request, await env.get_current_time())


@activity.defn(name=CHECK_SIGNER_ACTIVITY)
async def check_signer(check: SignerCheck) -> Signer:
    """Accept the test key only."""
    if check.key_id != TEST_KEY.key_id:
        raise ApplicationError(
            f"key {check.key_id} is not registered to {check.login}", type="DomainError", non_retryable=True
        )
    return Signer(login=check.login, name=TEST_NAME)


def vet_signer(request: RecordRequest) -> None:
    """The recording step's signer check, as the stand-in recorders make it: the test key only."""
    check = SignerCheck.of(request.metadata) if request.check_signer else None
    if check is not None and check.key_id != TEST_KEY.key_id:
        raise ApplicationError(
            f"key {check.key_id} is not registered to {check.login}", type=SIGNER_REFUSED, non_retryable=True
        )
