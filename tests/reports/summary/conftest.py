"""The summary's tests share the demo forms' store."""

from fixtures_summary import _forms_template, forms_store  # noqa: F401 - fixtures, used by name
