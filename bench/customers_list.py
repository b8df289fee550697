"""How fast the customer list is over a million customers, and what it costs in memory.

    python bench/customers_list.py [--customers N] [--db URL] [--repeat R] [--keep]

Searches run through the ``customer_search`` side table (migration 0015; a
database from before it gets its terms when upgraded). Typing through the
page, term by term, is ``bench/search_typing.py``.

Without ``--db`` the demo generator fills a new SQLite file in a temporary
folder (N customers, default 1,000,000), then the measurements run in a fresh
process so that the peak memory is the list's, not the generator's. With
``--db`` an existing database is measured (SQLite file or PostgreSQL URL);
demo databases whose search columns are still empty get them filled first.

Prints: time to first rows shown (page created -> first page painted), p50/p95
of ~20 typical searches and filters through the service, the same statements
run raw (sqlite3 / psycopg, no SQLAlchemy), their ratio, the jump to row
900,000, and peak RSS. Targets: first rows < 300 ms, p95 < 150 ms, ratio <= 1.5,
RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("HVDESK_KEYRING", "off")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# This checkout's code, not whichever one the installed ``hvdesk`` points at.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, text  # noqa: E402

from hvdesk import migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.model import Customer, LoanAccount, User, Visit  # noqa: E402
from hvdesk.names import name_initials  # noqa: E402
from hvdesk.services import customer_list as cl  # noqa: E402
from hvdesk.services.auth import actor_for  # noqa: E402
from hvdesk.services.context import Actor  # noqa: E402
from hvdesk.services.customer_list import CustomerQuery as Q  # noqa: E402
from hvdesk.services.customer_list import DpdBucket, NextVisitState, SortKey  # noqa: E402

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


def peak_rss_mb() -> float:
    if resource is None:
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


# --- data ---------------------------------------------------------------------------


def fill_search_columns(db: Database) -> None:
    """Demo files made before the generator filled these: do it here, once."""
    with db.session() as s:
        empty = s.execute(text("SELECT 1 FROM customer WHERE name_initials = '' LIMIT 1")).first()
    if empty is None:
        return
    print("filling name_initials / days_past_due / overdue_amount ...", flush=True)
    t0 = time.perf_counter()
    with db.engine.begin() as conn:
        conn.execute(text(
            "UPDATE customer SET days_past_due = COALESCE((SELECT MAX(l.days_past_due) FROM"
            " loan_account l WHERE l.customer_id = customer.id), 0), overdue_amount ="
            " COALESCE((SELECT SUM(l.overdue_amount) FROM loan_account l"
            " WHERE l.customer_id = customer.id), 0)"))
        rows = conn.execute(text("SELECT id, name FROM customer")).all()
        update = text("UPDATE customer SET name_initials = :v WHERE id = :i")
        batch = [{"i": i, "v": name_initials(n)} for i, n in rows]
        for start in range(0, len(batch), 20_000):
            conn.execute(update, batch[start:start + 20_000])
    with db.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    print(f"  filled in {time.perf_counter() - t0:.0f} s", flush=True)


def typical_queries(db: Database) -> dict[str, Q]:
    """~20 searches and filters a desk types, with values taken from the data."""
    with db.session() as s:
        total = s.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1)) or 1
        probe = s.execute(select(Customer.name, Customer.name_initials, Customer.phone_last4,
                                 Customer.id_last4).where(Customer.id >= total // 3)
                          .limit(1)).one()
        x_last4 = s.scalar(select(Customer.id_last4).where(Customer.id_last4.like("%X"))
                           .limit(1)) or "123X"
        contract = s.scalar(select(LoanAccount.contract_no)
                            .where(LoanAccount.id >= total // 2).limit(1)) or "HT0"
    return {
        "all, by days past due": Q(),
        "all, by name": Q(sort=SortKey.NAME, descending=False),
        "surname 王": Q(search="王"),
        "surname 欧阳": Q(search="欧阳"),
        "伟 anywhere in the name": Q(search="伟"),
        "full pinyin zhangwei": Q(search="zhangwei"),
        "given name pinyin wei": Q(search="wei"),
        "full name": Q(search=probe.name),
        "initials 2 letters": Q(search="zw"),
        "initials of a full name": Q(search=probe.name_initials),
        "phone/ID last 4": Q(search=probe.phone_last4),
        "ID last 4 with X": Q(search=x_last4),
        "contract no.": Q(search=contract),
        "contract prefix": Q(search=contract[:-1]),
        "dpd 1-30": Q(dpd_bucket=DpdBucket.D1_30),
        "dpd 90+": Q(dpd_bucket=DpdBucket.D90_PLUS),
        "province 51": Q(region="51"),
        "district 510107": Q(region="510107"),
        "province 65 (few)": Q(region="65"),
        "visit planned": Q(next_visit=NextVisitState.PLANNED),
        "no visit planned": Q(next_visit=NextVisitState.NONE),
        "do not visit": Q(do_not_visit=True),
        "王 + 5101 + dpd 31-60": Q(search="王", region="5101", dpd_bucket=DpdBucket.D31_60),
        "zw + dpd 90+ by overdue": Q(search="zw", dpd_bucket=DpdBucket.D90_PLUS,
                                     sort=SortKey.OVERDUE_AMOUNT),
    }


# --- raw driver ---------------------------------------------------------------------


def raw_runner(db: Database, actor: Actor, query: Q) -> Callable[[Any], int]:
    """The service's own statements for one page, run on the bare DBAPI connection (a
    search read rank by rank: its ranks in turn until the page is full)."""
    with db.session() as s:
        stmts = cl.page_statements(s, actor, query, limit=101)
    dialect = db.engine.dialect
    statements: list[tuple[str, Any]] = []
    for stmt in stmts:
        compiled = stmt.compile(dialect=dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.construct_params()
        # What SQLAlchemy would hand the driver (UTC datetimes as text on SQLite, ...).
        processors: dict[str, Any] = dict(compiled._bind_processors)
        values = {k: processors[k](v) if k in processors else v for k, v in params.items()}
        if dialect.name == "sqlite":
            args: Any = [values[k] for k in compiled.positiontup or []]
            args = [getattr(a, "value", a) for a in args]
        else:
            args = {k: getattr(v, "value", v) for k, v in values.items()}
        statements.append((str(compiled), args))
    open_statuses = [s.value for s in cl.OPEN_VISIT_STATUSES]
    if dialect.name == "sqlite":
        visit_sql = ("SELECT customer_id, planned_start, status FROM visit WHERE customer_id IN"
                     " ({ids}) AND status IN (?, ?, ?) ORDER BY customer_id, planned_start")
    else:
        visit_sql = ("SELECT customer_id, planned_start, status FROM visit WHERE customer_id IN"
                     " ({ids}) AND status IN (%s, %s, %s) ORDER BY customer_id, planned_start")

    def run(conn: Any) -> int:
        cur = conn.cursor()
        rows: list[Any] = []
        for sql, args in statements:
            if len(rows) >= 101:
                break
            cur.execute(sql, args)
            rows += cur.fetchall()
        ids = [r[0] for r in rows[:101]]
        if ids:
            marks = ", ".join("?" if dialect.name == "sqlite" else "%s" for _ in ids)
            cur.execute(visit_sql.format(ids=marks), [*ids, *open_statuses])
            cur.fetchall()
        cur.close()
        return len(ids)

    return run


# --- measurements -------------------------------------------------------------------------


def ms(seconds: float) -> float:
    return seconds * 1000


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_queries(db: Database, actor: Actor, repeat: int) -> list[float]:
    queries = typical_queries(db)
    raw_conn = db.engine.raw_connection()
    all_service: list[float] = []
    print(f"\n{'query':30} {'rows':>5} {'service p50':>12} {'raw p50':>9} {'ratio':>6}")
    ratios = []
    for label, query in queries.items():
        runner = raw_runner(db, actor, query)
        service_times, raw_times = [], []
        for n in range(repeat + 1):
            t0 = time.perf_counter()
            with db.session() as s:
                page = cl.fetch_page(s, actor, query, limit=100)
            t1 = time.perf_counter()
            runner(raw_conn.driver_connection)
            t2 = time.perf_counter()
            if n:  # the first run warms caches on both sides
                service_times.append(ms(t1 - t0))
                raw_times.append(ms(t2 - t1))
        all_service.extend(service_times)
        s50, r50 = statistics.median(service_times), statistics.median(raw_times)
        ratios.append(s50 / r50 if r50 else float("nan"))
        print(f"{label:30} {len(page.rows):>5} {s50:>10.1f}ms {r50:>7.1f}ms "
              f"{ratios[-1]:>6.2f}")
    raw_conn.close()
    print(f"\nsearch/filter (service): p50 {percentile(all_service, 50):.1f} ms, "
          f"p95 {percentile(all_service, 95):.1f} ms, max {max(all_service):.1f} ms")
    print(f"ratio service/raw: median {statistics.median(ratios):.2f}, max {max(ratios):.2f}")
    return all_service


def measure_ui(db: Database, actor: Actor) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from ui.customers.list_page import CustomerListPage  # noqa: PLC0415
    from ui.settings import Settings  # noqa: PLC0415

    app = QApplication.instance() or QApplication([])
    settings = Settings(_PROFILE / "ui.ini")

    def wait(signal: Any) -> list[Any]:
        """The page reads on workers: run the event loop until ``signal`` brings the answer."""
        loop, got = QEventLoop(), list[Any]()

        def arrived(*args: Any) -> None:
            got.extend(args)
            loop.quit()

        signal.connect(arrived)
        loop.exec()
        return got

    def first_rows() -> tuple[CustomerListPage, float]:
        t0 = time.perf_counter()
        page = CustomerListPage(db, actor, settings)
        page.resize(1280, 800)
        page.show()
        if page.model.loading:
            wait(page.model.sig_reloaded)
        QCoreApplication.processEvents()
        page.table.viewport().repaint()
        assert page.model.rowCount() > 0
        return page, time.perf_counter() - t0

    cold_page, cold = first_rows()
    page, warm = first_rows()
    cold_page.close()
    print(f"\nfirst rows shown: {ms(warm):.0f} ms (first page instance of the process:"
          f" {ms(cold):.0f} ms; the gazetteer was already loaded by the queries above)")

    with db.session() as s:
        total = cl.count(s, actor, Q())
    target = min(900_000, max(total - 50, 0))
    t0 = time.perf_counter()
    page.scroll_to_row(target)
    (reached,) = wait(page.sig_scrolled)
    QCoreApplication.processEvents()
    page.table.viewport().repaint()
    jump = time.perf_counter() - t0
    assert reached == target and page.model.row_at(target) is not None
    print(f"scroll to row {target:,}: {ms(jump):.0f} ms")
    t0 = time.perf_counter()
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.value() - 20 * 32)  # a wheel-flick up: rows the jump skipped
    page.table.viewport().repaint()
    top = page.table.rowAt(0)
    while page.model.load_rows(range(top, top + 20)) is False:
        QCoreApplication.processEvents()
    page.table.viewport().repaint()
    print(f"  then scroll up 20 rows (placeholders filled by cursor): "
          f"{ms(time.perf_counter() - t0):.0f} ms")
    page.close()
    del app


def measure(url: str, repeat: int) -> None:
    db = Database.open(url)
    fill_search_columns(db)
    with db.session() as s:
        user = s.scalar(select(User).where(User.login == "coord1"))
        if user is None:
            user = s.scalar(select(User).where(User.branch_id.is_not(None)).limit(1))
        assert user is not None, "no branch user in this database"
        actor = actor_for(user)
        customers = s.scalar(select(Customer.id).order_by(Customer.id.desc()).limit(1))
        visits = s.scalar(select(Visit.id).order_by(Visit.id.desc()).limit(1))
    print(f"database: {db.describe()}; ~{customers or 0:,} customers, ~{visits or 0:,} visits;"
          f" acting as {actor.login} ({actor.role.value})")
    measure_queries(db, actor, repeat)
    measure_ui(db, actor)
    print(f"\npeak RSS: {peak_rss_mb():.0f} MB")
    db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL to measure (default: build a SQLite demo)")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the built SQLite file")
    args = parser.parse_args(argv)
    if args.db:
        measure(args.db, args.repeat)
        return 0

    from hvdesk import demo  # noqa: PLC0415

    path = _PROFILE / "customers-list-bench.db"
    db = Database.open(f"sqlite:///{path.as_posix()}")
    migrations.upgrade(db)
    print(f"building {args.customers:,} demo customers in {path} ...", flush=True)
    t0 = time.perf_counter()
    demo.generate(db, customers=args.customers, seed=1)
    print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)
    db.dispose()
    try:
        # A fresh process: the generator's memory must not count as the list's.
        return subprocess.call([sys.executable, __file__, "--db", f"sqlite:///{path.as_posix()}",
                                "--repeat", str(args.repeat)], env=os.environ.copy())
    finally:
        if not args.keep:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()


if __name__ == "__main__":
    sys.exit(main())
