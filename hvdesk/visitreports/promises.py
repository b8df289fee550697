"""Promises to pay, repayments, and the customers due a follow-up.

A promise made in a submitted report becomes a ``promise_to_pay`` row. It is
judged against the customer's repayments paid from the visit day to the
promised date: ``kept`` once they reach the amount, otherwise ``pending``
until the date has passed, then ``partial`` (something paid) or ``broken``
(nothing). Repayments entered late still count if paid in time, so every
promise of a customer is judged again when a repayment of theirs arrives.
Customers with a broken or partial promise and no visit since are "due a
follow-up": the calendar's unscheduled pane lists them.

Reads never write (issue 19): ``paid`` is kept current where it changes (a
promise filed or edited, a repayment recorded or imported), and the state as
of a day follows from amount, paid and due alone — :func:`judge` in Python,
:func:`state_expr` in SQL — so the lists, the calendar and the dashboard
compute it and store nothing. The stored ``status`` is the judgement at the
last such write (``judged_at``); :func:`refresh_promises` brings it up to a
day for whoever wants the column current (a scheduled job), never a page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, exists, func, select
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.errors import NotFound, ValidationError
from hvdesk.messages import msg
from hvdesk.model import (
    Branch,
    Customer,
    LoanAccount,
    PromiseToPay,
    Repayment,
    Visit,
    VisitReport,
)
from hvdesk.model.base import utcnow
from hvdesk.model.enums import ReportStatus, VisitStatus
from hvdesk.security import exposure, scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.services.customer_list import district_label
from hvdesk.services.overview import branch_timezone
from hvdesk.visitreports.access import require_branch
from hvdesk.visitreports.data import (
    FollowUpItem,
    ImportSummary,
    PromiseStatus,
    PromiseView,
    RepaymentView,
)

CENT = Decimal("0.01")
#: A visit in one of these states after the promised date counts as the follow-up.
_FOLLOWED_UP = (
    VisitStatus.PLANNED,
    VisitStatus.NOTIFIED,
    VisitStatus.CONFIRMED,
    VisitStatus.IN_PROGRESS,
    VisitStatus.COMPLETED,
)


def judge(amount: Decimal, paid: Decimal, due: dt.date, today: dt.date) -> PromiseStatus:
    if paid >= amount:
        return "kept"
    if today <= due:
        return "pending"
    return "partial" if paid > 0 else "broken"


def state_expr(today: dt.date) -> ColumnElement[str]:
    """:func:`judge` in SQL: a promise's state as of ``today`` from its columns."""
    return case(
        (PromiseToPay.paid >= PromiseToPay.amount, "kept"),
        (PromiseToPay.due >= today, "pending"),
        (PromiseToPay.paid > 0, "partial"),
        else_="broken",
    )


def unsettled_after_due(today: dt.date) -> ColumnElement[bool]:
    """Broken or partly kept as of ``today``: due before it and not paid in full."""
    return (PromiseToPay.due < today) & (PromiseToPay.paid < PromiseToPay.amount)


def _today(session: Session, actor: Actor, today: dt.date | None) -> dt.date:
    """The day promises are judged on: given, else today in the actor's branch."""
    return today or clock.today(branch_timezone(session, actor.branch_id))


def sync_promise(session: Session, report: VisitReport) -> None:
    """Keep the report's promise row in step with the report (called at submit)."""
    row = session.scalar(select(PromiseToPay).where(PromiseToPay.report_id == report.id))
    if report.promise_amount is None or report.promise_date is None:
        if row is not None:
            session.delete(row)
            session.flush()
        return
    visit = report.visit
    made = (report.arrived_at or visit.planned_start).date()
    if row is None:
        row = PromiseToPay(report_id=report.id, visit_id=visit.id, customer_id=visit.customer_id)
        session.add(row)
    row.amount = report.promise_amount
    row.promised_on = made
    row.due = report.promise_date
    session.flush()
    _rejudge(session, [row], clock.today(branch_timezone(session, visit.branch_id)))


def _paid(session: Session, row: PromiseToPay) -> Decimal:
    total = session.scalar(
        select(func.coalesce(func.sum(Repayment.amount), 0)).where(
            Repayment.customer_id == row.customer_id,
            Repayment.paid_on >= row.promised_on,
            Repayment.paid_on <= row.due,
        )
    )
    return Decimal(total or 0).quantize(CENT)


def _rejudge(session: Session, rows: Iterable[PromiseToPay], today: dt.date) -> int:
    changed = 0
    for row in rows:
        paid = _paid(session, row)
        status = judge(row.amount, paid, row.due, today)
        if status != row.status or paid != row.paid:
            row.status, row.paid, row.judged_at = status, paid, utcnow()
            changed += 1
    session.flush()
    return changed


def rejudge_customers(session: Session, customer_ids: Iterable[int], today: dt.date) -> int:
    """After a repayment of these customers: every promise of theirs judged anew."""
    ids = sorted(set(customer_ids))
    rows: list[PromiseToPay] = []
    for k in range(0, len(ids), 500):  # under SQLite's variable limit
        rows += session.scalars(
            select(PromiseToPay).where(PromiseToPay.customer_id.in_(ids[k : k + 500]))
        )
    return _rejudge(session, rows, today)


def refresh_promises(
    session: Session,
    *,
    today: dt.date | None = None,
    customer_ids: Iterable[int] | None = None,
) -> int:
    """Bring the stored judgement up to ``today``: a maintenance job, never a read.

    Makes the rows of filed promises that have none (bulk-loaded data), then
    re-judges the unsettled ones (and every one of ``customer_ids``); returns
    how many changed. The caller binds the actor the changes are audited under.
    """
    today = today or clock.today(None)
    backfill_promises(session)
    cond = PromiseToPay.status == "pending"
    ids = list(customer_ids or [])
    if ids:
        cond = cond | PromiseToPay.customer_id.in_(ids)
    return _rejudge(session, list(session.scalars(select(PromiseToPay).where(cond))), today)


def backfill_promises(session: Session, today: dt.date | None = None) -> int:
    """Rows for the promises of filed reports that have none (bulk-loaded data).

    Reports filed through the services get theirs at submission; the demo
    generator stores reports in bulk and calls this once. With ``today`` the
    new rows are judged as of that day; returns how many were made.
    """
    missing = session.execute(
        select(
            VisitReport.id,
            VisitReport.visit_id,
            Visit.customer_id,
            VisitReport.promise_amount,
            VisitReport.promise_date,
            VisitReport.arrived_at,
            Visit.planned_start,
        )
        .join(Visit, Visit.id == VisitReport.visit_id)
        .where(
            VisitReport.status.in_((ReportStatus.SUBMITTED, ReportStatus.APPROVED)),
            VisitReport.promise_amount > 0,
            VisitReport.promise_date.is_not(None),
            ~exists().where(PromiseToPay.report_id == VisitReport.id),
        )
    ).all()
    made = [
        PromiseToPay(
            report_id=rid,
            visit_id=vid,
            customer_id=cid,
            amount=amount,
            promised_on=(arrived or planned).date(),
            due=due,
            paid=Decimal(0),
            status="pending",
        )
        for rid, vid, cid, amount, due, arrived, planned in missing
    ]
    session.add_all(made)
    if made:
        session.flush()
        if today is not None:
            _rejudge(session, made, today)
    return len(made)


def record_repayment(
    session: Session,
    actor: Actor,
    customer_id: int,
    amount: Decimal,
    paid_on: dt.date,
    *,
    reference: str | None = None,
    today: dt.date | None = None,
) -> RepaymentView:
    """Enter a repayment by hand (coordinators)."""
    actor.require(Permission.CUSTOMER_EDIT)
    audit.bind_actor(session, actor)
    branch_id = session.scalar(select(Customer.branch_id).where(Customer.id == customer_id))
    if branch_id is None:
        raise NotFound(msg("rights.scope.customer_id_customer",
                "no customer with id {customer_id}",
                customer_id=customer_id))
    require_branch(actor, branch_id)
    row = _add(session, actor, customer_id, _amount(amount), paid_on, "manual", reference)
    if row is None:
        raise ValidationError("reference", msg("visitreports.promises.repayment_reference_already",
                "repayment {reference} is already recorded",
                reference=reference))
    rejudge_customers(session, [customer_id], _today(session, actor, today))
    return RepaymentView(
        row.id, row.customer_id, row.amount, row.paid_on, row.source, row.reference
    )


#: Larger than any consumer loan: a typo or a hostile file.
MAX_AMOUNT = Decimal("100000000")


def _amount(value: Any) -> Decimal:
    text = str(value).strip().replace(",", "").replace("¥", "").replace("￥", "")
    try:
        raw = Decimal(text)
        # NaN and Infinity parse as decimals but are no sums of money.
        if not raw.is_finite() or abs(raw) > MAX_AMOUNT:
            raise InvalidOperation
        amount = raw.quantize(CENT)
    except (InvalidOperation, ValueError):
        raise ValidationError("amount", msg("visitreports.promises.amount_value",
                "not an amount: {value}",
                value=text[:20])) from None
    if amount <= 0:
        raise ValidationError("amount", msg("visitreports.promises.repayment_must_more",
                "a repayment must be more than zero"))
    return amount


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError("paid_on", msg("visitreports.promises.date_value",
                "not a date: {value}",
                value=text[:20])) from None


def _add(
    session: Session,
    actor: Actor,
    customer_id: int,
    amount: Decimal,
    paid_on: dt.date,
    source: str,
    reference: str | None,
) -> Repayment | None:
    reference = (reference or "").strip() or None
    if reference is not None and session.scalar(
        select(Repayment.id).where(Repayment.reference == reference)
    ):
        return None
    row = Repayment(
        customer_id=customer_id,
        amount=amount,
        paid_on=paid_on,
        source=source,
        reference=reference,
        created_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    return row


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, values by lower-case header) through the import reader.

    The same reader as the customer import: the file is checked (size, zip
    bomb, claimed dimensions, encoding) before anything is parsed. Imported
    here: the importer is for this command, not for every reader of promises.
    """
    from hvdesk.importing import guard  # noqa: PLC0415
    from hvdesk.importing.reader import open_table  # noqa: PLC0415

    with open_table(path, limits=guard.REPAYMENTS) as table:
        header = [h.strip().lower() for h in table.headers]
        for number, values in table.rows():
            if any(v not in (None, "") for v in values):
                yield number, dict(zip(header, values, strict=False))


def import_repayments(
    session: Session, actor: Actor, path: Path, *, today: dt.date | None = None
) -> ImportSummary:
    """Read a .csv or .xlsx with columns contract_no, amount, paid_on[, reference].

    A row whose reference is already stored is a duplicate and skipped; a
    row with an unknown contract or a bad value is reported, the rest kept.
    """
    actor.require(Permission.DATA_IMPORT)
    audit.bind_actor(session, actor)
    contracts: dict[str, tuple[int, int]] = {}
    added = duplicates = count = 0
    errors: list[tuple[int, str]] = []
    touched: set[int] = set()
    for number, row in _rows(Path(path)):
        count += 1
        contract = str(row.get("contract_no") or "").strip()
        if not contract:
            errors.append((number, "contract_no is empty"))
            continue
        if contract not in contracts:
            found = session.execute(
                select(LoanAccount.customer_id, Customer.branch_id)
                .join(Customer, Customer.id == LoanAccount.customer_id)
                .where(LoanAccount.contract_no == contract)
            ).first()
            if found is None:
                errors.append((number, f"no loan with contract number {contract}"))
                continue
            contracts[contract] = (found[0], found[1])
        customer_id, branch_id = contracts[contract]
        if not scope.in_branch(actor, branch_id):
            # Worded like an unknown contract: another branch's loans are not confirmed.
            errors.append((number, f"no loan with contract number {contract} in your branch"))
            continue
        try:
            amount = _amount(row.get("amount"))
            paid_on = _date(row.get("paid_on"))
        except ValidationError as exc:
            errors.append((number, f"{exc.field}: {exc}"))
            continue
        ref = row.get("reference")
        stored = _add(
            session,
            actor,
            customer_id,
            amount,
            paid_on,
            "import",
            None if ref is None else str(ref),
        )
        if stored is None:
            duplicates += 1
            continue
        added += 1
        touched.add(customer_id)
    rejudge_customers(session, touched, _today(session, actor, today))
    # Counts only: amounts and contracts are debt data.
    audit.record(
        session,
        actor,
        "import",
        "repayment",
        None,
        rows=count,
        added=added,
        duplicates=duplicates,
        errors=len(errors),
    )
    return ImportSummary(count, added, duplicates, tuple(errors))


def promises(
    session: Session,
    actor: Actor,
    *,
    customer_id: int | None = None,
    status: PromiseStatus | None = None,
    today: dt.date | None = None,
) -> list[PromiseView]:
    """Promises of the actor's branch, earliest due first (judged as of ``today``)."""
    actor.require(Permission.CUSTOMER_VIEW)
    today = _today(session, actor, today)
    stmt = (
        select(PromiseToPay, Customer.name, Customer.id_last4)
        .join(Customer, Customer.id == PromiseToPay.customer_id)
        .order_by(PromiseToPay.due, PromiseToPay.id)
    )
    stmt = stmt.where(scope.customer_filter(actor))
    if customer_id is not None:
        scope.require_customer_scope(session, actor, customer_id)
        stmt = stmt.where(PromiseToPay.customer_id == customer_id)
    if status is not None:
        stmt = stmt.where(state_expr(today) == status)
    return [
        PromiseView(
            p.id,
            p.customer_id,
            exposure.label(actor, name, last4),
            p.report_id,
            p.visit_id,
            p.amount,
            p.promised_on,
            p.due,
            p.paid,
            judge(p.amount, p.paid, p.due, today),
        )
        for p, name, last4 in session.execute(stmt)
    ]


def _last_visit_days(session: Session, customer_ids: list[int]) -> dict[int, dt.date]:
    """Each customer's last visit planned or held, as a day in its branch's zone.

    In Python, not SQL: a visit at 07:00 in Shanghai is the day before in UTC,
    and SQL's date() of the stored UTC time would call it too early.
    """
    zones = {b: ZoneInfo(tz or clock.DEFAULT_ZONE)
             for b, tz in session.execute(select(Branch.id, Branch.timezone))}
    days: dict[int, dt.date] = {}
    for k in range(0, len(customer_ids), 500):  # under SQLite's variable limit
        for cid, branch_id, planned in session.execute(
            select(Visit.customer_id, Visit.branch_id, func.max(Visit.planned_start))
            .where(Visit.customer_id.in_(customer_ids[k : k + 500]),
                   Visit.status.in_(_FOLLOWED_UP))
            .group_by(Visit.customer_id, Visit.branch_id)
        ):
            day = planned.astimezone(zones[branch_id]).date()
            days[cid] = max(day, days.get(cid, day))
    return days


def customers_due_follow_up(
    session: Session, actor: Actor, *, today: dt.date | None = None
) -> list[FollowUpItem]:
    """Customers with a broken or partly kept promise and no visit planned or held since.

    One row per customer (their latest such promise), longest overdue first;
    customers marked do-not-visit are left out.
    """
    actor.require(Permission.CUSTOMER_VIEW)
    today = _today(session, actor, today)
    # The promises lead (``due < today`` on their index), each checked against its
    # customer: joined the other way round, the planner walked the branch's customers
    # for a few hundred promises (1.3 s and ~480 MB of the file mapped at 1M on SQLite).
    wanted = exists(select(Customer.id).where(
        Customer.id == PromiseToPay.customer_id, Customer.do_not_visit.is_(False),
        scope.customer_filter(actor)))
    found = session.scalars(
        select(PromiseToPay).where(unsettled_after_due(today), wanted)
        .order_by(PromiseToPay.due, PromiseToPay.id)
    ).all()
    customers = {c.id: c for c in session.scalars(
        select(Customer).where(Customer.id.in_({p.customer_id for p in found})))}
    candidates = [(p, customers[p.customer_id]) for p in found if p.customer_id in customers]
    last_visit = _last_visit_days(session, sorted({c.id for _p, c in candidates}))
    seen: dict[int, FollowUpItem] = {}
    for p, c in candidates:
        if last_visit.get(c.id, dt.date.min) > p.due:
            continue  # visited (or to be) after the promised day: that is the follow-up
        seen[c.id] = FollowUpItem(
            customer_id=c.id,
            name=exposure.name(actor, c.name),
            district=district_label(c.current_adcode or c.registered_adcode),
            promise_id=p.id,
            promise_amount=p.amount,
            promise_due=p.due,
            paid=p.paid,
            status=judge(p.amount, p.paid, p.due, today),
            days_past_due=c.days_past_due,
            latitude=c.latitude,
            longitude=c.longitude,
        )
    return sorted(seen.values(), key=lambda f: (f.promise_due, f.customer_id))


__all__ = [
    "backfill_promises",
    "customers_due_follow_up",
    "import_repayments",
    "judge",
    "promises",
    "record_repayment",
    "refresh_promises",
    "rejudge_customers",
    "state_expr",
    "sync_promise",
    "unsettled_after_due",
]
