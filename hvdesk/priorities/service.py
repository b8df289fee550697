"""The ranking as a service: who is worth a visit now, and the weights behind it.

Coordinators and managers of a branch see their branch (an admin names one).
The model is fitted on demand from the branch's history: it is small (a few
thousand rows, well under a second), so a fitted model is never stale and
never stored.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from hvdesk import clock
from hvdesk.database import passing_read
from hvdesk.errors import PermissionDenied, ValidationError
from hvdesk.messages import msg
from hvdesk.priorities.features import (
    FEATURES,
    BranchHistory,
    contacts_in,
    load_history,
    overdue_customers,
)
from hvdesk.priorities.model import L2_MAIN, L2_VISIT, MIN_ROWS, MIN_VISITS, PRIOR, UpliftModel
from hvdesk.priorities.ranking import Score, score, training_set
from hvdesk.scheduling.context import branch_policy
from hvdesk.security import scope
from hvdesk.security.roles import Permission
from hvdesk.services.context import Actor
from hvdesk.visitreports.costs import cost_defaults

#: Past this many overdue customers the fit samples the untreated look-backs. At 1M
#: customers (332k overdue): the full fit 59-75 s and 3.3 GB peak RSS; with 20,000,
#: 4-5 s, and the ranking of 300 due customers has Spearman 0.995 to the full one's.
TRAINING_CUSTOMERS = 20_000


@dataclass(frozen=True, slots=True)
class Priority:
    """One customer's expected value of a visit, with the reasons in Chinese."""

    score: Score
    #: Visits in the last 30 days, and whether another would pass the contact cap.
    recent_visits: int
    at_cap: bool
    do_not_visit: bool


@dataclass(frozen=True, slots=True)
class Weight:
    name: str
    label: str
    #: Per standard deviation of the feature: who pays anyway, and what a visit adds.
    without_visit: float
    with_visit: float
    mean: float
    scale: float


@dataclass(frozen=True, slots=True)
class Weights:
    branch_id: int
    as_of: dt.date
    intercept: float
    visit: float
    weights: tuple[Weight, ...]
    pay_share: float
    rows: int
    visits: int
    fallback: bool
    explanation: str


def _branch(actor: Actor, branch_id: int | None) -> int:
    if not (actor.can(Permission.VISIT_SCHEDULE) or actor.can(Permission.DASHBOARD_VIEW)):
        raise PermissionDenied(msg("priorities.service.login_role_may",
                "{login} ({role}) may not see visit priorities",
                login=actor.login, role=actor.role.value))
    branch = branch_id if branch_id is not None else scope.branch_of(actor)
    if branch is None:
        raise ValidationError("branch", msg("priorities.service.name_branch_whose",
                "name the branch whose priorities to show"))
    scope.require_branch(actor, branch, msg("scope.this_branch", "this branch"))
    return branch


def fitted(session: Session, actor: Actor, *, branch_id: int | None = None,
           day: dt.date | None = None) -> tuple[BranchHistory, UpliftModel, dt.date]:
    """The branch's history and the model fitted on it as of ``day`` (default: today)."""
    branch = _branch(actor, branch_id)
    zone = branch_policy(session, branch).tz
    day = day or clock.today(zone)
    # A bounded training set: past TRAINING_CUSTOMERS overdue customers the untreated
    # look-backs are a weighted sample (every visit is kept), see ``training_set``.
    every = max(1, math.ceil(overdue_customers(session, branch) / TRAINING_CUSTOMERS))
    with passing_read(session):
        history = load_history(session, branch, zone, sample_every=every)
    return history, training_set(history, day, control_every=every), day


def rank(session: Session, actor: Actor, *, branch_id: int | None = None,
         day: dt.date | None = None, customer_ids: list[int] | None = None,
         limit: int | None = None) -> list[Priority]:
    """Overdue customers of the branch (or those named), best expected value first.

    Customers at the contact cap or marked do-not-visit are listed last, with
    ``at_cap`` / ``do_not_visit`` set: the ranking never pushes one past a rule.
    """
    branch = _branch(actor, branch_id)
    policy = branch_policy(session, branch)
    history, model, day = fitted(session, actor, branch_id=branch, day=day)
    if customer_ids is not None:
        named = load_history(session, branch, policy.tz, sorted(set(customer_ids)))
        history = BranchHistory(branch, history.home, {**history.customers, **named.customers})
        ids = sorted(named.customers)
    else:
        if overdue_customers(session, branch) > TRAINING_CUSTOMERS:
            # The fit saw a sample: the ranking of everyone needs everyone.
            with passing_read(session):
                history = load_history(session, branch, policy.tz)
        ids = sorted(history.customers)
    scores = score(history, model, day, ids, cost_defaults(session, branch))
    out = []
    for s in scores:
        f = history.customers[s.customer_id]
        recent = contacts_in(f, day)
        out.append(Priority(s, recent, recent >= policy.max_visits_per_30_days, f.do_not_visit))
    out.sort(key=lambda p: (p.at_cap or p.do_not_visit, -p.score.value, p.score.customer_id))
    return out[:limit] if limit is not None else out


def weights(session: Session, actor: Actor, *, branch_id: int | None = None,
            day: dt.date | None = None) -> Weights:
    """What the ranking learned, for the manager: one line per feature."""
    branch = _branch(actor, branch_id)
    _history, model, day = fitted(session, actor, branch_id=branch, day=day)
    rows = tuple(
        Weight(name, label, model.main[j], model.interaction[j], model.mean[j], model.scale[j])
        for j, (name, label) in enumerate(FEATURES)
    )
    if model.fallback:
        text = (f"历史不足（需至少 {MIN_VISITS} 次已满 30 天的上门、{MIN_ROWS} 条记录），"
                f"按先验估计：不上门 30 天内还款概率 {PRIOR.without_visit:.0%}，"
                f"上门提高 {PRIOR.uplift:.0%}，还款比例 {PRIOR.pay_share:.0%}。")
    else:
        text = (f"逻辑回归，{model.rows} 条记录（其中上门 {model.visits} 次），"
                f"权重按特征标准差计；正则化强度：不上门 {L2_MAIN}，上门交互 {L2_VISIT}。"
                f"入网不足 60 天的客户按先验估计。")
    return Weights(branch, day, model.intercept, model.visit, rows, model.pay_share,
                   model.rows, model.visits, model.fallback, text)
