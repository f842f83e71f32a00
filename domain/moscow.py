"""Moscow time: the plan's deadlines, reminders and reports are all reckoned in it."""

from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")
