"""The schedule as rows for exports (.ics, .xlsx): masked, no ID or phone numbers.

Shared by :mod:`hvdesk.scheduling.ics` and :mod:`hvdesk.scheduling.xlsx`, so
both files show the same visits with the same masking. "Team" here is a set
of visitor logins: the visits on which all of them are members. One login is
that visitor's own calendar; the lead and partner together are their team's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hvdesk.errors import NotFound, PermissionDenied, ValidationError
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Branch, Customer, User, Visit, VisitMember, VisitPurpose, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.security.exposure import Medium
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor

#: Neutral words on purpose: calendars sync to phones whose lock screen anyone
#: may read, so "overdue" never appears (the same caution as for the SMS).
PURPOSE_LABELS: dict[VisitPurpose, str] = {
    VisitPurpose.PRE_LOAN: "贷前核实",
    VisitPurpose.POST_LOAN: "贷后回访",
    VisitPurpose.OVERDUE: "还款沟通",
    VisitPurpose.CARE: "客户关怀",
}
STATUS_LABELS: dict[VisitStatus, str] = {
    VisitStatus.PLANNED: "已计划",
    VisitStatus.NOTIFIED: "已通知",
    VisitStatus.CONFIRMED: "已确认",
    VisitStatus.IN_PROGRESS: "进行中",
    VisitStatus.COMPLETED: "已完成",
    VisitStatus.CANCELLED: "已取消",
    VisitStatus.NO_SHOW: "未见到客户",
    VisitStatus.RESCHEDULED: "已改期",
}


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    login: str
    display_name: str
    employee_no: str
    is_lead: bool


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    visit_id: int
    branch_code: str
    timezone: str
    start: dt.datetime  # in the branch's time zone
    end: dt.datetime
    status: VisitStatus
    purpose: VisitPurpose
    version: int
    route_order: int | None
    customer_masked: str
    #: County-level division of the registered address (武侯区), "" when unknown.
    district: str
    #: Province, city and district (四川省成都市武侯区): the place, not the address.
    area: str
    team: tuple[Member, ...]

    @property
    def purpose_label(self) -> str:
        return PURPOSE_LABELS[self.purpose]


def schedule_rows(
    session: Session,
    actor: Actor,
    date_from: dt.date,
    date_to: dt.date,
    *,
    team_logins: Sequence[str] = (),
) -> list[ScheduleRow]:
    """Visits of the actor's branch (an admin: all) on local days date_from..date_to.

    Cancelled and rescheduled visits are included: a calendar that imported
    them before must learn they are off. Without ``Permission.DATA_EXPORT`` a
    user may export only visits they are in (a visitor's own calendar).
    """
    if date_to < date_from:
        raise ValidationError("date_to", msg("priorities.backtest.end_date_before",
                "the end date is before the start date"))
    team_ids = _team_ids(session, actor, team_logins)
    if not actor.can(Permission.DATA_EXPORT) and actor.user_id not in team_ids:
        raise PermissionDenied(
            msg("scheduling.listing.login_role_may",
                    "{login} ({role}) may export only their own visits: name yourself as the "
                    "team (needs {permission} for others)",
                    login=actor.login, role=actor.role.value,
                    permission=Permission.DATA_EXPORT.value)
        )
    # Widen by a day for time zones, then keep the local days exactly.
    lo = dt.datetime.combine(date_from, dt.time(), tzinfo=dt.UTC) - dt.timedelta(days=1)
    hi = dt.datetime.combine(date_to, dt.time(), tzinfo=dt.UTC) + dt.timedelta(days=2)
    query = (
        select(Visit, Customer.name, Customer.registered_adcode, Branch.code, Branch.timezone)
        .join(Customer, Customer.id == Visit.customer_id)
        .join(Branch, Branch.id == Visit.branch_id)
        .where(Visit.planned_start >= lo, Visit.planned_start < hi)
        .order_by(Visit.planned_start, Visit.id)
    )
    query = query.where(scope.branch_filter(actor, Visit.branch_id))
    if team_ids:
        having_all = (
            select(VisitMember.visit_id)
            .where(VisitMember.user_id.in_(team_ids))
            .group_by(VisitMember.visit_id)
            .having(func.count() == len(team_ids))
        )
        query = query.where(Visit.id.in_(having_all))
    found = session.execute(query).all()
    members = _members(session, [r[0].id for r in found])
    rows = []
    for visit, name, adcode, code, tzname in found:
        tz = ZoneInfo(tzname)
        start = visit.planned_start.astimezone(tz)
        if not date_from <= start.date() <= date_to:
            continue
        rows.append(
            ScheduleRow(
                visit_id=visit.id,
                branch_code=code,
                timezone=tzname,
                start=start,
                end=visit.planned_end.astimezone(tz),
                status=visit.status,
                purpose=visit.purpose,
                version=visit.version,
                route_order=visit.route_order,
                customer_masked=exposure.name(actor, name, Medium.POSTED),
                district=_district(adcode),
                area=(gazetteer.full_name(adcode) or "") if adcode else "",
                team=members.get(visit.id, ()),
            )
        )
    return rows


def _team_ids(session: Session, actor: Actor, logins: Sequence[str]) -> list[int]:
    wanted = list(dict.fromkeys(login.strip() for login in logins if login.strip()))
    if not wanted:
        return []
    found = {u.login: u for u in session.scalars(select(User).where(User.login.in_(wanted)))}
    for login in wanted:
        if login not in found:
            raise NotFound(msg("scheduling.listing.user_named_login",
                    "no user named {login!r}",
                    login=login))
        scope.require_user(actor, found[login])
    return [found[login].id for login in wanted]


def _members(session: Session, visit_ids: list[int]) -> dict[int, tuple[Member, ...]]:
    out: dict[int, list[Member]] = {}
    for start in range(0, len(visit_ids), 1000):
        chunk = visit_ids[start : start + 1000]
        rows = session.execute(
            select(
                VisitMember.visit_id,
                VisitMember.is_lead,
                VisitMember.position,
                User.id,
                User.login,
                User.display_name,
                User.employee_no,
            )
            .join(User, User.id == VisitMember.user_id)
            .where(VisitMember.visit_id.in_(chunk))
            .order_by(VisitMember.visit_id, VisitMember.is_lead.desc(), VisitMember.position)
        )
        for r in rows:
            out.setdefault(r.visit_id, []).append(
                Member(r.id, r.login, r.display_name, r.employee_no, r.is_lead)
            )
    return {vid: tuple(m) for vid, m in out.items()}


def _district(adcode: str | None) -> str:
    division = gazetteer.lookup(adcode) if adcode else None
    if division is None or division.is_placeholder:
        return ""
    return division.name


def team_text(row: ScheduleRow) -> str:
    """``张伟(V0001, 组长)、刘强(V0002)``: names and employee numbers, as customers see them."""
    return "、".join(
        f"{m.display_name}({m.employee_no}{', 组长' if m.is_lead else ''})" for m in row.team
    )
