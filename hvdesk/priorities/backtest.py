"""``hvdesk priorities backtest``: replay a period day by day against what was done.

For every day of the period with completed visits to overdue customers, three
policies choose that many customers among those a visit was allowed for
(not do-not-visit, under the contact cap, not chosen by the same policy in the
30 days before): the ranking (best expected value, the model refitted each
week on what was settled before that week), what was actually visited, and
"longest overdue first". Each choice is costed with the same estimate.

Recovered amounts: a customer chosen but not visited shows no outcome of a
visit, so with only the branch's data the figures are the repayments seen in
the 30 days after the day (whatever was done). On a demo database the
generator's hidden truth (:mod:`hvdesk.demo.truth`) gives each chosen
customer's expected recovery with a visit and the part a visit adds; those
are the figures to compare the policies by, and the ranking's estimated
uplift is compared with the true one (Spearman ρ).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sqlalchemy.orm import Session

from hvdesk.demo.truth import PAY_SHARE, demo_seed, truth
from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.priorities.features import (
    BranchHistory,
    CustomerFacts,
    contacts_in,
    load_history,
    paid_within,
)
from hvdesk.priorities.model import UpliftModel
from hvdesk.priorities.ranking import OUTCOME_DAYS, score, training_set, visit_cost
from hvdesk.priorities.service import _branch
from hvdesk.scheduling.context import branch_policy
from hvdesk.services import audit
from hvdesk.services.context import Actor
from hvdesk.visitreports.costs import cost_defaults
from hvdesk.visitreports.data import CostDefaults

POLICIES = ("ranking", "visited", "longest_overdue")
LABELS = {"ranking": "按预期价值排序", "visited": "实际上门", "longest_overdue": "逾期最久优先"}
_MEAN_SHARE = sum(PAY_SHARE) / 2


@dataclass
class PolicyResult:
    name: str
    visits: int = 0
    cost: float = 0.0
    observed: float = 0.0
    #: From the demo's truth: expected recovery with the visit, and the part the visit adds.
    expected: float = 0.0
    added: float = 0.0

    def per_cost(self, amount: float) -> float:
        return amount / self.cost if self.cost else 0.0


@dataclass(frozen=True, slots=True)
class DayRow:
    day: dt.date
    visits: int
    chosen: dict[str, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Backtest:
    branch_id: int
    date_from: dt.date
    date_to: dt.date
    results: dict[str, PolicyResult]
    days: tuple[DayRow, ...]
    truth_known: bool
    #: (model date, customers compared, Spearman ρ) per weekly refit.
    correlations: tuple[tuple[dt.date, int, float], ...]
    prior_weeks: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def rho(self) -> float | None:
        values = [r for _, n, r in self.correlations if n > 2]
        return float(np.mean(values)) if values else None

    def ratio(self) -> float | None:
        """Ranking over longest-overdue-first, in recovered amount per visit cost."""
        a, b = self.results["ranking"], self.results["longest_overdue"]
        if self.truth_known:
            mine, base = a.per_cost(a.added), b.per_cost(b.added)
        else:
            mine, base = a.per_cost(a.observed), b.per_cost(b.observed)
        return mine / base if base > 0 else None


def spearman(a: list[float], b: list[float]) -> float:
    if len(a) < 3:
        return float("nan")

    def ranks(v: list[float]) -> np.ndarray:
        arr = np.asarray(v, dtype=np.float64)
        order = arr.argsort(kind="mergesort")
        r = np.empty(len(arr))
        r[order] = np.arange(len(arr), dtype=np.float64)
        for value in np.unique(arr):  # ties share their mean rank
            tied = arr == value
            if tied.sum() > 1:
                r[tied] = r[tied].mean()
        return r

    ra, rb = ranks(a), ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return float("nan")
    return float(np.corrcoef(ra, rb)[0, 1])


class _Replay:
    def __init__(self, history: BranchHistory, costs: CostDefaults, cap: int,
                 seed: int | None) -> None:
        self.history, self.costs, self.cap, self.seed = history, costs, cap, seed
        self.results = {name: PolicyResult(name) for name in POLICIES}
        self.last_pick: dict[str, dict[int, dt.date]] = {name: {} for name in POLICIES}

    def allowed(self, policy: str, f: CustomerFacts, day: dt.date) -> bool:
        picked = self.last_pick[policy].get(f.customer_id)
        recent = picked is not None and (day - picked).days < OUTCOME_DAYS
        return (not f.do_not_visit and f.created <= day and not recent
                and contacts_in(f, day) < self.cap)

    def take(self, policy: str, ids: list[int], day: dt.date) -> None:
        result = self.results[policy]
        for cid in ids:
            f = self.history.customers[cid]
            self.last_pick[policy][cid] = day
            result.visits += 1
            result.cost += visit_cost(f.distance_km, self.costs)[0]
            result.observed += paid_within(f, day, OUTCOME_DAYS)
            if self.seed is not None:
                t = truth(self.seed, cid, f.days_past_due)
                result.expected += t.with_visit * _MEAN_SHARE * f.overdue
                result.added += t.uplift * _MEAN_SHARE * f.overdue


def run_backtest(session: Session, actor: Actor, date_from: dt.date, date_to: dt.date, *,
                 branch_id: int | None = None) -> Backtest:
    if date_to < date_from:
        raise ValidationError("date_to", msg("priorities.backtest.end_date_before",
                "the end date is before the start date"))
    if (date_to - date_from).days > 366:
        raise ValidationError("date_to", msg("priorities.backtest.replay_most_year",
                "replay at most a year"))
    branch = _branch(actor, branch_id)
    policy = branch_policy(session, branch)
    history = load_history(session, branch, policy.tz)
    seed = demo_seed(session)
    costs = cost_defaults(session, branch)
    replay = _Replay(history, costs, policy.max_visits_per_30_days, seed)
    facts = history.customers
    days: list[DayRow] = []
    correlations: list[tuple[dt.date, int, float]] = []
    prior_weeks = 0
    model: UpliftModel | None = None
    fitted_on: dt.date | None = None
    day = date_from
    while day <= date_to:
        if model is None or fitted_on is None or (day - fitted_on).days >= 7:
            model, fitted_on = training_set(history, day), day
            prior_weeks += model.fallback
            if seed is not None:
                ids = [c for c, f in facts.items() if f.created <= day and not f.do_not_visit]
                est = score(history, model, day, ids, costs)
                true = [truth(seed, s.customer_id, facts[s.customer_id].days_past_due).uplift
                        for s in est]
                correlations.append((day, len(est), spearman([s.uplift for s in est], true)))
        visited = sorted(c for c, f in facts.items() if any(d == day for d, _ in f.visits))
        if visited:
            chosen = {"visited": tuple(visited)}
            k = len(visited)
            open_rank = [c for c, f in facts.items() if replay.allowed("ranking", f, day)]
            ranked = sorted(score(history, model, day, open_rank, costs),
                            key=lambda s: (-s.value, s.customer_id))
            chosen["ranking"] = tuple(s.customer_id for s in ranked[:k])
            open_old = [f for f in facts.values() if replay.allowed("longest_overdue", f, day)]
            oldest = sorted(open_old, key=lambda f: (-f.days_past_due, -f.overdue, f.customer_id))
            chosen["longest_overdue"] = tuple(f.customer_id for f in oldest[:k])
            for name in POLICIES:
                replay.take(name, list(chosen[name]), day)
            days.append(DayRow(day, k, chosen))
        day += dt.timedelta(days=1)
    notes = ["每天选择的人数等于当天实际完成的上门人数（逾期客户）。",
             "逾期天数和金额为当前值（数据库不保留历史逾期状态）。"]
    if seed is None:
        notes.append("无生成器真值：回收金额为选中客户此后 30 天内实际还款（无论是否上门）。")
    else:
        notes.append("演示数据：回收金额按生成器真值计算（上门后预期回收，及其中由上门带来的部分）。")
    audit.record(session, actor, "backtest", "priorities", None, start=date_from.isoformat(),
                 end=date_to.isoformat(), days=len(days))
    return Backtest(branch, date_from, date_to, replay.results, tuple(days), seed is not None,
                    tuple(correlations), prior_weeks, tuple(notes))


def summary_lines(bt: Backtest) -> list[str]:
    lines = [f"backtest {bt.date_from} .. {bt.date_to}: {len(bt.days)} days with visits"]
    head = f"{'policy':<18}{'visits':>7}{'cost':>11}{'observed':>12}{'obs/cost':>9}"
    if bt.truth_known:
        head += f"{'expected':>12}{'exp/cost':>9}{'by visit':>11}{'add/cost':>9}"
    lines.append(head)
    for name in POLICIES:
        r = bt.results[name]
        line = (f"{name:<18}{r.visits:>7}{r.cost:>11.0f}{r.observed:>12.0f}"
                f"{r.per_cost(r.observed):>9.2f}")
        if bt.truth_known:
            line += (f"{r.expected:>12.0f}{r.per_cost(r.expected):>9.2f}{r.added:>11.0f}"
                     f"{r.per_cost(r.added):>9.2f}")
        lines.append(line)
    ratio = bt.ratio()
    basis = "added by the visit (truth)" if bt.truth_known else "observed"
    lines.append(f"ranking / longest overdue first, recovered per visit cost ({basis}): "
                 + (f"{ratio:.2f}x" if ratio is not None else "n/a"))
    if bt.rho is not None:
        lines.append(f"Spearman rho, estimated vs true uplift: {bt.rho:.3f} "
                     f"(mean of {len(bt.correlations)} weekly models)")
    if bt.prior_weeks:
        lines.append(f"{bt.prior_weeks} weekly model(s) fell back to the prior "
                     "(too little history)")
    return lines


def write_xlsx(bt: Backtest, path: Path, session: Session, actor: Actor) -> None:
    from openpyxl import Workbook  # noqa: PLC0415  (loaded only when writing)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "汇总"
    sheet.append(["策略", "上门次数", "成本", "30天实际还款", "实际还款/成本",
                  "预期回收(真值)", "预期回收/成本", "上门带来(真值)", "上门带来/成本"])
    for name in POLICIES:
        r = bt.results[name]
        sheet.append([LABELS[name], r.visits, round(r.cost, 2), round(r.observed, 2),
                      round(r.per_cost(r.observed), 4),
                      round(r.expected, 2) if bt.truth_known else None,
                      round(r.per_cost(r.expected), 4) if bt.truth_known else None,
                      round(r.added, 2) if bt.truth_known else None,
                      round(r.per_cost(r.added), 4) if bt.truth_known else None])
    ratio = bt.ratio()
    sheet.append([])
    sheet.append(["排序/逾期最久优先（每元成本回收）", round(ratio, 4) if ratio else None])
    sheet.append(["Spearman ρ（估计与真值）", round(bt.rho, 4) if bt.rho is not None else None])
    for note in bt.notes:
        sheet.append([note])
    daily = book.create_sheet("每日")
    daily.append(["日期", "人数", *(f"{LABELS[n]}（客户编号）" for n in POLICIES)])
    for row in bt.days:
        daily.append([row.day, row.visits,
                      *(" ".join(str(c) for c in row.chosen[n]) for n in POLICIES)])
    models = book.create_sheet("模型")
    models.append(["模型日期", "客户数", "Spearman ρ"])
    for day, n, rho in bt.correlations:
        models.append([day, n, None if math.isnan(rho) else round(rho, 4)])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    audit.record(session, actor, "export", "priorities_backtest", None, format="xlsx",
                 start=bt.date_from.isoformat(), end=bt.date_to.isoformat(), file=path.name)
    session.flush()
