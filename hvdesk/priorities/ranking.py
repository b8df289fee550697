"""Training rows, scores, costs and reasons: the pure part of the ranking.

A score is the expected value of visiting a customer on a day:
``(P(paid | visit) − P(paid | no visit)) × overdue amount × pay share − visit cost``,
where the pay share is what paying customers of the branch paid of their
overdue amount within 30 days, and the cost follows the cost model (the
visit's share of a day's route at the per-km rate, and the team's hours on
the visit and the road at the hourly rate, plus the per-person overhead).
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass

import numpy as np

from hvdesk.priorities.features import (
    FEATURE_NAMES,
    BranchHistory,
    CustomerFacts,
    in_sample,
    paid_within,
    vector,
)
from hvdesk.priorities.model import PRIOR, Array, UpliftModel, fit
from hvdesk.visitreports.data import CostDefaults

OUTCOME_DAYS = 30
#: Untreated rows: one look every this many days over this many days back.
SNAPSHOT_EVERY = 14
SNAPSHOT_SPAN = 240
#: A customer known for less than this stands at the prior.
NEW_CUSTOMER_DAYS = 60

#: Cost estimate before a route exists: a day has about this many stops, the
#: road is this much longer than the straight line, a stop adds a local leg.
STOPS_PER_DAY = 5
ROAD_FACTOR = 1.35
LOCAL_KM = 3.0
SPEED_KMH = 30.0
TEAM_SIZE = 2
VISIT_HOURS = 1.0


@dataclass(frozen=True, slots=True)
class Reason:
    text: str
    #: Change of the estimated uplift this fact makes (positive: a visit helps more).
    effect: float


@dataclass(frozen=True, slots=True)
class Score:
    customer_id: int
    without_visit: float
    with_visit: float
    stake: float
    expected_gain: float
    cost: float
    hours: float
    value: float
    reasons: tuple[Reason, ...]
    prior: bool

    @property
    def uplift(self) -> float:
        return self.with_visit - self.without_visit


def training_set(history: BranchHistory, as_of: dt.date, control_every: int = 1
                 ) -> UpliftModel:
    """Fit on what was settled before ``as_of``: visits and look-backs with 30 days behind them.

    ``control_every`` > 1: the untreated look-backs come only from the customers
    :func:`~hvdesk.priorities.features.in_sample` (one in ``control_every``), each row
    weighted by it (every visit row is kept). A branch
    of a million customers has a few thousand visits but millions of look-backs;
    all of them took gigabytes and minutes (issue 19). ``history`` then needs every
    visited customer and those sampled ones (:func:`fitted` loads just them).
    """
    # Packed doubles, not lists of floats: a large branch has 10^5 rows and Python
    # float objects took ~5 times the memory (kept by the allocator afterwards).
    xs = array("d")
    ts = array("d")
    ys = array("d")
    ws = array("d")
    # The pay share: the mean over paying rows, each counted round(weight) times.
    share_sum = 0.0
    share_rows = 0
    last = as_of - dt.timedelta(days=OUTCOME_DAYS + 1)

    def add(f: CustomerFacts, day: dt.date, visited: bool, weight: float = 1.0) -> None:
        nonlocal share_sum, share_rows
        got = paid_within(f, day, OUTCOME_DAYS)
        xs.extend(vector(f, day))
        ts.append(1.0 if visited else 0.0)
        ys.append(1.0 if got > 0 else 0.0)
        ws.append(weight)
        if got > 0 and f.overdue > 0:
            share_sum += min(1.0, got / f.overdue) * round(weight)
            share_rows += round(weight)

    for cid in sorted(history.customers):
        f = history.customers[cid]
        visit_days = [d for d, _ in f.visits]
        for day in visit_days:
            if f.created <= day <= last:
                add(f, day, True)
        if not in_sample(cid, control_every):
            continue
        day = last
        while day >= as_of - dt.timedelta(days=SNAPSHOT_SPAN) and day >= f.created:
            near = any(abs((d - day).days) <= OUTCOME_DAYS for d in visit_days)
            if not near:
                add(f, day, False, float(control_every))
            day -= dt.timedelta(days=SNAPSHOT_EVERY)
    share = share_sum / share_rows if share_rows >= 20 else PRIOR.pay_share
    if not xs:
        return fit(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0), np.zeros(0), share)
    weight = np.frombuffer(ws) if control_every > 1 else None
    x = np.frombuffer(xs).reshape(-1, len(FEATURE_NAMES))
    return fit(x, np.frombuffer(ts), np.frombuffer(ys), share, weight)


def visit_cost(distance_km: float | None, d: CostDefaults) -> tuple[float, float]:
    """(cost in yuan, team hours) of one visit before it is routed."""
    km = ROAD_FACTOR * 2 * (distance_km or 0.0) / STOPS_PER_DAY + LOCAL_KM
    hours_each = VISIT_HOURS + km / SPEED_KMH + float(d.overhead_hours)
    hours = TEAM_SIZE * hours_each
    cost = km * float(d.per_km) + hours * float(d.hourly_rate) + float(d.other_expenses)
    return cost, hours


def _money(value: float) -> str:
    return f"¥{value:,.0f}"


def _phrase(  # noqa: PLR0911 - one phrase per feature
        name: str, f: CustomerFacts, x: list[float]) -> str:
    value = dict(zip(FEATURE_NAMES, x, strict=True))[name]
    n = int(value)
    if name in ("months_past_due", "amount_log10"):
        return f"逾期 {f.days_past_due} 天，金额 {_money(f.overdue)}"
    if name == "distance_km":
        return f"距离网点 {value:.0f} 公里" if f.distance_km is not None else "位置未知"
    if name == "repayments_180d":
        return f"近 180 天还款 {n} 次" if n else "近 180 天无还款"
    if name == "paid_last_30d":
        return "近 30 天有还款" if n else "近 30 天无还款"
    if name == "promises_kept":
        return f"以往承诺已兑现 {n} 次" if n > 1 else "上次承诺已兑现" if n else "无已兑现的承诺"
    if name == "promises_broken":
        return f"承诺未兑现 {n} 次" if n else "无未兑现的承诺"
    if name == "visits_90d":
        return f"近 90 天已上门 {n} 次" if n else "近 90 天未上门"
    if name == "met_last_visit":
        return "上次上门见到本人或家属" if n else "上次上门未见到人"
    return f"曾 {n} 次回复确认上门通知" if n else "未回复过上门通知"


def score(history: BranchHistory, model: UpliftModel, day: dt.date, ids: list[int],
          costs: CostDefaults, top: int = 3) -> list[Score]:
    """Scores of the customers ``ids`` on ``day``, in the order given."""
    if not ids:
        return []
    facts = [history.customers[c] for c in ids]
    x = np.asarray([vector(f, day) for f in facts], dtype=np.float64)
    p0, p1 = model.predict(x)
    uplift = p1 - p0
    # What each fact contributes: the uplift with that feature at the branch's mean.
    effects = np.zeros_like(x)
    if not model.fallback:
        for j in range(x.shape[1]):
            neutral = x.copy()
            neutral[:, j] = model.mean[j]
            q0, q1 = model.predict(neutral)
            effects[:, j] = uplift - (q1 - q0)
    out = []
    for i, f in enumerate(facts):
        new = f.created > day - dt.timedelta(days=NEW_CUSTOMER_DAYS)
        w0, w1 = float(p0[i]), float(p1[i])
        if new or model.fallback:
            w0, w1 = PRIOR.without_visit, PRIOR.without_visit + PRIOR.uplift
        cost, hours = visit_cost(f.distance_km, costs)
        gain = (w1 - w0) * f.overdue * model.pay_share
        out.append(Score(f.customer_id, w0, w1, f.overdue, gain, cost, hours, gain - cost,
                         _reasons(f, x[i], effects[i], new or model.fallback, top),
                         new or model.fallback))
    return out


def _reasons(f: CustomerFacts, x: Array, effects: Array, prior: bool,
             top: int) -> tuple[Reason, ...]:
    row = [float(v) for v in x]
    if prior:
        return (Reason("历史不足，按先验估计", 0.0),
                Reason(_phrase("months_past_due", f, row), 0.0),
                Reason(_phrase("distance_km", f, row), 0.0))
    # The facts that move the uplift most, then always the stake and the distance:
    # the value scales with the amount and the cost with the way there.
    order = sorted(range(len(FEATURE_NAMES)), key=lambda j: -abs(float(effects[j])))
    always = ("months_past_due", "distance_km")
    seen: dict[str, float] = {}
    for j in order:
        text = _phrase(FEATURE_NAMES[j], f, row)
        if text in seen:
            seen[text] += float(effects[j])
        elif len(seen) < top - 1 or FEATURE_NAMES[j] in always:
            seen[text] = float(effects[j])
    return tuple(Reason(t, e) for t, e in seen.items())


def reasons_text(reasons: tuple[Reason, ...]) -> str:
    """One line: each reason with ↑ where it makes a visit worth more, ↓ where less."""
    def mark(r: Reason) -> str:
        return "↑" if r.effect > 0.005 else "↓" if r.effect < -0.005 else ""
    return "；".join(r.text + mark(r) for r in reasons)


def mean_uplift(scores: list[Score]) -> float:
    return float(np.mean([s.uplift for s in scores])) if scores else 0.0
