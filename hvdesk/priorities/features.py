"""What the ranking knows of a customer on a given day: the branch's own history only.

The features are counted from visits, report outcomes, promises kept or
broken, repayments and confirmed notices dated before the day, plus the
arrears, the amount and the distance to the branch. Nothing about the person
is read: no sex, age, ethnicity, region of birth or anything derived from the
ID number; :data:`PROTECTED_COLUMNS` names the columns the loader must never
select, and a test watches the SQL to prove it.

The database keeps the arrears as they are now, not as they were: a replayed
day sees today's days past due and overdue amount.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from hvdesk.model import (
    Branch,
    Customer,
    Notice,
    PromiseToPay,
    Repayment,
    ReportOutcome,
    Visit,
    VisitReport,
    VisitStatus,
)
from hvdesk.scheduling.routing import haversine_km

#: (name, label shown to the manager). The order is the model's weight order.
FEATURES: tuple[tuple[str, str], ...] = (
    ("months_past_due", "逾期月数"),
    ("amount_log10", "逾期金额（对数）"),
    ("distance_km", "距离网点（公里）"),
    ("repayments_180d", "近 180 天还款次数"),
    ("paid_last_30d", "近 30 天有还款"),
    ("promises_kept", "已兑现承诺数"),
    ("promises_broken", "未兑现承诺数"),
    ("visits_90d", "近 90 天上门次数"),
    ("met_last_visit", "上次上门见到本人或家属"),
    ("notices_confirmed", "回复确认上门通知次数"),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)

#: Customer columns about the person, never selected by the ranking (issue 20 item 5).
PROTECTED_COLUMNS = (
    "id_enc", "id_bidx", "id_region", "id_last4", "registered_adcode", "name",
    "name_initials", "phone_enc", "phone_bidx", "phone_prefix", "phone_last4",
)

_MET = (ReportOutcome.MET_CUSTOMER, ReportOutcome.MET_FAMILY)
_FILED_STATUSES = ("kept", "partial", "broken")
#: The branch's reach: customers farther away are not visited from it.
MAX_KM = 60.0


@dataclass(slots=True)
class CustomerFacts:
    customer_id: int
    days_past_due: int
    overdue: float
    distance_km: float | None
    created: dt.date
    do_not_visit: bool
    #: Sorted days of repayments, with their amounts alongside.
    paid_on: list[dt.date] = field(default_factory=list)
    paid_amount: list[float] = field(default_factory=list)
    #: (due, kept?) of promises judged kept, partial or broken.
    promises: list[tuple[dt.date, bool]] = field(default_factory=list)
    #: (day, met someone?) of completed visits, sorted.
    visits: list[tuple[dt.date, bool]] = field(default_factory=list)
    #: Days of every visit not cancelled (for the contact cap), sorted.
    contacts: list[dt.date] = field(default_factory=list)
    confirmed: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BranchHistory:
    branch_id: int
    home: tuple[float, float] | None
    customers: dict[int, CustomerFacts]


def _local_day(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date()


def load_history(  # noqa: PLR0912 - one loop per kind of history, kept side by side
        session: Session, branch_id: int, zone: dt.tzinfo,
                 customer_ids: list[int] | None = None, sample_every: int = 1,
) -> BranchHistory:
    """Overdue customers of the branch within its reach (or those named) and their history.

    ``sample_every`` > 1 (with no ids): just the customers with a completed visit and
    those :func:`in_sample`, what a sampled training set uses.
    """
    branch = session.get(Branch, branch_id)
    home = None
    if branch is not None and branch.latitude is not None and branch.longitude is not None:
        home = (branch.latitude, branch.longitude)
    stmt = select(
        Customer.id, Customer.days_past_due, Customer.overdue_amount, Customer.latitude,
        Customer.longitude, Customer.created_at, Customer.do_not_visit,
    ).where(Customer.anonymised_at.is_(None))
    overdue_here = (Customer.branch_id == branch_id, Customer.days_past_due > 0)
    if customer_ids is not None:
        stmt = stmt.where(Customer.branch_id == branch_id, Customer.id.in_(customer_ids))
    elif sample_every > 1:
        # Chosen by id on the (branch, days past due) index alone, then only those rows
        # read: testing the sample on each overdue row read them all (480 MB at 1M).
        visited = exists(select(Visit.id).where(
            Visit.customer_id == Customer.id, Visit.branch_id == branch_id,
            Visit.status == VisitStatus.COMPLETED))
        stmt = stmt.where(Customer.id.in_(select(Customer.id).where(
            *overdue_here,
            or_(Customer.id % (SAMPLE_BLOCK * sample_every) < SAMPLE_BLOCK, visited))))
    else:
        stmt = stmt.where(*overdue_here)
    facts: dict[int, CustomerFacts] = {}
    for cid, dpd, overdue, lat, lon, created, dnv in session.execute(stmt):
        km = None
        if home is not None and lat is not None and lon is not None:
            km = haversine_km(home, (lat, lon))
        if customer_ids is None and km is not None and km > MAX_KM:
            continue  # out of the branch's reach: not a customer it may visit
        facts[cid] = CustomerFacts(cid, int(dpd or 0), float(overdue or Decimal(0)), km,
                                   _local_day(created, zone), bool(dnv))
    if not facts:
        return BranchHistory(branch_id, home, facts)
    # Each row tested against its customer, not joined: with a join the planner walked
    # the branch's customers (a million) for a few thousand rows (0.3 s each, issue 19).
    def mine(customer_id: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        return exists(select(Customer.id).where(Customer.id == customer_id,
                                                Customer.branch_id == branch_id))

    pays = session.execute(
        select(Repayment.customer_id, Repayment.paid_on, Repayment.amount)
        .where(mine(Repayment.customer_id))
        .order_by(Repayment.paid_on, Repayment.id))
    for cid, day, amount in pays:
        if cid in facts:
            facts[cid].paid_on.append(day)
            facts[cid].paid_amount.append(float(amount))
    promises = session.execute(
        select(PromiseToPay.customer_id, PromiseToPay.due, PromiseToPay.status)
        .where(mine(PromiseToPay.customer_id), PromiseToPay.status.in_(_FILED_STATUSES)))
    for cid, due, status in promises:
        if cid in facts:
            facts[cid].promises.append((due, status == "kept"))
    visits = session.execute(
        select(Visit.customer_id, Visit.planned_start, Visit.status, VisitReport.outcome)
        .outerjoin(VisitReport, VisitReport.visit_id == Visit.id)
        .where(Visit.branch_id == branch_id).order_by(Visit.planned_start, Visit.id))
    for cid, start, status, outcome in visits:
        f = facts.get(cid)
        if f is None:
            continue
        day = _local_day(start, zone)
        if status is VisitStatus.COMPLETED:
            f.visits.append((day, outcome in _MET))
        if status not in (VisitStatus.CANCELLED, VisitStatus.RESCHEDULED):
            f.contacts.append(day)
    replies = session.execute(
        select(Visit.customer_id, Notice.replied_at)
        .join(Visit, Visit.id == Notice.visit_id)
        .where(Visit.branch_id == branch_id, Notice.reply == "1",
               Notice.replied_at.is_not(None)).order_by(Notice.replied_at))
    for cid, at in replies:
        if cid in facts and at is not None:
            facts[cid].confirmed.append(_local_day(at, zone))
    return BranchHistory(branch_id, home, facts)


#: A sample takes runs of this many consecutive ids: their rows share pages of the file.
#: Single ids spread evenly read a page (and, through mmap, its neighbours) per row.
SAMPLE_BLOCK = 64


def in_sample(customer_id: int, every: int) -> bool:
    """Whether a customer is in the 1-in-``every`` sample :func:`load_history` reads."""
    return every <= 1 or customer_id % (SAMPLE_BLOCK * every) < SAMPLE_BLOCK


def overdue_customers(session: Session, branch_id: int) -> int:
    """About how many customers :func:`load_history` considers (it sizes the sample).

    Anonymised ones are counted too: the count is then read from the (branch, days
    past due) index alone; testing each row read 460 MB of the file at 1M (issue 19).
    """
    return session.scalar(select(func.count()).select_from(Customer).where(
        Customer.branch_id == branch_id, Customer.days_past_due > 0)) or 0


def _count(days: list[dt.date], first: dt.date, before: dt.date) -> int:
    return bisect.bisect_left(days, before) - bisect.bisect_left(days, first)


def _before(day: dt.date, days: int) -> dt.date:
    return day - dt.timedelta(days=days)


def vector(f: CustomerFacts, day: dt.date) -> list[float]:
    """The features of :data:`FEATURES` for the customer as the branch knew them before ``day``."""
    visit_days = [d for d, _ in f.visits]
    k = bisect.bisect_left(visit_days, day)
    kept = sum(1 for due, ok in f.promises if due < day and ok)
    broken = sum(1 for due, ok in f.promises if due < day and not ok)
    return [
        min(f.days_past_due, 360) / 30,
        math.log10(1 + max(f.overdue, 0.0)),
        min(f.distance_km if f.distance_km is not None else MAX_KM, MAX_KM),
        float(_count(f.paid_on, _before(day, 180), day)),
        1.0 if _count(f.paid_on, _before(day, 30), day) else 0.0,
        float(kept),
        float(broken),
        float(_count(visit_days, _before(day, 90), day)),
        1.0 if k and f.visits[k - 1][1] else 0.0,
        float(_count(f.confirmed, _before(day, 3650), day)),
    ]


def paid_within(f: CustomerFacts, day: dt.date, days: int = 30) -> float:
    """What the customer paid in the ``days`` after ``day`` (the visit's day excluded)."""
    lo = bisect.bisect_right(f.paid_on, day)
    hi = bisect.bisect_right(f.paid_on, day + dt.timedelta(days=days))
    return sum(f.paid_amount[lo:hi])


def contacts_in(f: CustomerFacts, day: dt.date, days: int = 30) -> int:
    """Visits (not cancelled) in the ``days`` before ``day``."""
    return _count(f.contacts, day - dt.timedelta(days=days), day)


