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

    def __init__(self, message: str, ru: str | None = None) -> None:
        super().__init__(message)
        self.ru = ru or "это не книга формы отчёта, выданная трекером"


@dataclass(frozen=True)
class FilledWorkbook:
    """A workbook recognised as a form: its layout and the value of every answer cell (blank: absent)."""

    layout: WorkbookLayout
    values: dict[CellRef, object]


def _sized_up(data: bytes) -> None:
    if len(data) > MAX_WORKBOOK_BYTES:
        raise WorkbookError(
            f"larger than {MAX_WORKBOOK_BYTES // 1_000_000} MB: not a report form workbook",
            f"книга больше {MAX_WORKBOOK_BYTES // 1_000_000} МБ",
        )
    try:
        check_archive(data, ArchiveLimits(max_unpacked=MAX_UNPACKED_BYTES, max_members=MAX_MEMBERS))
    except ArchiveRefused as exc:
        reason = "not an XLSX workbook (not a zip archive)" if str(exc) == "not a zip archive" else str(exc)
        raise WorkbookError(reason) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if any(n.lower().endswith("vbaproject.bin") for n in archive.namelist()):
            raise WorkbookError(
                "the workbook holds macros (vbaProject.bin): save it as a plain .xlsx without macros",
                "книга содержит макросы; сохраните её как обычную книгу Excel без макросов",
            )


def _meta(values: dict[str, object]) -> tuple[int, str, str]:
    if values.get("mark") != META_MARK:
        raise WorkbookError(
            f"not a report form workbook of the tracker (its hidden sheet {META_SHEET} is altered)"
        )
    cycle, region, digest = values.get("cycle"), values.get("region"), values.get("digest")
    if isinstance(cycle, float) and cycle.is_integer():
        cycle = int(cycle)
    if not isinstance(cycle, int) or not isinstance(region, str) or not isinstance(digest, str):
        raise WorkbookError(f"the hidden sheet {META_SHEET} lacks the cycle, region or digest")
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
        raise WorkbookError(f"cannot read the workbook: {' '.join(str(exc).split())[:120]}") from None
    try:
        if META_SHEET not in book.sheetnames:
            raise WorkbookError(
                f"not a report form workbook of the tracker (no hidden sheet {META_SHEET}); "
                "start from eci form template --format xlsx"
            )
        meta = {
            str(row[0]): row[1] for row in book[META_SHEET].iter_rows(max_col=2, values_only=True) if row[0]
        }
        cycle, region, digest = _meta(meta)
        try:
            layout = build_layout(report_form_for(cycle), check_region(region))
        except DomainError as exc:
            raise WorkbookError(f"the workbook names {exc}") from None
        if layout.digest != digest:
            raise WorkbookError(
                f"the workbook was not made from the current template of region {region} for {cycle} "
                "(stale or altered): write a new one with eci form template --format xlsx",
                "книга сделана не по действующему шаблону формы; возьмите новый шаблон у координатора",
            )
        values: dict[CellRef, object] = {}
        for sheet in layout.sheets:
            if sheet.name not in book.sheetnames:
                raise WorkbookError(f"the workbook lacks sheet {sheet.name}")
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
                        f"{answer.number} ({answer.at}): a formula in an answer cell; type the value itself",
                        f"в пункте {answer.number} (лист {answer.at.sheet}, ячейка {answer.at.ref}) формула; "
                        "впишите само значение",
                    )
                values[answer.at] = found[1]
        return FilledWorkbook(layout, values)
    finally:
        book.close()
