"""The history import as the CLI runs it: reading the files, checking, recording and starting the live
workflows.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from eci.history_import.files import read_import_file, write_csv, write_template
from eci.history_import.importer import (
    ImportSummary,
    check_file,
    import_file,
    import_planned,
    today_in_moscow,
)
from eci.history_import.run import run_import, run_import_async, start_live

__all__ = [
    "check_file",
    "import_file",
    "import_planned",
    "ImportSummary",
    "read_import_file",
    "run_import",
    "run_import_async",
    "start_live",
    "today_in_moscow",
    "write_csv",
    "write_template",
]
