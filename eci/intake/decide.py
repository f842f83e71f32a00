"""Who may submit what by mail: the checks a parsed reply must pass, in the order a sender is answered.

All of them are required: the sender is a registered contact, the reply token verifies for that sender,
the sender belongs to the obligation's participant, the sender policy vouches for the From address
(`sender_auth.py`), and an attachment with either a report form or a details block. A reply with no
attachment that asks for a new due date («Причина: …», «Новый срок: …») is an extension request.
(Whether the obligation takes a submission now is asked of its workflow, by the pipeline.) Each
failure is a `RefusedMail` whose reason is the line its sender reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.intake.details import DetailsError, ReplyDetails, parse_details
from domain.intake.events import QuarantineReason
from domain.intake.extension import ExtensionAsk, parse_extension
from domain.intake.token import IntakeKey, TokenError, read_token, token_of
from domain.obligation.id import ObligationId
from eci.intake.incoming import Attachment, IncomingMail, RefusedMail
from reports.form_workbook_read import looks_like_form


@dataclass(frozen=True)
class DocumentsPlan:
    """Submit the attachments as documents with the reply's details."""

    obligation: ObligationId
    details: ReplyDetails
    files: tuple[Attachment, ...]


@dataclass(frozen=True)
class FormPlan:
    """Submit an attached report form, as `eci form submit` would."""

    obligation: ObligationId
    form: Attachment


@dataclass(frozen=True)
class ExtensionPlan:
    """Put the official's request for a new due date in the coordinator's queue."""

    obligation: ObligationId
    ask: ExtensionAsk


Plan = DocumentsPlan | FormPlan | ExtensionPlan


def participants_of(sender: str, contacts: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The participants whose contacts list this address."""
    return contacts.get(sender.strip().lower(), frozenset())


def _token(mail: IncomingMail, intake_address: str) -> str:
    for address in mail.recipients:
        token = token_of(address, intake_address)
        if token:
            return token
    raise RefusedMail(
        QuarantineReason.NO_TOKEN,
        "Письмо отправлено не ответом на письмо о сроке представления документов, поэтому непонятно, "
        "к какому обязательству оно относится.",
    )


def is_form(attachment: Attachment) -> bool:
    """A report form: a YAML answer file, or a workbook written by `eci form template --format xlsx`."""
    if attachment.kind.form:
        return True
    if not attachment.filename.lower().endswith(".xlsx"):
        return False
    return looks_like_form(attachment.data)


def decide(
    mail: IncomingMail,
    *,
    intake_address: str,
    keys: Mapping[str, IntakeKey],
    contacts: Mapping[str, frozenset[str]],
    vouched: bool = True,
) -> Plan:
    """What to do with a reply; RefusedMail with the reason otherwise. `vouched`: whether the sender
    policy's check confirmed the From address (true under the policy `none`)."""
    known = participants_of(mail.sender, contacts)
    if not known:
        raise RefusedMail(QuarantineReason.UNKNOWN_SENDER, "Адрес отправителя не зарегистрирован.")
    token = _token(mail, intake_address)
    try:
        obligation = read_token(token, mail.sender, keys)
    except TokenError:
        raise RefusedMail(
            QuarantineReason.BAD_TOKEN,
            "Адрес, на который отправлен ответ, выдан не для вашего почтового ящика или устарел.",
        ) from None
    if obligation.participant not in known:
        raise RefusedMail(
            QuarantineReason.WRONG_PARTICIPANT,
            f"Ваш адрес не зарегистрирован как адрес участника {obligation.participant}.",
        )
    if not vouched:
        raise RefusedMail(
            QuarantineReason.UNVERIFIED_SENDER,
            f"Отправитель не подтверждён: почтовый сервер домена {mail.sender.rpartition('@')[2]} "
            "не подтвердил, что письмо отправлено с адреса "
            f"{mail.sender}.",
        )
    return _plan(mail, obligation)


def _plan(mail: IncomingMail, obligation: ObligationId) -> Plan:
    if not mail.attachments:
        try:
            ask = parse_extension(mail.text)
        except DetailsError as exc:
            raise RefusedMail(QuarantineReason.BAD_DETAILS, str(exc)) from None
        if ask is not None:
            return ExtensionPlan(obligation, ask)
        raise RefusedMail(QuarantineReason.NO_ATTACHMENT, "К письму не приложен документ.")
    forms = [a for a in mail.attachments if is_form(a)]
    if forms:
        if len(forms) > 1 or len(mail.attachments) > 1:
            raise RefusedMail(QuarantineReason.BAD_FORM, "Форма отчёта приложена вместе с другими файлами.")
        return FormPlan(obligation, forms[0])
    try:
        details = parse_details(mail.text)
    except DetailsError as exc:
        raise RefusedMail(QuarantineReason.BAD_DETAILS, str(exc)) from None
    return DocumentsPlan(obligation, details, mail.attachments)


def contacts_by_address(pairs: Sequence[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """(participant, email) pairs → each address's participants."""
    found: dict[str, set[str]] = {}
    for participant, email in pairs:
        found.setdefault(email.strip().lower(), set()).add(participant)
    return {k: frozenset(v) for k, v in found.items()}
