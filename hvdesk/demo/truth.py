"""The demo's hidden truth: how much a visit moves each customer (issue 20).

Every demo customer has a latent responsiveness ``z`` drawn from the seed and
the customer's id alone (a hash, not one of the generator's RNG streams, so the
customers a seed gives do not change). ``z`` and the days past due set the
chance of a payment within 30 days without a visit and with one; the generated
history (repayments, promises kept or broken, notices confirmed) is drawn from
these chances, so it carries a real signal for the ranking to find.

The world stated here: responsive customers keep their word and pay more
often, and a visit helps most those recently fallen behind; long arrears
rarely move, visit or not. Nothing of this is stored in a column the ranking
can read: the backtest recomputes it from the seed the ``demo`` audit event
records, to compare the ranking's estimates with the truth.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from hvdesk.model import AuditEvent

#: A payer pays this share of the overdue amount, drawn uniformly.
PAY_SHARE = (0.3, 1.0)


@dataclass(frozen=True, slots=True)
class Truth:
    without_visit: float  # P(payment within 30 days | no visit)
    with_visit: float  # P(payment within 30 days | visit)

    @property
    def uplift(self) -> float:
        return self.with_visit - self.without_visit


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def latent(seed: int, customer_id: int) -> float:
    """The customer's responsiveness, standard normal, fixed by seed and id."""
    digest = hashlib.blake2b(f"{seed}:{customer_id}".encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big")).gauss(0.0, 1.0)


def truth(seed: int, customer_id: int, days_past_due: int) -> Truth:
    z = latent(seed, customer_id)
    arrears = min(days_past_due, 360) / 90
    base = -2.0 + 0.9 * z - 0.7 * arrears
    # A visit never lowers the chance to pay; in long arrears it stops helping.
    visit = max(0.0, 1.7 + 0.5 * z - 1.1 * arrears)
    return Truth(_sigmoid(base), _sigmoid(base + visit))


def demo_seed(session: Session) -> int | None:
    """The seed of the demo this database holds, from its ``demo`` audit event; else None."""
    detail = session.scalar(
        select(AuditEvent.detail).where(AuditEvent.action == "demo").order_by(AuditEvent.id)
    )
    if not isinstance(detail, dict) or not isinstance(detail.get("seed"), int):
        return None
    return int(detail["seed"])
