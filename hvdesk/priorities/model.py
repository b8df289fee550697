"""A logistic regression with a visit term and visit interactions, fitted with numpy.

    logit P(paid within 30 days) = a + w·x + visit · (b + v·x)

``x`` are the standardised features of :mod:`hvdesk.priorities.features`.
``w`` says who pays anyway, ``b + v·x`` what a visit adds, so the uplift of a
visit is P(x, visit) − P(x, no visit). A Gaussian prior on the weights (L2,
stronger on the interactions ``v``) keeps a small branch's weights near zero
instead of fitting its noise; :data:`PRIOR` is the stated fallback when the
branch has too few visits to learn from. Fitted by Newton's method (IRLS).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hvdesk.priorities.features import FEATURE_NAMES

Array = npt.NDArray[np.float64]

#: Shrinkage: prior precision on w and on v (the visit interactions).
L2_MAIN = 1.0
L2_VISIT = 20.0
#: Below these, the branch's history is too thin: the prior stands.
MIN_VISITS = 30
MIN_ROWS = 200


@dataclass(frozen=True, slots=True)
class Prior:
    """Stated beliefs used where history is missing (a new branch or a new customer)."""

    without_visit: float = 0.15
    uplift: float = 0.10
    #: Share of the overdue amount a paying customer pays within 30 days.
    pay_share: float = 0.5


PRIOR = Prior()


@dataclass(frozen=True, slots=True)
class UpliftModel:
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    intercept: float
    main: tuple[float, ...]
    visit: float
    interaction: tuple[float, ...]
    pay_share: float
    rows: int
    visits: int
    fallback: bool = False

    def predict(self, x: Array) -> tuple[Array, Array]:
        """(P without a visit, P with a visit) for each row of ``x`` (raw features)."""
        if self.fallback:
            n = x.shape[0]
            return (np.full(n, PRIOR.without_visit),
                    np.full(n, PRIOR.without_visit + PRIOR.uplift))
        z = (x - np.asarray(self.mean)) / np.asarray(self.scale)
        base = self.intercept + z @ np.asarray(self.main)
        lift = self.visit + z @ np.asarray(self.interaction)
        return _sigmoid(base), _sigmoid(base + lift)


def _sigmoid(t: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(t, -30, 30))), dtype=np.float64)


def prior_model(rows: int = 0, visits: int = 0) -> UpliftModel:
    k = len(FEATURE_NAMES)
    zero = (0.0,) * k
    return UpliftModel((0.0,) * k, (1.0,) * k, 0.0, zero, 0.0, zero, PRIOR.pay_share,
                       rows, visits, fallback=True)


#: Rows per block of the Newton steps: the n × (2k + 2) design matrix and its weighted
#: copy are built a block at a time. Whole, at 1M customers (160,000 rows) they and
#: the temporaries beside them peaked at ~97 MB, which the allocator then kept in
#: the application (issue 19: the calendar's priorities held ~90 MB afterwards).
BLOCK_ROWS = 8192


def fit(x: Array, visited: Array, paid: Array, pay_share: float,
        weight: Array | None = None) -> UpliftModel:
    """Fit on rows of raw features, visit flags (0/1) and outcomes (0/1).

    ``weight``: how many rows of the full history each row stands for (a sample of
    the untreated rows, see :func:`hvdesk.priorities.ranking.training_set`); the
    weighted likelihood estimates the full one. None: every row stands for itself.
    """
    n, k = x.shape
    visits = int(visited.sum())
    if n < MIN_ROWS or visits < MIN_VISITS:
        return prior_model(n, visits)
    w = np.ones(n) if weight is None else weight
    total = float(w.sum())
    mean = np.zeros(k)
    square = np.zeros(k)
    for lo in range(0, n, BLOCK_ROWS):
        block, wb = x[lo:lo + BLOCK_ROWS], w[lo:lo + BLOCK_ROWS]
        mean += wb @ block
    mean /= total
    for lo in range(0, n, BLOCK_ROWS):
        centred = x[lo:lo + BLOCK_ROWS] - mean
        square += w[lo:lo + BLOCK_ROWS] @ (centred * centred)
    scale = np.sqrt(square / total)
    scale[scale < 1e-9] = 1.0
    penalty = np.array([0.0] + [L2_MAIN] * k + [0.0] + [L2_VISIT] * k)
    beta = np.zeros(2 * k + 2)
    for _ in range(50):
        grad = -penalty * beta
        hess = np.diag(penalty + 1e-9)
        for lo in range(0, n, BLOCK_ROWS):
            hi = min(n, lo + BLOCK_ROWS)
            z = (x[lo:hi] - mean) / scale
            t = visited[lo:hi].reshape(-1, 1)
            design = np.hstack([np.ones((hi - lo, 1)), z, t, z * t])
            p = _sigmoid(design @ beta)
            wb = w[lo:hi]
            grad += design.T @ (wb * (paid[lo:hi] - p))
            hess += (design * (wb * p * (1 - p))[:, None]).T @ design
        step = np.linalg.solve(hess, grad)
        beta += step
        if float(np.abs(step).max()) < 1e-8:
            break
    return UpliftModel(
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        intercept=float(beta[0]),
        main=tuple(float(v) for v in beta[1:k + 1]),
        visit=float(beta[k + 1]),
        interaction=tuple(float(v) for v in beta[k + 2:]),
        pay_share=pay_share,
        rows=n,
        visits=visits,
    )
