"""Keep ``visit_booking`` in step with visits, and hear the database refuse.

The rows are derived from a visit and its members, so they are written with
Core statements (no ORM objects, no audit rows of their own: the visit's
changes are audited). On PostgreSQL the exclusion constraint makes the second
of two concurrent bookings of one visitor wait for the first to commit and
then fail; that failure becomes :class:`BookingConflict`, which the service
turns into a plain-language refusal instead of a raw ``IntegrityError``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Table, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hvdesk.model import Visit, VisitMember
from hvdesk.model.scheduling import OVERLAP_CONSTRAINT, OVERLAP_MESSAGE, VisitBooking
from hvdesk.scheduling.rules import FREED_STATUSES


def _booking_table() -> Table:
    table = VisitBooking.__table__
    assert isinstance(table, Table)
    return table


TABLE = _booking_table()


class BookingConflict(Exception):
    """The database refused a booking: these visitors are taken at that time."""

    def __init__(self, user_ids: list[int]) -> None:
        super().__init__(f"visitors {user_ids} already booked")
        self.user_ids = user_ids


def is_overlap_error(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return OVERLAP_CONSTRAINT in text or OVERLAP_MESSAGE in text


def sync(
    session: Session,
    visit_id: int,
    start: dt.datetime,
    end: dt.datetime,
    member_ids: Iterable[int],
    active: bool,
) -> None:
    """Replace the visit's booking rows; raise :class:`BookingConflict` on overlap."""
    members = sorted(set(member_ids))
    table = TABLE
    try:
        session.execute(delete(table).where(table.c.visit_id == visit_id))
        if members:
            session.execute(
                insert(table),
                [
                    {
                        "visit_id": visit_id,
                        "user_id": m,
                        "starts_at": start,
                        "ends_at": end,
                        "active": active,
                    }
                    for m in members
                ],
            )
    except IntegrityError as exc:
        if not is_overlap_error(exc):
            raise
        raise BookingConflict(members) from exc


def conflicting_members(
    session: Session,
    visit_id: int | None,
    start: dt.datetime,
    end: dt.datetime,
    member_ids: Iterable[int],
) -> list[int]:
    """Who of ``member_ids`` holds another active booking overlapping start–end."""
    table = TABLE
    query = (
        select(table.c.user_id)
        .distinct()
        .where(
            table.c.user_id.in_(sorted(set(member_ids))),
            table.c.active,
            table.c.starts_at < end,
            table.c.ends_at > start,
        )
    )
    if visit_id is not None:
        query = query.where(table.c.visit_id != visit_id)
    return sorted(session.scalars(query))


def rebuild_all(session: Session) -> int:
    """Derive every booking row again from the visits (after a bulk load such as demo data).

    Later rows that overlap an earlier one of the same visitor are stored
    inactive, as migration 0005 does, so that old double bookings do not stop
    the rebuild; returns the number of rows written.
    """
    table = TABLE
    session.execute(delete(table))
    rows = session.execute(
        select(Visit.id, Visit.planned_start, Visit.planned_end, Visit.status, VisitMember.user_id)
        .join(VisitMember, VisitMember.visit_id == Visit.id)
        .order_by(Visit.id, VisitMember.user_id)
    )
    taken: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    values = []
    for r in rows:
        active = r.status not in FREED_STATUSES
        if active:
            spans = taken.setdefault(r.user_id, [])
            if any(s < r.planned_end and e > r.planned_start for s, e in spans):
                active = False
            else:
                spans.append((r.planned_start, r.planned_end))
        values.append(
            {
                "visit_id": r.id,
                "user_id": r.user_id,
                "starts_at": r.planned_start,
                "ends_at": r.planned_end,
                "active": active,
            }
        )
    if values:
        session.execute(insert(table), values)
    return len(values)
