"""The PDFs themselves, read back as text with pypdf (what a reader can search and copy)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from hvdesk.documents import ReportNotApproved
from hvdesk.model import AuditEvent
from hvdesk.visitreports.conduct import CHECKLIST
from reports import api, fonts, labels, styles
from tests.documents_helpers import full_ids, make_pack_world
from tests.scheduling_helpers import CUSTOMERS, TUESDAY


@pytest.fixture
def pack(sqlite_db):
    return make_pack_world(sqlite_db)


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pack_text_names_addresses_route_order_and_no_full_ids(sqlite_db, pack):
    db = sqlite_db
    seen = []
    with db.begin() as s:
        pdf = api.briefing_pack(s, pack.world.coord, TUESDAY, team_lead_id=pack.lead_a,
                                invariant=True, cipher=db.cipher,
                                progress=lambda done, total: seen.append((done, total)))
    text = pages(pdf)
    whole = "\n".join(text)
    assert seen == [(1, 3), (2, 3), (3, 3)]
    # Chinese names and addresses are text, not pictures.
    for name, *_ in CUSTOMERS[:3]:
        assert name in whole
    assert "四川省成都市测试路1号" in whole
    assert not any(number in whole.replace("\n", "") for number in full_ids())
    assert "13912340000" in whole  # the team's copy shows the phone
    # Every visit of the team's day, each opening a section, in route order.
    starts = [re.search(rf"第 {n} 站 · \d\d:\d\d–\d\d:\d\d · (\S+)", whole) for n in (1, 2, 3)]
    assert [m.group(1) if m else None for m in starts] == [CUSTOMERS[2][0], CUSTOMERS[1][0],
                                                           CUSTOMERS[0][0]]
    assert whole.index("第 1 站") < whole.index("第 2 站") < whole.index("第 3 站")
    # The other team's customer is not in this pack.
    assert CUSTOMERS[3][0] not in whole
    # Footer on every page.
    total = len(text)
    for n, page in enumerate(text, start=1):
        assert f"第 {n} 页 / 共 {total} 页" in page
        assert "机密" in page
        assert "王芳 (C0001)" in page
    # History, complaint, reminder, QR payload for the report form.
    assert "来访时间太早，影响家人休息" in whole
    assert labels.DO_NOT_DISCLOSE in whole
    assert f"hvdesk:visit:{pack.team_a[0]}" in whole


def test_pack_is_reproducible_in_invariant_mode(sqlite_db, pack):
    with sqlite_db.begin() as s:
        one = api.briefing_pack(s, pack.world.coord, TUESDAY, invariant=True)
        two = api.briefing_pack(s, pack.world.coord, TUESDAY, invariant=True)
    assert one == two
    assert pages(one) == pages(two)
    assert api.page_count(one) == len(pages(one))


def test_pack_of_every_team_has_one_cover_each(sqlite_db, pack):
    with sqlite_db.begin() as s:
        teams = api.teams_for_day(s, pack.world.coord, TUESDAY)
        whole = "\n".join(pages(api.briefing_pack(s, pack.world.coord, TUESDAY, invariant=True)))
    assert [t.label for t in teams] == ["张伟 (V0001) · 3 visits", "陈静 (V0003) · 1 visits"]
    assert whole.count("上门走访简报\n") == 2
    assert CUSTOMERS[3][0] in whole


def test_every_generated_document_is_audited_without_pii(sqlite_db, pack):
    coord = pack.world.coord
    with sqlite_db.begin() as s:
        api.briefing_pack(s, coord, TUESDAY, team_lead_id=pack.lead_a, cipher=sqlite_db.cipher)
        api.branch_day_schedule(s, coord, TUESDAY)
        api.team_week_schedule(s, coord, TUESDAY, pack.lead_a)
        api.visit_report_pdf(s, coord, pack.past_visit)
        api.record_output(s, coord, "visit_report", f"visit={pack.past_visit}", "print", 1)
    with sqlite_db.session() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.entity == "document")
                         .order_by(AuditEvent.id)).all()
    assert [(r.action, r.detail["kind"]) for r in rows] == [
        ("generate", "briefing_pack"), ("generate", "branch_day"), ("generate", "team_week"),
        ("generate", "visit_report"), ("print", "visit_report"),
    ]
    assert rows[0].entity_id == f"briefing_pack:2026-12-01/lead={pack.lead_a}"
    assert rows[0].detail["visits"] == 3
    assert rows[0].detail["full_phones"] is True
    assert all(r.detail["pages"] >= 1 for r in rows)
    dump = repr([(r.entity_id, r.detail) for r in rows])
    assert not any(name in dump for name, *_ in CUSTOMERS)
    assert "1391234" not in dump


def test_visit_report_pdf(sqlite_db, pack):
    with sqlite_db.begin() as s:
        whole = "\n".join(pages(api.visit_report_pdf(s, pack.world.coord, pack.past_visit,
                                                     invariant=True)))
        with pytest.raises(ReportNotApproved):
            api.visit_report_pdf(s, pack.world.coord, pack.team_b[0])
    assert "上门走访报告" in whole
    assert "第 1 版" in whole
    assert "刘洋（R0001）" in whole  # the reviewer
    assert "2026-11-17 16:00" in whole  # approval time, Chengdu
    assert CUSTOMERS[0][0] in whole
    assert "建议按月跟进" in whole
    assert not any(number in whole for number in full_ids())


def test_schedules_pdf(sqlite_db, pack):
    with sqlite_db.begin() as s:
        day = "\n".join(pages(api.branch_day_schedule(s, pack.world.coord, TUESDAY,
                                                      invariant=True)))
        week = "\n".join(pages(api.team_week_schedule(s, pack.world.coord, TUESDAY,
                                                      pack.lead_a, invariant=True)))
    assert "网点当日走访日程" in day
    assert "张伟组 · 3 户" in day and "陈静组 · 1 户" in day
    assert CUSTOMERS[0][0] not in day  # masked on a schedule
    assert "张*" in day
    assert "2026-12-01 至 2026-12-07" in week
    # Days without visits share one line (no page of empty days).
    assert re.search(r"2026-12-02（周三）、.*· 无安排", week, re.DOTALL)


def test_static_texts_have_glyphs_and_fit_their_cells():
    texts = [*(i.text for i in CHECKLIST), *(i.rule for i in CHECKLIST), labels.DO_NOT_DISCLOSE,
             *labels.PURPOSE.values(), *labels.OUTCOME.values()]
    assert all(fonts.covers(t) for t in texts)
    size = styles.PARAGRAPHS["cell"][0]
    # The pack's conduct table puts these in single-line cells (34% / 66% of the frame).
    assert all(stringWidth("□ " + i.text, fonts.FONT, size) < styles.FRAME_WIDTH * 0.34 - 6
               for i in CHECKLIST)
    assert all(stringWidth(i.rule, fonts.FONT, size) < styles.FRAME_WIDTH * 0.66 - 6
               for i in CHECKLIST)
