"""Report tests share the story store, and the summary's tests the demo forms' store."""

from fixtures_reports import _story_template, story_store  # noqa: F401 - fixtures, used by name
from fixtures_summary import _forms_template, forms_store  # noqa: F401 - fixtures, used by name
