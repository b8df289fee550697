"""The soak's invariants, checked on the database as its owner after the desks stopped.

* lost updates: every write a desk committed (its ledger) is in the database,
  no two commits produced the same version of a row, and for customers and
  reports (whose every write is in a ledger) the version counts exactly the
  ledger's writes since the start, with the value of the last one;
* double bookings: two live visits sharing a visitor at overlapping times,
  among the visits the soak scheduled (the demo's history is not judged);
* contact-cap breaches: a customer with more live visits in a 30-day window
  than the branch allows (unless a visit was booked past that soft rule with a
  written reason, which the desks never do), or more SMS claimed in a local day
  than allowed, where the soak booked the visit or sent the SMS;
* propagation: for each stamped commit, when it arrived at each other desk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from soak_ledger import DeskResult, LedgerEntry
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from hvdesk.database import Database
from hvdesk.model import (
    AuditEvent,
    Branch,
    Customer,
    Notice,
    NoticeStatus,
    Visit,
    VisitMember,
    VisitReport,
)
from hvdesk.scheduling.rules import FREED_STATUSES, FREQUENCY_WINDOW

#: Notices the SMS-per-day cap counts (as hvdesk.notices.sending does).
COUNTED = (NoticeStatus.QUEUED, NoticeStatus.SENT, NoticeStatus.DELIVERED)


@dataclass(frozen=True)
class Baseline:
    """The database just before the desks start."""

    customer_versions: dict[int, int]
    report_versions: dict[int, int]
    visit_starts: dict[int, dt.datetime]
    max_visit: int
    max_notice: int


@dataclass
class Findings:
    lost: int = 0
    double_booked: int = 0
    cap_breaches: int = 0
    details: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        if len(self.details) < 20:
            self.details.append(text)

    @property
    def broken(self) -> bool:
        return bool(self.lost or self.double_booked or self.cap_breaches)


def baseline(db: Database) -> Baseline:
    with db.session() as s:
        return Baseline(
            dict(s.execute(select(Customer.id, Customer.version)).all()),
            dict(s.execute(select(VisitReport.id, VisitReport.version)).all()),
            dict(s.execute(select(Visit.id, Visit.planned_start)).all()),
            int(s.scalar(select(func.coalesce(func.max(Visit.id), 0))) or 0),
            int(s.scalar(select(func.coalesce(func.max(Notice.id), 0))) or 0),
        )


def check(db: Database, base: Baseline, results: Iterable[DeskResult]) -> Findings:
    found = Findings()
    ledger = [e for r in results for e in r.ledger]
    _lost_updates(db, base, ledger, found)
    touched = _scheduled_by_soak(db, base)
    _double_bookings(db, touched, found)
    _visit_caps(db, touched, found)
    _sms_caps(db, base, found)
    return found


# --- lost updates -------------------------------------------------------------------------
def _lost_updates(db: Database, base: Baseline, ledger: list[LedgerEntry],
                  found: Findings) -> None:
    by_row: dict[tuple[str, int], list[LedgerEntry]] = defaultdict(list)
    for entry in ledger:
        by_row[(entry.table, entry.row_id)].append(entry)
    for (table, row_id), entries in by_row.items():
        versions = [e.version for e in entries]
        twice = len(versions) - len(set(versions))
        if twice:
            found.lost += twice
            found.note(f"{table} {row_id}: {twice} commit(s) claim a version another "
                       f"commit made ({sorted(versions)})")
    with db.session() as s:
        _final_state(s, Customer, base.customer_versions, by_row, "customer", found,
                     lambda row: row.current_address or "", strict=True)
        _final_state(s, VisitReport, base.report_versions, by_row, "visit_report", found,
                     lambda row: row.status.value, strict=True)
        _final_state(s, Visit, {}, by_row, "visit", found,
                     lambda row: f"{row.status.value} "
                                 f"{row.planned_start.astimezone(dt.UTC).isoformat()}",
                     strict=False)


def _final_state(s: object, model: type, versions_before: dict[int, int],
                 by_row: dict[tuple[str, int], list[LedgerEntry]], table: str,
                 found: Findings, value_of: object, *, strict: bool) -> None:
    """Each row a desk wrote is there, at least at the last version a desk committed,
    and holds what the last commit wrote when nobody wrote it since.

    ``strict``: every write of this table is in a ledger (see :func:`_chained`).
    Visits are not strict: sending a notice marks the visit notified, unledgered.
    """
    assert isinstance(s, Session) and callable(value_of)
    ids = sorted(row_id for t, row_id in by_row if t == table)
    rows = {}
    for k in range(0, len(ids), 1000):
        rows.update({r.id: r for r in s.scalars(select(model).where(
            model.id.in_(ids[k:k + 1000])))})  # type: ignore[attr-defined]
    for row_id in ids:
        entries = by_row[(table, row_id)]
        last = max(entries, key=lambda e: e.version)
        row = rows.get(row_id)
        if row is None:
            found.lost += len(entries)
            found.note(f"{table} {row_id}: committed by a desk, missing from the database")
            continue
        version = row.version
        if version < last.version:
            found.lost += 1
            found.note(f"{table} {row_id}: at version {version}, a desk committed {last.version}")
            continue
        if strict and not _chained(table, row_id, versions_before.get(row_id, 0), entries,
                                   version, found):
            continue
        if version == last.version and value_of(row) != last.value:
            found.lost += 1
            found.note(f"{table} {row_id}: holds {value_of(row)!r}, the last commit wrote "
                       f"{last.value!r}")


def _chained(table: str, row_id: int, start: int, entries: list[LedgerEntry], final: int,
             found: Findings) -> bool:
    """The ledgers' writes of the row form one unbroken chain of versions from its
    version at the start to its version now: each write was checked against the
    version the previous one left, so none was made over a write it never saw."""
    version = start
    for entry in sorted(entries, key=lambda e: e.version):
        if entry.before != version:
            found.lost += 1
            found.note(f"{table} {row_id}: a write checked against version {entry.before} "
                       f"followed version {version}")
            return False
        version = entry.version
    if version != final:
        found.lost += 1
        found.note(f"{table} {row_id}: version {final} in the database, the desks' last "
                   f"write made {version}")
        return False
    return True


# --- double bookings and caps -------------------------------------------------------------
def _scheduled_by_soak(db: Database, base: Baseline) -> set[int]:
    """Visits the soak booked or moved, still live."""
    with db.session() as s:
        rows = s.execute(select(Visit.id, Visit.planned_start)
                         .where(Visit.status.not_in(FREED_STATUSES)))
        return {vid for vid, start in rows
                if vid > base.max_visit or base.visit_starts.get(vid) != start}


def _double_bookings(db: Database, touched: set[int], found: Findings) -> None:
    a, b = aliased(VisitMember), aliased(VisitMember)
    va, vb = aliased(Visit), aliased(Visit)
    with db.session() as s:
        pairs = s.execute(
            select(a.visit_id, b.visit_id, a.user_id)
            .join(b, (a.user_id == b.user_id) & (a.visit_id < b.visit_id))
            .join(va, va.id == a.visit_id)
            .join(vb, vb.id == b.visit_id)
            .where(va.status.not_in(FREED_STATUSES), vb.status.not_in(FREED_STATUSES),
                   va.planned_start < vb.planned_end, vb.planned_start < va.planned_end)
        ).all()
    for first, second, user in pairs:
        if first in touched or second in touched:
            found.double_booked += 1
            found.note(f"visitor {user} is in visits {first} and {second} at once")


def _visit_caps(db: Database, touched: set[int], found: Findings) -> None:
    with db.session() as s:
        cap = dict(s.execute(select(Branch.id, Branch.max_visits_per_30_days)).all())
        customers = {c for (c,) in s.execute(
            select(Visit.customer_id).where(Visit.id.in_(sorted(touched))))} if touched else set()
        live: dict[int, list[tuple[dt.datetime, int, int]]] = defaultdict(list)
        for k in range(0, len(customers), 1000):
            chunk = sorted(customers)[k:k + 1000]
            for r in s.execute(select(Visit.customer_id, Visit.planned_start, Visit.id,
                                      Visit.branch_id)
                               .where(Visit.customer_id.in_(chunk),
                                      Visit.status.not_in(FREED_STATUSES))):
                live[r.customer_id].append((r.planned_start, r.id, r.branch_id))
        lifted = _cap_overridden(s)
    for customer, visits in live.items():
        visits.sort()
        starts = [v[0] for v in visits]
        maximum = cap[visits[0][2]]
        for start, vid, _branch in visits:
            if vid not in touched or vid in lifted:
                continue
            worst = max(sum(1 for x in starts if w <= x < w + FREQUENCY_WINDOW)
                        for w in starts if w <= start < w + FREQUENCY_WINDOW)
            if worst > maximum:
                found.cap_breaches += 1
                found.note(f"customer {customer}: {worst} live visits in 30 days around "
                           f"visit {vid} (the branch allows {maximum})")


def _cap_overridden(s: Session) -> set[int]:
    """Visits booked or moved past the per-customer cap with a written reason: the
    rule is soft, and the override audit event names it (the desks only ever lift
    the travel-time rule, so this stays empty unless a race slipped the cap in)."""
    lifted: set[int] = set()
    for entity_id, detail in s.execute(
        select(AuditEvent.entity_id, AuditEvent.detail)
        .where(AuditEvent.action == "override", AuditEvent.entity == "visit")
    ):
        if entity_id and "too_many_visits" in (detail or {}).get("rules", ()):
            lifted.add(int(entity_id))
    return lifted


def _sms_caps(db: Database, base: Baseline, found: Findings) -> None:
    with db.session() as s:
        branches = {b.id: (ZoneInfo(b.timezone), b.max_sms_per_day)
                    for b in s.scalars(select(Branch))}
        rows = s.execute(
            select(Notice.id, Notice.last_attempt_at, Visit.customer_id, Visit.branch_id)
            .join(Visit, Visit.id == Notice.visit_id)
            .where(Notice.status.in_(COUNTED), Notice.last_attempt_at.is_not(None))
        ).all()
    per_day: dict[tuple[int, dt.date], list[int]] = defaultdict(list)
    limit: dict[int, int] = {}
    for nid, at, customer, branch in rows:
        zone, maximum = branches[branch]
        per_day[(customer, at.astimezone(zone).date())].append(nid)
        limit[customer] = maximum
    for (customer, day), ids in per_day.items():
        if max(ids) > base.max_notice and len(ids) > limit[customer]:
            found.cap_breaches += 1
            found.note(f"customer {customer}: {len(ids)} SMS on {day} "
                       f"(the branch allows {limit[customer]})")


# --- propagation --------------------------------------------------------------------------
@dataclass
class Propagation:
    delays: list[float]
    #: Commits another running desk never heard of.
    missing: int
    #: Remote changes that named no stamp.
    unstamped: int

    def quantile(self, q: float) -> float | None:
        if not self.delays:
            return None
        ordered = sorted(self.delays)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def propagation(results: list[DeskResult], drain: float) -> Propagation:
    delays: list[float] = []
    missing = 0
    running = [r for r in results if r.crashed is None and r.listening[1] > 0]
    for sender in running:
        for stamp, committed in sender.commits.items():
            for other in running:
                if other is sender:
                    continue
                began, ended = other.listening
                # Heard only while listening, and the last moments before it stops may be cut.
                if not began <= committed <= ended - drain / 2:
                    continue
                arrived = other.arrivals.get(stamp)
                if arrived is None:
                    missing += 1
                else:
                    delays.append(max(0.0, arrived - committed))
    return Propagation(delays, missing, sum(r.unstamped for r in running))
