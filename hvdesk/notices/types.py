"""Values the notices service hands out (frozen; safe to pass to other threads)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from hvdesk.model.enums import NoticeStatus

GATEWAY_KINDS = ("outbox", "http")


class NoticeKind(enum.StrEnum):
    NOTICE = "notice"
    RESCHEDULE = "reschedule"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    FEEDBACK = "feedback"


@dataclass(frozen=True, slots=True)
class WordingProblem:
    """One broken wording rule. ``message`` is user-facing English; ``code`` is stable."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class WordingReport:
    """The result of :func:`~hvdesk.notices.check_wording`.

    ``chars`` is the length as carriers count it (one per character, emoji
    and other astral characters count two); ``segments`` the number of parts
    billed (70 characters in one part, 67 per part when longer).
    """

    problems: tuple[WordingProblem, ...]
    chars: int
    segments: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class NoticeView:
    """One notice as a coordinator sees it (phone masked, name masked as the role needs)."""

    id: int
    visit_id: int
    customer_id: int
    customer_name: str
    phone_masked: str
    kind: NoticeKind
    text: str
    status: NoticeStatus
    chars: int
    segments: int
    problems: tuple[WordingProblem, ...]
    visit_start: dt.datetime
    created_at: dt.datetime
    queued_at: dt.datetime | None
    sent_at: dt.datetime | None
    delivered_at: dt.datetime | None
    error: str | None
    reply: str | None
    needs_attention: bool
    attempts: int = 0
    #: The customer replied "2" and the visit has not been moved since (issue 16).
    wants_another_time: bool = False


@dataclass(frozen=True, slots=True)
class NoticeSettings:
    """Shared by every desk of the database (stored in ``db_meta``); the http token is not here."""

    signature: str = "【惠民消费金融】"
    gateway: str = "outbox"
    outbox_dir: str = ""
    http_url: str = ""
    extra_forbidden_words: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class SendSummary:
    sent: int
    queued: int
    failed: int
    skipped: int
    problems: tuple[str, ...]

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        text = (
            f"sent {self.sent}, queued {self.queued}, failed {self.failed}, "
            f"skipped {self.skipped}"
        )
        if self.problems:
            text += f" ({len(self.problems)} problem(s))"
        return text


@dataclass(frozen=True, slots=True)
class ReceiptSummary:
    delivered: int
    failed: int
    confirmed: int
    flagged: int
    unknown: int

    def line(self) -> str:
        return (
            f"delivered {self.delivered}, failed {self.failed}, confirmed {self.confirmed}, "
            f"flagged {self.flagged}, unknown {self.unknown}"
        )
