"""The mail intake's rules: reply tokens, the details block of a reply, archive limits, and the events
and fold of what became of each message.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.intake.archive_limits import ArchiveLimits, ArchiveRefused, check_archive
from domain.intake.details import DetailsError, ReplyDetails, parse_details
from domain.intake.events import (
    INTAKE_PREFIX,
    IntakeChannel,
    IntakeMailDropped,
    IntakeMailDuplicate,
    IntakeMailQuarantined,
    IntakeMailReceived,
    IntakeMailReleased,
    IntakeMailSubmitted,
    IntakeReceiptSent,
    MailVerdicts,
    QuarantineReason,
    intake_stream,
)
from domain.intake.record import IntakeOutcome, MailRecord, fold_mail
from domain.intake.token import (
    IntakeKey,
    TokenError,
    can_carry_token,
    make_token,
    read_token,
    reply_address,
    token_of,
)

__all__ = [
    "ArchiveLimits",
    "ArchiveRefused",
    "can_carry_token",
    "check_archive",
    "DetailsError",
    "fold_mail",
    "INTAKE_PREFIX",
    "intake_stream",
    "IntakeChannel",
    "IntakeKey",
    "IntakeMailDropped",
    "IntakeMailDuplicate",
    "IntakeMailQuarantined",
    "IntakeMailReceived",
    "IntakeMailReleased",
    "IntakeMailSubmitted",
    "IntakeOutcome",
    "IntakeReceiptSent",
    "MailRecord",
    "MailVerdicts",
    "make_token",
    "parse_details",
    "QuarantineReason",
    "read_token",
    "reply_address",
    "ReplyDetails",
    "token_of",
    "TokenError",
]
