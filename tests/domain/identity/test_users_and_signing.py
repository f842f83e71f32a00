"""The pure rules of identity: the users fold, who may sign for which actor, the signer verdict, and
the text a signature covers (any change to a signed field changes it)."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.actors import Actor
from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.errors import DomainError
from domain.eventing.base import DomainEvent
from domain.identity.events import UserAdded, UserKeyRegistered, UserKeyRevoked, UserRemoved, user_stream
from domain.identity.signer import SignerCheck, verdict
from domain.identity.users import check_login, check_role, fold_users, key_id_of, may_sign_for
from domain.obligation.requests import ReviewRequest, SubmitRequest
from domain.obligation.signing import signing_text

T0 = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
KEY_A = "a" * 16
KEY_B = "b" * 16


def at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def added(login: str, *roles: str) -> UserAdded:
    return UserAdded(obligation_id=user_stream(login), login=login, name=login.title(), roles=roles)


def key(login: str, key_id: str) -> UserKeyRegistered:
    return UserKeyRegistered(obligation_id=user_stream(login), login=login, key_id=key_id, public_key="AA==")


def history() -> list[tuple[DomainEvent, dt.datetime]]:
    return [
        (added("petrova", "coordinator"), at(0)),
        (key("petrova", KEY_A), at(1)),
        (added("official77", "region:77"), at(1)),
        (added("intake", "intake"), at(1)),
        (key("petrova", KEY_B), at(5)),
        (
            UserKeyRevoked(obligation_id="users/petrova", login="petrova", key_id=KEY_A, revoked_at=at(6)),
            at(6),
        ),
    ]


def test_the_fold_keeps_each_key_with_the_span_it_signs_in() -> None:
    petrova = fold_users(history())["petrova"]
    old, new = petrova.keys
    assert (old.key_id, old.registered_at, old.revoked_at) == (KEY_A, at(1), at(6))
    assert new.revoked_at is None
    assert petrova.current_key == new
    assert old.valid_at(at(3))
    assert not old.valid_at(at(6)), "revoked from its revocation time on"
    assert not old.valid_at(at(0)), "not before it was registered"


def test_a_key_registered_twice_keeps_its_first_registration() -> None:
    users = fold_users([*history(), (key("petrova", KEY_B), at(9))])
    assert [k.registered_at for k in users["petrova"].keys] == [at(1), at(5)]


def test_a_removed_user_is_kept_flagged_with_every_key_revoked_at_removal() -> None:
    users = fold_users([*history(), (UserRemoved(obligation_id="users/petrova", login="petrova"), at(8))])
    petrova = users["petrova"]
    assert petrova.removed
    assert [k.revoked_at for k in petrova.keys] == [at(6), at(8)]
    assert not may_sign_for(petrova, Actor.parse("coordinator"), by_mail=False)


def test_re_adding_a_user_replaces_roles_and_keeps_keys() -> None:
    users = fold_users([*history(), (added("petrova", "auditor"), at(7))])
    assert users["petrova"].roles == ("auditor",)
    assert users["petrova"].added_at == at(0)
    assert len(users["petrova"].keys) == 2


def test_events_for_a_login_never_added_are_ignored() -> None:
    assert fold_users([(key("ghost", KEY_A), at(0))]) == {}


def test_only_the_intake_signs_for_a_region_by_mail_and_only_a_coordinator_for_the_system() -> None:
    users = fold_users(history())
    region = Actor.parse("region:77")
    assert may_sign_for(users["official77"], region, by_mail=False)
    assert not may_sign_for(users["official77"], Actor.parse("region:50"), by_mail=False)
    assert may_sign_for(users["intake"], region, by_mail=True)
    assert not may_sign_for(users["intake"], region, by_mail=False), "the intake signs only what mail brought"
    assert may_sign_for(users["petrova"], Actor.parse("system"), by_mail=False)
    assert not may_sign_for(users["official77"], Actor.parse("system"), by_mail=False)
    assert not may_sign_for(users["official77"], Actor.parse("coordinator"), by_mail=False)


def test_the_default_role_is_the_review_role_when_held() -> None:
    users = fold_users(
        [(added("both", "region:77", "coordinator", "admin"), at(0)), (added("a", "admin"), at(0))]
    )
    assert users["both"].default_role() == "coordinator"
    with pytest.raises(DomainError, match="нет роли, которая действует с обязательствами"):
        users["a"].default_role()


def check(key_id: str = KEY_B, signed_at: dt.datetime = at(7), actor: str = "coordinator") -> SignerCheck:
    return SignerCheck(login="petrova", key_id=key_id, actor=actor, signed_at=signed_at.isoformat())


def test_the_verdict_names_the_person_for_a_live_registered_key_of_a_role_holder() -> None:
    signer = verdict(fold_users(history()), check())
    assert (signer.login, signer.name) == ("petrova", "Petrova")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        (SignerCheck(login="nobody", key_id=KEY_A, actor="coordinator", signed_at=at(7).isoformat()),
         "«nobody» не зарегистрирован как пользователь"),
        (check(key_id="c" * 16), f"ключ {'c' * 16} не зарегистрирован за пользователем «petrova»"),
        (check(key_id=KEY_A), f"ключ {KEY_A} пользователя «petrova» отозван раньше, чем подписал"),
        (check(actor="auditor"), "у пользователя «petrova» нет роли «auditor»"),
    ],
)  # fmt: skip
def test_the_verdict_refuses_naming_why(case: SignerCheck, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        verdict(fold_users(history()), case)


def test_a_key_signs_what_it_signed_before_its_revocation() -> None:
    assert verdict(fold_users(history()), check(key_id=KEY_A, signed_at=at(3))).login == "petrova"


@pytest.mark.parametrize("role", ["admin", "coordinator", "auditor", "intake", "region:77", " region:01 "])
def test_roles_of_the_tracker_are_accepted(role: str) -> None:
    assert check_role(role) == role.strip()


@pytest.mark.parametrize("login", ["", "1abc", "a b", "a/b", "x" * 65])
def test_logins_the_os_would_not_make_are_refused(login: str) -> None:
    with pytest.raises(DomainError, match="недопустимая учётная запись"):
        check_login(login)


def test_a_key_id_is_the_start_of_the_keys_sha256() -> None:
    assert key_id_of(bytes(32)) == "66687aadf862bd77"


def submission(number: str = "12-п", sha: str = "0" * 64) -> SubmitRequest:
    details = DocumentDetails(
        kind=DocumentKind.ORDER, number=number, date=dt.date(2027, 2, 10), issuer="Минздрав"
    )
    stored = StoredFile(sha256=sha, size=3, media_type="application/pdf", filename="p.pdf")
    return SubmitRequest(
        actor=Actor.parse("region:77"), documents=(SubmittedDocument(details=details, file=stored),)
    )


def test_the_signed_text_is_canonical_and_names_everything_the_action_asks() -> None:
    text = signing_text("submit", "2027/02/77", submission(), "official77", at(0))
    assert text.startswith('{"action":"submit","actor":"region:77","at":"2026-03-01T09:00:00+00:00"')
    assert '"number":"12-п"' in text, "UTF-8 text, not escapes"
    assert " " not in text.replace("12-п", "")


@pytest.mark.parametrize(
    "other",
    [
        ("accept", "2027/02/77", submission(), "official77", at(0)),
        ("submit", "2027/02/78", submission(), "official77", at(0)),
        ("submit", "2027/02/77", submission(number="13-п"), "official77", at(0)),
        ("submit", "2027/02/77", submission(sha="1" * 64), "official77", at(0)),
        ("submit", "2027/02/77", submission(), "petrova", at(0)),
        ("submit", "2027/02/77", submission(), "official77", at(1)),
    ],
)
def test_any_signed_field_changed_changes_the_text(other: tuple[object, ...]) -> None:
    base = signing_text("submit", "2027/02/77", submission(), "official77", at(0))
    assert signing_text(*other) != base  # type: ignore[arg-type]


def test_a_review_reason_is_signed_and_an_unknown_action_refused() -> None:
    coordinator = Actor.parse("coordinator")
    plain = signing_text("return", "x", ReviewRequest(actor=coordinator, reason="нет подписи"), "p", at(0))
    other = signing_text("return", "x", ReviewRequest(actor=coordinator, reason="нет печати"), "p", at(0))
    assert plain != other
    with pytest.raises(ValueError, match="unknown action"):
        signing_text("delete", "x", ReviewRequest(actor=coordinator), "p", at(0))
