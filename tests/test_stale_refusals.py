"""A row saved on another desk between this desk's read and its UPDATE is refused as stale.

The version check in the services passes (this desk's session still holds the
row as it read it); the UPDATE then matches no row. The refusal must be a
StaleEdit naming the row, not the ORM's error about a rolled-back transaction
that reading the expired object raised before (found by bench/soak_desks.py).
"""

from __future__ import annotations

import pytest
from sqlalchemy import event

from hvdesk.errors import StaleEdit
from hvdesk.model import Visit, VisitStatus
from hvdesk.scheduling import service
from hvdesk.visitreports import ReportData, open_report, save_draft
from tests.scheduling_helpers import make_world
from tests.visitreport_helpers import make_visit


def test_report_saved_meanwhile(db):
    world = make_world(db)
    visitor = world.actors["visitor1"]
    with db.begin() as s:
        report = open_report(s, visitor, make_visit(world))
    desk_a = db.session()

    def other_desk_saves_first(*_args: object) -> None:
        # Between desk A's version check and its UPDATE (a race on a busy server).
        with db.begin() as s:
            save_draft(s, visitor, report.id, ReportData(notes="B"))

    event.listen(desk_a, "before_flush", other_desk_saves_first, once=True)
    refused = f"report {report.id} was saved on another desk; reload it"
    with pytest.raises(StaleEdit, match=refused), desk_a.begin():
        save_draft(desk_a, visitor, report.id, ReportData(notes="A"),
                   expected_version=report.lock_version)
    desk_a.close()


def test_visit_changed_meanwhile(db):
    world = make_world(db)
    visit_id = make_visit(world, started=False)
    desk_a = db.session()

    def notified_from_an_old_read() -> None:
        with desk_a.begin():
            visit = desk_a.get(Visit, visit_id)  # desk A shows the visit
            assert visit is not None
            with db.begin() as s:
                service.cancel_visit(s, world.coord, visit_id, "客户改约",
                                     expected_version=visit.version)
            service.set_status(desk_a, world.coord, visit_id, VisitStatus.NOTIFIED)

    with pytest.raises(StaleEdit, match=f"visit {visit_id} was changed on another desk"):
        notified_from_an_old_read()
    desk_a.close()
