"""Sizing up a zip archive from outside (XLSX, DOCX, ODT are zips) by its directory, before inflating it.

An archive bomb declares its unpacked size in the central directory, and a reader that inflates first
finds out too late; checking the directory costs a few kilobytes. A member that lies about its size is
caught by the library later (a CRC or length mismatch), so the declared sizes are a sound bound.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass


class ArchiveRefused(ValueError):
    """An archive outside the limits; the message (Russian) says which, in one line; `kind` is `not_zip`,
    `members`, `unpacked` or `ratio`, for a caller that words it for its own reader."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind

    def __reduce__(self) -> tuple[type[ArchiveRefused], tuple[str, str]]:
        return (ArchiveRefused, (str(self), self.kind))


@dataclass(frozen=True)
class ArchiveLimits:
    """How large an archive may unpack, how many members it may hold, and how densely packed it may be."""

    max_unpacked: int = 100_000_000
    max_members: int = 1_000
    # Office files compress text about 10:1; far beyond that over a large size is a bomb's mark.
    max_ratio: float = 200.0


def check_archive(data: bytes, limits: ArchiveLimits = ArchiveLimits()) -> int:
    """The archive's unpacked size; ArchiveRefused if it is not a zip or breaks a limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ArchiveRefused("это не книга XLSX и не документ Office (не архив ZIP)", "not_zip") from None
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            f"в архиве {len(members)} файлов (допустимо не больше {limits.max_members})", "members"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > limits.max_unpacked:
        raise ArchiveRefused(
            f"архив распаковывается в {unpacked // 1_000_000} МБ "
            f"(допустимо не больше {limits.max_unpacked // 1_000_000} МБ)",
            "unpacked",
        )
    if unpacked > 10_000_000 and unpacked > limits.max_ratio * max(len(data), 1):
        raise ArchiveRefused(
            f"архив распаковывается в {unpacked // len(data)} раз больше своего размера", "ratio"
        )
    return unpacked
