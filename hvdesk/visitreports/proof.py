"""Proof of visit: every submitted report is checked before a reviewer sees it (issue 20).

The checks compare what the report and its photos say with what is known:
photo positions (EXIF GPS) against the customer's geocode, allowing for the
geocode's precision; photo and arrival times against the visit's window and
the travel time from the team's previous stop; another report placing
visitors at the same address at the same time; and report text repeating
another report's (character shingles, Jaccard similarity). What a check
finds is stored as a :class:`~hvdesk.model.VisitFlag` with its evidence and
shown in the review queue. Nothing is rejected: a reviewer judges.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Iterable
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.model import (
    Customer,
    LocationPrecision,
    ReportAttachment,
    ReportStatus,
    Visit,
    VisitFlag,
    VisitMember,
    VisitReport,
)
from hvdesk.scheduling.context import branch_policy
from hvdesk.scheduling.routing import haversine_km, travel_minutes
from hvdesk.scheduling.rules import RuleConfig
from hvdesk.visitreports.data import FlagView

#: How far a photo may be from the geocoded address, by the geocode's precision (km).
TOLERANCE_KM: dict[LocationPrecision | None, float] = {
    LocationPrecision.EXACT: 0.3,
    LocationPrecision.MANUAL: 0.5,
    LocationPrecision.STREET: 1.5,
    LocationPrecision.DISTRICT: 5.0,
    LocationPrecision.CITY: 20.0,
    None: 1.5,
}
_PRECISION_ZH = {
    LocationPrecision.EXACT: "精确", LocationPrecision.MANUAL: "手工标注",
    LocationPrecision.STREET: "街道", LocationPrecision.DISTRICT: "区县",
    LocationPrecision.CITY: "城市", None: "未知",
}
#: Photos and arrival may fall this far outside the planned window.
PHOTO_SLACK = dt.timedelta(hours=1)
EARLY_ARRIVAL = dt.timedelta(minutes=60)
#: Text check: shingles of this many characters; flagged from this similarity.
SHINGLE = 5
COPY_THRESHOLD = 0.8
MIN_TEXT = 30
COMPARE_DAYS = 365


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _text(report: VisitReport) -> str:
    parts = (report.findings, report.recommendation, report.customer_requests, report.assets)
    return re.sub(r"\s+", "", "".join(p for p in parts if p))


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    return {text[i:i + k] for i in range(max(len(text) - k + 1, 0))}


def similarity(a: str, b: str) -> float:
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


class _Checker:
    def __init__(self, session: Session, report: VisitReport) -> None:
        self.session, self.report = session, report
        self.visit: Visit = report.visit
        self.customer = session.get(Customer, self.visit.customer_id)
        self.tz = branch_policy(session, self.visit.branch_id).tz
        self.flags: list[tuple[str, str, dict[str, Any]]] = []
        self.config = RuleConfig()

    def local(self, moment: dt.datetime) -> str:
        aware = _aware(moment)
        assert aware is not None
        return aware.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def add(self, kind: str, message: str, **evidence: Any) -> None:
        self.flags.append((kind, message, evidence))

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        start = _aware(self.visit.planned_start)
        end = _aware(self.visit.planned_end)
        assert start is not None and end is not None
        arrived, left = _aware(self.report.arrived_at), _aware(self.report.left_at)
        if arrived is not None:
            start = min(start, arrived)
        if left is not None:
            end = max(end, left)
        return start - PHOTO_SLACK, end + PHOTO_SLACK

    def photos(self) -> None:
        c = self.customer
        home = None
        if c is not None and c.latitude is not None and c.longitude is not None:
            home = (c.latitude, c.longitude)
        precision = c.location_precision if c is not None else None
        tolerance = TOLERANCE_KM.get(precision, TOLERANCE_KM[None])
        first, last = self.window()
        rows = self.session.execute(
            select(ReportAttachment.id, ReportAttachment.filename, ReportAttachment.latitude,
                   ReportAttachment.longitude, ReportAttachment.taken_at)
            .where(ReportAttachment.report_id == self.report.id).order_by(ReportAttachment.id))
        for aid, name, lat, lon, taken in rows:
            if home is not None and lat is not None and lon is not None:
                km = haversine_km(home, (lat, lon))
                if km > tolerance:
                    self.add("photo_far",
                             f"照片 {name} 的拍摄位置距走访地址 {km:.1f} 公里"
                             f"（地址精度：{_PRECISION_ZH.get(precision, '未知')}，"
                             f"允许 {tolerance:g} 公里）",
                             attachment_id=aid, filename=name, photo=[lat, lon],
                             address=[home[0], home[1]],
                             precision=precision.value if precision else None,
                             distance_km=round(km, 2), tolerance_km=tolerance)
            taken_at = _aware(taken)
            if taken_at is not None and not first <= taken_at <= last:
                self.add("photo_time",
                         f"照片 {name} 拍摄于 {self.local(taken_at)}，不在走访时间"
                         f"（{self.local(first)} 至 {self.local(last)}）内",
                         attachment_id=aid, filename=name, taken_at=taken_at.isoformat(),
                         window=[first.isoformat(), last.isoformat()])

    def arrival(self) -> None:
        arrived, left = _aware(self.report.arrived_at), _aware(self.report.left_at)
        start, end = _aware(self.visit.planned_start), _aware(self.visit.planned_end)
        assert start is not None and end is not None
        if arrived is not None and not start - EARLY_ARRIVAL <= arrived <= end:
            self.add("arrival_time",
                     f"到达时间 {self.local(arrived)} 不在预约时段"
                     f"（{self.local(start)} 至 {self.local(end)}）内",
                     arrived_at=arrived.isoformat(), planned=[start.isoformat(), end.isoformat()])
        if arrived is not None and left is not None and left < arrived:
            self.add("arrival_time", "离开时间早于到达时间",
                     arrived_at=arrived.isoformat(), left_at=left.isoformat())

    def _place(self, visit_id: int) -> tuple[float, float] | None:
        row = self.session.execute(
            select(Customer.latitude, Customer.longitude)
            .join(Visit, Visit.customer_id == Customer.id).where(Visit.id == visit_id)).first()
        if row is None or row[0] is None or row[1] is None:
            return None
        return (row[0], row[1])

    def travel(self) -> None:
        arrived = _aware(self.report.arrived_at or self.visit.planned_start)
        assert arrived is not None
        team = select(VisitMember.user_id).where(VisitMember.visit_id == self.visit.id)
        day_start = arrived - dt.timedelta(hours=16)
        others = self.session.execute(
            select(Visit.id, Visit.planned_end, VisitReport.left_at)
            .join(VisitMember, VisitMember.visit_id == Visit.id)
            .outerjoin(VisitReport, VisitReport.visit_id == Visit.id)
            .where(VisitMember.user_id.in_(team), Visit.id != self.visit.id,
                   Visit.planned_start >= day_start, Visit.planned_start < arrived)
            .distinct())
        previous = None
        for vid, planned_end, left_at in others:
            left = _aware(left_at or planned_end)
            assert left is not None
            later = previous is None or left > previous[1]
            if left <= arrived + dt.timedelta(minutes=1) and later:
                previous = (vid, left)
        here = self._place(self.visit.id)
        if previous is None or here is None:
            return
        there = self._place(previous[0])
        if there is None:
            return
        km = haversine_km(there, here)
        needed = travel_minutes(km, self.config.speed_kmh, self.config.travel_floor_minutes)
        had = (arrived - previous[1]).total_seconds() / 60
        if had < needed:
            self.add("travel_time",
                     f"距上一站（走访 {previous[0]}）{km:.1f} 公里，约需 {needed} 分钟，"
                     f"但到达时间仅在离开上一站后 {max(had, 0):.0f} 分钟",
                     previous_visit_id=previous[0], previous_left=previous[1].isoformat(),
                     arrived_at=arrived.isoformat(), distance_km=round(km, 2),
                     needed_minutes=needed, had_minutes=round(had))

    def same_address(self) -> None:
        arrived, left = _aware(self.report.arrived_at), _aware(self.report.left_at)
        if arrived is None or left is None:
            return
        rows = self.session.execute(
            select(Visit.id, VisitReport.id, VisitReport.arrived_at, VisitReport.left_at)
            .join(VisitReport, VisitReport.visit_id == Visit.id)
            .where(Visit.id != self.visit.id, Visit.branch_id == self.visit.branch_id,
                   (Visit.address == self.visit.address)
                   | (Visit.customer_id == self.visit.customer_id),
                   VisitReport.arrived_at < left, VisitReport.left_at > arrived))
        for vid, rid, a, b in rows:
            a, b = _aware(a), _aware(b)
            assert a is not None and b is not None
            self.add("same_address",
                     f"另一份报告（走访 {vid}）记录同一时间在同一地址："
                     f"{self.local(a)} 至 {self.local(b)}",
                     other_visit_id=vid, other_report_id=rid,
                     other=[a.isoformat(), b.isoformat()], this=[arrived.isoformat(),
                                                                left.isoformat()])

    def copied(self) -> None:
        mine = _text(self.report)
        if len(mine) < MIN_TEXT:
            return
        since = clock.now() - dt.timedelta(days=COMPARE_DAYS)
        rows = self.session.execute(
            select(VisitReport.id, VisitReport.visit_id, VisitReport.findings,
                   VisitReport.recommendation, VisitReport.customer_requests,
                   VisitReport.assets)
            .join(Visit, Visit.id == VisitReport.visit_id)
            .where(Visit.branch_id == self.visit.branch_id, VisitReport.id != self.report.id,
                   VisitReport.status != ReportStatus.DRAFT, VisitReport.created_at >= since)
            .order_by(VisitReport.id.desc()).limit(5000))
        mine_sh = shingles(mine)
        best: tuple[float, int, int] | None = None
        for rid, vid, *parts in rows:
            other = re.sub(r"\s+", "", "".join(p for p in parts if p))
            if len(other) < MIN_TEXT:
                continue
            theirs = shingles(other)
            score = len(mine_sh & theirs) / len(mine_sh | theirs) if theirs else 0.0
            if score >= COPY_THRESHOLD and (best is None or score > best[0]):
                best = (score, rid, vid)
        if best is not None:
            self.add("copied_text",
                     f"报告文字与另一份报告（走访 {best[2]}）相似度 {best[0]:.0%}",
                     other_report_id=best[1], other_visit_id=best[2],
                     similarity=round(best[0], 3), shingle=SHINGLE)


def check_report(session: Session, report: VisitReport) -> list[VisitFlag]:
    """Run every check on a report being submitted; replace its flags with what they find."""
    session.execute(delete(VisitFlag).where(VisitFlag.report_id == report.id))
    checker = _Checker(session, report)
    checker.photos()
    checker.arrival()
    checker.travel()
    checker.same_address()
    checker.copied()
    rows = [VisitFlag(report_id=report.id, visit_id=report.visit_id, kind=kind, message=message,
                      evidence=evidence, revision=report.revision)
            for kind, message, evidence in checker.flags]
    session.add_all(rows)
    session.flush()
    return rows


def flags_of(session: Session, report_ids: Iterable[int]) -> dict[int, list[FlagView]]:
    """The flags of reports the caller has already loaded within scope."""
    ids = sorted(set(report_ids))
    out: dict[int, list[FlagView]] = {}
    if not ids:
        return out
    for row in session.scalars(select(VisitFlag).where(VisitFlag.report_id.in_(ids))
                               .order_by(VisitFlag.id)):
        out.setdefault(row.report_id, []).append(
            FlagView(row.report_id, row.kind, row.message, dict(row.evidence or {})))
    return out


def count_flagged(session: Session, branch_ids: Iterable[int] | None,
                  start: dt.datetime, end: dt.datetime,
                  visit_ids: Container[int] | None = None) -> tuple[int, int]:
    """(flags, reports flagged) on visits planned in [start, end) of the branches (None: all).

    ``visit_ids``, when given, narrows the count to those visits (the dashboard's
    exact period in each branch's own zone).
    """
    stmt = (select(VisitFlag.visit_id, VisitFlag.report_id)
            .join(Visit, Visit.id == VisitFlag.visit_id)
            .where(Visit.planned_start >= start, Visit.planned_start < end))
    if branch_ids is not None:
        stmt = stmt.where(Visit.branch_id.in_(list(branch_ids)))
    rows = [(v, r) for v, r in session.execute(stmt) if visit_ids is None or v in visit_ids]
    return len(rows), len({r for _, r in rows})
