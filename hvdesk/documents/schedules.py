"""Schedule documents: the branch's day (every team) and one team's week.

Schedules go on a desk or a wall, so customers appear masked and placed by
district only; the briefing pack is where a team finds the full address.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy.orm import Session, selectinload

from hvdesk.documents import common
from hvdesk.documents.briefing import require_lead
from hvdesk.documents.model import Person, ScheduleBlock, ScheduleData, ScheduleRow
from hvdesk.errors import PermissionDenied
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import Branch, Visit, VisitMember
from hvdesk.security import exposure, scope
from hvdesk.security.exposure import Medium
from hvdesk.services.context import Actor

WEEK_DAYS = 7


def _area(visit: Visit) -> str:
    code = visit.customer.current_adcode or visit.customer.registered_adcode
    division = gazetteer.lookup(code) if code else None
    return division.name if division else ""


def _row(actor: Actor, visit: Visit, stop_no: int, zone: dt.tzinfo) -> ScheduleRow:
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    notice = max(visit.notices, key=lambda n: (n.created_at, n.id), default=None)
    return ScheduleRow(
        visit_id=visit.id,
        stop_no=stop_no,
        start=visit.planned_start.astimezone(zone),
        end=visit.planned_end.astimezone(zone),
        customer_masked=exposure.name(actor, visit.customer.name, Medium.POSTED),
        area=_area(visit),
        purpose=visit.purpose.value,
        status=visit.status.value,
        notice_status=notice.status.value if notice else None,
        members=tuple(common.person(m.user) for m in members),
    )


def _blocks(
    session: Session,
    actor: Actor,
    first: dt.date,
    days: int,
    lead_id: int | None,
) -> tuple[list[ScheduleBlock], Branch | None]:
    branch = common.branch_of(session, actor)
    zone = common.zone_of(branch)
    start, end = common.day_window(first, zone, days)
    rows = session.execute(
        common.led_visits(actor, start, end, lead_id).where(scope.visit_filter(actor)).options(
            selectinload(Visit.members).selectinload(VisitMember.user),
            selectinload(Visit.customer),
            selectinload(Visit.notices),
        )
    ).all()
    groups: dict[tuple[dt.date, int], list[Visit]] = defaultdict(list)
    leads: dict[int, Person] = {}
    for visit, lead in rows:
        common.require_branch(actor, visit.branch_id)
        groups[(visit.planned_start.astimezone(zone).date(), lead)].append(visit)
        if lead not in leads:
            leads[lead] = next(common.person(m.user) for m in visit.members if m.user_id == lead)
        if branch is None:
            branch = visit.branch
    blocks = [
        ScheduleBlock(
            day=day,
            lead=leads[lead],
            rows=tuple(
                _row(actor, v, n, zone)
                for n, v in enumerate(sorted(vs, key=common.route_key), start=1)
            ),
        )
        for (day, lead), vs in groups.items()
    ]
    blocks.sort(key=lambda b: (b.day, b.lead.name, b.lead.employee_no))
    return blocks, branch


def branch_day(
    session: Session, actor: Actor, day: dt.date, *, invariant: bool = False
) -> ScheduleData:
    """Every team's visits of ``day`` (an empty day gives an empty schedule, not an error)."""
    common.require_print(actor)
    blocks, branch = _blocks(session, actor, day, 1, None)
    return ScheduleData(day, day, tuple(blocks), common.stamp(branch, actor, invariant=invariant))


def team_week(
    session: Session,
    actor: Actor,
    week_start: dt.date,
    lead_id: int,
    *,
    invariant: bool = False,
) -> ScheduleData:
    """The team led by ``lead_id`` over ``week_start`` and the six days after."""
    common.require_print(actor)
    lead = require_lead(session, lead_id)
    if lead.branch_id is not None:
        common.require_branch(actor, lead.branch_id)
    blocks, branch = _blocks(session, actor, week_start, WEEK_DAYS, lead_id)
    last = week_start + dt.timedelta(days=WEEK_DAYS - 1)
    if not blocks and scope.team_only(actor) and lead_id != actor.user_id:
        raise PermissionDenied(
            msg("documents.schedules.login_may_print",
                    "{login} may print the weeks of his own teams only: he is in no visit led "
                    "by {login2} that week",
                    login=actor.login, login2=lead.login)
        )
    if not blocks:
        # Still a useful (empty) week sheet: the lead heads it.
        blocks = [ScheduleBlock(week_start, common.person(lead), ())]
    return ScheduleData(
        week_start, last, tuple(blocks), common.stamp(branch, actor, invariant=invariant)
    )
