"""What a user waits for when hvdesk starts, beside what the same work costs bare.

    python bench/startup.py [--trees DIR,DIR] [--repeat 5] [--customers 3000] [--no-gui]
    python bench/startup.py --db sqlite:////tmp/bench1m.db --password P [--login coord1]

Every figure is a cold process, started the way a user starts it, timed by
this process from spawn to the result (a painted window, a written file):

* ``hvdesk --version`` beside a bare interpreter (``python -c pass``);
* ``hvdesk brief --date D -o x.pdf`` for a team day of 10 visits (sign-in by
  password, the pack, the audit) beside a canvas-only reportlab script that
  writes the same text, page for page, with the same embedded font;
* the desktop application (``bench/gui_driver.py``, Qt offscreen): process
  start to the painted sign-in dialog; the sign-in (password typed, Sign in
  pressed) to the painted main window and to the home page painted with its
  figures (where every user lands); then a click on "Customers" in the
  navigation rail to the painted customer rows, and sign-in to those rows in
  all; beside a bare PySide6 table window (process start to its first paint).

``--typing S`` presses Sign in S seconds after the dialog is painted (a user
typing; the application loads the main window meanwhile), default at once.
``--db URL --password P`` runs against an existing database (read only: e.g.
the 1M demo) instead of building a 3,000-customer one; it measures the
desktop only, unless ``--date`` names a day whose briefing pack to time too
(``hvdesk brief`` writes an audit event, so not on a database shared read-only).

``--trees`` measures several checkouts in one run against the same database
and the same anchors (e.g. ``--trees /work/main,.`` for before and after):
each command runs with the tree as working directory, so ``python -m
hvdesk`` and the GUI driver import that tree's code. Wall time is the best of
``--repeat`` runs, CPU time (user + system of the child) likewise; on a busy
machine CPU moves less. Targets (issue 19): ``--version`` < 0.3 s, brief < 2 s,
sign-in to painted list < 1.5 s.

Bytecode: an installed hvdesk (wheel, frozen bundle) runs from compiled
modules, so the children keep theirs under a private ``PYTHONPYCACHEPREFIX``
(the checkouts are not written to) and each command runs once untimed first.
With ``PYTHONDONTWRITEBYTECODE`` set, as on some development machines, every
cold start compiles the project's ~500 modules again (about half a second
here); ``--no-bytecode`` measures that way.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-startup-"))
atexit.register(shutil.rmtree, _PROFILE, ignore_errors=True)
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
sys.path.insert(0, str(ROOT))

DAY = dt.date(2027, 3, 2)
LOGIN = "coord1"
TARGETS = {"version": 0.3, "brief": 2.0, "signin": 1.5}
DRIVER = HERE / "gui_driver.py"
#: The children's environment (see the module docstring on bytecode).
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHILD_ENV["PYTHONPYCACHEPREFIX"] = str(_PROFILE / "pycache")


@dataclass
class Timing:
    wall: float
    cpu: float
    out: str


def timed(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None) -> Timing:
    """One cold process: wall seconds from spawn to exit, its CPU seconds, its stdout."""
    env = {**CHILD_ENV, **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu, proc.stdout)


def best_of(repeat: int, cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None
            ) -> Timing:
    """The best of ``repeat`` timed runs, after one untimed run (bytecode, disk cache)."""
    timed(cmd, cwd=cwd, env=env)
    runs = [timed(cmd, cwd=cwd, env=env) for _ in range(repeat)]
    return Timing(min(r.wall for r in runs), min(r.cpu for r in runs), runs[-1].out)


# --- the database --------------------------------------------------------------------
def build_database(customers: int) -> tuple[str, str]:
    """A migrated demo with one more day of 10 visits for one team; (URL, password)."""
    from sqlalchemy import select  # noqa: PLC0415

    from hvdesk import demo, migrations  # noqa: PLC0415
    from hvdesk.database import Database  # noqa: PLC0415
    from hvdesk.model import Customer, User, Visit, VisitMember, VisitPurpose  # noqa: PLC0415
    from hvdesk.security.roles import Role  # noqa: PLC0415
    from hvdesk.services import audit  # noqa: PLC0415
    from hvdesk.services.context import SYSTEM  # noqa: PLC0415

    url = f"sqlite:///{(_PROFILE / 'startup.db').as_posix()}"
    db = Database.open(url)
    migrations.upgrade(db)
    password = demo.generate(db, customers=customers, seed=1).passwords[LOGIN]
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        lead, partner = s.scalars(select(User).where(User.role == Role.VISITOR)
                                  .order_by(User.id).limit(2)).all()
        start = dt.datetime.combine(DAY, dt.time(8, 0), tzinfo=dt.timezone(dt.timedelta(hours=8)))
        purposes = list(VisitPurpose)
        for n, customer in enumerate(s.scalars(select(Customer).where(
                Customer.latitude.is_not(None)).order_by(Customer.id).limit(10))):
            at = start + dt.timedelta(minutes=40 * n)
            visit = Visit(branch_id=customer.branch_id, customer_id=customer.id,
                          purpose=purposes[n % len(purposes)],
                          address=customer.current_address or customer.registered_address,
                          planned_start=at, planned_end=at + dt.timedelta(minutes=30),
                          route_order=n + 1, talking_points="了解客户近况，介绍可选的还款安排。")
            visit.members = [VisitMember(user_id=lead.id, is_lead=True, position=0),
                             VisitMember(user_id=partner.id, position=1)]
            s.add(visit)
    db.dispose()
    return url, password


# --- the anchors ---------------------------------------------------------------------
CANVAS_DOC = """
import json, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.lib.pagesizes import A4
pages = json.load(open(sys.argv[1], encoding="utf-8"))
pdfmetrics.registerFont(TTFont("F", sys.argv[2], subfontIndex=0))
c = Canvas(sys.argv[3], pagesize=A4, invariant=1)
for lines in pages:
    c.setFont("F", 9)
    y = A4[1] - 40
    for line in lines:
        c.drawString(40, y, line)
        y -= 11
    c.showPage()
c.save()
"""

BARE_WINDOW = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
app = QApplication(sys.argv)
table = QTableWidget(50, 6)
for r in range(50):
    for c in range(6):
        table.setItem(r, c, QTableWidgetItem(f"客户 {r}-{c}"))
class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is table.viewport():
            print(time.time(), flush=True)
            QTimer.singleShot(0, app.quit)
        return False
watch = Painted()
table.viewport().installEventFilter(watch)
table.resize(1000, 700)
table.show()
app.exec()
"""

def pack_text(pdf: Path) -> list[list[str]]:
    from pypdf import PdfReader  # noqa: PLC0415

    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    return [[line for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in reader.pages]


# --- the measurements ----------------------------------------------------------------
def measure_version(tree: Path, repeat: int) -> Timing:
    return best_of(repeat, [sys.executable, "-m", "hvdesk", "--version"], cwd=tree)


def measure_brief(tree: Path, url: str, login: str, password: str, day: dt.date,
                  repeat: int) -> Timing:
    out = _PROFILE / f"brief-{tree.name}.pdf"
    cmd = [sys.executable, "-m", "hvdesk", "--db", url, "--as", login, "brief",
           "--date", day.isoformat(), "--invariant", "-o", str(out)]
    return best_of(repeat, cmd, cwd=tree, env={"HVDESK_PASSWORD": password})


def measure_canvas(pages: list[list[str]], repeat: int) -> Timing:
    from hvdesk.resources import resource_path  # noqa: PLC0415

    text_file = _PROFILE / "pages.json"
    text_file.write_text(json.dumps(pages, ensure_ascii=False), encoding="utf-8")
    font = resource_path("fonts", "wqy-microhei.ttc")
    cmd = [sys.executable, "-c", CANVAS_DOC, str(text_file), str(font),
           str(_PROFILE / "canvas.pdf")]
    return best_of(repeat, cmd, cwd=_PROFILE)


def painted_after_spawn(cmd: list[str], cwd: Path) -> tuple[float, str]:
    t0 = time.time()
    run = timed(cmd, cwd=cwd)
    return float(run.out.split()[0]) - t0, run.out


def measure_bare_window(repeat: int) -> float:
    painted_after_spawn([sys.executable, "-c", BARE_WINDOW], _PROFILE)
    return min(painted_after_spawn([sys.executable, "-c", BARE_WINDOW], _PROFILE)[0]
               for _ in range(repeat))


def measure_gui(tree: Path, url: str, login: str, password: str, repeat: int,
                typing: float = 0.0) -> dict[str, float]:
    """Best of ``repeat`` cold runs of each figure (seconds), after one untimed run."""
    cmd = [sys.executable, str(DRIVER), url, login, password, "customers",
           f"--typing={typing}"]
    timed(cmd, cwd=tree)
    results: list[dict[str, float]] = []
    for _ in range(repeat):
        t0 = time.time()
        run = timed(cmd, cwd=tree)
        found = json.loads(run.out.strip().splitlines()[-1])
        if "error" in found:
            raise SystemExit(f"the GUI driver timed out in {tree}: {found}")
        at = {k: float(v) for k, v in found["marks"].items()}
        figures = {"dialog": at["dialog"] - t0, "cpu": run.cpu,
                   "window": at["window"] - at["submit"], "home": at["home"] - at["submit"],
                   "click": at["customers"] - at["click:customers"],
                   "rows": at["customers"] - at["submit"], "total": at["customers"] - t0}
        results.append(figures)
    return {k: min(r[k] for r in results) for k in results[-1]}


def verdict(value: float, target: float) -> str:
    return f"(target < {target:g} s: {'ok' if value < target else 'MISSED'})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--trees", default=str(ROOT),
                        help="checkouts to measure, comma-separated (default: this one)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--customers", type=int, default=3000)
    parser.add_argument("--db", help="an existing database URL (used read-only)")
    parser.add_argument("--password", help="the --login user's password (with --db)")
    parser.add_argument("--login", default=LOGIN)
    parser.add_argument("--date", type=dt.date.fromisoformat,
                        help="with --db: also time the briefing pack of this day (writes audit)")
    parser.add_argument("--typing", type=float, default=0.0, metavar="S",
                        help="press Sign in S seconds after the dialog is painted (default 0)")
    parser.add_argument("--no-gui", action="store_true", help="skip the desktop figures")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="compile every module at every start (PYTHONDONTWRITEBYTECODE)")
    args = parser.parse_args(argv)
    if args.no_bytecode:
        CHILD_ENV.pop("PYTHONPYCACHEPREFIX")
        CHILD_ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    trees = [Path(t).resolve() for t in args.trees.split(",")]
    login = args.login
    if args.db:
        if not args.password:
            parser.error("--db needs --password")
        url, password, day = args.db, args.password, args.date
    else:
        print(f"demo database: {args.customers} customers, a day of 10 visits …",
              file=sys.stderr)
        url, password = build_database(args.customers)
        day = DAY
    print(f"load average at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}")

    bare = best_of(args.repeat, [sys.executable, "-c", "pass"], cwd=_PROFILE)
    print(f"anchor  bare interpreter (python -c pass)      {bare.wall:6.3f} s  cpu {bare.cpu:.3f}")
    for tree in trees:
        v = measure_version(tree, args.repeat)
        print(f"{tree.name:<8.8} hvdesk --version                     {v.wall:6.3f} s  "
              f"cpu {v.cpu:.3f}  {verdict(v.wall, TARGETS['version'])}")

    canvas: Timing | None = None
    for tree in trees if day is not None else []:
        b = measure_brief(tree, url, login, password, day, args.repeat)
        if canvas is None:
            pages = pack_text(_PROFILE / f"brief-{tree.name}.pdf")
            canvas = measure_canvas(pages, args.repeat)
            print(f"anchor  canvas-only reportlab, same text+font {canvas.wall:6.3f} s  "
                  f"cpu {canvas.cpu:.3f}  ({len(pages)} pages)")
        print(f"{tree.name:<8.8} hvdesk brief, 10 visits, cold        {b.wall:6.3f} s  "
              f"cpu {b.cpu:.3f}  {verdict(b.wall, TARGETS['brief'])}  "
              f"x{b.cpu / canvas.cpu:.2f} the anchor's CPU")

    if not args.no_gui:
        window = measure_bare_window(args.repeat)
        print(f"anchor  bare PySide6 table window, painted   {window:6.3f} s")
        for tree in trees:
            gui = measure_gui(tree, url, login, password, args.repeat, args.typing)
            if args.typing:
                print(f"{tree.name:<8.8} (Sign in pressed {args.typing:g} s after the dialog "
                      "was painted: the user typing)")
            print(f"{tree.name:<8.8} GUI start to sign-in dialog painted  {gui['dialog']:6.3f} s;"
                  f" process CPU (whole run) {gui['cpu']:.3f} s")
            print(f"{tree.name:<8.8} sign-in to window painted {gui['window']:.3f} s, to home "
                  f"painted with figures {gui['home']:.3f} s; click Customers to rows painted "
                  f"{gui['click']:.3f} s")
            print(f"{tree.name:<8.8} sign-in to customer rows painted (home, then the click) "
                  f"{gui['rows']:.3f} s {verdict(gui['rows'], TARGETS['signin'])}; "
                  f"process start to rows {gui['total']:.3f} s"
                  + (" (typing included)" if args.typing else ""))
    print(f"load average at end: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
