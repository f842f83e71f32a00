"""Reading report-form answer files (YAML, or the XLSX workbook) from disk; the domain checks them."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

import yaml

from domain.errors import DomainError
from domain.report_form.answers import FormAnswers
from domain.report_form.check import AnswerProblems, AnswersCheck, answers_from_data, check_answers
from domain.report_form.sheet import CellRef
from domain.report_form.sheet_read import check_cells
from eci.errors import EciError
from reports.form_workbook_read import FilledWorkbook, WorkbookError, read_form_workbook

# Far above any real answer file; keeps a pasted archive or log out of the YAML parser.
MAX_ANSWER_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class YamlLimits:
    """What an answer file may be: bytes, nesting depth, nodes (ECI_FORM_MAX_BYTES, _DEPTH, _NODES)."""

    max_bytes: int = MAX_ANSWER_FILE_BYTES
    max_depth: int = 8
    max_nodes: int = 200_000

    @classmethod
    def from_settings(cls) -> YamlLimits:
        """The limits the environment sets."""
        from config.settings import load_settings

        s = load_settings()
        return cls(s.form_max_bytes, s.form_max_depth, s.form_max_nodes)


# libyaml's parser when the build has it: about ten times faster than the pure-Python one.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _DuplicateKey(yaml.constructor.ConstructorError):
    """A key given twice in one mapping; the problem text is the person's (Russian)."""


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a key given twice in one mapping (YAML would keep only the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise _DuplicateKey(None, None, f"ключ «{key}» повторяется", key_node.start_mark)
            if isinstance(key, Hashable):
                seen.add(key)
        mapping: dict[object, object] = super().construct_mapping(node, deep=deep)
        return mapping


def _shape(text: str, path: Path, limits: YamlLimits) -> None:
    """Refuse anchors on lists and mappings (an alias of one can stand for billions of nodes), and bound
    depth and size, by reading the parser's events before anything is built. An anchored scalar is
    one value however often it is named (PyYAML's own writer names a repeated date that way)."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent) and event.anchor:
            raise EciError(
                f"{path}: в файле ответов есть ссылки на списки и разделы (знаки & и *), они не допускаются",
                code="yaml_anchor",
                ru="в файле есть ссылки (знаки & и *), они не допускаются",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                raise EciError(
                    f"{path}: данные вложены глубже {limits.max_depth} уровней — это не файл ответов",
                    code="too_deep",
                    ru=f"данные вложены глубже {limits.max_depth} уровней",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > limits.max_nodes:
                raise EciError(
                    f"{path}: в файле больше {limits.max_nodes} значений — это не файл ответов",
                    code="too_many_values",
                    ru=f"в файле больше {limits.max_nodes} значений",
                )


def read_answer_data(path: Path, limits: YamlLimits | None = None) -> object:
    """The parsed YAML of an answer file; EciError (one line) if it cannot be read or parsed, is larger
    or deeper than the limits, or uses anchors and aliases."""
    limits = limits or YamlLimits.from_settings()
    try:
        if path.stat().st_size > limits.max_bytes:
            limit = limits.max_bytes // 1_000_000
            raise EciError(
                f"{path}: больше {limit} МБ — это не файл ответов",
                code="too_large",
                ru=f"файл больше {limit} МБ",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EciError(f"{path}: файла нет", code="no_such_file") from None
    except UnicodeDecodeError as exc:
        raise EciError(
            f"{path}: не текст в кодировке UTF-8 (байт {exc.start})",
            code="not_utf8",
            ru="файл не в кодировке UTF-8",
        ) from None
    except OSError as exc:
        raise EciError(f"{path}: не удаётся прочитать файл ({exc.strerror})", code="unreadable") from None
    try:
        _shape(text, path, limits)
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (строка {mark.line + 1}, позиция {mark.column + 1})" if mark else ""
        reason = " ".join(str(exc.problem or exc.context or "syntax error").split())
        if not isinstance(exc, _DuplicateKey):
            reason = f"«{reason}»"  # the parser's own words, quoted
        line = f" в строке {mark.line + 1}" if mark else ""
        raise EciError(
            f"{path}: файл ответов повреждён{where}: {reason}",
            code="malformed_yaml",
            ru=f"файл повреждён{line}",
        ) from None
    except yaml.YAMLError as exc:
        reason = " ".join(str(exc).split())[:120]
        raise EciError(
            f"{path}: файл ответов повреждён: «{reason}»", code="malformed_yaml", ru="файл повреждён"
        ) from None


def check_answer_file(path: Path) -> AnswersCheck:
    """Read and check an answer file: problems per item; EciError/DomainError for an unusable file."""
    return check_form_file(path).result


@dataclass(frozen=True)
class FormFileCheck:
    """A checked form file: the outcome, and one line per problem as the user reads it."""

    result: AnswersCheck
    lines: tuple[str, ...]  # a workbook's lines also name the cell: «5.1.1 (лист II, C14): …»
    cells: tuple[CellRef | None, ...]  # the cell of each problem (None in a YAML file)


_ZIP_MAGIC = b"PK\x03\x04"


def is_workbook(path: Path) -> bool:
    """An XLSX file, by its name or its first bytes (a workbook saved without the extension)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) == _ZIP_MAGIC
    except OSError:
        return False


def read_workbook_file(path: Path) -> FilledWorkbook:
    """The workbook at `path` recognised as a report form; EciError (one line) otherwise."""
    try:
        if path.stat().st_size > MAX_ANSWER_FILE_BYTES * 2:
            limit = MAX_ANSWER_FILE_BYTES * 2 // 1_000_000
            raise EciError(f"{path}: больше {limit} МБ — это не книга формы", code="too_large")
        data = path.read_bytes()
    except FileNotFoundError:
        raise EciError(f"{path}: файла нет", code="no_such_file") from None
    except OSError as exc:
        raise EciError(f"{path}: не удаётся прочитать файл ({exc.strerror})", code="unreadable") from None
    try:
        return read_form_workbook(data)
    except WorkbookError as exc:
        raise EciError(f"{path}: {exc}", code=exc.code, ru=exc.ru) from None
    except DomainError as exc:
        raise EciError(f"{path}: {exc}", code=exc.code) from None


def _expected(path: Path, found: tuple[int, str], cycle: int | None, region: str | None) -> None:
    kind = "книга" if is_workbook(path) else "файл"
    if cycle is not None and found[0] != cycle:
        raise EciError(
            f"{path}: {kind} — форма за {found[0]} год, а не за {cycle}",
            code="other_cycle",
            ru=f"это форма за {found[0]} год, а не за {cycle}",
        )
    if region is not None and found[1] != region:
        raise EciError(
            f"{path}: {kind} — форма субъекта {found[1]}, а не {region}",
            code="other_region",
            ru=f"это форма участника {found[1]}, а не {region}",
        )


def _problems_ru(checked: FormFileCheck) -> str:
    count = len(checked.lines)
    item = checked.lines[0].split(":")[0].split(" (")[0]
    where = checked.cells[0]
    cell = f" (лист {where.sheet}, ячейка {where.ref})" if where is not None else ""
    return f"ошибки в пунктах: {count}, первая — в пункте {item}{cell}"


def check_form_file(path: Path, *, cycle: int | None = None, region: str | None = None) -> FormFileCheck:
    """Read and check a YAML answer file or a filled workbook, optionally expecting its cycle and region."""
    try:
        if is_workbook(path):
            filled = read_workbook_file(path)
            result, located = check_cells(filled.layout, filled.values)
            checked = FormFileCheck(result, tuple(str(p) for p in located), tuple(p.where for p in located))
        else:
            result = check_answers(read_answer_data(path))
            lines = tuple(str(p) for p in result.problems)
            checked = FormFileCheck(result, lines, (None,) * len(lines))
    except DomainError as exc:
        raise EciError(f"{path}: {exc}", code=exc.code) from None
    _expected(path, (checked.result.header.cycle, checked.result.header.region), cycle, region)
    return checked


def load_answers(path: Path, *, cycle: int | None = None, region: str | None = None) -> FormAnswers:
    """The valid, typed answers of a file; EciError naming the first problem (and how many more) otherwise."""
    if is_workbook(path):
        checked = check_form_file(path, cycle=cycle, region=region)
        if checked.result.answers is None:
            more = f" (и ещё замечаний: {len(checked.lines) - 1})" if len(checked.lines) > 1 else ""
            code = checked.result.problems[0].code
            raise EciError(f"{path}: {checked.lines[0]}{more}", code=code, ru=_problems_ru(checked))
        return checked.result.answers
    data = read_answer_data(path)
    try:
        answers = answers_from_data(data)
    except AnswerProblems as exc:
        first = exc.problems[0]
        count = len(exc.problems)
        ru = f"ошибки в пунктах: {count}, первая — в пункте {first.item}"
        raise EciError(f"{path}: {exc}", code=exc.code, ru=ru) from None
    except DomainError as exc:
        raise EciError(f"{path}: {exc}", code=exc.code, ru="файл не является формой отчёта") from None
    _expected(path, (answers.cycle, answers.region), cycle, region)
    return answers
