"""`eci plan` and `eci regions`: the public JSON fields, Russian tables and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_invoke import Outcome, run_eci

ECI = Path(sys.executable).with_name("eci")
Eci = Callable[..., Outcome]


@pytest.fixture
def eci(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Eci:
    """Run `eci ARGS` in-process as the console script does."""
    return lambda *args: run_eci(list(args), capsys, monkeypatch)


def _json(outcome: Outcome) -> Any:
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def test_measures_json_lists_31_with_the_public_fields(eci: Eci) -> None:
    measures = _json(eci("plan", "measures", "--json"))
    assert isinstance(measures, list)
    assert [m["number"] for m in measures] == list(range(1, 32))
    fields = {"number", "section", "title", "deadline_text", "recurrence", "deadlines", "executors",
              "documents", "expected_result"}  # fmt: skip
    assert all(fields <= set(m) for m in measures)
    m24 = measures[23]
    assert m24["section"] == "V"
    assert m24["recurrence"] == "once"
    assert [d["due"] for d in m24["deadlines"]] == ["2022-12-31", "2023-06-30"]
    assert m24["executors"] == ["Минтруд России"]
    assert measures[3]["documents"][0]["kind"] == "report"


def test_measures_table_is_russian(eci: Eci) -> None:
    outcome = eci("plan", "measures")
    assert outcome.code == 0
    assert outcome.out.splitlines()[0].split()[:3] == ["№", "Раздел", "Срок"]
    assert "ежегодно, до 15.04 след. года" in outcome.out


def test_show_one_measure(eci: Eci) -> None:
    outcome = eci("plan", "show", "4")
    assert outcome.code == 0
    assert "Развитие и создание региональных ресурсно-методических центров ранней помощи" in outcome.out
    assert "ежегодно, до 15.04 года, следующего за отчётным" in outcome.out
    assert _json(eci("plan", "show", "20", "--json"))["executors"] == ["Минпросвещения России"]


def test_obligations_of_a_region_in_2023(eci: Eci) -> None:
    found = _json(eci("plan", "obligations", "--cycle", "2023", "--region", "77", "--json"))
    assert isinstance(found, list)
    assert len(found) == 27
    first = found[0]
    fields = {"id", "cycle", "measure", "participant", "due", "effective_due", "milestones", "reminders"}
    assert fields <= set(first)
    assert (first["id"], first["measure"], first["participant"]) == ("2023/01/77", 1, "77")
    assert first["reminders"] == [
        "2023-05-31T09:00:00+03:00",
        "2023-06-16T09:00:00+03:00",
        "2023-06-23T09:00:00+03:00",
        "2023-06-29T09:00:00+03:00",
    ]


def test_non_working_due_date_shows_its_effective_date(eci: Eci) -> None:
    # measure 3 is one-off («IV квартал 2023 года»): due on a Sunday, effective after the holidays
    args = ("plan", "obligations", "--cycle", "2023", "--region", "77", "--measure", "3")
    (obligation,) = _json(eci(*args, "--json"))
    assert (obligation["due"], obligation["effective_due"]) == ("2023-12-31", "2024-01-09")
    table = eci(*args)
    assert "31.12.2023  09.01.2024 (перенос)" in table.out


def test_every_annual_obligation_of_2024_is_due_with_the_report_on_15_april_2025(eci: Eci) -> None:
    found = _json(eci("plan", "obligations", "--cycle", "2024", "--region", "77", "--json"))
    assert len(found) == 19
    assert {o["due"] for o in found} == {"2025-04-15"}


def test_effective_dates_in_a_year_without_a_decree_are_marked_provisional(eci: Eci) -> None:
    args = ("plan", "obligations", "--region", "77", "--measure", "2")
    (later,) = _json(eci(*args, "--cycle", "2028", "--json"))
    (known,) = _json(eci(*args, "--cycle", "2026", "--json"))
    assert later["effective_due_provisional"] is True  # 15.04.2029: no decree for 2029 yet
    assert known["effective_due_provisional"] is False
    # 15 April 2029 is a Sunday: moved to Monday by the art. 112 reading alone
    assert "16.04.2029 (перенос, предварительно)" in eci(*args, "--cycle", "2028").out
    assert "предварительно" not in eci(*args, "--cycle", "2026").out


def test_one_off_obligations_keep_their_plan_dates(eci: Eci) -> None:
    found = _json(eci("plan", "obligations", "--cycle", "2023", "--region", "77", "--json"))
    by_measure = {o["measure"]: o["due"] for o in found}
    assert by_measure[1] == "2023-06-30"  # «II квартал 2023 года»
    assert by_measure[3] == "2023-12-31"  # «IV квартал 2023 года»
    assert by_measure[6] == "2023-12-31"  # «2023 год»
    assert by_measure[2] == "2024-04-15"  # «ежегодно»: with the 2023 report


@pytest.mark.parametrize(("cycle", "count"), [("2023", 27), ("2024", 19), ("2025", 19), ("2026", 19)])
def test_cycles_2023_to_2026(eci: Eci, cycle: str, count: int) -> None:
    found = _json(eci("plan", "obligations", "--cycle", cycle, "--region", "05", "--json"))
    assert isinstance(found, list)
    assert len(found) == count
    assert {o["cycle"] for o in found} == {int(cycle)}


def test_staged_measure_has_milestones(eci: Eci) -> None:
    (obligation,) = _json(eci("plan", "obligations", "--cycle", "2023", "--measure", "24", "--json"))
    assert obligation["participant"] == "Минтруд России"
    assert [m["due"] for m in obligation["milestones"]] == ["2022-12-31", "2023-06-30"]


def test_regions_json_and_district_filter(eci: Eci) -> None:
    regions = _json(eci("regions", "--json"))
    assert isinstance(regions, list)
    assert len(regions) == 89
    assert {"code": "77", "name": "Москва", "federal_district": "central"}.items() <= regions[76].items()
    ural = _json(eci("regions", "--district", "Уральский", "--json"))
    assert [r["code"] for r in ural] == ["45", "66", "72", "74", "86", "89"]
    assert "Центральный федеральный округ" in eci("regions").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "show", "32"], "unknown measure 32"),
        (["plan", "obligations", "--cycle", "2023", "--measure", "0"], "unknown measure 0"),
        (["plan", "obligations", "--cycle", "2023", "--region", "99"], "unknown region '99'"),
        (["plan", "obligations", "--cycle", "2022"], "cycle 2022 is outside the plan"),
        (["plan", "obligations", "--cycle", "2031", "--json"], "cycle 2031 is outside the plan"),
        (["regions", "--district", "Лунный"], "unknown federal district"),
    ],
)
def test_bad_input_is_one_line_error(eci: Eci, args: list[str], message: str) -> None:
    outcome = eci(*args)
    assert outcome.code != 0
    assert outcome.out == ""
    assert outcome.err.count("\n") == 1
    assert outcome.err.startswith("eci: error: ")
    assert message in outcome.err


def test_console_script_fails_with_one_line() -> None:
    args = [ECI, "plan", "obligations", "--cycle", "1999"]
    bad = subprocess.run(args, capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr == "eci: error: cycle 1999 is outside the plan: cycles run from 2023 to 2030\n"
