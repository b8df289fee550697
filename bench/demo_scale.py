"""How long ``hvdesk demo --customers N`` takes, and how much memory it needs.

    python bench/demo_scale.py [--customers N] [--db URL] [--seed S] [--keep]

Without ``--db`` the demo goes into a new SQLite file in a temporary folder
(deleted afterwards unless ``--keep``). A server URL must name an empty
database. Peak memory is the process's maximum resident set size (POSIX) or
the Python heap peak from tracemalloc where ``resource`` does not exist.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# The bench must not touch the developer's profile or keyring.
_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("HVDESK_KEYRING", "off")

from hvdesk import demo, migrations  # noqa: E402
from hvdesk.database import Database  # noqa: E402
from hvdesk.demo import pipeline  # noqa: E402

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


def _peak_mb(tracing: bool, who: int | None = None) -> tuple[float, str]:
    if resource is not None:
        peak = resource.getrusage(resource.RUSAGE_SELF if who is None else who).ru_maxrss
        # Linux reports KiB, macOS bytes.
        divisor = 1024 * 1024 if sys.platform == "darwin" else 1024
        return peak / divisor, "max RSS"
    if tracing:
        import tracemalloc  # noqa: PLC0415

        return tracemalloc.get_traced_memory()[1] / 1024 / 1024, "Python heap peak"
    return float("nan"), "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--db", help="database URL (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args(argv)

    url = args.db or f"sqlite:///{(_PROFILE / 'demo-bench.db').as_posix()}"
    tracing = resource is None
    if tracing:
        import tracemalloc  # noqa: PLC0415

        tracemalloc.start()
    db = Database.open(url)
    migrations.upgrade(db)
    baseline, _ = _peak_mb(tracing)

    last = [-1]

    def progress(done: int, total: int) -> None:
        step = done * 10 // max(total, 1)
        if step != last[0]:
            last[0] = step
            print(f"  {done:>9,} / {total:,} customers  {time.perf_counter() - t0:7.1f} s",
                  flush=True)

    t0 = time.perf_counter()
    result = demo.generate(db, customers=args.customers, seed=args.seed, progress=progress)
    elapsed = time.perf_counter() - t0
    peak, kind = _peak_mb(tracing)
    rows = sum(result.counts.values())
    size = ""
    if db.sqlite_path is not None:
        db.dispose()  # checkpoints the WAL into the file
        size = f", file {db.sqlite_path.stat().st_size / 1024 / 1024:.0f} MB"
    print(f"database:   {db.describe()}{size}")
    print(f"customers:  {args.customers:,}")
    print(f"rows:       {rows:,}  ({', '.join(f'{k} {v:,}' for k, v in result.counts.items())})")
    print(f"wall time:  {elapsed:.1f} s")
    print(f"rate:       {args.customers / elapsed:,.0f} customers/s, {rows / elapsed:,.0f} rows/s")
    print(f"peak mem:   {peak:.0f} MB ({kind}; {baseline:.0f} MB before generating)")
    if resource is not None and args.customers >= pipeline.PARALLEL_FROM:
        # Large runs make customers in a helper process (hvdesk.demo.pipeline).
        helper, _ = _peak_mb(tracing, resource.RUSAGE_CHILDREN)
        print(f"helper:     {helper:.0f} MB (max RSS of the largest finished child process)")
    db.dispose()
    if args.db is None and not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{_PROFILE / 'demo-bench.db'}{suffix}").unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
