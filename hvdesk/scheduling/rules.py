"""The scheduling rules of domain.md as pure functions over plain data.

Nothing here touches the database: :func:`evaluate` takes a proposal and a
:class:`RuleContext` (the branch's policy, the people, their leave and the
visits around the proposal, loaded once by :mod:`hvdesk.scheduling.context`)
and returns *every* violation, not just the first. That keeps a check cheap
enough for the calendar to run on each mouse move of a drag, and lets
auto-plan test thousands of candidate slots without a query.

Hard and soft (a soft rule gives way to a permitted user's written reason):

==========================  =====  ==================================================
rule                        kind   why
==========================  =====  ==================================================
22:00–08:00 quiet hours     hard   2026 collection guideline; only the customer's
                                   recorded agreement lifts it (``customer_agreed_hours``)
branch visiting window      soft   branch policy, stricter than the guideline
public holiday              soft   domain.md: "unless overridden"
do-not-visit customer       hard   the customer's or the company's decision
team ≥ 2 active visitors    hard   guideline: at least two staff on a home visit
visitor on leave            hard   a fact, not a policy: the person is not there
visitor already booked      hard   nobody is in two places (the database agrees)
travel time between stops   soft   an estimate (straight line / speed); the desk may
                                   know better (neighbours, a colleague drives)
visits per customer/30 days soft   configurable per branch, override with a reason
SMS lead time               soft   the notice should go out that long before
==========================  =====  ==================================================
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from hvdesk.model.enums import VisitStatus
from hvdesk.scheduling import calendar_cn
from hvdesk.scheduling.routing import (
    DEFAULT_FLOOR_MINUTES,
    DEFAULT_SPEED_KMH,
    haversine_km,
    travel_minutes,
)
from hvdesk.scheduling.violations import Violation, violation
from hvdesk.security.roles import Role

QUIET_END = dt.time(8, 0)  # the guideline's night ends
QUIET_START = dt.time(22, 0)
FREQUENCY_WINDOW = dt.timedelta(days=30)
#: Statuses of visits that no longer take up anybody's time or the customer's patience.
FREED_STATUSES = frozenset({VisitStatus.CANCELLED, VisitStatus.RESCHEDULED})


@dataclass(frozen=True, slots=True)
class RuleConfig:
    speed_kmh: float = DEFAULT_SPEED_KMH
    travel_floor_minutes: int = DEFAULT_FLOOR_MINUTES
    min_team_size: int = 2


@dataclass(frozen=True, slots=True)
class BranchPolicy:
    id: int
    code: str
    timezone: str
    visit_window_start: dt.time
    visit_window_end: dt.time
    max_visits_per_30_days: int
    sms_lead_hours: int
    latitude: float | None = None
    longitude: float | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True, slots=True)
class StaffInfo:
    id: int
    login: str
    display_name: str
    role: Role
    active: bool
    branch_id: int | None

    @property
    def label(self) -> str:
        return f"{self.display_name} ({self.login})"


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    id: int
    branch_id: int
    masked_name: str
    do_not_visit: bool = False
    do_not_visit_reason: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    adcode: str | None = None

    @property
    def location(self) -> tuple[float, float] | None:
        if self.latitude is None or self.longitude is None:
            return None
        return (self.latitude, self.longitude)


@dataclass(frozen=True, slots=True)
class BookedVisit:
    """A visit already in the calendar that takes up time (not cancelled/rescheduled)."""

    id: int
    customer_id: int
    start: dt.datetime
    end: dt.datetime
    member_ids: frozenset[int]
    status: VisitStatus = VisitStatus.PLANNED
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Leave:
    user_id: int
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True, slots=True)
class Proposal:
    """A visit as it would be: new (``visit_id`` None) or an existing one changed."""

    customer_id: int
    start: dt.datetime
    end: dt.datetime
    member_ids: tuple[int, ...]
    customer_agreed_hours: bool = False
    visit_id: int | None = None
    #: False when the start does not change (resize of the end, reassign): the
    #: notice already sent still tells the right time.
    check_notice_lead: bool = True


@dataclass
class RuleContext:
    """Everything the rules read, for one branch over a span of time."""

    branch: BranchPolicy
    now: dt.datetime
    customers: dict[int, CustomerInfo] = field(default_factory=dict)
    staff: dict[int, StaffInfo] = field(default_factory=dict)
    leaves: list[Leave] = field(default_factory=list)
    visits: list[BookedVisit] = field(default_factory=list)
    config: RuleConfig = field(default_factory=RuleConfig)
    #: Proposals starting and ending inside this span are fully covered by
    #: the loaded visits (members' visits a day around, customers' 30 days around).
    span: tuple[dt.datetime, dt.datetime] | None = None

    @cached_property
    def _by_member(self) -> dict[int, list[BookedVisit]]:
        index: dict[int, list[BookedVisit]] = defaultdict(list)
        for v in self.visits:
            for m in v.member_ids:
                index[m].append(v)
        return index

    @cached_property
    def _by_customer(self) -> dict[int, list[BookedVisit]]:
        index: dict[int, list[BookedVisit]] = defaultdict(list)
        for v in self.visits:
            index[v.customer_id].append(v)
        return index

    @cached_property
    def _leaves_by_user(self) -> dict[int, list[Leave]]:
        index: dict[int, list[Leave]] = defaultdict(list)
        for leave in self.leaves:
            index[leave.user_id].append(leave)
        return index

    def add(self, visit: BookedVisit) -> None:
        """Count a visit decided meanwhile (auto-plan's earlier proposals)."""
        self.visits.append(visit)
        for m in visit.member_ids:
            self._by_member[m].append(visit)
        self._by_customer[visit.customer_id].append(visit)

    def visits_of_member(self, user_id: int) -> list[BookedVisit]:
        return self._by_member.get(user_id, [])

    def visits_of_customer(self, customer_id: int) -> list[BookedVisit]:
        return self._by_customer.get(customer_id, [])

    def leaves_of(self, user_id: int) -> list[Leave]:
        return self._leaves_by_user.get(user_id, [])

    def covers(self, proposal: Proposal) -> bool:
        return (
            self.span is not None
            and proposal.customer_id in self.customers
            and all(m in self.staff for m in proposal.member_ids)
            and self.span[0] <= proposal.start
            and proposal.end <= self.span[1]
        )

    def local(self, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(self.branch.tz)

    def fmt(self, moment: dt.datetime) -> str:
        return self.local(moment).strftime("%Y-%m-%d %H:%M")


def evaluate(ctx: RuleContext, p: Proposal) -> list[Violation]:
    """Every rule ``p`` breaks, in a stable order (hard and soft mixed)."""
    start_text, end_text = ctx.fmt(p.start), ctx.fmt(p.end)
    if p.end <= p.start:
        return [violation("invalid_times", start=start_text, end=end_text)]
    found: list[Violation] = []
    found += check_customer(ctx, p)
    found += check_hours(ctx, p)
    found += check_holidays(ctx, p)
    found += check_team(ctx, p)
    found += check_leave(ctx, p)
    found += check_overlaps_and_travel(ctx, p)
    found += check_frequency(ctx, p)
    found += check_notice_lead(ctx, p)
    return found


def check_customer(ctx: RuleContext, p: Proposal) -> list[Violation]:
    customer = ctx.customers[p.customer_id]
    found = []
    if customer.branch_id != ctx.branch.id:
        found.append(violation("customer_other_branch"))
    if customer.do_not_visit:
        found.append(violation("do_not_visit", reason=customer.do_not_visit_reason or "-"))
    return found


def check_hours(ctx: RuleContext, p: Proposal) -> list[Violation]:
    start, end = ctx.local(p.start), ctx.local(p.end)
    window = dict(start=ctx.fmt(p.start), end=end.strftime("%H:%M"))
    found = []
    if not p.customer_agreed_hours and not _inside(start, end, QUIET_END, QUIET_START):
        found.append(violation("night_hours", **window))
    branch = ctx.branch
    if not _inside(start, end, branch.visit_window_start, branch.visit_window_end):
        found.append(
            violation(
                "outside_branch_hours",
                **window,
                window_start=branch.visit_window_start.strftime("%H:%M"),
                window_end=branch.visit_window_end.strftime("%H:%M"),
            )
        )
    return found


def _inside(start: dt.datetime, end: dt.datetime, first: dt.time, last: dt.time) -> bool:
    """Whether local [start, end) lies within first..last of one day."""
    if start.date() != end.date():
        # Crossing midnight leaves any day window, unless it ends exactly at 00:00
        # and the window runs to midnight (never the case for the rules here).
        return False
    return first <= start.time() and end.time() <= last


def check_holidays(ctx: RuleContext, p: Proposal) -> list[Violation]:
    found = []
    for day in _local_days(ctx, p.start, p.end):
        info = calendar_cn.day_info(day)
        if info.is_holiday:
            found.append(violation("public_holiday", date=day.isoformat(), holiday=info.name))
    return found


def _local_days(ctx: RuleContext, start: dt.datetime, end: dt.datetime) -> list[dt.date]:
    first = ctx.local(start).date()
    last = ctx.local(end - dt.timedelta(microseconds=1)).date()
    return [first + dt.timedelta(days=k) for k in range((last - first).days + 1)]


def check_team(ctx: RuleContext, p: Proposal) -> list[Violation]:
    found = []
    able = 0
    for user_id in dict.fromkeys(p.member_ids):
        person = ctx.staff[user_id]
        if person.role is not Role.VISITOR:
            found.append(violation("not_a_visitor", visitor=person.label))
        elif not person.active:
            found.append(violation("visitor_inactive", visitor=person.label))
        elif person.branch_id != ctx.branch.id:
            found.append(violation("visitor_other_branch", visitor=person.label))
        else:
            able += 1
    minimum = ctx.config.min_team_size
    if able < minimum:
        found.append(violation("team_too_small", minimum=minimum, count=able))
    return found


def check_leave(ctx: RuleContext, p: Proposal) -> list[Violation]:
    days = _local_days(ctx, p.start, p.end)
    first, last = days[0], days[-1]
    found = []
    for user_id in dict.fromkeys(p.member_ids):
        for leave in ctx.leaves_of(user_id):
            if leave.start_date <= last and leave.end_date >= first:
                found.append(
                    violation(
                        "visitor_on_leave",
                        visitor=ctx.staff[user_id].label,
                        leave_start=leave.start_date.isoformat(),
                        leave_end=leave.end_date.isoformat(),
                    )
                )
                break
    return found


def check_overlaps_and_travel(ctx: RuleContext, p: Proposal) -> list[Violation]:
    """Double booking (hard) and too little time to get there or away (soft).

    One violation per other visit, naming every team member concerned, so a
    clash with a visit of the same team reads once, not once per person.
    """
    busy: dict[int, list[str]] = defaultdict(list)
    tight: dict[int, list[str]] = defaultdict(list)
    others: dict[int, BookedVisit] = {}
    gaps: dict[int, tuple[int, int, float]] = {}
    here = ctx.customers[p.customer_id].location
    for user_id in dict.fromkeys(p.member_ids):
        label = ctx.staff[user_id].label
        clashes, before, after = _neighbours(ctx, p, user_id)
        for v in clashes:
            busy[v.id].append(label)
            others[v.id] = v
        for other, is_before in ((before, True), (after, False)):
            if other is None or here is None or other.latitude is None or other.longitude is None:
                continue  # no location, no travel estimate: only the overlap counts
            km = haversine_km(here, (other.latitude, other.longitude))
            needed = travel_minutes(km, ctx.config.speed_kmh, ctx.config.travel_floor_minutes)
            gap_td = (p.start - other.end) if is_before else (other.start - p.end)
            gap = gap_td.total_seconds() / 60
            if gap < needed:
                tight[other.id].append(label)
                others[other.id] = other
                gaps[other.id] = (needed, int(gap), km)
    found = []
    for vid, names in busy.items():
        v = others[vid]
        found.append(
            violation(
                "visitor_busy",
                visitor=" and ".join(names),
                other=vid,
                other_start=ctx.fmt(v.start),
                other_end=ctx.local(v.end).strftime("%H:%M"),
            )
        )
    for vid, names in tight.items():
        needed, gap, km = gaps[vid]
        found.append(
            violation(
                "travel_time",
                visitor=" and ".join(names),
                other=vid,
                needed=needed,
                gap=max(gap, 0),
                km=f"{km:.1f}",
            )
        )
    return found


def _neighbours(
    ctx: RuleContext, p: Proposal, user_id: int
) -> tuple[list[BookedVisit], BookedVisit | None, BookedVisit | None]:
    """The member's visits overlapping ``p``, and the ones just before and after it that day."""
    day = ctx.local(p.start).date()
    clashes: list[BookedVisit] = []
    before: BookedVisit | None = None
    after: BookedVisit | None = None
    for v in ctx.visits_of_member(user_id):
        if v.id == p.visit_id:
            continue
        if v.start < p.end and v.end > p.start:
            clashes.append(v)
        elif v.end <= p.start:
            if ctx.local(v.end).date() == day and (before is None or v.end > before.end):
                before = v
        elif ctx.local(v.start).date() == day and (after is None or v.start < after.start):
            after = v
    return clashes, before, after


def check_frequency(ctx: RuleContext, p: Proposal) -> list[Violation]:
    """At most N visits in any 30-day window that contains the proposed one."""
    maximum = ctx.branch.max_visits_per_30_days
    starts = sorted(
        v.start
        for v in ctx.visits_of_customer(p.customer_id)
        if v.id != p.visit_id
        and v.status not in FREED_STATUSES
        and abs(v.start - p.start) < FREQUENCY_WINDOW
    )
    worst = 0
    for window_start in [s for s in starts if s <= p.start] + [p.start]:
        window_end = window_start + FREQUENCY_WINDOW
        if window_end <= p.start:
            continue
        count = 1 + sum(1 for s in starts if window_start <= s < window_end)
        worst = max(worst, count)
    if worst > maximum:
        return [
            violation(
                "too_many_visits",
                count=worst,
                date=ctx.local(p.start).date().isoformat(),
                maximum=maximum,
            )
        ]
    return []


def check_notice_lead(ctx: RuleContext, p: Proposal) -> list[Violation]:
    if not p.check_notice_lead:
        return []
    lead = ctx.branch.sms_lead_hours
    hours = (p.start - ctx.now).total_seconds() / 3600
    if hours < lead:
        return [violation("sms_lead_time", hours=max(0, int(hours)), lead=lead)]
    return []


def soft_only(violations: Iterable[Violation]) -> bool:
    return all(not v.hard for v in violations)
