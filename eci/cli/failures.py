"""Failures of the infrastructure (the database, the data dir's files, Temporal, the settings) as one
Russian line naming what failed and where; the traceback is for `eci --debug`.

Only the first line of a driver's own message is kept, and a database URL is shown without its password.
"""

from __future__ import annotations

import os
import pwd
import re
import sqlite3
import stat
import sys
from pathlib import Path

EXIT_INFRASTRUCTURE = 3
EXIT_UNEXPECTED = 1

_SECRET_IN_URL = re.compile(r"(//[^:/@]*:)[^@/]*@")
_URL_HINT = "ожидается postgresql+psycopg://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@ХОСТ:ПОРТ/БАЗА или sqlite:///ПУТЬ"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0].strip()


def _login() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def _owner(path: Path) -> str:
    """`владелец LOGIN, 0755` of a path, or `нет такого` when it is missing."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return "не существует"
    except OSError:
        return "недоступен"
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = str(info.st_uid)
    return f"владелец {owner}, {stat.S_IMODE(info.st_mode):04o}"


def _configured_url() -> str | None:
    """The store's URL as the settings give it (None when the settings themselves are broken)."""
    from pydantic import ValidationError

    from config.settings import load_settings

    try:
        return load_settings().effective_database_url
    except ValidationError:
        return None


def shown_url(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return _SECRET_IN_URL.sub(r"\1***@", url)


def _sqlite_file(url: str | None) -> Path | None:
    if not url or not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    return Path(database) if database and database != ":memory:" else None


def _sqlite(detail: str, url: str | None) -> str:
    """A SQLite failure: which file, whose, and what this login lacks."""
    path = _sqlite_file(url)
    where = f"{path} ({_owner(path)}; каталог: {_owner(path.parent)})" if path else "SQLite"
    login = _login()
    lowered = detail.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"база событий {where} открыта пользователю {login} только для чтения: писать в неё может "
            "владелец каталога данных или участник группы ECI_DATA_GROUP (docs/operations.md)"
        )
    if "unable to open" in lowered:
        return f"пользователю {login} не открыть базу событий {where}: нет доступа к файлу или каталогу"
    return f"ошибка базы событий {where}: {detail}"


_PG_REASONS = (
    ("connection refused", "соединение отвергнуто (сервер не запущен или слушает другой порт)"),
    ("password authentication failed", "неверный пользователь или пароль"),
    ("no password supplied", "не указан пароль"),
    ("could not translate host name", "неизвестное имя хоста"),
    ("name or service not known", "неизвестное имя хоста"),
    ("timeout", "сервер не ответил вовремя"),
    ("timed out", "сервер не ответил вовремя"),
)


def _postgres(detail: str, url: str | None) -> str:
    where = shown_url(url) if url else "ECI_DATABASE_URL"
    lowered = detail.lower()
    for needle, reason in _PG_REASONS:
        if needle in lowered:
            return f"база событий PostgreSQL {where} недоступна: {reason}"
    if "does not exist" in lowered:
        return f"база событий PostgreSQL {where}: {detail}"
    return f"ошибка базы событий PostgreSQL {where}: {detail}"


def _database(exc: BaseException) -> str | None:
    """A database failure, from SQLAlchemy or straight from a driver (raw-cursor paths)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

    url = _configured_url()
    if isinstance(exc, NoSuchModuleError):
        scheme = (url or "").partition(":")[0]
        return f"ECI_DATABASE_URL: неизвестный драйвер базы данных {scheme!r} ({_URL_HINT})"
    if isinstance(exc, ArgumentError):
        return f"ECI_DATABASE_URL не адрес базы данных: {shown_url(url or '')!r} ({_URL_HINT})"
    orig: BaseException = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    if isinstance(orig, sqlite3.Error):
        return _sqlite(_first_line(orig), url)
    module = type(orig).__module__
    if module.startswith("psycopg") or isinstance(exc, DBAPIError):
        detail = _first_line(orig).removeprefix("connection failed: ")
        if url and url.startswith("sqlite"):
            return _sqlite(detail, url)
        return _postgres(detail, url)
    return None


def _settings(exc: BaseException) -> str:
    from pydantic import ValidationError

    assert isinstance(exc, ValidationError)
    error = exc.errors()[0]
    name = "ECI_" + "_".join(str(part) for part in error["loc"]).upper()
    return f"настройка {name}={os.environ.get(name, '')!r}: {error['msg']}"


def _temporal(exc: BaseException) -> str:
    from config.settings import load_settings

    address = load_settings().temporal_address
    message = getattr(exc, "message", "") or _first_line(exc)
    return f"сервер Temporal {address} отказал: {message}"


def explain(exc: BaseException) -> tuple[str, int] | None:
    """One line and an exit status for an infrastructure failure; None when `exc` is none of them."""
    # A library this run never imported cannot have raised: look its error type up, never import it.
    alchemy = sys.modules.get("sqlalchemy.exc")
    if (
        isinstance(exc, sqlite3.Error)
        or (alchemy is not None and isinstance(exc, alchemy.SQLAlchemyError))
        or type(exc).__module__.startswith("psycopg")
    ):
        line = _database(exc)
        if line is not None:
            return line, EXIT_INFRASTRUCTURE
    pydantic = sys.modules.get("pydantic")
    if pydantic is not None and isinstance(exc, pydantic.ValidationError) and exc.title == "Settings":
        return _settings(exc), 2
    service = sys.modules.get("temporalio.service")
    if service is not None and isinstance(exc, service.RPCError):
        return _temporal(exc), EXIT_INFRASTRUCTURE
    return None


def unexpected(exc: BaseException) -> str:
    """The line for a failure nothing above names (a defect): its type and first line, and how to see more."""
    return f"непредвиденная ошибка {type(exc).__name__}: {_first_line(exc)} (подробности: eci --debug …)"
