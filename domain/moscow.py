"""Moscow time: the plan's deadlines, reminders and reports are all reckoned in it.

A fixed UTC+3, not the tz database's zone: Moscow has kept UTC+3 without daylight saving since
26 October 2014, before the plan's first date, and a fixed offset needs no tz data and reads the same
inside a workflow's sandbox, so the workflow and everything else compute the same dates.
"""

import datetime as dt

MOSCOW = dt.timezone(dt.timedelta(hours=3), "MSK")


def moscow_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Moscow at `moment` (an aware instant; a naive one is taken as Moscow time)."""
    return moment.astimezone(MOSCOW).date() if moment.tzinfo else moment.date()


def today_in_moscow() -> dt.date:
    """Today's date in Moscow, by the system clock (never call it from a workflow)."""
    return dt.datetime.now(MOSCOW).date()
