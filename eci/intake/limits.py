"""The bounds of one message's parse, from the settings (plain data: it travels to the parser process)."""

from __future__ import annotations

from dataclasses import dataclass, field

from config.settings import Settings
from domain.intake.archive_limits import ArchiveLimits


@dataclass(frozen=True)
class ParseLimits:
    """What one message may hold (see docs/intake.md "Limits" for the defaults)."""

    max_message_bytes: int = 36_000_000
    max_attachment_bytes: int = 25_000_000
    max_parts: int = 50
    max_depth: int = 10
    max_header_bytes: int = 64_000
    max_documents: int = 20
    archive: ArchiveLimits = field(default_factory=ArchiveLimits)

    @classmethod
    def of(cls, settings: Settings) -> ParseLimits:
        """The limits the settings name."""
        return cls(
            max_message_bytes=settings.intake_max_message_bytes,
            max_attachment_bytes=settings.intake_max_bytes,
            max_parts=settings.intake_max_parts,
            max_depth=settings.intake_max_depth,
            max_header_bytes=settings.intake_max_header_bytes,
            max_documents=settings.intake_max_documents,
            archive=ArchiveLimits(
                max_unpacked=settings.intake_archive_max_unpacked,
                max_members=settings.intake_archive_max_members,
            ),
        )
