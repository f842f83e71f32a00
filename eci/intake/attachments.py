"""The attachments of a parsed message: decoded strictly, counted and sized, and each one's type
established from its content (`content.py`) and checked against the type its name claims."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from email.message import EmailMessage

from domain.intake.archive_limits import ArchiveLimits
from domain.intake.events import QuarantineReason
from eci.intake.content import (
    EXCEL_MAIN,
    WORD_MAIN,
    ContentRefused,
    Detected,
    check_odt,
    check_ooxml,
    check_pdf,
)
from eci.intake.limits import ParseLimits
from eci.intake.refusal import RefusedMail


@dataclass(frozen=True)
class FileKind:
    """An attachment type the intake takes: its names, media type and how its bytes begin."""

    extensions: tuple[str, ...]
    media_type: str
    magic: tuple[bytes, ...]
    zipped: bool = False
    form: bool = False  # a report form file (YAML) rather than a document
    label: str = ""  # what the coordinator sees as its detected type


FILE_KINDS = (
    FileKind((".pdf",), "application/pdf", (b"%PDF-",), label="PDF"),
    FileKind((".doc",), "application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
             label="документ Word 97"),
    FileKind((".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             (b"PK\x03\x04",), zipped=True, label="документ Word"),
    FileKind((".odt",), "application/vnd.oasis.opendocument.text", (b"PK\x03\x04",), zipped=True,
             label="документ OpenDocument"),
    FileKind((".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             (b"PK\x03\x04",), zipped=True, label="книга Excel"),
    FileKind((".jpg", ".jpeg"), "image/jpeg", (b"\xff\xd8\xff",), label="изображение JPEG"),
    FileKind((".png",), "image/png", (b"\x89PNG\r\n\x1a\n",), label="изображение PNG"),
    FileKind((".yaml", ".yml"), "application/yaml", (), form=True, label="файл формы отчёта"),
)  # fmt: skip
ACCEPTED_NAMES_RU = "PDF, DOC, DOCX, ODT, XLSX, JPEG или PNG"


@dataclass(frozen=True)
class Attachment:
    """A file of the message, its type established from its content."""

    filename: str
    kind: FileKind
    data: bytes
    detected: str = ""  # what the content turned out to be, for the coordinator

    @property
    def sha256(self) -> str:
        """The file's SHA-256, as the receipt names it."""
        return hashlib.sha256(self.data).hexdigest()


def _decoded(part: EmailMessage, name: str) -> bytes:
    """The part's bytes; base64 must decode strictly (a lenient decoder turns garbage into a short file)."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64":
        body = part.get_payload(decode=False)
        if not isinstance(body, str):
            raise RefusedMail(
                QuarantineReason.MALFORMED, f"Вложение {name} повреждено: его нельзя прочитать."
            )
        compact = "".join(body.split())
        try:
            return base64.b64decode(compact.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise RefusedMail(
                QuarantineReason.MALFORMED, f"Вложение {name} повреждено при пересылке: его нельзя прочитать."
            ) from None
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        raise RefusedMail(QuarantineReason.MALFORMED, f"Вложение {name} повреждено: его нельзя прочитать.")
    return data


def _detect(name: str, kind: FileKind, data: bytes, archive: ArchiveLimits) -> Detected:
    if kind.magic and not data.startswith(kind.magic):
        raise RefusedMail(QuarantineReason.BAD_ATTACHMENT, f"Файл {name} не является файлом {kind.label}.")
    match kind.extensions[0]:
        case ".pdf":
            return check_pdf(name, data)
        case ".docx":
            return check_ooxml(name, data, WORD_MAIN, "документ Word", archive)
        case ".xlsx":
            return check_ooxml(name, data, EXCEL_MAIN, "книга Excel", archive)
        case ".odt":
            return check_odt(name, data, archive)
    return Detected(kind.label)


def kind_of(name: str) -> FileKind | None:
    """The kind a file's name claims, if the intake takes it."""
    lower = name.lower()
    return next((k for k in FILE_KINDS if lower.endswith(k.extensions)), None)


def attachments_of(message: EmailMessage, limits: ParseLimits) -> tuple[Attachment, ...]:
    """The message's files, each decoded and checked; RefusedMail naming the first that is wrong."""
    found: list[Attachment] = []
    total = 0
    for part in message.iter_attachments():
        if part.get_content_maintype() == "message":
            continue  # a forwarded message is not a document
        name = (part.get_filename() or "").strip().replace("/", "_").replace("\\", "_")[:200]
        if not name:
            if part.get_content_type() in ("application/pgp-signature", "application/pkcs7-signature"):
                continue  # a signature part, not a document
            raise RefusedMail(QuarantineReason.BAD_ATTACHMENT, "У одного из вложений нет имени файла.")
        if len(found) >= limits.max_documents:
            raise RefusedMail(
                QuarantineReason.TOO_MANY_FILES,
                f"К письму приложено больше {limits.max_documents} файлов.",
            )
        kind = kind_of(name)
        if kind is None:
            raise RefusedMail(
                QuarantineReason.BAD_ATTACHMENT, f"Файлы такого типа, как {name}, не принимаются."
            )
        data = _decoded(part, name)
        total += len(data)
        if total > limits.max_attachment_bytes:
            raise RefusedMail(
                QuarantineReason.TOO_LARGE,
                f"Вложения вместе больше {limits.max_attachment_bytes // 1_000_000} МБ.",
            )
        try:
            detected = _detect(name, kind, data, limits.archive)
        except ContentRefused as exc:
            raise RefusedMail(exc.code, exc.reason) from None
        found.append(Attachment(name, kind, data, detected.label))
    return tuple(found)
