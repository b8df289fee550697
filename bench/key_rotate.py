"""How long ``hvdesk key rotate`` takes on a demo database, and that it keeps every value.

    python bench/key_rotate.py [--customers N] [--db URL] [--batch B] [--kill-after K]

Without ``--db`` the demo goes into a new SQLite file in a temporary folder. A
server URL must name an empty database. ``--kill-after K`` first stops a
rotation after K batches (an exception, as a crash would) and times the run
that finishes it. The script checks that every number and blind index reads
the same afterwards and that the old key opens none of them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

# The bench must not touch the developer's profile or keyring.
_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ["HVDESK_CONFIG_DIR"] = str(_PROFILE / "config")
os.environ["HVDESK_DATA_DIR"] = str(_PROFILE / "data")
os.environ["HVDESK_KEYRING"] = "off"
os.environ.pop("HVDESK_KEY", None)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hvdesk import migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.errors import HvdeskError  # noqa: E402
from hvdesk.security import rotation  # noqa: E402
from hvdesk.security.crypto import FieldCipher  # noqa: E402
from tests.crypto_helpers import actor, make_demo, readings, stored_key  # noqa: E402


class _Stop(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--db", help="an empty database's URL (default: a temporary SQLite file)")
    parser.add_argument("--batch", type=int, default=2000, help="rows per transaction")
    parser.add_argument("--kill-after", type=int, default=0,
                        help="stop a first rotation after this many batches (0: do not)")
    args = parser.parse_args(argv)
    url = args.db or f"sqlite:///{(_PROFILE / 'rotate-bench.db').as_posix()}"
    try:
        db = Database.open(url)
        migrations.upgrade(db)
        t = time.perf_counter()
        make_demo(db, args.customers)
        print(f"demo, {args.customers} customers: {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        before, old_key = readings(db), stored_key(db)
        print(f"read {len(before)} rows: {time.perf_counter() - t:.1f} s")
        admin = actor(db, "admin")
        if args.kill_after:
            batches = 0

            def stop(_table: str, _done: int, _top: int) -> None:
                nonlocal batches
                batches += 1
                if batches >= args.kill_after:
                    raise _Stop

            t = time.perf_counter()
            try:
                rotation.rotate_key(db, admin, batch=args.batch, progress=stop)
            except _Stop:
                print(f"stopped after {batches} batches: {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        outcome = rotation.rotate_key(db, admin, batch=args.batch)
        took = time.perf_counter() - t
        print(f"key rotate ({'resumed' if outcome.resumed else 'whole'}): "
              f"{outcome.rewritten} rows in {took:.1f} s "
              f"({outcome.rewritten / took:,.0f} rows/s), unreadable {outcome.unreadable}")
        db.reset_cipher()
        same = readings(db) == before
        try:
            readings(db, FieldCipher.from_master_key(old_key, legacy=True))
            old_opens = True
        except HvdeskError:
            old_opens = False
        print(f"every value the same: {same}; old key opens them: {old_opens}")
        db.dispose()
        return 0 if same and not old_opens else 1
    finally:
        shutil.rmtree(_PROFILE, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
