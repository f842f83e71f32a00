"""Checking a parsed answer file against its cycle's report form: header, every item, cross-item rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from domain.errors import DomainError
from domain.plan.participants import check_region
from domain.report_form.answers import CountsAnswer, FormAnswers, ItemAnswer, Problem
from domain.report_form.forms import report_form_for
from domain.report_form.items import read_item, read_table
from domain.report_form.schema import ReportForm
from domain.russian import ru_number

HEADER_KEYS = ("cycle", "region", "answers")


@dataclass(frozen=True)
class FormHeader:
    """Whose answers these are, for which cycle's form."""

    cycle: int
    region: str
    form: ReportForm


@dataclass(frozen=True)
class AnswersCheck:
    """The outcome of a check: the typed answers when there are no problems."""

    header: FormHeader
    answers: FormAnswers | None
    problems: tuple[Problem, ...]


class AnswerProblems(DomainError):
    """Answers that break the form; `problems` lists them all, the message names the first."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        more = f" (и ещё замечаний: {len(problems) - 1})" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}", problems[0].code)
        self.problems = problems


def _as_mapping(data: object) -> Mapping[object, object]:
    if not isinstance(data, Mapping):
        raise DomainError(
            "файл ответов должен содержать разделы «cycle», «region» и «answers»", "not_an_answer_file"
        )
    return data


def read_header(data: object) -> FormHeader:
    """The cycle and region of an answer file; DomainError if either is missing or unknown."""
    data = _as_mapping(data)
    unknown = [str(k) for k in data if k not in HEADER_KEYS]
    if unknown:
        raise DomainError(
            f"неизвестный раздел файла «{unknown[0]}» (ожидаются «cycle», «region», «answers»)", "unknown_key"
        )
    cycle = data.get("cycle")
    if isinstance(cycle, str) and cycle.strip().isdigit():
        cycle = int(cycle)
    if not isinstance(cycle, int) or isinstance(cycle, bool):
        raise DomainError(f"«cycle»: ожидается отчётный год, например 2023, указано «{cycle}»", "bad_cycle")
    form = report_form_for(cycle)
    region = data.get("region")
    # An unquoted code such as 05 reaches us as the number 5.
    if isinstance(region, int) and not isinstance(region, bool):
        region = f"{region:02d}"
    if not isinstance(region, str) or not region.strip():
        message = f"«region»: ожидается код субъекта, например «77», указано «{region}»"
        raise DomainError(message, "bad_region")
    return FormHeader(cycle=cycle, region=check_region(region.strip()), form=form)


def _item_key(key: object) -> str:
    return str(key).strip()


def check_answers(data: object) -> AnswersCheck:
    """Check parsed answers; DomainError for a bad header, problems for bad items."""
    header = read_header(data)
    raw = _as_mapping(data).get("answers")
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise DomainError("«answers»: ожидаются ответы по номерам пунктов формы", "bad_answers")
    given = {_item_key(k): v for k, v in raw.items()}
    form = header.form
    problems: list[Problem] = []
    items: dict[str, ItemAnswer] = {}
    tables = {t.key: t for t in form.tables}
    for key in form.answer_keys:
        if key not in given:
            message = "пункт отсутствует (в файле должны быть все пункты формы)"
            problems.append(Problem(key, message, "missing_item"))
            continue
        answer, found = (
            read_table(tables[key], given[key]) if key in tables else read_item(form.item(key), given[key])
        )
        problems.extend(found)
        if answer is not None:
            items[key] = answer
    problems.extend(
        Problem(key, f"такого пункта нет в форме за {form.cycle} год", "unknown_item")
        for key in given
        if key not in form.answer_keys
    )
    problems.extend(_cross_item_problems(items))
    answers = None if problems else FormAnswers(cycle=header.cycle, region=header.region, items=items)
    return AnswersCheck(header=header, answers=answers, problems=tuple(problems))


def _cross_item_problems(items: dict[str, ItemAnswer]) -> list[Problem]:
    """The seed's own consistency rule: 11.1 «совпадает с п. 5.1.1 негосударственные поставщики … всего»."""
    total, by_department = items.get("11.1"), items.get("5.1.1")
    if not isinstance(total, CountsAnswer) or not isinstance(by_department, CountsAnswer):
        return []
    non_state = by_department.parts.get("non_state_providers", {})
    return [
        Problem(
            "11.1",
            f"{year}: {ru_number(value)} не совпадает с п. 5.1.1 «негосударственные поставщики» "
            f"({ru_number(non_state[year])})",
            "differs_from_5_1_1",
            (year,),
        )
        for year, value in total.values.items()
        if year in non_state and non_state[year] != value
    ]


def validate_answers(data: object) -> list[Problem]:
    """The problems of parsed answers against their form (empty when valid); DomainError for a bad header."""
    return list(check_answers(data).problems)


def answers_from_data(data: object) -> FormAnswers:
    """The typed answers; AnswerProblems (a DomainError) naming the first problem if there are any."""
    result = check_answers(data)
    if result.answers is None:
        raise AnswerProblems(result.problems)
    return result.answers
