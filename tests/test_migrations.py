import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError as SADatabaseError

from hvdesk import migrations
from hvdesk.database import Database
from hvdesk.model import Base
from hvdesk.services import audit
from hvdesk.services.context import SYSTEM


def test_migrations_match_the_model(db):
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
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
