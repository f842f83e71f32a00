"""A held message as the coordinator reads it in the quarantine: headers, envelope, text, files, reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.russian import ru_number


@dataclass(frozen=True)
class AttachmentView:
    """One file of the message: its name, size, what its content turned out to be, and its hash."""

    filename: str
    size: int
    detected: str
    sha256: str


@dataclass(frozen=True)
class MailView:
    """What the coordinator sees of a message (read in a parser process, never in the terminal's own)."""

    short_id: str
    headers: tuple[tuple[str, str], ...]
    envelope: tuple[tuple[str, str], ...]
    text: str
    attachments: tuple[AttachmentView, ...] = field(default=())
    reason: str = ""
    unreadable: str = ""  # why the body and files could not be read, if so


def _size(n: int) -> str:
    return f"{ru_number(n)} байт"


def mail_lines(view: MailView) -> list[str]:
    """The message laid out as text, section by section."""
    lines = [f"Письмо {view.short_id}", ""]
    if view.reason:
        lines += [f"Причина: {view.reason}", ""]
    lines.append("Заголовки:")
    lines += [f"  {name}: {value}" for name, value in view.headers] or ["  —"]
    lines += ["", "Конверт SMTP:"]
    lines += [f"  {name}: {value}" for name, value in view.envelope] or [
        "  — (письмо получено из почтового ящика)"
    ]
    lines += ["", "Вложения:"]
    lines += [
        f"  {a.filename} — {_size(a.size)}, {a.detected or 'тип не определён'}, SHA-256 {a.sha256}"
        for a in view.attachments
    ] or ["  —"]
    lines += ["", "Текст письма:"]
    if view.unreadable:
        lines.append(f"  (не читается: {view.unreadable})")
    lines += [f"  {line}" for line in view.text.splitlines()] or ["  —"]
    return lines
