"""Documents in the event store's database, on both engines: content-addressed, chunked, tamper-evident."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from store.document_db import CHUNK, DatabaseDocuments, chunks_table
from store.documents import DocumentStore
from store.errors import StoreError
from store.event_store import EventStore

CONTENT = b"%PDF-1.4 order 12-p\n" * 100


def test_a_document_round_trips_and_is_stored_once(event_store: EventStore) -> None:
    files = DatabaseDocuments(event_store.engine)
    first = files.put(CONTENT, "prikaz.pdf", "application/pdf")
    again = files.put(CONTENT, "копия.pdf", "application/pdf")
    assert first.sha256 == again.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert (first.filename, again.filename) == ("prikaz.pdf", "копия.pdf")
    assert files.count() == 1
    assert files.read(first.sha256) == CONTENT
    assert files.has(first.sha256)
    assert files.size(first.sha256) == len(CONTENT)


def test_a_large_file_is_streamed_in_chunks_and_copied_out_checked(
    event_store: EventStore, tmp_path: Path
) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF" + bytes(range(256)) * (5 * CHUNK // 256))
    files = DatabaseDocuments(event_store.engine)
    stored = files.put(big, big.name, "application/pdf")
    with event_store.engine.connect() as conn:
        chunks = conn.execute(select(func.count()).select_from(chunks_table)).scalar()
    assert chunks == 6, "5 MiB and a few bytes: six chunks of at most 1 MiB"
    out = tmp_path / "out.pdf"
    assert files.copy_to(stored.sha256, out) == big.stat().st_size
    assert out.read_bytes() == big.read_bytes()


def test_an_altered_chunk_is_caught_and_nothing_is_copied(event_store: EventStore, tmp_path: Path) -> None:
    files = DatabaseDocuments(event_store.engine)
    stored = files.put(CONTENT, "prikaz.pdf", "application/pdf")
    with event_store.engine.begin() as conn:
        conn.execute(update(chunks_table).values(data=b"forged"))
    assert not files.verify(stored.sha256)
    with pytest.raises(StoreError, match="изменён"):
        files.read(stored.sha256)
    with pytest.raises(StoreError, match="изменён"):
        files.copy_to(stored.sha256, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_a_document_not_stored_is_one_error(event_store: EventStore) -> None:
    files = DatabaseDocuments(event_store.engine)
    with pytest.raises(StoreError, match="нет в хранилище"):
        files.read("0" * 64)
    with pytest.raises(StoreError, match="не отпечаток SHA-256"):
        files.has("../../etc/passwd")


def test_files_of_the_old_file_store_are_read_and_moved_in(event_store: EventStore, tmp_path: Path) -> None:
    old = DocumentStore(tmp_path / "documents")
    kept = old.put(CONTENT, "prikaz.pdf", "application/pdf")
    files = DatabaseDocuments(event_store.engine, tmp_path / "documents")
    assert files.read(kept.sha256) == CONTENT, "read from the file until it is moved in"
    assert files.move_in(old) == 1
    assert files.move_in(old) == 0, "moving again moves nothing"
    assert DatabaseDocuments(event_store.engine).read(kept.sha256) == CONTENT
