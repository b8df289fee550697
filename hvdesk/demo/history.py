"""The payment side of the demo: repayments, promises to pay, notice replies (issue 20).

Drawn from the hidden truth (:mod:`hvdesk.demo.truth`) of each overdue
customer the planner may visit: without a visit a customer pays in a 30-day
stretch with the truth's chance; a visit that met someone adds a payment
within 25 days with the chance that lifts it to the truth's "with a visit";
promises made on the visit are kept when that payment comes, and judged as
the promise service would judge them today. Notices are confirmed ("1") more
often by responsive customers. Its own RNG stream, so every row the
generator made before stays as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from hvdesk.demo.customers import Candidate
from hvdesk.demo.schedule import SHANGHAI, PlannedVisit
from hvdesk.demo.truth import PAY_SHARE, latent, truth
from hvdesk.model import ReportOutcome, VisitStatus
from hvdesk.visitreports.promises import judge

#: Repayments go back this far, so features looking 180 days back have data at the start.
HISTORY_DAYS = 300
_BLOCK = 15
_MET = {ReportOutcome.MET_CUSTOMER.value, ReportOutcome.MET_FAMILY.value}
_FILED = {"submitted", "approved"}

Rows = list[dict[str, Any]]


def _sigmoid(x: float) -> float:
    return 1 / (1 + 2.718281828459045 ** -x)


class History:
    def __init__(self, seed: int, today: dt.date, overdue: list[Candidate]) -> None:
        digest = hashlib.blake2b(f"history:{seed}".encode(), digest_size=8).digest()
        self._rng = random.Random(int.from_bytes(digest, "big"))
        self._seed = seed
        self._today = today
        self._overdue = {c.customer_id: c for c in overdue}
        self.repayments: Rows = []
        self.promises: Rows = []

    def _pay(self, cid: int, day: dt.date, stake: Decimal) -> Decimal:
        share = self._rng.uniform(*PAY_SHARE)
        amount = max(Decimal(1), (stake * Decimal(str(share))).quantize(Decimal(1)))
        rid = len(self.repayments) + 1
        at = dt.datetime.combine(day, dt.time(12, 0), SHANGHAI).astimezone(dt.UTC)
        self.repayments.append({
            "id": rid, "customer_id": cid, "amount": amount, "paid_on": day,
            "source": "import", "reference": f"DEMO-R{rid:08d}", "created_by_id": None,
            "created_at": at,
        })
        return amount

    def build(self, planned: list[PlannedVisit], tables: dict[str, Rows]) -> None:
        rng, today = self._rng, self._today
        reports = {r["visit_id"]: r for r in tables["visit_report"]}
        visits_of: dict[int, list[PlannedVisit]] = defaultdict(list)
        for v in planned:
            visits_of[v.customer.customer_id].append(v)
        paid: dict[int, list[tuple[dt.date, Decimal]]] = defaultdict(list)
        start = today - dt.timedelta(days=HISTORY_DAYS)
        for cid in sorted(self._overdue):
            c = self._overdue[cid]
            t = truth(self._seed, cid, c.max_dpd)
            stake = c.overdue
            if stake <= 0:
                continue
            # Two 15-day stretches make 30 days: the same chance over any 30 days.
            p_block = 1 - (1 - t.without_visit) ** 0.5
            block = start
            while block < today:
                if rng.random() < p_block:
                    day = block + dt.timedelta(days=rng.randrange(_BLOCK))
                    if day < today:
                        paid[cid].append((day, self._pay(cid, day, stake)))
                block += dt.timedelta(days=_BLOCK)
            lift = t.uplift / (1 - t.without_visit)
            for v in sorted(visits_of.get(cid, []), key=lambda v: v.visit_id):
                report = reports.get(v.visit_id)
                if v.status is not VisitStatus.COMPLETED or v.day >= today or report is None:
                    continue
                if report["outcome"] not in _MET:
                    continue
                moved = rng.random() < lift
                pay_day = v.day + dt.timedelta(days=rng.randint(1, 25))
                if moved and pay_day < today:
                    paid[cid].append((pay_day, self._pay(cid, pay_day, stake)))
                self._promise(v, report, moved, pay_day, stake, paid[cid])

    def _promise(self, v: PlannedVisit, report: dict[str, Any], moved: bool, pay_day: dt.date,
                 stake: Decimal, paid: list[tuple[dt.date, Decimal]]) -> None:
        """Replace the report's promise with one that follows the customer's behaviour."""
        rng = self._rng
        report["promise_amount"] = report["promise_date"] = None
        if report["outcome"] != ReportOutcome.MET_CUSTOMER.value:
            return
        if not rng.random() < (0.85 if moved else 0.4):
            return
        amount = (stake * Decimal(str(rng.uniform(0.2, 0.3)))).quantize(Decimal(1))
        amount = max(amount, Decimal(100))
        due = pay_day + dt.timedelta(days=rng.randint(0, 5)) if moved \
            else v.day + dt.timedelta(days=rng.randint(3, 25))
        report["promise_amount"], report["promise_date"] = amount, due
        if report["status"] not in _FILED:
            return
        got = sum((a for d, a in paid if v.day <= d <= due), Decimal(0))
        self.promises.append({
            "id": len(self.promises) + 1, "report_id": report["id"], "visit_id": v.visit_id,
            "customer_id": v.customer.customer_id, "amount": amount, "promised_on": v.day,
            "due": due, "paid": got, "status": judge(amount, got, due, self._today),
            "judged_at": report["submitted_at"], "version": 1,
        })

    def replies(self, planned: list[PlannedVisit], notices: Rows) -> None:
        """Visit notices confirmed with "1", by responsive customers more often."""
        rng = self._rng
        customer_of = {v.visit_id: v.customer.customer_id for v in planned}
        for row in notices:
            row["reply"] = row["replied_at"] = None
            if row["kind"] != "notice":
                continue
            cid = customer_of[row["visit_id"]]
            chance = _sigmoid(1.2 * latent(self._seed, cid)) if cid in self._overdue else 0.5
            if rng.random() < chance:
                at = row["sent_at"] + dt.timedelta(minutes=rng.randint(3, 240))
                if at.astimezone(SHANGHAI).date() < self._today:
                    row["reply"], row["replied_at"] = "1", at
