"""A local user the tracker does not know gets one line from every command that touches its data, reads
nothing and writes nothing, even where the data dir's modes would let them in; a data dir closed by its
modes says so in one line; a store the OS lets them only read is one line too."""

from __future__ import annotations

from pathlib import Path

import pytest
from local_users import SharedTracker, can_switch_to, many_eci_as, tree
from store_events import new, opened, stream_of

from domain.contacts import Contact, ContactRole
from eci.cli import main
from eci.cli.access import Access, access_of, command_paths
from store.contacts import replace_contacts
from store.event_store import EventStore

pytestmark = pytest.mark.skipif(not can_switch_to("nobody"), reason="needs root, runuser and a user nobody")

UNREGISTERED = (
    "eci: error: «nobody» не зарегистрирован как пользователь системы: администратор добавляет "
    "пользователей командой «eci users add»\n"
)
MESSAGE_ID = "<reminder-1@rannyaya-pomoshch.local>"


def gated_commands(folder: Path) -> dict[tuple[str, ...], list[str]]:
    """A valid command line for every command that needs a registered user (reads first)."""
    pdf, sheet, form = str(folder / "prikaz.pdf"), str(folder / "history.xlsx"), str(folder / "77.yaml")
    return {
        ("status",): ["status", "--json"],
        ("audit", "verify"): ["audit", "verify", "--json"],
        ("audit", "checkpoint"): ["audit", "checkpoint", "--out", str(folder / "checkpoint.json"), "--json"],
        ("audit", "history"): ["audit", "history", "2023/05/77", "--json"],
        ("audit", "replay"): ["audit", "replay", "--json"],
        ("audit", "diff"): ["audit", "diff", "--from", "2023-01-01", "--to", "2023-12-31", "--json"],
        ("audit", "who"): ["audit", "who", "system", "--json"],
        ("audit", "export"): ["audit", "export", "--out", str(folder / "bundle")],
        ("audit", "workflows"): ["audit", "workflows", "2023/05/77", "--json"],
        ("contacts", "list"): ["contacts", "list", "--json"],
        ("db", "stats"): ["db", "stats", "--json"],
        ("intake", "list"): ["intake", "list", "--json"],
        ("intake", "quarantine"): ["intake", "quarantine", "--json"],
        ("mail", "list"): ["mail", "list", "--json"],
        ("mail", "show"): ["mail", "show", MESSAGE_ID],
        ("mail", "outbox"): ["mail", "outbox", "--json"],
        ("report",): ["report", "--cycle", "2023"],
        ("report", "measure"): ["report", "measure", "5", "--cycle", "2023"],
        ("report", "region"): ["report", "region", "77", "--cycle", "2023"],
        ("report", "summary"): ["report", "summary", "--cycle", "2023", "--findings", "--json"],
        ("users", "list"): ["users", "list", "--json"],
        ("users", "whoami"): ["users", "whoami", "--json"],
        ("tui",): ["tui"],
        ("db", "rebuild"): ["db", "rebuild"],
        ("db", "init"): ["db", "init"],
        ("db", "upgrade"): ["db", "upgrade"],
        ("doctor",): ["doctor", "--json"],
        ("demo",): ["demo", "--regions", "1"],
        ("up",): ["up", "--no-tui"],
        ("import",): ["import", sheet],
        ("submit",): ["submit", "2023/05/77", "--file", pdf, "--kind", "order", "--number", "1",
                      "--date", "2023-02-01", "--issuer", "Минздрав", "--as", "region:77"],
        ("accept",): ["accept", "2023/05/77"],
        ("return",): ["return", "2023/05/77", "--reason", "нет подписи"],
        ("waive",): ["waive", "2023/05/77", "--reason", "не применяется"],
        ("extend",): ["extend", "2023/05/77", "--until", "2024-03-01", "--reason", "письмо"],
        ("cycle", "open"): ["cycle", "open", "2023"],
        ("cycle", "retime"): ["cycle", "retime", "2023", "--reason", "новые сроки"],
        ("contacts", "import"): ["contacts", "import", str(folder / "contacts.csv")],
        ("form", "submit"): ["form", "submit", form],
        ("intake", "release"): ["intake", "release", "0123456789ab"],
        ("intake", "drop"): ["intake", "drop", "0123456789ab", "--reason", "спам"],
        ("intake", "grant"): ["intake", "grant", "0123456789ab"],
        ("intake", "decline"): ["intake", "decline", "0123456789ab", "--reason", "срок уже переносился"],
        ("intake", "serve"): ["intake", "serve"],
        ("intake", "poll"): ["intake", "poll", "--once"],
        ("mail", "flush"): ["mail", "flush"],
        ("mail", "reply"): ["mail", "reply", MESSAGE_ID, "--attach", pdf],
        ("users", "add"): ["users", "add", "nobody", "--name", "Никто Н. Н.", "--role", "coordinator"],
        ("users", "remove"): ["users", "remove", "root"],
        ("users", "key", "init"): ["users", "key", "init"],
        ("users", "key", "register"): ["users", "key", "register", "nobody", "A" * 43 + "="],
        ("users", "key", "revoke"): ["users", "key", "revoke", "0123456789abcdef"],
    }  # fmt: skip


def _fill(shared: SharedTracker) -> None:
    """Something behind every read: an obligation's events, a contact, a message in the Maildir."""
    with EventStore.open(shared.url) as store:
        store.append(stream_of("2023/05/77"), [new(opened("2023/05/77"))])
        replace_contacts(
            store,
            [Contact(participant="77", role=ContactRole.RESPONSIBLE, full_name="Иванов И. И.",
                     email="ivanov@mos.example")],
        )  # fmt: skip
    mail = shared.data_dir / "mail"
    for sub in ("new", "cur", "tmp"):
        (mail / sub).mkdir(parents=True)
    headers = f"Message-ID: {MESSAGE_ID}\r\nTo: ivanov@mos.example\r\nSubject: Напоминание\r\n"
    (mail / "new" / "1.a1.eci").write_bytes(f"{headers}\r\nСрок близок\r\n".encode())
    for path in [mail, *mail.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)


def test_every_command_but_the_plans_catalog_needs_a_registered_user() -> None:
    main._register_commands()
    listed = set(gated_commands(Path("/")))
    needing = {p for p in command_paths(main.app) if access_of(p) in (Access.USER, Access.SETUP)}
    assert needing == listed, "a new command is gated by default: give it a command line here"


def test_an_unregistered_user_reads_and_writes_nothing_with_any_command(shared: SharedTracker) -> None:
    _fill(shared)
    base = shared.data_dir.parent
    head, before = shared.head(), tree(base)
    commands = gated_commands(base)
    results = many_eci_as("nobody", list(commands.values()), shared.environment(), base)
    for result in results:
        assert (result["code"], result["err"], result["out"]) == (2, UNREGISTERED, ""), result["args"]
    (base / "commands.json").unlink(missing_ok=True)
    assert shared.head() == head
    assert tree(base) == before, "nothing made, changed or removed"


def test_a_data_dir_closed_by_its_modes_is_one_line_naming_it(shared: SharedTracker) -> None:
    shared.data_dir.chmod(0o700)
    base = shared.data_dir.parent
    before = tree(base)
    reads = [["status", "--json"], ["users", "list"], ["mail", "list"], ["audit", "verify"], ["db", "init"]]
    for result in many_eci_as("nobody", reads, shared.environment(), base):
        assert result["code"] == 2, result
        assert result["err"] == (
            f"eci: error: {shared.data_dir} закрыт для nobody (владелец root, 0700): трекером этого "
            "каталога данных пользуются его владелец и участники группы ECI_DATA_GROUP\n"
        )
        assert result["out"] == ""
    (base / "commands.json").unlink(missing_ok=True)
    assert tree(base) == before


def test_a_store_the_os_lets_a_user_only_read_is_one_line_not_a_traceback(shared: SharedTracker) -> None:
    # As an older eci left it: the directory 0755, the database 0644. SQLite cannot make its -shm.
    shared.data_dir.chmod(0o755)
    (shared.data_dir / "events.sqlite3").chmod(0o644)
    base = shared.data_dir.parent
    (result,) = many_eci_as("nobody", [["status"]], shared.environment(), base)
    assert result["code"] == 3
    assert result["err"].startswith(f"eci: error: база событий {shared.data_dir / 'events.sqlite3'} ")
    assert "(владелец root, 0644; каталог: владелец root, 0755)" in result["err"]
    assert "открыта пользователю nobody только для чтения" in result["err"]
    assert result["err"].count("\n") == 1
