"""Issue 14 part 2: a visitor and a visit he was not on — report view, PDF, attachments, pack.

visitor3 (branch A, team of visitor3 and visitor4) calls every service that
reaches a visit, its report, its customer or its printed pack with team A's
visits (visitor1 and visitor2): one object is refused, a list shows nothing of
team A's customers. His own team's visit still works, so the refusals are the
rule, not a broken fixture.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from hvdesk.documents import briefing, schedules, visit_report
from hvdesk.mapping import query as map_query
from hvdesk.scheduling import dayroute, listing
from hvdesk.scheduling import service as scheduling
from hvdesk.security import masking
from hvdesk.services import customer_file, customer_list, customers
from hvdesk.services.list_query import CustomerQuery
from hvdesk.visitreports import service as reports
from hvdesk.visitreports.data import ReportData
from tests.scheduling_helpers import CUSTOMERS, THURSDAY, TUESDAY, id_number
from tests.scope_walk import REFUSE, Call, walk
from tests.scope_world import TwoBranches, make_two_branches

attachments, costs, feedback, promises = (
    importlib.import_module(f"hvdesk.visitreports.{m}")
    for m in ("attachments", "costs", "feedback", "promises")
)
R = REFUSE
MONDAY = THURSDAY - dt.timedelta(days=3)
#: Team A's customers (CUSTOMERS 0, 1, 2); visitor3's own is CUSTOMERS[3].
TEAM_A = (0, 1, 2)


def team_a_markers() -> list[str]:
    names = [CUSTOMERS[k][0] for k in TEAM_A]
    return [*names, *(masking.mask_name(n) for n in names), "沟通要点",
            *(id_number(k + 1) for k in TEAM_A), "13912340000", "测试路1号", "测试路2号",
            "测试路3号"]


def leaked_by(markers: list[str]) -> Callable[[str], list[str]]:
    return lambda text: [m for m in markers if m in text]


def _only(allowed: set[int]) -> Callable[[object, Session], list[str]]:
    def check(result: object, _s: Session) -> list[str]:
        extra = set(result) - allowed  # type: ignore[call-overload]
        return [f"returns team A's {sorted(extra)}"] if extra else []
    return check


def calls(tb: TwoBranches) -> list[Call]:
    cipher = tb.db.cipher
    a = tb.pack.world.actors["visitor3"]
    cust, visit, past, rep = tb.customer, tb.visit, tb.past_visit, tb.report
    own = tb.pack.team_b[0]
    q = CustomerQuery()
    return [
        # the report: view, form, workflow
        Call(reports.get_report, lambda s: reports.get_report(s, a, rep), R),
        Call(reports.report_for_visit, lambda s: reports.report_for_visit(s, a, past), R),
        Call(reports.open_report, lambda s: reports.open_report(s, a, visit), R),
        Call(reports.history, lambda s: reports.history(s, a, rep), R),
        Call(reports.save_draft, lambda s: reports.save_draft(s, a, rep, ReportData()), R),
        Call(reports.submit, lambda s: reports.submit(s, a, rep), R),
        Call(reports.amend, lambda s: reports.amend(s, a, rep, "更正"), R),
        Call(reports.report_states, lambda s: reports.report_states(
            s, a, [past, visit, own]), _only({own})),
        # the report PDF and its photos
        Call(visit_report.gather, lambda s: visit_report.gather(s, a, past), R),
        Call(attachments.attachment_content, lambda s: attachments.attachment_content(
            s, a, tb.attachment), R),
        Call(attachments.add_attachment, lambda s: attachments.add_attachment(
            s, a, rep, "x.txt", b"x"), R),
        Call(attachments.remove_attachment, lambda s: attachments.remove_attachment(
            s, a, tb.attachment), R),
        # the briefing pack and schedules
        Call(briefing.gather, lambda s: briefing.gather(
            s, a, TUESDAY, team_lead_id=tb.pack.lead_a, cipher=cipher), R),
        Call(briefing.gather, lambda s: briefing.gather(s, a, TUESDAY, cipher=cipher)),
        Call(briefing.teams_for_day, lambda s: briefing.teams_for_day(s, a, TUESDAY)),
        Call(schedules.team_week, lambda s: schedules.team_week(
            s, a, MONDAY, tb.pack.lead_a), R),
        Call(schedules.branch_day, lambda s: schedules.branch_day(s, a, TUESDAY)),
        Call(listing.schedule_rows, lambda s: listing.schedule_rows(
            s, a, MONDAY, THURSDAY, team_logins=["visitor1"]), R),
        Call(listing.schedule_rows, lambda s: listing.schedule_rows(
            s, a, MONDAY, THURSDAY, team_logins=["visitor3"])),
        Call(dayroute.day_route, lambda s: dayroute.day_route(s, a, tb.visitor_id, TUESDAY), R),
        # the visit and its customer
        Call(scheduling.get_visit, lambda s: scheduling.get_visit(s, a, visit), R),
        Call(feedback.feedback_for_visit, lambda s: feedback.feedback_for_visit(s, a, past), R),
        Call(costs.get_cost, lambda s: costs.get_cost(s, a, past), R),
        Call(customers.get_customer, lambda s: customers.get_customer(s, a, cust), R),
        Call(customers.reveal, lambda s: customers.reveal(s, cipher, a, cust, "phone", "核对"), R),
        Call(customer_file.load_file, lambda s: customer_file.load_file(s, cipher, a, cust), R),
        Call(customer_file.add_note, lambda s: customer_file.add_note(s, a, cust, "备注"), R),
        Call(customer_list.fetch_page, lambda s: customer_list.fetch_page(s, a, q)),
        Call(customer_list.matching_ids, lambda s: list(customer_list.matching_ids(s, a, q)),
             _only({tb.pack.world.customers[3]})),
        Call(map_query.map_points, lambda s: map_query.map_points(s, a)),
        Call(map_query.load_map_data, lambda s: map_query.load_map_data(s, a, day=TUESDAY)),
        Call(promises.promises, lambda s: promises.promises(s, a, customer_id=cust), R),
        Call(promises.promises, lambda s: promises.promises(s, a)),
        Call(promises.customers_due_follow_up, lambda s: promises.customers_due_follow_up(s, a)),
    ]


@pytest.fixture
def two(db) -> TwoBranches:
    return make_two_branches(db)


def test_visitor_gets_nothing_of_a_visit_he_was_not_on(two: TwoBranches) -> None:
    visitor3 = two.pack.world.actors["visitor3"]
    failures = walk(two.db, visitor3, calls(two), leaked_by(team_a_markers()))
    assert failures == [], "\n".join(failures)


def test_his_own_visit_still_opens(two: TwoBranches) -> None:
    """The refusals above are the rule: visitor3's own visit, report and pack work."""
    visitor3 = two.pack.world.actors["visitor3"]
    own = two.pack.team_b[0]
    with two.db.session() as s:
        view = reports.report_for_visit(s, visitor3, own)
        assert view is not None and view.visit_id == own
        data = briefing.gather(s, visitor3, TUESDAY, team_lead_id=two.pack.lead_b)
        assert [v.visit_id for t in data.teams for v in t.visits] == [own]
        personal = customer_file.load_personal(s, two.db.cipher, visitor3,
                                               two.pack.world.customers[3])
        # His own customer, named as the one rule shows visitors a name: in full.
        assert personal.name == CUSTOMERS[3][0]


def test_markers_do_appear_for_team_a(two: TwoBranches) -> None:
    """The leak check can see: visitor1 gets team A's customers in the same calls."""
    visitor1 = two.pack.world.actors["visitor1"]
    with two.db.session() as s:
        rows = customer_list.fetch_page(s, visitor1, CustomerQuery()).rows
    assert leaked_by(team_a_markers())(repr(rows))
