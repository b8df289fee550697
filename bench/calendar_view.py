"""Calendar week view: time to lay out and draw 2,000 visits across 20 teams.

    python bench/calendar_view.py [--visits 2000] [--teams 20] [--repeat 5] [--shot PATH]

Synthetic visits (no database): 20 two-person teams, seven days, each team's
visits one after another from 07:00 with 10–20 minutes between them,
customers scattered around Chengdu. Measured, best of ``--repeat``:

* ``layout``: :func:`ui.calendar.layout.layout_week` (what a view change or a
  resize costs before anything is drawn);
* ``set_view + paint``: :meth:`CalendarCanvas.set_view` and one full paint of
  the 1,400×860 viewport into a pixmap (``grab``), i.e. what the user waits for;
* ``drag check``: one in-memory conflict check of a dragged block against the
  loaded week (runs on every mouse move that changes the slot).

Target (issue 5): lay out the week in < 100 ms; no query per mouse move.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

_PROFILE = Path(tempfile.mkdtemp(prefix="hvdesk-bench-"))
os.environ.setdefault("HVDESK_CONFIG_DIR", str(_PROFILE / "config"))
os.environ.setdefault("HVDESK_DATA_DIR", str(_PROFILE / "data"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from hvdesk.model import VisitPurpose, VisitStatus  # noqa: E402
from hvdesk.scheduling.calendar_query import (  # noqa: E402
    BranchInfo,
    CalendarData,
    VisitBlock,
    Visitor,
    week_of,
)
from hvdesk.scheduling.rules import (  # noqa: E402
    BookedVisit,
    BranchPolicy,
    CustomerInfo,
    RuleContext,
    StaffInfo,
)
from hvdesk.security.roles import Role  # noqa: E402
from ui.calendar import conflicts  # noqa: E402
from ui.calendar.canvas import CalendarCanvas  # noqa: E402
from ui.calendar.layout import ColumnKind, Grid, ViewMode, layout_week  # noqa: E402

ZONE = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"
DISTRICTS = ["成都市武侯区", "成都市锦江区", "成都市青羊区", "成都市金牛区", "成都市成华区"]


def synthetic_week(visits: int, teams: int, monday: dt.date, seed: int = 5) -> CalendarData:
    rng = random.Random(seed)
    visitors = [
        Visitor(i + 1, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
        for i in range(teams * 2)
    ]
    days = [monday + dt.timedelta(days=d) for d in range(7)]
    blocks: list[VisitBlock] = []
    statuses = [VisitStatus.PLANNED, VisitStatus.NOTIFIED, VisitStatus.CONFIRMED]
    per_team_day = -(-visits // (teams * len(days)))
    for t in range(teams):
        pair = visitors[2 * t : 2 * t + 2]
        for day in days:
            clock = dt.datetime.combine(day, dt.time(7, 0), ZONE)
            for _ in range(per_team_day):
                if len(blocks) >= visits:
                    break
                length = dt.timedelta(minutes=rng.choice([30, 40, 45]))
                blocks.append(
                    VisitBlock(
                        id=len(blocks) + 1,
                        customer_id=len(blocks) + 1,
                        start=clock,
                        end=clock + length,
                        member_ids=tuple(v.id for v in pair),
                        member_names=tuple(v.name for v in pair),
                        customer=rng.choice(SURNAMES) + "*" * rng.choice([1, 2]),
                        district=rng.choice(DISTRICTS),
                        purpose=rng.choice(list(VisitPurpose)),
                        status=rng.choice(statuses),
                        version=1,
                        latitude=30.6 + rng.uniform(-0.12, 0.12),
                        longitude=104.06 + rng.uniform(-0.15, 0.15),
                    )
                )
                clock += length + dt.timedelta(minutes=rng.choice([10, 15, 20]))
    branch = BranchInfo(1, "成都武侯支行", "Asia/Shanghai", 30.62, 104.07)
    return CalendarData(
        monday, monday + dt.timedelta(days=6), branch, tuple(visitors), tuple(blocks), editable=True
    )


def rules_context(data: CalendarData) -> RuleContext:
    """What the page preloads for a week (here from the synthetic blocks, no database)."""
    branch = data.branch
    policy = BranchPolicy(
        1,
        "CD01",
        branch.zone,
        branch.window_start,
        branch.window_end,
        2,
        24,
        branch.latitude,
        branch.longitude,
    )
    start = dt.datetime.combine(data.first, dt.time(0), ZONE)
    end = dt.datetime.combine(data.last + dt.timedelta(days=1), dt.time(0), ZONE)
    return RuleContext(
        branch=policy,
        now=start - dt.timedelta(days=7),
        customers={
            b.customer_id: CustomerInfo(
                b.customer_id, 1, b.customer, latitude=b.latitude, longitude=b.longitude
            )
            for b in data.blocks
        },
        staff={
            v.id: StaffInfo(v.id, f"v{v.id}", v.name, Role.VISITOR, True, 1) for v in data.visitors
        },
        visits=[
            BookedVisit(
                b.id,
                b.customer_id,
                b.start,
                b.end,
                frozenset(b.member_ids),
                b.status,
                b.latitude,
                b.longitude,
            )
            for b in data.blocks
        ],
        span=(start, end),
    )


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--visits", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shot", type=Path, help="save the week view as a PNG here")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])

    monday = week_of(dt.date(2026, 12, 7))[0]
    data = synthetic_week(args.visits, args.teams, monday)
    resources = data.team_resources()
    grid = Grid().covering(data.blocks)
    width = 1400 - 58

    layout_ms = best(
        lambda: layout_week(data, week_of(monday), resources, grid, width), args.repeat
    )

    canvas = CalendarCanvas()
    canvas.resize(1400, 860)
    canvas.show()
    app.processEvents()

    def view_and_paint() -> None:
        canvas.set_view(data, ViewMode.WEEK, monday, ColumnKind.TEAMS)
        canvas.viewport().grab()

    paint_ms = best(view_and_paint, args.repeat)
    dragged = data.blocks[len(data.blocks) // 2]
    cand = conflicts.Candidate.of(
        dragged.moved(
            dragged.start + dt.timedelta(minutes=30), dragged.end + dt.timedelta(minutes=30)
        )
    )
    ctx = rules_context(data)
    assert ctx.covers(conflicts.proposal_of(cand, dragged.customer_id))
    check_ms = best(lambda: conflicts.check_in_context(ctx, cand), args.repeat * 4)
    placed = len(canvas.layout_.placed)
    print(
        f"week view, {len(data.blocks)} visits across {len(resources)} teams "
        f"({placed} blocks placed)"
    )
    print(f"  layout            {layout_ms:7.1f} ms   (target < 100 ms)")
    print(f"  set_view + paint  {paint_ms:7.1f} ms")
    print(f"  drag check        {check_ms:7.2f} ms per slot change, no query")
    if args.shot:
        canvas.viewport().grab().save(str(args.shot))
        print(f"  screenshot        {args.shot}")
    return 0 if layout_ms < 100 else 1


if __name__ == "__main__":
    sys.exit(main())
