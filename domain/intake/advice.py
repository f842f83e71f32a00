"""What an official should do about each reason a reply was not taken: the second half of a receipt.

The first half is the reason itself (what is wrong, naming the file or the field); this is the step
that fixes it, in plain Russian, with no jargon: an official who reads only the receipt can act on it.
"""

from __future__ import annotations

from domain.intake.events import QuarantineReason

ACCEPTED_FORMATS_RU = "PDF, DOC, DOCX, ODT, XLSX, JPEG или PNG"
_AGAIN = "и отправьте ответ ещё раз на письмо о сроке представления документов"

ADVICE_RU: dict[QuarantineReason, str] = {
    QuarantineReason.MALFORMED: (
        "Приложите файлы заново и отправьте ответ ещё раз на письмо о сроке представления документов; "
        "если ошибка повторится, сохраните документ в формате PDF."
    ),
    QuarantineReason.TOO_LARGE: (
        "Уменьшите размер файлов (например, сохраните скан с меньшим разрешением) или разделите их на "
        f"несколько писем {_AGAIN}."
    ),
    QuarantineReason.TOO_COMPLEX: (
        f"Отправьте обычное письмо: документ одним вложением, без пересылки писем внутри письма, {_AGAIN}."
    ),
    QuarantineReason.TOO_MANY_FILES: f"Разделите файлы на несколько писем {_AGAIN}.",
    QuarantineReason.ARCHIVE_BOMB: f"Пришлите документ в формате {ACCEPTED_FORMATS_RU}, без архивов.",
    QuarantineReason.BAD_ATTACHMENT: (f"Пришлите документ в формате {ACCEPTED_FORMATS_RU} {_AGAIN}."),
    QuarantineReason.NO_TOKEN: (
        "Нажмите «Ответить» в письме о сроке представления документов по нужному мероприятию и "
        "приложите документ к этому ответу."
    ),
    QuarantineReason.BAD_TOKEN: (
        "Ответьте на письмо о сроке, полученное на ваш собственный адрес: пересланное письмо или "
        "набранный вручную адрес не подходят."
    ),
    QuarantineReason.UNKNOWN_SENDER: "Напишите федеральному координатору, чтобы ваш адрес зарегистрировали.",
    QuarantineReason.WRONG_PARTICIPANT: (
        "Если вы отвечаете за этого участника, напишите федеральному координатору, чтобы ваш адрес "
        "зарегистрировали."
    ),
    QuarantineReason.NOT_ACCEPTING: "Дождитесь решения координатора; новое письмо пока не нужно.",
    QuarantineReason.NO_ATTACHMENT: (
        "Приложите документ к ответу и впишите его реквизиты. Если нужен перенос срока, заполните "
        "строки «Причина: …» и «Новый срок: ДД.ММ.ГГГГ»."
    ),
    QuarantineReason.BAD_DETAILS: (
        "Впишите реквизиты после двоеточий в строки «Вид документа», «Номер», «Дата» (ДД.ММ.ГГГГ) и "
        f"«Кем издан» {_AGAIN}."
    ),
    QuarantineReason.BAD_FORM: f"Исправьте форму отчёта {_AGAIN}; форму отправляйте отдельным письмом.",
    QuarantineReason.NO_DKIM: (
        "Отправьте письмо со своего служебного почтового ящика напрямую, без пересылки; если письмо "
        "отправлено так, сообщите об этом федеральному координатору."
    ),
    QuarantineReason.UNVERIFIED_SENDER: (
        "Если письмо отправляли вы, отправьте его ещё раз со своего служебного почтового ящика "
        "напрямую, без пересылки. Если вы его не отправляли, сообщите об этом федеральному координатору."
    ),
    QuarantineReason.PROCESSING_FAILED: (
        "Письмо передано федеральному координатору, он рассмотрит его сам. Можно также отправить "
        "документ ещё раз в формате PDF."
    ),
}


def advice_ru(code: QuarantineReason | None) -> str:
    """What to do about a reason (every reason has its advice)."""
    if code is None:
        return "Письмо передано федеральному координатору."
    return ADVICE_RU[code]
