"""Every commit says what it changed; a rollback says nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update

from hvdesk import changes
from hvdesk.changes import OpChanges
from hvdesk.database import Database
from hvdesk.model import Branch
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM


@pytest.fixture
def heard() -> Iterator[list[OpChanges]]:
    got: list[OpChanges] = []
    unsubscribe = changes.subscribe(got.append)
    yield got
    unsubscribe()


def test_commit_publishes_tables_and_ids(db: Database, heard: list[OpChanges]) -> None:
    with db.begin() as session:
        audit.bind_actor(session, SYSTEM)
        branch = Branch(code="T1", name="测试网点", address="北京市", hotline="95500")
        session.add(branch)
    assert len(heard) == 1
    assert heard[0].ids("branch") == {branch.id}
    assert heard[0].origin == "local"


def test_rollback_publishes_nothing(db: Database, heard: list[OpChanges]) -> None:
    def write_then_fail() -> None:
        with db.begin() as session:
            audit.bind_actor(session, SYSTEM)
            session.add(Branch(code="T2", name="回滚", address="北京市", hotline="95500"))
            session.flush()
            raise RuntimeError("undo")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert heard == []


def test_bulk_update_names_the_table_without_ids(db: Database,
                                                 heard: list[OpChanges]) -> None:
    with db.begin() as session:
        audit.bind_actor(session, SYSTEM)
        session.execute(update(Branch).values(name="改名"))
    assert heard[-1].all_of("branch")


def test_value_round_trips_through_json() -> None:
    value = changes.of({"visit": [3, 1]}, customers=[7], visits=[3, 1])
    back = OpChanges.from_json(value.to_json(), seq=5)
    assert back.tables == value.tables and back.customers == {7} and back.visits == {1, 3}
    assert back.origin == "remote" and back.seq == 5


def test_a_savepoint_publishes_nothing_until_the_transaction_commits(
        db: Database, heard: list[OpChanges]) -> None:
    """A released savepoint is not a commit; a rolled-back one keeps what came before it."""
    with db.begin() as session:
        audit.bind_actor(session, SYSTEM)
        kept = Branch(code="S1", name="保存点前", address="北京市", hotline="95500")
        session.add(kept)
        session.flush()
        inner = session.begin_nested()
        session.add(Branch(code="S2", name="回滚的保存点", address="北京市", hotline="95500"))
        session.flush()
        inner.rollback()
        with session.begin_nested():
            later = Branch(code="S3", name="保存点", address="北京市", hotline="95500")
            session.add(later)
        assert heard == []
    assert len(heard) == 1
    assert {kept.id, later.id} <= heard[0].ids("branch")  # type: ignore[operator]
