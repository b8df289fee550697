"""Notice drafts: preparing, listing, editing, cancelling; statuses for the calendar.

Every function takes the caller's ``Session`` (its unit of work), the acting
:class:`~hvdesk.services.context.Actor` and plain values, checks
``notice.send`` (reads need ``customer.view``) and the branch, and returns
frozen :class:`~hvdesk.notices.types.NoticeView` values. Changes go through
the ORM, so the audit listeners record them (field names and statuses only:
never a phone number or a text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from hvdesk.errors import NotFound, StaleEdit, ValidationError
from hvdesk.messages import msg
from hvdesk.model import Notice, NoticeStatus, Visit, VisitMember
from hvdesk.notices import drafting, views
from hvdesk.notices.settings import load_settings
from hvdesk.notices.types import NoticeKind, NoticeView
from hvdesk.security import scope
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

N = NoticeStatus
CANCELLABLE = frozenset({N.DRAFT, N.QUEUED, N.FAILED})
MAX_TEXT = 1000


@dataclass(frozen=True, slots=True)
class Skipped:
    visit_id: int
    reason: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """New drafts and the visits that got none, with the reason (shown to the coordinator)."""

    drafts: tuple[NoticeView, ...]
    skipped: tuple[Skipped, ...]


def prepare_day(
    session: Session,
    actor: Actor,
    day: dt.date,
    *,
    cipher: FieldCipher | None = None,
    lang: str = "zh_CN",
) -> list[NoticeView]:
    """Drafts for the day's visits that have no live notice yet (do-not-contact skipped).

    ``cipher`` (``Database.cipher``) lets the text say 先生/女士 from the ID
    number; without it the text says 先生/女士 both. See
    :func:`prepare_day_report` for the visits skipped and why.
    """
    return list(prepare_day_report(session, actor, day, cipher=cipher, lang=lang).drafts)


def prepare_day_report(
    session: Session,
    actor: Actor,
    day: dt.date,
    *,
    cipher: FieldCipher | None = None,
    lang: str = "zh_CN",
) -> Prepared:
    actor.require(Permission.NOTICE_SEND)
    ids = views.visits_on(session, actor, day)
    return _prepare(session, actor, ids, None, cipher, lang, quiet_fit=True)


def prepare_for_visits(
    session: Session,
    actor: Actor,
    visit_ids: Sequence[int],
    *,
    kind: NoticeKind | None = None,
    cipher: FieldCipher | None = None,
    lang: str = "zh_CN",
) -> list[NoticeView]:
    """Drafts for these visits that have none pending yet; returns the new drafts.

    ``kind`` None: a visit notice (a reschedule notice when an earlier one
    went out for another time). ``reminder`` and ``feedback`` are made on request.
    """
    return list(
        prepare_for_visits_report(session, actor, visit_ids, kind=kind, cipher=cipher,
                                  lang=lang).drafts
    )


def prepare_for_visits_report(
    session: Session,
    actor: Actor,
    visit_ids: Sequence[int],
    *,
    kind: NoticeKind | None = None,
    cipher: FieldCipher | None = None,
    lang: str = "zh_CN",
) -> Prepared:
    actor.require(Permission.NOTICE_SEND)
    return _prepare(session, actor, list(visit_ids), kind, cipher, lang, quiet_fit=False)


def _prepare(
    session: Session,
    actor: Actor,
    visit_ids: list[int],
    kind: NoticeKind | None,
    cipher: FieldCipher | None,
    lang: str,
    *,
    quiet_fit: bool,
) -> Prepared:
    audit.bind_actor(session, actor)
    settings = load_settings(session)
    visits = _load_visits(session, visit_ids)
    drafts: list[Notice] = []
    skipped: list[Skipped] = []
    for vid in dict.fromkeys(visit_ids):
        visit = visits.get(vid)
        if visit is None:
            raise NotFound(msg("notices.service.visit_id_vid", "no visit with id {vid}", vid=vid))
        views.require_branch(actor, visit.branch_id)
        chosen = kind or _first_kind(visit)
        if _pending(visit, chosen):
            continue  # already has one waiting: nothing to do, nothing to report
        reason = drafting.skip_reason(visit, chosen)
        if reason is not None:
            # Preparing a whole day passes over visits that are simply past this
            # step (notified, done, cancelled) without listing them.
            if not (quiet_fit and visit.status not in drafting.FITS[chosen]):
                skipped.append(Skipped(vid, reason))
            continue
        drafts.append(
            drafting.compose(session, visit, chosen, settings, cipher=cipher, lang=lang)
        )
    return Prepared(tuple(views.views(session, actor, drafts, settings)), tuple(skipped))


def _load_visits(session: Session, visit_ids: Sequence[int]) -> dict[int, Visit]:
    if not visit_ids:
        return {}
    stmt = (
        select(Visit)
        .where(Visit.id.in_(list(visit_ids)))
        .options(
            selectinload(Visit.customer),
            selectinload(Visit.branch),
            selectinload(Visit.members).selectinload(VisitMember.user),
            selectinload(Visit.notices),
        )
    )
    return {v.id: v for v in session.scalars(stmt)}


def _first_kind(visit: Visit) -> NoticeKind:
    told = any(
        views.kind_of(n) in {NoticeKind.NOTICE, NoticeKind.RESCHEDULE}
        and n.status in drafting.GONE_OUT
        for n in visit.notices
    )
    return NoticeKind.RESCHEDULE if told else NoticeKind.NOTICE


def _pending(visit: Visit, kind: NoticeKind) -> bool:
    same = {kind}
    if kind in {NoticeKind.NOTICE, NoticeKind.RESCHEDULE}:
        same = {NoticeKind.NOTICE, NoticeKind.RESCHEDULE}
    return any(views.kind_of(n) in same and n.status in drafting.PENDING for n in visit.notices)


def list_notices(
    session: Session,
    actor: Actor,
    *,
    day: dt.date | None = None,
    visit_ids: Sequence[int] | None = None,
) -> list[NoticeView]:
    """Notices of the actor's branch, for visits on ``day`` and/or the given visits.

    With neither, every notice not yet final (draft, queued, failed) or
    waiting for the coordinator (``needs_attention``).
    """
    actor.require(Permission.CUSTOMER_VIEW)
    stmt = views.notice_query().join(Notice.visit).where(scope.visit_filter(actor))
    if day is not None:
        ids = views.visits_on(session, actor, day)
        stmt = stmt.where(Notice.visit_id.in_(ids))
    if visit_ids is not None:
        stmt = stmt.where(Notice.visit_id.in_(list(visit_ids)))
    if day is None and visit_ids is None:
        stmt = stmt.where(Notice.status.in_(list(CANCELLABLE)) | Notice.needs_attention)
    stmt = stmt.order_by(Visit.planned_start, Notice.visit_id, Notice.id)
    notices = list(session.scalars(stmt).unique())
    return views.views(session, actor, notices, load_settings(session))


def get_notice(session: Session, actor: Actor, notice_id: int) -> NoticeView:
    actor.require(Permission.CUSTOMER_VIEW)
    notice = views.load_notice(session, actor, notice_id)
    return views.to_view(actor, notice, load_settings(session))


def update_text(session: Session, actor: Actor, notice_id: int, text: str) -> NoticeView:
    """Replace a draft's text (drafts only); the view carries the new wording problems."""
    actor.require(Permission.NOTICE_SEND)
    audit.bind_actor(session, actor)
    notice = views.load_notice(session, actor, notice_id)
    if notice.status is not N.DRAFT:
        raise ValidationError(
            "text", msg("notices.service.draft_edited_notice",
                    "only a draft can be edited; this notice is {status}",
                    status=notice.status.value)
        )
    clean = text.strip()
    if not clean:
        raise ValidationError("text", msg("notices.service.message_empty", "the message is empty"))
    if len(clean) > MAX_TEXT:
        raise ValidationError("text", msg("notices.service.message_longer_than",
                "the message is longer than {MAX_TEXT} characters",
                MAX_TEXT=MAX_TEXT))
    notice.text = clean
    _flush(session, notice)
    return views.to_view(actor, notice, load_settings(session))


def cancel_notice(session: Session, actor: Actor, notice_id: int) -> NoticeView:
    """Cancel a draft, queued or failed notice (audited)."""
    actor.require(Permission.NOTICE_SEND)
    audit.bind_actor(session, actor)
    notice = views.load_notice(session, actor, notice_id)
    if notice.status not in CANCELLABLE:
        raise ValidationError(
            "status", msg("notices.service.status_notice_cancelled",
                    "a {status} notice cannot be cancelled: it has gone out",
                    status=notice.status.value)
        )
    before = notice.status
    notice.status = N.CANCELLED
    notice.needs_attention = False
    _flush(session, notice)
    audit.record(session, actor, "notice_cancel", "notice", notice.id, previous=before.value)
    return views.to_view(actor, notice, load_settings(session))


def acknowledge(session: Session, actor: Actor, notice_id: int) -> NoticeView:
    """The coordinator dealt with a reply: clear ``needs_attention``."""
    actor.require(Permission.NOTICE_SEND)
    audit.bind_actor(session, actor)
    notice = views.load_notice(session, actor, notice_id)
    notice.needs_attention = False
    _flush(session, notice)
    return views.to_view(actor, notice, load_settings(session))


def notice_status_by_visit(session: Session, visit_ids: Sequence[int]) -> dict[int, NoticeStatus]:
    """Latest notice's status per visit (visits without a notice are absent)."""
    if not visit_ids:
        return {}
    latest = (
        select(func.max(Notice.id))
        .where(Notice.visit_id.in_(list(visit_ids)))
        .group_by(Notice.visit_id)
        .scalar_subquery()
    )
    rows = session.execute(select(Notice.visit_id, Notice.status).where(Notice.id.in_(latest)))
    return {vid: status for vid, status in rows}


def _flush(session: Session, notice: Notice) -> None:
    # The id is read first: a failed flush rolls the transaction back and
    # expires the object, and loading it again would fail instead of refusing.
    notice_id = notice.id
    try:
        session.flush()
    except StaleDataError:
        raise StaleEdit(
            msg("notices.service.notice_notice_id",
                    "notice {notice_id} was changed on another desk; reload the notices",
                    notice_id=notice_id)
        ) from None
