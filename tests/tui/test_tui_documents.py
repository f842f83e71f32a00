"""The obligation detail saves the submitted documents out of the event store's database (`s`)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from tui_pilot import poll_until, ready, text_of
from tui_sample_store import TODAY

from domain.documents import DocumentDetails, DocumentKind, SubmittedDocument
from domain.eventing.metadata import EventMetadata
from domain.obligation.events import DocumentSubmitted
from store.document_db import DatabaseDocuments
from store.event_store import EventStore, NewEvent
from tui.app import EciApp
from tui.catalog import plan_catalog
from tui.screens.detail import DetailScreen
from tui.store_source import StoreSource

OID = "2024/05/77"
CONTENT = b"%PDF-1.4 the region's order\n%%EOF\n"


async def test_s_saves_the_documents_from_the_database(store_url: str, tmp_path: Path) -> None:
    with EventStore.open(store_url) as store:
        stored = DatabaseDocuments(store.engine).put(CONTENT, "prikaz-41.pdf", "application/pdf")
        details = DocumentDetails(
            kind=DocumentKind.ORDER, number="41", date=dt.date(2024, 3, 1), issuer="Минздрав"
        )
        event = DocumentSubmitted(
            obligation_id=OID, documents=(SubmittedDocument(details=details, file=stored),)
        )
        meta = EventMetadata(actor="region:77", role="region")
        store.append(
            f"obligation/{OID}", [NewEvent(event, uuid.uuid4(), meta, dt.datetime(2024, 3, 2, tzinfo=dt.UTC))]
        )
    out = tmp_path / "exports"
    app = EciApp(
        StoreSource.open(store_url), plan_catalog(), today=lambda: TODAY, poll_seconds=0.3, export_dir=out
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.push_screen(DetailScreen(OID))
        await poll_until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.history_read)
        await pilot.press("s")
        await poll_until(pilot, lambda: "Сохранено документов" in text_of(app, "#message"))
        assert "нет в базе" in text_of(app, "#message"), "the sample's own documents were never stored"
    [saved] = [p for p in (out / "2024-05-77").iterdir() if p.name.endswith("prikaz-41.pdf")]
    assert saved.read_bytes() == CONTENT
