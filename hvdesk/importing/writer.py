"""Write one chunk of classified rows with Core ``executemany``.

The ORM path (one object, one flush, one listener call per row) costs about
a millisecond a row; 100,000 rows must import in well under a minute, so
customers and loans are inserted and updated with Core statements on the
session's connection, inside the caller's transaction. Core bypasses the
audit listener, so the same ``create``/``update`` events it would write are
inserted here in bulk, one per row, in the listener's format (field names,
no values). Loan changes refresh the customer's worst days past due and
total overdue (see ``_refresh_summaries``). Optimistic locking is kept:
every update bumps ``version`` and is refused if a colleague's desk bumped
it first. The audit events wait for :meth:`ChunkWriter.finish`: on PostgreSQL
the first event of a transaction takes the audit chain's lock until commit,
and other desks' audited writes should not wait for a whole import.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Executable,
    Insert,
    Integer,
    String,
    Table,
    bindparam,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session

from hvdesk.errors import StaleEdit
from hvdesk.geo.geocode import locate_offline
from hvdesk.importing.cleaning import CleanRow
from hvdesk.messages import msg
from hvdesk.model import AuditEvent, Customer, LoanAccount
from hvdesk.model import search as search_index
from hvdesk.model.base import utcnow
from hvdesk.names import name_initials
from hvdesk.security import pii
from hvdesk.security.crypto import FieldCipher
from hvdesk.services.context import Actor

#: Key of a new row's clear (ID number, mobile) until flush() encrypts them.
_CLEAR = "_clear_numbers"
CUSTOMER: Table = Customer.__table__  # type: ignore[assignment]
LOAN: Table = LoanAccount.__table__  # type: ignore[assignment]
AUDIT: Table = AuditEvent.__table__  # type: ignore[assignment]


def audit_rows(
    actor: Actor, action: str, entity: str, items: Iterable[tuple[object, dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Audit rows for Core inserts, shaped like :mod:`hvdesk.services.audit` writes them."""
    at = utcnow()
    return [
        {"actor_id": actor.user_id, "actor_login": actor.login, "action": action,
         "entity": entity, "entity_id": str(entity_id), "desk": actor.desk,
         "detail": detail, "at": at}
        for entity_id, detail in items
    ]


@dataclass
class ChunkWriter:
    session: Session
    cipher: FieldCipher
    actor: Actor
    branch_id: int
    _new: list[dict[str, Any]] = field(default_factory=list)
    #: (customer id or None for a new customer, its ID blind index, loan values)
    _new_loans: list[tuple[int | None, str, dict[str, Any]]] = field(default_factory=list)
    _customer_updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    _loan_updates: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    _summaries: set[int] = field(default_factory=set)
    #: Audit inserts (statement, rows or None) held back until finish().
    _audit_later: list[tuple[Executable, list[dict[str, Any]] | None]] = field(
        default_factory=list)

    # --- collecting ---------------------------------------------------------
    def new_customer(self, row: CleanRow, id_bidx: str, loan: dict[str, Any] | None) -> None:
        now = utcnow()
        # Encrypted in flush(), once the rows' ids are reserved (ciphertexts name their row).
        values: dict[str, Any] = {
            "branch_id": self.branch_id, "name": row.name,
            "name_initials": name_initials(row.name),
            _CLEAR: (row.id_number, row.phone),
            "registered_address": row.registered_address,
            "current_address": row.current_address,
            # What refresh_loan_summary would compute: a new customer's only
            # loan is the one on its row (a contract of someone else is refused).
            "days_past_due": int(loan.get("days_past_due", 0)) if loan else 0,
            "overdue_amount": loan.get("overdue_amount", 0) if loan else 0,
            **placed(row.registered_address, row.id_number),
            "do_not_visit": False, "created_at": now, "updated_at": now,
            "updated_by_id": self.actor.user_id, "version": 1,
        }
        self._new.append(values)
        if loan:
            self._new_loans.append((None, id_bidx, loan))

    def update_customer(self, customer_id: int, version: int, changes: dict[str, Any]) -> None:
        self._customer_updates.append((customer_id, version, changes))

    def new_loan(self, customer_id: int, loan: dict[str, Any]) -> None:
        self._new_loans.append((customer_id, "", loan))
        self._summaries.add(customer_id)

    def update_loan(self, customer_id: int, loan_id: int, version: int,
                    changes: dict[str, Any]) -> None:
        self._loan_updates.append((loan_id, version, changes))
        self._summaries.add(customer_id)

    # --- writing ------------------------------------------------------------
    def flush(self) -> None:
        conn = self.session.connection()
        audit: list[dict[str, Any]] = []
        new_ids: dict[str, int] = {}
        if self._new:
            ids = pii.reserve_ids(conn, CUSTOMER.name, len(self._new))
            for customer_id, values in zip(ids, self._new, strict=True):
                number, mobile = values.pop(_CLEAR)
                values["id"] = customer_id
                values.update(pii.id_columns(self.cipher, customer_id, number))
                values.update(pii.phone_columns(self.cipher, customer_id, mobile))
                new_ids[values["id_bidx"]] = customer_id
            conn.execute(insert(CUSTOMER), self._new)
            # Core inserts skip the ORM's hook: the search terms are written here.
            search_index.index_rows(conn, self._new)
            created = CUSTOMER.c.id.in_(ids)
            self._audit_later.append((self._creates_from(CUSTOMER, "customer", created), None))
        audit += self._updates(CUSTOMER, "customer", self._customer_updates)
        search_index.reindex(conn, [
            cid for cid, _, changes in self._customer_updates
            if not changes.keys().isdisjoint(search_index.SOURCE_COLUMNS)])
        if self._new_loans:
            loan_rows = [
                {"customer_id": cid if cid is not None else new_ids[bidx],
                 "product": None, "principal": None, "outstanding_balance": None,
                 "overdue_amount": 0, "days_past_due": 0,
                 "last_payment_date": None, "opened_on": None, "version": 1, **values}
                for cid, bidx, values in self._new_loans
            ]
            conn.execute(insert(LOAN), loan_rows)
            contracts = [r["contract_no"] for r in loan_rows]
            self._audit_later.append(
                (self._creates_from(LOAN, "loan_account", LOAN.c.contract_no.in_(contracts)), None))
        audit += self._updates(LOAN, "loan_account", self._loan_updates)
        audit += self._refresh_summaries()
        if audit:
            self._audit_later.append((insert(AUDIT), audit))
        self._new, self._new_loans = [], []
        self._customer_updates, self._loan_updates = [], []
        self._summaries = set()

    def finish(self) -> None:
        """Write the audit events of every chunk, in the order they happened."""
        conn = self.session.connection()
        for stmt, rows in self._audit_later:
            if rows is None:
                conn.execute(stmt)
            else:
                conn.execute(stmt, rows)
        self._audit_later = []

    def _creates_from(self, table: Table, entity: str, where: ColumnElement[bool]) -> Insert:
        """One ``create`` event per new row with INSERT … SELECT: no Python work per row."""
        a = self.actor
        columns = ("at", "actor_id", "actor_login", "action", "entity", "entity_id", "desk",
                   "detail")
        return insert(AUDIT).from_select(columns, select(
            literal(utcnow(), AUDIT.c.at.type), literal(a.user_id, Integer()),
            literal(a.login, String()), literal("create", String()), literal(entity, String()),
            cast(table.c.id, String(40)), literal(a.desk, String()),
            literal({}, AUDIT.c.detail.type),
        ).where(where))

    def _updates(self, table: Table, entity: str,
                 items: list[tuple[int, int, dict[str, Any]]]) -> list[dict[str, Any]]:
        """UPDATE … WHERE id AND version, one executemany per set of changed columns."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        audit: list[tuple[object, dict[str, Any]]] = []
        now = utcnow()
        for row_id, version, changes in items:
            columns = tuple(sorted(changes))
            params = {f"v_{k}": v for k, v in changes.items()}
            params.update(_id=row_id, _version=version)
            if table is CUSTOMER:
                params.update(v_updated_at=now, v_updated_by_id=self.actor.user_id)
            groups[columns].append(params)
            audit.append((row_id, {"fields": list(columns)}))
        conn = self.session.connection()
        for columns, params_list in groups.items():
            names = list(columns) + (["updated_at", "updated_by_id"] if table is CUSTOMER else [])
            stmt = (
                update(table)
                .where(table.c.id == bindparam("_id"), table.c.version == bindparam("_version"))
                .values({table.c[n]: bindparam(f"v_{n}") for n in names}
                        | {table.c.version: table.c.version + 1})
            )
            result = conn.execute(stmt, params_list)
            if conn.dialect.supports_sane_multi_rowcount and result.rowcount != len(params_list):
                raise StaleEdit(
                    msg("importing.writer.another_desk_changed",
                            "another desk changed some of these {value} records during the "
                            "import; nothing was imported, run the import again",
                            value=entity.replace('_', ' ')))
        return audit_rows(self.actor, "update", entity, audit)

    def _refresh_summaries(self) -> list[dict[str, Any]]:
        """Worst days past due and total overdue of customers whose loans changed.

        The same aggregate as :func:`hvdesk.services.customers.refresh_loan_summary`
        (a test holds them equal), but for a whole chunk in two queries: called
        per customer it cost about 5 ms a customer, and a monthly file that
        updates every loan of a branch must not take minutes.
        """
        if not self._summaries:
            return []
        conn = self.session.connection()
        ids = sorted(self._summaries)
        totals = {
            cid: (int(worst), Decimal(total)) for cid, worst, total in conn.execute(
                select(LOAN.c.customer_id, func.coalesce(func.max(LOAN.c.days_past_due), 0),
                       func.coalesce(func.sum(LOAN.c.overdue_amount), 0))
                .where(LOAN.c.customer_id.in_(ids)).group_by(LOAN.c.customer_id))
        }
        changes = []
        for cid, version, worst, total in conn.execute(
            select(CUSTOMER.c.id, CUSTOMER.c.version, CUSTOMER.c.days_past_due,
                   CUSTOMER.c.overdue_amount).where(CUSTOMER.c.id.in_(ids))
        ):
            new_worst, new_total = totals.get(cid, (0, Decimal(0)))
            delta: dict[str, Any] = {}
            if new_worst != worst:
                delta["days_past_due"] = new_worst
            if new_total != total:
                delta["overdue_amount"] = new_total
            if delta:
                changes.append((cid, version, delta))
        return self._updates(CUSTOMER, "customer", changes)


def placed(address: str, id_number: str) -> dict[str, Any]:
    """Map columns from the offline geocoding chain (~70 µs a row, no network), so an
    imported customer is on the map at once; all None when nothing places it."""
    found = locate_offline(address, id_region=id_number[:6])
    if found is None:
        return {"latitude": None, "longitude": None, "location_precision": None,
                "location_source": None}
    return {"latitude": round(found.lat, 6), "longitude": round(found.lon, 6),
            "location_precision": found.precision, "location_source": found.source[:50]}


def customer_changes(cipher: FieldCipher, stored: Any, row: CleanRow) -> dict[str, Any]:
    """Column values that differ from the stored customer (blank optional cells keep theirs)."""
    changes: dict[str, Any] = {}
    if row.name != stored.name:
        changes["name"] = row.name
        changes["name_initials"] = name_initials(row.name)
    if cipher.blind_index(pii.PHONE_FIELD, row.phone) != stored.phone_bidx:
        changes.update(pii.phone_columns(cipher, stored.id, row.phone))
    if row.registered_address != stored.registered_address:
        changes["registered_address"] = row.registered_address
        # The old point stood for the old address (a manual one included).
        changes.update(placed(row.registered_address, row.id_number))
    if row.current_address is not None and row.current_address != stored.current_address:
        changes["current_address"] = row.current_address
    return changes


def loan_changes(stored: Any, loan: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value for key, value in loan.items()
        if key != "contract_no" and getattr(stored, key) != value
    }
