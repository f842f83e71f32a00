"""What an attachment is, established by maintained parsers, and whether that agrees with its name.

A name claims a type; the bytes must be that type: a PDF is parsed (pypdf) far enough to count its
pages, a DOCX, XLSX or ODT must be a well-formed package of that kind (its content types or manifest
read through defusedxml, its main part present), and a package may hold no executable, no macros and
no nested archive. Archives are sized up by their directory before anything is inflated.

Every refusal is a `ContentRefused` with the Russian sentence its sender reads (what is wrong with the
named file); the receipt adds what to do.
"""

from __future__ import annotations

import io
import logging
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from domain.intake.archive_limits import ArchiveLimits, ArchiveRefused, check_archive
from domain.intake.events import QuarantineReason

logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF is refused, not logged line by line

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
ODT_MIME = "application/vnd.oasis.opendocument.text"
# Names no document package holds: programs, scripts, shortcuts, and archives inside the archive.
_EXECUTABLE = (".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".pif", ".msi", ".vbs", ".vbe", ".js",
               ".jse", ".wsf", ".ps1", ".jar", ".inf", ".lnk", ".sh", ".hta", ".cpl")  # fmt: skip
_ARCHIVE = (".zip", ".rar", ".7z", ".cab", ".gz", ".tar", ".bz2", ".xz", ".docx", ".xlsx", ".odt", ".docm")
_MAGIC_EXECUTABLE = (b"MZ", b"\x7fELF", b"#!")
_MAGIC_ARCHIVE = (b"PK\x03\x04", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"MSCF")


class ContentRefused(ValueError):
    """A file that is not what its name claims; `reason` is the sentence its sender reads (Russian)."""

    def __init__(self, code: QuarantineReason, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason

    def __reduce__(self) -> tuple[type[ContentRefused], tuple[QuarantineReason, str]]:
        return (ContentRefused, (self.code, self.reason))


@dataclass(frozen=True)
class Detected:
    """What a file turned out to be (the coordinator sees it beside the file in the quarantine)."""

    label: str  # «PDF, 3 стр.», «документ Word», …


def _bad(name: str, what: str) -> ContentRefused:
    return ContentRefused(QuarantineReason.BAD_ATTACHMENT, f"Файл {name} {what}.")


def check_pdf(name: str, data: bytes) -> Detected:
    """A PDF that parses far enough to count its pages (at least one)."""
    from pypdf import PdfReader

    if not data.startswith(b"%PDF-"):
        raise _bad(name, "не является документом PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _bad(name, "зашифрован паролем, его нельзя прочитать")
        pages = len(reader.pages)
    except (ContentRefused, MemoryError):
        raise
    except RecursionError:
        raise _bad(name, "повреждён: его структура не читается") from None
    except Exception:  # pypdf's failures are many classes; any of them means the file does not read
        raise _bad(name, "повреждён: его страницы не читаются") from None
    if pages < 1:
        raise _bad(name, "не содержит ни одной страницы")
    return Detected(f"PDF, страниц: {pages}")


def _members(name: str, data: bytes, limits: ArchiveLimits) -> zipfile.ZipFile:
    try:
        check_archive(data, limits)
    except ArchiveRefused as exc:
        raise ContentRefused(
            QuarantineReason.ARCHIVE_BOMB, f"Файл {name} {_archive_ru(exc, limits)}."
        ) from None
    return zipfile.ZipFile(io.BytesIO(data))


def _archive_ru(exc: ArchiveRefused, limits: ArchiveLimits) -> str:
    if exc.kind == "not_zip":
        return "повреждён: это не документ указанного формата"
    if exc.kind == "members":
        return f"содержит слишком много частей (больше {limits.max_members})"
    return f"при распаковке занимает больше {limits.max_unpacked // 1_000_000} МБ: похоже на «архивную бомбу»"


def _no_foreign_members(name: str, archive: zipfile.ZipFile, what: str) -> None:
    for member in archive.infolist():
        lower = member.filename.lower()
        if lower.endswith("vbaproject.bin"):
            raise _bad(name, f"содержит макросы: {what} с макросами не принимается")
        if lower.endswith(_EXECUTABLE):
            raise _bad(name, f"не является документом ({what}): внутри исполняемые файлы")
        if lower.endswith(_ARCHIVE):
            raise _bad(name, f"не является документом ({what}): внутри вложенный архив")
        if member.file_size >= 4 and not member.is_dir():
            with archive.open(member) as handle:
                head = handle.read(4)
            if head.startswith(_MAGIC_EXECUTABLE):
                raise _bad(name, f"не является документом ({what}): внутри исполняемые файлы")
            if head.startswith(_MAGIC_ARCHIVE):
                raise _bad(name, f"не является документом ({what}): внутри вложенный архив")


def _xml(archive: zipfile.ZipFile, member: str) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(archive.read(member))
    except (KeyError, DefusedXmlException, ElementTree.ParseError):
        return None


def check_ooxml(name: str, data: bytes, main_type: str, what: str, limits: ArchiveLimits) -> Detected:
    """A Word or Excel package: [Content_Types].xml names the main part of that kind, and it is there."""
    with _members(name, data, limits) as archive:
        types = _xml(archive, "[Content_Types].xml")
        if types is None:
            raise _bad(name, f"не является документом ({what}): нет описания его частей")
        main = [
            e.get("PartName", "") for e in types
            if e.tag.endswith("Override") and e.get("ContentType") == main_type
        ]  # fmt: skip
        if len(main) != 1 or main[0].lstrip("/") not in archive.namelist():
            raise _bad(name, f"не является документом ({what}): нет его основной части")
        _no_foreign_members(name, archive, what)
    return Detected(what)


def check_odt(name: str, data: bytes, limits: ArchiveLimits) -> Detected:
    """An OpenDocument text: the `mimetype` member says so, and content.xml and the manifest parse."""
    what = "документ OpenDocument"
    with _members(name, data, limits) as archive:
        try:
            mime = archive.read("mimetype").strip()
        except KeyError:
            mime = b""
        if mime != ODT_MIME.encode() or _xml(archive, "META-INF/manifest.xml") is None:
            raise _bad(name, f"не является документом ({what}): нет описания его частей")
        if _xml(archive, "content.xml") is None:
            raise _bad(name, f"не является документом ({what}): нет его основной части")
        _no_foreign_members(name, archive, what)
    return Detected(what)
