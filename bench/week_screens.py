"""Screenshots of the calendar's week on demo data, as a coordinator sees it (issue 16.4).

    python bench/week_screens.py [--out docs/screenshots] [--customers 3000] [--weeks-back 0]

A demo branch in a temporary SQLite file (this week: the demo's visits of a
full week; ``--weeks-back -1`` shows next week's planned ones), the main
window offscreen at 1366×768 and 1920×1080,
Chinese, the calendar in the week view; writes ``week-1366.png`` and
``week-1920.png`` and prints, per size, the layout chosen and whether every
block shows its time and two characters of the customer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

# A fixed name: the status bar shows the database's path in the pictures.
_PROFILE = Path(tempfile.gettempdir()) / "hvdesk-demo"
shutil.rmtree(_PROFILE, ignore_errors=True)
_PROFILE.mkdir()
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hvdesk import clock, demo, migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.services.auth import authenticate  # noqa: E402
from ui.app import application  # noqa: E402
from ui.calendar.layout import ViewMode  # noqa: E402
from ui.calendar.page import CalendarPage  # noqa: E402
from ui.calendar.week_arrange import all_readable  # noqa: E402
from ui.i18n import Translations  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings import Settings  # noqa: E402


def wait(app: QApplication, until: object, timeout_s: float = 20.0) -> None:
    deadline = dt.datetime.now() + dt.timedelta(seconds=timeout_s)
    while not until() and dt.datetime.now() < deadline:  # type: ignore[operator]
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--weeks-back", type=int, default=0,
                        help="0: this week (the demo's busiest); -1: next week")
    args = parser.parse_args()
    # The application as users get it (its style sheet and icons), not a bare QApplication.
    app = application(sys.argv)
    db = Database.open(f"sqlite:///{_PROFILE / 'demo.db'}")
    migrations.upgrade(db)
    result = demo.generate(db, customers=args.customers, seed=1)
    with db.begin() as session:
        actor = authenticate(session, "coord1", result.passwords["coord1"])
    translations = Translations(app)
    translations.apply("zh_CN")
    args.out.mkdir(parents=True, exist_ok=True)
    # Next week: the demo's planned visits (this week may be half over).
    today = clock.today(None)
    monday = today - dt.timedelta(days=today.weekday() + 7 * args.weeks_back)
    for width, height in ((1366, 768), (1920, 1080)):
        settings = Settings(_PROFILE / f"ui-{width}.ini")
        settings.store("calendar/view", ViewMode.WEEK.value)
        settings.store("calendar/date", monday.isoformat())
        window = MainWindow(db, actor, settings, translations)
        window.resize(width, height)
        window.show()
        window.show_section("calendar")
        page = window.page("calendar")
        assert isinstance(page, CalendarPage)
        wait(app, lambda p=page: p.loaded is not None and p.idle)
        wait(app, lambda: False, 1.0)  # the side pane's rows and values
        canvas = page.canvas
        layout = canvas.layout_
        ok = all_readable(layout, canvas._font, canvas._small)
        print(f"{width}x{height}: {'lists' if layout.stacked else 'time grid'}, "
              f"{len(layout.placed)} blocks, readable={ok}, folded={canvas.folded()}, "
              f"day widths={[round(c.width) for c in layout.columns]}")
        window.grab().save(str(args.out / f"week-{width}.png"))
        window.close()
        window.deleteLater()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
