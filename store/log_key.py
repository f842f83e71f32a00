"""The log key: the Ed25519 key that signs the log's checkpoints.

It is the deployment's key, kept as its reply-token key is: a PEM file in the data dir (by default
`log.ed25519.pem`), created on first use with the data dir's file mode (the process umask makes it 0600,
or 0660 for a data dir shared with a group of coordinators, whose processes all sign), and refused when
anyone outside may read it. Its id, the first 16 hex digits of the SHA-256 of the public key, is what
auditors and regions keep to recognise the log's checkpoints.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.identity.ed25519 import PrivateKeyNames
from store.errors import StoreError


@dataclass(frozen=True)
class LogKey(PrivateKeyNames):
    """The private key and the names it goes by."""

    private: Ed25519PrivateKey


def load_log_key(path: Path) -> LogKey:
    """The key in `path`, created if there is none; StoreError if users outside its group may read it."""
    if not path.exists():
        _create(path)
    info = path.stat()
    if info.st_mode & stat.S_IRWXO:
        raise StoreError(
            f"{path}: ключ журнала доступен другим пользователям; выполните `chmod 600` "
            "(`chmod 660`, если ключ общий для группы)",
            "key_readable_by_others",
        )
    try:
        private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError as exc:
        raise StoreError(f"{path}: это не закрытый ключ в формате PEM: {exc}", "not_a_key") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise StoreError(f"{path}: это не закрытый ключ Ed25519", "not_a_key")
    return LogKey(private)


def _create(path: Path) -> None:
    """Write a fresh key beside `path` and link it into place: racing creators keep the first one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o660)  # less the umask
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
            out.flush()
            os.fsync(out.fileno())
        try:
            os.link(partial, path)
        except FileExistsError:
            pass
    finally:
        partial.unlink(missing_ok=True)
