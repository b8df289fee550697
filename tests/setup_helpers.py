"""Two desks on one machine for the first-run tests: each its own config folder (key file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hvdesk.admin.setup import ServerAddress
from hvdesk.database import Database
from hvdesk.model import Branch
from hvdesk.services import audit, customers
from hvdesk.services.context import SYSTEM, Actor
from tests.scheduling_helpers import id_number

ADMIN_PASSWORD = "Admin-pass-1"
PHONE = "13812340001"


def use_desk(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make this process one desk: its own remembered database and key files."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("HVDESK_CONFIG_DIR", str(folder / "config"))
    monkeypatch.setenv("HVDESK_DATA_DIR", str(folder / "data"))


def address_of(url: str) -> ServerAddress:
    parsed = make_url(url)
    return ServerAddress(parsed.host or "127.0.0.1", parsed.port or 5432, parsed.database or "")


def server_account(url: str) -> str:
    return make_url(url).username or "postgres"


def add_customer(db: Database, admin: Actor) -> int:
    """A branch and one customer, written by the first desk's admin."""
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = Branch(code="CD01", name="成都武侯支行",
                        address="四川省成都市武侯区人民南路四段1号",
                        latitude=30.62, longitude=104.07, hotline="028-12345678")
        s.add(branch)
        s.flush()
        view = customers.create_customer(
            s, db.cipher, admin, branch.id,
            customers.CustomerInput(name="赵敏", id_number=id_number(7), phone=PHONE,
                                    registered_address="四川省成都市武侯区测试路1号"))
        return view.id
