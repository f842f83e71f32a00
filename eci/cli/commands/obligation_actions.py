"""`eci status`, `submit`, `accept`, `return`, `waive`, `extend`: obligation actions on the command line."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import typer

from config.settings import load_settings
from domain.documents import DocumentDetails, DocumentKind, document_kind_words, parse_document_kind
from domain.obligation.progress import ObligationProgress
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.russian import ru_date
from eci.cli.acting import AS_HELP, acting
from eci.errors import EciError

T = TypeVar("T")


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def parse_date(text: str, option: str) -> dt.date:
    """A date option as people write it (ДД.ММ.ГГГГ) or as scripts do (ГГГГ-ММ-ДД), or a one-line error."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise EciError(f"{option}: ожидается дата ДД.ММ.ГГГГ, указано «{text}»", code="bad_date")


KIND_HELP = "Вид документа словами Плана: приказ, постановление, реестр, доклад, аналитическая записка, …"


def parse_kind(text: str) -> DocumentKind:
    """A document kind by its Russian word or its code, or a one-line error listing both."""
    kind = parse_document_kind(text)
    if kind is None:
        raise EciError(
            f"неизвестный вид документа «{text}»: допустимы {document_kind_words()}",
            code="unknown_document_kind",
        )
    return kind


def _done(progress: ObligationProgress) -> None:
    due = ru_date(progress.deadline.due)
    sys.stdout.write(f"{progress.obligation_id}: {STATE_LABELS_RU[progress.state]} (срок {due})\n")


def submit_command(
    obligation: str = typer.Argument(..., help="Обязательство, например 2025/05/77."),
    file: Path = typer.Option(..., "--file", help="Файл документа."),
    kind: str = typer.Option(..., "--kind", help=KIND_HELP),
    number: str = typer.Option(..., "--number", help="Номер документа."),
    date: str = typer.Option(..., "--date", help="Дата документа, ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)."),
    issuer: str = typer.Option(..., "--issuer", help="Кто издал документ."),
    title: str | None = typer.Option(None, "--title", help="Название документа."),
    stage: str | None = typer.Option(None, "--stage", help="Этап (для мероприятий с этапами)."),
    comment: str | None = typer.Option(None, "--comment", help="Комментарий."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Submit a document proving the measure."""
    from pydantic import ValidationError

    from eci import actions

    settings = load_settings()
    by, who = acting(settings, actor)
    try:
        details = DocumentDetails(
            kind=parse_kind(kind), number=number, date=parse_date(date, "--date"), issuer=issuer, title=title
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        field = str(err["loc"][0]) if err["loc"] else "number"
        reason = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "string_too_long":
            reason = f"не длиннее {err.get('ctx', {}).get('max_length')} знаков"
        raise EciError(f"--{field}: {reason}", code="invalid_document_field") from None
    upload = actions.DocumentUpload(details=details, path=file)
    _done(_run(actions.submit(settings, who, obligation, [upload], milestone=stage, comment=comment, by=by)))


def accept_command(
    obligation: str = typer.Argument(..., help="Обязательство, например 2025/05/77."),
    comment: str | None = typer.Option(None, "--comment", help="Комментарий."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Accept the submission under review."""
    from eci import actions

    settings = load_settings()
    by, who = acting(settings, actor)
    _done(_run(actions.accept(settings, who, obligation, comment, by=by)))


def return_command(
    obligation: str = typer.Argument(..., help="Обязательство, например 2025/05/77."),
    reason: str = typer.Option(..., "--reason", help="Что доработать."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Return the submission for rework."""
    from eci import actions

    settings = load_settings()
    by, who = acting(settings, actor)
    _done(_run(actions.return_submission(settings, who, obligation, reason, by=by)))


def waive_command(
    obligation: str = typer.Argument(..., help="Обязательство, например 2025/05/77."),
    reason: str = typer.Option(..., "--reason", help="Почему обязательство снимается."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Waive the obligation."""
    from eci import actions

    settings = load_settings()
    by, who = acting(settings, actor)
    _done(_run(actions.waive(settings, who, obligation, reason, by=by)))


def extend_command(
    obligation: str = typer.Argument(..., help="Обязательство, например 2025/05/77."),
    until: str = typer.Option(..., "--until", help="Новый срок, ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)."),
    reason: str = typer.Option(..., "--reason", help="Основание продления."),
    actor: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Extend the deadline."""
    from eci import actions

    settings = load_settings()
    due = parse_date(until, "--until")
    by, who = acting(settings, actor)
    _done(_run(actions.extend(settings, who, obligation, due, reason, by=by)))


def status_command(
    cycle: int | None = typer.Option(None, "--cycle", help="Только этот отчётный год."),
    measure: int | None = typer.Option(None, "--measure", help="Только это мероприятие (номер)."),
    region: str | None = typer.Option(
        None, "--region", help="Только этот участник (код субъекта или федеральный орган)."
    ),
    state: str | None = typer.Option(
        None, "--state", help="Только в этом состоянии: open, submitted, returned, accepted, overdue, waived."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List obligations with their state, from the event store."""
    from domain.obligation.plan import check_cycle, check_participant
    from domain.plan.catalog import get_measure
    from eci.cli.output import print_json, print_table
    from eci.status_listing import list_obligations, status_rows

    wanted: ObligationState | None = None
    if state is not None:
        by_word = {label: s for s, label in STATE_LABELS_RU.items()} | {s.value: s for s in ObligationState}
        wanted = by_word.get(state.strip().lower())
        if wanted is None:
            codes = ", ".join(f"«{s.value}» ({STATE_LABELS_RU[s]})" for s in ObligationState)
            message = f"неизвестное состояние «{state}»: ожидается одно из {codes}"
            raise EciError(message, code="unknown_state")
    # A filter naming nothing in the plan is a typo, not an empty answer.
    if cycle is not None:
        check_cycle(cycle)
    if measure is not None:
        get_measure(measure)
    if region is not None:
        region = check_participant(region)
    items = list_obligations(load_settings(), cycle=cycle, measure=measure, participant=region, state=wanted)
    if as_json:
        print_json(items)
        return
    headers, rows = status_rows(items)
    print_table(headers, rows)


def register(app: typer.Typer) -> None:
    """Add the obligation actions and `eci status`."""
    app.command("status", help="Обязательства и их состояние по журналу событий.")(status_command)
    app.command("submit", help="Представить документ, подтверждающий исполнение мероприятия.")(submit_command)
    app.command("accept", help="Принять документы, представленные на проверку.")(accept_command)
    app.command("return", help="Вернуть представленные документы на доработку.")(return_command)
    app.command("waive", help="Освободить от обязательства (не применяется).")(waive_command)
    app.command("extend", help="Продлить срок исполнения обязательства.")(extend_command)
