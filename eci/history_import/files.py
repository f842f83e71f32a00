"""Reading and writing history import spreadsheets, CSV or XLSX; the rules are the domain's."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from domain.documents import DOCUMENT_KIND_LABELS_RU
from domain.errors import DomainError
from domain.history_import.rows import (
    COLUMN_LABELS_RU,
    FIRST_DATA_LINE,
    Cell,
    Column,
    ImportRow,
    is_blank,
    map_headers,
    parse_row,
    row_cells,
)
from domain.obligation.states import STATE_LABELS_RU
from eci.errors import EciError

_HELP_SHEET = "Справка"
_DATA_SHEET = "История"


@dataclass(frozen=True)
class ImportFile:
    """A read import file: its name, the SHA-256 of its bytes and its parsed rows."""

    name: str
    sha256: str
    rows: tuple[ImportRow, ...]


def _csv_lines(data: bytes) -> Iterator[list[Cell]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("файл CSV не в кодировке UTF-8", "not_utf8") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield list(values)


def _xlsx_lines(data: bytes) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError(
            f"файл не читается как книга XLSX ({type(exc).__name__})", "unreadable_workbook"
        ) from None
    sheet = book[_DATA_SHEET] if _DATA_SHEET in book.sheetnames else book.worksheets[0]
    for values in sheet.iter_rows(values_only=True):
        yield list(values)


def _lines(path: Path, data: bytes) -> Iterable[list[Cell]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_lines(data)
    if path.suffix.lower() in (".csv", ".txt"):
        return _csv_lines(data)
    raise EciError(f"{path.name}: ожидается файл .csv или .xlsx", code="bad_file_type")


def read_import_file(path: Path) -> ImportFile:
    """Read and parse every row of `path`; the first bad row raises `DomainError` naming its line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EciError(f"{path}: не удаётся прочитать файл ({exc.strerror})", code="unreadable") from None
    lines = iter(_lines(path, data))
    header = next(lines, None)
    if header is None:
        raise DomainError(f"{path.name}: файл пуст", "empty_file")
    mapping = map_headers(header)
    rows: list[ImportRow] = []
    for line, values in enumerate(lines, start=FIRST_DATA_LINE):
        if not is_blank(values):
            rows.append(parse_row(line, row_cells(mapping, values)))
    return ImportFile(name=path.name, sha256=hashlib.sha256(data).hexdigest(), rows=tuple(rows))


def write_csv(path: Path, rows: Iterable[dict[Column, str]]) -> None:
    """Write rows (or none: an empty template) as a UTF-8 CSV with the column codes as headers."""
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([c.value for c in Column])
        for row in rows:
            writer.writerow([row.get(c, "") for c in Column])


def _help_rows() -> list[tuple[str, str, str]]:
    states = ", ".join(f"{s.value} ({label})" for s, label in STATE_LABELS_RU.items())
    kinds = ", ".join(DOCUMENT_KIND_LABELS_RU.values())
    notes = {
        Column.OBLIGATION: "Например 2023/05/77: отчётный год / номер мероприятия / код субъекта",
        Column.STATE: f"Одно из: {states}",
        Column.DOCUMENT_KIND: f"Одно из: {kinds}",
    }
    dates = "Дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ"
    return [
        (c.value, COLUMN_LABELS_RU[c], notes.get(c, dates if c.value.endswith(("_on", "_date")) else ""))
        for c in Column
    ]


def write_xlsx_template(path: Path) -> None:
    """An empty XLSX workbook: the data sheet's header row and a help sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    from reports.print_setup import print_setup

    book = Workbook()
    sheet = book.active
    sheet.title = _DATA_SHEET
    sheet.append([c.value for c in Column])
    for index, column in enumerate(Column, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.comment = Comment(COLUMN_LABELS_RU[column], "eci")
        sheet.column_dimensions[cell.column_letter].width = 18
    sheet.freeze_panes = "A2"
    print_setup(sheet, columns=len(Column), rows=1, width=18 * len(Column))
    help_sheet = book.create_sheet(_HELP_SHEET)
    help_sheet.append(["Столбец", "Название", "Заполнение"])
    help_rows = _help_rows()
    for values in help_rows:
        help_sheet.append(list(values))
    for letter, width in zip("ABC", (18, 40, 60), strict=True):
        help_sheet.column_dimensions[letter].width = width
    print_setup(help_sheet, columns=3, rows=len(help_rows) + 1, width=118)
    book.save(path)


def write_template(path: Path) -> None:
    """Write an empty import file; XLSX or CSV by the file's suffix."""
    if path.exists():
        raise EciError(
            f"{path}: файл уже существует, он не перезаписывается: укажите другое имя", code="file_exists"
        )
    if path.suffix.lower() == ".xlsx":
        write_xlsx_template(path)
    elif path.suffix.lower() == ".csv":
        write_csv(path, [])
    else:
        raise EciError(f"{path.name}: имя файла должно оканчиваться на .csv или .xlsx", code="bad_file_type")
