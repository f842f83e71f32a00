"""Report tests share the story store."""

from fixtures_reports import _story_template, story_store  # noqa: F401 - fixtures, used by name
