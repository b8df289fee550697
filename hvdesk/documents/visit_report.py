"""The data of an approved visit report, as filed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hvdesk.documents import common
from hvdesk.documents.model import IncomeLine, ReportData
from hvdesk.errors import HvdeskError, NotFound
from hvdesk.messages import msg
from hvdesk.model import ReportRevision, ReportStatus, User, Visit, VisitMember, VisitReport
from hvdesk.security import exposure
from hvdesk.security.exposure import Medium
from hvdesk.services.context import Actor
from hvdesk.visitreports import access, conduct, convert


class ReportNotApproved(HvdeskError):
    """Only an approved report is printed: a draft or one under review may still change."""


def report_version(report: VisitReport) -> int:
    """The amended report's revision once issue 7 adds one; the first approval is 1."""
    revision = getattr(report, "revision", None)
    return int(revision) if isinstance(revision, int) else 1


@dataclass(frozen=True, slots=True)
class _Filed:
    """What is printed of one approved revision, current or superseded."""

    id: int
    revision: int
    author: User
    reviewer: User | None
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_comment: str | None
    row: Any  # the report's columns: the row itself, or its snapshot written back
    attachments: tuple[str, ...]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.row, name)


def _approved(session: Session, visit_id: int, current: VisitReport,
              revision: int | None) -> _Filed:
    if revision is None or revision == current.revision:
        if current.status is ReportStatus.APPROVED:
            return _Filed(current.id, report_version(current), current.author, current.reviewer,
                          current.submitted_at, current.reviewed_at, current.review_comment,
                          current, tuple(a.filename for a in current.attachments))
        if revision is not None:
            raise ReportNotApproved(
                f"the report of visit {visit_id} is {current.status.value}, not approved: "
                "only an approved report can be printed"
            )
    stmt = select(ReportRevision).where(
        ReportRevision.report_id == current.id,
        ReportRevision.status == ReportStatus.APPROVED.value,
    )
    if revision is not None:
        stmt = stmt.where(ReportRevision.revision == revision)
    old = session.scalars(stmt.order_by(ReportRevision.revision.desc()).limit(1)).first()
    if old is None:
        if revision is not None:
            raise NotFound(f"the report of visit {visit_id} has no approved revision {revision}")
        raise ReportNotApproved(
            f"the report of visit {visit_id} is {current.status.value}, not approved: "
            "only an approved report can be printed"
        )
    # The snapshot's fields written onto a plain object the way the form writes the row.
    columns = SimpleNamespace()
    convert.apply(cast(VisitReport, columns), convert.from_json(old.data))
    hashes = set(old.attachment_hashes or [])
    return _Filed(
        current.id, old.revision, session.get_one(User, old.author_id),
        session.get(User, old.reviewer_id) if old.reviewer_id else None,
        old.submitted_at, old.reviewed_at, old.review_comment, columns,
        tuple(a.filename for a in current.attachments if a.sha256 in hashes),
    )


def _lines(items: Iterable[Mapping[str, Any]], name_keys: tuple[str, ...],
           amount_key: str) -> tuple[IncomeLine, ...]:
    """The first of ``name_keys`` present names the line (the form writes a debt's
    lender, the demo its kind)."""
    return tuple(
        IncomeLine(next((str(item[k]) for k in name_keys if item.get(k)), ""),
                   str(item.get(amount_key, "")))
        for item in items
    )


def gather(session: Session, actor: Actor, visit_id: int, *, revision: int | None = None,
           invariant: bool = False) -> ReportData:
    """The report of ``visit_id`` as approved: ``revision`` one, else the current one when
    approved, else (an amendment under way) the last approved revision (issue 16)."""
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
    current = visit.report
    if current is None:
        raise NotFound(msg("documents.visit_report.visit_visit_id",
                "visit {visit_id} has no report yet",
                visit_id=visit_id))
    report = _approved(session, visit_id, current, revision)
    zone = common.zone_of(visit.branch)
    members = sorted(visit.members, key=lambda m: (not m.is_lead, m.position, m.user_id))
    customer = visit.customer

    def local(value: Any) -> Any:
        return value.astimezone(zone) if value is not None else None

    return ReportData(
        visit_id=visit.id,
        report_id=report.id,
        version=report.revision,
        customer_name=exposure.label(actor, customer.name, customer.id_last4, Medium.DOCUMENT),
        id_masked=exposure.id_number(actor, customer.id_region, customer.id_last4),
        address=exposure.address(actor, visit.address, Medium.DOCUMENT),
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
        attachments=report.attachments,
        stamp=common.stamp(visit.branch, actor, invariant=invariant),
    )
