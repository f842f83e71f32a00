"""`eci db init|upgrade|rebuild|stats`: the event store's schema and read models."""

from __future__ import annotations

import sys
import time

import typer
from sqlalchemy.engine import make_url

from config.settings import load_settings
from eci.cli.output import print_json, print_table

db_app = typer.Typer(help="База событий: схема, проекции, статистика.", no_args_is_help=True)


def _url() -> str:
    return load_settings().effective_database_url


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _close_data_dir() -> None:
    """An embedded store's data dir is made closed, or closed if an older eci left it open."""
    from eci.data_dir import close_data_dir, closed_note

    settings = load_settings()
    if not settings.is_embedded:
        return
    note = closed_note(settings, close_data_dir(settings))
    if note:
        sys.stdout.write(note + "\n")


@db_app.command("init", help="Создать базу событий (или обновить её схему).")
def init_command() -> None:
    """Create the event store (or bring it up to date)."""
    from store.engine import make_engine
    from store.migrate import current_revision, upgrade

    url = _url()
    _close_data_dir()
    engine = make_engine(url)
    try:
        before = current_revision(engine)
    finally:
        engine.dispose()
    revision = upgrade(url)
    if before is None:
        sys.stdout.write(f"База событий создана: {_shown(url)} (ревизия {revision})\n")
    else:
        sys.stdout.write(f"База событий уже создана: {_shown(url)} (ревизия {revision})\n")


@db_app.command(
    "upgrade",
    help="Применить недостающие миграции схемы; перенести документы из файлов каталога данных в базу.",
)
def upgrade_command() -> None:
    """Apply pending schema migrations."""
    from store.engine import make_engine
    from store.migrate import current_revision, upgrade

    url = _url()
    _close_data_dir()
    engine = make_engine(url)
    try:
        before = current_revision(engine)
    finally:
        engine.dispose()
    revision = upgrade(url)
    change = "без изменений" if before == revision else f"{before or '—'} → {revision}"
    sys.stdout.write(f"Схема базы событий: {change}\n")
    moved = _move_documents_in(url)
    if moved:
        where = load_settings().documents_dir
        sys.stdout.write(
            f"Документов перенесено в базу: {moved} (файлы в {where} оставлены, их можно удалить)\n"
        )


def _move_documents_in(url: str) -> int:
    """Copy the documents an older release kept as files under the data dir into the database."""
    from store.document_db import DatabaseDocuments
    from store.documents import DocumentStore
    from store.event_store import EventStore

    files = DocumentStore(load_settings().documents_dir)
    if not files.root.is_dir():
        return 0
    with EventStore.open(url, migrate=False) as store:
        return DatabaseDocuments(store.engine).move_in(files)


@db_app.command("rebuild", help="Перестроить все проекции по журналу событий.")
def rebuild_command() -> None:
    """Rebuild every projection from the event log."""
    from store.event_store import EventStore
    from store.rebuild import rebuild_projections

    started = time.perf_counter()
    with EventStore.open(_url(), migrate=False) as store:
        folded = rebuild_projections(store.engine, store.dialect)
    sys.stdout.write(f"Проекции перестроены: {folded} событий за {time.perf_counter() - started:.1f} с\n")


@db_app.command("stats", help="События, потоки, последняя позиция и размер базы событий.")
def stats_command(as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы.")) -> None:
    """Events, streams, last position and size of the store."""
    from store.event_store import EventStore
    from store.stats import store_stats

    with EventStore.open(_url(), migrate=False) as store:
        stats = store_stats(store)
    if as_json:
        print_json(stats)
        return
    print_table(
        ["показатель", "значение"],
        [
            ["СУБД", stats.engine],
            ["событий", stats.events],
            ["потоков", stats.streams],
            ["последняя позиция", stats.last_position],
            ["позиция проекций", stats.projection_position],
            ["ревизия схемы", stats.schema_revision or "—"],
            ["размер, байт", stats.size_bytes],
        ],
    )


def register(app: typer.Typer) -> None:
    """Add the `db` group."""
    app.add_typer(db_app, name="db")
