"""Reading a filled report-form workbook back: which form it is, and what each answer cell holds.

A workbook is a zip archive from outside, so it is sized up before openpyxl opens it: a bounded file,
a bounded number of members and a bounded unpacked size (an archive bomb is refused by its directory,
before anything is inflated). Then the hidden sheet says which cycle and region the workbook was made
for, and the layout of that form is rebuilt and its digest compared, so a workbook made from another
region's or another year's template, an older layout or an edited hidden sheet is refused by name.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from domain.errors import DomainError
from domain.intake.archive_limits import ArchiveLimits, ArchiveRefused, check_archive
from domain.plan.participants import check_region
from domain.report_form.forms import report_form_for
from domain.report_form.sheet import CellRef, WorkbookLayout
from domain.report_form.sheet_layout import build_layout
from reports.form_workbook import META_MARK, META_SHEET

MAX_WORKBOOK_BYTES = 10_000_000
MAX_UNPACKED_BYTES = 100_000_000
MAX_MEMBERS = 1_000


class WorkbookError(DomainError):
    """A file that is not a usable report-form workbook; the message says why in one line, `ru` the same
    for a region's official (a receipt)."""

    def __init__(self, message: str, ru: str | None = None, code: str = "not_a_form_workbook") -> None:
        super().__init__(message, code)
        self.ru = ru or "это не книга формы отчёта, выданная трекером"


@dataclass(frozen=True)
class FilledWorkbook:
    """A workbook recognised as a form: its layout and the value of every answer cell (blank: absent)."""

    layout: WorkbookLayout
    values: dict[CellRef, object]


def _sized_up(data: bytes) -> None:
    if len(data) > MAX_WORKBOOK_BYTES:
        limit = MAX_WORKBOOK_BYTES // 1_000_000
        raise WorkbookError(
            f"больше {limit} МБ — это не книга формы отчёта", f"книга больше {limit} МБ", "too_large"
        )
    try:
        check_archive(data, ArchiveLimits(max_unpacked=MAX_UNPACKED_BYTES, max_members=MAX_MEMBERS))
    except ArchiveRefused as exc:
        raise WorkbookError(str(exc), code="bad_archive") from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
            raise WorkbookError(
                "книга содержит макросы (vbaProject.bin): "
                "сохраните её как обычную книгу Excel без макросов",
                "книга содержит макросы; сохраните её как обычную книгу Excel без макросов",
                "macros",
            )


def _meta(values: dict[str, object]) -> tuple[int, str, str]:
    if values.get("mark") != META_MARK:
        raise WorkbookError(
            f"это не книга формы отчёта: её скрытый лист «{META_SHEET}» изменён", code="altered_workbook"
        )
    cycle, region, digest = values.get("cycle"), values.get("region"), values.get("digest")
    if isinstance(cycle, float) and cycle.is_integer():
        cycle = int(cycle)
    if not isinstance(cycle, int) or not isinstance(region, str) or not isinstance(digest, str):
        raise WorkbookError(
            f"на скрытом листе «{META_SHEET}» нет года, субъекта или контрольной суммы",
            code="altered_workbook",
        )
    return cycle, region, digest


def looks_like_form(data: bytes) -> bool:
    """Whether a workbook carries the tracker's hidden form sheet (then its problems are a form's
    problems, not those of some other spreadsheet), read from its directory without loading it."""
    from defusedxml import ElementTree

    try:
        check_archive(data, ArchiveLimits(max_unpacked=MAX_UNPACKED_BYTES, max_members=MAX_MEMBERS))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    except Exception:  # not a zip, no workbook part, hostile XML: not a form
        return False
    return any(e.tag.endswith("}sheet") and e.get("name") == META_SHEET for e in root.iter())


def read_form_workbook(data: bytes) -> FilledWorkbook:
    """The form a workbook was made from and its answer cells; WorkbookError if it is not one."""
    _sized_up(data)
    try:
        # Formulas are read as formulas (not their cached values): an answer must be typed, not computed.
        book = load_workbook(io.BytesIO(data), data_only=False, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split())[:120]
        raise WorkbookError(f"книга не читается: «{reason}»", code="unreadable_workbook") from None
    try:
        if META_SHEET not in book.sheetnames:
            raise WorkbookError(
                f"это не книга формы отчёта (нет скрытого листа «{META_SHEET}»): начните с шаблона "
                "«eci form template --format xlsx»"
            )
        meta = {
            str(row[0]): row[1] for row in book[META_SHEET].iter_rows(max_col=2, values_only=True) if row[0]
        }
        cycle, region, digest = _meta(meta)
        try:
            layout = build_layout(report_form_for(cycle), check_region(region))
        except DomainError as exc:
            raise WorkbookError(f"в книге указано неверное: {exc}", code=exc.code) from None
        if layout.digest != digest:
            raise WorkbookError(
                f"книга сделана не по действующему шаблону субъекта {region} за {cycle} год (устарела или "
                "изменена): создайте новую командой «eci form template --format xlsx»",
                "книга сделана не по действующему шаблону формы; возьмите новый шаблон у координатора",
                "stale_workbook",
            )
        values: dict[CellRef, object] = {}
        for sheet in layout.sheets:
            if sheet.name not in book.sheetnames:
                raise WorkbookError(f"в книге нет листа {sheet.name}", code="missing_sheet")
            rows = {c.at.row for c in sheet.answers}
            columns = {c.at.column for c in sheet.answers}
            grid: dict[tuple[int, int], object] = {}
            for row in book[sheet.name].iter_rows(
                min_row=min(rows), max_row=max(rows), min_col=min(columns), max_col=max(columns)
            ):
                for cell in row:
                    if cell.value is not None:
                        formula = getattr(cell, "data_type", None) == "f"
                        grid[(cell.row, cell.column)] = (formula, cell.value)  # type: ignore[union-attr]
            for answer in sheet.answers:
                found = grid.get((answer.at.row, answer.at.column))
                if found is None:
                    continue
                if found[0]:
                    raise WorkbookError(
                        f"{answer.number} ({answer.at}): в ячейке ответа формула; впишите само значение",
                        f"в пункте {answer.number} (лист {answer.at.sheet}, ячейка {answer.at.ref}) формула; "
                        "впишите само значение",
                        "formula",
                    )
                values[answer.at] = found[1]
        return FilledWorkbook(layout, values)
    finally:
        book.close()
