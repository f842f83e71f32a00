"""Reminders, the missed instant, overdue notices and escalation of one obligation."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from domain.obligation.schedule import ESCALATE_AFTER, OVERDUE_EVERY, schedule_for


def test_reminders_30_14_7_1_days_before_due_at_nine_moscow_time() -> None:
    schedule = schedule_for(dt.date(2024, 4, 15), dt.date(2024, 4, 15))
    assert [(r.days_before, r.at.isoformat()) for r in schedule.reminders] == [
        (30, "2024-03-15T09:00:00+03:00"),  # 16 March is a Saturday: the Friday before
        (14, "2024-04-01T09:00:00+03:00"),
        (7, "2024-04-08T09:00:00+03:00"),
        (1, "2024-04-12T09:00:00+03:00"),  # 14 April is a Sunday: the Friday before
    ]


def test_a_reminder_due_in_the_new_year_holidays_goes_out_on_the_last_working_day_before_them() -> None:
    schedule = schedule_for(dt.date(2024, 1, 10), dt.date(2024, 1, 10))
    by_days = {r.days_before: r.at.date() for r in schedule.reminders}
    assert by_days[7] == dt.date(2023, 12, 29)  # 3 January 2024 is a holiday; 30-31 December are off
    assert by_days[1] == dt.date(2024, 1, 9)  # the first working day of 2024


def test_every_reminder_of_every_cycle_falls_on_a_working_day() -> None:
    from domain.obligation.plan import obligations_for_cycle
    from domain.plan.calendar import is_working_day

    for cycle in (2023, 2024, 2027):
        for obligation in obligations_for_cycle(cycle)[:60]:
            assert all(is_working_day(r.at.date()) for r in obligation.schedule.reminders)


def test_missed_at_midnight_after_the_effective_due_date() -> None:
    schedule = schedule_for(dt.date(2023, 12, 31), dt.date(2024, 1, 9))
    assert schedule.missed_at.isoformat() == "2024-01-10T00:00:00+03:00"


def test_overdue_notices_weekly_and_escalation_after_two_weeks() -> None:
    schedule = schedule_for(dt.date(2023, 12, 31), dt.date(2024, 1, 9))
    assert schedule.overdue_every == OVERDUE_EVERY == dt.timedelta(days=7)
    assert schedule.escalate_after == ESCALATE_AFTER == dt.timedelta(days=14)
    assert schedule.overdue_notice_at(1).isoformat() == "2024-01-17T00:00:00+03:00"
    assert schedule.escalate_at.isoformat() == "2024-01-24T00:00:00+03:00"


def test_fixed_offset_agrees_with_europe_moscow() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    for year in range(2023, 2032):
        for month in (1, 4, 7, 10):
            instant = schedule_for(dt.date(year, month, 15), dt.date(year, month, 15)).reminders[0].at
            assert instant.utcoffset() == instant.astimezone(moscow).utcoffset()
            assert instant.astimezone(moscow).hour == 9


def test_all_instants_are_timezone_aware() -> None:
    schedule = schedule_for(dt.date(2025, 6, 30), dt.date(2025, 6, 30))
    assert all(r.at.tzinfo is not None for r in schedule.reminders)
    assert schedule.missed_at.tzinfo is not None
