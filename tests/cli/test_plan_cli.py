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
    assert len(found) == 24
    assert 20 not in {o["measure"] for o in found}  # «2023 год Минпросвещения России»: not the region's
    first = found[0]
    fields = {"id", "cycle", "measure", "participant", "due", "effective_due", "milestones", "reminders",
              "implementation_due", "due_stated"}  # fmt: skip
    assert fields <= set(first)
    assert (first["id"], first["measure"], first["participant"]) == ("2023/01/77", 1, "77")
    # Reminders follow the report date (15.04.2024), on working days.
    assert first["reminders"] == [
        "2024-03-15T09:00:00+03:00",
        "2024-04-01T09:00:00+03:00",
        "2024-04-08T09:00:00+03:00",
        "2024-04-12T09:00:00+03:00",
    ]


def test_non_working_due_date_shows_its_effective_date(eci: Eci) -> None:
    # 15 April 2028, the report date of cycle 2027, is a Saturday: effective on the Monday after
    args = ("plan", "obligations", "--cycle", "2027", "--region", "77", "--measure", "2")
    (obligation,) = _json(eci(*args, "--json"))
    assert (obligation["due"], obligation["effective_due"]) == ("2028-04-15", "2028-04-17")
    table = eci(*args)
    assert "15.04.2028*" in table.out
    assert "17.04.2028 (перенос" in table.out


def test_every_annual_obligation_of_2024_is_due_with_the_report_on_15_april_2025(eci: Eci) -> None:
    found = _json(eci("plan", "obligations", "--cycle", "2024", "--region", "77", "--json"))
    assert len(found) == 17
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


def test_one_off_obligations_keep_their_plan_dates_as_implementation_deadlines(eci: Eci) -> None:
    found = _json(eci("plan", "obligations", "--cycle", "2023", "--region", "77", "--json"))
    by_measure = {o["measure"]: o["implementation_due"] for o in found}
    assert by_measure[1] == "2023-06-30"  # «II квартал 2023 года»
    assert by_measure[3] == "2023-12-31"  # «IV квартал 2023 года»
    assert by_measure[6] == "2023-12-31"  # «2023 год»
    assert by_measure[2] == "2023-12-31"  # «ежегодно»: within the reporting year (a reading)
    # Every one is reported with the 2023 report; the plan says so only for measures 4 and 5.
    assert {o["due"] for o in found} == {"2024-04-15"}
    assert {o["measure"] for o in found if o["due_stated"]} == {4, 5}


@pytest.mark.parametrize("measure", [3, 6, 9, 10, 13, 25])
def test_once_measures_of_2023_are_due_with_the_report_and_not_missed_before(eci: Eci, measure: int) -> None:
    args = ("plan", "obligations", "--cycle", "2023", "--region", "77", "--measure", str(measure))
    (obligation,) = _json(eci(*args, "--json"))
    assert obligation["due"] == obligation["effective_due"] == "2024-04-15"
    assert obligation["missed_at"] == "2024-04-16T00:00:00+03:00"
    assert obligation["due_note"] == "срок представления — 15 апреля следующего года (как в пп. 4–5 Плана)"
    table = eci(*args).out
    assert "15.04.2024*" in table
    assert "* срок представления — 15 апреля следующего года (как в пп. 4–5 Плана)" in table


def test_measures_json_and_the_obligations_agree_for_all_31_measures(eci: Eci) -> None:
    measures = _json(eci("plan", "measures", "--json"))
    regions = {r["code"] for r in _json(eci("regions", "--json"))}
    owed: dict[int, set[str]] = {}
    for cycle in range(2023, 2031):
        for o in _json(eci("plan", "obligations", "--cycle", str(cycle), "--json")):
            owed.setdefault(o["measure"], set()).add(o["participant"])
    assert len(measures) == 31
    for m in measures:
        expected = (regions if m["is_regional"] else set()) | set(m["federal_participants"])
        assert owed.get(m["number"], set()) == expected, m["number"]
        assert m["answered_in_form_only"] == (m["in_report_form"] and not m["is_regional"])
    assert [m["number"] for m in measures if m["answered_in_form_only"]] == [15, 20, 29]


def test_plan_show_says_each_date_and_whether_the_plan_states_it(eci: Eci) -> None:
    text = eci("plan", "show", "7").out
    assert "ежегодно; ежегодно" not in text
    assert "Сроки реализации (по Плану): ежегодно" in text
    assert "Срок представления: 15 апреля следующего года (как в пп. 4–5 Плана)" in text
    own = eci("plan", "show", "5").out
    assert "Срок представления: до 15 апреля года, следующего за отчётным (указан в Плане)" in own


@pytest.mark.parametrize(("cycle", "count"), [("2023", 24), ("2024", 17), ("2025", 17), ("2026", 17)])
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
        (["plan", "show", "32"], "неизвестное мероприятие 32"),
        (["plan", "obligations", "--cycle", "2023", "--measure", "0"], "неизвестное мероприятие 0"),
        (["plan", "obligations", "--cycle", "2023", "--region", "99"], "неизвестный субъект «99»"),
        (["plan", "obligations", "--cycle", "2022"], "отчётный год 2022 вне Плана"),
        (["plan", "obligations", "--cycle", "2031", "--json"], "отчётный год 2031 вне Плана"),
        (["regions", "--district", "Лунный"], "неизвестный федеральный округ"),
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
    assert bad.stderr == "eci: error: отчётный год 1999 вне Плана: годы с 2023 по 2030\n"
