"""Managers' dashboard figures, grouped per week, team or branch.

Definitions (what the test re-computes in plain SQL):

- a visit belongs to the period when its planned start, in its branch's
  time zone, falls on a day from ``start`` to ``end`` inclusive; its week is
  the ISO week of that day, its team the set of its members;
- ``by_status`` counts every such visit; ``by_outcome`` counts the outcomes
  of their reports that were submitted or approved;
- ``reports_awaiting`` are reports now submitted, aged from submission to ``now``;
- ``promise_kept_rate`` = kept / settled (kept, partial, broken) promises
  made on those visits, judged as of ``now``'s day in the branch's zone from
  amount, paid and due (:func:`~hvdesk.visitreports.promises.judge`, nothing
  stored); pending ones are left out;
- costs come from stored ``visit_cost`` rows (transport + staff cost + other);
  ``cost_per_visit`` divides by the costed visits, ``cost_per_contact`` by the
  costed visits whose report (submitted or approved) met the customer or family;
- satisfaction is the mean of the answers given; ``complaints`` counts
  feedback marked as a complaint.

Figures are aggregates: reading them writes nothing, not even an audit event
(issue 16: a read must not write).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import (
    Branch,
    Feedback,
    PromiseToPay,
    ReportOutcome,
    ReportStatus,
    User,
    Visit,
    VisitCost,
    VisitMember,
    VisitReport,
    VisitStatus,
)
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.visitreports import proof
from hvdesk.visitreports.data import Dashboard, DashboardGroup, DashboardRow
from hvdesk.visitreports.promises import judge

CENT = Decimal("0.01")
CONTACT = frozenset({ReportOutcome.MET_CUSTOMER, ReportOutcome.MET_FAMILY})
_FILED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
_MAX_DAYS = 366 * 3


@dataclass
class _Acc:
    visits: int = 0
    by_status: dict[VisitStatus, int] = field(default_factory=lambda: defaultdict(int))
    by_outcome: dict[ReportOutcome, int] = field(default_factory=lambda: defaultdict(int))
    ages: list[float] = field(default_factory=list)
    settled: int = 0
    kept: int = 0
    costed: int = 0
    cost: Decimal = Decimal(0)
    contacts: int = 0
    costed_contacts: int = 0
    scores: list[int] = field(default_factory=list)
    feedback: int = 0
    complaints: int = 0

    def add_visit(
        self,
        status: VisitStatus,
        report: tuple[ReportStatus, ReportOutcome | None, dt.datetime | None] | None,
        cost: Decimal | None,
        now: dt.datetime,
    ) -> None:
        self.visits += 1
        self.by_status[status] += 1
        filed = report is not None and report[0] in _FILED
        outcome = report[1] if report is not None else None
        if filed and outcome is not None:
            self.by_outcome[outcome] += 1
        if report is not None and report[0] is ReportStatus.SUBMITTED and report[2]:
            self.ages.append((now - report[2]).total_seconds() / 86400)
        contact = filed and outcome in CONTACT
        self.contacts += contact
        if cost is not None:
            self.costed += 1
            self.cost += cost
            self.costed_contacts += contact

    def row(self, key: str, label: str) -> DashboardRow:
        return DashboardRow(
            key=key,
            label=label,
            visits=self.visits,
            by_status={s: self.by_status[s] for s in VisitStatus if self.by_status.get(s)},
            by_outcome={o: self.by_outcome[o] for o in ReportOutcome if self.by_outcome.get(o)},
            reports_awaiting=len(self.ages),
            awaiting_ages=tuple(sorted(self.ages, reverse=True)),
            promises_settled=self.settled,
            promises_kept=self.kept,
            promise_kept_rate=self.kept / self.settled if self.settled else None,
            costed_visits=self.costed,
            total_cost=self.cost.quantize(CENT),
            cost_per_visit=(self.cost / self.costed).quantize(CENT) if self.costed else None,
            successful_contacts=self.contacts,
            cost_per_contact=(
                (self.cost / self.costed_contacts).quantize(CENT) if self.costed_contacts else None
            ),
            feedback_count=self.feedback,
            mean_satisfaction=sum(self.scores) / len(self.scores) if self.scores else None,
            complaints=self.complaints,
        )


def _in(ids: list[int]) -> Iterable[list[int]]:
    # Keeps IN lists under SQLite's variable limit on big demo databases.
    for k in range(0, len(ids), 500):
        yield ids[k : k + 500]


@dataclass
class _Facts:
    branches: dict[int, tuple[str, ZoneInfo]]
    #: visit id -> (branch id, local day, status)
    visits: dict[int, tuple[int, dt.date, VisitStatus]]
    teams: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    reports: dict[int, tuple[ReportStatus, ReportOutcome | None, dt.datetime | None]] = field(
        default_factory=dict
    )
    costs: dict[int, Decimal] = field(default_factory=dict)
    #: (visit id, amount, paid, due) of the promises made on the visits
    promises: list[tuple[int, Decimal, Decimal, dt.date]] = field(default_factory=list)
    feedback: list[tuple[int, int | None, bool]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


def dashboard(
    session: Session,
    actor: Actor,
    *,
    start: dt.date,
    end: dt.date,
    group: DashboardGroup,
    now: dt.datetime | None = None,
) -> Dashboard:
    """The figures of the actor's branch (all branches for an admin) for a period."""
    actor.require(Permission.DASHBOARD_VIEW)
    if group not in ("week", "team", "branch"):
        raise ValidationError("group", msg("visitreports.dashboard.group_week_team",
                "group by week, team or branch"))
    if end < start:
        raise ValidationError("end", msg("visitreports.dashboard.period_ends_before",
                "the period ends before it starts"))
    if (end - start).days > _MAX_DAYS:
        raise ValidationError("end", msg("visitreports.dashboard.choose_period_most",
                "choose a period of at most three years"))
    now = now or clock.now()
    facts = _load(session, actor, start, end)
    rows, total = _aggregate(facts, group, now)
    lo = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), dt.UTC)
    flags, flagged = proof.count_flagged(session, sorted(facts.branches), lo, hi, facts.visits)
    return Dashboard(start, end, group, rows, total, now, flags, flagged)


def _load(session: Session, actor: Actor, start: dt.date, end: dt.date) -> _Facts:
    branches = {
        b.id: (b.name, ZoneInfo(b.timezone or "Asia/Shanghai"))
        for b in session.scalars(select(Branch))
        if actor.branch_id is None or b.id == actor.branch_id
    }
    # A day in any zone lies within a day either side in UTC: filter wide, then exactly.
    lo = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), dt.UTC)
    hi = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), dt.UTC)
    facts = _Facts(branches, {})
    for vid, branch_id, planned, status in session.execute(
        select(Visit.id, Visit.branch_id, Visit.planned_start, Visit.status).where(
            Visit.branch_id.in_(list(branches)), Visit.planned_start >= lo, Visit.planned_start < hi
        )
    ):
        day = planned.astimezone(branches[branch_id][1]).date()
        if start <= day <= end:
            facts.visits[vid] = (branch_id, day, status)
    for chunk in _in(sorted(facts.visits)):
        for vid, uid in session.execute(
            select(VisitMember.visit_id, VisitMember.user_id).where(VisitMember.visit_id.in_(chunk))
        ):
            facts.teams[vid].append(uid)
        for vid, st, outcome, submitted in session.execute(
            select(
                VisitReport.visit_id,
                VisitReport.status,
                VisitReport.outcome,
                VisitReport.submitted_at,
            ).where(VisitReport.visit_id.in_(chunk))
        ):
            facts.reports[vid] = (st, outcome, submitted)
        for vid, cost in session.execute(
            select(
                VisitCost.visit_id,
                VisitCost.transport + VisitCost.staff_cost + VisitCost.other_expenses,
            ).where(VisitCost.visit_id.in_(chunk))
        ):
            facts.costs[vid] = Decimal(cost)
        facts.promises += [
            (vid, Decimal(amount), Decimal(paid), due)
            for vid, amount, paid, due in session.execute(
                select(
                    PromiseToPay.visit_id, PromiseToPay.amount, PromiseToPay.paid, PromiseToPay.due
                ).where(PromiseToPay.visit_id.in_(chunk))
            )
        ]
        facts.feedback += [
            (vid, score, bool(complaint))
            for vid, score, complaint in session.execute(
                select(Feedback.visit_id, Feedback.satisfaction, Feedback.is_complaint).where(
                    Feedback.visit_id.in_(chunk)
                )
            )
        ]
    users = {u for members in facts.teams.values() for u in members}
    facts.names = {
        uid: name
        for uid, name in session.execute(
            select(User.id, User.display_name).where(User.id.in_(users or {0}))
        )
    }
    return facts


def _key(facts: _Facts, group: DashboardGroup, vid: int) -> tuple[str, str]:
    branch_id, day, _status = facts.visits[vid]
    if group == "branch":
        return f"branch:{branch_id}", facts.branches[branch_id][0]
    if group == "team":
        members = sorted(facts.teams.get(vid, []))
        label = "、".join(sorted(facts.names.get(u, str(u)) for u in members)) or "—"
        return "team:" + ",".join(str(u) for u in members), label
    monday = day - dt.timedelta(days=day.weekday())
    year, week, _ = monday.isocalendar()
    return monday.isoformat(), f"{year}-W{week:02d}"


def _aggregate(
    facts: _Facts, group: DashboardGroup, now: dt.datetime
) -> tuple[tuple[DashboardRow, ...], DashboardRow]:
    accs: dict[str, _Acc] = defaultdict(_Acc)
    labels: dict[str, str] = {}
    everything = _Acc()

    def both(vid: int) -> tuple[_Acc, _Acc]:
        key, label = _key(facts, group, vid)
        labels[key] = label
        return accs[key], everything

    for vid in sorted(facts.visits):
        report = facts.reports.get(vid)
        for acc in both(vid):
            acc.add_visit(facts.visits[vid][2], report, facts.costs.get(vid), now)
    for vid, amount, paid, due in facts.promises:
        zone = facts.branches[facts.visits[vid][0]][1]
        pstatus = judge(amount, paid, due, now.astimezone(zone).date())
        if pstatus != "pending":
            for acc in both(vid):
                acc.settled += 1
                acc.kept += pstatus == "kept"
    for vid, score, complaint in facts.feedback:
        for acc in both(vid):
            acc.feedback += 1
            if score is not None:
                acc.scores.append(score)
            acc.complaints += bool(complaint)
    order = sorted(accs) if group == "week" else sorted(accs, key=lambda k: (labels[k], k))
    return tuple(accs[k].row(k, labels[k]) for k in order), everything.row("total", "total")
