"""`eci audit verify|history`: prove the log is intact and show who did what and when.

`audit_app` is the `audit` group; other modules add their auditing commands to it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import typer

from config.settings import load_settings
from domain.moscow import MOSCOW
from domain.obligation.id import stream_of
from eci.cli.output import print_json, print_table
from eci.errors import EciError

audit_app = typer.Typer(
    help="Аудит журнала событий: целостность, история, состояние на дату, выгрузка.", no_args_is_help=True
)
audit = audit_app

_OBLIGATION_ID = re.compile(r"^\d{4}/\d{2}/.+$")


@audit_app.command(
    "verify",
    help="Проверить цепочку хешей журнала событий; при нарушении — код возврата 1 и первая изменённая, "
    "удалённая или переставленная позиция.",
)
def verify_command(
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
    witness: list[str] = typer.Option(
        None, "--witness", help="POSITION:HASH: ранее зафиксированная голова цепочки."
    ),
    checkpoint: list[Path] = typer.Option(
        None,
        "--checkpoint",
        help="Файл контрольной точки журнала (письмо свидетелю, квитанция): журнал должен её продолжать.",
    ),
    founder: str | None = typer.Option(
        None, "--founder", help="Отпечаток ключа первого администратора, сохранённый при создании журнала."
    ),
    verified: Path | None = typer.Option(
        None,
        "--verified",
        help="Контрольная точка журнала, который вы уже проверили полностью: журнал должен её продолжать, "
        "а печати и подписи её событий не проверяются повторно.",
    ),
) -> None:
    """Walk the hash chain, the seals and the signatures; exit 1 naming the first bad position."""
    from domain.russian import ru_number as n
    from reports.bundle_problems import NOT_CHECKED
    from reports.checkpoint_check import checkpoint_roots, public, read_checkpoint_file, with_checkpoints
    from reports.signature_feed import SignatureFeed
    from reports.witness import full_verdict
    from store.event_store import EventStore
    from store.verify import verify_chain

    files = [read_checkpoint_file(path) for path in checkpoint or []]  # bad input fails before any read
    kept = read_checkpoint_file(verified) if verified else None
    if kept is not None:  # proved like any other checkpoint: the log must extend it
        files.append(kept)
    trusted = kept.size if kept is not None else 0
    with EventStore.open(load_settings().effective_database_url, migrate=False) as store:
        roots, stored = checkpoint_roots(store, files)
        feed = SignatureFeed(store, founder, trusted)  # the seals and signatures, in the chain's walk
        report = verify_chain(store.engine, store.dialect, leaves=roots, rows=feed)
        report = full_verdict(report, store, load_settings().documents_dir, witness or [], feed)
        report, proved = with_checkpoints(report, store, roots, stored, files)
    if as_json:
        print_json(public(report, roots, stored, proved))
    elif report.ok:
        sys.stdout.write(
            f"Цепочка цела: событий {n(report.events)}, последняя позиция {n(report.head_position or 0)}, "
            f"хеш {report.head}; подписей действий: {n(report.signatures or 0)}; "
            f"печатей: {n(report.seals or 0)}\n"
            f"Дерево Меркла: корень {roots.tree.root().hex()}; "
            f"контрольных точек журнала проверено: {n(len(stored))}\n"
        )
        if report.trusted_through:
            sys.stdout.write(
                f"Печати и подписи первых {n(report.trusted_through)} событий не проверялись повторно: "
                f"журнал продолжает уже проверенную контрольную точку {verified}\n"
            )
        if report.founder:
            sys.stdout.write(
                f"Первый администратор: {report.founder['login']}, ключ {report.founder['fingerprint']}\n"
            )
        for done in proved:
            size = n(done["size"])
            sys.stdout.write(f"Журнал продолжает контрольную точку {done['file']} (событий {size})\n")
        if report.signatures_checked is False:
            sys.stdout.write(f"{NOT_CHECKED}\n")
    elif report.position is not None:
        sys.stdout.write(f"Цепочка нарушена на позиции {report.position}: {report.reason}\n")
    else:  # a checkpoint the log no longer extends: no one position is to blame
        sys.stdout.write(f"Журнал не прошёл проверку: {report.reason}\n")
    if not report.ok:
        raise typer.Exit(1)


@audit_app.command("history", help="События потока по порядку: кто и когда действовал.")
def history_command(
    stream: str = typer.Argument(..., help="Поток, например obligation/2023/05/77 (или 2023/05/77)."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """The stream's events in order, with who acted and when."""
    from store.event_store import EventStore

    name = stream_of(stream) if _OBLIGATION_ID.match(stream) else stream
    with EventStore.open(load_settings().effective_database_url, migrate=False) as store:
        events = store.read_stream(name)
    if not events:
        raise EciError(f"в потоке {name} нет событий", 1, code="empty_stream")
    if as_json:
        print_json(
            [
                {
                    "position": e.position,
                    "version": e.version,
                    "event_id": str(e.event_id),
                    "type": e.type,
                    "schema_version": e.schema_version,
                    "occurred_at": e.occurred_at.isoformat(),
                    "recorded_at": e.recorded_at.isoformat(),
                    "metadata": e.metadata.model_dump(mode="json"),
                    "payload": e.event.model_dump(mode="json"),
                    "hash": e.hash,
                }
                for e in events
            ]
        )
        return
    print_table(
        ["версия", "позиция", "событие", "кто", "когда (МСК)", "записано (МСК)"],
        [
            [
                e.version,
                e.position,
                e.type,
                _who(e.metadata),
                e.occurred_at.astimezone(MOSCOW).strftime("%Y-%m-%d %H:%M:%S"),
                e.recorded_at.astimezone(MOSCOW).strftime("%Y-%m-%d %H:%M:%S"),
            ]
            for e in events
        ],
    )


def _who(metadata: Any) -> str:
    """`Name (login), role` for a person's action, the actor alone otherwise."""
    if metadata.login:
        return f"{metadata.name} ({metadata.login}), {metadata.actor}"
    return str(metadata.actor)


def register(app: typer.Typer) -> None:
    """Add the `audit` group."""
    app.add_typer(audit_app, name="audit")
