"""Content-addressed documents: named by SHA-256, stored once, tampering evident."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from store.documents import DocumentStore
from store.errors import StoreError

CONTENT = "Приказ № 12-п".encode()


def test_bytes_and_file_with_same_content_are_stored_once(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "documents")
    source = tmp_path / "order.pdf"
    source.write_bytes(CONTENT)
    first = store.put(CONTENT, "order.pdf", "application/pdf")
    second = store.put(source, "/home/user/копия.pdf", "Application/PDF")
    assert first.sha256 == second.sha256 == hashlib.sha256(CONTENT).hexdigest()
    assert (second.filename, second.media_type, second.size) == ("копия.pdf", "application/pdf", len(CONTENT))
    stored = [p for p in (tmp_path / "documents").rglob("*") if p.is_file()]
    assert stored == [store.path_for(first.sha256)]
    assert store.read(first.sha256) == CONTENT


def test_a_file_altered_on_disk_is_evident(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path)
    stored = store.put(CONTENT, "order.pdf", "application/pdf")
    store.path_for(stored.sha256).write_bytes(CONTENT + b"!")
    assert not store.verify(stored.sha256)
    with pytest.raises(StoreError, match="изменён на диске"):
        store.read(stored.sha256)


@pytest.mark.parametrize(
    ("filename", "media_type"), [("", "application/pdf"), ("a\nb.pdf", "application/pdf"), ("a.pdf", "pdf")]
)
def test_bad_names_and_media_types_are_refused(tmp_path: Path, filename: str, media_type: str) -> None:
    with pytest.raises(StoreError):
        DocumentStore(tmp_path).put(CONTENT, filename, media_type)
