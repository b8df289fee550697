"""Small builders of branches and users for tests (not the demo generator)."""

from __future__ import annotations

from dataclasses import dataclass

from hvdesk.database import Database
from hvdesk.model import Branch, User
from hvdesk.security.passwords import hash_password
from hvdesk.security.roles import Role
from hvdesk.services import audit
from hvdesk.services.auth import actor_for
from hvdesk.services.context import SYSTEM, Actor

PASSWORD = "Secret-123"


@dataclass
class Org:
    branch_id: int
    actors: dict[str, Actor]


def make_org(db: Database) -> Org:
    """One branch with one user of each role; every password is PASSWORD."""
    pw = hash_password(PASSWORD, demo=True)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = Branch(code="CD01", name="成都武侯支行",
                        address="四川省成都市武侯区人民南路四段1号",
                        latitude=30.62, longitude=104.07, hotline="028-12345678")
        s.add(branch)
        s.flush()
        users = [
            User(login="admin", display_name="系统管理员", employee_no="A0001", role=Role.ADMIN,
                 branch_id=None, password_hash=pw),
            User(login="coord1", display_name="王芳", employee_no="C0001",
                 role=Role.COORDINATOR, branch_id=branch.id, password_hash=pw),
            User(login="coord2", display_name="李静", employee_no="C0002",
                 role=Role.COORDINATOR, branch_id=branch.id, password_hash=pw),
            User(login="visitor1", display_name="张伟", employee_no="V0001", role=Role.VISITOR,
                 branch_id=branch.id, password_hash=pw),
            User(login="reviewer1", display_name="刘洋", employee_no="R0001",
                 role=Role.REVIEWER, branch_id=branch.id, password_hash=pw),
            User(login="manager1", display_name="陈刚", employee_no="M0001",
                 role=Role.MANAGER, branch_id=branch.id, password_hash=pw),
        ]
        s.add_all(users)
        s.flush()
        actors = {u.login: actor_for(u) for u in users}
        return Org(branch.id, actors)
