"""Opening a page in headless Chromium (Debian's `chromium`; .ci/run installs it) and reading what it
rendered: a probe script added to a copy of the page measures elements after load and writes the result
into the DOM, which `--dump-dom` prints; the browser's console goes to stderr, where it is read too.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
_CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")
# Measures every chart, and every tile of every map, once the page has loaded; errors are collected too.
_PROBE = """<script>
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message)));
window.addEventListener('load', () => {
  const size = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const charts = [...document.querySelectorAll('svg.chart')]
    .map(s => ({key: s.dataset.chart, shown: size(s)}));
  const tiles = {};
  for (const el of document.querySelectorAll('[id*="-tile-"]')) {
    const [map, code] = el.id.split('-tile-');
    if (size(el)) (tiles[map] = tiles[map] || []).push(code);
  }
  const images = [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length;
  const out = document.createElement('pre');
  out.id = 'eci-probe';
  out.textContent = JSON.stringify({charts, tiles, brokenImages: images, errors: window.__errors});
  document.body.appendChild(out);
});
</script>"""


@dataclass(frozen=True)
class Rendered:
    """What the page showed: the probe's measurements and the console's lines."""

    probe: dict[str, Any]
    console: list[str]


def chromium() -> str:
    """The browser binary; the test fails (not skips) where it is missing, as CI installs it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (.ci/run does it)")
    return found


def render(page: Path, work: Path, timeout: float = 90) -> Rendered:
    """Open a copy of `page` with the probe in Chromium and return what it measured and logged."""
    text = page.read_text(encoding="utf-8")
    probed = work / f"probed-{page.name}"
    probed.write_text(text.replace("<head>", "<head>\n" + _PROBE, 1), encoding="utf-8")
    done = subprocess.run(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={work / 'chromium-profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            probed.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    found = re.search(r'<pre id="eci-probe">(.*?)</pre>', done.stdout, re.S)
    assert found, "the page never finished loading"
    console = [m.group(1) for line in done.stderr.splitlines() if (m := _CONSOLE.search(line))]
    return Rendered(json.loads(_unescape(found.group(1))), console)


def screenshot(page: Path, out: Path, work: Path, width: int = 1280, height: int = 2000) -> None:
    """A PNG of the page's top `height` pixels at `width` (the documentation's pictures)."""
    subprocess.run(
        [
            chromium(),
            *FLAGS,
            f"--user-data-dir={work / 'chromium-profile'}",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--screenshot={out}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=90,
        check=True,
    )


def _unescape(text: str) -> str:
    return text.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
