"""`eci regions`: the 89 subjects of the Russian Federation."""

from __future__ import annotations

import typer

from domain.plan.regions import REGIONS, parse_federal_district
from eci.cli.output import print_json, print_table


def regions(
    district: str | None = typer.Option(
        None, "--district", help="Федеральный округ: код (central), название (Центральный) или ЦФО."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List the regions with their codes and federal districts."""
    chosen = parse_federal_district(district) if district is not None else None
    found = [r for r in REGIONS if chosen is None or r.federal_district is chosen]
    if as_json:
        print_json(
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "federal_district": r.federal_district.value,
                    "federal_district_name": r.federal_district.name_ru,
                }
                for r in found
            ]
        )
        return
    rows = [(r.code, r.name, r.federal_district.name_ru) for r in found]
    print_table(("Код", "Субъект РФ", "Федеральный округ"), rows)


def register(app: typer.Typer) -> None:
    """Add the `regions` command."""
    app.command("regions", help="Субъекты Российской Федерации: коды и федеральные округа.")(regions)
