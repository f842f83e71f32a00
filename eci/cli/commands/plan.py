"""`eci plan`: the plan's measures and the obligations they create per cycle."""

from __future__ import annotations

import sys
from typing import Any

import typer

from domain.documents import DOCUMENT_KIND_LABELS_RU
from domain.obligation.plan import Obligation, answered_in_form_only, obligations_for_cycle, participants_of
from domain.plan.calendar import PROVISIONAL_MARK_RU, is_provisional_effective_due
from domain.plan.catalog import MEASURES, Measure, get_measure
from domain.plan.dates import (
    implementation_reading_ru,
    reading_ru,
    report_day_stated,
    report_note_ru,
    report_reading_ru,
)
from eci.cli.output import print_json, print_table

plan_app = typer.Typer(help="План: мероприятия и обязательства.", no_args_is_help=True)

_TITLE_WIDTH = 70


def _short(text: str, width: int = _TITLE_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _deadline_short(m: Measure) -> str:
    """Implementation deadline, then the report date (an asterisk: read by analogy with measures 4–5)."""
    mark = "" if report_day_stated(m) else "*"
    if not m.deadlines:
        return f"ежегодно, до 15.04 след. года{mark}"
    if m.is_staged:
        done = "этапы до " + ", ".join(f"{d.due:%d.%m.%Y}" for d in m.deadlines)
    else:
        done = f"до {m.deadlines[-1].due:%d.%m.%Y}"
    return f"{done}; отчёт до 15.04.{m.deadlines[-1].due.year + 1}{mark}"


def _reading_short(m: Measure) -> str:
    """«ежегодно, до 15.04 года, следующего за отчётным», with the reading's source when inferred."""
    note = "" if report_day_stated(m) else " (как в пп. 4–5 Плана)"
    if not m.deadlines:
        return f"ежегодно, до 15.04 года, следующего за отчётным{note}"
    return f"однократно, реализация до {m.deadlines[-1].due:%d.%m.%Y}; отчёт до 15.04 следующего года{note}"


def _participants_ru(m: Measure) -> list[str]:
    owing = participants_of(m)
    regions = sum(1 for p in owing if p.isdigit())
    names = [p for p in owing if not p.isdigit()]
    if regions:
        names.insert(0, f"все субъекты РФ ({regions})")
    if answered_in_form_only(m):
        names.append("субъекты РФ отвечают в форме отчёта (не их обязательство)")
    return names


def measure_json(m: Measure) -> dict[str, Any]:
    """The public JSON shape of a measure."""
    return {
        "number": m.number,
        "section": m.section.value,
        "section_title": m.section.heading,
        "title": m.title,
        "deadline_text": m.deadline_text,
        "recurrence": m.recurrence.value,
        "deadlines": [{"label": d.label, "due": d.due.isoformat()} for d in m.deadlines],
        "reading": reading_ru(m),
        "implementation_reading": implementation_reading_ru(m),
        "report_reading": report_reading_ru(m),
        "report_day_stated": report_day_stated(m),
        "executors": [e.short_name for e in m.executors],
        "executors_note": m.executors_note,
        "is_regional": m.is_regional,
        "answered_in_form_only": answered_in_form_only(m),
        "federal_participants": list(m.federal_participants),
        "documents": [{"kind": d.kind.value, "text": d.text} for d in m.documents],
        "expected_result": m.expected_result,
        "in_report_form": m.in_report_form,
    }


def obligation_json(o: Obligation) -> dict[str, Any]:
    """The public JSON shape of an obligation."""
    schedule = o.schedule
    return {
        "id": str(o.id),
        "cycle": o.cycle,
        "measure": o.measure,
        "participant": o.participant,
        "due": o.due.isoformat(),
        "due_stated": o.dates.report_stated,
        "due_note": o.dates.report_note_ru,
        "effective_due": o.effective_due.isoformat(),
        "implementation_due": o.implementation_due.isoformat(),
        "implementation_due_stated": o.dates.implementation_stated,
        "effective_due_provisional": is_provisional_effective_due(o.due),
        "milestones": [{"label": m.label, "due": m.due.isoformat()} for m in o.milestones],
        "reminders": [r.isoformat() for r in o.reminders],
        "missed_at": schedule.missed_at.isoformat(),
        "escalate_at": schedule.escalate_at.isoformat(),
    }


@plan_app.command("measures", help="31 мероприятие плана.")
def measures(as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы.")) -> None:
    """List the plan's 31 measures."""
    if as_json:
        print_json([measure_json(m) for m in MEASURES])
        return
    rows = [
        (
            m.number,
            m.section.value,
            _deadline_short(m),
            _short(", ".join(_participants_ru(m)), 45),
            _short(m.title),
        )
        for m in MEASURES
    ]
    print_table(("№", "Раздел", "Срок", "Участники", "Мероприятие"), rows)
    sys.stdout.write(f"* {report_note_ru(False)}\n")


def _show_text(m: Measure) -> str:
    lines = [
        f"Мероприятие {m.number} (раздел {m.section.value}. {m.section.heading})",
        m.title,
        "",
        f"Сроки реализации (по Плану): {m.deadline_text}",
        f"Прочтение: {_reading_short(m)}",
        f"Реализация: {implementation_reading_ru(m)}",
        f"Срок представления: {report_reading_ru(m)}",
        "Ответственные исполнители: "
        + "; ".join(e.name for e in m.executors)
        + (f" ({m.executors_note})" if m.executors_note else ""),
        "Участники (обязательства): " + ", ".join(_participants_ru(m)),
        "Вид документа:",
        *(f"  - {DOCUMENT_KIND_LABELS_RU[d.kind]}: {d.text}" for d in m.documents),
        f"Ожидаемый результат: {m.expected_result}",
        f"В форме отчёта субъекта: {'да' if m.in_report_form else 'нет'}",
    ]
    return "\n".join(lines) + "\n"


@plan_app.command("show", help="Мероприятие плана полностью.")
def show(
    number: int = typer.Argument(..., help="Номер мероприятия, 1–31."),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо текста."),
) -> None:
    """Show one measure in full."""
    m = get_measure(number)
    if as_json:
        print_json(measure_json(m))
    else:
        sys.stdout.write(_show_text(m))


@plan_app.command(
    "obligations", help="Обязательства отчётного цикла: участник, срок, срок с учётом выходных, напоминания."
)
def obligations(
    cycle: int = typer.Option(..., "--cycle", help="Отчётный год, 2023–2030."),
    region: str | None = typer.Option(None, "--region", help="Только обязательства этого субъекта (код)."),
    measure: int | None = typer.Option(None, "--measure", help="Только это мероприятие (номер)."),
    participant: str | None = typer.Option(
        None, "--participant", help="Только этот участник (код субъекта или федеральный орган)."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List the obligations of a cycle: participant, due date, effective due date, reminders."""
    found = obligations_for_cycle(cycle, region=region, measure=measure, participant=participant)
    if as_json:
        print_json([obligation_json(o) for o in found])
        return
    rows = [
        (
            str(o.id),
            o.measure,
            o.participant,
            f"{o.implementation_due:%d.%m.%Y}" + ("" if o.dates.implementation_stated else "*"),
            f"{o.due:%d.%m.%Y}" + ("" if o.dates.report_stated else "*"),
            _effective_cell(o),
            ", ".join(f"{m.label[:40]}: {m.due:%d.%m.%Y}" for m in o.milestones),
        )
        for o in found
    ]
    headers = ("Обязательство", "Мероприятие", "Участник", "Реализация", "Срок представления",
               "Срок с учётом выходных", "Этапы")  # fmt: skip
    print_table(headers, rows)
    sys.stdout.write(f"Всего: {len(found)}\n")
    if any(not o.dates.implementation_stated for o in found):
        sys.stdout.write("* реализация «ежегодно»: до 31 декабря отчётного года, в течение которого\n")
    if any(not o.dates.report_stated for o in found):
        sys.stdout.write(f"* {report_note_ru(False)}\n")


def _effective_cell(o: Obligation) -> str:
    marks = [
        *(["перенос"] if o.effective_due != o.due else []),
        *([PROVISIONAL_MARK_RU] if is_provisional_effective_due(o.due) else []),
    ]
    return f"{o.effective_due:%d.%m.%Y}" + (f" ({', '.join(marks)})" if marks else "")


def register(app: typer.Typer) -> None:
    """Add the `plan` group."""
    app.add_typer(plan_app, name="plan")
