"""The problems the audit bundle's verifiers find: their stable English codes and their Russian words
(event and field names, values, instants, file errors).

Shipped in the audit bundle beside `verify_bundle.py`, `bundle_signatures.py` and `bundle_actions.py`
(which load it), and used by `eci audit verify`, so the live verdict and the bundle's read alike. Standard
library only, Python 3.8. Logins, key ids, hashes and file names are quoted as they are; an event type the
table does not know (a newer tracker's, or a forged one) is named as it is stored.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
from typing import Any

NOT_CHECKED = "подписи не проверены: установите пакет cryptography"

# The stable English names of the seal and signature problems, for --json (`code`).
CODES = (
    "founder_missing", "founder_mismatch", "unsealed_after_sealing", "seal_invalid", "key_unknown",
    "key_login_mismatch", "key_not_live", "key_revoked", "sealer_not_admin", "unsigned_after_signing",
    "signature_invalid", "signature_reused", "stream_mismatch", "signed_text_mismatch",
    "signed_time_mismatch", "signature_malformed", "seal_overlap", "seal_chain_broken",
)  # fmt: skip


class SignatureProblem(Exception):
    """A seal or signature that does not hold: `code` (one of CODES) names the check, the message
    (Russian) says why, `position` where."""

    def __init__(self, code: str, message: str, position: int) -> None:
        super().__init__(message)
        self.code = code
        self.position = position


# Every event type the tracker records (a test keeps it in step with the domain's registry).
EVENT_NAMES = {
    "ObligationOpened": "обязательство открыто",
    "ReminderSent": "напоминание отправлено",
    "DocumentSubmitted": "документы поданы",
    "SubmissionAccepted": "принято",
    "SubmissionReturned": "возвращено на доработку",
    "ObligationWaived": "освобождено от обязательства",
    "DeadlineExtended": "срок продлён",
    "DeadlineRetimed": "срок перенесён по каталогу",
    "DeadlineMissed": "срок пропущен",
    "OverdueNoticeSent": "уведомление о просрочке отправлено",
    "Escalated": "передано координатору",
    "NotificationFailed": "уведомление не доставлено",
    "ObligationClosed": "обязательство закрыто",
    "AnswerRevised": "новая редакция ответа формы",
    "ReportFormSubmitted": "форма отчёта подана",
    "ObligationImported": "импорт: обязательство",
    "SubmissionImported": "импорт: документы поданы",
    "ReturnImported": "импорт: возвращено",
    "AcceptanceImported": "импорт: принято",
    "WaiverImported": "импорт: освобождено",
    "DeadlineMissedImported": "импорт: срок пропущен",
    "IntakeMailReceived": "письмо получено",
    "IntakeMailSubmitted": "документы из письма поданы",
    "IntakeMailQuarantined": "письмо задержано для координатора",
    "IntakeMailReleased": "задержанное письмо подано координатором",
    "IntakeMailDropped": "задержанное письмо закрыто",
    "IntakeMailDuplicate": "письмо с повторным идентификатором",
    "IntakeReceiptSent": "квитанция отправлена",
    "IntakeProcessingFailed": "сбой обработки письма",
    "IntakeRetryStarted": "повторная обработка письма начата",
    "IntakeRetryDeferred": "повторная обработка письма отложена",
    "IntakeExtensionRequested": "запрошен перенос срока",
    "IntakeExtensionGranted": "перенос срока согласован",
    "IntakeExtensionDeclined": "в переносе срока отказано",
    "DrillStarted": "учения начаты",
    "DrillEnded": "учения завершены",
    "UserAdded": "пользователь добавлен",
    "UserRemoved": "пользователь удалён",
    "UserKeyRegistered": "ключ зарегистрирован",
    "UserKeyRevoked": "ключ отозван",
}

# The parts of a signed action's text (`bundle_actions.action_text`), as a difference names them.
_SIGNED_PARTS = {
    "": "подписанный текст",
    "v": "версия подписанного текста",
    "action": "действие",
    "obligation": "обязательство",
    "actor": "роль",
    "login": "логин",
    "at": "время подписи",
    "action_id": "идентификатор действия",
    "version": "версия обязательства до действия",
    "fields": "поля запроса",
    "fields.documents": "документы",
    "fields.milestone": "этап",
    "fields.comment": "комментарий",
    "fields.mail": "SHA-256 письма",
    "fields.replaces_review": "замена версии на проверке",
    "fields.reason": "причина",
    "fields.due": "срок",
    "fields.effective_due": "действующий срок",
}
_DOCUMENT_PARTS = {
    "sha256": "SHA-256 файла",
    "size": "размер файла",
    "media_type": "тип файла",
    "filename": "имя файла",
    "kind": "вид",
    "number": "номер",
    "date": "дата",
    "issuer": "кем выдан",
    "title": "заголовок",
}
_MOSCOW = dt.timezone(dt.timedelta(hours=3))  # Moscow has kept UTC+3 since 2014; no zone data needed
_LONGEST_VALUE = 200
_OS_ERRORS = {
    errno.ENOENT: "нет такого файла",
    errno.EACCES: "нет доступа",
    errno.EPERM: "нет доступа",
    errno.EISDIR: "это каталог, а не файл",
    errno.ENOTDIR: "часть пути — не каталог",
}


def event_name(kind: Any) -> str:
    """An event type in Russian, in «»; an unknown type as it is stored."""
    name = EVENT_NAMES.get(kind) if isinstance(kind, str) else None
    return f"«{name}»" if name else str(kind)


def who(value: Any) -> str:
    """A login or a key id as it is; `(не указан)` when absent."""
    return value if isinstance(value, str) and value else "(не указан)"


def shown(value: Any) -> str:
    """A JSON value as a person reads it: text in «», no value as `пусто`, yes/no in Russian."""
    if value is None:
        return "пусто"
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, (int, float)):
        return str(value)
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True, ensure_ascii=False)
    if len(text) > _LONGEST_VALUE:
        text = text[:_LONGEST_VALUE] + "…"
    return f"«{text}»"


def signed_part(path: str) -> str:
    """`fields.documents[0].number` → `документ 1, номер`; a part the table lacks, as written."""
    if path.startswith("fields.documents["):
        number, _, rest = path[len("fields.documents[") :].partition("]")
        part = rest.lstrip(".")
        named = _DOCUMENT_PARTS.get(part, part)
        return f"документ {int(number) + 1}, {named}" if number.isdigit() and part else f"документ {number}"
    return _SIGNED_PARTS.get(path, path)


def difference(path: str, signed: Any, recorded: Any) -> str:
    """One difference between what was signed and what the event records."""
    return f"{signed_part(path)}: подписано {shown(signed)}, в событии — {shown(recorded)}"


def moment(text: Any) -> str:
    """An ISO 8601 instant as `ДД.ММ.ГГГГ ЧЧ:ММ:СС МСК` (with microseconds when it has them)."""
    try:
        value = dt.datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except (AttributeError, TypeError, ValueError):
        return str(text)
    if value.tzinfo is None:
        return str(text)
    local = value.astimezone(_MOSCOW)
    fraction = f".{local.microsecond:06d}" if local.microsecond else ""
    return local.strftime("%d.%m.%Y %H:%M:%S") + fraction + " МСК"


def os_error(exc: OSError) -> str:
    """Why a file could not be read, in Russian, naming the file."""
    why = _OS_ERRORS.get(exc.errno or 0, f"ошибка ввода-вывода (код {exc.errno})")
    return f"не удаётся прочитать {exc.filename}: {why}" if exc.filename else f"ошибка чтения: {why}"
