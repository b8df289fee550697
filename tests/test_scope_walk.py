"""Issue 14 part 2: every public service, called by branch B with branch A's objects, refuses.

Each user of branch B (coordinator, manager, reviewer, visitor) calls every
public core function that takes an actor with A's customer, visit, report,
notice, attachment, complaint, leave, filter and users; a call on one object is
refused (PermissionDenied or NotFound), a list shows nothing of A (no A name,
address, number or person in the result or the file it writes).
test_every_actor_function_is_walked keeps the list complete.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.orm import Session

from hvdesk.admin import manage
from hvdesk.documents import briefing, schedules, visit_report
from hvdesk.documents import lookup as doc_lookup
from hvdesk.exporting import branch_customer_ids, export_customers
from hvdesk.geo import geocode
from hvdesk.importing import service as importing
from hvdesk.mapping import export as map_export
from hvdesk.mapping import query as map_query
from hvdesk.mapping import summary as map_summary
from hvdesk.mapping import viewport as map_viewport
from hvdesk.model import Notice, NoticeStatus, VisitPurpose, VisitStatus
from hvdesk.notices import receipts, sending, settings, views
from hvdesk.notices import service as notices
from hvdesk.notices.gateways.outbox import OutboxGateway
from hvdesk.notices.types import NoticeSettings
from hvdesk.priorities import backtest as prio_backtest
from hvdesk.priorities import service as priorities
from hvdesk.priorities import stored as prio_stored
from hvdesk.rights.corrections import correct_customer
from hvdesk.rights.export import subject_export
from hvdesk.scheduling import (
    autoplan,
    autoplan_value,
    calendar_query,
    calendar_support,
    create_many,
    dayroute,
    guards,
    ics,
    leave,
    listing,
    xlsx,
)
from hvdesk.scheduling import service as scheduling
from hvdesk.security.roles import Role
from hvdesk.services import (
    customer_file,
    customer_list,
    customers,
    home,
    overview,
    saved_filters,
    users,
)
from hvdesk.services.context import Actor
from hvdesk.services.customers import CustomerInput
from hvdesk.services.list_query import CustomerQuery
from hvdesk.visitreports import owners, to_write
from hvdesk.visitreports import service as reports
from hvdesk.visitreports.data import ReportData
from tests.data.importfiles import id_number, row, write_csv
from tests.scheduling_helpers import NOW, THURSDAY, TUESDAY, at
from tests.scope_walk import EXEMPT, REFUSE, Call, actor_functions, walk
from tests.scope_world import TwoBranches, make_two_branches

# The package re-exports functions under these modules' names: import the modules.
attachments, costs, dashboards, feedback, promises, queue = (
    importlib.import_module(f"hvdesk.visitreports.{m}")
    for m in ("attachments", "costs", "dashboard", "feedback", "promises", "queue")
)
R = REFUSE
MONDAY = dt.date(2026, 11, 30)
NEW = CustomerInput(name="冯一一", id_number=id_number(777), phone="13800001234",
                    registered_address="陕西省西安市雁塔区小寨路1号")


def _only(allowed: set[int]) -> Callable[[object, Session], list[str]]:
    def check(result: object, _s: Session) -> list[str]:
        ids = set(result)  # type: ignore[call-overload]
        extra = ids - allowed
        return [f"returns ids of A {sorted(extra)}"] if extra else []
    return check


def _notice_unchanged(tb: TwoBranches) -> Callable[[object, Session], list[str]]:
    def check(_result: object, s: Session) -> list[str]:
        notice = s.get(Notice, tb.notice)
        ok = notice is not None and notice.status is NoticeStatus.DELIVERED
        return [] if ok else ["changed A's notice"]
    return check


def _no_count_of_a(most: int) -> Callable[[object, Session], list[str]]:
    def check(result: object, _s: Session) -> list[str]:
        return [] if isinstance(result, int) and result <= most else [f"counts {result}"]
    return check


def _no_branch_word(result: object, _s: Session) -> list[str]:
    return ["confirms A's contract"] if "another branch" in repr(result) else []


def calls(tb: TwoBranches, actor: Actor, tmp: Path) -> list[Call]:
    """Every public service with A's objects (or A-wide lists) for ``actor`` of branch B."""
    db, cipher, a = tb.db, tb.db.cipher, actor
    team_a = tb.pack.world.team(0, 1)
    cust, visit, past, rep = tb.customer, tb.visit, tb.past_visit, tb.report
    q = CustomerQuery()
    csv_a = write_csv(tmp / "a.csv", [row(5, id_number=id_number(5))])
    receipts_a = tmp / "receipts.csv"
    receipts_a.write_text("id,status\na-key-1,failed\n", encoding="utf-8")
    repay_a = tmp / "repay.csv"
    repay_a.write_text(f"contract_no,amount,paid_on\n{tb.contract},100.00,2026-11-30\n",
                       encoding="utf-8")
    proposal = autoplan.ProposedVisit(cust, at(TUESDAY, 15), at(TUESDAY, 16), tuple(team_a),
                                      VisitPurpose.OVERDUE, 1, 0, 0.0)
    return [
        # customers and their files
        Call(customers.create_customer, lambda s: customers.create_customer(
            s, cipher, a, tb.branch_a, NEW), R),
        Call(customers.get_customer, lambda s: customers.get_customer(s, a, cust), R),
        Call(customers.update_customer, lambda s: customers.update_customer(
            s, cipher, a, cust, 1, {"current_address": "别处"}), R),
        Call(customers.reveal, lambda s: customers.reveal(s, cipher, a, cust, "phone", "核对"), R),
        # the customer's rights (issue 18)
        Call(subject_export, lambda s: subject_export(
            s, cipher, a, cust, tmp / "subject.xlsx", reason="客户来函"), R),
        Call(correct_customer, lambda s: correct_customer(
            s, cipher, a, cust, {"current_address": "新地址1号"}, requested_by="customer",
            reason="客户搬家"), R),
        Call(customer_file.load_personal, lambda s: customer_file.load_personal(
            s, cipher, a, cust), R),
        Call(customer_file.load_file, lambda s: customer_file.load_file(s, cipher, a, cust), R),
        Call(customer_file.add_note, lambda s: customer_file.add_note(s, a, cust, "备注"), R),
        Call(customer_file.reveal, lambda s: customer_file.reveal(
            s, cipher, a, cust, "id_number", "核对"), R),
        Call(customer_file.create_customer, lambda s: customer_file.create_customer(
            s, cipher, a, NEW, branch_id=tb.branch_a), R),
        Call(customer_file.update_customer, lambda s: customer_file.update_customer(
            s, cipher, a, cust, 1, {"current_address": "别处"}), R),
        Call(customer_file.set_do_not_visit, lambda s: customer_file.set_do_not_visit(
            s, cipher, a, cust, 1, True, "投诉"), R),
        # the customer list
        Call(customer_list.page_statement, lambda s: s.execute(customer_list.page_statement(
            s, a, q)).all()),
        Call(customer_list.page_statements, lambda s: [
            row for stmt in customer_list.page_statements(s, a, q)
            for row in s.execute(stmt).all()]),
        Call(customer_list.fetch_page, lambda s: customer_list.fetch_page(s, a, q)),
        Call(customer_list.fetch_at, lambda s: customer_list.fetch_at(s, a, q, 0)),
        Call(customer_list.count, lambda s: customer_list.count(s, a, q), _no_count_of_a(1)),
        # A search alone is counted on the side table for a whole-branch actor.
        Call(customer_list.count, lambda s: customer_list.count(
            s, a, CustomerQuery(search="张")), _no_count_of_a(0)),
        Call(customer_list.fetch_page, lambda s: customer_list.fetch_page(
            s, a, CustomerQuery(search="张"))),
        Call(customer_list.row_index_of, lambda s: customer_list.row_index_of(s, a, q, cust),
             lambda r, _s: [] if r is None else [f"row {r}"]),
        Call(customer_list.matching_ids, lambda s: list(customer_list.matching_ids(
            s, a, q)), _only({tb.b_customer})),
        Call(doc_lookup.report_status, lambda s: doc_lookup.report_status(s, a, past),
             lambda r, _s: [] if r is None else [f"the status of A's report: {r}"]),
        Call(customer_list.fetch_rows, lambda s: [r.id for r in customer_list.fetch_rows(
            s, a, q, [cust, tb.b_customer])], _only({tb.b_customer})),
        Call(saved_filters.list_filters, lambda s: saved_filters.list_filters(s, a)),
        Call(saved_filters.save_filter, lambda s: saved_filters.save_filter(s, a, "乙", q)),
        Call(saved_filters.delete_filter, lambda s: saved_filters.delete_filter(
            s, a, tb.saved_filter), R),
        # home page, users, audit
        Call(home.home, lambda s: home.home(s, a, NOW)),
        Call(overview.recent_audit, lambda s: overview.recent_audit(s, a)),
        Call(users.list_users, lambda s: users.list_users(s, a)),
        Call(users.add_user, lambda s: users.add_user(
            s, a, login="newa", display_name="新人", employee_no="N1", role=Role.VISITOR,
            branch_code=tb.code_a, password="Secret-123456"), R),
        Call(users.set_password, lambda s: users.set_password(
            s, a, tb.visitor_login, "Secret-123456"), R),
        # the administration page (issue 17.3)
        Call(manage.user_rows, lambda s: manage.user_rows(s, a)),
        Call(manage.branch_rows, lambda s: manage.branch_rows(s, a)),
        Call(manage.create_user, lambda s: manage.create_user(
            s, a, login="newb", display_name="新人", employee_no="N2", role=Role.VISITOR,
            branch_code=tb.code_a, password="Secret-123456"), R),
        Call(manage.reset_password, lambda s: manage.reset_password(
            s, a, tb.visitor_login, "Secret-123456"), R),
        Call(manage.set_active, lambda s: manage.set_active(s, a, tb.visitor_login, False), R),
        Call(manage.set_role, lambda s: manage.set_role(
            s, a, tb.visitor_login, Role.REVIEWER, tb.code_a), R),
        Call(manage.save_branch, lambda s: manage.save_branch(s, a, manage.BranchRow(
            None, "ZZ99", "新网点", "某地某路1号", "010-1")), R),
        # documents
        Call(briefing.teams_for_day, lambda s: briefing.teams_for_day(s, a, TUESDAY)),
        Call(briefing.gather, lambda s: briefing.gather(
            s, a, TUESDAY, team_lead_id=tb.pack.lead_a, cipher=cipher), R),
        Call(briefing.gather, lambda s: briefing.gather(s, a, TUESDAY, cipher=cipher)),
        Call(briefing.find_user, lambda s: briefing.find_user(s, a, tb.visitor_login), R),
        Call(schedules.branch_day, lambda s: schedules.branch_day(s, a, TUESDAY)),
        Call(schedules.team_week, lambda s: schedules.team_week(
            s, a, MONDAY, tb.pack.lead_a), R),
        Call(visit_report.gather, lambda s: visit_report.gather(s, a, past), R),
        # import, export, map
        Call(export_customers, lambda s: export_customers(
            s, cipher, a, [cust], tmp / "x.xlsx"), R),
        Call(export_customers, lambda s: export_customers(
            s, cipher, a, [tb.b_customer], tmp / "own.xlsx"), path=tmp / "own.xlsx"),
        Call(branch_customer_ids, lambda s: branch_customer_ids(s, a, tb.code_a), R),
        Call(branch_customer_ids, lambda s: branch_customer_ids(s, a), _only({tb.b_customer})),
        Call(geocode.geocode_customer, lambda s: geocode.geocode_customer(s, a, cust), R),
        Call(geocode.place_manually, lambda s: geocode.place_manually(
            s, a, cust, 30.6, 104.0), R),
        Call(geocode.geocode_missing, lambda s: geocode.geocode_missing(s, a)),
        Call(importing.resolve_branch, lambda s: importing.resolve_branch(s, a, tb.code_a), R),
        Call(importing.branch_choices, lambda s: importing.branch_choices(s, a)),
        Call(importing.import_customers, lambda s: importing.import_customers(
            s, cipher, a, csv_a, branch_code=tb.code_a, dry_run=True), R),
        Call(map_export.export_map, lambda s: map_export.export_map(
            s, a, tmp / "map.html", day=TUESDAY, team=tb.visitor_login), R),
        Call(map_export.export_map, lambda s: map_export.export_map(
            s, a, tmp / "own.html", day=TUESDAY), path=tmp / "own.html"),
        Call(map_query.visit_states, lambda s: map_query.visit_states(s, a)),
        Call(map_query.map_points, lambda s: map_query.map_points(s, a)),
        Call(map_query.branch_point, lambda s: map_query.branch_point(s, a, tb.branch_a), R),
        Call(map_query.day_routes, lambda s: map_query.day_routes(
            s, a, TUESDAY, tb.visitor_login), R),
        Call(map_query.day_routes, lambda s: map_query.day_routes(s, a, TUESDAY)),
        Call(map_query.load_map_data, lambda s: map_query.load_map_data(s, a, day=TUESDAY)),
        Call(map_query.load_map_frame, lambda s: map_query.load_map_frame(s, a, day=TUESDAY)),
        Call(map_query.state_of_visits, lambda s: map_query.state_of_visits(
            s, a, [cust, tb.b_customer]), _only({tb.b_customer})),
        Call(map_viewport.count_in, lambda s: map_viewport.count_in(
            s, a, q, map_viewport.WORLD, 100), _no_count_of_a(1)),
        Call(map_viewport.points_in, lambda s: map_viewport.points_in(
            s, a, q, map_viewport.WORLD, 100)),
        Call(map_viewport.cells_in, lambda s: sum(c.count for c in map_viewport.cells_in(
            s, a, q, map_viewport.WORLD, 4)), _no_count_of_a(1)),
        Call(map_viewport.stored_cells, lambda s: sum(c.count for c in map_viewport.stored_cells(
            s, a, q, map_viewport.WORLD, 9) or []), _no_count_of_a(1)),
        Call(map_viewport.cells_for, lambda s: sum(c.count for c in map_viewport.cells_for(
            s, a, q, map_viewport.WORLD, 12)), _no_count_of_a(1)),
        # B's own customers only: at most B's one customer, matching or located.
        Call(map_summary.summary, lambda s: max(
            (r := map_summary.summary(s, a, q)).everyone, r.matching, r.located),
             _no_count_of_a(1)),
        Call(map_viewport.cells_statement, lambda s: sum(r[2] for r in s.execute(
            map_viewport.cells_statement(s, a, q, map_viewport.WORLD, 4))), _no_count_of_a(1)),
        Call(map_viewport.viewport, lambda s: map_viewport.viewport(
            s, a, q, map_viewport.WORLD, 4, limit=0).total, _no_count_of_a(1)),
        Call(map_viewport.viewport, lambda s: map_viewport.viewport(
            s, a, q, map_viewport.WORLD, 4)),
        Call(map_viewport.ids_in, lambda s: map_viewport.ids_in(
            s, a, q, map_viewport.WORLD, 100), _only({tb.b_customer})),
        Call(map_viewport.locations, lambda s: map_viewport.locations(s, a, q, [cust]),
             lambda result, _s: [f"locates A's customer: {result}"] if result else []),
        Call(map_viewport.frame_view, lambda s: map_viewport.frame_view(
            s, a, q, map_query.load_map_frame(s, a))),
        # notices
        Call(receipts.import_receipts, lambda s: receipts.import_receipts(
            s, a, receipts_a, now=NOW), _notice_unchanged(tb)),
        Call(sending.send_notices, lambda s: sending.send_notices(
            db, a, [tb.notice], OutboxGateway(tmp / "out"), now=NOW), R),
        Call(sending.retry_failed, lambda s: sending.retry_failed(
            db, a, [tb.notice], OutboxGateway(tmp / "out"), now=NOW), R),
        Call(notices.prepare_day, lambda s: notices.prepare_day(s, a, TUESDAY, cipher=cipher)),
        Call(notices.prepare_day_report, lambda s: notices.prepare_day_report(
            s, a, TUESDAY, cipher=cipher)),
        Call(notices.prepare_for_visits, lambda s: notices.prepare_for_visits(
            s, a, [visit], cipher=cipher), R),
        Call(notices.prepare_for_visits_report, lambda s: notices.prepare_for_visits_report(
            s, a, [visit], cipher=cipher), R),
        Call(notices.list_notices, lambda s: notices.list_notices(s, a, day=TUESDAY)),
        Call(notices.list_notices, lambda s: notices.list_notices(s, a, visit_ids=[visit])),
        Call(notices.get_notice, lambda s: notices.get_notice(s, a, tb.notice), R),
        Call(notices.update_text, lambda s: notices.update_text(s, a, tb.notice, "改"), R),
        Call(notices.cancel_notice, lambda s: notices.cancel_notice(s, a, tb.notice), R),
        Call(notices.acknowledge, lambda s: notices.acknowledge(s, a, tb.notice), R),
        # Settings are one per database: with two branches, an admin's.
        Call(settings.save_settings, lambda s: settings.save_settings(
            s, a, NoticeSettings()), R),
        Call(views.load_notice, lambda s: views.load_notice(s, a, tb.notice), R),
        Call(views.branches_of, lambda s: views.branches_of(s, a)),
        Call(views.visits_on, lambda s: views.visits_on(s, a, TUESDAY)),
        # scheduling
        Call(autoplan.propose_plan, lambda s: autoplan.propose_plan(
            s, a, [cust], TUESDAY, THURSDAY, teams=[team_a], now=NOW), R),
        Call(autoplan.accept, lambda s: autoplan.accept(s, a, [proposal], now=NOW), R),
        Call(autoplan_value.fill_team_day, lambda s: autoplan_value.fill_team_day(
            s, a, [cust], TUESDAY, team_a, values={cust: 1.0}, now=NOW), R),
        Call(autoplan_value.propose_by_value, lambda s: autoplan_value.propose_by_value(
            s, a, [cust], TUESDAY, THURSDAY, values={cust: 1.0}, now=NOW), R),
        # priorities (issue 20): branch A named, or A's customers named, is refused
        Call(priorities.rank, lambda s: priorities.rank(s, a, branch_id=tb.branch_a), R),
        Call(priorities.rank, lambda s: [p.score.customer_id for p in priorities.rank(
            s, a, customer_ids=[cust])], _only(set())),
        Call(priorities.weights, lambda s: priorities.weights(s, a, branch_id=tb.branch_a), R),
        Call(prio_stored.refresh, lambda s: prio_stored.refresh(s, a, branch_id=tb.branch_a), R),
        Call(priorities.fitted, lambda s: priorities.fitted(s, a, branch_id=tb.branch_a), R),
        Call(prio_backtest.run_backtest, lambda s: prio_backtest.run_backtest(
            s, a, TUESDAY, THURSDAY, branch_id=tb.branch_a), R),
        Call(dayroute.day_route, lambda s: dayroute.day_route(s, a, tb.visitor_id, TUESDAY), R),
        Call(dayroute.suggest_order, lambda s: dayroute.suggest_order(
            s, a, tb.visitor_id, TUESDAY), R),
        Call(dayroute.apply_order, lambda s: dayroute.apply_order(s, a, [visit]), R),
        Call(guards.load, lambda s: guards.load(s, a, visit, None, allow_member=True), R),
        Call(guards.load_for_change, lambda s: guards.load_for_change(
            s, a, visit, None, "move"), R),
        Call(guards.customer_branch, lambda s: guards.customer_branch(s, a, cust), R),
        Call(ics.export_ics, lambda s: ics.export_ics(
            s, a, TUESDAY, THURSDAY, team_logins=[tb.visitor_login]), R),
        Call(ics.export_ics, lambda s: ics.export_ics(s, a, TUESDAY, THURSDAY)),
        Call(leave.add_leave, lambda s: leave.add_leave(
            s, a, tb.visitor_id, THURSDAY, THURSDAY, "病假"), R),
        Call(leave.remove_leave, lambda s: leave.remove_leave(s, a, tb.leave), R),
        Call(leave.list_leaves, lambda s: leave.list_leaves(s, a, MONDAY, THURSDAY)),
        Call(listing.schedule_rows, lambda s: listing.schedule_rows(
            s, a, TUESDAY, THURSDAY, team_logins=[tb.visitor_login]), R),
        Call(listing.schedule_rows, lambda s: listing.schedule_rows(s, a, MONDAY, THURSDAY)),
        Call(xlsx.export_xlsx, lambda s: xlsx.export_xlsx(
            s, a, TUESDAY, THURSDAY, tmp / "s.xlsx", team_logins=[tb.visitor_login]), R),
        Call(xlsx.export_xlsx, lambda s: xlsx.export_xlsx(
            s, a, MONDAY, THURSDAY, tmp / "own_s.xlsx"), path=tmp / "own_s.xlsx"),
        Call(scheduling.check_visit, lambda s: scheduling.check_visit(
            s, a, customer_id=cust, start=at(THURSDAY, 9), end=at(THURSDAY, 10),
            member_ids=team_a, now=NOW), R),
        Call(scheduling.create_visit, lambda s: scheduling.create_visit(
            s, a, customer_id=cust, start=at(THURSDAY, 9), end=at(THURSDAY, 10),
            member_ids=team_a, purpose=VisitPurpose.OVERDUE, now=NOW), R),
        Call(scheduling.move_visit, lambda s: scheduling.move_visit(
            s, a, visit, at(THURSDAY, 9), now=NOW), R),
        Call(scheduling.resize_visit, lambda s: scheduling.resize_visit(
            s, a, visit, end=at(TUESDAY, 18), now=NOW), R),
        Call(scheduling.reassign_visit, lambda s: scheduling.reassign_visit(
            s, a, visit, team_a[::-1], now=NOW), R),
        Call(scheduling.cancel_visit, lambda s: scheduling.cancel_visit(s, a, visit, "取消"), R),
        Call(scheduling.complete_visit, lambda s: scheduling.complete_visit(s, a, visit), R),
        Call(scheduling.set_status, lambda s: scheduling.set_status(
            s, a, visit, VisitStatus.CONFIRMED), R),
        Call(scheduling.get_visit, lambda s: scheduling.get_visit(s, a, visit), R),
        # the calendar's reads and its drop of several customers
        Call(calendar_query.branch_info, lambda s: calendar_query.branch_info(s, a)),
        Call(calendar_query.load_range, lambda s: calendar_query.load_range(
            s, a, TUESDAY, THURSDAY)),
        Call(calendar_query.load_visits, lambda s: calendar_query.load_visits(s, a, [visit])),
        Call(calendar_query.changed_visits, lambda s: calendar_query.changed_visits(
            s, a, [visit, past])[0]),
        Call(calendar_query.due_customers, lambda s: calendar_query.due_customers(s, a)),
        Call(calendar_query.due_customers, lambda s: calendar_query.due_customers(
            s, a, customer_ids=[cust])),
        Call(calendar_support.team_logins, lambda s: calendar_support.team_logins(
            s, a, team_a)),
        Call(calendar_support.ghosts, lambda s: calendar_support.ghosts(
            s, a, autoplan.AutoPlan((proposal,), (), ()))),
        Call(create_many.create_visits, lambda s: create_many.create_visits(
            s, a, [cust], at(THURSDAY, 9), team_a, 60, now=NOW), R),
        # visit reports
        Call(attachments.add_attachment, lambda s: attachments.add_attachment(
            s, a, rep, "x.txt", b"x"), R),
        Call(attachments.remove_attachment, lambda s: attachments.remove_attachment(
            s, a, tb.attachment), R),
        Call(attachments.attachment_content, lambda s: attachments.attachment_content(
            s, a, tb.attachment), R),
        Call(costs.save_cost_defaults, lambda s: costs.save_cost_defaults(
            s, a, per_km=Decimal(1), hourly_rate=Decimal(1), other_expenses=Decimal(0),
            branch_id=tb.branch_a), R),
        Call(costs.get_cost, lambda s: costs.get_cost(s, a, past), R),
        Call(costs.save_cost, lambda s: costs.save_cost(s, a, past, distance_km=Decimal(3)), R),
        Call(dashboards.dashboard, lambda s: dashboards.dashboard(
            s, a, start=dt.date(2026, 11, 1), end=dt.date(2026, 12, 31), group="team", now=NOW)),
        Call(feedback.record_feedback, lambda s: feedback.record_feedback(
            s, a, past, 5, True, None, "call"), R),
        Call(feedback.feedback_for_visit, lambda s: feedback.feedback_for_visit(s, a, past), R),
        Call(feedback.complaint_cases, lambda s: feedback.complaint_cases(
            s, a, open_only=False, today=MONDAY)),
        Call(feedback.resolve_complaint, lambda s: feedback.resolve_complaint(
            s, a, tb.complaint, False, "已处理"), R),
        Call(promises.record_repayment, lambda s: promises.record_repayment(
            s, a, cust, Decimal(100), MONDAY, today=MONDAY), R),
        # The file names A's contract: the answer is that of an unknown contract.
        Call(promises.import_repayments, lambda s: promises.import_repayments(
            s, a, repay_a, today=MONDAY), _no_branch_word),
        Call(promises.promises, lambda s: promises.promises(s, a, customer_id=cust,
                                                             today=MONDAY), R),
        Call(promises.promises, lambda s: promises.promises(s, a, today=MONDAY)),
        Call(promises.customers_due_follow_up, lambda s: promises.customers_due_follow_up(
            s, a, today=MONDAY)),
        Call(queue.review_queue, lambda s: queue.review_queue(s, a, now=NOW)),
        Call(reports.open_report, lambda s: reports.open_report(s, a, visit), R),
        Call(reports.get_report, lambda s: reports.get_report(s, a, rep), R),
        Call(reports.report_for_visit, lambda s: reports.report_for_visit(s, a, past), R),
        Call(reports.report_states, lambda s: reports.report_states(
            s, a, [past, visit, tb.b_visit]), _only({tb.b_visit})),
        Call(owners.owner_candidates, lambda s: owners.owner_candidates(s, a, past), R),
        Call(to_write.visits_to_report, lambda s: [v.visit_id for v in to_write.visits_to_report(
            s, a, NOW.date(), ZoneInfo("Asia/Shanghai"), visit_ids=[past, visit, tb.b_visit])],
            _only({tb.b_visit})),
        Call(reports.save_draft, lambda s: reports.save_draft(s, a, rep, ReportData()), R),
        Call(reports.submit, lambda s: reports.submit(s, a, rep), R),
        Call(reports.return_report, lambda s: reports.return_report(s, a, rep, "退回"), R),
        Call(reports.approve, lambda s: reports.approve(s, a, rep), R),
        Call(reports.undo_approval, lambda s: reports.undo_approval(s, a, rep), R),
        Call(reports.amend, lambda s: reports.amend(s, a, rep, "更正"), R),
        Call(reports.history, lambda s: reports.history(s, a, rep), R),
    ]


@pytest.fixture
def two(db) -> TwoBranches:
    return make_two_branches(db)


def test_every_actor_function_is_walked() -> None:
    """A new public service taking an actor must join the walk or EXEMPT with a reason."""
    # Read from the source: building the calls needs a database.
    source = Path(__file__).read_text(encoding="utf-8")
    missing = []
    for qualified in sorted(actor_functions()):
        if qualified in EXEMPT or qualified.startswith("hvdesk.security.scope."):
            continue  # the scope module is the rule itself
        module, name = qualified.rsplit(".", 1)
        if f"Call({_alias(module)}.{name}," not in source and f"Call({name}," not in source:
            missing.append(qualified)
    assert missing == [], f"walk these in tests/test_scope_walk.py or exempt them: {missing}"
    stale = sorted(set(EXEMPT) - actor_functions())
    assert stale == [], f"EXEMPT names functions that are gone: {stale}"


_ALIASES = {
    "hvdesk.importing.service": "importing",
    "hvdesk.mapping.export": "map_export",
    "hvdesk.mapping.query": "map_query",
    "hvdesk.mapping.summary": "map_summary",
    "hvdesk.mapping.viewport": "map_viewport",
    "hvdesk.notices.service": "notices",
    "hvdesk.priorities.backtest": "prio_backtest",
    "hvdesk.priorities.service": "priorities",
    "hvdesk.priorities.stored": "prio_stored",
    "hvdesk.documents.lookup": "doc_lookup",
    "hvdesk.scheduling.service": "scheduling",
    "hvdesk.visitreports.service": "reports",
    "hvdesk.visitreports.dashboard": "dashboards",
}


def _alias(module: str) -> str:
    return _ALIASES.get(module, module.rsplit(".", 1)[1])


@pytest.mark.parametrize("role", ["coordinator", "manager", "reviewer", "visitor"])
def test_branch_b_gets_nothing_of_branch_a(two: TwoBranches, role: str, tmp_path: Path) -> None:
    actor = two.b[role]
    failures = walk(two.db, actor, calls(two, actor, tmp_path), two.leaked)
    assert failures == [], "\n".join(failures)
