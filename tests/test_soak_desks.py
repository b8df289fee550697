"""The eight-desk soak (bench/soak_desks.py) in small: four desks for 20 seconds.

The script runs as a subprocess, as in CI: it creates and drops its own database
and server roles. Its checks are tried first on a database where a lost update,
a double booking and a cap breach were made behind the services' back, so that
a 0 from the soak means something.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from hvdesk.model import Branch, Customer, Visit, VisitMember, VisitPurpose
from hvdesk.scheduling import service
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM
from tests.conftest import PG_ENV
from tests.scheduling_helpers import NOW, TUESDAY, at, make_world

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import soak_checks  # noqa: E402
from soak_ledger import DeskResult, LedgerEntry  # noqa: E402


def test_checks_find_what_was_done_behind_the_services_back(sqlite_db):
    world = make_world(sqlite_db)
    views = []
    for k, team in enumerate(((0, 1), (2, 3))):
        with sqlite_db.begin() as s:
            views.append(service.create_visit(
                s, world.coord, customer_id=world.customers[k], start=at(TUESDAY, 10),
                end=at(TUESDAY, 11), member_ids=world.team(*team),
                purpose=VisitPurpose.OVERDUE, now=NOW))
    with sqlite_db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.execute(update(Branch).values(max_visits_per_30_days=1))
    first, second = views
    before = soak_checks.Baseline(
        customer_versions={world.customers[0]: 1}, report_versions={},
        visit_starts={first.id: first.start}, max_visit=first.id, max_notice=0)
    clean = soak_checks.check(sqlite_db, before, [])
    assert (clean.lost, clean.double_booked, clean.cap_breaches) == (0, 0, 0), clean.details

    # The second visit goes to the first one's customer and visitor without a check.
    with sqlite_db.begin() as s:
        s.execute(update(VisitMember)
                  .where(VisitMember.visit_id == second.id,
                         VisitMember.user_id == world.visitors[2])
                  .values(user_id=world.visitors[0]))
        s.execute(update(Visit).where(Visit.id == second.id)
                  .values(customer_id=world.customers[0]))
    # Two desks both claim version 2 of a customer, which the database never got.
    desk = DeskResult(0, "coord1", ledger=[
        LedgerEntry("customer", world.customers[0], 1, 2, "成都市A"),
        LedgerEntry("customer", world.customers[0], 1, 2, "成都市B"),
    ])
    found = soak_checks.check(sqlite_db, before, [desk])
    assert found.double_booked == 1, found.details
    assert found.cap_breaches >= 1, found.details
    assert found.lost >= 2, found.details
    with sqlite_db.session() as s:
        assert s.scalar(select(Customer.version).where(Customer.id == world.customers[0])) == 1


def test_propagation_counts_deliveries_and_misses():
    sender = DeskResult(0, "coord1", commits={1: 100.0, 2: 101.0}, listening=(99.0, 120.0))
    heard = DeskResult(1, "visitor1", arrivals={1: 100.25}, listening=(99.0, 120.0))
    spread = soak_checks.propagation([sender, heard], drain=3.0)
    assert spread.delays == [0.25]
    assert spread.missing == 1
    assert spread.quantile(0.95) == 0.25


@pytest.mark.pg
@pytest.mark.slow
def test_four_desks_for_twenty_seconds(tmp_path):
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} not set")
    figures_file = tmp_path / "soak.json"
    env = {k: v for k, v in os.environ.items() if k != "HVDESK_KEY"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "soak_desks.py"), "--url", url, "--desks", "4",
         "--seconds", "20", "--customers", "150", "--json", str(figures_file)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(figures_file.read_text(encoding="utf-8"))
    shown = json.dumps(figures, ensure_ascii=False, indent=1)
    assert figures["lost_updates"] == 0, shown
    assert figures["double_bookings"] == 0, shown
    assert figures["cap_breaches"] == 0, shown
    assert figures["unexpected_errors"] == {}, shown
    assert figures["propagation_via"] == "hvdesk.changefeed", shown
    assert figures["own_login_roles"] == 4, shown
    # A loaded machine may leave a visitor or reviewer without work for 20 s; the
    # coordinators always have some.
    ops = figures["operations"]
    assert ops.get("book", 0) + ops.get("edit_customer", 0) > 0, shown
    assert figures["ledger_writes"] > 0, shown
    prop = figures["propagation"]
    assert prop["deliveries"] > 0 and prop["missing"] == 0, shown
    assert prop["p95_ms"] < 2000, shown
    assert "RESULT: OK" in done.stdout
