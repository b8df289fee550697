"""A second process that keeps committing visits (tests/test_backup.py backs up under it).

Usage: python -m tests.backup_writer DB_FILE LOG_FILE SECONDS. Each visit is a
copy of visit 1 committed in its own transaction; its id is appended to
LOG_FILE only after the commit returned, so every id in the log is committed.
"""

from __future__ import annotations

import sqlite3
import sys
import time


def main(db_file: str, log_file: str, seconds: float) -> None:
    conn = sqlite3.connect(db_file, timeout=30, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA busy_timeout=30000")
    columns = [r[1] for r in conn.execute("PRAGMA table_info(visit)") if r[1] != "id"]
    names = ", ".join(columns)
    stop = time.monotonic() + seconds
    with open(log_file, "a", encoding="utf-8") as log:
        while time.monotonic() < stop:
            conn.execute("BEGIN IMMEDIATE")
            new_id = conn.execute(
                f"INSERT INTO visit ({names}) SELECT {names} FROM visit "
                "ORDER BY id LIMIT 1 RETURNING id").fetchone()[0]
            # The first visit's team too: two staff on every visit, checked at commit.
            conn.execute("INSERT INTO visit_member (visit_id, user_id, is_lead, position) "
                         "SELECT ?, user_id, is_lead, position FROM visit_member "
                         "WHERE visit_id = (SELECT min(id) FROM visit)", (new_id,))
            conn.execute("COMMIT")
            log.write(f"{new_id}\n")
            log.flush()
    conn.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]))
