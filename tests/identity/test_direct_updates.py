"""Updates sent straight to Temporal, around the CLI (as `temporal workflow update` or an SDK script
would): the real worker rejects each one that is not signed by a registered, live key of a user
holding the role, and nothing reaches the event store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fixtures_identity import TESTER_NAME
from fixtures_temporal import make_terms, stream_types, until_recorded
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError

from activities.cycle import start_obligation
from config.settings import load_settings
from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind
from domain.obligation.requests import ReviewRequest
from domain.obligation.states import ObligationState
from domain.obligation.terms import ObligationTerms
from eci import actions
from eci.identity import directory
from eci.identity.keys import SigningKey
from eci.identity.principal import os_login, signed_in
from eci.identity.signing import sign_request
from store.event_store import EventStore

pytestmark = [pytest.mark.temporal, pytest.mark.usefixtures("running_worker")]

COORDINATOR = Actor.parse("coordinator")


@pytest.fixture
async def under_review(temporal_client: Client, temporal_env: str, tmp_path: Path) -> ObligationTerms:
    """An obligation whose region has submitted a document through the CLI's path (signed)."""
    terms = make_terms(dt.datetime.now(dt.UTC), measure=9)
    assert await start_obligation(temporal_client, temporal_env, terms)
    await until_recorded(terms, "ObligationOpened")
    order = tmp_path / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number="7-п", date=dt.date(2026, 11, 2), issuer="Минздрав"
    )
    upload = actions.DocumentUpload(details=details, path=order)
    region = Actor.parse(f"region:{terms.participant}")
    await actions.submit(load_settings(), region, terms.obligation_id, [upload])
    return terms


async def send_accept(client: Client, terms: ObligationTerms, request: ReviewRequest) -> None:
    handle: WorkflowHandle[object, object] = client.get_workflow_handle(terms.workflow_id)
    await handle.execute_update("accept", request, rpc_timeout=dt.timedelta(seconds=20))


async def refused(client: Client, terms: ObligationTerms, request: ReviewRequest, reason: str) -> None:
    """The update is rejected for `reason` and the obligation's stream is as it was."""
    before = stream_types(terms)
    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await send_accept(client, terms, request)
    assert reason in str(caught.value.cause)
    assert stream_types(terms) == before == ["ObligationOpened", "DocumentSubmitted"]
    progress = await actions.obligation_progress(load_settings(), terms.obligation_id)
    assert progress.state is ObligationState.SUBMITTED


def own_key() -> SigningKey:
    """The signed-in tester's own key (made and registered by the submission)."""
    return signed_in(load_settings()).key


async def test_an_unsigned_update_is_rejected_and_nothing_is_recorded(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    request = ReviewRequest(actor=COORDINATOR, reason="принято")
    await refused(temporal_client, under_review, request, "запрос не подписан")


async def test_a_key_nobody_registered_is_rejected(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    stranger = SigningKey(os_login(), Ed25519PrivateKey.generate())
    request = sign_request(stranger, "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR))
    await refused(temporal_client, under_review, request, f"ключ {stranger.key_id} не зарегистрирован")


async def test_a_registered_key_signing_in_another_users_name_is_rejected(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    settings = load_settings()
    with EventStore.open(settings.effective_database_url) as store:
        admin = directory.read_users(store)[os_login()]
        directory.add_user(store, admin, "petrova", "Петрова А. В.", ["coordinator"])
    borrowed = SigningKey("petrova", own_key().private)
    request = sign_request(borrowed, "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR))
    await refused(temporal_client, under_review, request, "не зарегистрирован за пользователем «petrova»")


async def test_a_field_changed_after_signing_is_rejected(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    request = sign_request(
        own_key(), "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR, reason="ок")
    )
    tampered = request.model_copy(update={"reason": "принято без замечаний"})
    await refused(temporal_client, under_review, tampered, "подпись не соответствует запросу")
    # The same signature over another action or obligation does not carry over either.
    handle: WorkflowHandle[object, object] = temporal_client.get_workflow_handle(under_review.workflow_id)
    with pytest.raises(WorkflowUpdateFailedError) as caught:
        await handle.execute_update("waive", request)
    assert "подпись не соответствует запросу" in str(caught.value.cause)
    assert stream_types(under_review) == ["ObligationOpened", "DocumentSubmitted"]


async def test_a_signature_from_long_ago_is_rejected(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    an_hour_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    request = sign_request(
        own_key(), "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR), an_hour_ago
    )
    await refused(temporal_client, under_review, request, "слишком давно")


async def test_a_revoked_key_is_rejected(temporal_client: Client, under_review: ObligationTerms) -> None:
    settings = load_settings()
    key = own_key()
    with EventStore.open(settings.effective_database_url) as store:
        me = directory.read_users(store)[os_login()]
        directory.revoke_key(store, me, me.login, key.key_id, "ноутбук утерян")
    request = sign_request(key, "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR))
    await refused(temporal_client, under_review, request, "отозван раньше, чем подписал запрос")


async def test_a_role_taken_away_counts_for_the_very_next_update(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    # The submission just made had the worker read the users; the change after it must show at once.
    settings = load_settings()
    with EventStore.open(settings.effective_database_url) as store:
        me = directory.read_users(store)[os_login()]
        directory.add_user(store, me, me.login, me.name, [r for r in me.roles if r != "coordinator"])
    request = sign_request(own_key(), "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR))
    not_held = f"у пользователя «{os_login()}» нет роли «coordinator»"
    await refused(temporal_client, under_review, request, not_held)


async def test_a_user_without_the_role_is_rejected_though_the_signature_is_good(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    settings = load_settings()
    auditor_key = SigningKey("kuznetsova", Ed25519PrivateKey.generate())
    with EventStore.open(settings.effective_database_url) as store:
        admin = directory.read_users(store)[os_login()]
        auditor = directory.add_user(store, admin, "kuznetsova", "Кузнецова Е. П.", ["auditor"])
        directory.register_key(store, auditor, auditor_key.key_id, auditor_key.public_b64)
    oid = under_review.obligation_id
    request = sign_request(auditor_key, "accept", oid, ReviewRequest(actor=COORDINATOR))
    not_held = "у пользователя «kuznetsova» нет роли «coordinator»"
    await refused(temporal_client, under_review, request, not_held)


async def test_a_properly_signed_update_is_accepted_and_names_the_person(
    temporal_client: Client, under_review: ObligationTerms
) -> None:
    key = own_key()
    request = sign_request(key, "accept", under_review.obligation_id, ReviewRequest(actor=COORDINATOR))
    await send_accept(temporal_client, under_review, request)
    with EventStore.open(load_settings().effective_database_url) as store:
        accepted = store.read_stream(under_review.workflow_id)[-1]
    assert accepted.type == "SubmissionAccepted"
    assert accepted.metadata.login == os_login()
    assert accepted.metadata.name == TESTER_NAME
    assert accepted.metadata.signature is not None
    assert accepted.metadata.signature.key_id == key.key_id
