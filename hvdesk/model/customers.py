"""Customers, their loan accounts and notes.

Resident ID and phone numbers never sit in clear: ``*_enc`` holds the AES-GCM
ciphertext, ``*_bidx`` the keyed hash for look-ups and duplicate detection,
and only the parts shown in a masked display are kept readable.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hvdesk.model.base import Base, utcnow
from hvdesk.model.enums import LocationPrecision
from hvdesk.model.org import Branch, User, str_enum

if TYPE_CHECKING:
    from hvdesk.model.visits import Visit

Money = Numeric(14, 2)


class Customer(Base):
    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("branch.id"), index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    #: Pinyin initials ("zs" for 张三) so the search box finds names typed in Latin letters.
    name_initials: Mapped[str] = mapped_column(String(20), default="", index=True)

    # Deferred: ordinary loads must not select the ciphertexts, because on a
    # shared PostgreSQL roles without the full view have no SELECT on them.
    id_enc: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    id_bidx: Mapped[str] = mapped_column(String(32), unique=True)
    #: Administrative code of the household registration at issue (first 6).
    id_region: Mapped[str] = mapped_column(String(6))
    id_last4: Mapped[str] = mapped_column(String(4), index=True)

    phone_enc: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    phone_bidx: Mapped[str] = mapped_column(String(32), index=True)
    phone_prefix: Mapped[str] = mapped_column(String(3))
    phone_last4: Mapped[str] = mapped_column(String(4), index=True)

    registered_address: Mapped[str] = mapped_column(String(300))
    registered_adcode: Mapped[str | None] = mapped_column(String(12), index=True)
    current_address: Mapped[str | None] = mapped_column(String(300))
    current_adcode: Mapped[str | None] = mapped_column(String(12))

    #: WGS-84; converted to GCJ-02 only when drawn on a Chinese tile provider.
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    location_precision: Mapped[LocationPrecision | None] = mapped_column(
        str_enum(LocationPrecision)
    )
    location_source: Mapped[str | None] = mapped_column(String(50))

    #: Worst days past due and total overdue over the customer's loans, kept in
    #: step by the services that change loans, so the list sorts and filters a
    #: million customers on an index instead of aggregating loans per query.
    days_past_due: Mapped[int] = mapped_column(Integer, default=0, index=True)
    overdue_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    #: Expected value of a visit (issue 20), stored by ``hvdesk priorities refresh`` so the
    #: list can sort by it; ``visit_value_on`` None: not ranked (migration 0018).
    visit_value: Mapped[Decimal] = mapped_column(Money, default=Decimal(0),
                                                 server_default="0")
    visit_value_on: Mapped[dt.date | None]

    do_not_visit: Mapped[bool] = mapped_column(default=False, index=True)
    do_not_visit_reason: Mapped[str | None] = mapped_column(String(300))

    #: Set when retention replaced the personal data (issue 18); the row stays for statistics.
    anonymised_at: Mapped[dt.datetime | None]

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    branch: Mapped[Branch] = relationship(back_populates="customers")
    updated_by: Mapped[User | None] = relationship()
    loans: Mapped[list[LoanAccount]] = relationship(
        back_populates="customer", order_by="LoanAccount.id"
    )
    notes: Mapped[list[CustomerNote]] = relationship(
        back_populates="customer", order_by="CustomerNote.id"
    )
    visits: Mapped[list[Visit]] = relationship(back_populates="customer")

    __mapper_args__ = {"version_id_col": version}


class LoanAccount(Base):
    __tablename__ = "loan_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    contract_no: Mapped[str] = mapped_column(String(40), unique=True)
    # Empty when the list it came from did not say (issue 16: such a contract is
    # stored and shown as incomplete, not refused).
    product: Mapped[str | None] = mapped_column(String(50))
    principal: Mapped[Decimal | None] = mapped_column(Money)
    outstanding_balance: Mapped[Decimal | None] = mapped_column(Money)
    overdue_amount: Mapped[Decimal] = mapped_column(Money, default=Decimal(0))
    days_past_due: Mapped[int] = mapped_column(Integer, default=0, index=True)
    last_payment_date: Mapped[dt.date | None]
    opened_on: Mapped[dt.date | None]
    version: Mapped[int] = mapped_column(Integer, default=1)

    customer: Mapped[Customer] = relationship(back_populates="loans")

    @property
    def incomplete(self) -> bool:
        """Product, principal or balance unknown (imported from a list without them)."""
        return self.product is None or self.principal is None or self.outstanding_balance is None

    __table_args__ = (
        CheckConstraint("days_past_due >= 0", name="dpd_not_negative"),
        CheckConstraint("principal >= 0 AND outstanding_balance >= 0 AND overdue_amount >= 0",
                        name="amounts_not_negative"),
    )
    __mapper_args__ = {"version_id_col": version}


class SavedFilter(Base):
    """A user's named customer-list filter (search text, region, buckets...)."""

    __tablename__ = "saved_filter"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "name"),)


class CustomerNote(Base):
    """Author-stamped and never deleted or edited (enforced by triggers)."""

    __tablename__ = "customer_note"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    customer: Mapped[Customer] = relationship(back_populates="notes")
    author: Mapped[User] = relationship()
