"""The data of a team's briefing pack: the day's visits in route order and what the
team must know at each door.

A team of a day is the set of live visits whose lead member (``VisitMember.is_lead``)
is one user. History (earlier visits, promises, complaints, household) is loaded
for all the pack's customers at once, by the small ``load_*`` functions below so
that richer sources (issue 7's promise and complaint records) can replace them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hvdesk.documents import common
from hvdesk.documents.model import (
    BriefingData,
    BriefingVisit,
    Complaint,
    LoanLine,
    PastVisit,
    Person,
    Promise,
    TeamDay,
    known_total,
)
from hvdesk.errors import NotFound
from hvdesk.geo import gazetteer
from hvdesk.messages import msg
from hvdesk.model import (
    Customer,
    Feedback,
    User,
    Visit,
    VisitMember,
    VisitReport,
)
from hvdesk.security import exposure, pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.exposure import Medium, Shown
from hvdesk.security.roles import Permission, Role
from hvdesk.services import pg_access
from hvdesk.services.context import Actor

QR_PREFIX = "hvdesk:visit:"
#: Earlier visits shown per customer (the most recent ones).
HISTORY_LIMIT = 5


@dataclass(frozen=True, slots=True)
class TeamSummary:
    lead: Person
    visits: int


def qr_payload(visit_id: int) -> str:
    return f"{QR_PREFIX}{visit_id}"


def parse_qr_payload(text: str) -> int | None:
    """The visit id of a scanned code, None when it is not one of ours."""
    text = text.strip()
    if not text.startswith(QR_PREFIX) or not text[len(QR_PREFIX):].isdigit():
        return None
    return int(text[len(QR_PREFIX):])


def teams_for_day(session: Session, actor: Actor, day: dt.date) -> list[TeamSummary]:
    """Every lead with live visits on ``day`` in the actor's branch, by name."""
    common.require_print(actor)
    zone = common.zone_of(common.branch_of(session, actor))
    start, end = common.day_window(day, zone)
    query = common.led_visits(actor, start, end)
    if actor.role is Role.VISITOR:
        mine = select(VisitMember.visit_id).where(VisitMember.user_id == actor.user_id)
        query = query.where(Visit.id.in_(mine))
    sub = query.subquery()
    rows = session.execute(
        select(User, func.count())
        .join(sub, sub.c.user_id == User.id)
        .group_by(User.id)
    ).all()
    teams = [TeamSummary(common.person(user), count) for user, count in rows]
    return sorted(teams, key=lambda t: (t.lead.name, t.lead.employee_no))


def gather(
    session: Session,
    actor: Actor,
    day: dt.date,
    *,
    team_lead_id: int | None = None,
    cipher: FieldCipher | None = None,
    invariant: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BriefingData:
    """The briefing of one team's day, or of every team's (``team_lead_id`` None)."""
    common.require_print(actor)
    branch = common.branch_of(session, actor)
    zone = common.zone_of(branch)
    start, end = common.day_window(day, zone)
    rows = session.execute(
        common.led_visits(actor, start, end, team_lead_id).options(
            selectinload(Visit.members).selectinload(VisitMember.user),
            selectinload(Visit.customer).selectinload(Customer.loans),
            selectinload(Visit.notices),
        )
    ).all()
    if not rows:
        if team_lead_id is not None:
            raise NotFound(msg("documents.briefing.no_visits_team",
                               "no visits on {day} for the team led by user {lead_id}",
                               day=day.isoformat(), lead_id=team_lead_id))
        raise NotFound(msg("documents.briefing.no_visits", "no visits on {day} for any team",
                           day=day.isoformat()))
    by_lead: dict[int, list[Visit]] = defaultdict(list)
    for visit, lead_id in rows:
        common.require_branch(actor, visit.branch_id)
        common.require_member(actor, visit)
        by_lead[lead_id].append(visit)
    if branch is None:
        branch = rows[0][0].branch
    # Full phone numbers where the one rule says so (a visitor only ever gets his
    # own team's visits, above: they call ahead).
    if cipher is not None and exposure.phone_shown(actor, Medium.PACK) is not Shown.FULL:
        cipher = None
    customer_ids = {visit.customer_id for visit, _ in rows}
    server_phones: dict[int, bytes] = {}
    if cipher is not None and not actor.can(Permission.PII_FULL_VIEW) and (
        pg_access.reveal_through_server(session)
    ):
        # The team's own pack: the server hands each phone out with this reason, audited.
        server_phones = {
            cid: pg_access.reveal_ciphertext(
                session, actor, cid, "phone", f"briefing pack {day.isoformat()}"
            )
            for cid in sorted(customer_ids)
        }
    history = load_history(session, customer_ids, before=start, zone=zone)
    promises = load_promises(session, customer_ids, zone=zone)
    complaints = load_complaints(session, customer_ids, zone=zone)
    household = load_household(session, customer_ids)
    total, done = len(rows), 0
    teams = []
    for visits in by_lead.values():
        ordered = sorted(visits, key=common.route_key)
        briefed = []
        for stop_no, visit in enumerate(ordered, start=1):
            cid = visit.customer_id
            briefed.append(
                _briefing_visit(
                    actor, visit, stop_no, zone, cipher, server_phones.get(cid),
                    history.get(cid, ()), promises.get(cid, ()),
                    complaints.get(cid, ()), household.get(cid, ()),
                )
            )
            done += 1
            if progress is not None:
                progress(done, total)
        teams.append(_team(ordered, tuple(briefed)))
    teams.sort(key=lambda t: (t.lead.name, t.lead.employee_no))
    location = (
        (branch.latitude, branch.longitude)
        if branch.latitude is not None and branch.longitude is not None
        else None
    )
    return BriefingData(
        day=day,
        branch_address=branch.address,
        branch_location=location,
        teams=tuple(teams),
        stamp=common.stamp(branch, actor, invariant=invariant),
        full_phones=cipher is not None,
    )


def _team(visits: Sequence[Visit], briefed: tuple[BriefingVisit, ...]) -> TeamDay:
    members: dict[int, Person] = {}
    lead: Person | None = None
    for visit in visits:
        for member in visit.members:
            if member.is_lead and lead is None:
                lead = common.person(member.user)
            members.setdefault(member.user_id, common.person(member.user))
    assert lead is not None  # the query joined on the lead
    others = tuple(p for uid, p in members.items() if uid != lead.user_id)
    return TeamDay(lead=lead, members=(lead, *others), visits=briefed)


def _members(visit: Visit) -> tuple[Person, ...]:
    ordered = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    return tuple(common.person(m.user) for m in ordered)


def _location(customer: Customer) -> tuple[float, float] | None:
    if customer.latitude is not None and customer.longitude is not None:
        return (customer.latitude, customer.longitude)
    # As hvdesk.scheduling.dayroute: a customer with no point stands at the district's centre.
    division = (
        gazetteer.lookup(customer.registered_adcode) if customer.registered_adcode else None
    )
    return (division.lat, division.lon) if division else None


def _briefing_visit(
    actor: Actor,
    visit: Visit,
    stop_no: int,
    zone: ZoneInfo,
    cipher: FieldCipher | None,
    phone_ciphertext: bytes | None,
    history: tuple[PastVisit, ...],
    promises: tuple[Promise, ...],
    complaints: tuple[Complaint, ...],
    household: tuple[str, ...],
) -> BriefingVisit:
    customer = visit.customer
    phone = (
        cipher.decrypt(pii.CUSTOMER_PHONE.at(customer.id), phone_ciphertext or customer.phone_enc)
        if cipher is not None
        else exposure.phone(actor, customer.phone_prefix, customer.phone_last4)
    )
    loans = tuple(
        LoanLine(
            loan.contract_no,
            loan.product,
            loan.outstanding_balance,
            loan.overdue_amount,
            loan.days_past_due,
            loan.last_payment_date,
        )
        for loan in customer.loans
    )
    # Contract lines carry amounts; a role seeing loans as a summary gets the totals only.
    lines = loans if exposure.loans_in_full(actor) else ()
    payments = [loan.last_payment_date for loan in customer.loans if loan.last_payment_date]
    notice = max(visit.notices, key=lambda n: (n.created_at, n.id), default=None)
    return BriefingVisit(
        visit_id=visit.id,
        stop_no=stop_no,
        start=visit.planned_start.astimezone(zone),
        end=visit.planned_end.astimezone(zone),
        purpose=visit.purpose.value,
        status=visit.status.value,
        customer_name=exposure.name(actor, customer.name, Medium.PACK),
        id_masked=exposure.id_number(actor, customer.id_region, customer.id_last4),
        phone=phone,
        registered_address=exposure.address(actor, customer.registered_address, Medium.PACK),
        current_address=exposure.optional_address(actor, customer.current_address, Medium.PACK),
        location_precision=(
            customer.location_precision.value if customer.location_precision else None
        ),
        location=_location(customer),
        days_past_due=customer.days_past_due,
        overdue_amount=customer.overdue_amount,
        # Contracts imported without a balance count as unknown, not as zero.
        outstanding=known_total(loan.outstanding for loan in loans),
        last_payment=max(payments, default=None),
        loans=lines,
        previous_visits=history,
        promises=promises,
        complaints=complaints,
        notice_status=notice.status.value if notice else None,
        notice_sent_at=(
            notice.sent_at.astimezone(zone) if notice is not None and notice.sent_at else None
        ),
        talking_points=visit.talking_points,
        household=household,
        members=_members(visit),
        qr_payload=qr_payload(visit.id),
    )


# --- history loaders (one query each for the whole pack) ---------------------
def load_history(
    session: Session, customer_ids: Iterable[int], *, before: dt.datetime, zone: ZoneInfo
) -> dict[int, tuple[PastVisit, ...]]:
    """The latest earlier visits of each customer, newest first."""
    rows = session.scalars(
        select(Visit)
        .options(
            selectinload(Visit.members).selectinload(VisitMember.user),
            selectinload(Visit.report),
        )
        .where(Visit.customer_id.in_(list(customer_ids)), Visit.planned_start < before)
        .order_by(Visit.customer_id, Visit.planned_start.desc(), Visit.id.desc())
    )
    out: dict[int, list[PastVisit]] = defaultdict(list)
    for visit in rows:
        if len(out[visit.customer_id]) >= HISTORY_LIMIT:
            continue
        report = visit.report
        out[visit.customer_id].append(
            PastVisit(
                day=visit.planned_start.astimezone(zone).date(),
                purpose=visit.purpose.value,
                status=visit.status.value,
                outcome=report.outcome.value if report and report.outcome else None,
                team="、".join(p.name for p in _members(visit)),
            )
        )
    return {cid: tuple(v) for cid, v in out.items()}


def load_promises(
    session: Session, customer_ids: Iterable[int], *, zone: ZoneInfo
) -> dict[int, tuple[Promise, ...]]:
    """Promises to pay recorded in visit reports (issue 7 may add a richer source)."""
    rows = session.execute(
        select(Visit.customer_id, Visit.planned_start, VisitReport.promise_amount,
               VisitReport.promise_date)
        .join(VisitReport, VisitReport.visit_id == Visit.id)
        .where(
            Visit.customer_id.in_(list(customer_ids)),
            (VisitReport.promise_amount.is_not(None)) | (VisitReport.promise_date.is_not(None)),
        )
        .order_by(Visit.customer_id, Visit.planned_start.desc())
    )
    out: dict[int, list[Promise]] = defaultdict(list)
    for cid, made, amount, due in rows:
        out[cid].append(Promise(made.astimezone(zone).date(), amount, due))
    return {cid: tuple(v) for cid, v in out.items()}


def load_complaints(
    session: Session, customer_ids: Iterable[int], *, zone: ZoneInfo
) -> dict[int, tuple[Complaint, ...]]:
    """Feedback marked as a complaint, newest first."""
    rows = session.execute(
        select(Visit.customer_id, Feedback)
        .join(Feedback, Feedback.visit_id == Visit.id)
        .where(Visit.customer_id.in_(list(customer_ids)), Feedback.is_complaint)
        .order_by(Visit.customer_id, Feedback.received_at.desc(), Feedback.id.desc())
    )
    out: dict[int, list[Complaint]] = defaultdict(list)
    for cid, item in rows:
        out[cid].append(
            Complaint(
                item.received_at.astimezone(zone).date(),
                item.channel,
                item.complaint_text or "",
                item.follow_up,
            )
        )
    return {cid: tuple(v) for cid, v in out.items()}


def load_household(session: Session, customer_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """People met at earlier visits (reports' "people present"), each once."""
    rows = session.execute(
        select(Visit.customer_id, VisitReport.people_present, VisitReport.household_size)
        .join(VisitReport, VisitReport.visit_id == Visit.id)
        .where(Visit.customer_id.in_(list(customer_ids)))
        .order_by(Visit.customer_id, Visit.planned_start.desc())
    )
    out: dict[int, dict[str, None]] = defaultdict(dict)
    for cid, present, size in rows:
        for part in (present or "").replace("，", "、").replace(",", "、").split("、"):
            if part.strip():
                out[cid].setdefault(part.strip(), None)
        if size:
            out[cid].setdefault(f"家庭人数 {size}", None)
    return {cid: tuple(v) for cid, v in out.items()}


def require_lead(session: Session, lead_id: int) -> User:
    user = session.get(User, lead_id)
    if user is None:
        raise NotFound(msg("documents.briefing.user_id_lead",
                "no user with id {lead_id}",
                lead_id=lead_id))
    return user


def find_user(session: Session, actor: Actor, text: str) -> User:
    """A user by login or employee number (the CLI's ``--team``), in the actor's branch."""
    text = text.strip()
    user = session.scalar(
        select(User).where((User.login == text) | (User.employee_no == text))
    )
    if user is None:
        raise NotFound(msg("documents.briefing.user_login_employee",
                "no user with login or employee number {text!r}",
                text=text))
    if user.branch_id is not None:
        common.require_branch(actor, user.branch_id)
    return user


__all__ = [
    "QR_PREFIX",
    "TeamSummary",
    "find_user",
    "gather",
    "load_complaints",
    "load_history",
    "load_household",
    "load_promises",
    "parse_qr_payload",
    "qr_payload",
    "require_lead",
    "teams_for_day",
]
