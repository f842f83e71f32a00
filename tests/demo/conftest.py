"""A dev server of this package's own (the demo's obligation ids must not meet other packages' workflows),
and a mail sink for the demo's mail."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from pathlib import Path

import pytest
from fixtures_temporal import dev_server_in

from eci.runtime.devserver import DevServer
from notifications.sink import SinkHandle, free_port, start_maildir_sink


@pytest.fixture(scope="module")
def temporal_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """A file-backed dev server for this module's tests only."""
    yield from dev_server_in(tmp_path_factory)


@pytest.fixture
def demo_sink(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SinkHandle]:
    """The demo's mail goes to a Maildir sink of the test's own (never to a port someone else holds)."""
    handle = start_maildir_sink(tmp_path / "sink", port=free_port())
    monkeypatch.setenv("ECI_SMTP_PORT", str(handle.port))
    monkeypatch.setenv("ECI_SMTP_RATE_PER_SECOND", "0")
    yield handle
    handle.stop()


def sink_kinds(sink: SinkHandle) -> Counter[str]:
    """How many messages of each kind (the X-ECI-Kind header) the sink holds."""
    kinds: Counter[str] = Counter()
    for path in (sink.maildir / "new").iterdir():
        headers = BytesHeaderParser().parsebytes(path.read_bytes())
        kinds[str(headers.get("X-ECI-Kind", "?"))] += 1
    return kinds
