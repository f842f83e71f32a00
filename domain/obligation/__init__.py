"""The obligation (measure × participant × cycle): its id, events, states, requests, terms, deadline,
schedule and timers, the rules of each action, and the one fold of its events into status.

The names below are the package's public face; other layers import them from here or from the
module that defines them.
"""

from domain.obligation.carry import CarriedState
from domain.obligation.cycle_opening import CycleOpened, OpenCycleRequest
from domain.obligation.events import (
    DeadlineExtended,
    DeadlineMissed,
    DeadlineRetimed,
    DocumentSubmitted,
    Escalated,
    Milestone,
    NotificationFailed,
    ObligationClosed,
    ObligationOpened,
    ObligationWaived,
    OverdueNoticeSent,
    ReminderSent,
    SubmissionAccepted,
    SubmissionReturned,
)
from domain.obligation.id import ObligationId
from domain.obligation.imported import ImportedProgress
from domain.obligation.lifecycle import Fact, next_state
from domain.obligation.notices import (
    DigestKind,
    DigestRequest,
    DigestResult,
    NoticeKind,
    NoticeRequest,
    NoticeResult,
)
from domain.obligation.plan import (
    CYCLES,
    Obligation,
    check_cycle,
    check_participant,
    get_obligation,
    obligations_for_cycle,
    participants_of,
)
from domain.obligation.progress import ObligationProgress
from domain.obligation.requests import (
    ActionSignature,
    ExtendRequest,
    RetimeRequest,
    ReviewRequest,
    SignedRequest,
    SubmitRequest,
)
from domain.obligation.rules import after_extend, after_retime, check_retime
from domain.obligation.schedule import ESCALATE_AFTER, OVERDUE_EVERY, schedule_for
from domain.obligation.signing import SIGNATURE_WINDOW, signing_text
from domain.obligation.start import deadline_for, district_of, terms_for
from domain.obligation.states import STATE_LABELS_RU, ObligationState
from domain.obligation.status import (
    EventRecord,
    ObligationStatus,
    StatusView,
    evolve,
    fold_all,
    fold_status,
    folds,
    opened_status,
    opens,
)
from domain.obligation.terms import ObligationTerms
from domain.obligation.timeliness import Timeliness, classify
from domain.obligation.timers import TimerKind, TimerStep, after_timer, next_timer

__all__ = [
    "Fact",
    "next_state",
    "Timeliness",
    "classify",
    "ActionSignature",
    "after_extend",
    "after_retime",
    "after_timer",
    "CarriedState",
    "check_cycle",
    "check_participant",
    "check_retime",
    "CycleOpened",
    "CYCLES",
    "deadline_for",
    "DeadlineExtended",
    "DeadlineMissed",
    "DeadlineRetimed",
    "DigestKind",
    "DigestRequest",
    "DigestResult",
    "district_of",
    "DocumentSubmitted",
    "ESCALATE_AFTER",
    "Escalated",
    "EventRecord",
    "evolve",
    "ExtendRequest",
    "fold_all",
    "fold_status",
    "folds",
    "get_obligation",
    "ImportedProgress",
    "Milestone",
    "next_timer",
    "NoticeKind",
    "NoticeRequest",
    "NoticeResult",
    "NotificationFailed",
    "Obligation",
    "ObligationClosed",
    "ObligationId",
    "ObligationOpened",
    "ObligationProgress",
    "obligations_for_cycle",
    "ObligationState",
    "ObligationStatus",
    "ObligationTerms",
    "ObligationWaived",
    "OpenCycleRequest",
    "opened_status",
    "opens",
    "OVERDUE_EVERY",
    "OverdueNoticeSent",
    "participants_of",
    "ReminderSent",
    "RetimeRequest",
    "ReviewRequest",
    "schedule_for",
    "SIGNATURE_WINDOW",
    "SignedRequest",
    "signing_text",
    "STATE_LABELS_RU",
    "StatusView",
    "SubmissionAccepted",
    "SubmissionReturned",
    "SubmitRequest",
    "terms_for",
    "TimerKind",
    "TimerStep",
]
