"""Reply tokens: an emailed reply names its obligation only with a MAC made for its sender."""

from __future__ import annotations

import pytest

from domain.intake.token import (
    IntakeKey,
    TokenError,
    can_carry_token,
    make_token,
    read_token,
    reply_address,
    token_of,
)
from domain.obligation.id import ObligationId

OLD = IntakeKey("k1", b"a" * 32)
NEW = IntakeKey("k2", b"b" * 32)
OBLIGATION = ObligationId.parse("2026/02/12")
OFFICIAL = "official@minsoc.example.ru"
INTAKE = "sdacha@minzdrav.example"


def test_a_reply_to_the_address_names_the_obligation_for_its_recipient() -> None:
    address = reply_address(INTAKE, make_token(OBLIGATION, OFFICIAL, NEW))
    assert address.startswith("sdacha+2026-02-12.k2.")
    assert len(address.split("@")[0]) <= 64
    token = token_of(address.upper(), INTAKE)  # servers may fold the case of the local part
    assert token is not None
    assert read_token(token, "Official@MinSoc.example.ru", {"k1": OLD, "k2": NEW}) == OBLIGATION


def test_a_token_copied_to_another_mailbox_proves_nothing() -> None:
    token = make_token(OBLIGATION, OFFICIAL, NEW)
    with pytest.raises(TokenError, match="не подтверждается"):
        read_token(token, "someone@else.example", {"k2": NEW})


def test_a_token_for_another_obligation_fails_its_mac() -> None:
    token = make_token(OBLIGATION, OFFICIAL, NEW).replace("2026-02-12", "2026-03-12")
    with pytest.raises(TokenError, match="не подтверждается"):
        read_token(token, OFFICIAL, {"k2": NEW})


def test_an_old_key_verifies_until_it_is_removed() -> None:
    token = make_token(OBLIGATION, OFFICIAL, OLD)
    assert read_token(token, OFFICIAL, {"k1": OLD, "k2": NEW}) == OBLIGATION
    with pytest.raises(TokenError, match="больше не действует"):
        read_token(token, OFFICIAL, {"k2": NEW})


@pytest.mark.parametrize("token", ["", "2026-02-12", "2026-02-12.k1.zz", "../../etc", "2026-02-12.K1.0"])
def test_a_malformed_token_is_refused(token: str) -> None:
    with pytest.raises(TokenError, match="повреждён"):
        read_token(token, OFFICIAL, {"k1": OLD})


def test_only_mail_to_the_intake_carries_a_token() -> None:
    assert token_of("sdacha@minzdrav.example", INTAKE) is None
    assert token_of("other+2026-02-12.k1.00@minzdrav.example", INTAKE) is None
    assert token_of("sdacha+x@elsewhere.example", INTAKE) is None


def test_federal_obligations_carry_no_token() -> None:
    federal = ObligationId.parse("2026/30/Минтруд России")
    assert not can_carry_token(federal)
    with pytest.raises(ValueError, match="no reply token"):
        make_token(federal, OFFICIAL, NEW)


def test_weak_secrets_and_odd_key_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        IntakeKey("k1", b"short")
    with pytest.raises(ValueError, match="key id"):
        IntakeKey("K 1", b"a" * 32)
