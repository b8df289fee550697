"""Eight desks on one PostgreSQL server for five minutes: nothing lost, nothing double-booked.

    python bench/soak_desks.py [--url URL] [--desks 8] [--seconds 300] [--customers 300]
                               [--propagation auto|feed|notify] [--json FILE] [--keep]

Creates its own database on the server of ``--url`` (default: HVDESK_TEST_PG_URL),
migrates it, seeds a small demo branch, sets the server up as ``hvdesk db
init-server`` does and starts the desks as separate processes (multiprocessing
``spawn``, as on Windows). Each desk signs in as its own user through that
user's own PostgreSQL login role: coordinators book, move and cancel visits,
edit customers and send notices through the outbox gateway (files, no
network); a pair of visitors start their visits and write and submit reports;
reviewers approve or return them (bench/soak_ops.py). Afterwards it checks,
as the database owner (bench/soak_checks.py): lost updates, double bookings
and contact-cap breaches, which must all be 0 (exit status 1 otherwise, or
when a desk crashed or met an unexpected error), and prints the time from a
commit at one desk to its arrival at the others (goal: p95 under 2 s).

Not part of the test suite; tests/test_soak_desks.py runs a short version.
The database and its server roles are dropped afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# The bench must not touch the developer's profile or keyring; every desk
# process inherits the environment (and with it the data key, see _run).
# The desks (spawned: they run this module's top level again) share the parent's folder.
_PROFILE = Path(os.environ.get("HVDESK_SOAK_PROFILE") or tempfile.mkdtemp(prefix="hvdesk-soak-"))
os.environ["HVDESK_SOAK_PROFILE"] = str(_PROFILE)
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ["HVDESK_KEYRING"] = "off"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from soak_checks import Findings, Propagation, baseline, check, propagation  # noqa: E402
from soak_ledger import (  # noqa: E402
    DESK_LOGINS,
    EXTRA_COORDINATORS,
    STAMP_TABLE,
    DeskPlan,
    DeskResult,
)
from soak_work import STAMP_DDL, run_desk  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from hvdesk import demo, migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.model import Branch, DbMeta, Role, User  # noqa: E402
from hvdesk.security import pg_roles, pg_setup  # noqa: E402
from hvdesk.security.crypto import encode_key, new_master_key  # noqa: E402
from hvdesk.security.passwords import hash_password  # noqa: E402
from hvdesk.services import audit, pg_access  # noqa: E402
from hvdesk.services.context import SYSTEM  # noqa: E402

PASSWORD = "Soak-desk-2026"
#: SMS per customer per day: low, so that reminders run into the cap now and then.
SMS_CAP = 2
PG_ENV = "HVDESK_TEST_PG_URL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get(PG_ENV),
                        help=f"a PostgreSQL server URL (default: ${PG_ENV})")
    parser.add_argument("--desks", type=int, default=8, help="3 to 8 desk processes")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--think", type=float, default=0.25,
                        help="mean pause of a desk between two operations (seconds)")
    parser.add_argument("--propagation", choices=("auto", "feed", "notify"), default="auto",
                        help="how desks hear each other: hvdesk.changefeed, or the bench's "
                             "own LISTEN/NOTIFY (auto: the feed when it exists)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the database and its roles")
    parser.add_argument("--verbose", action="store_true",
                        help="print the traceback of each kind of unexpected error")
    args = parser.parse_args(argv)
    if not args.url:
        print(f"soak: give --url or set {PG_ENV}", file=sys.stderr)
        return 1
    if not 3 <= args.desks <= len(DESK_LOGINS):
        print(f"soak: --desks must be 3 to {len(DESK_LOGINS)}", file=sys.stderr)
        return 1
    server = make_url(args.url)
    if server.get_backend_name() != "postgresql":
        print("soak: the desks share a PostgreSQL server; --url names another database",
              file=sys.stderr)
        return 1
    if args.propagation == "auto":
        args.propagation = "feed" if _feed_exists() else "notify"
    name = f"hvdesk_soak_{secrets.token_hex(4)}"
    url = server.set(database=name).render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    owner: Database | None = None
    try:
        owner = Database.open(url)
        return _run(args, owner, url)
    finally:
        if owner is not None and not args.keep:
            pg_setup.drop_server_roles(owner)
        if owner is not None:
            owner.dispose()
        if args.keep:
            print(f"kept: {server.set(database=name).render_as_string(hide_password=True)} "
                  f"(its data key: set HVDESK_KEY from {_keep_key()}; desks' password "
                  f"{PASSWORD}); the server roles hv_… stay until dropped")
        else:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            shutil.rmtree(_PROFILE, ignore_errors=True)
        admin.dispose()


def _keep_key() -> Path:
    """The kept database's data key in an owner-only file (it lived in the environment)."""
    from hvdesk.security import owner_only  # noqa: PLC0415

    path = _PROFILE / "HVDESK_KEY"
    with os.fdopen(owner_only.open_for_writing(path), "w", encoding="ascii") as fh:
        fh.write(os.environ.get("HVDESK_KEY", ""))
    return path


def _feed_exists() -> bool:
    try:
        from hvdesk import changefeed  # noqa: F401, PLC0415
    except ImportError:
        return False
    return True


def _run(args: argparse.Namespace, owner: Database, url: str) -> int:
    os.environ.setdefault("HVDESK_KEY", encode_key(new_master_key()))
    t0 = time.perf_counter()
    users, branch_id = _setup(owner, args)
    print(f"soak: {owner.describe()}, {args.customers} customers, set up in "
          f"{time.perf_counter() - t0:.1f} s", flush=True)
    outbox = _PROFILE / "outbox"
    visitors = tuple(uid for login, uid in sorted(users.items()) if login.startswith("visitor"))
    plans = [
        DeskPlan(index=k, login=login, role=role, url=url, password=PASSWORD,
                 seconds=args.seconds, seed=args.seed * 100 + k, think=args.think,
                 outbox=str(outbox / login), propagation=args.propagation,
                 visitor_ids=visitors, pair=(users["visitor1"], users["visitor2"]),
                 branch_id=branch_id)
        for k, (login, role) in enumerate(DESK_LOGINS[:args.desks])
    ]
    before = baseline(owner)
    load_before = _load()
    results, crashed = _desks(plans, args.seconds)
    load_after = _load()
    findings = check(owner, before, results)
    spread = propagation(results, plans[0].drain)
    figures = _figures(args, plans, results, findings, spread, load_before, load_after)
    _print(figures, findings, results, crashed)
    if args.verbose:
        for r in results:
            for trace in r.tracebacks:
                print(f"\n--- {r.login}:\n{trace}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, ensure_ascii=False), encoding="utf-8")
    failed = (findings.broken or crashed or figures["unexpected_errors"]
              or figures["own_login_roles"] != len(plans))
    return 1 if failed else 0


def _setup(owner: Database, args: argparse.Namespace) -> tuple[dict[str, int], int]:
    """The demo branch, the desks' users and passwords, the server's roles, the stamp table."""
    migrations.upgrade(owner)
    demo.generate(owner, customers=args.customers, seed=args.seed)
    logins = [login for login, _role in DESK_LOGINS]
    pw = hash_password(PASSWORD, demo=True)
    with owner.begin() as s:
        audit.bind_actor(s, SYSTEM)
        branch = s.scalars(select(Branch)).one()
        branch.max_sms_per_day = SMS_CAP
        for k, login in enumerate(EXTRA_COORDINATORS):
            s.add(User(login=login, display_name=f"调度员{k + 3}", employee_no=f"C09{k:02d}",
                       role=Role.COORDINATOR, branch_id=branch.id, password_hash=pw))
        s.flush()
        users = {u.login: u for u in s.scalars(select(User).where(User.login.in_(logins)))}
        for user in users.values():
            user.password_hash = pw
        STAMP_DDL.create(s.connection())
        branch_id = branch.id
    pg_setup.init_server(owner)
    with owner.begin() as s:
        prefix = s.scalar(select(DbMeta.value).where(DbMeta.key == pg_roles.META_ROLE_PREFIX))
        assert prefix is not None
        app = pg_roles.group_role_name(prefix, pg_roles.APP_GROUP)
        # The bench's own table, not the app's: granted here, not in pg_grants.
        s.execute(text(f'GRANT SELECT, INSERT ON {STAMP_TABLE} TO "{app}"'))
        s.execute(text(f'GRANT USAGE, SELECT ON SEQUENCE {STAMP_TABLE}_id_seq TO "{app}"'))
        ids = {login: user.id for login, user in users.items()}
        for login in logins:
            pg_access.sync_login(s, ids[login], PASSWORD)
    return ids, branch_id


def _desks(plans: list[DeskPlan], seconds: float) -> tuple[list[DeskResult], list[str]]:
    """Start the desks, let them sign in, start them together, collect what they report."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Event()
    procs = [ctx.Process(target=run_desk, args=(plan, start, out), name=f"soak-{plan.login}")
             for plan in plans]
    for p in procs:
        p.start()
    results: dict[int, DeskResult] = {}
    ready: set[int] = set()
    crashed: list[str] = []
    deadline = time.monotonic() + 180
    while len(ready) < len(plans) and time.monotonic() < deadline:
        kind, value = _get(out, 5)
        if kind == "ready":
            ready.add(value)
        elif kind == "result":
            results[value.index] = value
    print(f"soak: {len(ready)} desks signed in; working for {seconds:.0f} s", flush=True)
    start.set()
    began = time.monotonic()
    deadline = began + seconds + 180
    last = began
    while len(results) < len(plans) and time.monotonic() < deadline:
        kind, value = _get(out, 5)
        if kind == "result":
            results[value.index] = value
        if time.monotonic() - last >= 60:
            last = time.monotonic()
            print(f"  … {last - began:.0f} s", flush=True)
    for p in procs:
        p.join(30)
        if p.is_alive():
            p.terminate()
            crashed.append(f"{p.name}: did not stop")
    for plan in plans:
        got = results.get(plan.index)
        if got is None:
            crashed.append(f"{plan.login}: reported nothing")
        elif got.crashed:
            crashed.append(f"{plan.login}: {got.crashed}")
    return [r for r in results.values() if r.crashed is None], crashed


def _get(out: Any, timeout: float) -> tuple[str, Any]:
    try:
        item = out.get(timeout=timeout)
    except queue.Empty:
        return "", None
    return item[0], item[1]


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # Windows
        return "n/a"


def _figures(args: argparse.Namespace, plans: list[DeskPlan], results: list[DeskResult],
             findings: Findings, spread: Propagation, load_before: str,
             load_after: str) -> dict[str, Any]:
    ops: dict[str, int] = {}
    conflicts: dict[str, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for key, n in r.ops.items():
            ops[key] = ops.get(key, 0) + n
        for key, n in r.conflicts.items():
            conflicts[key] = conflicts.get(key, 0) + n
        for key, n in r.errors.items():
            errors[key] = errors.get(key, 0) + n
    p50, p95 = spread.quantile(0.50), spread.quantile(0.95)
    return {
        "desks": [f"{p.login} ({p.role})" for p in plans],
        "seconds": args.seconds,
        "propagation_via": ("hvdesk.changefeed" if args.propagation == "feed"
                            else "the bench's own LISTEN/NOTIFY (no change feed)"),
        "load_average": {"before": load_before, "after": load_after, "cpus": os.cpu_count()},
        "operations": dict(sorted(ops.items())),
        "conflicts": dict(sorted(conflicts.items(), key=lambda kv: (-kv[1], kv[0]))),
        "unexpected_errors": dict(sorted(errors.items(), key=lambda kv: -kv[1])),
        "own_login_roles": sum(1 for r in results if r.login_role),
        "ledger_writes": sum(len(r.ledger) for r in results),
        "commits_stamped": sum(len(r.commits) for r in results),
        "lost_updates": findings.lost,
        "double_bookings": findings.double_booked,
        "cap_breaches": findings.cap_breaches,
        "findings": findings.details,
        "propagation": {
            "deliveries": len(spread.delays),
            "p50_ms": None if p50 is None else round(p50 * 1000, 1),
            "p95_ms": None if p95 is None else round(p95 * 1000, 1),
            "max_ms": round(max(spread.delays) * 1000, 1) if spread.delays else None,
            "missing": spread.missing,
            "unstamped": spread.unstamped,
        },
    }


def _print(figures: dict[str, Any], findings: Findings, results: list[DeskResult],
           crashed: list[str]) -> None:
    ops = figures["operations"]
    work = sum(n for k, n in ops.items() if k not in ("idle", "sms_sent"))
    print(f"\nsoak: {len(figures['desks'])} desks for {figures['seconds']:.0f} s: "
          f"{', '.join(figures['desks'])}")
    print(f"desks signed in through their user's own PostgreSQL login role: "
          f"{figures['own_login_roles']} of {len(figures['desks'])}")
    load = figures["load_average"]
    print(f"load average (1/5/15 min) before {load['before']}, after {load['after']} "
          f"on {load['cpus']} CPUs")
    print(f"operations done: {work} ({work / max(figures['seconds'], 1):.1f}/s)")
    for key, n in ops.items():
        print(f"  {key:<24} {n:>7}")
    total = sum(figures["conflicts"].values())
    print(f"conflicts refused: {total}, by reason")
    for key, n in figures["conflicts"].items():
        print(f"  {key:<40} {n:>6}")
    errors = figures["unexpected_errors"]
    print(f"unexpected errors: {sum(errors.values()) or 'none'}")
    for key, n in errors.items():
        print(f"  {n:>5} × {key}")
    print(f"lost updates:          {findings.lost}   "
          f"({figures['ledger_writes']} committed writes in the desks' ledgers)")
    print(f"double bookings:       {findings.double_booked}")
    print(f"contact-cap breaches:  {findings.cap_breaches}")
    for line in findings.details:
        print(f"  ! {line}")
    prop = figures["propagation"]
    if prop["deliveries"]:
        goal = "met" if prop["p95_ms"] < 2000 else "MISSED"
        print(f"propagation, commit at one desk -> arrival at another ({figures['propagation_via']}"
              f"): p50 {prop['p50_ms']:.0f} ms, p95 {prop['p95_ms']:.0f} ms, max "
              f"{prop['max_ms']:.0f} ms over {prop['deliveries']} deliveries "
              f"of {figures['commits_stamped']} commits; goal p95 < 2 s {goal}")
    else:
        print("propagation: nothing arrived anywhere")
    if prop["missing"] or prop["unstamped"]:
        print(f"  never arrived: {prop['missing']}; remote changes without a stamp: "
              f"{prop['unstamped']}")
    for line in crashed:
        print(f"desk failed: {line}")
    ok = not (findings.broken or crashed or errors
              or figures["own_login_roles"] != len(figures["desks"]))
    print("RESULT: " + ("OK" if ok else "FAILED"))
    del results


if __name__ == "__main__":
    sys.exit(main())
