"""`eci intake`: the mail intake (serve, poll) and the coordinator's view of what it received."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable
from typing import Any

import typer

from config.settings import Settings, load_settings
from domain.documents import DocumentDetails
from domain.intake.record import MailRecord
from domain.moscow import MOSCOW
from eci.cli.acting import acting
from eci.cli.commands.obligation_actions import AS_HELP, KIND_HELP, parse_date, parse_kind
from eci.cli.output import print_json, print_table
from eci.errors import EciError

intake_app = typer.Typer(
    help="Приём документов по почте: ответы субъектов на письма-напоминания.", no_args_is_help=True
)

OUTCOME_RU = {
    "submitted": "представлено",
    "form_submitted": "форма представлена",
    "quarantined": "в карантине",
    "released": "передано координатором",
    "dropped": "закрыто координатором",
    "duplicate": "повтор Message-ID",
    "extension_requested": "просьба о переносе срока",
    "extension_granted": "срок перенесён",
    "extension_declined": "перенос отклонён",
}


def _settings() -> Settings:
    settings = load_settings()
    if not settings.intake_address:
        raise EciError(
            "не задан ECI_INTAKE_ADDRESS (например, `sdacha@minzdrav.example`): у приёма нет адреса",
            code="no_intake_address",
        )
    return settings


def _stop_on_signals() -> asyncio.Event:
    """An event Ctrl-C or SIGTERM sets (signals reach only the main thread; elsewhere nothing sets it)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (RuntimeError, ValueError):
            break  # not the main thread (a test runs the command in one)
    return stop


def _json(record: MailRecord) -> dict[str, Any]:
    return {
        "id": record.short_id,
        "message_id": record.message_id,
        "received_at": record.received_at.isoformat(),
        "from": record.sender,
        "obligation": record.obligation,
        "outcome": record.outcome.value if record.outcome else None,
        "code": record.code.value if record.code else None,
        "reason": record.reason,
        "until": record.extension_until.isoformat() if record.extension_until else None,
        "attempts": record.attempts,
        "failures": record.failures,
        "envelope": record.envelope.model_dump(mode="json") if record.envelope else None,
    }


def _records(keep: Callable[[MailRecord], bool]) -> list[MailRecord]:
    from eci.intake.ledger import IntakeLedger
    from store.event_store import EventStore

    settings = load_settings()
    if not settings.has_store():
        return []
    with EventStore.open(settings.effective_database_url, migrate=False) as store:
        return [r for r in IntakeLedger(store).all() if keep(r)]


def _show(records: list[MailRecord], as_json: bool) -> None:
    if as_json:
        print_json([_json(r) for r in records])
        return
    rows = [
        [
            r.short_id,
            f"{r.received_at.astimezone(MOSCOW):%d.%m.%Y %H:%M}",
            r.sender or "—",
            r.obligation or "—",
            OUTCOME_RU.get(r.outcome.value, r.outcome.value) if r.outcome else "обрабатывается",
            r.reason or "",
        ]
        for r in records
    ]
    print_table(["Письмо", "Получено", "От", "Обязательство", "Итог", "Причина"], rows)


@intake_app.command("list", help="Все письма, полученные приёмом, и что с ними стало.")
def list_command(
    as_json: bool = typer.Option(
        False,
        "--json",
        help=(
            "JSON вместо таблицы: [{id, message_id, received_at, from, obligation, outcome, code, reason, "
            "until, attempts, failures, envelope}]."
        ),
    ),
) -> None:
    """Every message the intake received."""
    _show(_records(lambda r: True), as_json)


@intake_app.command(
    "quarantine",
    help="Письма, ждущие решения координатора: карантин (release или drop) и просьбы о переносе срока "
    "(grant или decline).",
)
def quarantine_command(
    as_json: bool = typer.Option(
        False, "--json", help="JSON вместо таблицы (поля те же, что в списке всех писем)."
    ),
) -> None:
    """Quarantined messages awaiting a coordinator's decision."""
    _show(_records(lambda r: r.open), as_json)


@intake_app.command(
    "release", help="Передать письмо из карантина: его вложения представляются по обязательству."
)
def release_command(
    message: str = typer.Argument(..., help="Номер письма (первые 12 знаков из списка карантина)."),
    obligation: str | None = typer.Option(
        None, "--obligation", help="Обязательство, если письмо его не называет."
    ),
    kind: str | None = typer.Option(None, "--kind", help=KIND_HELP),
    number: str | None = typer.Option(None, "--number", help="Номер документа."),
    date: str | None = typer.Option(None, "--date", help="Дата документа, ГГГГ-ММ-ДД."),
    issuer: str | None = typer.Option(None, "--issuer", help="Кем издан."),
    title: str | None = typer.Option(None, "--title", help="Название (необязательно)."),
    stage: str | None = typer.Option(None, "--stage", help="Этап (для мероприятий по этапам)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Submit a quarantined message's attachments (with the details typed here, or the message's own)."""
    settings = _settings()
    by, who = acting(settings, actor)
    given = [kind, number, date, issuer]
    details = None
    if any(given):
        if not all(given):
            raise EciError(
                "укажите все четыре: --kind, --number, --date и --issuer (или ни одного, "
                "чтобы взять реквизиты из письма)",
                code="partial_details",
            )
        details = DocumentDetails(
            kind=parse_kind(kind or ""), number=number or "", date=parse_date(date or "", "--date"),
            issuer=issuer or "", title=title,
        )  # fmt: skip

    async def go() -> MailRecord:
        from eci.intake.decisions import release
        from eci.intake.pipeline import Intake

        intake = Intake(settings)
        try:
            return await release(
                intake, who, message, obligation=obligation, details=details, milestone=stage, by=by
            )
        finally:
            await intake.aclose()

    record = asyncio.run(go())
    sys.stdout.write(f"{record.short_id}: передано, обязательство {record.obligation}: на проверке\n")


@intake_app.command("drop", help="Закрыть письмо из карантина без представления, с причиной.")
def drop_command(
    message: str = typer.Argument(..., help="Номер письма."),
    reason: str = typer.Option(..., "--reason", help="Почему письмо закрыто."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Close a quarantined message with a reason."""
    settings = _settings()
    by, who = acting(settings, actor)

    async def go() -> MailRecord:
        from eci.intake.decisions import drop
        from eci.intake.pipeline import Intake

        intake = Intake(settings)
        try:
            return drop(intake, who, message, reason, by=by)
        finally:
            await intake.aclose()

    record = asyncio.run(go())
    sys.stdout.write(f"{record.short_id}: закрыто\n")


@intake_app.command("grant", help="Согласовать просьбу о переносе срока, пришедшую по почте.")
def grant_command(
    message: str = typer.Argument(..., help="Номер письма с просьбой (из списка intake quarantine)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Move the obligation's due date as the official asked (the workflow's extend, signed by you)."""
    settings = _settings()
    by, who = acting(settings, actor)

    async def go() -> MailRecord:
        from eci.intake.extension_intake import grant
        from eci.intake.pipeline import Intake

        intake = Intake(settings)
        try:
            return await grant(intake, who, message, by=by)
        finally:
            await intake.aclose()

    record = asyncio.run(go())
    until = f"{record.extension_until:%d.%m.%Y}" if record.extension_until else "—"
    sys.stdout.write(f"{record.short_id}: срок по обязательству {record.obligation} перенесён на {until}\n")


@intake_app.command("decline", help="Отклонить просьбу о переносе срока; причина уходит письмом участнику.")
def decline_command(
    message: str = typer.Argument(..., help="Номер письма с просьбой."),
    reason: str = typer.Option(..., "--reason", help="Почему перенос не согласован (уйдёт участнику)."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Decline an extension request with a reason mailed back to the official."""
    settings = _settings()
    by, who = acting(settings, actor)

    async def go() -> MailRecord:
        from eci.intake.extension_intake import decline
        from eci.intake.pipeline import Intake

        intake = Intake(settings)
        try:
            return await decline(intake, who, message, reason, by=by)
        finally:
            await intake.aclose()

    record = asyncio.run(go())
    sys.stdout.write(f"{record.short_id}: перенос отклонён, участнику отправлено письмо\n")


@intake_app.command(
    "serve", help="Принимать почту по SMTP (или LMTP) на ECI_INTAKE_HOST:ECI_INTAKE_PORT до Ctrl-C."
)
def serve_command(
    lmtp: bool = typer.Option(False, "--lmtp", help="LMTP вместо SMTP (доставка от почтового сервера)."),
) -> None:
    """Listen for replies until interrupted."""
    settings = _settings()
    from eci.intake.server import serve

    async def go() -> None:
        stop = _stop_on_signals()
        sys.stdout.write(
            f"приём почты: {settings.intake_host}:{settings.intake_port} ({settings.intake_address})\n"
        )
        sys.stdout.flush()
        await serve(settings, stop, lmtp=lmtp)

    asyncio.run(go())


@intake_app.command(
    "poll",
    help=(
        "Читать почтовый ящик министерства по IMAP (ECI_INTAKE_IMAP_URL): непрочитанные письма — в приём, "
        "затем ожидание новых (IDLE) до Ctrl-C."
    ),
)
def poll_command(
    once: bool = typer.Option(False, "--once", help="Один проход по непрочитанным письмам, без ожидания."),
) -> None:
    """Hand the mailbox's unseen messages to the intake, then wait for more (IMAP IDLE)."""
    settings = _settings()
    if not settings.intake_imap_url:
        raise EciError(
            "не задан ECI_INTAKE_IMAP_URL (вида `imap://user:password@host:port/INBOX`)",
            code="no_imap_url",
        )
    url = settings.intake_imap_url

    async def go() -> int:
        from domain.intake.events import IntakeChannel
        from eci.intake.imap import MailboxError, MailboxUrl, poll_mailbox
        from eci.intake.pipeline import Intake

        try:
            box = MailboxUrl.parse(url)
        except ValueError as exc:
            raise EciError(str(exc)) from None
        stop = _stop_on_signals()
        intake = Intake(settings)
        intake.use_parser_processes()
        try:
            await intake.resume()

            async def handle(raw: bytes) -> None:
                record = await intake.receive(raw, (), IntakeChannel.IMAP)
                outcome = OUTCOME_RU.get(record.outcome.value, "") if record.outcome else "обрабатывается"
                sys.stdout.write(f"{record.short_id}: {record.sender or '—'}: {outcome}\n")
                sys.stdout.flush()

            if not once:
                sys.stdout.write(f"приём из ящика {box}\n")
                sys.stdout.flush()
            return await poll_mailbox(url, handle, once=once, stop=stop)
        except MailboxError as exc:
            raise EciError(str(exc)) from None
        finally:
            await intake.aclose()

    handed = asyncio.run(go())
    if once:
        sys.stdout.write(f"писем принято: {handed}\n")


def register(app: typer.Typer) -> None:
    """Add the `intake` group to the app."""
    app.add_typer(intake_app, name="intake")
