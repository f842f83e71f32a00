"""The document files behind the events: each must still be stored, with the size and hash recorded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from store.document_db import DatabaseDocuments
from store.engine import Dialect
from store.report_queries import indexed_documents


@dataclass(frozen=True)
class DocumentProblem:
    """A stored document that no longer matches its events: why (Russian) and the check's code."""

    sha256: str
    position: int
    reason: str
    code: str


def check_documents(engine: Engine, dialect: Dialect, documents_dir: Path) -> list[DocumentProblem]:
    """Every submitted document stored (in the database, or a file not yet moved in), of the recorded
    size, hashing to its name."""
    files = DatabaseDocuments(engine, documents_dir)
    problems = []
    for sha256, size, position in indexed_documents(engine, dialect):
        stored = files.size(sha256)
        if stored is None:
            reason = f"документ {sha256} упомянут в событиях, но не хранится"
            problems.append(DocumentProblem(sha256, position, reason, "document_missing"))
        elif stored != size:
            reason = f"документ {sha256} изменён: хранится {stored} байт, а в событиях — {size}"
            problems.append(DocumentProblem(sha256, position, reason, "document_size_mismatch"))
        elif not files.verify(sha256):
            reason = f"документ {sha256} изменён: SHA-256 хранимого файла не совпадает с записанным"
            problems.append(DocumentProblem(sha256, position, reason, "document_altered"))
    return problems
