"""`eci contacts import|list`: participants' work contacts, the addressees of reminders and notices."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from config.settings import load_settings
from domain.contacts import ROLE_LABELS_RU, Contact, parse_contacts_csv, read_participant
from eci.cli.output import print_json, print_table
from eci.errors import EciError

contacts_app = typer.Typer(help="Контакты участников: кому направляются напоминания и уведомления.")


def _database_url() -> str:
    """The store's database, brought up to the current schema."""
    from store.migrate import upgrade

    url = load_settings().effective_database_url
    upgrade(url)
    return url


@contacts_app.command(
    "import", help="Заменить все контакты контактами из CSV-файла; одна ошибочная строка отклоняет весь файл."
)
def import_contacts(
    file: Path = typer.Argument(..., help="CSV (UTF-8, «,» или «;»): participant, role, full_name, email."),
) -> None:
    """Replace all contacts with those of a CSV file; one bad row rejects the whole file."""
    from store.contacts import replace_contacts

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise EciError(f"{file}: файла нет", code="no_such_file") from None
    except OSError as exc:
        raise EciError(f"{file}: не удаётся прочитать файл ({exc.strerror})", code="unreadable") from None
    contacts = parse_contacts_csv(data, str(file))
    count = replace_contacts(_database_url(), contacts)
    participants = len({c.participant for c in contacts})
    sys.stdout.write(f"Импортировано контактов: {count} (участников: {participants})\n")


def _json(contact: Contact) -> dict[str, str]:
    return {
        "participant": contact.participant,
        "role": contact.role.value,
        "full_name": contact.full_name,
        "email": contact.email,
    }


@contacts_app.command("list", help="Загруженные контакты (одного участника, если он указан).")
def list_command(
    participant: str | None = typer.Option(
        None, "--participant", help="Только этот участник (код субъекта или федеральный орган)."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON вместо таблицы."),
) -> None:
    """List the imported contacts (of one participant, if given)."""
    from store.contacts import contacts_for, list_contacts

    url = _database_url()
    contacts = list_contacts(url) if participant is None else contacts_for(url, read_participant(participant))
    if as_json:
        print_json([_json(c) for c in contacts])
        return
    print_table(
        ["Участник", "Роль", "ФИО", "Эл. почта"],
        [[c.participant, ROLE_LABELS_RU[c.role], c.full_name, c.email] for c in contacts],
    )


def register(app: typer.Typer) -> None:
    """Add the `contacts` group to the app."""
    app.add_typer(contacts_app, name="contacts", no_args_is_help=True)
