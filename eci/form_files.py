"""Reading report-form answer files (YAML) from disk; checking them is the domain's job."""

from __future__ import annotations

from pathlib import Path

import yaml

from domain.errors import DomainError
from domain.report_form_answers import FormAnswers
from domain.report_form_check import AnswersCheck, answers_from_data, check_answers
from eci.errors import EciError


def read_answer_data(path: Path) -> object:
    """The parsed YAML of an answer file; EciError (one line) if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EciError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise EciError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise EciError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return yaml.safe_load(text)
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
