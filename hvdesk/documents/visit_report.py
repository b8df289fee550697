"""The data of an approved visit report, as filed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk.documents import common
from hvdesk.documents.model import IncomeLine, ReportData
from hvdesk.errors import HvdeskError, NotFound
from hvdesk.messages import msg
from hvdesk.model import ReportStatus, Visit, VisitMember, VisitReport
from hvdesk.security import masking
from hvdesk.services.context import Actor
from hvdesk.visitreports import access, conduct


class ReportNotApproved(HvdeskError):
    """Only an approved report is printed: a draft or one under review may still change."""


def report_version(report: VisitReport) -> int:
    """The amended report's revision once issue 7 adds one; the first approval is 1."""
    revision = getattr(report, "revision", None)
    return int(revision) if isinstance(revision, int) else 1


def _lines(items: Iterable[Mapping[str, Any]], name_keys: tuple[str, ...],
           amount_key: str) -> tuple[IncomeLine, ...]:
    """The first of ``name_keys`` present names the line (the form writes a debt's
    lender, the demo its kind)."""
    return tuple(
        IncomeLine(next((str(item[k]) for k in name_keys if item.get(k)), ""),
                   str(item.get(amount_key, "")))
        for item in items
    )


def gather(session: Session, actor: Actor, visit_id: int, *, invariant: bool = False) -> ReportData:
    common.require_print(actor)
    visit = session.scalar(
        select(Visit)
        .options(
            selectinload(Visit.members).selectinload(VisitMember.user),
            selectinload(Visit.customer),
            selectinload(Visit.report).selectinload(VisitReport.attachments),
        )
        .where(Visit.id == visit_id)
    )
    if visit is None:
        raise NotFound(msg("documents.visit_report.visit_id_visit",
                "no visit with id {visit_id}",
                visit_id=visit_id))
    # A visitor prints the reports of his own visits only, as the form shows them.
    access.require_read(actor, visit)
    report = visit.report
    if report is None:
        raise NotFound(msg("documents.visit_report.visit_visit_id",
                "visit {visit_id} has no report yet",
                visit_id=visit_id))
    if report.status is not ReportStatus.APPROVED:
        raise ReportNotApproved(
            f"the report of visit {visit_id} is {report.status.value}, not approved: "
            "only an approved report can be printed"
        )
    zone = common.zone_of(visit.branch)
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    customer = visit.customer

    def local(value: Any) -> Any:
        return value.astimezone(zone) if value is not None else None

    return ReportData(
        visit_id=visit.id,
        report_id=report.id,
        version=report_version(report),
        customer_name=customer.name,
        id_masked=masking.mask_id_number(customer.id_region, customer.id_last4),
        address=visit.address,
        purpose=visit.purpose.value,
        planned_start=visit.planned_start.astimezone(zone),
        team=tuple(common.person(m.user) for m in members),
        author=common.person(report.author),
        reviewer=common.person(report.reviewer) if report.reviewer else None,
        submitted_at=local(report.submitted_at),
        approved_at=local(report.reviewed_at),
        review_comment=report.review_comment,
        outcome=report.outcome.value if report.outcome else None,
        arrived_at=local(report.arrived_at),
        left_at=local(report.left_at),
        people_present=report.people_present,
        household_size=report.household_size,
        dependants=report.dependants,
        housing=report.housing.value if report.housing else None,
        income_sources=_lines(report.income_sources or [], ("source",), "monthly"),
        other_debts=_lines(report.other_debts or [], ("lender", "kind"), "amount"),
        assets=report.assets,
        attitude=report.attitude.value if report.attitude else None,
        ability_to_repay=report.ability_to_repay,
        willingness_to_repay=report.willingness_to_repay,
        customer_requests=report.customer_requests,
        promise_amount=report.promise_amount,
        promise_date=report.promise_date,
        recommendation=report.recommendation,
        conduct_checklist=tuple((item.text, answer)
                                for item, answer in conduct.in_order(report.conduct_checklist)),
        findings=report.findings,
        attachments=tuple(a.filename for a in report.attachments),
        stamp=common.stamp(visit.branch, actor, invariant=invariant),
    )
