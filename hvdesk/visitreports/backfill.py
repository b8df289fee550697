"""Rows the services derive from filed reports and feedback, for data stored in bulk.

Submitting a report with a promise makes its ``promise_to_pay`` row, and
recording a complaint opens its ``complaint_case``. Data stored without the
services (the demo generator's bulk inserts) lacks them, and the screens then
disagree: the dashboard's chart counts complaints its complaints tab cannot
list, the calendar and the promises tab see no promise (issue 16 item 5).
:func:`backfill` makes the missing rows once, at the end of the bulk load —
never when a page reads (issue 19 item 4).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from hvdesk.model import ComplaintCase, Feedback, User, Visit
from hvdesk.security.roles import Role
from hvdesk.visitreports.feedback import COMPLAINT_DAYS
from hvdesk.visitreports.promises import backfill_promises

#: Who owns a complaint nobody took in, in order of preference.
_OWNER_ROLES = (Role.MANAGER, Role.COORDINATOR)


def open_missing_cases(session: Session) -> int:
    """A case for every complaint that has none; returns how many were opened.

    Owned by whoever recorded the feedback, else by the branch's first
    manager (then coordinator); due :data:`COMPLAINT_DAYS` after it arrived.
    """
    missing = session.execute(
        select(Feedback, Visit.branch_id, Visit.customer_id)
        .join(Visit, Visit.id == Feedback.visit_id)
        .where(
            Feedback.is_complaint.is_(True),
            ~exists().where(ComplaintCase.feedback_id == Feedback.id),
        )
        .order_by(Feedback.id)
    ).all()
    owners: dict[int, int | None] = {}
    made = 0
    for feedback, branch_id, customer_id in missing:
        owner = feedback.recorded_by_id
        if owner is None:
            if branch_id not in owners:
                owners[branch_id] = _branch_owner(session, branch_id)
            owner = owners[branch_id]
        if owner is None:
            continue  # a branch with no staff: nobody to own it yet
        session.add(
            ComplaintCase(
                feedback_id=feedback.id,
                visit_id=feedback.visit_id,
                customer_id=customer_id,
                text=feedback.complaint_text or feedback.comment or "",
                owner_id=owner,
                due=feedback.received_at.date() + dt.timedelta(days=COMPLAINT_DAYS),
                status="open",
                opened_at=feedback.received_at,
                opened_by_id=feedback.recorded_by_id,
            )
        )
        made += 1
    if made:
        session.flush()
    return made


def _branch_owner(session: Session, branch_id: int) -> int | None:
    for role in _OWNER_ROLES:
        found = session.scalar(
            select(User.id)
            .where(User.branch_id == branch_id, User.role == role, User.active.is_(True))
            .order_by(User.id)
            .limit(1)
        )
        if found is not None:
            return found
    return None


def backfill(session: Session, today: dt.date) -> dict[str, int]:
    """Every derived row bulk-loaded data lacks, promises judged as of ``today``."""
    return {
        "promise_to_pay": backfill_promises(session, today),
        "complaint_case": open_missing_cases(session),
    }


__all__ = ["backfill", "open_missing_cases"]
