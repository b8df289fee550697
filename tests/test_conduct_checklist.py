"""One conduct checklist (issue 16): the form, the report PDF and the pack print the same items."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import update

from hvdesk.database import Database
from hvdesk.model import VisitReport
from hvdesk.visitreports import conduct
from reports import api
from tests.documents_helpers import make_pack_world
from tests.scheduling_helpers import TUESDAY
from ui.i18n import load_messages
from ui.visitreport import labels as ui_labels


def _text(pdf: bytes) -> str:
    # Table cells may wrap the extracted text; compare without whitespace.
    return "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_form_shows_the_core_items_in_chinese() -> None:
    assert tuple(ui_labels.CONDUCT) == conduct.CONDUCT_ITEMS
    zh = {(key[0], key[1]): text for key, text in load_messages("zh_CN").items()}
    assert [zh[("VisitReportLabels", ui_labels.CONDUCT[k])] for k in conduct.CONDUCT_ITEMS] == [
        item.text for item in conduct.CHECKLIST]


def test_old_keys_are_read_as_the_items_they_stood_for() -> None:
    stored = {"badge_shown": True, "no_red_line": False, "recording_made": True}
    assert conduct.answers(stored) == {
        "showed_staff_id": True, "no_threats_or_insults": False,
        "no_impersonation_of_authorities": False, "no_pressure_to_borrow_elsewhere": False,
        "recording_made": True}
    # A current key wins over the legacy key that also covers it.
    assert conduct.answers({"no_red_line": False, "no_threats_or_insults": True})[
        "no_threats_or_insults"] is True


def test_report_pdf_and_pack_print_every_item_in_chinese(sqlite_db: Database) -> None:
    pack = make_pack_world(sqlite_db)
    with sqlite_db.begin() as s:
        s.execute(update(VisitReport).values(
            conduct_checklist={"badge_shown": True, "two_staff_present": True,
                               "no_third_party_disclosure": False}))
    with sqlite_db.begin() as s:
        report = _text(api.visit_report_pdf(s, pack.world.coord, pack.past_visit, invariant=True))
        brief = _text(api.briefing_pack(s, pack.world.coord, TUESDAY, team_lead_id=pack.lead_a,
                                         invariant=True, cipher=sqlite_db.cipher))
    for item in conduct.CHECKLIST:
        assert item.text in report, item.key
        assert item.text in brief, item.key
    assert "✓出示工作证件" in report  # the old key, read as the new item
    assert "×未向第三方透露借款信息" in report
    assert "—全程录音或录像（未填写）" in report
    for raw in ("badge_shown", "purpose_explained", "no_red_line", "recording_made"):
        assert raw not in report and raw not in brief


def test_each_visit_and_its_handwritten_form_share_one_page(sqlite_db: Database) -> None:
    """The notes grid used to spill onto a page of its own after the checklist table."""
    pack = make_pack_world(sqlite_db)
    with sqlite_db.begin() as s:
        pdf = api.briefing_pack(s, pack.world.coord, TUESDAY, team_lead_id=pack.lead_a,
                                invariant=True, cipher=sqlite_db.cipher)
    pages = ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    visit_pages = [p for p in pages if "站·" in p and "现场情况记录" in p]
    assert len(visit_pages) == 3
    assert not any("现场情况记录" in p and "站·" not in p for p in pages)
    # Each visit's form carries the checklist's tick boxes.
    assert all(f"□{item.text}" in p for p in visit_pages for item in conduct.CHECKLIST)
