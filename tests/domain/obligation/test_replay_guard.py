"""The replay guard's rules: an action id is taken once; ids whose signatures expired are forgotten, so
the set a long-lived obligation hands over stays small; a request with no id (recorded before ids
existed) passes."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import DomainError
from domain.obligation.replay_guard import SeenActions, stale_message
from domain.obligation.signing import SIGNATURE_WINDOW

T0 = dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_an_action_id_is_taken_once() -> None:
    seen = SeenActions()
    seen.take("принятие отклонено", "a" * 32, T0, T0)
    taken_already = "принятие отклонено: этот подписанный запрос уже исполнен"
    with pytest.raises(DomainError, match=taken_already) as taken:
        seen.check("принятие отклонено", "a" * 32)
    assert taken.value.code == "action_taken"
    with pytest.raises(DomainError, match="уже исполнен"):
        seen.take("возврат отклонён", "a" * 32, T0, T0)
    seen.check("принятие отклонено", "b" * 32)


def test_ids_are_forgotten_once_their_signatures_could_no_longer_pass() -> None:
    seen = SeenActions()
    seen.take("accept", "a" * 32, T0, T0)
    seen.take("accept", "b" * 32, T0 + SIGNATURE_WINDOW, T0 + SIGNATURE_WINDOW)
    seen.take("accept", "c" * 32, T0 + SIGNATURE_WINDOW, T0 + SIGNATURE_WINDOW + dt.timedelta(seconds=1))
    assert [k for k, _ in seen.carried()] == ["b" * 32, "c" * 32]


def test_what_a_run_hands_over_is_what_the_next_refuses() -> None:
    seen = SeenActions()
    seen.take("return", "a" * 32, T0, T0)
    following = SeenActions(seen.carried())
    with pytest.raises(DomainError, match="уже исполнен"):
        following.check("return", "a" * 32)


def test_a_request_without_an_id_is_not_tracked() -> None:
    seen = SeenActions()
    seen.take("accept", None, T0, T0)
    seen.check("accept", None)
    assert seen.carried() == ()


def test_the_stale_message_names_both_versions() -> None:
    assert stale_message(2, 4) == (
        "обязательство изменилось после того, как вы его открыли (версия 2, сейчас 4): обновите и повторите"
    )
