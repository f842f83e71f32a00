"""The gate every command that touches the tracker's data passes first: the person running it must be a
registered user, decided before anything is read from the store, the Maildir or the documents, and with
nothing written for anyone else.

What a refused user learns is one line: that they are not registered, or that the data dir is closed to
them (its modes keep them out of an embedded store before `eci` can; the line says so instead of a
traceback). Which commands pass through here is `eci.cli.access`'s list.
"""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

from config.settings import Settings
from domain.identity.users import active
from eci.errors import EciError
from eci.identity import directory
from eci.identity.principal import not_registered, os_login, owns_data_dir
from store.errors import NoStore, SchemaMismatch
from store.event_store import EventStore


def _whose(path: Path) -> str:
    info = path.stat()
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = str(info.st_uid)
    return f"владелец {owner}, {stat.S_IMODE(info.st_mode):04o}"


def _require_open(settings: Settings, store_file: Path) -> None:
    """A one-line refusal when the OS keeps this login out of the data dir or the store's file."""
    for path, needed in ((settings.data_dir, os.R_OK | os.X_OK), (store_file, os.R_OK)):
        if path.exists() and not os.access(path, needed):
            raise EciError(
                f"{path} закрыт для {os_login()} ({_whose(path)}): трекером этого каталога данных "
                "пользуются его владелец и участники группы ECI_DATA_GROUP"
            )


def require_user(settings: Settings, *, setup: bool = False) -> None:
    """EciError in one line unless the OS user is a registered, not removed, user of this store.

    Until a store has its first user, someone must be let in to make one: on an embedded store the data
    dir's owner (who becomes the first user on their first action), on a production database the
    set-up commands (`setup`: the schema, `eci doctor`, the first `eci users add`). The gate itself
    writes nothing.
    """
    login = os_login()
    store_file = settings.data_dir / "events.sqlite3"
    may_begin = setup
    if settings.is_embedded:
        _require_open(settings, store_file)
        may_begin = owns_data_dir(settings)
        if not store_file.exists():
            if may_begin:
                return  # the command creates its own store
            raise not_registered(login)
    # Only the data dir's owner may bring an embedded store's schema up to date on the way in; no one
    # upgrades a production database but `eci db upgrade`.
    try:
        store = EventStore.open(settings.effective_database_url, migrate=settings.is_embedded and may_begin)
    except NoStore:
        if may_begin:
            return
        raise not_registered(login) from None  # an empty database has no users
    except SchemaMismatch:
        if setup:
            return
        raise
    with store:
        users = active(directory.read_users(store))
    if login in users or (not users and may_begin):
        return
    raise not_registered(login)
