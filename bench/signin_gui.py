"""Sign-in to a painted customer list, as the user waits, beside a bare PySide6 window.

Each run is a cold process (offscreen Qt): it starts the application as
``hvdesk`` does, waits for the sign-in dialog, types a coordinator's password
and presses Sign in, and stops at the first paint of the customer table with
rows in it. The anchor, measured in the same run, is a bare PySide6 process
that shows a 200-row table (import, window, first paint). Figures are the
median of ``--runs`` runs::

    python -m hvdesk demo --customers 100000 --seed 7 --db sqlite:///tmp/demo.db
    python bench/signin_gui.py --db sqlite:///tmp/demo.db --password 'printed by demo'

``--root DIR`` runs another checkout's code (e.g. the main branch, for a
before/after comparison) with this same driver.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The bare window: import PySide6, show a 200-row table, stop at its first paint.
ANCHOR = r"""
import json, resource, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
imported = time.time()
app = QApplication(sys.argv)
model = QStandardItemModel(200, 9)
for r in range(200):
    for c in range(9):
        model.setItem(r, c, QStandardItem(f"{r}:{c}"))
view = QTableView()
view.setModel(model)
view.resize(1100, 700)

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(json.dumps({"imported": imported, "painted": time.time(), "rss_mb": mb}))
            sys.stdout.flush()
            app.quit()
        return False

spy = Painted()
view.viewport().installEventFilter(spy)
view.show()
app.exec()
"""

#: The application: the same steps as ``ui.app.run``, driven like a user.
APP = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
db_url, login, password = sys.argv[1:4]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView
from ui import app as app_module
from ui.i18n import Translations
from ui.settings import Settings
from ui.signin import SignInDialog
T = {"imported": time.time()}
qapp = app_module.application(["hvdesk"])
settings = Settings()
translations = Translations(qapp)
translations.apply(settings.language)
db, backup = app_module.open_database(db_url)
T["database"] = time.time()
shell = app_module.Shell(db, settings, translations, notice=app_module.backup_notice(backup))


class Painted(QObject):
    def eventFilter(self, watched, event):
        table = self.table
        if (event.type() == QEvent.Type.Paint and "painted" not in T
                and table.model() is not None and table.model().rowCount() > 0):
            T["painted"] = time.time()
            T["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            T["rows"] = table.model().rowCount()
            QTimer.singleShot(0, finish)
        return False


spy = Painted()


def finish():
    print(json.dumps(T))
    sys.stdout.flush()
    shell.close()
    qapp.quit()


def poll():
    if "submitted" not in T:
        dialog = shell.sign_in_dialog
        if isinstance(dialog, SignInDialog) and dialog.isVisible():
            T["dialog"] = time.time()
            dialog.login_edit.setText(login)
            dialog.password_edit.setText(password)
            T["submitted"] = time.time()
            dialog.sign_in_button.click()
    elif not hasattr(spy, "table"):
        window = shell.window
        table = window.findChild(QTableView, "customerTable") if window is not None else None
        if table is not None:
            spy.table = table
            table.viewport().installEventFilter(spy)
            table.viewport().update()
    if "painted" not in T:
        QTimer.singleShot(2, poll)


shell.start()
QTimer.singleShot(0, poll)
QTimer.singleShot(60_000, lambda: (print(json.dumps({"error": "timeout", **T})), qapp.quit()))
qapp.exec()
db.dispose()
"""


def run(code: str, args: list[str], cwd: Path, config: Path) -> dict[str, float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HVDESK_CONFIG_DIR=str(config),
               PYTHONDONTWRITEBYTECODE="1")
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"the measured process failed:\n{done.stderr[-2000:]}")
    found: dict[str, float] = json.loads(lines[-1])
    if "error" in found:
        raise SystemExit(f"the measured process timed out: {found}")
    return {key: (value - start if key not in ("rss_mb", "rows") else value)
            for key, value in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a demo database URL")
    parser.add_argument("--login", default="coord1")
    parser.add_argument("--password", required=True)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    anchors: list[dict[str, float]] = []
    apps: list[dict[str, float]] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as config:
            anchors.append(run(ANCHOR, [], args.root, Path(config)))
            apps.append(run(APP, [args.db, args.login, args.password], args.root, Path(config)))

    def median(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    print(f"checkout: {args.root}   database: {args.db}   runs: {args.runs} (medians)")
    print(f"anchor, bare PySide6 200-row table: imported {median(anchors, 'imported'):.2f} s, "
          f"painted {median(anchors, 'painted'):.2f} s, "
          f"peak RSS {median(anchors, 'rss_mb'):.0f} MB")
    print(f"hvdesk: imports {median(apps, 'imported'):.2f} s, database open "
          f"{median(apps, 'database'):.2f} s, sign-in dialog {median(apps, 'dialog'):.2f} s")
    sign_in = statistics.median(a["painted"] - a["submitted"] for a in apps)
    print(f"hvdesk: Sign in pressed → customer list painted ({median(apps, 'rows'):.0f} rows): "
          f"{sign_in:.2f} s")
    print(f"hvdesk: process start → customer list painted: {median(apps, 'painted'):.2f} s, "
          f"peak RSS {median(apps, 'rss_mb'):.0f} MB")


if __name__ == "__main__":
    main()
