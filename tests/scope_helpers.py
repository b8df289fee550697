"""Put a customer in a visitor's or reviewer's scope (hvdesk.security.scope) without scheduling.

A visitor sees the customers of his own visits, a reviewer those with a visit
report: tests of other rules use this to give those roles a customer to work on.
"""

from __future__ import annotations

import datetime as dt

from hvdesk.database import Database
from hvdesk.model import (
    Customer,
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM

PAST = dt.datetime(2026, 11, 16, 2, 0, tzinfo=dt.UTC)


def visit_with_report(
    db: Database,
    customer_id: int,
    member_ids: list[int],
    *,
    report: ReportStatus | None = ReportStatus.SUBMITTED,
    start: dt.datetime = PAST,
) -> int:
    """A completed visit of ``member_ids`` (first one leads) to the customer; its id."""
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        customer = s.get(Customer, customer_id)
        assert customer is not None
        visit = Visit(
            branch_id=customer.branch_id, customer_id=customer_id,
            purpose=VisitPurpose.POST_LOAN, address=customer.registered_address,
            planned_start=start, planned_end=start + dt.timedelta(hours=1),
            status=VisitStatus.COMPLETED,
        )
        s.add(visit)
        s.flush()
        for pos, uid in enumerate(member_ids):
            s.add(VisitMember(visit_id=visit.id, user_id=uid, is_lead=pos == 0, position=pos))
        if report is not None:
            s.add(VisitReport(visit_id=visit.id, author_id=member_ids[0], status=report))
        return visit.id
