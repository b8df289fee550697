"""Screenshots of the home page per role and of the dashboard at 1366×768 (issue 16).

Run from the checkout: ``QT_QPA_PLATFORM=offscreen python docs/screenshots/grab_home.py``.
A demo database of 300 customers on 2026-11-25, 10:00 in Shanghai; so that every card
of the coordinator's page shows rows, four notices of visits ahead are given the states
the demo does not produce (a draft, two failures, a reply "2").
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QEventLoop, QTimer
from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from hvdesk import clock, demo, migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.services.auth import authenticate  # noqa: E402
from ui.app import application  # noqa: E402
from ui.i18n import Translations  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402

TODAY = dt.date(2026, 11, 25)
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
OUT = ROOT / "docs" / "screenshots"


def wait(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(check, timeout_ms: int = 20000) -> None:
    waited = 0
    while not check() and waited < timeout_ms:
        wait(50)
        waited += 50


def seed_states(db: Database) -> None:
    with db.begin() as s:
        ahead = s.execute(text(
            "SELECT n.id FROM notice n JOIN visit v ON v.id = n.visit_id"
            " WHERE v.planned_start >= :now AND v.status IN ('planned', 'notified', 'confirmed')"
            " AND n.kind = 'notice' ORDER BY v.planned_start, n.id"),
            {"now": NOW.astimezone(dt.UTC).replace(tzinfo=None)}).scalars().all()
        draft, failed1, failed2, moved = ahead[:4]
        s.execute(text("UPDATE notice SET status = 'draft', sent_at = NULL,"
                       " delivered_at = NULL, reply = NULL WHERE id = :i"), {"i": draft})
        for i in (failed1, failed2):
            s.execute(text("UPDATE notice SET status = 'failed', needs_attention = :t,"
                           " error = '空号', reply = NULL WHERE id = :i"), {"i": i, "t": True})
        s.execute(text("UPDATE notice SET reply = '2', needs_attention = :t WHERE id = :i"),
                  {"i": moved, "t": True})


def main() -> None:
    app = application(sys.argv)
    translations = Translations(app)
    translations.apply("zh_CN")
    work = Path(tempfile.mkdtemp())
    db = Database.open(f"sqlite:///{(work / 'demo.db').as_posix()}")
    migrations.upgrade(db)
    passwords = demo.generate(db, customers=300, seed=7, today=TODAY).passwords
    seed_states(db)
    shots = [("coord1", "home-coordinator-1366.png", "overview"),
             ("manager1", "home-manager-1366.png", "overview"),
             ("visitor1", "home-visitor-1366.png", "overview"),
             ("reviewer1", "home-reviewer-1366.png", "overview"),
             ("manager1", "dashboard-1366.png", "dashboard")]
    with clock.pinned(NOW):
        for login, name, section in shots:
            with db.begin() as s:
                actor = authenticate(s, login, passwords[login])
            settings = Settings(work / f"{login}-{section}.ini")
            window = MainWindow(db, actor, settings, translations)
            window.resize(1366, 768)
            window.show()
            window.show_section(section)
            page = window.page(section)
            wait_for(lambda p=page: getattr(p, "data", None) is not None
                     or getattr(p, "board", None) is not None)
            wait(1500)
            window.grab().save(str(OUT / name))
            print("wrote", OUT / name)
            window.close()
            window.deleteLater()
            wait(100)
    db.dispose()
    translations.clear()


if __name__ == "__main__":
    main()
