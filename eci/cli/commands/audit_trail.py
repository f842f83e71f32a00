"""`eci audit replay|diff|who|export`: the auditors' questions, added to the `audit` group."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import typer

from eci.cli.output import print_json, print_table


def audit_group(app: typer.Typer) -> typer.Typer:
    """The `audit` group the event-store commands created (or a new one if they are absent)."""
    try:
        module = importlib.import_module("eci.cli.commands.audit")
    except ModuleNotFoundError:
        module = None
    group = getattr(module, "audit", None) or getattr(module, "audit_app", None)
    if isinstance(group, typer.Typer):
        return group
    group = typer.Typer(
        help="Аудит журнала событий: целостность, история, состояние на дату, выгрузка.", no_args_is_help=True
    )
    app.add_typer(group, name="audit")
    return group


def replay(
    as_of: str = typer.Option(None, "--as-of", help="Деловое время: что произошло к этому моменту."),
    as_known_at: str = typer.Option(None, "--as-known-at", help="Время записи: что было известно системе."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """The state of every obligation at an instant, folded from the events."""
    from eci.cli.report_io import open_event_store
    from reports.audit_trail import replay_store
    from reports.instants import parse_instant

    business = parse_instant(as_of) if as_of else None
    recording = parse_instant(as_known_at) if as_known_at else None
    with open_event_store() as store:
        statuses, head = replay_store(store, business, recording)
    if as_json:
        print_json(
            {
                "as_of": business.isoformat() if business else None,
                "as_known_at": recording.isoformat() if recording else None,
                "head": str(head),
                "count": len(statuses),
                "obligations": [s.model_dump(mode="json") for s in statuses],
            }
        )
        return
    print_table(
        ["Обязательство", "Состояние", "Срок", "Представлено (МСК)", "Принято (МСК)", "Событий"],
        [_status_cells(s) for s in statuses],
    )
    sys.stdout.write(f"\nОбязательств: {len(statuses)}; журнал событий: {head}\n")


def _status_cells(status: Any) -> list[Any]:
    from domain.obligation.states import STATE_LABELS_RU

    return [
        status.id,
        STATE_LABELS_RU[status.state],
        status.effective_due,
        _short(status.submitted_at),
        _short(status.accepted_at),
        status.events,
    ]


def _short(instant: Any) -> str:
    from domain.moscow import MOSCOW

    return "" if instant is None else instant.astimezone(MOSCOW).strftime("%Y-%m-%d %H:%M")


def diff(
    start: str = typer.Option(..., "--from", help="Начало интервала (ГГГГ-ММ-ДД или ISO 8601)."),
    end: str = typer.Option(..., "--to", help="Конец интервала (ГГГГ-ММ-ДД или ISO 8601)."),
    by_recording: bool = typer.Option(False, "--by-recording-time", help="Сравнивать по времени записи."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """What changed between two instants, obligation by obligation, with the events that changed it."""
    from eci.cli.report_io import open_event_store
    from reports.audit_trail import diff_store
    from reports.instants import parse_instant

    first, second = parse_instant(start), parse_instant(end)
    if second < first:
        from eci.errors import EciError

        raise EciError("--to раньше, чем --from", code="bad_interval")
    with open_event_store() as store:
        changes = diff_store(store, first, second, by_recording=by_recording)
    if as_json:
        print_json([_change_json(c) for c in changes])
        return
    from domain.obligation.states import STATE_LABELS_RU

    rows = []
    for change in changes:
        before = STATE_LABELS_RU[change.before.state] if change.before else "—"
        after = STATE_LABELS_RU[change.after.state] if change.after else "—"
        kinds = ", ".join(e.type for e in change.events)
        rows.append([change.obligation_id, before, after, kinds])
    print_table(["Обязательство", "Было", "Стало", "События"], rows)


def _change_json(change: Any) -> dict[str, Any]:
    return {
        "obligation_id": change.obligation_id,
        "before": change.before.state.value if change.before else None,
        "after": change.after.state.value if change.after else None,
        "events": [_event_json(e) for e in change.events],
    }


def _event_json(line: Any) -> dict[str, Any]:
    return {
        "position": line.position,
        "stream": line.stream,
        "type": line.type,
        "actor": line.actor,
        "role": line.role,
        "login": line.login,
        "name": line.name,
        "occurred_at": line.occurred_at.isoformat(),
        "recorded_at": line.recorded_at.isoformat(),
        "payload": line.payload,
    }


def who(
    actor: str = typer.Argument(
        ..., help="Кто: учётная запись, coordinator, auditor, system, region:КОД или роль (region)."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """Everything an actor did, in recording order."""
    from domain.actors import Actor, Role
    from domain.errors import DomainError
    from eci.cli.report_io import open_event_store
    from eci.errors import EciError
    from eci.identity.directory import read_users
    from reports.audit_trail import by_actor_in_store

    with open_event_store() as store:
        if actor.strip() not in {r.value for r in Role}:
            try:
                Actor.parse(actor)
            except DomainError:  # not an actor: a person's login, or a misspelling (an error, not silence)
                if actor.strip() not in read_users(store):
                    raise EciError(
                        f"неизвестный участник или пользователь «{actor}»: ожидается учётная запись, "
                        "`coordinator`, `auditor`, `system` или `region:КОД`",
                        code="unknown_actor",
                    ) from None
        lines = by_actor_in_store(store, actor)
    if as_json:
        print_json([_event_json(e) for e in lines])
        return
    print_table(
        ["Позиция", "Поток", "Событие", "Исполнитель", "Произошло (МСК)", "Записано (МСК)"],
        [
            [
                e.position,
                e.stream,
                e.type,
                f"{e.person}, {e.actor}" if e.login else e.actor,
                _short(e.occurred_at),
                _short(e.recorded_at),
            ]
            for e in lines
        ],
    )


def export(
    out: Path = typer.Option(..., "--out", help="Каталог выгрузки (не должен существовать или быть пустым)."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
) -> None:
    """A bundle an auditor verifies without eci: events, documents, chain head and a verifier script."""
    from config.settings import load_settings
    from reports.audit_export import export_bundle
    from store.report_queries import iter_event_rows, open_engine

    settings = load_settings()
    engine, dialect = open_engine(settings.effective_database_url)
    try:
        summary = export_bundle(iter_event_rows(engine, dialect), settings.documents_dir, out, engine=engine)
    finally:
        engine.dispose()
    result = {
        "path": str(summary.path),
        "events": summary.events,
        "head_position": summary.head_position,
        "head": summary.head,
        "witness": summary.witness,
        "documents": summary.documents,
        "missing_documents": list(summary.missing_documents),
    }
    if as_json:
        print_json(result)
        return
    sys.stdout.write(
        f"Выгружено событий: {summary.events}, документов: {summary.documents} → {summary.path}\n"
        f"Голова цепочки (position:hash): {summary.witness}\n"
        f"Проверка: python3 {summary.path / 'verify_bundle.py'} {summary.path}\n"
    )
    for sha256 in summary.missing_documents:
        sys.stderr.write(f"eci: warning: документа {sha256} нет в хранилище документов\n")


def workflows(
    obligation: str = typer.Argument(..., help="Обязательство, например 2023/05/77."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
) -> None:
    """Replay the obligation's Temporal history against today's code; compare its events with the store."""
    import asyncio

    from config.settings import load_settings
    from eci.cli.report_io import open_event_store
    from eci.runtime.temporal_client import connect
    from eci.workflow_audit import audit_workflow

    async def run() -> Any:
        client = await connect(load_settings())
        with open_event_store() as store:
            return await audit_workflow(client, store, obligation)

    audit = asyncio.run(run())
    if as_json:
        print_json(_workflow_json(audit))
    else:
        _print_workflow_audit(audit)
    if not audit.ok:
        raise typer.Exit(1)


def _workflow_json(audit: Any) -> dict[str, Any]:
    def steps(items: Any) -> list[dict[str, Any]]:
        return [
            {"event_id": s.event_id, "type": s.type, "run_id": s.run_id, "version": s.version} for s in items
        ]

    return {
        "workflow_id": audit.workflow_id,
        "run_id": audit.run_id,
        "history_events": audit.history_events,
        "runs": audit.runs,
        "deterministic": audit.deterministic,
        "replay_error": audit.replay_error,
        "matches": audit.matches,
        "ok": audit.ok,
        "requested": steps(audit.requested),
        "stored": steps(audit.stored),
        "missing_from_store": steps(audit.missing_from_store),
        "not_requested": steps(audit.not_requested),
    }


def _print_workflow_audit(audit: Any) -> None:
    verdict = "детерминирован" if audit.deterministic else f"НЕ детерминирован: {audit.replay_error}"
    sys.stdout.write(
        f"Процесс {audit.workflow_id} (запуск {audit.run_id}), событий в истории: {audit.history_events}\n"
        + (f"Запусков (продолжение с новой историей): {audit.runs}\n" if audit.runs > 1 else "")
        + f"Воспроизведение текущим кодом: {verdict}\n"
        f"Запрошено записей: {len(audit.requested)}, в журнале событий: {len(audit.stored)}\n"
    )
    for step in audit.missing_from_store:
        what = step.event_id or f"версия {step.version}"
        sys.stdout.write(f"  нет в журнале: {step.type or 'запись'} {what}\n")
    for step in audit.not_requested:
        sys.stdout.write(f"  в журнале без запроса процесса: {step.type} {step.event_id}\n")
    sys.stdout.write("События совпадают\n" if audit.matches else "События НЕ совпадают\n")


def register(app: typer.Typer) -> None:
    """Add the audit trail commands to `eci audit`."""
    group = audit_group(app)
    group.command("replay", help="Состояние всех обязательств на момент времени по журналу событий.")(replay)
    group.command("diff", help="Что изменилось между двумя моментами, по обязательствам и событиям.")(diff)
    group.command("who", help="Все действия указанного лица или роли в порядке записи.")(who)
    group.command(
        "export",
        help="Выгрузка для аудитора: события, документы, голова цепочки и скрипт проверки без eci.",
    )(export)
    group.command(
        "workflows",
        help="Воспроизвести историю Temporal по обязательству текущим кодом и сверить её с журналом событий.",
    )(workflows)
