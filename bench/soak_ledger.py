"""What crosses between the soak's processes: the plan of a desk and what it reports back.

Plain, picklable values only (the desks are started with multiprocessing's
``spawn``), shared by the parent (bench/soak_desks.py), the desks
(bench/soak_work.py) and the checks (bench/soak_checks.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: The roles of the desks in start order: a run with fewer desks takes the first ones,
#: so even three desks book, write a report and review it.
DESK_LOGINS: tuple[tuple[str, str], ...] = (
    ("coord1", "coordinator"),
    ("visitor1", "visitor"),
    ("reviewer1", "reviewer"),
    ("coord2", "coordinator"),
    ("visitor2", "visitor"),
    ("coord3", "coordinator"),
    ("coord4", "coordinator"),
    ("reviewer2", "reviewer"),
)
#: Logins the demo does not have; the soak adds them to the demo branch.
EXTRA_COORDINATORS = ("coord3", "coord4")
#: The side table each write transaction stamps (see bench/soak_work.py).
STAMP_TABLE = "soak_stamp"


@dataclass(frozen=True)
class DeskPlan:
    index: int
    login: str
    role: str
    url: str
    password: str
    seconds: float
    seed: int
    think: float
    outbox: str
    #: "feed" (hvdesk.changefeed) or "notify" (the bench's own LISTEN/NOTIFY).
    propagation: str
    visitor_ids: tuple[int, ...]
    #: The visitor desks' team: booked together often, so those desks have work.
    pair: tuple[int, int]
    branch_id: int
    #: Seconds to keep listening after the work stops, for late arrivals.
    drain: float = 3.0


@dataclass(frozen=True)
class LedgerEntry:
    """A write this desk committed: the row's version after it and what it wrote."""

    table: str  # "customer", "visit", "visit_report"
    row_id: int
    #: The version the desk's write was checked against (0 for a new row).
    before: int
    version: int
    #: customer: the address token; visit: "status start"; report: the status.
    value: str


@dataclass
class DeskResult:
    index: int
    login: str
    desk_id: str = ""
    #: The PostgreSQL login role the desk's connections used (None: the URL's account).
    login_role: str | None = None
    ops: Counter[str] = field(default_factory=Counter)
    conflicts: Counter[str] = field(default_factory=Counter)
    #: Unexpected exceptions: "kind: Type: first line" -> count (a bug the soak found).
    errors: Counter[str] = field(default_factory=Counter)
    ledger: list[LedgerEntry] = field(default_factory=list)
    #: stamp id -> wall-clock time just after this desk's COMMIT returned.
    commits: dict[int, float] = field(default_factory=dict)
    #: stamp id -> wall-clock time the change arrived here from another desk.
    arrivals: dict[int, float] = field(default_factory=dict)
    #: Remote changes that arrived carrying no stamp (another writer, or a stamp lost).
    unstamped: int = 0
    #: When this desk listened for other desks' changes (wall clock).
    listening: tuple[float, float] = (0.0, 0.0)
    crashed: str | None = None
    #: The first traceback of each kind of unexpected error (printed with --verbose).
    tracebacks: list[str] = field(default_factory=list)
