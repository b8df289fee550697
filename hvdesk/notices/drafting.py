"""Composing a draft notice for a visit (shared by preparing and the follow-ups)."""

from __future__ import annotations

import secrets
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from hvdesk.model import Notice, NoticeStatus, User, Visit, VisitStatus
from hvdesk.notices import templates
from hvdesk.notices.types import NoticeKind, NoticeSettings
from hvdesk.security import pii
from hvdesk.security.crypto import FieldCipher

S = VisitStatus
#: Notices that still have to go out (or be dealt with) for the visit.
PENDING = frozenset({NoticeStatus.DRAFT, NoticeStatus.QUEUED, NoticeStatus.FAILED})
GONE_OUT = frozenset({NoticeStatus.SENT, NoticeStatus.DELIVERED})
#: The kinds that tell a time (a later move makes them wrong).
TIME_KINDS = frozenset({NoticeKind.NOTICE, NoticeKind.RESCHEDULE, NoticeKind.REMINDER})
#: Visit statuses each kind fits.
FITS: dict[NoticeKind, frozenset[VisitStatus]] = {
    NoticeKind.NOTICE: frozenset({S.PLANNED}),
    NoticeKind.RESCHEDULE: frozenset({S.PLANNED}),
    NoticeKind.REMINDER: frozenset({S.PLANNED, S.NOTIFIED, S.CONFIRMED}),
    NoticeKind.CANCELLATION: frozenset({S.CANCELLED, S.RESCHEDULED}),
    NoticeKind.FEEDBACK: frozenset({S.COMPLETED}),
}
#: When sending, a notice still fits a visit its earlier attempt already
#: marked notified (a retry after the carrier failed).
SEND_FITS: dict[NoticeKind, frozenset[VisitStatus]] = {
    **FITS,
    NoticeKind.NOTICE: frozenset({S.PLANNED, S.NOTIFIED, S.CONFIRMED}),
    NoticeKind.RESCHEDULE: frozenset({S.PLANNED, S.NOTIFIED, S.CONFIRMED}),
}


def new_key(notice_id: int) -> str:
    """The idempotency key: readable for support, unguessable, unique."""
    return f"hv-{notice_id:06d}-{secrets.token_hex(4)}"


def _male(cipher: FieldCipher | None, visit: Visit) -> bool | None:
    if cipher is None:
        return None
    number = cipher.decrypt(pii.CUSTOMER_ID.at(visit.customer.id), visit.customer.id_enc)
    return int(number[16]) % 2 == 1


def _lead(visit: Visit) -> User | None:
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    return members[0].user if members else None


def skip_reason(visit: Visit, kind: NoticeKind) -> str | None:
    """Why this visit gets no notice of this kind, or None."""
    if visit.customer.do_not_visit:
        return "the customer asked not to be contacted"
    if visit.status not in FITS[kind]:
        return f"a {kind.value} does not fit a {visit.status.value.replace('_', ' ')} visit"
    if kind in TIME_KINDS and not visit.members:
        return "the visit has no team yet"
    return None


def compose(
    session: Session,
    visit: Visit,
    kind: NoticeKind,
    settings: NoticeSettings,
    *,
    cipher: FieldCipher | None = None,
    lang: str = "zh_CN",
) -> Notice:
    """A new draft (flushed, with its idempotency key); the caller checked skip_reason."""
    zone = ZoneInfo(visit.branch.timezone)
    lead = _lead(visit)
    fill = templates.Fill(
        signature=settings.signature,
        addressee=templates.addressee(visit.customer.name, _male(cipher, visit), lang),
        start=visit.planned_start.astimezone(zone),
        end=visit.planned_end.astimezone(zone),
        address=visit.address,
        lead=lead.display_name if lead else "",
        employee_no=lead.employee_no if lead else "",
        team_size=len(visit.members),
        hotline=visit.branch.hotline,
        purpose=visit.purpose,
    )
    notice = Notice(
        visit=visit,
        channel="sms",
        kind=kind.value,
        # A copy of the customer's ciphertext, bound to the customer's row
        # (see hvdesk.security.pii): no key needed to draft.
        phone_enc=visit.customer.phone_enc,
        phone_last4=visit.customer.phone_last4,
        template=templates.template_name(kind, lang),
        text=templates.render(kind, fill, lang),
        status=NoticeStatus.DRAFT,
        attempts=0,
        needs_attention=False,
    )
    session.add(notice)
    session.flush()
    notice.idem_key = new_key(notice.id)
    session.flush()
    return notice
