"""What the calendar shows, read in one batch of queries into frozen dataclasses.

The widgets get plain values that never lazy-load, and tests and the
benchmark build them without a database. :func:`load_range` reads a date
range of the actor's branch with a fixed number of queries (visits with their
customers, members, latest notices, visitors, leave), whatever the number of
visits; :func:`changed_visits` re-reads just the visits a change named (the
calendar follows the change hub with it); :func:`due_customers` reads the
"unscheduled" list. Other screens (notices, reports) read visits through here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, exists, select
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.geo import gazetteer
from hvdesk.model import (
    Branch,
    Customer,
    NoticeStatus,
    User,
    Visit,
    VisitMember,
    VisitorLeave,
    VisitPurpose,
    VisitStatus,
)
from hvdesk.notices import notice_status_by_visit
from hvdesk.scheduling.teams import team_title
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import district_label

DEFAULT_ZONE = clock.DEFAULT_ZONE
#: Visits that still hold their slot and are drawn; cancelled / rescheduled ones are not.
SHOWN_STATUSES = (
    VisitStatus.PLANNED,
    VisitStatus.NOTIFIED,
    VisitStatus.CONFIRMED,
    VisitStatus.IN_PROGRESS,
    VisitStatus.COMPLETED,
    VisitStatus.NO_SHOW,
)
#: Visits that may still be moved, resized or cancelled.
OPEN_STATUSES = frozenset({VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.CONFIRMED})
#: A customer with one of these visits is not "unscheduled".
PENDING_STATUSES = (*OPEN_STATUSES, VisitStatus.IN_PROGRESS)


@dataclass(frozen=True, slots=True)
class VisitBlock:
    """One visit as the calendar draws it; times are aware, in the branch's zone."""

    id: int
    customer_id: int
    start: dt.datetime
    end: dt.datetime
    member_ids: tuple[int, ...]
    member_names: tuple[str, ...]
    #: As the one rule shows it to the actor (``张*`` for visitors and reviewers).
    customer: str
    district: str
    purpose: VisitPurpose
    status: VisitStatus
    version: int
    notice_status: NoticeStatus | None = None
    route_order: int | None = None
    #: WGS-84 of the customer, for travel estimates between stops.
    latitude: float | None = None
    longitude: float | None = None
    customer_agreed_hours: bool = False

    @property
    def team_key(self) -> tuple[int, ...]:
        return tuple(sorted(self.member_ids))

    @property
    def day(self) -> dt.date:
        return self.start.date()

    @property
    def editable(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def moved(self, start: dt.datetime, end: dt.datetime) -> VisitBlock:
        return replace(self, start=start, end=end)


@dataclass(frozen=True, slots=True)
class Visitor:
    id: int
    name: str
    employee_no: str = ""


@dataclass(frozen=True, slots=True)
class Leave:
    user_id: int
    first: dt.date
    last: dt.date
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class BranchInfo:
    id: int | None
    name: str
    zone: str = DEFAULT_ZONE
    latitude: float | None = None
    longitude: float | None = None
    window_start: dt.time = dt.time(8, 0)
    window_end: dt.time = dt.time(20, 0)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)


@dataclass(frozen=True, slots=True)
class Resource:
    """A calendar column: one visitor, or a team (the visitors who share visits)."""

    key: str
    title: str
    member_ids: tuple[int, ...]

    def holds(self, block: VisitBlock) -> bool:
        if self.key.startswith("v:"):
            return self.member_ids[0] in block.member_ids
        return block.team_key == self.member_ids


@dataclass(frozen=True, slots=True)
class CalendarData:
    first: dt.date
    #: Inclusive.
    last: dt.date
    branch: BranchInfo
    visitors: tuple[Visitor, ...]
    blocks: tuple[VisitBlock, ...]
    leaves: tuple[Leave, ...] = ()
    #: The actor may move, resize, create and cancel visits.
    editable: bool = False
    _by_id: dict[int, VisitBlock] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update((b.id, b) for b in self.blocks)

    def block(self, visit_id: int) -> VisitBlock | None:
        return self._by_id.get(visit_id)

    def with_block(self, block: VisitBlock) -> CalendarData:
        """A copy with ``block`` replacing the visit of the same id (or added)."""
        blocks = [b for b in self.blocks if b.id != block.id]
        if block.status in SHOWN_STATUSES:
            blocks.append(block)
        blocks.sort(key=lambda b: (b.start, b.id))
        return replace(self, blocks=tuple(blocks), _by_id={})

    def without(self, visit_ids: Iterable[int]) -> CalendarData:
        gone = set(visit_ids)
        return replace(self, blocks=tuple(b for b in self.blocks if b.id not in gone), _by_id={})

    def visitor_names(self) -> dict[int, str]:
        names = {v.id: v.name for v in self.visitors}
        for b in self.blocks:
            for uid, name in zip(b.member_ids, b.member_names, strict=False):
                names.setdefault(uid, name)
        return names

    def visitor_resources(self) -> list[Resource]:
        return [Resource(f"v:{v.id}", v.name, (v.id,)) for v in self.visitors]

    def team_resources(self, days: Sequence[dt.date] | None = None) -> list[Resource]:
        """The distinct teams of the visits on ``days`` (all loaded days by default)."""
        wanted = set(days) if days is not None else None
        names = self.visitor_names()
        # The blocks name their members lead first: the team is called after its lead.
        leads_first = {b.team_key: b.member_names for b in self.blocks
                       if wanted is None or b.day in wanted}
        return [
            Resource("t:" + ",".join(map(str, key)), team_title(leads_first[key]), key)
            for key in sorted(leads_first, key=lambda k: [names.get(u, "") for u in k])
        ]

    def on_leave(self, user_id: int, day: dt.date) -> Leave | None:
        return next((lv for lv in self.leaves if lv.user_id == user_id and lv.covers(day)), None)


@dataclass(frozen=True, slots=True)
class DueCustomer:
    """A row of the unscheduled pane: a customer due a visit."""

    id: int
    name: str
    district: str
    days_past_due: int
    overdue_amount: Decimal
    last_visit: dt.date | None
    latitude: float | None = None
    longitude: float | None = None


# --- reading ----------------------------------------------------------------------


def local_bounds(first: dt.date, last: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """UTC instants of ``first`` 00:00 and the midnight after ``last``, local time."""
    start = dt.datetime.combine(first, dt.time(0), zone).astimezone(dt.UTC)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), zone).astimezone(dt.UTC)
    return start, end


def branch_info(session: Session, actor: Actor) -> BranchInfo:
    if actor.branch_id is None:
        return BranchInfo(None, actor.branch_name)
    b = session.get(Branch, actor.branch_id)
    if b is None:
        return BranchInfo(actor.branch_id, actor.branch_name)
    return BranchInfo(
        b.id,
        b.name,
        b.timezone or DEFAULT_ZONE,
        b.latitude,
        b.longitude,
        b.visit_window_start,
        b.visit_window_end,
    )


def _visits_in_range(
    actor: Actor, start: dt.datetime, end: dt.datetime, statuses: Sequence[VisitStatus]
) -> Select[Any]:
    """Ids of the visits the actor may see overlapping ``[start, end)``."""
    stmt = select(Visit.id).where(
        Visit.planned_start < end, Visit.planned_end > start, Visit.status.in_(statuses)
    )
    if actor.branch_id is not None:
        stmt = stmt.where(Visit.branch_id == actor.branch_id)
    if actor.role is Role.VISITOR:
        # Field staff see their own visits only.
        stmt = stmt.where(
            exists().where(VisitMember.visit_id == Visit.id, VisitMember.user_id == actor.user_id)
        )
    return stmt


def load_range(
    session: Session,
    actor: Actor,
    first: dt.date,
    last: dt.date,
    statuses: Sequence[VisitStatus] = SHOWN_STATUSES,
) -> CalendarData:
    """The visits from ``first`` to ``last`` (inclusive, local days) and the branch's visitors."""
    actor.require(Permission.CUSTOMER_VIEW)
    branch = branch_info(session, actor)
    start, end = local_bounds(first, last, branch.tz)
    ids = _visits_in_range(actor, start, end, statuses)
    blocks = _blocks(session, actor, branch, ids)
    visitors = _visitors(session, actor)
    leaves = _leaves(session, [v.id for v in visitors], first, last)
    return CalendarData(
        first,
        last,
        branch,
        tuple(visitors),
        tuple(blocks),
        tuple(leaves),
        editable=actor.can(Permission.VISIT_SCHEDULE),
    )


def load_visits(session: Session, actor: Actor, visit_ids: Sequence[int]) -> list[VisitBlock]:
    """The given visits as blocks, whatever their status (after a change)."""
    actor.require(Permission.CUSTOMER_VIEW)
    if not visit_ids:
        return []
    branch = branch_info(session, actor)
    ids = select(Visit.id).where(Visit.id.in_(list(visit_ids)))
    if actor.branch_id is not None:
        ids = ids.where(Visit.branch_id == actor.branch_id)
    return _blocks(session, actor, branch, ids)


def changed_visits(
    session: Session, actor: Actor, visit_ids: Iterable[int]
) -> tuple[list[VisitBlock], frozenset[int]]:
    """The named visits as the actor may see them now, and the ids that are gone.

    A visit is gone when it was deleted, left the actor's scope (another
    branch; for a visitor, another team), or was cancelled or rescheduled;
    the caller drops those and puts the others in place (whatever their day:
    it knows its range). Three queries, whatever the number of visits.
    """
    actor.require(Permission.CUSTOMER_VIEW)
    wanted = sorted(set(visit_ids))
    if not wanted:
        return [], frozenset()
    branch = branch_info(session, actor)
    ids = select(Visit.id).where(Visit.id.in_(wanted), Visit.status.in_(SHOWN_STATUSES))
    if actor.branch_id is not None:
        ids = ids.where(Visit.branch_id == actor.branch_id)
    if actor.role is Role.VISITOR:
        ids = ids.where(
            exists().where(VisitMember.visit_id == Visit.id, VisitMember.user_id == actor.user_id)
        )
    blocks = _blocks(session, actor, branch, ids)
    found = {b.id for b in blocks}
    return blocks, frozenset(v for v in wanted if v not in found)


def _blocks(
    session: Session, actor: Actor, branch: BranchInfo, ids_stmt: Select[Any]
) -> list[VisitBlock]:
    """Blocks of the visits ``ids_stmt`` selects: three queries, whatever their number."""
    zone = branch.tz
    ids = ids_stmt.subquery()
    conn = session.connection()
    members: dict[int, list[tuple[int, str]]] = {}
    for visit_id, user_id, name in conn.execute(
        select(VisitMember.visit_id, VisitMember.user_id, User.display_name)
        .join(User, User.id == VisitMember.user_id)
        .where(VisitMember.visit_id.in_(select(ids.c.id)))
        .order_by(VisitMember.visit_id, VisitMember.is_lead.desc(), VisitMember.position)
    ):
        members.setdefault(visit_id, []).append((user_id, name))

    shown_name = exposure.namer(actor)
    rows = conn.execute(
        select(
            Visit.id,
            Visit.customer_id,
            Visit.planned_start,
            Visit.planned_end,
            Visit.purpose,
            Visit.status,
            Visit.version,
            Visit.route_order,
            Visit.customer_agreed_hours,
            Customer.name,
            Customer.registered_adcode,
            Customer.latitude,
            Customer.longitude,
        )
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.id.in_(select(ids.c.id)))
        .order_by(Visit.planned_start, Visit.id)
    ).all()
    # The notices core says which notice is a visit's current one (the latest).
    notices = notice_status_by_visit(session, [r.id for r in rows]) if rows else {}
    blocks = []
    for r in rows:
        team = members.get(r.id, [])
        blocks.append(
            VisitBlock(
                id=r.id,
                customer_id=r.customer_id,
                start=_aware(r.planned_start).astimezone(zone),
                end=_aware(r.planned_end).astimezone(zone),
                member_ids=tuple(u for u, _ in team),
                member_names=tuple(n for _, n in team),
                customer=shown_name(r.name),
                district=district_label(r.registered_adcode),
                purpose=VisitPurpose(r.purpose),
                status=VisitStatus(r.status),
                version=r.version,
                notice_status=notices.get(r.id),
                route_order=r.route_order,
                latitude=r.latitude,
                longitude=r.longitude,
                customer_agreed_hours=bool(r.customer_agreed_hours),
            )
        )
    return blocks


def _aware(value: dt.datetime) -> dt.datetime:
    # Core selects bypass no type processing, but be safe with naive UTC from SQLite.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _visitors(session: Session, actor: Actor) -> list[Visitor]:
    stmt = select(User.id, User.display_name, User.employee_no).where(
        User.role == Role.VISITOR, User.active.is_(True)
    )
    if actor.branch_id is not None:
        stmt = stmt.where(User.branch_id == actor.branch_id)
    stmt = stmt.order_by(User.display_name, User.id)
    return [
        Visitor(r.id, r.display_name, r.employee_no) for r in session.connection().execute(stmt)
    ]


def _leaves(session: Session, user_ids: list[int], first: dt.date, last: dt.date) -> list[Leave]:
    if not user_ids:
        return []
    rows = session.connection().execute(
        select(
            VisitorLeave.user_id,
            VisitorLeave.start_date,
            VisitorLeave.end_date,
            VisitorLeave.reason,
        ).where(
            VisitorLeave.user_id.in_(user_ids),
            VisitorLeave.start_date <= last,
            VisitorLeave.end_date >= first,
        )
    )
    return [Leave(r.user_id, r.start_date, r.end_date, r.reason) for r in rows]


def due_customers(
    session: Session,
    actor: Actor,
    *,
    quiet_days: int = 30,
    limit: int = 500,
    now: dt.datetime | None = None,
    customer_ids: Iterable[int] | None = None,
) -> list[DueCustomer]:
    """Customers due a visit, most urgent first.

    Due: days past due > 0, not marked do-not-visit, no visit still ahead
    (planned, notified, confirmed or under way) and none in the last
    ``quiet_days`` days. Sorted by days past due, then overdue amount.
    ``customer_ids``: just these (which of them are due now, after a change).
    """
    actor.require(Permission.CUSTOMER_VIEW)
    now = now or clock.now()
    since = now - dt.timedelta(days=quiet_days)
    pending = exists().where(Visit.customer_id == Customer.id, Visit.status.in_(PENDING_STATUSES))
    recent = exists().where(
        Visit.customer_id == Customer.id,
        Visit.planned_start >= since,
        Visit.status.notin_((VisitStatus.CANCELLED, VisitStatus.RESCHEDULED)),
    )
    conditions = [Customer.days_past_due > 0, Customer.do_not_visit.is_(False), ~pending, ~recent]
    if customer_ids is not None:
        conditions.append(Customer.id.in_(sorted(set(customer_ids))))
    # Which customers the role sees at all (a visitor: those of his visits), as the list.
    conditions.append(scope.customer_filter(actor))
    stmt = (
        select(
            Customer.id,
            Customer.name,
            Customer.registered_adcode,
            Customer.days_past_due,
            Customer.overdue_amount,
            Customer.latitude,
            Customer.longitude,
        )
        .where(and_(*conditions))
        .order_by(Customer.days_past_due.desc(), Customer.overdue_amount.desc(), Customer.id)
        .limit(limit)
    )
    conn = session.connection()
    rows = conn.execute(stmt).all()
    last_visits: dict[int, dt.datetime] = {}
    if rows:
        for customer_id, start in conn.execute(
            select(Visit.customer_id, Visit.planned_start)
            .where(
                Visit.customer_id.in_([r.id for r in rows]),
                Visit.status.in_((VisitStatus.COMPLETED, VisitStatus.NO_SHOW)),
            )
            .order_by(Visit.customer_id, Visit.planned_start)
        ):
            last_visits[customer_id] = _aware(start)
    zone = branch_info(session, actor).tz
    shown_name = exposure.namer(actor)
    return [
        DueCustomer(
            id=r.id,
            name=shown_name(r.name),
            district=short_district(r.registered_adcode),
            days_past_due=r.days_past_due,
            overdue_amount=Decimal(r.overdue_amount),
            last_visit=last_visits[r.id].astimezone(zone).date() if r.id in last_visits else None,
            latitude=r.latitude,
            longitude=r.longitude,
        )
        for r in rows
    ]


def week_of(day: dt.date) -> list[dt.date]:
    """Monday to Sunday of ``day``'s week."""
    monday = day - dt.timedelta(days=day.weekday())
    return [monday + dt.timedelta(days=i) for i in range(7)]


def short_district(code: str | None) -> str:
    """``武侯区``: the county-level name alone (a side pane is narrow; the city is the branch's)."""
    division = gazetteer.lookup(code) if code else None
    if division is None or division.level is not gazetteer.Level.DISTRICT:
        return district_label(code)
    return division.name
