"""The regions' annual report form: its 2023 text, schema and items, reading and checking answers, the
workbook's layout, the YAML template, and a filed form as submissions and as a recorded event.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.report_form.answers import (
    CountsAnswer,
    DocumentAnswer,
    DocumentListAnswer,
    FormAnswers,
    MultiYesNoAnswer,
    TableAnswer,
    TextAnswer,
    YesNoAnswer,
    YesNoDetailAnswer,
    YesNoDocumentAnswer,
)
from domain.report_form.check import (
    AnswerProblems,
    AnswersCheck,
    answers_from_data,
    check_answers,
    validate_answers,
)
from domain.report_form.events import ReportFormSubmitted, form_stream
from domain.report_form.forms import FORM_2023, report_form_for
from domain.report_form.prefill import prefill
from domain.report_form.schema import CellType, FormItem, FormTable, ItemKind, ReportForm
from domain.report_form.sheet import (
    ANSWER_COLUMN,
    LAYOUT_VERSION,
    PREFILL_NOTE_ROW,
    AnswerCell,
    AnswerType,
    CellRef,
    Index,
    LabelStyle,
    SheetLayout,
    WorkbookLayout,
)
from domain.report_form.sheet_layout import build_layout
from domain.report_form.sheet_read import check_cells, lenient_value
from domain.report_form.submission import form_submissions
from domain.report_form.template import render_template

__all__ = [
    "ANSWER_COLUMN",
    "AnswerCell",
    "AnswerProblems",
    "answers_from_data",
    "AnswersCheck",
    "AnswerType",
    "build_layout",
    "CellRef",
    "CellType",
    "check_answers",
    "check_cells",
    "CountsAnswer",
    "DocumentAnswer",
    "DocumentListAnswer",
    "FORM_2023",
    "form_stream",
    "form_submissions",
    "FormAnswers",
    "FormItem",
    "FormTable",
    "Index",
    "ItemKind",
    "LabelStyle",
    "LAYOUT_VERSION",
    "lenient_value",
    "MultiYesNoAnswer",
    "prefill",
    "PREFILL_NOTE_ROW",
    "render_template",
    "report_form_for",
    "ReportForm",
    "ReportFormSubmitted",
    "SheetLayout",
    "TableAnswer",
    "TextAnswer",
    "validate_answers",
    "WorkbookLayout",
    "YesNoAnswer",
    "YesNoDetailAnswer",
    "YesNoDocumentAnswer",
]
