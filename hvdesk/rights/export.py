"""Everything held about one person, as a workbook: one sheet per table.

The tables are not listed by hand: :func:`customer_tables` follows the foreign
keys of the metadata from ``customer`` down (visits, their notices, reports,
attachments…), so a table added later is exported without anybody
remembering to. Rows are collected to a fixed point: a row belongs to the
customer when any of its foreign keys points at a row that does. The audit
events about those rows are added as a last sheet. Encrypted numbers are
decrypted (it is the person's own data); file contents are described, not
embedded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, or_, select
from sqlalchemy.orm import Session

from hvdesk.errors import CiphertextMismatch, ValidationError
from hvdesk.importing.workbook import neutralise
from hvdesk.messages import msg
from hvdesk.model import AuditEvent, Base
from hvdesk.rights.scope import ENCRYPTED, decrypt, require_customer
from hvdesk.security.crypto import FieldCipher
from hvdesk.security.roles import Permission
from hvdesk.services import audit
from hvdesk.services.context import Actor

ROOT = "customer"
#: Who asked for the copy (not their name: the customer's own request is the usual case).
REQUESTERS = ("customer", "representative", "authority")
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class SubjectExport:
    path: Path
    #: Rows written per sheet, in sheet order.
    counts: dict[str, int]


#: Tables derived from the customer's own fields (the export has those fields):
#: the search terms are an index, not something recorded about the person.
DERIVED = frozenset({"customer_search"})


def customer_tables(metadata: MetaData = Base.metadata) -> list[Table]:
    """``customer`` and every table with a foreign-key path to it, parents first
    (except the :data:`DERIVED` indexes)."""
    found = {ROOT}
    changed = True
    while changed:
        changed = False
        for table in metadata.sorted_tables:
            if table.name in found:
                continue
            if any(fk.column.table.name in found for fk in table.foreign_keys):
                found.add(table.name)
                changed = True
    return [t for t in metadata.sorted_tables if t.name in found and t.name not in DERIVED]


def collect(session: Session, customer_id: int) -> dict[str, list[Row]]:
    """The rows of every customer table that belong to this customer (fixed point)."""
    tables = customer_tables()
    rows: dict[str, dict[tuple[Any, ...], Row]] = {t.name: {} for t in tables}
    root = Base.metadata.tables[ROOT]
    for r in session.execute(select(root).where(root.c.id == customer_id)).mappings():
        rows[ROOT][_key(root, r)] = dict(r)
    changed = True
    while changed:
        changed = False
        for table in tables:
            if table.name == ROOT:
                continue
            conditions = []
            for fk in table.foreign_keys:
                parent = fk.column.table.name
                if parent not in rows or not rows[parent]:
                    continue
                values = {r[fk.column.name] for r in rows[parent].values()}
                values.discard(None)
                if values:
                    conditions.append(fk.parent.in_(sorted(values)))
            if not conditions:
                continue
            for r in session.execute(select(table).where(or_(*conditions))).mappings():
                key = _key(table, r)
                if key not in rows[table.name]:
                    rows[table.name][key] = dict(r)
                    changed = True
    return {name: list(found.values()) for name, found in rows.items()}


def audit_rows(session: Session, collected: dict[str, list[Row]]) -> list[Row]:
    """The audit events about any of the collected rows."""
    ids: list[tuple[str, str]] = []
    for name, found in collected.items():
        pk = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        ids += [(name, ",".join(str(r[c]) for c in pk)) for r in found]
    events: list[Row] = []
    table = AuditEvent.__table__
    by_entity: dict[str, list[str]] = {}
    for entity, entity_id in ids:
        by_entity.setdefault(entity, []).append(entity_id)
    for entity, entity_ids in by_entity.items():
        for start in range(0, len(entity_ids), 500):
            chunk = entity_ids[start : start + 500]
            stmt = select(table).where(table.c.entity == entity, table.c.entity_id.in_(chunk))
            events += [dict(r) for r in session.execute(stmt).mappings()]
    return sorted(events, key=lambda r: r["id"])


def subject_export(
    session: Session,
    cipher: FieldCipher,
    actor: Actor,
    customer_id: int,
    path: Path,
    *,
    reason: str,
    requested_by: str = "customer",
) -> SubjectExport:
    """Write the workbook and audit who made it, for whom and why."""
    actor.require(Permission.DATA_EXPORT)
    actor.require(Permission.PII_FULL_VIEW)
    audit.bind_actor(session, actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError("reason", msg("rights.export.say_why_copy",
                "say why the copy is made (e.g. the customer's request)"))
    if requested_by not in REQUESTERS:
        raise ValidationError("requested_by", msg("rights.corrections.requested_one_choices",
                "requested by one of {choices}",
                choices=', '.join(REQUESTERS)))
    require_customer(session, actor, customer_id)
    collected = collect(session, customer_id)
    sheets: dict[str, list[Row]] = {n: r for n, r in collected.items()}
    sheets[AuditEvent.__tablename__] = audit_rows(session, collected)
    counts = _write(path, sheets, cipher, customer_id)
    audit.record(
        session,
        actor,
        "subject_export",
        "customer",
        customer_id,
        reason=reason[:500],
        requested_by=requested_by,
        file=path.name,
        tables={name: n for name, n in counts.items() if n},
    )
    session.flush()
    return SubjectExport(path, counts)


# --- writing -----------------------------------------------------------------------------


def _key(table: Table, row: Any) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _write(
    path: Path, sheets: dict[str, list[Row]], cipher: FieldCipher, customer_id: int
) -> dict[str, int]:
    from openpyxl import Workbook  # noqa: PLC0415 - only this command needs it
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    counts: dict[str, int] = {}
    for name, rows in sheets.items():
        table = Base.metadata.tables[name]
        columns = [c.name for c in table.columns]
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        head = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = bold
            head.append(cell)
        sheet.append(head)
        pk = [c.name for c in table.primary_key.columns]
        for row in sorted(rows, key=lambda r: tuple(str(r[c]) for c in pk)):
            sheet.append([
                WriteOnlyCell(
                    sheet, value=neutralise(_cell(cipher, name, c, row[c], customer_id))
                )
                for c in columns
            ])
        counts[name] = len(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return counts


def _cell(cipher: FieldCipher, table: str, column: str, value: Any, customer_id: int) -> Any:
    if isinstance(value, bytes | memoryview):
        data = bytes(value)
        if (table, column) in ENCRYPTED:
            try:
                return decrypt(cipher, table, column, data, customer_id)
            except (ValueError, CiphertextMismatch):
                # A malformed or copied-in value (not a wrong key: that raises for all).
                return "(stored value cannot be read)"
        digest = hashlib.sha256(data).hexdigest()
        return f"({len(data)} bytes, sha256 {digest}; a copy of the file on request)"
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        value = aware.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    elif isinstance(value, dt.date | dt.time | Decimal):
        value = value.isoformat() if not isinstance(value, Decimal) else str(value)
    elif isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    elif value is not None and not isinstance(value, bool | int | float | str):
        value = str(value)
    return value
