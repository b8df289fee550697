"""The home page's one read: what each role has to do today (issue 16 item 6).

One call returns every card of the actor's home page as frozen values: the
visits of today and tomorrow per team, notices not sent or failed, replies
asking to move a visit, reports waiting for review, returned or still to
write, broken promises and open complaints. Each card is a count and its first
rows; which cards a role gets is decided here, not in the screen. A read: it
writes no row and no audit event (tests/test_reads_never_write.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from hvdesk import clock
from hvdesk.model import (
    Branch,
    ComplaintCase,
    Customer,
    Notice,
    NoticeStatus,
    PromiseToPay,
    ReportStatus,
    User,
    Visit,
    VisitMember,
    VisitReport,
    VisitStatus,
)
from hvdesk.notices import replies
from hvdesk.notices.types import NoticeKind
from hvdesk.scheduling.calendar_query import SHOWN_STATUSES
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission, Role
from hvdesk.services.context import Actor
from hvdesk.services.overview import branch_timezone
from hvdesk.visitreports.promises import state_expr
from hvdesk.visitreports.to_write import LOOK_BACK_DAYS, REPORTABLE

#: Rows each card carries (the screen shows as many as fit).
FIRST_ROWS = 15
#: Visits drawn in the calendar (cancelled and moved ones are not the day's work): the
#: home page counts what the calendar shows.
DAY_STATUSES = SHOWN_STATUSES
#: Visits still ahead of the team: a notice or a reply about them still matters.
OPEN_VISITS = (VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.CONFIRMED)
UNSENT = (NoticeStatus.DRAFT, NoticeStatus.QUEUED)
#: Notices that ask the customer about the time (their replies "1" / "2" mean something).
ASKING = (NoticeKind.NOTICE.value, NoticeKind.RESCHEDULE.value, NoticeKind.REMINDER.value)

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Card(Generic[R]):
    """A count and the first :data:`FIRST_ROWS` of what it counts."""

    count: int
    rows: tuple[R, ...]
    #: Notice cards: every visit counted (the notices page opens on just those).
    visit_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class VisitRow:
    visit_id: int
    customer_id: int
    #: As the masking rule shows it to the actor.
    customer: str
    #: Empty when the actor's role does not see addresses.
    address: str
    #: Aware, in the branch's zone.
    start: dt.datetime
    end: dt.datetime
    status: VisitStatus
    team: str


@dataclass(frozen=True, slots=True)
class TeamDay:
    """One team's visits on a day; ``team`` is named as the calendar names it."""

    team: str
    member_ids: tuple[int, ...]
    visit_ids: tuple[int, ...]
    first_start: dt.datetime


@dataclass(frozen=True, slots=True)
class DayPlan:
    day: dt.date
    count: int
    teams: tuple[TeamDay, ...]
    visits: tuple[VisitRow, ...]


@dataclass(frozen=True, slots=True)
class NoticeRow:
    notice_id: int
    visit_id: int
    customer_id: int
    customer: str
    visit_start: dt.datetime
    status: NoticeStatus
    reply: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class ReportRow:
    #: None: the report is not started yet.
    report_id: int | None
    visit_id: int
    customer_id: int
    customer: str
    visit_start: dt.datetime
    status: ReportStatus | None
    author: str
    #: Submitted (waiting), returned (returned) or the visit's start (to write).
    since: dt.datetime
    comment: str | None


@dataclass(frozen=True, slots=True)
class PromiseRow:
    promise_id: int
    customer_id: int
    customer: str
    amount: Decimal
    paid: Decimal
    due: dt.date


@dataclass(frozen=True, slots=True)
class ComplaintRow:
    case_id: int
    visit_id: int
    customer_id: int
    customer: str
    text: str
    owner: str
    due: dt.date
    overdue: bool


@dataclass(frozen=True, slots=True)
class Home:
    """The actor's home page. A card is None when the role does not get it."""

    role: Role
    branch_name: str
    timezone: str
    today: dt.date
    today_plan: DayPlan | None
    tomorrow_plan: DayPlan | None
    notices_unsent: Card[NoticeRow] | None = None
    notices_failed: Card[NoticeRow] | None = None
    move_replies: Card[NoticeRow] | None = None
    reports_waiting: Card[ReportRow] | None = None
    reports_returned: Card[ReportRow] | None = None
    reports_to_write: Card[ReportRow] | None = None
    broken_promises: Card[PromiseRow] | None = None
    open_complaints: Card[ComplaintRow] | None = None


def _aware(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(zone)


def _count(session: Session, stmt: Select[*tuple[Any, ...]]) -> int:
    return session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def _names(session: Session, user_ids: Sequence[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(set(user_ids))))
    return {uid: name for uid, name in rows}


# --- visits -------------------------------------------------------------------------------
def _day_plan(session: Session, actor: Actor, day: dt.date, zone: ZoneInfo) -> DayPlan:
    lo = dt.datetime.combine(day, dt.time(0), zone).astimezone(dt.UTC)
    hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone).astimezone(dt.UTC)
    rows = session.execute(
        select(Visit.id, Visit.customer_id, Visit.address, Visit.planned_start,
               Visit.planned_end, Visit.status, Customer.name)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(Visit.planned_start >= lo, Visit.planned_start < hi,
               Visit.status.in_(DAY_STATUSES), scope.visit_filter(actor))
        .order_by(Visit.planned_start, Visit.id)
    ).all()
    members: dict[int, list[int]] = {}
    if rows:
        for visit_id, user_id in session.execute(
            select(VisitMember.visit_id, VisitMember.user_id)
            .where(VisitMember.visit_id.in_([r.id for r in rows]))
        ):
            members.setdefault(visit_id, []).append(user_id)
    names = _names(session, [u for ids in members.values() for u in ids])

    def team_of(visit_id: int) -> tuple[tuple[int, ...], str]:
        # The calendar's team: the members by id, named in that order (calendar_query).
        key = tuple(sorted(members.get(visit_id, ())))
        return key, " · ".join(names.get(u, "?") for u in key)

    visits: list[VisitRow] = []
    teams: dict[tuple[int, ...], list[VisitRow]] = {}
    for r in rows:
        key, label = team_of(r.id)
        row = VisitRow(r.id, r.customer_id, exposure.name(actor, r.name),
                       exposure.address(actor, r.address), _aware(r.planned_start, zone),
                       _aware(r.planned_end, zone), VisitStatus(r.status), label)
        visits.append(row)
        teams.setdefault(key, []).append(row)
    team_days = sorted(
        (TeamDay(rs[0].team, key, tuple(v.visit_id for v in rs), rs[0].start)
         for key, rs in teams.items()),
        key=lambda t: (-len(t.visit_ids), t.first_start, t.team),
    )
    return DayPlan(day, len(visits), tuple(team_days), tuple(visits[:FIRST_ROWS]))


# --- notices ------------------------------------------------------------------------------
def _notice_rows(session: Session, actor: Actor, where: Sequence[ColumnElement[bool]],
                 zone: ZoneInfo) -> Card[NoticeRow]:
    """Notices of visits still ahead: a branch has a few dozen at most, read whole."""
    stmt = (
        select(Notice.id, Notice.visit_id, Visit.customer_id, Customer.name, Visit.planned_start,
               Notice.status, Notice.reply, Notice.error)
        .join(Visit, Visit.id == Notice.visit_id)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(scope.branch_filter(actor, Visit.branch_id), *where)
        .order_by(Visit.planned_start, Notice.id)
    )
    rows = session.execute(stmt).all()
    return Card(len(rows), tuple(
        NoticeRow(r.id, r.visit_id, r.customer_id, exposure.name(actor, r.name),
                  _aware(r.planned_start, zone), NoticeStatus(r.status), r.reply, r.error)
        for r in rows[:FIRST_ROWS]), tuple(dict.fromkeys(r.visit_id for r in rows)))


def _move_replies(session: Session, actor: Actor, zone: ZoneInfo) -> Card[NoticeRow]:
    """Unhandled replies meaning "2": a few a day, so the reply is read in Python as the
    receipts import reads it (it may carry punctuation)."""
    stmt = (
        select(Notice.id, Notice.visit_id, Visit.customer_id, Customer.name, Visit.planned_start,
               Notice.status, Notice.reply, Notice.error)
        .join(Visit, Visit.id == Notice.visit_id)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(scope.branch_filter(actor, Visit.branch_id), Notice.reply.is_not(None),
               Notice.needs_attention.is_(True), Notice.kind.in_(ASKING),
               Visit.status.in_(OPEN_VISITS))
        .order_by(Visit.planned_start, Notice.id)
    )
    rows = [r for r in session.execute(stmt) if wants_move(r.reply)]
    return Card(len(rows), tuple(
        NoticeRow(r.id, r.visit_id, r.customer_id, exposure.name(actor, r.name),
                  _aware(r.planned_start, zone), NoticeStatus(r.status), r.reply, r.error)
        for r in rows[:FIRST_ROWS]), tuple(dict.fromkeys(r.visit_id for r in rows)))


def wants_move(reply: str | None) -> bool:
    """Whether an SMS reply asks to move the visit (the "2" of the notice), read the one way
    the receipts import and the notice views read it."""
    return bool(reply) and replies.answer(reply) == replies.RESCHEDULE


# --- reports ------------------------------------------------------------------------------
def _report_card(session: Session, actor: Actor, status: ReportStatus, zone: ZoneInfo,
                 own: bool) -> Card[ReportRow]:
    since = VisitReport.submitted_at if status is ReportStatus.SUBMITTED \
        else VisitReport.reviewed_at
    stmt = (
        select(VisitReport.id, VisitReport.visit_id, Visit.customer_id, Customer.name,
               Visit.planned_start, VisitReport.author_id, since.label("since"),
               VisitReport.review_comment)
        .join(Visit, Visit.id == VisitReport.visit_id)
        .join(Customer, Customer.id == Visit.customer_id)
        .where(VisitReport.status == status, scope.branch_filter(actor, Visit.branch_id))
        .order_by(since, VisitReport.id)
    )
    if own:  # a visitor: the reports of his own visits (or written by him)
        member = aliased(VisitMember)
        stmt = stmt.where(or_(VisitReport.author_id == actor.user_id, exists(
            select(member.visit_id).where(member.visit_id == Visit.id,
                                          member.user_id == actor.user_id))))
    rows = session.execute(stmt.limit(FIRST_ROWS)).all()
    authors = _names(session, [r.author_id for r in rows])
    return Card(_count(session, stmt), tuple(
        ReportRow(r.id, r.visit_id, r.customer_id, exposure.name(actor, r.name),
                  _aware(r.planned_start, zone), status, authors.get(r.author_id, ""),
                  _aware(r.since or r.planned_start, zone), r.review_comment)
        for r in rows))


def _to_write(session: Session, actor: Actor, today: dt.date, zone: ZoneInfo) -> Card[ReportRow]:
    """The actor's visits of the Reports page's period whose report is missing or a draft."""
    first = dt.datetime.combine(today - dt.timedelta(days=LOOK_BACK_DAYS), dt.time(0), zone)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), zone)
    member = aliased(VisitMember)
    stmt = (
        select(Visit.id, Visit.customer_id, Customer.name, Visit.planned_start,
               VisitReport.id.label("report_id"), VisitReport.status)
        .join(Customer, Customer.id == Visit.customer_id)
        .outerjoin(VisitReport, VisitReport.visit_id == Visit.id)
        .where(Visit.status.in_(REPORTABLE), Visit.planned_start < end.astimezone(dt.UTC),
               Visit.planned_end > first.astimezone(dt.UTC),
               scope.branch_filter(actor, Visit.branch_id),
               exists(select(member.visit_id).where(member.visit_id == Visit.id,
                                                    member.user_id == actor.user_id)),
               or_(VisitReport.id.is_(None), VisitReport.status == ReportStatus.DRAFT))
        .order_by(Visit.planned_start, Visit.id)
    )
    rows = session.execute(stmt.limit(FIRST_ROWS)).all()
    return Card(_count(session, stmt), tuple(
        ReportRow(r.report_id, r.id, r.customer_id, exposure.name(actor, r.name),
                  _aware(r.planned_start, zone),
                  ReportStatus(r.status) if r.status is not None else None, "",
                  _aware(r.planned_start, zone), None)
        for r in rows))


# --- promises and complaints ------------------------------------------------------------
def _broken_promises(session: Session, actor: Actor, today: dt.date) -> Card[PromiseRow]:
    # From the promises, not the customers: at a million customers a join lets the
    # planner walk the branch's customers to find a few hundred promises (0.6 s at 1M
    # on SQLite). ``due < today`` is implied by "broken" and lets the due index lead;
    # the scope is a correlated test on each promise's customer, names come after.
    in_scope = exists(select(Customer.id).where(Customer.id == PromiseToPay.customer_id,
                                                scope.customer_filter(actor)))
    stmt = (
        select(PromiseToPay.id, PromiseToPay.customer_id, PromiseToPay.amount,
               PromiseToPay.paid, PromiseToPay.due)
        .where(PromiseToPay.due < today, state_expr(today) == "broken", in_scope)
        .order_by(PromiseToPay.due, PromiseToPay.id)
    )
    rows = session.execute(stmt.limit(FIRST_ROWS)).all()
    names = _customer_names(session, [r.customer_id for r in rows])
    return Card(_count(session, stmt), tuple(
        PromiseRow(r.id, r.customer_id, exposure.name(actor, names.get(r.customer_id, "")),
                   r.amount, r.paid, r.due)
        for r in rows))


def _customer_names(session: Session, customer_ids: Sequence[int]) -> dict[int, str]:
    if not customer_ids:
        return {}
    rows = session.execute(select(Customer.id, Customer.name)
                           .where(Customer.id.in_(set(customer_ids))))
    return {cid: name for cid, name in rows}


def _open_complaints(session: Session, actor: Actor, today: dt.date) -> Card[ComplaintRow]:
    stmt = (
        select(ComplaintCase.id, ComplaintCase.visit_id, ComplaintCase.customer_id,
               Customer.name, ComplaintCase.text, ComplaintCase.owner_id, ComplaintCase.due)
        .join(Customer, Customer.id == ComplaintCase.customer_id)
        .join(Visit, Visit.id == ComplaintCase.visit_id)
        .where(ComplaintCase.status == "open", scope.branch_filter(actor, Visit.branch_id))
        .order_by(ComplaintCase.due, ComplaintCase.id)
    )
    rows = session.execute(stmt.limit(FIRST_ROWS)).all()
    owners = _names(session, [r.owner_id for r in rows])
    return Card(_count(session, stmt), tuple(
        ComplaintRow(r.id, r.visit_id, r.customer_id, exposure.name(actor, r.name), r.text,
                     owners.get(r.owner_id, ""), r.due, r.due < today)
        for r in rows))


# --- the page -------------------------------------------------------------------------------
def home(session: Session, actor: Actor, now: dt.datetime | None = None) -> Home:
    """Every card of ``actor``'s home page, scoped to his branch (a visitor: his own visits)."""
    actor.require(Permission.CUSTOMER_VIEW)
    now = now or clock.now()
    branch_id = scope.branch_of(actor)
    timezone = branch_timezone(session, branch_id)
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    name = "" if branch_id is None else (
        session.scalar(select(Branch.name).where(Branch.id == branch_id)) or "")
    role = actor.role
    if role is Role.REVIEWER:
        return Home(role, name, timezone, today, None, None,
                    reports_waiting=_report_card(session, actor, ReportStatus.SUBMITTED, zone,
                                                 own=False),
                    reports_returned=_report_card(session, actor, ReportStatus.RETURNED, zone,
                                                  own=False))
    today_plan = _day_plan(session, actor, today, zone)
    tomorrow_plan = _day_plan(session, actor, today + dt.timedelta(days=1), zone)
    if role is Role.VISITOR:
        return Home(role, name, timezone, today, today_plan, tomorrow_plan,
                    reports_to_write=_to_write(session, actor, today, zone),
                    reports_returned=_report_card(session, actor, ReportStatus.RETURNED, zone,
                                                  own=True))
    ahead = (Visit.status.in_(OPEN_VISITS), Visit.planned_start >= now)
    return Home(
        role, name, timezone, today, today_plan, tomorrow_plan,
        notices_unsent=_notice_rows(session, actor, (Notice.status.in_(UNSENT), *ahead), zone),
        notices_failed=_notice_rows(
            session, actor, (Notice.status == NoticeStatus.FAILED, *ahead), zone),
        move_replies=_move_replies(session, actor, zone),
        reports_waiting=_report_card(session, actor, ReportStatus.SUBMITTED, zone, own=False),
        reports_returned=_report_card(session, actor, ReportStatus.RETURNED, zone, own=False),
        broken_promises=_broken_promises(session, actor, today),
        open_complaints=_open_complaints(session, actor, today),
    )
