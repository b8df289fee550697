"""The start-up schema check without Alembic gives Alembic's answers (issue 19 item 3)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from hvdesk import migrations
from hvdesk.database import Database

ROOT = Path(__file__).resolve().parents[1]


def test_head_read_from_the_files_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(migrations._config())
    assert migrations.head_revision() == script.get_current_head()


def test_current_revision_is_alembics(db) -> None:
    with db.engine.connect() as conn:
        expected = MigrationContext.configure(conn).get_current_revision()
    assert migrations.current_revision(db.engine) == expected == migrations.head_revision()
    assert not migrations.needs_upgrade(db)


def test_an_empty_database_is_at_no_revision(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        assert migrations.current_revision(db.engine) is None
        assert migrations.needs_upgrade(db)
    finally:
        db.dispose()


def test_checking_a_current_database_does_not_load_alembic(db) -> None:
    if not db.is_sqlite:
        return  # the same code; one process start is enough
    code = (
        "import json, sys\n"
        "from hvdesk import migrations\n"
        "from hvdesk.database import Database\n"
        f"db = Database.open({db.url!r})\n"
        "needs = migrations.needs_upgrade(db)\n"
        "migrations.upgrade_with_backup(db)\n"
        "print(json.dumps([needs, sorted(m for m in sys.modules if m.startswith('alembic'))]))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert json.loads(proc.stdout) == [False, []]
