"""Rows for planned visits: teams, notices, reports, feedback and costs.

Times follow the rules the application enforces: a notice goes out at least
two days ahead inside SMS hours, a report is written after the visit and
reviewed by a reviewer (never a team member), feedback arrives after the
visit, and nothing is dated after the day the demo runs for.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hvdesk.demo import texts
from hvdesk.demo.people import polite_address
from hvdesk.demo.places import distance_km
from hvdesk.demo.schedule import SHANGHAI, PlannedVisit
from hvdesk.model import (
    Attitude,
    Housing,
    NoticeStatus,
    ReportOutcome,
    ReportStatus,
    VisitPurpose,
    VisitStatus,
)
from hvdesk.security import pii
from hvdesk.security.crypto import FieldCipher

S = VisitStatus
Rows = list[dict[str, Any]]
_NOTIFIED = frozenset({S.NOTIFIED, S.CONFIRMED, S.IN_PROGRESS, S.COMPLETED, S.NO_SHOW})


@dataclass(frozen=True, slots=True)
class BranchInfo:
    branch_id: int
    lat: float
    lon: float
    hotline: str
    signature: str


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), SHANGHAI)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


class VisitRows:
    def __init__(self, rng: random.Random, cipher: FieldCipher, branch: BranchInfo,
                 coordinators: list[int], reviewers: list[int], today: dt.date) -> None:
        self._rng = rng
        self._cipher = cipher
        self._branch = branch
        self._coordinators = coordinators
        self._reviewers = reviewers
        self._today = today
        #: Where each team was last, to cost the leg to the next stop.
        self._last_stop: dict[tuple[dt.date, tuple[int, ...]], tuple[float, float]] = {}
        self.tables: dict[str, Rows] = {
            "visit": [], "visit_member": [], "notice": [], "visit_report": [],
            "feedback": [], "visit_cost": [],
        }

    def add(self, v: PlannedVisit) -> None:
        rng = self._rng
        reason = None
        if v.status is S.CANCELLED:
            reason = rng.choice(texts.CANCEL_REASONS)
        elif v.status is S.RESCHEDULED:
            reason = rng.choice(texts.RESCHEDULE_REASONS)
        points = texts.TALKING_POINTS[v.purpose.value]
        if v.follow_up:
            points = "客户申请改期后的走访。" + points
        self.tables["visit"].append({
            "id": v.visit_id,
            "branch_id": self._branch.branch_id,
            "customer_id": v.customer.customer_id,
            "purpose": v.purpose.value,
            "address": v.customer.address,
            "planned_start": _utc(v.start),
            "planned_end": _utc(v.end),
            "status": v.status.value,
            "route_order": v.route_order,
            "customer_agreed_hours": False,
            "override_reason": None,
            "cancel_reason": reason,
            "talking_points": points,
            "created_by_id": rng.choice(self._coordinators),
            "created_at": v.created_at,
            "version": 1,
        })
        for pos, member in enumerate(v.team):
            self.tables["visit_member"].append(
                {"visit_id": v.visit_id, "user_id": member.user_id, "is_lead": pos == 0,
                 "position": pos}
            )
        self._notices(v)
        self._cost(v)
        if v.status is S.COMPLETED or (v.status is S.NO_SHOW and rng.random() < 0.5):
            self._report(v)
        if v.status is S.COMPLETED and v.day < self._today and rng.random() < 0.45:
            self._feedback(v)

    # --- notices ----------------------------------------------------------
    def _notice(self, v: PlannedVisit, *, kind: str, template: str, text: str,
                sent_local: dt.datetime) -> None:
        rng = self._rng
        rows = self.tables["notice"]
        notice_id = len(rows) + 1
        sent = _utc(sent_local)
        delivered = rng.random() < 0.9
        rows.append({
            "id": notice_id,
            "visit_id": v.visit_id,
            "channel": "sms",
            "kind": kind,
            # Bound to the customer's row, as a drafted notice's copy is (hvdesk.security.pii).
            "phone_enc": self._cipher.encrypt(
                pii.CUSTOMER_PHONE.at(v.customer.customer_id), v.customer.phone),
            "phone_last4": v.customer.phone[-4:],
            "template": template,
            "text": text,
            "status": (NoticeStatus.DELIVERED if delivered else NoticeStatus.SENT).value,
            "gateway_ref": f"DEMO{notice_id:010d}",
            "created_at": sent - dt.timedelta(minutes=rng.randint(5, 90)),
            "queued_at": sent - dt.timedelta(seconds=rng.randint(1, 30)),
            "sent_at": sent,
            "delivered_at": sent + dt.timedelta(seconds=rng.randint(2, 40)) if delivered else None,
            "error": None,
            "version": 1,
        })

    def _notices(self, v: PlannedVisit) -> None:
        rng, b = self._rng, self._branch
        had_notice = v.status in _NOTIFIED or (
            v.status in (S.CANCELLED, S.RESCHEDULED) and rng.random() < 0.7
        )
        if not had_notice:
            return
        created_day = v.created_at.astimezone(SHANGHAI).date()
        # At least two days ahead (the 24-hour rule with room), never after today.
        sent_day = min(v.day - dt.timedelta(days=rng.choice((2, 2, 3))),
                       self._today - dt.timedelta(days=1))
        sent_day = max(sent_day, created_day)
        sent_local = _local(sent_day, rng.randint(13, 17), rng.randint(0, 59))
        addressee = polite_address(v.customer.name, v.customer.male)
        lead = v.team[0]
        self._notice(v, kind="notice", template=texts.NOTICE_TEMPLATE, sent_local=sent_local,
                     text=texts.notice_text(
                         signature=b.signature, addressee=addressee, lead=lead.name,
                         employee_no=lead.employee_no, team_size=len(v.team),
                         local_start=v.start, hotline=b.hotline))
        if v.status in (S.CANCELLED, S.RESCHEDULED):
            rescheduled = v.status is S.RESCHEDULED
            cancel_day = max(sent_day + dt.timedelta(days=1), v.day - dt.timedelta(days=1))
            self._notice(
                v, kind="reschedule" if rescheduled else "cancel",
                template=texts.RESCHEDULE_TEMPLATE if rescheduled else texts.CANCEL_TEMPLATE,
                sent_local=_local(min(cancel_day, v.day), 8, rng.randint(5, 55)),
                text=texts.cancel_text(signature=b.signature, addressee=addressee,
                                       local_start=v.start, hotline=b.hotline,
                                       rescheduled=rescheduled))

    # --- reports ----------------------------------------------------------
    def _report_status(self, v: PlannedVisit) -> ReportStatus:
        roll = self._rng.random()
        age = (self._today - v.day).days
        if age == 0:
            return ReportStatus.DRAFT if roll < 0.5 else ReportStatus.SUBMITTED
        if age <= 3:
            return (ReportStatus.SUBMITTED if roll < 0.45 else ReportStatus.APPROVED
                    if roll < 0.85 else ReportStatus.DRAFT if roll < 0.95
                    else ReportStatus.RETURNED)
        return (ReportStatus.APPROVED if roll < 0.85 else ReportStatus.SUBMITTED
                if roll < 0.92 else ReportStatus.RETURNED if roll < 0.97 else ReportStatus.DRAFT)

    def _outcome(self, v: PlannedVisit) -> ReportOutcome:
        if v.status is S.NO_SHOW:
            return ReportOutcome.NOBODY_HOME
        roll = self._rng.random()
        for share, outcome in ((0.78, ReportOutcome.MET_CUSTOMER),
                               (0.90, ReportOutcome.MET_FAMILY),
                               (0.93, ReportOutcome.REFUSED),
                               (0.97, ReportOutcome.MOVED_AWAY)):
            if roll < share:
                return outcome
        return ReportOutcome.ADDRESS_INVALID

    def _report(self, v: PlannedVisit) -> None:
        rng = self._rng
        rows = self.tables["visit_report"]
        status = self._report_status(v)
        outcome = self._outcome(v)
        arrived = v.start + dt.timedelta(minutes=rng.randint(-5, 10))
        left = max(arrived + dt.timedelta(minutes=10),
                   v.end + dt.timedelta(minutes=rng.randint(-15, 5)))
        submitted = reviewed = None
        reviewer = comment = None
        if status is not ReportStatus.DRAFT:
            submitted = left + dt.timedelta(minutes=rng.randint(20, 60 * 20))
            end_of_today = _local(self._today, 18, 0)
            if submitted > end_of_today:
                submitted = left + dt.timedelta(minutes=20)
        if status in (ReportStatus.APPROVED, ReportStatus.RETURNED) and submitted is not None:
            reviewed = min(submitted + dt.timedelta(minutes=rng.randint(30, 60 * 40)),
                           _local(self._today, 18, 0))
            if reviewed <= submitted:
                status, reviewed = ReportStatus.SUBMITTED, None
            else:
                reviewer = rng.choice(self._reviewers)
                comment = rng.choice(texts.RETURN_COMMENTS if status is ReportStatus.RETURNED
                                     else texts.REVIEW_COMMENTS)
        met = outcome in (ReportOutcome.MET_CUSTOMER, ReportOutcome.MET_FAMILY)
        row: dict[str, Any] = {
            "id": len(rows) + 1,
            "visit_id": v.visit_id,
            "author_id": v.team[0].user_id,
            "status": status.value,
            "outcome": outcome.value,
            "arrived_at": _utc(arrived),
            "left_at": _utc(left),
            "people_present": rng.choice(texts.PEOPLE_PRESENT[outcome.value]) if met else None,
            "household_size": None, "dependants": None, "housing": None,
            "income_sources": [], "other_debts": [], "assets": None, "attitude": None,
            "ability_to_repay": None, "willingness_to_repay": None, "customer_requests": None,
            "promise_amount": None, "promise_date": None,
            "recommendation": (rng.choice(texts.RECOMMENDATIONS) if met
                               else "建议电话联系后另约时间"),
            "conduct_checklist": dict.fromkeys(texts.CONDUCT_ITEMS, True),
            "findings": rng.choice(texts.FINDINGS) if met else _absent_finding(outcome),
            "reviewer_id": reviewer,
            "review_comment": comment,
            "submitted_at": _utc(submitted) if submitted else None,
            "reviewed_at": _utc(reviewed) if reviewed else None,
            "created_at": _utc(left),
            "version": 1,
        }
        if met:
            row.update(self._household(v, outcome))
        rows.append(row)

    def _household(self, v: PlannedVisit, outcome: ReportOutcome) -> dict[str, Any]:
        rng = self._rng
        size = rng.randint(1, 6)
        # What a visitor types in these free-text cells: Chinese words, not keys.
        incomes = [{"source": "工资", "monthly": f"{rng.randint(25, 120) * 100}.00"}]
        if rng.random() < 0.3:
            extra = rng.choice(("经营收入", "租金", "退休金", "务农收入", "配偶工资"))
            incomes.append({"source": extra, "monthly": f"{rng.randint(5, 60) * 100}.00"})
        debts = [
            {"kind": rng.choice(("信用卡", "房贷", "车贷", "亲友借款")),
             "amount": f"{rng.randint(10, 800) * 100}.00"}
            for _ in range(rng.choice((0, 0, 1, 1, 2)))
        ]
        overdue = v.purpose is VisitPurpose.OVERDUE
        promise = overdue and outcome is ReportOutcome.MET_CUSTOMER and rng.random() < 0.6
        return {
            "household_size": size,
            "dependants": rng.randint(0, min(3, size - 1)),
            "housing": rng.choice(list(Housing)).value,
            "income_sources": incomes,
            "other_debts": debts,
            "assets": rng.choice(texts.ASSETS),
            "attitude": rng.choices(list(Attitude), (20, 35, 40, 5))[0].value,
            "ability_to_repay": rng.choices((1, 2, 3, 4, 5), (5, 15, 30, 30, 20))[0],
            "willingness_to_repay": rng.choices((1, 2, 3, 4, 5), (3, 7, 20, 35, 35))[0],
            "customer_requests": rng.choice(texts.REQUESTS) if overdue else None,
            "promise_amount": Decimal(rng.randint(5, 100) * 100) if promise else None,
            "promise_date": v.day + dt.timedelta(days=rng.randint(3, 30)) if promise else None,
        }

    # --- feedback and cost -------------------------------------------------
    def _feedback(self, v: PlannedVisit) -> None:
        rng = self._rng
        rows = self.tables["feedback"]
        # About one in twenty, and at least one in any demo with some feedback.
        complaint = rng.random() < 0.02 or len(rows) % 20 == 3
        satisfaction = (rng.randint(1, 2) if complaint
                        else rng.choices((1, 2, 3, 4, 5), (2, 4, 14, 38, 42))[0])
        received = v.end + dt.timedelta(minutes=rng.randint(120, 60 * 72))
        received = max(v.end + dt.timedelta(hours=1), min(received, _local(self._today, 7, 0)))
        rows.append({
            "id": len(rows) + 1,
            "visit_id": v.visit_id,
            "channel": rng.choice(("sms", "sms", "phone", "wechat")),
            "satisfaction": satisfaction,
            "felt_respected": not complaint and (satisfaction >= 3 or rng.random() < 0.5),
            "is_complaint": complaint,
            "complaint_text": rng.choice(texts.COMPLAINTS) if complaint else None,
            "follow_up": rng.choice(texts.FOLLOW_UPS) if complaint and rng.random() < 0.7
            else None,
            "received_at": _utc(received),
        })

    def _cost(self, v: PlannedVisit) -> None:
        team_key = (v.day, tuple(m.user_id for m in v.team))
        here = (v.customer.lat, v.customer.lon)
        there = self._last_stop.get(team_key, (self._branch.lat, self._branch.lon))
        self._last_stop[team_key] = here
        if v.status is not S.COMPLETED:
            return
        rng = self._rng
        rows = self.tables["visit_cost"]
        km = round(distance_km(*there, *here) * 1.35, 1)  # roads are not straight
        minutes = v.travel_minutes + (v.end - v.start).total_seconds() / 60
        note = rng.choice(texts.COST_NOTES)
        rows.append({
            "id": len(rows) + 1,
            "visit_id": v.visit_id,
            "distance_km": Decimal(f"{km:.1f}"),
            "transport": _money(8 + 2.2 * km),  # a taxi: flag fall plus distance
            "staff_hours": _money(len(v.team) * minutes / 60),
            "other_expenses": _money(rng.randint(5, 30)) if note else Decimal("0.00"),
            "note": note,
        })


def _absent_finding(outcome: ReportOutcome) -> str:
    return {
        ReportOutcome.NOBODY_HOME: "按约定时间到达，家中无人，电话未接通，已留言约下次时间。",
        ReportOutcome.REFUSED: "客户不愿当面沟通，已礼貌告辞并留下服务热线。",
        ReportOutcome.MOVED_AWAY: "物业告知该户已搬离，未透露来访事由。",
        ReportOutcome.ADDRESS_INVALID: "登记地址无法找到对应门牌，需核实地址。",
    }.get(outcome, "")
