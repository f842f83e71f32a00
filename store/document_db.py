"""Documents (and the raw messages the mail intake received) in the event store's database.

Content-addressed like the file store it replaces: the SHA-256 of the bytes names a document, so it is
stored once and any change to it is evident. The bytes go in chunks of 1 MiB, so neither a write nor a
read holds more than a chunk beyond what the caller asks for, on SQLite and PostgreSQL alike. One
database, one backup: every process of a deployment reads every document.

Files a process kept under its data dir before (`store.documents.DocumentStore`) are still read
through `legacy` until `eci db upgrade` moves them in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from domain.documents import StoredFile
from store.documents import DocumentStore, clean_filename
from store.errors import StoreError

CHUNK = 1 << 20
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

metadata = MetaData()
documents_table = Table(
    "documents",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(200), nullable=False),
    Column("chunks", Integer, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)
chunks_table = Table(
    "document_chunks",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("data", LargeBinary, nullable=False),
)


def _blocks(content: bytes | Path) -> Iterator[bytes]:
    if isinstance(content, bytes | bytearray):
        for start in range(0, max(len(content), 1), CHUNK):
            yield bytes(content[start : start + CHUNK])
        return
    path = Path(content)
    if not path.is_file():
        raise StoreError(f"{path}: файла нет", "no_such_file")
    with path.open("rb") as handle:
        first = True
        while (block := handle.read(CHUNK)) or first:
            first = False
            yield block


def _checked_sha(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise StoreError(f"«{sha256}» — не отпечаток SHA-256 (64 шестнадцатеричные цифры)", "bad_sha256")
    return sha256


class DatabaseDocuments:
    """Documents in the database behind `engine`; `legacy` is a file store still read from."""

    def __init__(self, engine: Engine, legacy: Path | None = None) -> None:
        self.engine = engine
        self.legacy = DocumentStore(legacy) if legacy is not None else None

    def put(self, content: bytes | Path, filename: str, media_type: str) -> StoredFile:
        """Store bytes or a file's contents once (a file is read twice, a chunk at a time, never whole)."""
        name = clean_filename(filename)
        media = media_type.strip().lower()
        if not _MEDIA_TYPE.match(media):
            raise StoreError(f"недопустимый тип содержимого «{media_type}»", "bad_media_type")
        digest, size, count = hashlib.sha256(), 0, 0
        for block in _blocks(content):
            digest.update(block)
            size += len(block)
            count += 1
        sha = digest.hexdigest()
        stored = StoredFile(sha256=sha, size=size, media_type=media, filename=name)
        if self._row(sha) is not None:
            return stored
        try:
            with self.engine.begin() as conn:
                for seq, block in enumerate(_blocks(content)):
                    conn.execute(insert(chunks_table).values(sha256=sha, seq=seq, data=block))
                conn.execute(
                    insert(documents_table).values(
                        sha256=sha,
                        size=size,
                        media_type=media,
                        chunks=count,
                        stored_at=dt.datetime.now(dt.UTC),
                    )
                )
        except IntegrityError:
            if self._row(sha) is None:  # not a concurrent writer of the same bytes: a real failure
                raise
        return stored

    def _row(self, sha256: str) -> tuple[int, int] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(documents_table.c.size, documents_table.c.chunks).where(
                    documents_table.c.sha256 == sha256
                )
            ).first()
        return (int(row[0]), int(row[1])) if row is not None else None

    def has(self, sha256: str) -> bool:
        """Whether the document is stored (here, or in the legacy file store)."""
        if self._row(_checked_sha(sha256)) is not None:
            return True
        return self.legacy is not None and self.legacy.has(sha256)

    def size(self, sha256: str) -> int | None:
        """The stored size, None if not stored."""
        row = self._row(_checked_sha(sha256))
        if row is not None:
            return row[0]
        if self.legacy is not None and self.legacy.has(sha256):
            return self.legacy.path_for(sha256).stat().st_size
        return None

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The document's bytes, a chunk at a time (unchecked: `read` and `copy_to` check the hash)."""
        row = self._row(_checked_sha(sha256))
        if row is None:
            if self.legacy is not None and self.legacy.has(sha256):
                yield self.legacy.read(sha256)
                return
            raise StoreError(f"документа {sha256} нет в хранилище", "no_such_document")
        for seq in range(row[1]):
            with self.engine.connect() as conn:
                data = conn.execute(
                    select(chunks_table.c.data).where(
                        chunks_table.c.sha256 == sha256, chunks_table.c.seq == seq
                    )
                ).scalar()
            if data is None:
                raise StoreError(f"документ {sha256} изменён: нет его части {seq}", "document_altered")
            yield bytes(data)

    def read(self, sha256: str) -> bytes:
        """The document's bytes, checked against its name."""
        data = b"".join(self.chunks(sha256))
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StoreError(f"документ {sha256} изменён: отпечаток не совпадает", "document_altered")
        return data

    def verify(self, sha256: str) -> bool:
        """True if the document is stored and still hashes to its name."""
        try:
            digest = hashlib.sha256()
            for block in self.chunks(sha256):
                digest.update(block)
        except StoreError:
            return False
        return digest.hexdigest() == sha256

    def copy_to(self, sha256: str, path: Path) -> int:
        """Write the document to `path` (checked as it streams; nothing left behind if it does not match)."""
        digest, size = hashlib.sha256(), 0
        partial = path.with_name(f".{path.name}.partial")
        try:
            with partial.open("wb") as out:
                for block in self.chunks(sha256):
                    digest.update(block)
                    size += len(block)
                    out.write(block)
            if digest.hexdigest() != sha256:
                raise StoreError(f"документ {sha256} изменён: отпечаток не совпадает", "document_altered")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return size

    def count(self) -> int:
        """How many documents the database holds."""
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents_table)).scalar() or 0)

    def move_in(self, files: DocumentStore) -> int:
        """Copy every file of a file store whose hash checks into the database; how many were new."""
        moved = 0
        root = files.root
        if not root.is_dir():
            return 0
        for path in sorted(root.glob("??/*")):
            sha = path.name
            if not _SHA256.match(sha) or self._row(sha) is not None or not files.verify(sha):
                continue
            self.put(path, sha, "application/octet-stream")
            moved += 1
        return moved
