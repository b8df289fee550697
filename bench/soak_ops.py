"""What a soak desk does: the mixed work of coordinators, visitors and reviewers.

Every operation goes through the services the desks' screens call, with the
version the desk last saw (a real desk edits what it shows, which may be a
moment old). A refusal is counted by its reason; a commit that wrote a row is
entered in the desk's ledger with the row's new version, for the lost-update
check at the end (bench/soak_checks.py). What the desk shows follows the
other desks through the change feed (``heard``) and a full reload now and then.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

from soak_ledger import DeskPlan, DeskResult, LedgerEntry
from sqlalchemy import event, func, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from hvdesk import changes
from hvdesk.database import Database
from hvdesk.errors import HvdeskError, NotFound, PermissionDenied, StaleEdit
from hvdesk.model import (
    Branch,
    Customer,
    ReportOutcome,
    ReportStatus,
    Visit,
    VisitMember,
    VisitPurpose,
    VisitReport,
    VisitStatus,
)
from hvdesk.notices import NoticeKind, prepare_for_visits, send_notices
from hvdesk.notices.gateways.outbox import OutboxGateway
from hvdesk.scheduling import service as scheduling
from hvdesk.scheduling.violations import SchedulingRefused
from hvdesk.services import customers
from hvdesk.services.context import Actor
from hvdesk.visitreports import (
    ReportData,
    ReportRefused,
    approve,
    get_report,
    open_report,
    return_report,
    review_queue,
    save_draft,
    submit,
)

S = VisitStatus
CHANGEABLE = (S.PLANNED, S.NOTIFIED, S.CONFIRMED)
#: A desk shows what it loaded; it reloads everything this often (seconds).
RELOAD_EVERY = 30.0
#: Operation -> weight, per role.
WEIGHTS: dict[str, tuple[tuple[str, int], ...]] = {
    "coordinator": (("book", 30), ("move", 20), ("cancel", 7), ("edit_customer", 28),
                    ("notices", 15)),
    "visitor": (("start_visit", 35), ("write_report", 50), ("complete_visit", 15)),
    "reviewer": (("review", 1),),
}
#: The reason a coordinator gives for booking past the travel-time estimate.
OVERRIDE_TRAVEL = "同组同事驾车前往，路上时间足够 (soak)"
_SEND_PROBLEMS = (
    ("SMS today", "sms_daily_cap"),
    ("lead time", "sms_lead_time"),
    ("no longer fits", "visit_changed"),
    ("time has passed", "visit_passed"),
    ("not to be contacted", "do_not_contact"),
    ("retry it", "notice_failed_before"),
    ("it is ", "notice_state"),
)


@dataclass
class Seen:
    """A visit as this desk shows it."""

    version: int
    status: VisitStatus
    start: dt.datetime
    end: dt.datetime


_WRITTEN = "soak.written"


@event.listens_for(Session, "after_flush")
def _written(session: Session, _ctx: Any) -> None:
    """Rows the transaction wrote, for the ledger (savepoints included, unlike what
    a commit publishes, which a savepoint's release may already have taken away)."""
    rows = session.info.setdefault(_WRITTEN, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if obj in session.dirty and not session.is_modified(obj, include_collections=False):
            continue
        table = getattr(type(obj), "__tablename__", None)
        key = inspect(obj).mapper.primary_key_from_instance(obj)
        if table is not None and len(key) == 1:
            rows.add((table, key[0]))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        session.info.pop(_WRITTEN, None)


class Nothing(Exception):
    """Nothing to do for this operation just now (an empty queue, no visit of one's own)."""


class Desk:
    def __init__(self, plan: DeskPlan, db: Database, actor: Actor, result: DeskResult,
                 rng: Random) -> None:
        self.plan, self.db, self.actor, self.result, self.rng = plan, db, actor, result, rng
        self.customers: dict[int, int] = {}
        self.visits: dict[int, Seen] = {}
        self._dirty_visits: set[int] = set()
        self._dirty_customers: set[int] = set()
        self._lock = threading.Lock()
        self._loaded = 0.0
        self._n = 0
        self._began = time.monotonic()
        self.gateway = OutboxGateway(Path(plan.outbox))
        kinds, weights = zip(*WEIGHTS[plan.role], strict=True)
        self._kinds: list[str] = list(kinds)
        self._weights: list[int] = list(weights)

    # --- what the desk shows -----------------------------------------------------------
    def load(self) -> None:
        with self.db.session() as s:
            branch = s.get(Branch, self.plan.branch_id)
            assert branch is not None
            self.tz = ZoneInfo(branch.timezone)
            self.sms_window = (branch.sms_window_start, branch.sms_window_end)
            if self.plan.role == "coordinator":
                self.customers = dict(s.execute(
                    select(Customer.id, Customer.version).where(~Customer.do_not_visit)
                ).all())
                self._load_visits(s, None)
        self._loaded = time.monotonic()

    def _load_visits(self, s: Session, ids: set[int] | None) -> None:
        soon = dt.datetime.now(dt.UTC) + dt.timedelta(hours=30)
        query = select(Visit.id, Visit.version, Visit.status, Visit.planned_start,
                       Visit.planned_end)
        if ids is None:
            self.visits = {}
            query = query.where(Visit.planned_start > soon, Visit.status.in_(CHANGEABLE))
        else:
            for vid in ids:
                self.visits.pop(vid, None)
            query = query.where(Visit.id.in_(sorted(ids)))
        for r in s.execute(query):
            if r.status in CHANGEABLE and r.planned_start > soon:
                self.visits[r.id] = Seen(r.version, r.status, r.planned_start, r.planned_end)

    def heard(self, change: changes.OpChanges) -> None:
        """Another desk committed (the feed's thread): what this desk shows may be stale."""
        with self._lock:
            self._dirty_visits |= change.visits
            self._dirty_customers |= change.customers

    def _catch_up(self) -> None:
        if self.plan.role != "coordinator":
            return
        if time.monotonic() - self._loaded > RELOAD_EVERY:
            self.load()
            return
        with self._lock:
            visits, self._dirty_visits = self._dirty_visits, set()
            people, self._dirty_customers = self._dirty_customers, set()
        if not visits and not people:
            return
        with self.db.session() as s:
            if visits:
                self._load_visits(s, visits)
            if people:
                self.customers.update(s.execute(
                    select(Customer.id, Customer.version)
                    .where(Customer.id.in_(sorted(people)), ~Customer.do_not_visit)
                ).all())

    # --- one step ------------------------------------------------------------------------
    def step(self) -> None:
        self._catch_up()
        kind = self.rng.choices(self._kinds, self._weights)[0]
        self._n += 1
        try:
            getattr(self, kind)()
        except Nothing:
            self.result.ops["idle"] += 1
            return
        except Exception as exc:
            reason = _reason(exc)
            if reason is None:
                first = (str(exc).splitlines() or [""])[0][:120]
                key = f"{kind}: {type(exc).__name__}: {first}"
                if key not in self.result.errors:
                    self.result.tracebacks.append(traceback.format_exc())
                self.result.errors[key] += 1
            else:
                self.result.conflicts[f"{kind}: {reason}"] += 1
            return
        self.result.ops[kind] += 1

    @contextmanager
    def _commit(self) -> Iterator[tuple[Session, list[LedgerEntry]]]:
        """One unit of work; its ledger entries count only once the COMMIT returned."""
        entries: list[LedgerEntry] = []
        with self.db.begin() as s:
            yield s, entries
        self.result.ledger.extend(entries)

    def _note(self, s: Session, entries: list[LedgerEntry], table: str, row_id: int,
              before: int, version: int, value: str) -> None:
        # Only rows this transaction wrote: a service that found nothing to change
        # leaves the version as it was, and that is not a new commit of it.
        if (table, row_id) in s.info.get(_WRITTEN, ()):
            entries.append(LedgerEntry(table, row_id, before, version, value))

    # --- coordinators ----------------------------------------------------------------------
    def _workday(self, ahead: int) -> dt.date:
        day = dt.datetime.now(self.tz).date() + dt.timedelta(days=ahead)
        while day.weekday() == 6:
            day += dt.timedelta(days=1)
        return day

    def _slot(self, day: dt.date) -> dt.datetime:
        local = dt.time(self.rng.randint(9, 16), self.rng.choice((0, 30)))
        return dt.datetime.combine(day, local, tzinfo=self.tz).astimezone(dt.UTC)

    def _team(self) -> list[int]:
        if self.rng.random() < 0.35:
            return list(self.plan.pair)
        return self.rng.sample(list(self.plan.visitor_ids), 2)

    def book(self) -> None:
        customer_id = self.rng.choice(list(self.customers))
        start = self._slot(self._workday(self.rng.randint(2, 20)))
        team = self._team()
        try:
            self._create(customer_id, start, team, None)
        except SchedulingRefused as exc:
            if set(exc.codes) != {"travel_time"}:
                raise
            # The coordinator knows better than the straight-line estimate (a colleague
            # drives) and says so; any other rule still refuses, the caps included.
            self.result.conflicts["book: travel_time, then overridden with a reason"] += 1
            self._create(customer_id, start, team, OVERRIDE_TRAVEL)

    def _create(self, customer_id: int, start: dt.datetime, team: list[int],
                override: str | None) -> None:
        with self._commit() as (s, entries):
            view = scheduling.create_visit(
                s, self.actor, customer_id=customer_id, start=start,
                end=start + dt.timedelta(hours=1), member_ids=team,
                purpose=VisitPurpose.OVERDUE, override_reason=override)
            self._note(s, entries, "visit", view.id, 0, view.version, _visit_value(view))
        self.visits[view.id] = Seen(view.version, view.status, view.start, view.end)

    def _pick_visit(self, statuses: tuple[VisitStatus, ...] = CHANGEABLE) -> tuple[int, Seen]:
        ids = [vid for vid, seen in self.visits.items() if seen.status in statuses]
        if not ids:
            raise Nothing
        vid = self.rng.choice(ids)
        return vid, self.visits[vid]

    def _on_visit(self, vid: int, before: int,
                  act: Callable[[Session], scheduling.VisitView]) -> None:
        try:
            with self._commit() as (s, entries):
                view = act(s)
                self._note(s, entries, "visit", view.id, before, view.version,
                           _visit_value(view))
        except Exception:
            self._dirty_visits.add(vid)  # the desk reloads what it was refused on
            raise
        self.visits[vid] = Seen(view.version, view.status, view.start, view.end)

    def move(self) -> None:
        vid, seen = self._pick_visit()
        local = seen.start.astimezone(self.tz)
        day = local.date() + dt.timedelta(days=self.rng.choice((-2, -1, 0, 1, 2, 3)))
        if day <= self._workday(1):
            day = self._workday(2)
        start = self._slot(day)
        self._on_visit(vid, seen.version, lambda s: scheduling.move_visit(
            s, self.actor, vid, start, expected_version=seen.version))

    def cancel(self) -> None:
        vid, seen = self._pick_visit()
        self._on_visit(vid, seen.version, lambda s: scheduling.cancel_visit(
            s, self.actor, vid, "客户来电改约 (soak)", expected_version=seen.version))
        self.visits.pop(vid, None)

    def edit_customer(self) -> None:
        customer_id = self.rng.choice(list(self.customers))
        fresh = self.rng.random() < 0.5
        token = f"成都市武侯区浆洗街{self._n}号 soak-{self.plan.index}-{self._n}"
        try:
            with self._commit() as (s, entries):
                if fresh:  # the desk opens the customer now and types for a moment
                    version = customers.get_customer(s, self.actor, customer_id).version
                    time.sleep(self.rng.uniform(0, 0.05))
                else:  # an edit of the row as the customer list showed it
                    version = self.customers[customer_id]
                view = customers.update_customer(
                    s, self.db.cipher, self.actor, customer_id, version,
                    {"current_address": token})
                self._note(s, entries, "customer", customer_id, version, view.version,
                           view.current_address or "")
        except StaleEdit:
            self._dirty_customers.add(customer_id)
            raise
        self.customers[customer_id] = view.version

    def notices(self) -> None:
        """Draft notices (or reminders) for a few visits and send them through the outbox."""
        reminder = self.rng.random() < 0.4
        statuses = (S.NOTIFIED, S.CONFIRMED) if reminder else (S.PLANNED,)
        ids = [vid for vid, seen in self.visits.items() if seen.status in statuses]
        if not ids:
            raise Nothing
        chosen = self.rng.sample(ids, min(3, len(ids)))
        with self.db.begin() as s:
            drafts = prepare_for_visits(s, self.actor, chosen,
                                        kind=NoticeKind.REMINDER if reminder else None,
                                        cipher=self.db.cipher)
        self._dirty_visits.update(chosen)
        if not drafts:
            raise Nothing
        summary = send_notices(self.db, self.actor, [d.id for d in drafts], self.gateway,
                               now=self._send_time())
        self.result.ops["sms_sent"] += summary.sent
        for problem in summary.problems:
            reason = next((r for words, r in _SEND_PROBLEMS if words in problem), "other")
            self.result.conflicts[f"notices: {reason}"] += 1

    def _send_time(self) -> dt.datetime | None:
        """Now inside the branch's SMS hours; else as if the run started when they open."""
        now = dt.datetime.now(dt.UTC)
        first, last = self.sms_window
        local = now.astimezone(self.tz)
        if first <= local.time() < last:
            return None
        day = local.date() + dt.timedelta(days=1 if local.time() >= last else 0)
        opens = dt.datetime.combine(day, first, tzinfo=self.tz)
        return opens + dt.timedelta(seconds=time.monotonic() - self._began)

    # --- visitors --------------------------------------------------------------------------
    def _own(self, *where: Any) -> list[Any]:
        with self.db.session() as s:
            return list(s.execute(
                select(Visit.id, Visit.version, Visit.planned_start)
                .join(VisitMember, VisitMember.visit_id == Visit.id)
                .outerjoin(VisitReport, VisitReport.visit_id == Visit.id)
                .where(VisitMember.user_id == self.actor.user_id, *where)
                .order_by(func.random()).limit(5)
            ))

    def start_visit(self) -> None:
        rows = self._own(Visit.status.in_((S.NOTIFIED, S.CONFIRMED)))
        if not rows:
            raise Nothing
        row = self.rng.choice(rows)
        with self._commit() as (s, entries):
            view = scheduling.set_status(s, self.actor, row.id, S.IN_PROGRESS,
                                         expected_version=row.version)
            self._note(s, entries, "visit", view.id, row.version, view.version,
                       _visit_value(view))

    def write_report(self) -> None:
        rows = self._own(
            Visit.status == S.IN_PROGRESS,
            (VisitReport.id.is_(None))
            | VisitReport.status.in_((ReportStatus.DRAFT, ReportStatus.RETURNED)))
        if not rows:
            raise Nothing
        row = self.rng.choice(rows)
        with self._commit() as (s, entries):
            report = open_report(s, self.actor, row.id)
            self._note(s, entries, "visit_report", report.id, 0, report.lock_version,
                       report.status.value)
        arrived = row.planned_start + dt.timedelta(minutes=self.rng.randint(0, 15))
        data = ReportData(outcome=ReportOutcome.NOBODY_HOME, arrived_at=arrived,
                          left_at=arrived + dt.timedelta(minutes=20),
                          notes=f"soak {self.plan.index}-{self._n}")
        with self._commit() as (s, entries):
            before = report.lock_version
            report = save_draft(s, self.actor, report.id, data, expected_version=before)
            self._note(s, entries, "visit_report", report.id, before, report.lock_version,
                       report.status.value)
        time.sleep(self.rng.uniform(0, self.plan.think))  # reads it over once
        with self._commit() as (s, entries):
            before = report.lock_version
            report = submit(s, self.actor, report.id, expected_version=before)
            self._note(s, entries, "visit_report", report.id, before, report.lock_version,
                       report.status.value)

    def complete_visit(self) -> None:
        rows = self._own(Visit.status == S.IN_PROGRESS,
                         VisitReport.status.in_((ReportStatus.SUBMITTED, ReportStatus.APPROVED)))
        if not rows:
            raise Nothing
        row = self.rng.choice(rows)
        with self._commit() as (s, entries):
            view = scheduling.complete_visit(s, self.actor, row.id, expected_version=row.version)
            self._note(s, entries, "visit", view.id, row.version, view.version,
                       _visit_value(view))

    # --- reviewers -------------------------------------------------------------------------
    def review(self) -> None:
        with self.db.session() as s:
            items = [i for i in review_queue(s, self.actor) if i.can_review][:6]
            if not items:
                raise Nothing
            item = self.rng.choice(items)
            version = get_report(s, self.actor, item.report_id).lock_version
        time.sleep(self.rng.uniform(0, 2 * self.plan.think))  # reads the report
        with self._commit() as (s, entries):
            if self.rng.random() < 0.85:
                view = approve(s, self.actor, item.report_id, expected_version=version)
            else:
                view = return_report(s, self.actor, item.report_id, "请补充到访时的情况说明",
                                     expected_version=version)
            self._note(s, entries, "visit_report", view.id, version, view.lock_version,
                       view.status.value)


def _visit_value(view: scheduling.VisitView) -> str:
    return f"{view.status.value} {view.start.astimezone(dt.UTC).isoformat()}"


#: Refusals that are the app doing its job, by exception type (checked in order).
_REFUSALS: tuple[tuple[type[Exception], str], ...] = (
    (StaleEdit, "stale_edit"),
    (ReportRefused, "report_state"),
    (NotFound, "not_found"),
)


def _reason(exc: Exception) -> str | None:
    """The refusal's reason for the count, or None for an exception that is a bug."""
    if isinstance(exc, SchedulingRefused):
        return "+".join(sorted(set(exc.codes)))
    reason = next((r for kind, r in _REFUSALS if isinstance(exc, kind)), None)
    if reason is None and isinstance(exc, PermissionDenied) and "four eyes" in str(exc):
        reason = "four_eyes"
    if reason is None and isinstance(exc, HvdeskError) and "another desk" in str(exc):
        reason = "busy_elsewhere"
    if reason is None and isinstance(exc, DBAPIError) and "deadlock detected" in str(exc.orig):
        reason = "deadlock"
    return reason
