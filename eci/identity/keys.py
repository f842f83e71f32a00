"""A person's Ed25519 signing key: created once under their own config directory, readable by them only.

Only the public half is registered in the store (`UserKeyRegistered`); the private half never leaves
the file, which is refused if its mode lets anyone else read it.
"""

from __future__ import annotations

import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from config.settings import Settings
from domain.identity.ed25519 import PrivateKeyNames
from eci.errors import EciError


@dataclass(frozen=True)
class SigningKey(PrivateKeyNames):
    """One login's private key, and the public key and id the store knows it by."""

    login: str
    private: Ed25519PrivateKey


def key_dir(settings: Settings) -> Path:
    """`ECI_KEY_DIR`, else `~/.config/eci` of the OS user (from the password database, not $HOME)."""
    if settings.key_dir is not None:
        return settings.key_dir
    return Path(pwd.getpwuid(os.geteuid()).pw_dir) / ".config" / "eci"


def key_path(directory: Path, login: str) -> Path:
    """Where `login`'s private key is kept in `directory`."""
    return directory / f"{login}.ed25519.pem"


def load_key(directory: Path, login: str) -> SigningKey | None:
    """The login's key from `directory`, None if there is none; EciError if others could read it."""
    path = key_path(directory, login)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise EciError(
            f"{path}: закрытый ключ доступен другим пользователям; "
            "выполните `chmod 600` или создайте новый ключ",
            code="key_readable_by_others",
        )
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise EciError(f"{path}: это не закрытый ключ Ed25519", code="not_a_key")
    return SigningKey(login, private)


def create_key(directory: Path, login: str, *, replace: bool = False) -> SigningKey:
    """A new key written to `directory` (mode 0700) as a file of mode 0600, created atomically."""
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = key_path(directory, login)
    temporary = path.with_suffix(".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    if path.exists() and not replace:
        temporary.unlink()
        raise EciError(f"{path}: ключ уже создан (новый ключ создаёт --rotate)", code="key_exists")
    temporary.replace(path)
    return SigningKey(login, private)
