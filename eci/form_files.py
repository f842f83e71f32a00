"""Reading report-form answer files (YAML) from disk; checking them is the domain's job."""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import yaml

from domain.errors import DomainError
from domain.report_form_answers import FormAnswers
from domain.report_form_check import AnswersCheck, answers_from_data, check_answers
from eci.errors import EciError

# Far above any real answer file; keeps a pasted archive or log out of the YAML parser.
MAX_ANSWER_FILE_BYTES = 5_000_000


# libyaml's parser when the build has it: about ten times faster than the pure-Python one.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a key given twice in one mapping (YAML would keep only the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            if isinstance(key, Hashable):
                seen.add(key)
        mapping: dict[object, object] = super().construct_mapping(node, deep=deep)
        return mapping


def read_answer_data(path: Path) -> object:
    """The parsed YAML of an answer file; EciError (one line) if it cannot be read or parsed."""
    try:
        if path.stat().st_size > MAX_ANSWER_FILE_BYTES:
            raise EciError(f"{path}: larger than {MAX_ANSWER_FILE_BYTES // 1_000_000} MB: not an answer file")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EciError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise EciError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise EciError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise EciError(f"{path}: malformed YAML{where}: {reason}") from None
    except yaml.YAMLError as exc:
        raise EciError(f"{path}: malformed YAML: {' '.join(str(exc).split())}") from None


def check_answer_file(path: Path) -> AnswersCheck:
    """Read and check an answer file: problems per item; EciError/DomainError for an unusable file."""
    data = read_answer_data(path)
    try:
        return check_answers(data)
    except DomainError as exc:
        raise EciError(f"{path}: {exc}") from None


def load_answers(path: Path) -> FormAnswers:
    """The valid, typed answers of a file; EciError naming the first problem (and how many more) otherwise."""
    data = read_answer_data(path)
    try:
        return answers_from_data(data)
    except DomainError as exc:
        raise EciError(f"{path}: {exc}") from None
