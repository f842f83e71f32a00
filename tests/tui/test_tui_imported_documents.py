"""Documents imported from before the tracker (details, no stored file) show in the obligation's detail."""

from __future__ import annotations

import datetime as dt

from domain.documents import DocumentDetails, DocumentKind, StoredFile, SubmittedDocument
from domain.history_import.events import ImportSource, SubmissionImported
from domain.obligation.events import DocumentSubmitted
from tui.detail_model import event_details, submitted_documents
from tui.source import TimelineEntry

AT = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
ORDER = DocumentDetails(kind=DocumentKind.ORDER, number="12-п", date=dt.date(2023, 4, 1), issuer="Минздрав")
SOURCE = ImportSource(file_name="history.csv", file_sha256="a" * 64, line=2)


def entry(event: object, position: int) -> TimelineEntry:
    return TimelineEntry(position, type(event).type, event, "coordinator", AT, AT)  # type: ignore[attr-defined]


def test_imported_documents_are_listed_without_a_file_and_live_ones_with_their_hash() -> None:
    imported = SubmissionImported(
        obligation_id="2023/05/77", submitted_on=dt.date(2023, 4, 2), documents=(ORDER,), source=SOURCE
    )
    stored = StoredFile(sha256="b" * 64, size=10, media_type="application/pdf", filename="order.pdf")
    document = SubmittedDocument(details=ORDER, file=stored)
    live = DocumentSubmitted(obligation_id="2023/05/77", documents=(document,))
    old, new = submitted_documents([entry(imported, 1), entry(live, 2)])
    assert (old.number, old.sha256, old.filename) == ("12-п", None, None)
    assert (new.number, new.sha256, new.filename) == ("12-п", "b" * 64, "order.pdf")


def test_an_imported_submission_is_described_in_the_timeline() -> None:
    imported = SubmissionImported(
        obligation_id="2023/05/77", submitted_on=dt.date(2023, 4, 2), documents=(ORDER,), source=SOURCE
    )
    assert "№ 12-п от 01.04.2023" in event_details(imported)
