"""Delivery receipts and customer replies from the gateway (format: :mod:`hvdesk.notices`).

A reply "1" to a visit notice confirms the visit; "2" (or anything else)
flags the notice for the coordinator (``needs_attention``), who calls the
customer. A reply 1-5 to a feedback survey is stored as the visit's feedback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import Feedback, Notice, NoticeStatus, Visit, VisitStatus
from hvdesk.notices import views
from hvdesk.notices.replies import ASKS_TIME, CONFIRM
from hvdesk.notices.replies import answer as reply_answer
from hvdesk.notices.types import NoticeKind, ReceiptSummary
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

N = NoticeStatus


@dataclass(frozen=True, slots=True)
class Receipt:
    key: str
    status: str
    at: dt.datetime | None
    reply: str
    error: str


@dataclass
class _Counts:
    delivered: int = 0
    failed: int = 0
    confirmed: int = 0
    flagged: int = 0
    unknown: int = 0

    def summary(self) -> ReceiptSummary:
        return ReceiptSummary(
            self.delivered, self.failed, self.confirmed, self.flagged, self.unknown
        )


def read_receipts(path: Path) -> list[Receipt]:
    # The importer's file checks, loaded for a receipts file (not by the calendar's reads).
    from hvdesk.importing import guard  # noqa: PLC0415

    guard.check_size(path, guard.RECEIPTS.file_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("path", msg("importing.guard.read_name_strerror",
                "cannot read {name}: {strerror}",
                name=path.name, strerror=exc.strerror)) from None
    raw, _ = guard.decode_text(data, path.name)
    try:
        rows = list(
            _json_rows(raw, path) if path.suffix.lower() == ".json" else _csv_rows(raw, path)
        )
    except csv.Error as exc:
        raise ValidationError("path", msg("notices.receipts.name_receipts_csv",
                "{name} is not a receipts CSV file: {exc}",
                name=path.name, exc=exc)) from None
    return [_receipt(row, n, path) for n, row in enumerate(rows, start=2)]


def _csv_rows(raw: str, path: Path) -> Iterator[dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(raw))
    fields = {f.strip().lower() for f in reader.fieldnames or ()}
    if not {"id", "status"} <= fields:
        raise ValidationError("path", msg("notices.receipts.name_needs_columns",
                "{name} needs the columns id and status",
                name=path.name))
    for row in reader:
        yield {(k or "").strip().lower(): v for k, v in row.items()}


def _json_rows(raw: str, path: Path) -> Iterator[dict[str, Any]]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ValidationError("path", msg("notices.receipts.name_valid_json",
                "{name} is not valid JSON",
                name=path.name)) from exc
    except RecursionError:
        raise ValidationError("path", msg("notices.receipts.name_json_nested",
                "{name}: JSON nested too deeply to be receipts",
                name=path.name)) \
            from None
    if isinstance(data, dict):
        data = data.get("receipts", [])
    if not isinstance(data, list):
        raise ValidationError("path", msg("notices.receipts.name_must_hold",
                "{name} must hold a list of receipts",
                name=path.name))
    for item in data:
        if isinstance(item, dict):
            # Values are read as text: a nested object is no id or status.
            yield {
                str(k).lower(): v if isinstance(v, str | int | float) else None
                for k, v in item.items()
            }


def _receipt(row: dict[str, Any], line: int, path: Path) -> Receipt:
    status = str(row.get("status") or "").strip().lower()
    if status not in {"delivered", "failed", "reply"}:
        raise ValidationError(
            "path", msg("notices.receipts.name_entry_line",
                    "{name}, entry {line}: status must be delivered, failed or reply",
                    name=path.name, line=line)
        )
    when = str(row.get("time") or "").strip()
    at: dt.datetime | None = None
    if when:
        try:
            at = dt.datetime.fromisoformat(when)
        except ValueError:
            raise ValidationError("path", msg("notices.receipts.name_entry_line2",
                    "{name}, entry {line}: bad time",
                    name=path.name, line=line)) from None
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
    return Receipt(
        key=str(row.get("id") or "").strip(),
        status=status,
        at=at,
        reply=str(row.get("reply") or "").strip()[:200],
        error=str(row.get("error") or "").strip()[:400],
    )


def import_receipts(
    session: Session, actor: Actor, path: Path, *, now: dt.datetime | None = None
) -> ReceiptSummary:
    """Apply a receipts file (format in the package docstring); audited."""
    actor.require(Permission.NOTICE_SEND)
    audit.bind_actor(session, actor)
    receipts = read_receipts(path)
    moment = now or dt.datetime.now(dt.UTC)
    keys = list({r.key for r in receipts if r.key})
    notices: dict[str, Notice] = {}
    for start in range(0, len(keys), 500):
        stmt = (
            select(Notice)
            .where(Notice.idem_key.in_(keys[start : start + 500]))
            .options(joinedload(Notice.visit))
        )
        notices.update({n.idem_key: n for n in session.scalars(stmt) if n.idem_key})
    counts = _Counts()
    for receipt in receipts:
        notice = notices.get(receipt.key)
        if notice is None or not scope.in_branch(actor, notice.visit.branch_id):
            counts.unknown += 1
            continue
        _apply(session, notice, receipt, receipt.at or moment, counts)
    session.flush()
    audit.record(
        session, actor, "notice_receipts", "notice", None,
        file=path.name, delivered=counts.delivered, failed=counts.failed,
        confirmed=counts.confirmed, flagged=counts.flagged, unknown=counts.unknown,
    )
    return counts.summary()


def _apply(
    session: Session, notice: Notice, receipt: Receipt, at: dt.datetime, counts: _Counts
) -> None:
    if receipt.status == "delivered":
        if notice.status in {N.QUEUED, N.SENT, N.FAILED}:
            notice.status = N.DELIVERED
            notice.error = None
            notice.sent_at = notice.sent_at or at
        notice.delivered_at = notice.delivered_at or at
        _notified(notice)
        counts.delivered += 1
    elif receipt.status == "failed":
        if notice.status in {N.QUEUED, N.SENT}:
            notice.status = N.FAILED
            notice.error = (receipt.error or "the carrier could not deliver it")[:500]
            _not_notified(notice)
        counts.failed += 1
    else:
        _reply(session, notice, receipt.reply, at, counts)


def _notified(notice: Notice) -> None:
    kind = views.kind_of(notice)
    telling = kind in {NoticeKind.NOTICE, NoticeKind.RESCHEDULE}
    if telling and notice.visit.status is VisitStatus.PLANNED:
        notice.visit.status = VisitStatus.NOTIFIED


def _not_notified(notice: Notice) -> None:
    """The customer was not told after all (issue 16): the visit goes back to planned
    unless another notice of it reached the customer, and the coordinator is asked
    to act (the notices page and the home page list what needs attention)."""
    notice.needs_attention = True
    visit = notice.visit
    if visit.status is not VisitStatus.NOTIFIED:
        return
    told = any(
        other.id != notice.id and other.status in {N.SENT, N.DELIVERED}
        and views.kind_of(other) in {NoticeKind.NOTICE, NoticeKind.RESCHEDULE}
        for other in visit.notices
    )
    if not told:
        visit.status = VisitStatus.PLANNED


def _reply(session: Session, notice: Notice, text: str, at: dt.datetime, counts: _Counts) -> None:
    notice.reply = text or None
    notice.replied_at = at
    answer = reply_answer(text)
    kind = views.kind_of(notice)
    visit: Visit = notice.visit
    if kind is NoticeKind.FEEDBACK and answer in {"1", "2", "3", "4", "5"}:
        session.add(Feedback(visit_id=visit.id, channel="sms", satisfaction=int(answer)))
        if int(answer) <= 2:
            notice.needs_attention = True  # an unhappy customer: the coordinator calls back
            counts.flagged += 1
        return
    asks_time = kind in ASKS_TIME
    open_visit = visit.status in {VisitStatus.PLANNED, VisitStatus.NOTIFIED}
    if asks_time and answer == CONFIRM and open_visit:
        visit.status = VisitStatus.CONFIRMED
        notice.needs_attention = False
        counts.confirmed += 1
        return
    if asks_time and answer == CONFIRM and visit.status is VisitStatus.CONFIRMED:
        counts.confirmed += 1
        return
    # "2" (move the visit) or anything a person must read.
    notice.needs_attention = True
    counts.flagged += 1
