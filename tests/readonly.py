"""Watching a read: no statement may change a row, and the trail gets views only.

``with watch_writes(db) as watch: …`` records every INSERT, UPDATE and DELETE
the engine sends while the block runs, and the audit events it left;
``watch.problems()`` names what a read must not do (issue 19 item 4). Other
helpers' tests can wrap any page's load in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, func, select

from hvdesk.database import Database
from hvdesk.model import AuditEvent

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")
#: Audit actions a read may leave: seeing personal data in full, or a document
#: made of it (the documents' "generate").
READ_ACTIONS = frozenset({"view", "generate"})
#: Bookkeeping an allowed audit event brings with it (the chain's lock row on PostgreSQL).
_AUDIT_TABLES = ("audit_event", "audit_chain_lock")


@dataclass
class Watch:
    statements: list[str] = field(default_factory=list)
    audit: list[tuple[str, str]] = field(default_factory=list)

    def problems(self) -> list[str]:
        found = [
            " ".join(sql.split())[:160]
            for sql in self.statements
            if not any(f" {t}" in sql.replace('"', "") for t in _AUDIT_TABLES)
        ]
        found += [f"audit {action} {entity}" for action, entity in self.audit
                  if action not in READ_ACTIONS]
        return found


def _is_write(statement: str) -> bool:
    head = statement.lstrip().split(None, 1)
    return bool(head) and head[0].upper() in _WRITES


@contextmanager
def watch_writes(db: Database) -> Iterator[Watch]:
    watch = Watch()

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _is_write(statement):
            watch.statements.append(statement)

    with db.session() as s:
        last = s.scalar(select(func.max(AuditEvent.id))) or 0
    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield watch
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    with db.session() as s:
        watch.audit = [
            (action, entity)
            for action, entity in s.execute(
                select(AuditEvent.action, AuditEvent.entity)
                .where(AuditEvent.id > last)
                .order_by(AuditEvent.id)
            )
        ]
