"""Event types by name, and upcasters that lift payloads written under older schema versions.

The modules that define recordable events are listed in `EVENT_MODULES`: a feature adds its event types
by naming its own `events` module there, wherever that module lives in the domain.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pydantic import ValidationError

from domain.errors import DomainError
from domain.eventing.base import DomainEvent

Payload = dict[str, Any]
Upcaster = Callable[[Payload], Payload]

# (type, from_version) -> function returning the payload at from_version + 1
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def upcaster(event_type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function lifting `event_type` payloads from `from_version` to the next version."""

    def register(fn: Upcaster) -> Upcaster:
        _UPCASTERS[(event_type, from_version)] = fn
        return fn

    return register


def _subclasses(cls: type[DomainEvent]) -> list[type[DomainEvent]]:
    found: list[type[DomainEvent]] = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


# Every module whose `DomainEvent` subclasses the store records; each feature owns its own.
EVENT_MODULES: tuple[str, ...] = (
    "domain.obligation.events",
    "domain.history_import.events",
    "domain.intake.events",
    "domain.report_form.events",
    "domain.identity.events",
    "domain.drill.events",
)
# Modules that register how their events fold into an obligation's status, imported with the events.
FOLD_MODULES: tuple[str, ...] = ("domain.history_import.status",)


@cache
def event_types() -> Mapping[str, type[DomainEvent]]:
    """Every known event class by its `type` name (imports each of `EVENT_MODULES` once)."""
    for module in (*EVENT_MODULES, *FOLD_MODULES):
        importlib.import_module(module)
    classes: dict[str, type[DomainEvent]] = {}
    for cls in _subclasses(DomainEvent):
        name = cls.__dict__.get("type")
        # Only the listed event modules define recordable events, never a test or a plugin.
        if not isinstance(name, str) or cls.__module__ not in EVENT_MODULES:
            continue
        if name in classes and classes[name] is not cls:
            raise DomainError(f"тип события «{name}» определён дважды", "duplicate_event_type")
        classes[name] = cls
    return classes


def event_class(event_type: str) -> type[DomainEvent]:
    """The class registered for `event_type`; DomainError if there is none."""
    cls = event_types().get(event_type)
    if cls is None:
        raise DomainError(f"неизвестный тип события «{event_type}»", "unknown_event_type")
    return cls


def check_registered(event: DomainEvent) -> None:
    """Refuse an event whose class is not the one registered under its type name."""
    if event_types().get(event.type) is not type(event):
        raise DomainError(f"неизвестный тип события «{event.type}»", "unknown_event_type")


def upcast(event_type: str, schema_version: int, payload: Payload) -> Payload:
    """Lift a stored payload to the current schema version of its type."""
    current = event_class(event_type).schema_version
    if schema_version > current:
        raise DomainError(
            f"событие «{event_type}» записано в версии схемы {schema_version}, новее известной "
            f"этой версии eci ({current}): обновите eci",
            "schema_too_new",
        )
    while schema_version < current:
        step = _UPCASTERS.get((event_type, schema_version))
        if step is None:
            raise DomainError(
                f"нет преобразования события «{event_type}» из версии схемы {schema_version}",
                "no_upcaster",
            )
        payload = step(payload)
        schema_version += 1
    return payload


def decode_event(event_type: str, schema_version: int, payload: Payload) -> DomainEvent:
    """Build the typed event from a stored payload, upcasting it first; DomainError if it does not fit."""
    cls = event_class(event_type)
    try:
        return cls.model_validate(upcast(event_type, schema_version, payload))
    except ValidationError as exc:
        raise DomainError(
            f"данные события «{event_type}» не соответствуют его схеме: {_first_error(exc)}",
            "payload_invalid",
        ) from None


def decode_event_json(event_type: str, schema_version: int, payload_json: str | bytes) -> DomainEvent:
    """Like `decode_event` from the payload's JSON text (parsed straight into the model when current)."""
    cls = event_class(event_type)
    if schema_version != cls.schema_version:
        return decode_event(event_type, schema_version, json.loads(payload_json))
    try:
        return cls.model_validate_json(payload_json)
    except ValidationError as exc:
        raise DomainError(
            f"данные события «{event_type}» не соответствуют его схеме: {_first_error(exc)}",
            "payload_invalid",
        ) from None


def validate_payload(event_type: str, payload: Payload) -> DomainEvent:
    """Build a current-version event from an untrusted payload; DomainError naming the first problem."""
    return decode_event(event_type, event_class(event_type).schema_version, payload)


def encode_event(event: DomainEvent) -> Payload:
    """The event's payload as plain JSON values."""
    return event.model_dump(mode="json")


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "payload"
    return f"{where}: {err['msg']}"
