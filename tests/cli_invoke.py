"""Run the `eci` command in-process, exactly as the console script does, capturing its output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from eci.cli import main


@dataclass(frozen=True)
class Outcome:
    """Exit code, stdout and stderr of one `eci` run."""

    code: int
    out: str
    err: str


def run_eci(
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    hard_exits: list[int] | None = None,
) -> Outcome:
    """`eci ARGS` through `eci.cli.main.run` (`run` registers the command groups once per process).

    The process exit `run` would make without finalizing the interpreter is recorded in `hard_exits`.
    """
    exits = [] if hard_exits is None else hard_exits
    monkeypatch.setattr(main, "_hard_exit", exits.append)  # stay in the test process
    monkeypatch.setattr(sys, "argv", ["eci", *args])
    capsys.readouterr()
    try:
        main.run()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    captured = capsys.readouterr()
    return Outcome(code=code, out=captured.out, err=captured.err)


def submit_order(
    eci: Callable[..., Outcome],
    obligation: str,
    region: str,
    folder: Path,
    *,
    date: str = "2026-11-02",
    issuer: str = "Минздрав",
) -> Outcome:
    """`eci submit` of an order «7-п» (a small PDF written to `folder`) as `region:REGION`."""
    order = folder / "prikaz.pdf"
    order.write_bytes(b"%PDF-1.4 order")
    return eci(
        "submit", obligation, "--file", order, "--kind", "order", "--number", "7-п",
        "--date", date, "--issuer", issuer, "--as", f"region:{region}",
    )  # fmt: skip
