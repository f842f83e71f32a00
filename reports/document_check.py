"""The document files behind the events: each must still be stored, with the size and hash recorded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from store.documents import DocumentStore
from store.engine import Dialect
from store.report_queries import indexed_documents


@dataclass(frozen=True)
class DocumentProblem:
    """A stored document that no longer matches its events."""

    sha256: str
    position: int
    reason: str


def check_documents(engine: Engine, dialect: Dialect, documents_dir: Path) -> list[DocumentProblem]:
    """Every submitted document's file present, of the recorded size, hashing to its name."""
    files = DocumentStore(documents_dir)
    problems = []
    for sha256, size, position in indexed_documents(engine, dialect):
        path = files.path_for(sha256)
        if not path.is_file():
            problems.append(DocumentProblem(sha256, position, f"document {sha256} is missing"))
        elif path.stat().st_size != size or not files.verify(sha256):
            problems.append(DocumentProblem(sha256, position, f"document {sha256} was altered on disk"))
    return problems
