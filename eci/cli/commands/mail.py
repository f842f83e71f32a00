"""`eci mail list|show|outbox|flush|sink`: the messages the tracker sent and the local SMTP sink."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from config.settings import load_settings
from eci.cli.output import print_json, print_table
from eci.errors import EciError

mail_app = typer.Typer(help="Почта: отправленные письма, очередь отправки, локальный SMTP-приёмник.")


@mail_app.command("list", help="Письма, принятые локальным приёмником (ECI_DATA_DIR/mail), по времени.")
def list_command(
    to: str | None = typer.Option(None, "--to", help="Только письма на этот адрес."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List the messages the local sink received (ECI_DATA_DIR/mail), oldest first."""
    from notifications.mailbox_reader import list_mail

    found = list_mail(load_settings().mail_dir, to)
    if as_json:
        print_json(
            [
                {
                    "message_id": m.message_id,
                    "to": list(m.to),
                    "subject": m.subject,
                    "date": m.date.isoformat() if m.date else None,
                    "obligation": m.obligation,
                }
                for m in found
            ]
        )
        return
    rows = [
        (m.date.strftime("%Y-%m-%d %H:%M") if m.date else "", ", ".join(m.to), m.obligation or "", m.subject,
         m.message_id)
        for m in found
    ]  # fmt: skip
    print_table(("Дата", "Кому", "Обязательство", "Тема", "Message-ID"), rows)


@mail_app.command("show", help="Показать письмо в расшифрованном виде: заголовки и текст.")
def show_command(
    message_id: str = typer.Argument(..., help="Message-ID (с угловыми скобками или без)."),
) -> None:
    """Print one message decoded: headers and the plain-text body."""
    from notifications.mailbox_reader import find_mail, show_text

    path = find_mail(load_settings().mail_dir, message_id)
    if path is None:
        raise EciError(f"письма {message_id} нет в {load_settings().mail_dir}", code="no_such_message")
    sys.stdout.write(show_text(path))


@mail_app.command("outbox", help="Очередь отправки: письма, записанные к отправке, и состояние доставки.")
def outbox_command(
    status: str | None = typer.Option(
        None, "--status", help="Только в этом состоянии: pending, sent, failed, queued или digested."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List the outbox: every message recorded for sending, with its delivery state."""
    from notifications.outbox import Outbox, OutboxStatus
    from store.migrate import upgrade

    try:
        wanted = [OutboxStatus(status)] if status else list(OutboxStatus)
    except ValueError:
        raise EciError(
            f"неизвестное состояние «{status}»: ожидается одно из {', '.join(OutboxStatus)}",
            code="unknown_status",
        ) from None
    url = load_settings().effective_database_url
    upgrade(url)
    outbox = Outbox.open(url)
    try:
        entries = sorted((e for s in wanted for e in outbox.by_status(s)), key=lambda e: e.created_at)
    finally:
        outbox.close()
    fields = ("message_id", "obligation_id", "kind", "step", "status", "attempts", "last_error")
    if as_json:
        print_json(
            [
                {f: getattr(e, f) for f in fields}
                | {"recipients": list(e.recipients), "created_at": e.created_at.isoformat()}
                for e in entries
            ]  # fmt: skip
        )
        return
    print_table(
        ("Обязательство", "Вид", "Состояние", "Попыток", "Ошибка", "Message-ID"),
        [
            (e.obligation_id, e.kind, e.status.value, e.attempts, e.last_error or "", e.message_id)
            for e in entries
        ],
    )


@mail_app.command(
    "flush", help="Отправить накопленные сводки эскалаций сейчас и повторить неотправленные письма."
)
def flush_command() -> None:
    """Send the queued escalation digests now and retry messages left pending."""
    import datetime as dt

    from eci.identity.principal import signed_in
    from notifications.stack import MailStack

    settings = load_settings()
    sealer = signed_in(settings).sealer()  # a failed delivery it records is sealed by the one flushing

    async def flush() -> tuple[int, int, int]:
        stack = MailStack.from_settings(settings, sealer)
        try:
            stack.digests.settle = dt.timedelta(0)
            digests = await stack.digests.send_escalation_digests()
            retried = await stack.dispatcher.drain()
        finally:
            await stack.aclose()
        return len(digests.message_ids), digests.failed, len(retried)

    try:
        sent, failed, retried = asyncio.run(flush())
    except OSError as exc:
        raise EciError(f"почтовый сервер недоступен: {exc}", code="mail_unreachable") from None
    sys.stdout.write(
        f"Сводок отправлено: {sent}, не доставлено: {failed}; повторно отправлено писем: {retried}\n"
    )


@mail_app.command(
    "sink",
    help="Запустить только локальный SMTP-приёмник (ECI_SMTP_HOST:ECI_SMTP_PORT, письма в ECI_DATA_DIR/mail) "
    "до Ctrl-C.",
)
def sink_command() -> None:
    """Run the local SMTP sink alone (ECI_SMTP_HOST:ECI_SMTP_PORT into ECI_DATA_DIR/mail) until Ctrl-C."""
    import threading

    from notifications.sink import port_in_use, start_sink

    settings = load_settings()
    if port_in_use(settings.smtp_host, settings.smtp_port):
        raise EciError(
            f"{settings.smtp_host}:{settings.smtp_port} уже занят (возможно, приёмник уже запущен)",
            code="port_in_use",
        )
    handle = start_sink(settings)
    sys.stdout.write(
        f"Почтовый приёмник: {settings.smtp_host}:{settings.smtp_port} → {settings.mail_dir}. "
        "Ctrl-C — остановить.\n"
    )
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        handle.stop()


@mail_app.command(
    "reply",
    help=(
        "Ответить на письмо из локального приёмника, как почтовая программа субъекта: с вложением и "
        "реквизитами документа (для учений и проверки приёма по почте)."
    ),
)
def reply_command(
    message_id: str = typer.Argument(..., help="Message-ID письма, на которое отвечаем."),
    attach: list[Path] = typer.Option([], "--attach", help="Файл вложения (можно несколько раз)."),
    sender: str | None = typer.Option(
        None, "--from", help="Адрес отправителя (по умолчанию — получатель письма)."
    ),
    details: list[str] = typer.Option(
        [],
        "--details",
        help="Реквизиты: «Вид документа: приказ; Номер: 12-п; Дата: 10.02.2027; Кем издан: …».",
    ),
) -> None:
    """Reply to a message in the sink through SMTP, with attachments and the details block filled."""
    from eci.mail_reply import send_reply

    sent = asyncio.run(send_reply(load_settings(), message_id, attach, sender, details))
    sys.stdout.write(f"{sent}\n")


def register(app: typer.Typer) -> None:
    """Add the `mail` group."""
    app.add_typer(mail_app, name="mail")
