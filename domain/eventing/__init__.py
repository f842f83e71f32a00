"""What every recorded fact shares: the base event, its metadata, the explicit registry of event
modules (with upcasters), and the request a workflow makes to record one.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.eventing.base import DomainEvent
from domain.eventing.metadata import EventMetadata, MailOrigin, SignatureRecord
from domain.eventing.record_request import RecordRequest
from domain.eventing.registry import (
    EVENT_MODULES,
    check_registered,
    decode_event,
    decode_event_json,
    encode_event,
    event_types,
    upcast,
    upcaster,
    validate_payload,
)

__all__ = [
    "check_registered",
    "decode_event",
    "decode_event_json",
    "DomainEvent",
    "encode_event",
    "EVENT_MODULES",
    "event_types",
    "EventMetadata",
    "MailOrigin",
    "RecordRequest",
    "SignatureRecord",
    "upcast",
    "upcaster",
    "validate_payload",
]
