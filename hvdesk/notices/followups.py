"""Follow-up drafts when a visit changes after its notice went out.

Called by :mod:`hvdesk.scheduling.service` when a change returns a view with
``renotify``: a moved visit gets a ``reschedule`` draft with the new time, a
cancelled one a ``cancellation`` draft; notices still waiting for the old
time are cancelled. The coordinator reviews and sends the draft.
"""

from __future__ import annotations

from contextlib import nullcontext

from sqlalchemy.orm import Session, object_session

from hvdesk.model import Notice, NoticeStatus, Visit, VisitStatus
from hvdesk.notices import drafting, replies, views
from hvdesk.notices.settings import load_settings
from hvdesk.notices.types import NoticeKind
from hvdesk.services import audit
from hvdesk.services.context import Actor

N = NoticeStatus


def on_visit_changed(session: Session, actor: Actor, visit: Visit) -> Notice | None:
    """Draft the follow-up the change calls for; None for a do-not-contact customer.

    Runs inside the scheduling change (same transaction, same actor): the
    permission to change the visit is the permission to draft its follow-up.
    """
    audit.bind_actor(session, actor)
    cancelled = visit.status in {VisitStatus.CANCELLED, VisitStatus.RESCHEDULED}
    kind = NoticeKind.CANCELLATION if cancelled else NoticeKind.RESCHEDULE
    for notice in visit.notices:
        if views.kind_of(notice) in drafting.TIME_KINDS and notice.status in {N.DRAFT, N.QUEUED}:
            notice.status = N.CANCELLED  # would tell the old time
    if drafting.skip_reason(visit, kind) is not None:
        session.flush()
        return None
    notice = drafting.compose(session, visit, kind, load_settings(session))
    audit.record(session, actor, "notice_followup", "notice", notice.id, kind=kind.value)
    return notice


def settle_time_requests(visit: Visit) -> int:
    """The visit moved: the customers' "2" (another time, please) replies are answered.

    Runs inside the scheduling change that moved it; the number of notices settled.
    """
    settled = 0
    session = object_session(visit)
    # Reading the notices must not flush the half-made change: the visit's version would
    # count the move twice (the optimistic lock expects one step per change).
    with session.no_autoflush if session is not None else nullcontext():
        notices = list(visit.notices)
    for notice in notices:
        if replies.wants_another_time(notice, views.kind_of(notice)):
            notice.needs_attention = False
            settled += 1
    return settled
