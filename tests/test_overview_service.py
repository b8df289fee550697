"""The shell's read-only queries, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from hvdesk.database import Database
from hvdesk.errors import PermissionDenied
from hvdesk.model import (
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.services import audit, customers
from hvdesk.services import overview as queries
from hvdesk.services.customers import CustomerInput
from tests.factories import make_org

NOW = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
PEOPLE = [
    ("张三", "11010519491231002X", "13800138000"),
    ("李四", "110101199003074477", "13900139000"),
]


def test_overview_counts_the_branch(db: Database) -> None:
    org = make_org(db)
    coord = org.actors["coord1"]
    with db.begin() as s:
        ids = [
            customers.create_customer(
                s, db.cipher, coord, org.branch_id,
                CustomerInput(name=name, id_number=number, phone=phone,
                              registered_address="四川省成都市武侯区人民南路四段1号"),
            ).id
            for name, number, phone in PEOPLE
        ]
    plan = [
        (dt.timedelta(days=1), VisitStatus.PLANNED, ReportStatus.SUBMITTED),
        (dt.timedelta(days=13), VisitStatus.CONFIRMED, None),
        (dt.timedelta(days=15), VisitStatus.PLANNED, None),  # beyond 14 days
        (dt.timedelta(days=2), VisitStatus.CANCELLED, None),  # not going ahead
        (-dt.timedelta(days=3), VisitStatus.COMPLETED, ReportStatus.DRAFT),
    ]
    with db.begin() as s:
        audit.bind_actor(s, coord)
        for n, (offset, status, report) in enumerate(plan):
            start = NOW + offset
            visit = Visit(branch_id=org.branch_id, customer_id=ids[n % 2],
                          purpose=VisitPurpose.OVERDUE, address="成都", planned_start=start,
                          planned_end=start + dt.timedelta(hours=1), status=status,
                          # Two visitors: the database refuses fewer (migration 0013).
                          members=[VisitMember(user_id=org.actors[login].user_id, position=p)
                                   for p, login in enumerate(("visitor1", "coord2"))])
            s.add(visit)
            s.flush()
            if report is not None:
                s.add(VisitReport(visit_id=visit.id, author_id=coord.user_id, status=report))

    with db.session() as s:
        seen = queries.overview(s, coord, now=NOW)
        everywhere = queries.overview(s, org.actors["admin"], now=NOW)
    assert seen == queries.Overview(
        branch_name="成都武侯支行", timezone="Asia/Shanghai", customers=2,
        visits_next_14_days=2, reports_awaiting_review=1,
    )
    assert everywhere.branch_name == ""
    assert (everywhere.customers, everywhere.visits_next_14_days) == (2, 2)


def test_recent_audit_needs_the_permission(db: Database) -> None:
    org = make_org(db)
    with db.session() as s:
        # The set-up's events are the system's: an admin reads them (a manager reads
        # those of his branch's people, tests/test_scope_walk.py).
        rows = queries.recent_audit(s, org.actors["admin"], limit=3)
        assert len(rows) == 3
        assert rows[0].id > rows[1].id > rows[2].id
        assert rows[0].at.tzinfo is not None
        with pytest.raises(PermissionDenied):
            queries.recent_audit(s, org.actors["coord1"])
