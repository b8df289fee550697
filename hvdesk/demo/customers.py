"""Customer and loan-account rows, made a chunk at a time as plain dicts.

Everything here depends on the seed only, never on the day the demo runs:
dates are relative to :data:`ANCHOR`, so the same seed and size give the same
tables on any day. Customers who could be visited are sampled into a small
pool on the way, so the visit planner never has to read a million rows back.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from hvdesk.demo.fastrand import pick, randint
from hvdesk.demo.numbers import IdNumbers, PhoneNumbers
from hvdesk.demo.people import full_name
from hvdesk.demo.places import Places
from hvdesk.model import LocationPrecision
from hvdesk.names import name_initials
from hvdesk.security import pii
from hvdesk.security.crypto import FieldCipher

#: Loan figures are "as of" this instant, whatever today is.
ANCHOR = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
AS_OF = ANCHOR.date()

#: (product, weight, lowest principal, highest principal, terms in months, yearly rate)
_PRODUCTS: tuple[tuple[str, int, int, int, tuple[int, ...], float], ...] = (
    ("消费贷", 35, 5_000, 100_000, (12, 24, 36), 0.12),
    ("现金贷", 20, 3_000, 50_000, (6, 12), 0.18),
    ("分期付款", 20, 3_000, 30_000, (6, 12, 24), 0.10),
    ("装修分期", 8, 30_000, 200_000, (24, 36, 60), 0.08),
    ("教育分期", 7, 8_000, 60_000, (12, 24), 0.09),
    ("汽车消费贷", 10, 50_000, 200_000, (36, 60), 0.07),
)
_PRODUCT_CUM = tuple(sum(p[1] for p in _PRODUCTS[: i + 1]) for i in range(len(_PRODUCTS)))

#: Days-past-due buckets: (cumulative share, lowest, highest). Most customers pay.
_DPD_BUCKETS = ((0.72, 0, 0), (0.85, 1, 30), (0.91, 31, 60), (0.95, 61, 90), (1.0, 91, 720))

_DNV_SHARE = 0.004
_DNV_REASONS = (
    "客户书面要求不上门，改为电话及书面沟通",
    "家中有重病人需静养，客户请求暂缓上门",
    "客户已委托律师处理，来访须经律师预约",
    "客户对上次来访投诉，经理决定暂停上门",
    "客户长期在外务工，户籍地址无人居住",
)


#: Names repeat a lot across a million customers; pypinyin costs ~20 us a call.
_initials = lru_cache(maxsize=200_000)(name_initials)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A customer the planner may visit (kept in memory only, never logged)."""

    customer_id: int
    name: str
    male: bool
    phone: str
    address: str
    lat: float
    lon: float
    max_dpd: int
    #: Total overdue over the customer's loans: the stake of the demo's repayment history.
    overdue: Decimal = Decimal(0)


class _Reservoir:
    """A uniform sample of fixed size from a stream (Algorithm R)."""

    def __init__(self, size: int, rng: random.Random) -> None:
        self.size, self.rng, self.seen = size, rng, 0
        self.items: list[Candidate] = []

    def offer(self, item: Candidate) -> None:
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
            return
        j = self.rng.randrange(self.seen)
        if j < self.size:
            self.items[j] = item


#: Keys of the clear numbers in a made row, replaced by their encrypted columns.
ID_KEY = "_id_number"
PHONE_KEY = "_phone"


def encrypt_rows(cipher: FieldCipher, rows: list[dict[str, Any]]) -> None:
    """Swap the clear numbers of made rows for the columns stored (in place)."""
    for row in rows:
        row.update(pii.id_columns(cipher, row["id"], row.pop(ID_KEY)))
        row.update(pii.phone_columns(cipher, row["id"], row.pop(PHONE_KEY)))


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


class CustomerMaker:
    """Makes customers ``1..N`` and their loans in order, chunk by chunk."""

    def __init__(self, rng: random.Random, branch_id: int, places: Places,
                 pool_size: int = 4000) -> None:
        self._rng = random.Random(rng.getrandbits(64))
        self._ids = IdNumbers(rng)
        self._phones = PhoneNumbers(rng)
        pool_rng = random.Random(rng.getrandbits(64))
        self.overdue_pool = _Reservoir(pool_size * 3 // 4, pool_rng)
        self.other_pool = _Reservoir(pool_size // 4, pool_rng)
        self._branch_id = branch_id
        self._places = places
        self._next_loan_id = 1

    def chunk(self, first_id: int, count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        customers: list[dict[str, Any]] = []
        loans: list[dict[str, Any]] = []
        for cid in range(first_id, first_id + count):
            customer_loans = self._loans(cid)
            customers.append(self._customer(cid, customer_loans))
            loans.extend(customer_loans)
        return customers, loans

    # --- customers --------------------------------------------------------
    def _customer(self, cid: int, loans: list[dict[str, Any]]) -> dict[str, Any]:
        rng, places = self._rng, self._places
        reg = places.district(places.registered(rng))
        number, male = self._ids.next(reg.code6)
        name = full_name(rng, male)
        mobile = self._phones.next(rng)
        reg_text, street = places.address(rng, reg)
        if places.in_chengdu(reg.code6) and rng.random() < 0.7:
            cur_code, cur_text = reg.code6, reg_text  # lives where registered
        elif rng.random() < 0.08:
            cur_code, cur_text = None, None  # never told us
        else:
            cur = places.district(places.current(rng))
            cur_code = cur.code6
            cur_text = places.address(rng, cur)[0]
        lat, lon = places.jitter(rng, reg, street)
        dnv = rng.random() < _DNV_SHARE
        first_opened = min(loan["opened_on"] for loan in loans)
        # Seconds before the anchor: signed up a few days before the first
        # loan, in office hours (09:00-21:00 Shanghai = 01:00-13:00 UTC).
        before = ((AS_OF - first_opened).days + randint(rng, 0, 7)) * 86_400
        before -= randint(rng, 3_600, 13 * 3_600 - 1)
        before = max(before, 3_600)
        created = ANCHOR - dt.timedelta(seconds=before)
        updated = created + dt.timedelta(seconds=int(before * rng.random() ** 2))
        max_dpd = max(loan["days_past_due"] for loan in loans)
        overdue = sum((loan["overdue_amount"] for loan in loans), Decimal(0))
        if places.in_chengdu(reg.code6) and not dnv:
            pool = self.overdue_pool if max_dpd > 0 else self.other_pool
            pool.offer(Candidate(cid, name, male, mobile, reg_text, lat, lon, max_dpd, overdue))
        return {
            "id": cid,
            "branch_id": self._branch_id,
            "name": name,
            "name_initials": _initials(name),
            # Encrypted by the process that writes (see :func:`encrypt_rows`).
            ID_KEY: number,
            PHONE_KEY: mobile,
            "registered_address": reg_text,
            "registered_adcode": reg.code6,
            "current_address": cur_text,
            "current_adcode": cur_code,
            "latitude": lat,
            "longitude": lon,
            "location_precision": (
                LocationPrecision.STREET if street else LocationPrecision.DISTRICT
            ).value,
            "location_source": "demo",
            "days_past_due": max_dpd,
            "overdue_amount": overdue,
            "do_not_visit": dnv,
            "do_not_visit_reason": pick(rng, _DNV_REASONS) if dnv else None,
            "created_at": created,
            "updated_at": updated,
            "updated_by_id": None,
            "version": 1,
        }

    # --- loans ------------------------------------------------------------
    def _dpd(self) -> int:
        roll = self._rng.random()
        for share, low, high in _DPD_BUCKETS:
            if roll < share:
                if high > 90:
                    # Long arrears thin out: most are a few months, few are years.
                    return min(high, low + int(self._rng.expovariate(1 / 120)))
                return randint(self._rng, low, high)
        return 0

    def _loans(self, cid: int) -> list[dict[str, Any]]:
        rng = self._rng
        first_dpd = self._dpd()
        loans = [self._loan(cid, first_dpd)]
        if rng.random() < 0.3:
            # A second loan is usually in the same shape as the first, or current.
            dpd = max(0, first_dpd + randint(rng, -10, 10)) if rng.random() < 0.5 else 0
            loans.append(self._loan(cid, dpd))
        return loans

    def _loan(self, cid: int, dpd: int) -> dict[str, Any]:
        rng = self._rng
        loan_id = self._next_loan_id
        self._next_loan_id += 1
        product, _, low, high, terms, rate = _PRODUCTS[
            bisect.bisect_right(_PRODUCT_CUM, rng.random() * _PRODUCT_CUM[-1])
        ]
        principal = int(math.exp(rng.uniform(math.log(low), math.log(high))) / 100) * 100
        term = pick(rng, terms)
        age_days = randint(rng, 35, max(36, term * 30 - 15))
        # An installment falls due a month after opening: arrears need that long.
        age_days = max(age_days, dpd + 30 + randint(rng, 0, 20))
        opened = AS_OF - dt.timedelta(days=age_days)
        total_cents = round(principal * 100 * (1 + rate * term / 12))
        monthly = total_cents // term
        due = min(term, age_days // 30)
        unpaid = min(due, math.ceil(dpd / 30)) if dpd else 0
        paid = due - unpaid
        outstanding = total_cents - monthly * paid if paid < term else 0
        overdue = min(outstanding, monthly * unpaid)
        if dpd:
            last = AS_OF - dt.timedelta(days=dpd + randint(rng, 25, 35))
        else:
            last = AS_OF - dt.timedelta(days=randint(rng, 0, 29))
        last_payment = last if paid > 0 and last > opened else None
        return {
            "id": loan_id,
            "customer_id": cid,
            "contract_no": f"HT{opened.year}{loan_id:08d}",
            "product": product,
            "principal": Decimal(principal),
            "outstanding_balance": _cents(outstanding),
            "overdue_amount": _cents(overdue),
            "days_past_due": dpd,
            "last_payment_date": last_payment,
            "opened_on": opened,
            "version": 1,
        }

    # --- the sample for the visit planner ----------------------------------
    def candidates(self) -> tuple[list[Candidate], list[Candidate]]:
        """Overdue and current customers registered in Chengdu, not do-not-visit."""
        return list(self.overdue_pool.items), list(self.other_pool.items)
