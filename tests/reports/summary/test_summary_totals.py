"""The summary's national totals equal a count made independently from the stored forms' JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

from fixtures_summary import AFTER_ALL, file_form

from demo.report_answers import demo_answers
from domain.plan.regions import REGION_CODES
from domain.report_form.answers import CountsAnswer
from reports.summary.completeness import FormState
from reports.summary.from_store import summary_from_store
from store.event_store import EventStore


def _latest_payloads(store: EventStore, cycle: int, as_of: dt.date) -> dict[str, dict]:  # type: ignore[type-arg]
    """Each region's last form of the cycle filed by `as_of`, straight from the events table."""
    latest: dict[str, dict] = {}  # type: ignore[type-arg]
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT payload FROM events WHERE type = 'ReportFormSubmitted' ORDER BY position"
        ).all()
    for (raw,) in rows:
        payload = json.loads(raw)
        if payload["cycle"] == cycle and dt.date.fromisoformat(payload["filed_on"]) <= as_of:
            latest[payload["region"]] = payload["answers"]["items"]
    return latest


def _independent_counts(latest: dict[str, dict], item: str, year: int) -> dict[str, int]:  # type: ignore[type-arg]
    sums: dict[str, int] = defaultdict(int)
    for items in latest.values():
        answer = items[item]
        for key, value in answer["values"].items():
            if key == str(year):
                sums[""] += value
        for part, values in answer["parts"].items():
            sums[part] += values.get(str(year), 0)
    return dict(sums)


def test_count_totals_equal_the_sum_of_every_regions_latest_form(forms_store: EventStore) -> None:
    summary = summary_from_store(forms_store, cycle=2024, as_of=AFTER_ALL)
    latest = _latest_payloads(forms_store, 2024, AFTER_ALL)
    assert len(latest) == 89
    counted = 0
    for item in summary.items:
        for line in item.counts:
            expected = _independent_counts(latest, item.number, line.year)
            previous = _independent_counts(latest, item.number, line.other_year)
            assert (line.current, line.other) == (expected[line.part], previous[line.part]), line
            counted += 1
    assert counted == 19  # 4.4, 5.1, 11.1, 18.1 and the 15 parts of 5.1.1, 5.1.2, 11.1.2, 12.5


def test_table_and_yes_no_totals_equal_an_independent_count(forms_store: EventStore) -> None:
    summary = summary_from_store(forms_store, cycle=2023, as_of=AFTER_ALL)
    latest = _latest_payloads(forms_store, 2023, AFTER_ALL)
    funding = sum(Decimal(str(row["7.3"])) for items in latest.values() for row in items["7.1-7.3"]["rows"])
    trained = sum(row["17.4"] for items in latest.values() for row in items["17.1-17.4"]["rows"])
    have_register = sorted(code for code, items in latest.items() if items["9.1"]["answer"])
    by_number = {i.number: i for i in summary.items}
    columns = {c.column: c.total for c in by_number["7.1-7.3"].table.columns}  # type: ignore[union-attr]
    assert columns["7.3"] == funding
    assert {c.column: c.total for c in by_number["17.1-17.4"].table.columns}["17.4"] == trained  # type: ignore[union-attr]
    assert list(by_number["9.1"].shares[0].yes) == have_register
    assert by_number["9.1"].shares[0].of == 89


def test_district_totals_add_up_to_the_national_total(forms_store: EventStore) -> None:
    summary = summary_from_store(forms_store, cycle=2024, as_of=AFTER_ALL)
    national = {(c.item, c.part): c.current for i in summary.items for c in i.counts}
    by_district: dict[tuple[str, str], int] = defaultdict(int)
    for district in summary.districts:
        for item in district.items:
            for line in item.counts:
                by_district[(line.item, line.part)] += line.current  # type: ignore[operator]
    assert dict(by_district) == national
    assert sum(d.regions for d in summary.districts) == 89
    units = next(i for i in summary.indicators if i.indicator.key == "units")
    assert sum(v for _, v in units.by_district) == units.total == national[("5.1", "")]


def test_a_refiled_form_replaces_the_earlier_one_from_its_filing_day(forms_store: EventStore) -> None:
    first = demo_answers("77", 2024)
    counts = first.items["18.1"]
    assert isinstance(counts, CountsAnswer)
    changed = counts.model_copy(
        update={"values": {2024: counts.values[2024] + 1000, 2023: counts.values[2023]}}
    )
    refiled = first.model_copy(update={"items": {**first.items, "18.1": changed}})
    file_form(forms_store, refiled, dt.date(2025, 6, 1))

    before = summary_from_store(forms_store, cycle=2024, as_of=dt.date(2025, 5, 31))
    after = summary_from_store(forms_store, cycle=2024, as_of=dt.date(2025, 6, 1))
    internships = {
        s.as_of: next(i for i in s.indicators if i.indicator.key == "internships") for s in (before, after)
    }
    assert internships[after.as_of].total == internships[before.as_of].total + 1000
    filing = next(f for f in after.completeness.filings if f.region.code == "77")
    assert filing.filed is not None
    assert (filing.filed.version, filing.filed.filed_on) == (2, dt.date(2025, 6, 1))


def test_completeness_lists_missing_forms_first_then_late_ones(forms_store: EventStore) -> None:
    # On 20 April 2025 the late regions (05, 20, 79 file 9, 16 and 4 days late) are not all in yet.
    summary = summary_from_store(forms_store, cycle=2024, as_of=dt.date(2025, 4, 20))
    states = [f.state for f in summary.completeness.filings]
    assert states == sorted(
        states, key=[FormState.MISSING, FormState.LATE, FormState.PENDING, FormState.ON_TIME].index
    )
    missing = [f.region.code for f in summary.completeness.filings if f.state is FormState.MISSING]
    late = [f.region.code for f in summary.completeness.filings if f.state is FormState.LATE]
    assert (missing, late) == (["05", "20"], ["79"])
    assert summary.completeness.filed == 87
    assert summary.completeness.due == dt.date(2025, 4, 15)


def test_a_district_summary_counts_only_its_regions(forms_store: EventStore) -> None:
    summary = summary_from_store(forms_store, cycle=2023, as_of=AFTER_ALL, district="СКФО")
    assert summary.scope.codes == ("05", "06", "07", "09", "15", "20", "26")
    assert [d.district for d in summary.districts] == ["Северо-Кавказский федеральный округ"]
    assert summary.items[0].answered == 7
    assert all(f.region in summary.scope.codes for f in summary.findings)
    assert len(REGION_CODES) == 89
