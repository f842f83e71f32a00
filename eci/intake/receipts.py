"""The receipt a sender gets: received and under review (with each file's name and SHA-256), or why not.

Receipts go through the outbox like every notice, under a Message-ID made from the message's hash, so
a receipt redone after a crash is found there and not sent twice. Each carries the log receipt of what
the intake recorded (`kvitanciya-….json`): the region can prove the submission is in the log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from domain.documents import StoredFile
from domain.intake.events import FormSectionNote
from notifications.message import message_id_for, parse_address
from notifications.outbox import OutboxEntry
from notifications.render import render
from notifications.stack import MailStack


@dataclass(frozen=True)
class ReceiptView:
    """What a receipt tells."""

    accepted: bool
    message_id: str
    short_id: str
    obligations: tuple[str, ...] = ()
    files: tuple[StoredFile, ...] = ()
    reason: str | None = None
    obligation: str | None = None
    form_version: int | None = None  # a mailed form: the version it was recorded as
    sections: tuple[FormSectionNote, ...] = ()  # and what became of each of its sections
    subject: str = ""  # the official's own subject, quoted
    date: str = ""  # the official's own date, ДД.ММ.ГГГГ
    advice: str = ""  # what to do (for a message not taken)
    extension_until: dt.date | None = None  # an extension request passed to the coordinator
    declined: str | None = None  # the coordinator's reason for declining an extension request


def receipt_id(mail: MailStack, sha256: str) -> str:
    """The Message-ID of the receipt for the message with this hash."""
    return message_id_for(f"intake/{sha256}", "receipt", mail.config.mail_domain)


async def send_receipt(
    mail: MailStack, sha256: str, to: str, view: ReceiptView, step: str = "receipt"
) -> str:
    """Send (once) the receipt for a message (or a later answer to it, under another `step`); returns
    its Message-ID."""
    mid = message_id_for(f"intake/{sha256}", step, mail.config.mail_domain)
    entry = mail.outbox.get(mid)
    if entry is None:
        proofs = mail.proofs
        # a thread: the receipt may sign a checkpoint, and the listener's event loop must not wait
        proof = await asyncio.to_thread(proofs.for_mail, sha256, view.obligations) if proofs else None
        rendered = render("intake_receipt", r=view, proof=proof)
        entry = mail.outbox.record(
            mail.notifier.message_entry(
                obligation_id=f"intake/{sha256}",
                step=step,
                kind="intake_receipt",
                message_id=mid,
                to=[parse_address(to)],
                rendered=rendered,
                now=dt.datetime.now(dt.UTC),
                in_reply_to=view.message_id,  # the official's client threads the receipt under the reply
                attachments=(proof.attachment,) if proof is not None else (),
            )
        )
    await _deliver(mail, entry)
    return mid


async def _deliver(mail: MailStack, entry: OutboxEntry) -> None:
    await mail.dispatcher.deliver(entry)
