"""`eci doctor`: check the configuration a deployment depends on and say how to fix what is wrong."""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from config.settings import Settings
from domain.moscow import today_in_moscow
from domain.plan.calendar import OFFICIAL_YEARS, provisional_years
from eci.errors import EciError

_REGISTER_HINT = "run `eci doctor --fix` (or start `eci worker`, which registers them)"
_SMTP_HINT = "start the relay (`eci mail sink` locally) or set ECI_SMTP_HOST/ECI_SMTP_PORT"


class Outcome(StrEnum):
    """How a check ended: `warn` does not fail the run (e.g. no worker yet)."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class CheckResult:
    """One line of the doctor's report."""

    check: str
    outcome: Outcome
    detail: str
    fix: str = ""


def check_data_dir(settings: Settings, fix: bool = False) -> CheckResult:
    """The data dir exists (made only with --fix: a check writes nothing where nobody asked) and takes a
    file."""
    path = settings.data_dir
    if not path.exists() and not fix:
        return CheckResult(
            "data_dir",
            Outcome.FAIL,
            f"{path.resolve()} does not exist",
            "set ECI_DATA_DIR to the tracker's data dir, or create one with `eci db init` (or --fix)",
        )
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".doctor-"):
            pass
    except OSError as exc:
        return CheckResult(
            "data_dir",
            Outcome.FAIL,
            f"{path}: {exc.strerror or exc}",
            f"make {path} writable or set ECI_DATA_DIR to a writable directory",
        )
    return CheckResult("data_dir", Outcome.OK, f"{path.resolve()} is writable")


def check_database(settings: Settings, fix: bool) -> CheckResult:
    """The event store answers and its schema is the one this eci expects."""
    from sqlalchemy.exc import SQLAlchemyError

    from store.engine import make_engine
    from store.errors import SchemaMismatch
    from store.migrate import schema_state, upgrade

    url = settings.effective_database_url
    if settings.is_embedded and not settings.has_store() and not fix:
        where = settings.data_dir.resolve()
        return CheckResult(
            "database", Outcome.FAIL, f"no event store in {where} (ECI_DATA_DIR)", "run `eci db init`"
        )
    engine = make_engine(url)
    shown = engine.url.render_as_string(hide_password=True)
    try:
        state = schema_state(engine)
    except SchemaMismatch as exc:
        return CheckResult("database", Outcome.FAIL, str(exc), "run a newer eci against this database")
    except SQLAlchemyError as exc:
        first = str(exc.orig if getattr(exc, "orig", None) else exc).strip().splitlines()[0]
        return CheckResult(
            "database", Outcome.FAIL, f"{shown}: {first}", "start the database or correct ECI_DATABASE_URL"
        )
    finally:
        engine.dispose()
    if state != "current" and fix:
        upgrade(url)
        return CheckResult("database", Outcome.OK, f"{shown}: schema upgraded to the newest revision")
    if state == "empty":
        return CheckResult("database", Outcome.FAIL, f"{shown}: no schema yet", "run `eci db init`")
    if state == "behind":
        return CheckResult("database", Outcome.FAIL, f"{shown}: schema is behind", "run `eci db upgrade`")
    return CheckResult("database", Outcome.OK, f"{shown}: schema current")


async def check_temporal(settings: Settings, fix: bool) -> list[CheckResult]:
    """Temporal answers, the namespace exists, the search attributes are registered, a worker polls."""
    from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
    from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest

    from eci.runtime.temporal_client import RPC_TIMEOUT, connect, ensure_search_attributes, require_worker
    from workflows.search_attributes import REGISTRATION

    address, namespace = settings.temporal_address, settings.temporal_namespace
    try:
        client = await connect(settings)
        await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=namespace), timeout=RPC_TIMEOUT
        )
    except EciError as exc:
        fix_hint = "run `eci server` or set ECI_TEMPORAL_ADDRESS"
        return [CheckResult("temporal", Outcome.FAIL, str(exc), fix_hint)]
    except Exception as exc:  # noqa: BLE001 - any RPC failure is the finding itself
        return [
            CheckResult(
                "temporal",
                Outcome.FAIL,
                f"{address} namespace {namespace!r}: {exc}",
                "create the namespace (`temporal operator namespace create`) or set ECI_TEMPORAL_NAMESPACE",
            )
        ]
    results = [CheckResult("temporal", Outcome.OK, f"{address}, namespace {namespace!r}")]
    if fix:
        await ensure_search_attributes(client, namespace)
    known = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=namespace), timeout=RPC_TIMEOUT
    )
    missing = [name for name, _ in REGISTRATION if name not in known.custom_attributes]
    if missing:
        results.append(
            CheckResult("search_attributes", Outcome.FAIL, f"missing: {', '.join(missing)}", _REGISTER_HINT)
        )
    else:
        results.append(CheckResult("search_attributes", Outcome.OK, f"{len(REGISTRATION)} registered"))
    try:
        await require_worker(client, settings)
        results.append(CheckResult("worker", Outcome.OK, f"polling {settings.temporal_task_queue!r}"))
    except EciError as exc:
        results.append(CheckResult("worker", Outcome.WARN, str(exc), "run `eci worker`"))
    return results


async def check_smtp(settings: Settings) -> CheckResult:
    """The SMTP server greets us (and takes STARTTLS and the login when configured)."""
    import aiosmtplib

    where = f"{settings.smtp_host}:{settings.smtp_port}"
    smtp = aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password or None,
        start_tls=settings.smtp_starttls,
        validate_certs=not settings.smtp_allow_self_signed,
        timeout=5,
    )
    try:
        await smtp.connect()
        await smtp.noop()
        await smtp.quit()
    except (aiosmtplib.SMTPException, OSError) as exc:
        return CheckResult("smtp", Outcome.FAIL, f"{where}: {exc}", _SMTP_HINT)
    return CheckResult("smtp", Outcome.OK, f"{where} answers")


def check_production_calendar(today: dt.date) -> CheckResult:
    """The current and the next year's calendars come from a decree, not the provisional reading.

    Deadlines and reminders in a provisional year may move by a day once the Government publishes its
    transfers of days off (each September for the next year), so the table needs that year added.
    """
    years = (today.year, today.year + 1)
    provisional = provisional_years(years)
    if provisional:
        listed = ", ".join(str(y) for y in provisional)
        return CheckResult(
            "production_calendar",
            Outcome.WARN,
            f"no decree on transfers of days off for {listed}: dates there are provisional (art. 112 only)",
            "add the decree to domain/plan/calendar.py, then run `eci cycle retime` on open cycles",
        )
    return CheckResult(
        "production_calendar",
        Outcome.OK,
        f"decrees for {years[0]} and {years[1]} (table {OFFICIAL_YEARS[0]}–{OFFICIAL_YEARS[-1]})",
    )


def check_identity(settings: Settings, fix: bool) -> CheckResult:
    """The log has its founding admin, and the user running this (the worker's, the intake's) has a
    registered key to seal what it writes."""
    from eci.identity import directory
    from eci.identity.principal import found, founding_note, os_login, os_name, signed_in
    from store.event_store import EventStore

    login = os_login()
    with EventStore.open(settings.effective_database_url, migrate=False) as store:
        founder = directory.founder(store)
        if founder is None and not fix:
            return CheckResult(
                "identity", Outcome.FAIL, "no admin has founded the log yet",
                f"run `eci users add …` as the first admin (or `eci doctor --fix`, which makes {login} it)",
            )  # fmt: skip
        if founder is None:
            made = found(store, settings, login, os_name(login))
            return CheckResult("identity", Outcome.OK, founding_note(made).strip())
        try:
            key = signed_in(settings, store).key
        except EciError as exc:
            hint = f"an admin runs `eci users add {login} --name … --role worker`, then registers its key"
            if exc.code == "key_not_registered":
                hint = str(exc).split("не зарегистрирован: ", 1)[1]
            return CheckResult("identity", Outcome.WARN, str(exc).split(":")[0], hint)
    return CheckResult(
        "identity", Outcome.OK, f"{login} seals with key {key.key_id}; founding admin {founder.login}"
    )


async def run_checks(settings: Settings, fix: bool = False) -> list[CheckResult]:
    """Every check, in the order a deployment depends on them."""
    today = today_in_moscow()
    results = [check_data_dir(settings, fix), check_database(settings, fix)]
    if results[-1].outcome is Outcome.OK:
        results.append(check_identity(settings, fix))
    steps: list[Callable[[], Awaitable[list[CheckResult] | CheckResult]]] = [
        lambda: check_temporal(settings, fix),
        lambda: check_smtp(settings),
    ]
    for step in steps:
        found = await step()
        results.extend(found if isinstance(found, list) else [found])
    results.append(check_production_calendar(today))
    return results


def diagnose(settings: Settings, fix: bool = False) -> list[CheckResult]:
    """Run the checks from synchronous code."""
    return asyncio.run(run_checks(settings, fix))
