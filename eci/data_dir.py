"""A closed data dir: its owner's alone (directories 0700, files 0600), or shared with one group of
coordinators (`ECI_DATA_GROUP`: setgid directories 2770, files 0660).

Two mechanisms, so that no file depends on its creator remembering a mode:
- the process umask (077, or 007 with a group), set as `eci` starts and inherited by the stack's
  processes: the store's SQLite file and its -wal/-shm, the Maildir, documents, logs and Temporal's
  own database are made closed by whoever makes them;
- `close_data_dir`, run by `eci up`, `eci demo`, `eci db init` and `eci db upgrade`: it creates the
  directory with its mode and group, and closes what an older eci left open.

Signing keys stay 0600 in their 0700 folders in either mode: a key is one person's.
"""

from __future__ import annotations

import grp
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from config.settings import Settings
from eci.errors import EciError

# What eci makes in a data dir: only these are closed when an older tree is found open, so a data dir
# pointed at a folder that holds other things (a home directory) changes nothing else there.
_OWN_NAMES = frozenset({"intake.key", "log.ed25519.pem", "mail", "documents", "demo", "exports"})
_OWN_PREFIXES = ("events.sqlite3", "temporal.sqlite3")
_OWN_SUFFIXES = (".log", ".pid", ".json")
_KEY_FOLDER = "keys"


@dataclass(frozen=True)
class DataModes:
    """The modes the data dir's directories and files get, the umask that yields them, and the group."""

    directory: int
    file: int
    umask: int
    group: str | None = None
    gid: int | None = None

    def describe(self) -> str:
        """`0700/0600`, or `2770/0660, группа G`."""
        text = f"{self.directory:04o}/{self.file:04o}"
        return text if self.group is None else f"{text}, группа {self.group}"


PRIVATE = DataModes(directory=0o700, file=0o600, umask=0o077)


def data_modes(group: str | None) -> DataModes:
    """Private, or shared with the group `ECI_DATA_GROUP` names (a one-line error when there is none)."""
    name = (group or "").strip()
    if not name:
        return PRIVATE
    try:
        gid = grp.getgrnam(name).gr_gid
    except KeyError:
        raise EciError(f"ECI_DATA_GROUP={name}: такой группы нет на этом сервере") from None
    return DataModes(directory=0o2770, file=0o660, umask=0o007, group=name, gid=gid)


def use_umask(modes: DataModes) -> int:
    """Make everything this process (and its children) creates closed; returns the previous umask."""
    return os.umask(modes.umask)


def _is_own(name: str) -> bool:
    return name in _OWN_NAMES or name.startswith(_OWN_PREFIXES) or name.endswith(_OWN_SUFFIXES)


def _close(path: Path, info: os.stat_result, mode: int, gid: int | None) -> bool:
    """Set one entry's mode (and group); False when it already had them or is not ours to change."""
    changed = False
    try:
        if gid is not None and info.st_gid != gid:
            os.chown(path, -1, gid, follow_symlinks=False)
            changed = True
        if stat.S_IMODE(info.st_mode) != mode:
            os.chmod(path, mode)
            changed = True
    except PermissionError:  # another user's file in a shared data dir: its owner's `eci up` closes it
        return False
    return changed


def _close_tree(root: Path, modes: DataModes, private: bool) -> int:
    """Close one of eci's entries and, for a directory, everything under it; returns how many changed."""
    info = root.lstat()
    if stat.S_ISLNK(info.st_mode):
        return 0
    private = private or root.name == _KEY_FOLDER
    dir_mode, file_mode = (PRIVATE.directory, PRIVATE.file) if private else (modes.directory, modes.file)
    if private:  # a key folder in a shared data dir keeps the setgid bit it was made with
        dir_mode |= info.st_mode & stat.S_ISGID
    gid = None if private else modes.gid
    if not stat.S_ISDIR(info.st_mode):
        return int(_close(root, info, file_mode, gid))
    changed = int(_close(root, info, dir_mode, gid))
    try:
        children = list(root.iterdir())
    except PermissionError:  # another member's private folder
        return changed
    for child in children:
        changed += _close_tree(child, modes, private)
    return changed


def prepare_data_dir(settings: Settings) -> DataModes:
    """Create the data dir with its mode and group if it is missing; returns the modes in force."""
    modes = data_modes(settings.data_group)
    path = settings.data_dir
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        _set_dir(path, modes)
    return modes


def _set_dir(path: Path, modes: DataModes) -> bool:
    """The data dir's own mode and group; unlike the files in it, a failure here is an error."""
    info = path.stat()
    changed = False
    if modes.gid is not None and info.st_gid != modes.gid:
        try:
            os.chown(path, -1, modes.gid)
        except PermissionError:
            raise EciError(
                f"{path}: не сменить группу на {modes.group} (ECI_DATA_GROUP): вы не состоите в этой группе"
            ) from None
        changed = True
    if stat.S_IMODE(info.st_mode) != modes.directory:
        os.chmod(path, modes.directory)
        changed = True
    return changed


def close_data_dir(settings: Settings) -> int:
    """Create the data dir, or close an existing one and eci's files in it; returns how many changed."""
    modes = prepare_data_dir(settings)
    path = settings.data_dir
    info = path.stat()
    changed = 0
    if info.st_uid == os.geteuid():
        changed += int(_set_dir(path, modes))
    for entry in path.iterdir():
        if _is_own(entry.name):
            changed += _close_tree(entry, modes, private=False)
    return changed


def close_files(settings: Settings, paths: list[Path]) -> None:
    """Give files another program created (Temporal's database: 0644 less the umask) the data dir's mode."""
    modes = data_modes(settings.data_group)
    for path in paths:
        try:
            _close(path, path.lstat(), modes.file, modes.gid)
        except FileNotFoundError:
            continue


def closed_note(settings: Settings, changed: int) -> str | None:
    """The line `eci up` and `eci db init` print when they closed an open data dir."""
    if not changed:
        return None
    modes = data_modes(settings.data_group)
    return (
        f"каталог данных {settings.data_dir} закрыт: права изменены у {changed} файлов и каталогов "
        f"({modes.describe()})"
    )
