"""The audit page's read, on SQLite and PostgreSQL (the home page's: test_home_service.py)."""

from __future__ import annotations

import pytest

from hvdesk.database import Database
from hvdesk.errors import PermissionDenied
from hvdesk.services import overview as queries
from tests.factories import make_org


def test_recent_audit_needs_the_permission(db: Database) -> None:
    org = make_org(db)
    with db.session() as s:
        # The set-up's events are the system's: an admin reads them (a manager reads
        # those of his branch's people, tests/test_scope_walk.py).
        rows = queries.recent_audit(s, org.actors["admin"], limit=3)
        assert len(rows) == 3
        assert rows[0].id > rows[1].id > rows[2].id
        assert rows[0].at.tzinfo is not None
        with pytest.raises(PermissionDenied):
            queries.recent_audit(s, org.actors["coord1"])
