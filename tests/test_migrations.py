import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model import Base
from hvdesk.model.list_indexes import PG_ONLY_INDEXES
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM


def _on(dialect: str):
    def include(obj, name, type_, reflected, compare_to) -> bool:
        return not (dialect != "postgresql" and type_ == "index" and name in PG_ONLY_INDEXES)
    return include


def test_migrations_match_the_model(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _on(conn.dialect.name)})
        diffs = compare_metadata(context, Base.metadata)
    assert diffs == []
    assert migrations.current_revision(db.engine) == migrations.head_revision()


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET action = 'x'",
                                       "DELETE FROM audit_event"])
def test_audit_trail_is_append_only_in_the_database(db, statement):
    with db.begin() as s:
        audit.record(s, SYSTEM, "test", "nothing")
    with pytest.raises(SADatabaseError, match="append-only"), db.begin() as s:
        s.execute(text(statement))
    with db.session() as s:
        assert s.execute(text("SELECT action FROM audit_event")).scalars().all() == ["test"]


def test_older_sqlite_file_is_backed_up_then_upgraded(sqlite_url, tmp_path):
    db = Database.open(sqlite_url)
    migrations.upgrade(db, "0001")
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO db_meta (key, value) VALUES ('marker', 'kept')"))
    backup = migrations.upgrade_with_backup(db)
    assert backup is not None
    assert backup.parent == tmp_path
    assert backup.name.startswith("test.db.0001-")
    assert migrations.current_revision(db.engine) == migrations.head_revision()
    old = Database.open(f"sqlite:///{backup.as_posix()}")
    assert migrations.current_revision(old.engine) == "0001"
    with old.engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM db_meta WHERE key='marker'")).scalar() == "kept"
    old.dispose()
    # Nothing to do the second time: no second backup.
    assert migrations.upgrade_with_backup(db) is None
    db.dispose()


def test_new_database_needs_no_backup(sqlite_url):
    db = Database.open(sqlite_url)
    assert migrations.upgrade_with_backup(db) is None
    assert db.database_id()
    db.dispose()


def test_0003_fills_search_columns_of_existing_customers(db):
    """A database from before 0003 keeps its customers and gets initials and DPD."""
    migrations.downgrade(db, "0002")
    with db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO branch (id, code, name, address, hotline, timezone, visit_window_start,"
            " visit_window_end, sms_window_start, sms_window_end, max_visits_per_30_days,"
            " sms_lead_hours, created_at, version) VALUES (1, 'B', 'b', 'a', '1', 'Asia/Shanghai',"
            " '08:00:00', '20:00:00', '08:00:00', '21:00:00', 2, 24, '2026-01-01 00:00:00', 1)"))
        conn.execute(text(
            "INSERT INTO customer (id, branch_id, name, id_enc, id_bidx, id_region, id_last4,"
            " phone_enc, phone_bidx, phone_prefix, phone_last4, registered_address, do_not_visit,"
            " created_at, updated_at, version) VALUES (1, 1, '欧阳娜娜', :b, 'x', '110105', '002X',"
            " :b, 'y', '138', '8000', 'addr', false, '2026-01-01 00:00:00',"
            " '2026-01-01 00:00:00', 1)"), {"b": b"\x00"})
        for n, (dpd, amount) in enumerate([(12, "100.50"), (95, "2000.00")], start=1):
            conn.execute(text(
                "INSERT INTO loan_account (id, customer_id, contract_no, product, principal,"
                " outstanding_balance, overdue_amount, days_past_due, version) VALUES"
                f" ({n}, 1, 'HT{n}', 'p', 1000, 500, {amount}, {dpd}, 1)"))
    migrations.upgrade(db)
    with db.engine.connect() as conn:
        row = conn.execute(text(
            "SELECT name_initials, days_past_due, overdue_amount FROM customer")).one()
    assert row[0] == "oynn"
    assert row[1] == 95
    assert float(row[2]) == 2100.50
