"""hvdesk.security.scope: the rule per role, on one customer and one visit."""

from __future__ import annotations

import dataclasses

import pytest

from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.model import Customer
from hvdesk.security import scope
from hvdesk.security.roles import Role
from tests.documents_helpers import make_pack_world


def test_each_role_sees_what_domain_md_says(sqlite_db) -> None:
    pack = make_pack_world(sqlite_db)
    world = pack.world
    a = world.actors
    customer0, customer3 = world.customers[0], world.customers[3]
    with sqlite_db.session() as s:
        # Coordinators and managers: the branch.
        for login in ("coord1", "manager1"):
            scope.require_customer_scope(s, a[login], customer3)
        # Admin: every branch, whatever branch he might carry.
        scope.require_customer_scope(s, dataclasses.replace(a["admin"], branch_id=999), customer0)
        # Visitors: the customers of their own visits (visitor3 is on customer 3's visit only).
        scope.require_customer_scope(s, a["visitor3"], customer3)
        with pytest.raises(PermissionDenied, match="own visits only"):
            scope.require_customer_scope(s, a["visitor3"], customer0)
        with pytest.raises(PermissionDenied, match="another team's"):
            scope.require_visit_scope(s, a["visitor3"], pack.team_a[0])
        scope.require_visit_scope(s, a["visitor1"], pack.team_a[0])
        # Reviewers: customers with a visit report (customer 0 had one, customer 7 none).
        scope.require_customer_scope(s, a["reviewer1"], customer0)
        with pytest.raises(PermissionDenied, match="reports to review"):
            scope.require_customer_scope(s, a["reviewer1"], world.customers[7])
        # Another branch: refused, naming no field of the record.
        stranger = dataclasses.replace(a["coord1"], branch_id=world.branch_id + 1)
        with pytest.raises(PermissionDenied, match="another branch") as refused:
            scope.require_customer_scope(s, stranger, customer0)
        assert "张三" not in str(refused.value)
        # A non-admin without a branch gets nothing rather than everything.
        lost = dataclasses.replace(a["coord1"], branch_id=None)
        with pytest.raises(PermissionDenied, match="no branch"):
            scope.customer_filter(lost)
        with pytest.raises(NotFound):
            scope.require_customer_scope(s, a["coord1"], 10_000)
        # The list filters say the same as the checks.
        def visible(actor: scope.Actor) -> set[int]:
            return set(s.scalars(s.query(Customer.id).where(
                scope.customer_filter(actor)).statement))
        assert visible(a["coord1"]) == set(world.customers)
        assert visible(a["visitor3"]) == {customer3}
        assert visible(a["visitor1"]) == set(world.customers[:3])
        assert customer0 in visible(a["reviewer1"]) and world.customers[7] not in visible(
            a["reviewer1"])
        assert a["admin"].role is Role.ADMIN and visible(a["admin"]) == set(world.customers)
