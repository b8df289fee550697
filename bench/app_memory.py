"""The whole application's memory with the list, the calendar and the map opened once.

    python bench/app_memory.py --db sqlite:////tmp/bench1m.db --password P [--login coord1]
                               [--trees DIR,DIR] [--runs 3]

A cold process per run (``bench/gui_driver.py``, Qt offscreen) signs in with the
real password, lands on the home page, then opens Customers, Calendar and Map by
clicking them in the navigation rail, waiting each time until the section is
painted with its data and then 1 s more. After each step it reads, for the
application process and separately for its QtWebEngine renderer processes
(summed), from /proc:

* ``RSS`` (VmRSS): every resident page, shared or not: the mapped code of Qt and
  QtWebEngine too (SQLite reads the file into its own page cache, no memory map).
* ``anon`` (RssAnon): resident anonymous memory, the heap: what the process itself
  allocated.
* ``file`` (RssFile): resident file-backed pages (libraries).
* ``private`` (smaps_rollup Private_Clean + Private_Dirty): pages no other process
  shares; closest to Windows Task Manager's default column (private working set).
* ``peak`` (VmHWM): the highest RSS so far (argon2id's 64 MB at the sign-in shows).

The anchors, measured in the same run: a bare PySide6 process showing a 200-row
table (the same figures after its first paint), and what a blank QWebEngineView
adds to a bare process (``bench/blank_web_view.py``, Chromium's flags as the
application sets them), beside the map step's own growth. Issue 19 target: whole-app RSS
with list, calendar and map opened once < 350 MB. Figures are the median of
``--runs`` runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DRIVER = HERE / "gui_driver.py"
SECTIONS = "customers,calendar,map"
TARGET_MB = 350
FIGURES = (("RSS", "VmRSS"), ("anon", "RssAnon"), ("file", "RssFile"), ("private", "Private"),
           ("peak", "VmHWM"))

#: The anchor: a bare PySide6 table window; its memory after the first paint.
BARE_WINDOW = r"""
import json, os, sys
sys.path.insert(0, sys.argv[1])
from procmem import proc_memory
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication(sys.argv[:1])
model = QStandardItemModel(200, 9)
for r in range(200):
    for c in range(9):
        model.setItem(r, c, QStandardItem(f"客户 {r}:{c}"))
view = QTableView()
view.setModel(model)
view.resize(1100, 700)
class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(1000, done)
        return False
def done():
    print(json.dumps(proc_memory(os.getpid())), flush=True)
    app.quit()
spy = Painted()
view.viewport().installEventFilter(spy)
view.show()
app.exec()
"""


def child_env(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.setdefault("HVDESK_KEYRING", "off")
    # A fresh profile per run: no window state, map cache or settings from before.
    env["HVDESK_CONFIG_DIR"] = str(config / "config")
    env["HVDESK_DATA_DIR"] = str(config / "data")
    return env


def last_json(out: str) -> dict[str, Any]:
    lines = [line for line in out.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit("the measured process printed nothing")
    found: dict[str, Any] = json.loads(lines[-1])
    return found


def run_app(tree: Path, url: str, login: str, password: str) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="hvdesk-appmem-") as tmp:
        done = subprocess.run(
            [sys.executable, str(DRIVER), url, login, password, SECTIONS, "--memory"],
            cwd=tree, env=child_env(Path(tmp)), capture_output=True, text=True, timeout=300,
            check=False)
    if not done.stdout:
        raise SystemExit(f"the application run failed in {tree}: {done.stderr[-2000:]}")
    found = last_json(done.stdout)
    if "error" in found:
        raise SystemExit(f"the application run failed in {tree}: {found}")
    samples: list[dict[str, Any]] = found["samples"]
    return samples


def run_bare() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="hvdesk-appmem-") as tmp:
        done = subprocess.run([sys.executable, "-c", BARE_WINDOW, str(HERE)], cwd=tmp,
                              env=child_env(Path(tmp)), capture_output=True, text=True,
                              timeout=120, check=False)
    return last_json(done.stdout)


def line(label: str, memory: dict[str, float]) -> str:
    parts = [f"{name} {memory.get(key, 0.0):6.0f}" for name, key in FIGURES]
    return f"  {label:<16} " + "  ".join(parts)


def median_samples(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for i, first in enumerate(runs[0]):
        step: dict[str, Any] = {"step": first["step"]}
        for side in ("app", "renderer"):
            keys = set().union(*(r[i][side].keys() for r in runs))
            step[side] = {k: statistics.median(r[i][side].get(k, 0.0) for r in runs)
                          for k in keys}
        out.append(step)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--db", required=True, help="the database URL (read only)")
    parser.add_argument("--password", required=True)
    parser.add_argument("--login", default="coord1")
    parser.add_argument("--trees", default=str(ROOT),
                        help="checkouts to measure, comma-separated (default: this one)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not Path("/proc/self/smaps_rollup").exists():
        raise SystemExit("this bench reads /proc (Linux)")
    print(f"database {args.db}, acting as {args.login}; MB, median of {args.runs} runs; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bare = [run_bare() for _ in range(args.runs)]
    anchor = {k: statistics.median(b.get(k, 0.0) for b in bare) for k in bare[0]}
    print("anchor, a bare PySide6 200-row table window after its first paint:")
    print(line("process", anchor))
    import blank_web_view  # noqa: PLC0415 - beside this file

    blanks = [blank_web_view.measure().get("growth", {}) for _ in range(args.runs)]
    blank = {k: statistics.median(b.get(k, 0.0) for b in blanks) for k in blank_web_view.KEYS}
    print("anchor, what a blank QWebEngineView (about:blank) adds to a bare process:")
    print(line("growth", blank))
    for tree in (Path(t).resolve() for t in args.trees.split(",")):
        runs = [run_app(tree, args.db, args.login, args.password) for _ in range(args.runs)]
        print(f"{tree} — application process, after each step:")
        steps = median_samples(runs)
        for step in steps:
            print(line(step["step"], step["app"]))
        print("  its QtWebEngine renderer processes (summed), after each step:")
        for step in steps:
            if step["renderer"].get("processes"):
                print(line(step["step"], step["renderer"])
                      + f"  ({step['renderer']['processes']:.0f} processes)")
        by_step = {step["step"]: step["app"] for step in steps}
        if "map" in by_step and "calendar" in by_step:
            grown = {k: by_step["map"][k] - by_step["calendar"][k] for k in by_step["map"]}
            print(f"  the map step's growth: RSS +{grown['VmRSS']:.0f} MB, anonymous "
                  f"+{grown['RssAnon']:.0f}, file +{grown['RssFile']:.0f}, private "
                  f"+{grown['Private']:.0f} (blank web view: RSS +{blank['VmRSS']:.0f}; "
                  f"issue 19's target RSS +60)")
        final = steps[-1]["app"]
        verdict = "ok" if final["VmRSS"] < TARGET_MB else "MISSED"
        print(f"  with list, calendar and map opened: app RSS {final['VmRSS']:.0f} MB "
              f"(target < {TARGET_MB}: {verdict}), of it anonymous {final['RssAnon']:.0f} MB "
              f"and file-backed {final['RssFile']:.0f} MB; private {final['Private']:.0f} MB; "
              f"app + renderers RSS {final['VmRSS'] + steps[-1]['renderer'].get('VmRSS', 0):.0f}"
              f" MB, private {final['Private'] + steps[-1]['renderer'].get('Private', 0):.0f} MB")
    print(f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
