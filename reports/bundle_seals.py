"""Transaction seals (version 2), checked as an auditor would: standard library, plus `cryptography`.

Shipped in the audit bundle beside `bundle_signatures.py`, whose checker takes these checks in (and used
by `eci audit verify` through it). A writer seals each append transaction, one seal per 1 000 rows at
most, kept in the row's `seal` beside the last row it covers. The seal signs a digest of the chain hash
of that row (which commits to every row before it), the covered range, the covered rows' hash prefixes,
and the digest of the writer's seal before it in the same session (`domain.eventing.seal.seal_link`).

So the checker walks the seals in log order and:
* checks that they cover the log without gaps or overlaps from the first sealed position on;
* checks that each seal's writer had a live key (an admin's, for changes to users) where it sealed;
* recomputes every digest, checking each session's chain of seals (sequence, previous digest, one key);
* verifies the Ed25519 signature of a session's seal only every 256 seals and at its end: the signature
  binds every digest before it in that session, so one check vouches for them all. When one fails, the
  seals since the last good check are verified one by one, and the first row whose hash no longer
  matches the prefix the writer signed is named.
"""

from __future__ import annotations

import hashlib
import json
import re
from json.encoder import encode_basestring
from typing import Any

if __package__:  # imported as `reports.bundle_seals`
    from reports.bundle_problems import SignatureProblem, event_name, who
else:  # loaded from an exported bundle, beside the others
    from bundle_problems import SignatureProblem, event_name, who  # type: ignore[no-redef,import-not-found]

TRANSACTION_SEAL = 2
LOCATOR_DIGITS = 8
FIRST_LINK = "0" * 64
CHECK_EVERY = 256  # a session's seals between two signature checks
USER_EVENTS = ("UserAdded", "UserRemoved", "UserKeyRegistered", "UserKeyRevoked")
_HEX = frozenset("0123456789abcdef")
# A seal exactly as `store.sealing` writes it (canonical JSON, no escapes): read without a JSON parser.
_AS_WRITTEN = re.compile(
    r'\{"first":(0|[1-9][0-9]*),"key_id":"([0-9a-f]{16})","login":"([A-Za-z0-9._-]{1,64})",'
    r'"prev":"([0-9a-f]{64})","rows":"([0-9a-f]+)","seal":2,"seq":(0|[1-9][0-9]*),'
    r'"session":"([0-9a-f]{1,64})","value":"([A-Za-z0-9+/=]{1,200})"\}\Z'
)
_TEXT_FIELDS = ("login", "key_id", "session", "prev", "rows", "value")
_quoted = encode_basestring  # a JSON string as json.dumps(ensure_ascii=False) writes it


def seal_link(seal: dict[str, Any], last: int, head: str) -> str:
    """The digest a transaction seal signs (`domain.eventing.seal.seal_link`): SHA-256 of the canonical
    JSON of its fields, written out as `json.dumps(..., sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)` would (a verifier walks a million of them)."""
    text = (
        f'{{"first":{int(seal["first"])},"head":{_quoted(head)},"key_id":{_quoted(seal["key_id"])}'
        f',"last":{int(last)},"login":{_quoted(seal["login"])},"prev":{_quoted(seal["prev"])}'
        f',"rows":{_quoted(seal["rows"])},"seal":{TRANSACTION_SEAL},"seq":{int(seal["seq"])}'
        f',"session":{_quoted(seal["session"])}}}'
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _malformed(position: int, what: str) -> SignatureProblem:
    return SignatureProblem(
        "signature_malformed", f"печать транзакции не удаётся разобрать: {what}", position
    )


def parse_seal(seal: Any, position: int) -> dict[str, Any]:
    """A transaction seal's fields, each of the right kind, or a SignatureProblem."""
    written = _AS_WRITTEN.match(seal) if isinstance(seal, str) else None
    if written is not None:  # as the store writes it, every field of its kind (other JSON is parsed)
        return _covering(_as_written(written), position)
    if isinstance(seal, str):
        try:
            seal = json.loads(seal)
        except ValueError:
            raise _malformed(position, "не JSON") from None
    if type(seal) is not dict or seal.get("seal") != TRANSACTION_SEAL:
        raise _malformed(position, "неизвестный вид печати")
    first, seq = seal.get("first"), seal.get("seq")
    if type(first) is not int or type(seq) is not int or first < 0 or seq < 0:
        name = "first" if type(first) is not int or first < 0 else "seq"
        raise _malformed(position, f"поле {name} — не целое неотрицательное число")
    for name in _TEXT_FIELDS:
        if type(seal.get(name)) is not str:
            raise _malformed(position, f"нет поля {name}")
    if not _HEX.issuperset(seal["rows"]):
        raise _malformed(position, "отпечатки покрытых событий не шестнадцатеричные")
    return _covering(seal, position)


def _as_written(written: re.Match[str]) -> dict[str, Any]:
    """The fields of a seal `_AS_WRITTEN` matched."""
    first, key_id, login, prev, rows, seq, session, value = written.groups()
    return {
        "first": int(first), "key_id": key_id, "login": login, "prev": prev, "rows": rows, "seal": 2,
        "seq": int(seq), "session": session, "value": value,
    }  # fmt: skip


def _canonical(instant: str) -> bool:
    """Whether a recording time is in the store's own form, in which instants sort as text."""
    return len(instant) == 27 and instant[-1] == "Z"


def _covering(seal: dict[str, Any], position: int) -> dict[str, Any]:
    """The seal, once its range ends at its own row and its prefixes count the rows in it."""
    first = seal["first"]
    if not 0 < first <= position:
        raise _malformed(position, f"начало покрытия {first} не раньше самой печати")
    if len(seal["rows"]) != LOCATOR_DIGITS * (position - first + 1):
        raise _malformed(position, "отпечатки покрытых событий не соответствуют их числу")
    return seal


class Session:
    """One writer's chain of seals: its key, the last digest and the seals its next check will vouch for."""

    def __init__(self, key_id: str, public_key: str) -> None:
        self.key_id = key_id
        self.public_key = public_key
        self.seq = -1
        self.link: str | None = FIRST_LINK  # None: the last seal's digest was not rebuilt (trusted)
        self.login = ""
        self.key: Any = None  # the chain's record of the key, and when it was last found live
        self.key_at = "~"
        # Seals not yet vouched for by a checked signature: first, last, digest, signature, prefixes.
        self.pending: list[tuple[int, int, str, str, str]] = []


class TransactionSeals:
    """The transaction-seal half of `bundle_signatures.SignatureChecker` (which provides the key rules:
    `_admin_key`, `_writer_key`, `_learn`, `_signature_holds`)."""

    sealed: int
    unsealed: int
    trusted_through: int
    keys: dict[str, dict[str, Any]]
    _admin_key: Any
    _live_key: Any
    _learn: Any
    _signature_holds: Any

    def _init_seals(self, row_at: Any) -> None:
        # position → the stored row's `hash` and `type` (a dict, None past the log), asked only to name
        # the row a failed seal no longer covers or an unsealed event the check was not handed
        self.row_at = row_at
        self.covered = 0  # the last position a seal covers
        self.began = False  # a seal (per event or per transaction) has been seen
        self.waiting: list[dict[str, Any]] = []  # users' events not yet covered by a seal
        self.sessions: dict[str, Session] = {}
        self.gap: tuple[int, str] = (0, "")  # the position just after the last seal, and its event's type

    def _alone_sealed(self, position: int) -> None:
        """A row sealed by itself (version 1): what came before it since the last seal was unsealed."""
        self._before_seal(position)
        self.covered = position
        self.began = True

    def _before_seal(self, first: int, at: int | None = None) -> None:
        if self.began and first > self.covered + 1:
            raise self._unsealed()
        if self.began and first <= self.covered:
            raise SignatureProblem(
                "seal_overlap",
                f"печать покрывает события с позиции {first}, а позиция {self.covered} уже запечатана",
                at if at is not None else first,
            )
        if not self.began:  # a log begun before sealing: what came first counts, unsealed
            self.unsealed = first - 1
            for row in [r for r in self.waiting if r["position"] < first]:
                self._learn(row["type"], row["payload"], row["recorded_at"])
            self.waiting = [r for r in self.waiting if r["position"] >= first]

    def _unsealed(self) -> SignatureProblem:
        """The first position after the last seal, which no seal covers."""
        at = self.covered + 1
        position, kind = self.gap
        if position != at and self.row_at is not None:
            stored = self.row_at(at)
            position, kind = (at, stored.get("type")) if stored else (position, kind)
        what = f"событие {event_name(kind)}" if position == at else f"событие на позиции {at}"
        why = f"{what} не запечатано, хотя более ранние события журнала запечатаны"
        return SignatureProblem("unsealed_after_sealing", why, at)

    def _transaction(self, row: dict[str, Any], raw: Any, position: int, trusted: bool) -> None:
        """A transaction seal on `row`, covering `first`..`position`."""
        seal = parse_seal(raw, position)
        first = seal["first"]
        self._before_seal(first, position)
        covered_users = [r for r in self.waiting if first <= r["position"] <= position]
        public = ""
        for user_row in covered_users:  # changes to users: an admin's seal (or the founding's own)
            public = self._admin_key(user_row, seal, user_row["position"])
            self._learn(user_row["type"], user_row["payload"], user_row["recorded_at"])
        if not covered_users:
            public = self._writer(seal, row["recorded_at"], position)
        self.waiting = []
        self._chain(seal, public, position, row["hash"], trusted)
        if not trusted:  # (those of a checkpoint verified before were not checked again)
            self.sealed += position - first + 1
        self.covered = position
        self.began = True

    def plain_sealed(self, position: int, at: str, head: str, raw: Any) -> bool:
        """The common row, checked without building it: no action or user's event, carrying the next seal
        of a session already seen, as the store writes it, by a key found live before. False (nothing
        done) for any other, which the caller hands to `row` whole."""
        written = _AS_WRITTEN.match(raw) if type(raw) is str else None
        if written is None or self.waiting or not self.began or position <= self.trusted_through:
            return False
        seal = _as_written(written)
        session = self.sessions.get(seal["session"])
        if (
            session is None or seal["first"] != self.covered + 1 or seal["seq"] != session.seq + 1
            or seal["prev"] != session.link or seal["key_id"] != session.key_id
            or len(seal["rows"]) != LOCATOR_DIGITS * (position - seal["first"] + 1)
            or not self._still_live(session, seal, at)
        ):  # fmt: skip
            return False
        self.sealed += position - seal["first"] + 1
        self.covered = position
        try:
            self._extend(session, seal, position, head)
        except SignatureProblem as problem:
            raise self._earliest(problem) from None
        return True

    def _still_live(self, session: Session, seal: dict[str, Any], at: str) -> bool:
        """Whether the seal's key is the one its session found live at an earlier recording time, still
        registered to the sealing login and not revoked (so it is live at `at` too)."""
        key = self.keys.get(seal["key_id"])
        return (
            key is not None and key is session.key and key["revoked_at"] is None
            and key["login"] == seal["login"] and _canonical(at) and at >= session.key_at
        )  # fmt: skip

    def _writer(self, seal: dict[str, Any], at: str, position: int) -> str:
        """The writer's public key, live at `at`: checked in full, unless `_still_live` holds."""
        session = self.sessions.get(seal["session"])
        if session is not None and self._still_live(session, seal, at):
            return session.public_key
        key = self._live_key(seal, at, position)
        if session is not None and _canonical(at):
            session.key, session.key_at = key, at
        return str(key["public_key"])

    def _chain(self, seal: dict[str, Any], public: str, position: int, head: str, trusted: bool) -> None:
        session = self.sessions.get(seal["session"])
        if session is None:
            session = self.sessions[seal["session"]] = Session(seal["key_id"], public)
        # After seals of a checkpoint verified before, the first checked one's own `prev` is taken as it
        # stands: its signature covers it, and the checkpoint vouches for the rows before.
        link = seal["prev"] if session.link is None else session.link
        expected = (session.seq + 1, link, session.key_id)
        if (seal["seq"], seal["prev"], seal["key_id"]) != expected:
            raise SignatureProblem(
                "seal_chain_broken",
                f"печать сеанса {who(seal['session'])} пользователя {who(seal['login'])} не продолжает "
                f"предыдущую печать того же сеанса (номер {seal['seq']}, ожидался {expected[0]}): печать "
                "удалена, переставлена или подделана",
                position,
            )
        if trusted:  # a checkpoint verified in full before vouches for what it holds
            session.seq, session.login, session.link = seal["seq"], seal["login"], None
            return
        self._extend(session, seal, position, head)

    def _extend(self, session: Session, seal: dict[str, Any], position: int, head: str) -> None:
        """The session continued by this seal: its digest rebuilt and kept for the next signature check."""
        session.seq, session.login = seal["seq"], seal["login"]
        session.link = seal_link(seal, position, head)
        session.pending.append((seal["first"], position, session.link, seal["value"], seal["rows"]))
        if len(session.pending) >= CHECK_EVERY:
            self._check_session(session)

    def _check_session(self, session: Session) -> None:
        """One signature for the session's pending seals; the first bad one named if it fails."""
        if not session.pending:
            return
        first, last, link, value, rows = session.pending[-1]
        if self._signature_holds(session.public_key, value, link):
            session.pending = []
            return
        for first, last, link, value, rows in session.pending:
            if not self._signature_holds(session.public_key, value, link):
                at = self._changed_row(first, last, rows)
                raise SignatureProblem(
                    "seal_invalid",
                    f"печать пользователя {who(session.login)} (ключ {who(session.key_id)}) не покрывает "
                    "это событие: оно изменено после записи, или печать поддельная",
                    at,
                )
        session.pending = []  # (a signature that fails as a whole but not alone cannot happen)

    def _changed_row(self, first: int, last: int, rows: str) -> int:
        """The first covered row whose stored hash no longer starts as the writer saw it."""
        for n, position in enumerate(range(first, last + 1)):
            stored = self.row_at(position) if self.row_at is not None else None
            signed = rows[n * LOCATOR_DIGITS : (n + 1) * LOCATOR_DIGITS]
            if stored is None or str(stored.get("hash"))[:LOCATOR_DIGITS] != signed:
                return position
        return first

    def _check_sessions(self) -> SignatureProblem | None:
        """Every session's pending seals checked; the earliest problem, if any."""
        found: SignatureProblem | None = None
        for session in self.sessions.values():
            try:
                self._check_session(session)
            except SignatureProblem as exc:
                if found is None or exc.position < found.position:
                    found = exc
        return found

    def _earliest(self, problem: SignatureProblem) -> SignatureProblem:
        """`problem`, or a seal that fails earlier in the log (found only once its session is checked)."""
        earlier = self._check_sessions()
        return earlier if earlier is not None and earlier.position < problem.position else problem

    def _finish_seals(self, head: int) -> None:
        problem = self._check_sessions()
        if problem is not None:
            raise problem
        if self.began and self.covered < head:
            raise self._unsealed()
        if not self.began:
            for row in self.waiting:
                self._learn(row["type"], row["payload"], row["recorded_at"])
            self.waiting = []
