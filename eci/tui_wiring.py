"""The coordinator's terminal wired to this deployment: the event store it reads and the actions it
performs through `eci.actions`. The TUI package itself knows neither; it is handed a source and a runner.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from config.settings import Settings
from domain.actors import Actor, Role
from domain.obligation.id import ObligationId
from eci import actions
from eci.errors import EciError
from eci.identity.principal import Principal, signed_in
from eci.tui_summary import ReportSummaries
from store.event_store import EventStore
from tui.actions import ActionKind, ActionRequest, ActionRunner
from tui.app import EciApp
from tui.catalog import plan_catalog
from tui.store_source import StoreSource


def eci_action_runner(settings: Settings, principal: Principal) -> ActionRunner:
    """A runner that performs actions through `eci.actions` as the signed-in user, signed by them."""

    async def run(request: ActionRequest) -> Any:
        by = principal  # the signed-in user acts in every action of this terminal
        actor = by.acting(settings.actor or Role.COORDINATOR.value)
        if request.kind in MAIL_ACTIONS:
            return await _decide_mail(settings, by, actor, request)
        oid = ObligationId.parse(request.obligation_id)
        reason = request.reason or ""  # the dialogs require one; the workflow rejects an empty reason
        seen = request.seen_version
        if request.kind is ActionKind.ACCEPT:
            result = actions.accept(settings, actor, oid, by=by, seen_version=seen)
        elif request.kind is ActionKind.RETURN:
            result = actions.return_submission(settings, actor, oid, reason=reason, by=by, seen_version=seen)
        elif request.kind is ActionKind.WAIVE:
            result = actions.waive(settings, actor, oid, reason=reason, by=by, seen_version=seen)
        elif request.due is None:
            raise ValueError("продление без новой даты")
        else:
            result = actions.extend(
                settings, actor, oid, due=request.due, reason=reason, by=by, seen_version=seen
            )
        return await result if inspect.isawaitable(result) else result

    return run


MAIL_ACTIONS = (
    ActionKind.RELEASE_MAIL,
    ActionKind.DROP_MAIL,
    ActionKind.READ_MAIL,
    ActionKind.GRANT_EXTENSION,
    ActionKind.DECLINE_EXTENSION,
)


async def _decide_mail(settings: Settings, by: Principal, actor: Actor, request: ActionRequest) -> Any:
    """Read, release or drop a held message, or decide an extension request, through the intake (the
    CLI's `eci intake release|drop|grant|decline`)."""
    from eci.intake.decisions import drop, release
    from eci.intake.extension_intake import decline, grant
    from eci.intake.mail_reading import read_mail
    from eci.intake.pipeline import Intake
    from eci.runtime.stack import embedded_settings

    intake = Intake(embedded_settings(settings))
    mail_id = request.mail_id or ""
    try:
        match request.kind:
            case ActionKind.READ_MAIL:
                return await read_mail(intake, mail_id)
            case ActionKind.RELEASE_MAIL:
                obligation = request.obligation_id if request.obligation_id != "—" else None
                return await release(
                    intake, actor, mail_id, obligation=obligation, details=request.details, by=by
                )
            case ActionKind.GRANT_EXTENSION:
                return await grant(intake, actor, mail_id, by=by)
            case ActionKind.DECLINE_EXTENSION:
                return await decline(intake, actor, mail_id, request.reason or "", by=by)
        return drop(intake, actor, mail_id, request.reason or "", by=by)
    finally:
        await intake.aclose()


def create_app(
    settings: Settings,
    *,
    poll_seconds: float = 1.5,
    cycle: int | None = None,
    background: Callable[[], str | None] | None = None,
) -> EciApp:
    """The app wired to the settings' event store and Temporal actions; `background` says what still runs
    behind it (the demo loading), for the status line."""
    try:
        store = EventStore.open(settings.effective_database_url)
        source = StoreSource(store, settings.documents_dir)
    except Exception as exc:  # noqa: BLE001 - any failure to open the store is one line for the user
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise EciError(f"не удаётся открыть журнал событий: «{first}»", code="store_unavailable") from exc
    principal = signed_in(settings, store)  # the TUI acts as the signed-in user (an auditor only reads)
    return EciApp(
        source,
        plan_catalog(),
        actions=eci_action_runner(settings, principal),
        poll_seconds=poll_seconds,
        cycle=cycle,
        export_dir=settings.data_dir / "exports",
        signed_in=f"{principal.user.name} ({principal.login})",
        summaries=ReportSummaries(store),
        background=background,
    )


def run_tui(
    settings: Settings, *, cycle: int | None = None, background: Callable[[], str | None] | None = None
) -> None:
    """Open the coordinator's terminal until the user quits."""
    create_app(settings, cycle=cycle, background=background).run()
