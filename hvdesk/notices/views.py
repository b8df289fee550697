"""Loading notices with what their views need, and building :class:`NoticeView`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from hvdesk.errors import NotFound
from hvdesk.messages import msg
from hvdesk.model import Branch, Customer, Notice, Visit
from hvdesk.notices import replies
from hvdesk.notices.templates import short_address
from hvdesk.notices.types import NoticeKind, NoticeSettings, NoticeView
from hvdesk.notices.wording import check_wording
from hvdesk.security import exposure, scope
from hvdesk.security.exposure import Shown
from hvdesk.services.context import Actor

#: Older rows (the demo) call the cancellation notice "cancel".
_KIND_ALIASES = {"cancel": NoticeKind.CANCELLATION}


def kind_of(notice: Notice) -> NoticeKind:
    try:
        return NoticeKind(notice.kind)
    except ValueError:
        return _KIND_ALIASES.get(notice.kind, NoticeKind.NOTICE)


def require_branch(actor: Actor, branch_id: int) -> None:
    scope.require_branch(actor, branch_id)


def notice_query() -> Select[Notice]:
    return select(Notice).options(
        joinedload(Notice.visit).joinedload(Visit.customer),
        joinedload(Notice.visit).joinedload(Visit.branch),
    )


def load_notice(session: Session, actor: Actor, notice_id: int) -> Notice:
    notice = session.scalars(notice_query().where(Notice.id == notice_id)).unique().one_or_none()
    if notice is None:
        raise NotFound(msg("notices.views.notice_id_notice",
                "no notice with id {notice_id}",
                notice_id=notice_id))
    require_branch(actor, notice.visit.branch_id)
    return notice


def branches_of(session: Session, actor: Actor) -> list[Branch]:
    stmt = select(Branch).where(scope.branch_filter(actor, Branch.id)).order_by(Branch.id)
    return list(session.scalars(stmt))


def day_bounds(day: dt.date, tz: str) -> tuple[dt.datetime, dt.datetime]:
    """The branch-local day as a half-open UTC range."""
    zone = ZoneInfo(tz)
    start = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def visits_on(session: Session, actor: Actor, day: dt.date) -> list[int]:
    ids: list[int] = []
    for branch in branches_of(session, actor):
        lo, hi = day_bounds(day, branch.timezone)
        ids += session.scalars(
            select(Visit.id)
            .where(Visit.branch_id == branch.id)
            .where(Visit.planned_start >= lo, Visit.planned_start < hi)
            .order_by(Visit.planned_start, Visit.id)
        )
    return ids


def customer_display(actor: Actor, customer: Customer) -> str:
    return exposure.name(actor, customer.name)


def _shown_text(actor: Actor, text: str, address: str) -> str:
    """The SMS as ``actor`` may read it: the address masked where the one rule masks it
    (the text names the visited address, short or in full)."""
    if exposure.address_shown(actor) is Shown.FULL:
        return text
    for written in sorted({address, short_address(address)}, key=len, reverse=True):
        if written:
            text = text.replace(written, exposure.address(actor, written))
    return text


def to_view(actor: Actor, notice: Notice, settings: NoticeSettings) -> NoticeView:
    visit = notice.visit
    customer = visit.customer
    report = check_wording(notice.text, settings)
    return NoticeView(
        id=notice.id,
        visit_id=visit.id,
        customer_id=customer.id,
        customer_name=customer_display(actor, customer),
        phone_masked=exposure.phone(actor, customer.phone_prefix, notice.phone_last4),
        kind=kind_of(notice),
        text=_shown_text(actor, notice.text, visit.address),
        status=notice.status,
        chars=report.chars,
        segments=report.segments,
        problems=report.problems,
        visit_start=visit.planned_start,
        created_at=notice.created_at,
        queued_at=notice.queued_at,
        sent_at=notice.sent_at,
        delivered_at=notice.delivered_at,
        error=notice.error,
        reply=notice.reply,
        needs_attention=notice.needs_attention,
        attempts=notice.attempts,
        wants_another_time=replies.wants_another_time(notice, kind_of(notice)),
    )


def views(
    session: Session, actor: Actor, notices: Sequence[Notice], settings: NoticeSettings
) -> list[NoticeView]:
    return [to_view(actor, n, settings) for n in notices]
