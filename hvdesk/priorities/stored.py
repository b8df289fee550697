"""The expected value of a visit, stored on each customer for the list to sort by.

The list pages in SQL over an index, so it cannot sort by a value computed in
Python per request. ``hvdesk priorities refresh`` (run daily, like the backup,
or after a large import) ranks the branch and writes each customer's value and
the day it holds for. It is a write the user asks for: opening a page never
writes (issue 19), so the list shows the value of the last refresh and its day.

The values are written with one bulk statement per batch, not through the ORM:
they are derived figures, so they bump no version (a coordinator's open form
stays valid), leave ``updated_at`` as it was and are audited once per refresh.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.model import Customer
from hvdesk.priorities.service import rank
from hvdesk.scheduling.context import branch_policy
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

BATCH = 2000
CENT = Decimal("0.01")


def refresh(session: Session, actor: Actor, *, branch_id: int | None = None,
            day: dt.date | None = None) -> tuple[int, dt.date]:
    """Rank the branch and store every ranked customer's value; the others are cleared.

    Returns (customers ranked, the day the values hold for). Schedulers only.
    """
    actor.require(Permission.VISIT_SCHEDULE)
    ranked = rank(session, actor, branch_id=branch_id, day=day)  # checks the branch's scope
    branch = branch_id if branch_id is not None else scope.branch_of(actor)
    assert branch is not None  # rank() refused an actor with no branch named
    as_of = day or clock.today(branch_policy(session, branch).tz)
    table = Customer.__table__
    assert isinstance(table, Table)
    keep = {"updated_at": table.c.updated_at}  # a derived figure is no edit of the customer
    session.execute(
        update(table).where(table.c.branch_id == branch).values(
            visit_value=Decimal(0), visit_value_on=None, **keep))
    stmt = update(table).where(table.c.id == bindparam("cid")).values(
        visit_value=bindparam("value"), visit_value_on=as_of, **keep)
    rows = [{"cid": p.score.customer_id,
             "value": Decimal(str(round(p.score.value, 2))).quantize(CENT)} for p in ranked]
    for start in range(0, len(rows), BATCH):
        session.connection().execute(stmt, rows[start:start + BATCH])
    audit.record(session, actor, "priorities_refresh", "branch", branch, customers=len(rows),
                 day=as_of.isoformat())
    return len(rows), as_of

