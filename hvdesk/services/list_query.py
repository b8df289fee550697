"""What a customer-list query asks for: search text, filters, sort and cursor.

Plain values with no database access, shared by the list service
(:mod:`hvdesk.services.customer_list`), saved filters and the map.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import InstrumentedAttribute

from hvdesk.errors import ValidationError
from hvdesk.messages import msg
from hvdesk.model import Customer, VisitStatus

#: Visits still ahead of the team; the earliest is the customer's "next visit".
OPEN_VISIT_STATUSES = (VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.CONFIRMED)
MAX_PAGE = 500
#: Contract prefixes shorter than this match too many loans to be a search.
CONTRACT_PREFIX_MIN = 10
#: Upper bound of a prefix range: sorts after every character a name or code uses.
PREFIX_TOP = "\uffff"


class DpdBucket(enum.StrEnum):
    D1_30 = "1-30"
    D31_60 = "31-60"
    D61_90 = "61-90"
    D90_PLUS = "90+"


BUCKET_RANGES: dict[DpdBucket, tuple[int, int | None]] = {
    DpdBucket.D1_30: (1, 30),
    DpdBucket.D31_60: (31, 60),
    DpdBucket.D61_90: (61, 90),
    DpdBucket.D90_PLUS: (91, None),
}


def dpd_bucket_of(days: int) -> DpdBucket | None:
    for bucket, (low, high) in BUCKET_RANGES.items():
        if days >= low and (high is None or days <= high):
            return bucket
    return None


class NextVisitState(enum.StrEnum):
    NONE = "none"
    PLANNED = "planned"
    NOTIFIED = "notified"
    CONFIRMED = "confirmed"


class SortKey(enum.StrEnum):
    NAME = "name"
    DAYS_PAST_DUE = "days_past_due"
    OVERDUE_AMOUNT = "overdue_amount"
    UPDATED_AT = "updated_at"
    VISIT_VALUE = "visit_value"


SORT_COLUMNS: dict[SortKey, InstrumentedAttribute[Any]] = {
    SortKey.NAME: Customer.name,
    SortKey.DAYS_PAST_DUE: Customer.days_past_due,
    SortKey.OVERDUE_AMOUNT: Customer.overdue_amount,
    SortKey.UPDATED_AT: Customer.updated_at,
    SortKey.VISIT_VALUE: Customer.visit_value,
}


class SearchKind(enum.StrEnum):
    NONE = "none"
    LAST4 = "last4"  # last four of phone or ID number
    ID_LAST4 = "id_last4"  # ends in X: only an ID number can
    CONTRACT = "contract"
    INITIALS = "initials"
    NAME = "name"


_LAST4 = re.compile(r"\d{4}")
_ID_LAST4 = re.compile(r"\d{3}[Xx]")
_CONTRACT = re.compile(r"[A-Za-z]+\d[A-Za-z0-9-]*")
_INITIALS = re.compile(r"[A-Za-z]+")
_REGION = re.compile(r"\d{2}(\d{2}(\d{2})?)?")


def interpret_search(text: str) -> tuple[SearchKind, str]:
    """What the user typed into the one search box, and the value to look for."""
    q = "".join(text.split())
    if not q:
        return SearchKind.NONE, ""
    if _LAST4.fullmatch(q):
        return SearchKind.LAST4, q
    if _ID_LAST4.fullmatch(q):
        return SearchKind.ID_LAST4, q.upper()
    if _CONTRACT.fullmatch(q):
        return SearchKind.CONTRACT, q.upper()
    if _INITIALS.fullmatch(q):
        return SearchKind.INITIALS, q.lower()[:20]
    return SearchKind.NAME, q[:50]


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    """One state of the list: search text, filters and sort. Plain values only."""

    search: str = ""
    #: Registered-address code prefix: 2 digits (province), 4 (city) or 6 (district).
    region: str = ""
    dpd_bucket: DpdBucket | None = None
    next_visit: NextVisitState | None = None
    do_not_visit: bool | None = None
    sort: SortKey = SortKey.DAYS_PAST_DUE
    descending: bool = True

    def __post_init__(self) -> None:
        if self.region and not _REGION.fullmatch(self.region):
            raise ValidationError("region", msg("services.list_query.region_digit_code",
                    "a region is a 2, 4 or 6 digit code prefix"))

    def with_changes(self, **changes: Any) -> CustomerQuery:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for a saved filter."""
        return {
            "search": self.search,
            "region": self.region,
            "dpd_bucket": self.dpd_bucket.value if self.dpd_bucket else None,
            "next_visit": self.next_visit.value if self.next_visit else None,
            "do_not_visit": self.do_not_visit,
            "sort": self.sort.value,
            "descending": self.descending,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CustomerQuery:
        """Lenient: a value this version does not know falls back to the default.

        Saved filters outlive releases; one odd field must not lose the rest.
        """

        def enum_or_none(kind: type[enum.StrEnum], raw: Any) -> Any:
            try:
                return kind(raw) if raw is not None else None
            except ValueError:
                return None

        region = data.get("region") or ""
        dnv = data.get("do_not_visit")
        sort = enum_or_none(SortKey, data.get("sort"))
        return cls(
            search=str(data.get("search") or ""),
            region=region if isinstance(region, str) and _REGION.fullmatch(region) else "",
            dpd_bucket=enum_or_none(DpdBucket, data.get("dpd_bucket")),
            next_visit=enum_or_none(NextVisitState, data.get("next_visit")),
            do_not_visit=dnv if isinstance(dnv, bool) else None,
            sort=sort or SortKey.DAYS_PAST_DUE,
            descending=bool(data.get("descending", True)),
        )


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ends: the sort column's value and the id that breaks ties.

    ``rank`` is the search rank (0 exact, 1 prefix, 2 elsewhere in the name)
    when the list is ranked by a search, else None.
    """

    value: Any
    id: int
    rank: int | None = None
