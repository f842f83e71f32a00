"""Schema migrations (Alembic, shipped inside the package so they run from any directory)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from store.engine import make_engine
from store.errors import SchemaMismatch

_HERE = Path(__file__).resolve().parent
ALEMBIC_INI = _HERE / "alembic.ini"
SCRIPT_LOCATION = _HERE / "migrations"

# Alembic narrates every step at INFO; the commands report the outcome themselves.
logging.getLogger("alembic").setLevel(logging.WARNING)


def alembic_config() -> Config:
    """The Alembic configuration with the script location resolved from this package."""
    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    return config


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The newest revision this eci knows."""
    head = _script().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, None if it was never initialised."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def schema_state(engine: Engine) -> str:
    """`current`, `behind` or `empty`; SchemaMismatch if a newer eci wrote the database."""
    current = current_revision(engine)
    if current is None:
        return "empty"
    if current == head_revision():
        return "current"
    try:
        _script().get_revision(current)
    except Exception:
        raise SchemaMismatch(
            f"версия схемы базы данных {current!r} новее известной этой версии eci "
            f"(новейшая {head_revision()!r}): обновите eci",
            "schema_too_new",
        ) from None
    return "behind"


def upgrade(url: str, revision: str = "head") -> str:
    """Bring the database at `url` up to `revision`; returns the revision it is at afterwards."""
    engine = make_engine(url, immediate=True)
    try:
        schema_state(engine)
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, revision)
        current = current_revision(engine)
        assert current is not None
        return current
    finally:
        engine.dispose()
