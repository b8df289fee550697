"""The one masking rule, per role × per screen's data × per document (issue 16.1).

Every service a screen, a PDF, an export or the CLI is fed from is called as
each role; what it returns (its dataclasses' repr, the PDF's text, the file's
cells) must hold the masked forms and never the full values the role may not
see. The expectations are written out here, not read from
hvdesk.security.exposure, so a change to the rule has to change this table too:

===========  ===========================  ==========================  ==========
medium       full name and address for    full mobile for             full ID
===========  ===========================  ==========================  ==========
screen/doc   every role (domain.md)       nobody (one audited click)  nobody
team pack    every role                   coordinator, visitor        nobody
posted       nobody (masked name, area)   nobody                      nobody
===========  ===========================  ==========================  ==========
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select, update

from hvdesk import exporting, safelog
from hvdesk import visitreports as vr
from hvdesk.cli import main
from hvdesk.errors import NotFound, PermissionDenied
from hvdesk.mapping.query import load_map_data
from hvdesk.model import AuditEvent, Customer, Notice, ReportStatus
from hvdesk.notices.service import list_notices
from hvdesk.scheduling import calendar_query, ics, xlsx
from hvdesk.scheduling.listing import schedule_rows
from hvdesk.security.roles import Permission
from hvdesk.services import audit, customer_file, customer_list, customers
from hvdesk.services.context import SYSTEM, Actor
from hvdesk.services.list_query import CustomerQuery
from hvdesk.visitreports.to_write import visits_to_report
from reports import api
from tests.documents_helpers import full_ids, make_pack_world
from tests.factories import PASSWORD
from tests.scheduling_helpers import CUSTOMERS, SHANGHAI, TUESDAY, id_number
from tests.scope_helpers import PAST, visit_with_report

ROLES = ("coord1", "visitor1", "reviewer1", "manager1", "admin")
SCREEN, PACK, POSTED = "screen", "pack", "posted"
FULL_NAMES = {
    SCREEN: set(ROLES),
    PACK: set(ROLES),
    POSTED: set(),
}
FULL_PHONES: dict[str, set[str]] = {SCREEN: set(), PACK: {"coord1", "visitor1"}, POSTED: set()}
NAMES = [name for name, *_ in CUSTOMERS]
PHONES = [f"1391234{k:04d}" for k in range(len(CUSTOMERS))]
#: Every registered address of the fixture is "四川省成都市测试路N号": the street is
#: what a masked address leaves out.
STREET = "测试路"
#: Customer 0, on team A's day (visitor1 leads) and in the reports below.
NAME0, ID0 = CUSTOMERS[0][0], id_number(1)
MASKED_NAME0 = "张*"
LABEL0 = f"张* …{ID0[-4:]}"
MASKED_ADDRESS0 = "四川省成都市****"


class Place:
    """The world every role looks at: the pack world plus reports on customer 0."""

    def __init__(self, db: Any) -> None:
        self.db = db
        self.pack = make_pack_world(db)
        self.world = self.pack.world
        team = self.world.team(0, 1)
        c0 = self.world.customers[0]
        # Waiting for review (the queue, the form) and approved (the report PDF).
        self.submitted = visit_with_report(db, c0, team, start=PAST + dt.timedelta(days=1))
        self.approved = visit_with_report(db, c0, team, report=ReportStatus.APPROVED,
                                          start=PAST + dt.timedelta(days=2))
        with db.begin() as s:
            audit.bind_actor(s, SYSTEM)
            # The SMS names the address it announces (short: no province, no city).
            for notice in s.scalars(select(Notice)):
                notice.text = "张先生您好：我行工作人员将于12月1日9:00到访测试路1号，请知悉。"

    def actor(self, login: str) -> Actor:
        return self.world.actors[login]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _xlsx_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    return "\n".join(
        " ".join("" if v is None else str(v) for v in row)
        for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    )


Surface = Callable[[Any, Actor, Place, Path], Any]


def _report_views(s: Any, a: Actor, p: Place, _tmp: Path) -> Any:
    return [vr.report_for_visit(s, a, v) for v in (p.submitted, p.approved)]


def _export_customers(s: Any, a: Actor, p: Place, tmp: Path) -> str:
    path = tmp / f"customers-{a.login}.xlsx"
    exporting.export_customers(s, p.db.cipher, a, exporting.branch_customer_ids(s, a), path)
    return _xlsx_text(path)


def _own(a: Actor) -> tuple[str, ...]:
    """Schedule exports: a user who may not export the branch's exports his own visits."""
    return () if a.can(Permission.DATA_EXPORT) else (a.login,)


def _schedule_xlsx(s: Any, a: Actor, _p: Place, tmp: Path) -> str:
    path = tmp / f"schedule-{a.login}.xlsx"
    xlsx.export_xlsx(s, a, TUESDAY, TUESDAY, path, team_logins=_own(a))
    return _xlsx_text(path)


#: (what, medium, how): every screen's feed, export and document.
SURFACES: list[tuple[str, str, Surface]] = [
    ("customer record", SCREEN,
     lambda s, a, p, _t: customers.get_customer(s, a, p.world.customers[0])),
    ("customer file", SCREEN,
     lambda s, a, p, _t: customer_file.load_file(s, p.db.cipher, a, p.world.customers[0])),
    ("customer list", SCREEN,
     lambda s, a, _p, _t: customer_list.fetch_page(s, a, CustomerQuery(), limit=50).rows),
    ("calendar blocks", SCREEN,
     lambda s, a, _p, _t: calendar_query.load_range(
         s, a, TUESDAY - dt.timedelta(days=20), TUESDAY + dt.timedelta(days=6)).blocks),
    ("unscheduled pane", SCREEN, lambda s, a, _p, _t: calendar_query.due_customers(s, a)),
    ("map points and routes", SCREEN, lambda s, a, _p, _t: load_map_data(s, a, day=TUESDAY)),
    ("reports to write", SCREEN,
     lambda s, a, _p, _t: visits_to_report(s, a, TUESDAY, SHANGHAI)),
    ("report form", SCREEN, _report_views),
    ("review queue", SCREEN, lambda s, a, _p, _t: vr.review_queue(s, a)),
    ("promises", SCREEN, lambda s, a, _p, _t: vr.promises(s, a)),
    ("follow-ups", SCREEN, lambda s, a, _p, _t: vr.customers_due_follow_up(s, a)),
    ("complaints", SCREEN, lambda s, a, _p, _t: vr.complaint_cases(s, a, open_only=False)),
    ("notices", SCREEN, lambda s, a, _p, _t: list_notices(s, a, day=TUESDAY)),
    ("customer export", SCREEN, _export_customers),
    ("visit report PDF", SCREEN,
     lambda s, a, p, _t: _pdf_text(api.visit_report_pdf(s, a, p.approved, invariant=True))),
    ("briefing pack PDF", PACK,
     lambda s, a, p, _t: _pdf_text(api.briefing_pack(
         s, a, TUESDAY, team_lead_id=p.pack.lead_a, invariant=True, cipher=p.db.cipher))),
    ("branch day PDF", POSTED,
     lambda s, a, _p, _t: _pdf_text(api.branch_day_schedule(s, a, TUESDAY, invariant=True))),
    ("team week PDF", POSTED,
     lambda s, a, p, _t: _pdf_text(api.team_week_schedule(
         s, a, TUESDAY - dt.timedelta(days=1), p.pack.lead_a, invariant=True))),
    ("schedule rows", POSTED,
     lambda s, a, _p, _t: schedule_rows(s, a, TUESDAY, TUESDAY, team_logins=_own(a))),
    ("calendar file", POSTED,
     lambda s, a, _p, _t: ics.export_ics(s, a, TUESDAY, TUESDAY, team_logins=_own(a))[0]
     .decode()),
    ("schedule workbook", POSTED, _schedule_xlsx),
]

#: What each role must be able to open (so that the checks below are never vacuous).
MUST_SEE = {
    "coord1": {"customer record", "customer file", "customer list", "calendar blocks",
               "map points and routes", "report form", "notices", "customer export",
               "visit report PDF", "briefing pack PDF", "branch day PDF", "calendar file"},
    "visitor1": {"customer record", "customer file", "customer list", "calendar blocks",
                 "map points and routes", "reports to write", "report form",
                 "briefing pack PDF", "calendar file", "visit report PDF", "notices"},
    "reviewer1": {"customer record", "customer file", "customer list", "report form",
                  "review queue", "visit report PDF"},
    "manager1": {"customer record", "customer file", "customer list", "calendar blocks",
                 "report form", "customer export", "visit report PDF"},
    "admin": {"customer record", "customer file", "customer list", "report form"},
}


def _shown(db: Any, place: Place, login: str, tmp: Path) -> dict[str, tuple[str, str]]:
    """What each surface gives ``login``: {what: (medium, text)}; refusals left out."""
    actor = place.actor(login)
    seen: dict[str, tuple[str, str]] = {}
    for what, medium, how in SURFACES:
        try:
            with db.begin() as s:
                result = how(s, actor, place, tmp)
        except (PermissionDenied, NotFound):
            continue
        seen[what] = (medium, result if isinstance(result, str) else repr(result))
    return seen


@pytest.mark.parametrize("login", ROLES)
def test_every_surface_shows_what_the_role_may_see(db, login, tmp_path):
    place = Place(db)
    seen = _shown(db, place, login, tmp_path)
    assert MUST_SEE[login] <= set(seen), f"{login} could not open {MUST_SEE[login] - set(seen)}"
    ids = full_ids()
    for what, (medium, text) in seen.items():
        flat = text.replace("\n", "")
        where = f"{login} · {what}"
        assert not [n for n in ids if n in flat], f"{where}: a full ID number"
        if login not in FULL_PHONES[medium]:
            assert not [p for p in PHONES if p in flat], f"{where}: a full mobile number"
        if login not in FULL_NAMES[medium]:
            assert not [n for n in NAMES if n in flat], f"{where}: a full customer name"
            assert STREET not in flat, f"{where}: a full address"

    # And the masked (or full) forms are there, so the customer can be recognised.
    full = login in FULL_NAMES[SCREEN]
    record = seen["customer record"][1]
    assert (NAME0 if full else f"'{MASKED_NAME0}'") in record
    assert ("测试路1号" if full else MASKED_ADDRESS0) in record
    assert f"510107********{ID0[-4:]}" in record
    assert "139****0000" in record
    assert (NAME0 if full else MASKED_ADDRESS0) in seen["customer file"][1]
    assert (f"'{NAME0}'" if full else LABEL0) in seen["report form"][1]
    if "review queue" in seen:
        assert (f"'{NAME0}'" if full else LABEL0) in seen["review queue"][1]
    if "visit report PDF" in seen:
        assert (NAME0 if full else LABEL0) in seen["visit report PDF"][1]
    if "briefing pack PDF" in seen:
        pack = seen["briefing pack PDF"][1]
        assert (NAME0 if login in FULL_NAMES[PACK] else MASKED_NAME0) in pack
        assert ("13912340000" if login in FULL_PHONES[PACK] else "139****0000") in pack
    if "notices" in seen:
        assert ("到访测试路1号" if full else "到访****") in seen["notices"][1]
    if "VEVENT" in seen.get("calendar file", (POSTED, ""))[1]:
        assert MASKED_NAME0 in seen["calendar file"][1]


def test_the_unscheduled_pane_keeps_to_the_customers_a_role_may_see(db):
    place = Place(db)
    with db.begin() as s:
        audit.bind_actor(s, SYSTEM)
        s.execute(update(Customer).values(days_past_due=30))
    with db.session() as s:
        due = {login: [r.name for r in calendar_query.due_customers(s, place.actor(login))]
               for login in ("coord1", "visitor1", "reviewer1")}
    assert set(due["coord1"]) == set(NAMES[4:])  # 0-3 have visits ahead
    # The due customers are in none of the visitor's visits nor reviewer's reports.
    assert due["visitor1"] == [] and due["reviewer1"] == []


def test_a_visitor_sees_loan_totals_not_contract_amounts(db):
    place = Place(db)
    c0 = place.world.customers[0]
    with db.begin() as s:
        mine = customer_file.load_file(s, db.cipher, place.actor("visitor1"), c0)
        full = customer_file.load_file(s, db.cipher, place.actor("coord1"), c0)
    assert [loan.contract_no for loan in mine.loans] == ["HT-TEST-1"]
    assert mine.loans[0].outstanding_balance is None and mine.loans[0].overdue_amount is None
    assert mine.loan_totals == full.loan_totals
    assert str(mine.loan_totals.outstanding) == "12345.60"
    assert full.loans[0].overdue_amount is not None


@pytest.mark.parametrize(("login", "name", "address"), [
    ("visitor1", NAME0, "四川省成都市测试路1号"),
    ("reviewer1", NAME0, "四川省成都市测试路1号"),
    ("coord1", NAME0, "四川省成都市测试路1号"),
])
def test_customer_show_prints_the_rule(db, login, name, address, capsys, monkeypatch):
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    place = Place(db)
    c0 = place.world.customers[0]
    code = main(["--db", db.url, "--as", login, "customer", "show", str(c0)])
    out = capsys.readouterr().out
    assert code == 0
    assert f"customer {c0}: {name}\n" in out
    assert f"registered address  {address}\n" in out
    assert f"510107********{ID0[-4:]}" in out and "139****0000" in out
    if name != NAME0:
        assert NAME0 not in out and STREET not in out
    assert ID0 not in out and "13912340000" not in out
    with db.session() as s:
        # Reading a masked record is not a full view: nothing to audit.
        assert not list(s.scalars(select(AuditEvent.id).where(
            AuditEvent.actor_login == login, AuditEvent.action == "view_full")))


@pytest.mark.parametrize("login", ROLES)
def test_cli_listings_print_the_rule(db, login, capsys, monkeypatch):
    """``customer list``, ``schedule list`` and ``notices list`` print what the screens show."""
    monkeypatch.setenv("HVDESK_PASSWORD", PASSWORD)
    Place(db)
    day = TUESDAY.isoformat()
    printed = {}
    for argv in (["customer", "list"], ["schedule", "list", "--from", day, "--to", day],
                 ["notices", "list", "--date", day]):
        code = main(["--db", db.url, "--as", login, *argv])
        out, err = capsys.readouterr()
        printed[argv[0]] = out if code == 0 else ""
        assert code == 0 or len(err.strip().splitlines()) == 1, err
    whole = "\n".join(printed.values())
    assert not [n for n in full_ids() if n in whole]
    assert not [p for p in PHONES if p in whole]
    if login in FULL_NAMES[SCREEN]:
        assert NAME0 in printed["customer"]
    else:
        assert not [n for n in NAMES if n in whole] and STREET not in whole
    if login in ("coord1", "visitor1"):
        assert (NAME0 if login in FULL_NAMES[SCREEN] else MASKED_NAME0) in printed["schedule"]
        assert "测试路1号" not in printed["notices"]  # the listing prints no SMS text
        assert "139****" in printed["notices"]
    if login == "visitor1":
        assert f"{NAME0}  " in printed["customer"]


def _fail_quoting(values: list[str]) -> None:
    raise ValueError(" ".join(values))


def test_failures_are_logged_without_their_message(caplog):
    """A database error quotes its parameters: the log gets types and frames only."""
    log = logging.getLogger("hvdesk.test")
    personal = [NAME0, ID0, PHONES[0], STREET]
    try:
        try:
            _fail_quoting(personal)
        except ValueError as inner:
            raise RuntimeError(" ".join(personal[:1])) from inner
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR):
            safelog.failure(log, "reading failed", exc)
    text = caplog.text
    assert "reading failed: RuntimeError" in text and "caused by ValueError" in text
    assert "test_failures_are_logged_without_their_message" in text  # the frames
    assert not [value for value in personal if value in text]
