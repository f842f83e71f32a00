"""Audit tests share the story store."""

from fixtures_reports import story_store  # noqa: F401 - a fixture, used by name
