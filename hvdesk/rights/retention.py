"""Retention: customers settled longer than the branch keeps data are anonymised on command.

A customer is due when every loan is repaid (nothing outstanding or overdue),
the last payment is older than the branch's ``retention_years`` (a customer
without loans: the record's creation), no visit is still to happen and no
complaint is open. ``run(dry_run=True)`` lists them; the real run replaces
name, numbers, addresses, the visit addresses and every free text written
about the person in notes, notices, reports, feedback and complaints. The
rows themselves stay, so the visits still count in statistics (purpose,
status, dates, district, outcome), without anybody to name.

Fresh numbers are written through :mod:`hvdesk.security.pii` like any edit,
so the encryption the rest of the code uses applies to them too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, cast, delete, func, literal, select, update
from sqlalchemy.orm import Session

from hvdesk.model import (
    Base,
    Branch,
    ComplaintCase,
    CorrectionRequest,
    Customer,
    CustomerNote,
    Feedback,
    GeocodeCache,
    LoanAccount,
    Notice,
    Repayment,
    ReportAttachment,
    ReportEventRow,
    ReportRevision,
    Visit,
    VisitConsent,
    VisitCost,
    VisitFlag,
    VisitReport,
    utcnow,
)
from hvdesk.security import exposure, pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.exposure import Medium
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

#: What replaces free text (the customer-note trigger allows exactly this text).
MARKER = "[anonymised]"
ANON_NAME = "已匿名"
ANON_PHONE = "10000000000"
#: Visits still to happen keep the customer (their data is still needed).
_ACTIVE = ("planned", "notified", "confirmed", "in_progress")
#: Free-text columns per table, replaced by MARKER where they hold anything.
FREE_TEXT: dict[type[Base], tuple[str, ...]] = {
    Visit: ("talking_points", "override_reason", "cancel_reason"),
    Notice: ("text", "reply"),
    VisitReport: ("people_present", "assets", "customer_requests", "recommendation", "findings",
                  "review_comment", "amend_reason"),
    ReportRevision: ("review_comment", "superseded_reason"),
    ReportEventRow: ("comment",),
    Feedback: ("complaint_text", "follow_up", "comment"),
    ComplaintCase: ("text", "resolution_note"),
    VisitCost: ("note",),
    VisitConsent: ("reference",),
    CorrectionRequest: ("reason",),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    customer_id: int
    branch_code: str
    masked_name: str
    #: The last payment (or the record's creation for a customer without loans).
    settled_on: dt.date
    retention_years: int


@dataclass(frozen=True, slots=True)
class RetentionRun:
    candidates: tuple[Candidate, ...]
    dry_run: bool

    @property
    def anonymised(self) -> int:
        return 0 if self.dry_run else len(self.candidates)


def candidates(
    session: Session, actor: Actor, *, today: dt.date | None = None
) -> list[Candidate]:
    """The customers due for anonymisation in the actor's branch (an admin: every branch)."""
    actor.require(Permission.SETTINGS_MANAGE)
    day = today or dt.date.today()
    loans = (
        select(
            LoanAccount.customer_id.label("cid"),
            func.max(LoanAccount.last_payment_date).label("last_paid"),
            func.sum(func.coalesce(LoanAccount.outstanding_balance, 0)
                     + LoanAccount.overdue_amount).label("owed"),
        )
        .group_by(LoanAccount.customer_id)
        .subquery()
    )
    active = select(Visit.id).where(Visit.customer_id == Customer.id, Visit.status.in_(_ACTIVE))
    open_case = select(ComplaintCase.id).where(
        ComplaintCase.customer_id == Customer.id, ComplaintCase.status == "open"
    )
    stmt = (
        select(Customer.id, Customer.name, Customer.created_at, Branch.code,
               Branch.retention_years, loans.c.last_paid, loans.c.owed)
        .join(Branch, Branch.id == Customer.branch_id)
        .outerjoin(loans, loans.c.cid == Customer.id)
        .where(Customer.anonymised_at.is_(None), ~active.exists(), ~open_case.exists())
        .order_by(Customer.id)
    )
    if actor.branch_id is not None:
        stmt = stmt.where(Customer.branch_id == actor.branch_id)
    found = []
    for cid, name, created, code, years, last_paid, owed in session.execute(stmt):
        if owed is not None and owed > 0:
            continue
        settled = last_paid if last_paid is not None else created.date()
        if settled < _years_before(day, years):
            # Printed by a scheduled job whose output may be kept: masked for every role.
            found.append(Candidate(cid, code, exposure.name(actor, name, Medium.MESSAGE),
                                   settled, years))
    return found


def run(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    *,
    dry_run: bool = True,
    today: dt.date | None = None,
) -> RetentionRun:
    """List (dry run) or anonymise every customer due; audited either way."""
    audit.bind_actor(session, actor)
    due = candidates(session, actor, today=today)
    if not dry_run:
        for c in due:
            anonymise(session, cipher, actor, c.customer_id)
    audit.record(
        session, actor, "retention_dry_run" if dry_run else "retention_run", "customer", None,
        customers=[c.customer_id for c in due],
    )
    session.flush()
    return RetentionRun(tuple(due), dry_run)


def anonymise(session: Session, cipher: FieldCipher, actor: Actor, customer_id: int) -> None:
    """Replace everything that names or reaches the person; keep the rows for statistics."""
    actor.require(Permission.SETTINGS_MANAGE)
    audit.bind_actor(session, actor)
    customer = session.get(Customer, customer_id)
    if customer is None or customer.anonymised_at is not None:
        return
    addresses = {a for a in (customer.registered_address, customer.current_address) if a}
    visit_ids = list(session.scalars(select(Visit.id).where(Visit.customer_id == customer_id)))
    addresses |= set(session.scalars(select(Visit.address).where(Visit.id.in_(visit_ids))))
    # The note trigger allows the overwrite only once the customer is marked.
    customer.anonymised_at = utcnow()
    customer.name = ANON_NAME
    customer.name_initials = ""
    for key, value in pii.id_columns(cipher, customer_id, f"000000{customer_id:012d}").items():
        setattr(customer, key, value)
    for key, value in pii.phone_columns(cipher, customer_id, ANON_PHONE).items():
        setattr(customer, key, value)
    customer.registered_address = ANON_NAME
    customer.current_address = None
    customer.latitude = customer.longitude = None
    customer.location_precision = None
    customer.location_source = None
    customer.do_not_visit_reason = MARKER if customer.do_not_visit else None
    customer.updated_by_id = actor.user_id
    session.flush()
    touched = _rows(session, cipher, customer_id, visit_ids)
    _forget_geocodes(session, addresses)
    audit.record(session, actor, "anonymise", "customer", customer_id,
                 tables=sorted(touched))


def _rows(
    session: Session, cipher: FieldCipher, customer_id: int, visit_ids: Sequence[int]
) -> set[str]:
    touched = {"customer"}

    def run_update(table: Any, where: Any, **values: Any) -> None:
        result = session.execute(update(table).where(where).values(**values))
        if getattr(result, "rowcount", 0):
            touched.add(table.name)

    loan = LoanAccount.__table__
    run_update(loan, loan.c.customer_id == customer_id, contract_no=_anon_id(loan.c.id))
    rep = Repayment.__table__
    run_update(rep, (rep.c.customer_id == customer_id) & rep.c.reference.is_not(None),
               reference=_anon_id(rep.c.id))
    note = CustomerNote.__table__
    run_update(note, note.c.customer_id == customer_id, text=MARKER)
    visit = Visit.__table__
    run_update(visit, visit.c.customer_id == customer_id, address=ANON_NAME)
    report_ids = list(session.scalars(select(VisitReport.id).where(
        VisitReport.visit_id.in_(visit_ids))))
    report = VisitReport.__table__
    run_update(report, report.c.id.in_(report_ids), people=[], income_sources=[],
               other_debts=[])
    revision = ReportRevision.__table__
    run_update(revision, revision.c.report_id.in_(report_ids), data={})
    attachment = ReportAttachment.__table__
    run_update(attachment, attachment.c.report_id.in_(report_ids), content=b"",
               filename=MARKER, size=0, latitude=None, longitude=None,
               sha256=hashlib.sha256(b"").hexdigest())
    # Proof-of-visit flags hold photo and address positions in their evidence.
    flag = VisitFlag.__table__
    run_update(flag, flag.c.report_id.in_(report_ids), evidence={}, message=MARKER)
    notice = Notice.__table__
    for nid in session.scalars(select(notice.c.id).where(notice.c.visit_id.in_(visit_ids))):
        run_update(notice, notice.c.id == nid, phone_last4=ANON_PHONE[-4:],
                   phone_enc=pii.phone_columns(cipher, customer_id, ANON_PHONE)["phone_enc"])
    scopes: dict[type[Base], Any] = {
        Visit: visit.c.customer_id == customer_id,
        Notice: notice.c.visit_id.in_(visit_ids),
        VisitReport: report.c.id.in_(report_ids),
        ReportRevision: revision.c.report_id.in_(report_ids),
        ReportEventRow: ReportEventRow.__table__.c.report_id.in_(report_ids),
        Feedback: Feedback.__table__.c.visit_id.in_(visit_ids),
        ComplaintCase: ComplaintCase.__table__.c.customer_id == customer_id,
        VisitCost: VisitCost.__table__.c.visit_id.in_(visit_ids),
        VisitConsent: VisitConsent.__table__.c.customer_id == customer_id,
        CorrectionRequest: CorrectionRequest.__table__.c.customer_id == customer_id,
    }
    for model, columns in FREE_TEXT.items():
        table = Base.metadata.tables[model.__tablename__]
        for column in columns:
            col = table.c[column]
            run_update(table, scopes[model] & col.is_not(None), **{column: MARKER})
    return touched


def _anon_id(column: Any) -> Any:
    """``'ANON-' || id``: unique like the contract number or reference it replaces."""
    return literal("ANON-", String) + cast(column, String)


def _forget_geocodes(session: Session, addresses: set[str]) -> None:
    from hvdesk.geo.online import normalise_query  # noqa: PLC0415

    queries = {normalise_query(a) for a in addresses if a and a != ANON_NAME}
    if queries:
        session.execute(delete(GeocodeCache).where(GeocodeCache.query.in_(sorted(queries))))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
