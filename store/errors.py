"""Errors of the event store; each reads as one line for the CLI."""

from __future__ import annotations

from domain.errors import DomainError


# Subclassing DomainError lets every command print store failures as `eci: error: …` without extra handling.
class StoreError(DomainError):
    """The store refused an operation; nothing was written."""


class ConcurrencyConflict(StoreError):
    """Another writer appended to the stream first: the expected version no longer holds."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        super().__init__(
            f"поток {stream} изменился одновременно с этой записью: ожидалась версия {expected}, "
            f"в хранилище {actual}",
            "concurrency_conflict",
        )
        self.stream = stream
        self.expected = expected
        self.actual = actual


class SchemaMismatch(StoreError):
    """The database was written by a newer eci, or was never initialised."""


class NoStore(SchemaMismatch):
    """The database holds no event store yet (`eci db init` creates it)."""
