"""Content-addressed document files: the SHA-256 of the bytes names the file, so a file is stored once
and any change to it is evident."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from domain.documents import StoredFile
from store.errors import StoreError

_CHUNK = 1 << 20
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class DocumentStore:
    """Files under `root/ab/abcdef…` named by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        """Where the file with this hash lives."""
        if not _SHA256.match(sha256):
            raise StoreError(f"«{sha256}» — не отпечаток SHA-256 (64 шестнадцатеричные цифры)", "bad_sha256")
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes | Path, filename: str, media_type: str) -> StoredFile:
        """Store bytes or a file's contents once; returns its fingerprint for the event."""
        name = clean_filename(filename)
        media = media_type.strip().lower()
        if not _MEDIA_TYPE.match(media):
            raise StoreError(f"недопустимый тип содержимого «{media_type}»", "bad_media_type")
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(content):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            target = self.path_for(sha)
            if target.exists():
                os.unlink(tmp_name)
            else:
                target.parent.mkdir(exist_ok=True)
                os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
        return StoredFile(sha256=sha, size=size, media_type=media, filename=name)

    def has(self, sha256: str) -> bool:
        """Whether the file is stored."""
        return self.path_for(sha256).exists()

    def read(self, sha256: str) -> bytes:
        """The file's bytes, checked against its name."""
        path = self.path_for(sha256)
        if not path.exists():
            raise StoreError(f"документа {sha256} нет в хранилище", "no_such_document")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(
                f"документ {sha256} изменён на диске: отпечаток не совпадает", "document_altered"
            )
        return data

    def verify(self, sha256: str) -> bool:
        """True if the stored file still hashes to its name."""
        path = self.path_for(sha256)
        if not path.exists():
            return False
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _chunks(content: bytes | Path) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray):
        yield bytes(content)
        return
    path = Path(content)
    if not path.is_file():
        raise StoreError(f"{path}: файла нет", "no_such_file")
    with path.open("rb") as f:
        while chunk := f.read(_CHUNK):
            yield chunk


def clean_filename(filename: str) -> str:
    """A file name as stored: its last path part, without control characters, at most 255 characters."""
    name = os.path.basename(filename.replace("\\", "/")).strip()
    if not name or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise StoreError(f"недопустимое имя файла «{filename}»", "bad_file_name")
    return name[:255]
